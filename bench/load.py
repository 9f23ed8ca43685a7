"""N inspectors at once against the real bot process, over real HTTP.

Each inspector starts the seed checklist, names an enterprise, answers all 21
items 符合 and sends a photo on items 3 and 10, pausing ~1 s between actions
like a person (the bot paces replies to ~1 message/s per private chat, and
~29/s overall, by design: Telegram's own limits). Then the same number of text
updates goes through a bare PTB echo bot for a CPU baseline.

Run: .venv/bin/python -m bench.load [--inspectors 50] [--pause 3.0] [--brisk 0.3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.e2e_support import GROUP_ID, REPO, TOKEN, BotProcess, Inspector, image_bytes, started
from tests.fakeapi import FakeBotAPI

ITEMS = 21
PHOTO_ITEMS = (3, 10)
TIMEOUT = 120.0  # per reply; generous so saturation shows as latency, not as errors
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """Latencies (ms) of every action and the process's resource use."""

    latencies: list[float] = field(default_factory=list)
    photo_latencies: list[float] = field(default_factory=list)  # these two split `latencies`
    other_latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    cpu_ms: float = 0.0
    peak_rss_mb: float = 0.0
    errors: int = 0


def cpu_ms(pid: int) -> float:
    """utime + stime of `pid` from /proc, in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def thinker(user_id: int, pause: float) -> Callable[[], float]:
    """Think times uniform in [0.5, 1.5] x `pause`, reproducible per user.

    Simulated people who all wait exactly `pause` act in lockstep: every
    wave of updates lands in the same few ms and the figures measure the
    queue inside each wave, not what one person waits for.
    """
    rng = random.Random(user_id)
    return lambda: pause * rng.uniform(0.5, 1.5)


async def timed(run: Run, action: Awaitable[Any], photo: bool = False) -> None:
    """Time from sending the update to the matching bot reply reaching the server."""
    began = time.perf_counter()
    await action
    run.latencies.append((time.perf_counter() - began) * 1000)
    (run.photo_latencies if photo else run.other_latencies).append(run.latencies[-1])


async def inspect(server: FakeBotAPI, user_id: int, run: Run, pause: float) -> None:
    """One inspector's whole checklist, up to the 负责人 question."""
    insp = Inspector(server, server.user(user_id, f"专家{user_id}"), timeout=TIMEOUT)
    steps: list[tuple[Callable[[], Awaitable[Any]], bool]] = [
        (lambda: insp.say("/new", expect="清单"), False),
        (lambda: insp.tap("复工复产", expect="企业名称"), False),
        (lambda: insp.say(f"泽州县第{user_id}钢铁有限公司", expect="第 1/"), False),
    ]
    for n in range(1, ITEMS + 1):
        if n in PHOTO_ITEMS:
            steps.append((lambda n=n: _photo(server, insp, n), True))
        nxt = f"第 {n + 1}/{ITEMS} 项" if n < ITEMS else "负责人"
        steps.append((lambda nxt=nxt: insp.tap("符合", expect=nxt), False))
    think = thinker(user_id, pause)
    try:
        for step, photo in steps:
            await asyncio.sleep(think())
            await timed(run, step(), photo)
    except AssertionError:
        run.errors += 1


async def _photo(server: FakeBotAPI, insp: Inspector, number: int) -> Any:
    server.send_photo(insp.user, image_bytes(colour=(number * 20, 60, 30)))
    return await insp.reply(lambda m: "已保存照片" in (m.text or ""))


async def echo_user(server: FakeBotAPI, user_id: int, count: int, run: Run, pause: float) -> None:
    """The same number of plain texts, each waiting for its echo."""
    insp = Inspector(server, server.user(user_id, f"用户{user_id}"), timeout=TIMEOUT)
    think = thinker(user_id, pause)
    try:
        for k in range(count):
            await asyncio.sleep(think())
            await timed(run, insp.say(f"消息 {user_id}-{k}", expect=f"消息 {user_id}-{k}"))
    except AssertionError:
        run.errors += 1


async def measure(pid: int, users: list[Awaitable[None]], run: Run) -> Run:
    """Run all users concurrently; CPU is the process's delta over that window."""
    cpu0, began = cpu_ms(pid), time.perf_counter()
    await asyncio.gather(*users)
    run.wall, run.cpu_ms = time.perf_counter() - began, cpu_ms(pid) - cpu0
    run.peak_rss_mb = peak_rss_mb(pid)
    return run



async def run_ours(inspectors: int, pause: float, tmp: Path) -> Run:
    """The real `python -m bot.cli run` against a fresh fake server."""
    server, run = FakeBotAPI(token=TOKEN), Run()
    await server.start()
    bot = BotProcess(server.url, tmp / "data")
    try:
        ids = [5000 + i for i in range(inspectors)]
        for uid in ids:
            server.set_member(GROUP_ID, uid, "member")
        bot.start()
        await started(server)
        assert bot.proc is not None
        return await measure(bot.proc.pid, [inspect(server, u, run, pause) for u in ids], run)
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            await bot.stop(30)
        await server.stop()


async def run_echo(users: int, per_user: int, pause: float, tmp: Path) -> Run:
    """The bare PTB echo bot, same users, same number of updates each."""
    server, run = FakeBotAPI(token=TOKEN), Run()
    await server.start()
    env = {**os.environ, "ECHO_API_URL": server.url, "ECHO_TOKEN": TOKEN, "PYTHONPATH": str(REPO)}
    with open(tmp / "echo.log", "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bench.echo_bot"], env=env, cwd=REPO,
                                stdout=log, stderr=log)
    try:
        await started(server)
        ids = [9000 + i for i in range(users)]
        return await measure(proc.pid, [echo_user(server, u, per_user, run, pause) for u in ids], run)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(proc.wait, 30)
        await server.stop()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def print_table(rows: dict[str, Run]) -> None:
    head = (f"{'bot':<22} {'updates':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'upd/s':>6} {'CPU ms/upd':>10} {'peak RSS MB':>11}")
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        n = len(r.latencies)
        print(f"{name:<22} {n:>7} {r.errors:>6} {pct(r.latencies, .5):>7.0f} {pct(r.latencies, .95):>7.0f} "
              f"{pct(r.latencies, .99):>7.0f} {n / r.wall:>6.1f} {r.cpu_ms / max(n, 1):>10.2f} "
              f"{r.peak_rss_mb:>11.1f}")
    ours, bare = rows["checklist-bot"], rows["bare PTB echo"]
    others = ours.other_latencies
    print(f"\nchecklist-bot without the photo updates: {len(others)} texts and taps, p50 {pct(others, .5):.0f} ms, "
          f"p95 {pct(others, .95):.0f} ms, p99 {pct(others, .99):.0f} ms; photos alone ({len(ours.photo_latencies)}): "
          f"p50 {pct(ours.photo_latencies, .5):.0f} ms, p95 {pct(ours.photo_latencies, .95):.0f} ms")
    ratio = (ours.cpu_ms / max(len(ours.latencies), 1)) / max(bare.cpu_ms / max(len(bare.latencies), 1), 1e-9)
    print(f"\nCPU per update ours/bare: {ratio:.2f}x  (goal < 1.5x)")
    print("latency = update posted to the fake server -> matching bot reply stored by it; includes the")
    print("long-poll hop and the bot's deliberate pacing (~1 msg/s per private chat, ~29 msg/s overall).")
    print("CPU = utime+stime of the bot process over the run, idle polling included.")


async def brisk(server: FakeBotAPI, user_id: int, run: Run, every: float) -> None:
    """One inspector tapping 符合 every `every` seconds, as fast as the next card allows."""
    insp = Inspector(server, server.user(user_id, f"快手{user_id}"), timeout=TIMEOUT)
    await insp.say("/new", expect="清单")
    await insp.tap("复工复产", expect="企业名称")
    await insp.say(f"泽州县第{user_id}快速钢铁有限公司", expect="第 1/")
    for n in range(1, ITEMS + 1):
        began = time.perf_counter()
        await timed(run, insp.tap("符合", expect=f"第 {n + 1}/{ITEMS} 项" if n < ITEMS else "负责人"))
        await asyncio.sleep(max(0.0, every - (time.perf_counter() - began)))


async def brisk_echo(server: FakeBotAPI, user_id: int, run: Run, every: float) -> None:
    insp = Inspector(server, server.user(user_id, f"用户{user_id}"), timeout=TIMEOUT)
    for k in range(ITEMS):
        began = time.perf_counter()
        await timed(run, insp.say(f"快 {k}", expect=f"快 {k}"))
        await asyncio.sleep(max(0.0, every - (time.perf_counter() - began)))


async def run_brisk(every: float, tmp: Path) -> tuple[Run, Run]:
    """The wait for each next card of one brisk inspector, beside the echo bot's wait."""
    server, ours, bare = FakeBotAPI(token=TOKEN), Run(), Run()
    await server.start()
    bot = BotProcess(server.url, tmp / "brisk-data")
    try:
        server.set_member(GROUP_ID, 7000, "member")
        bot.start()
        await started(server)
        await brisk(server, 7000, ours, every)
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            await bot.stop(30)
        await server.stop()
    server = FakeBotAPI(token=TOKEN)
    await server.start()
    env = {**os.environ, "ECHO_API_URL": server.url, "ECHO_TOKEN": TOKEN, "PYTHONPATH": str(REPO)}
    with open(tmp / "echo-brisk.log", "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bench.echo_bot"], env=env, cwd=REPO, stdout=log, stderr=log)
    try:
        await started(server)
        await brisk_echo(server, 9900, bare, every)
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 30)
        await server.stop()
    return ours, bare


async def main_async(inspectors: int, pause: float, brisk_every: float) -> None:
    per_user = 3 + ITEMS + len(PHOTO_ITEMS)
    print(f"{inspectors} inspectors x {per_user} updates, ~{pause:.1f} s pause between actions")
    with tempfile.TemporaryDirectory() as tmp:
        ours = await run_ours(inspectors, pause, Path(tmp))
        bare = await run_echo(inspectors, per_user, pause, Path(tmp))
        print_table({"checklist-bot": ours, "bare PTB echo": bare})
        print(f"p95 ratio ours/bare: {pct(ours.latencies, .95) / max(pct(bare.latencies, .95), 1e-9):.1f}x  (goal <= 2x)")
        fast, echo = await run_brisk(brisk_every, Path(tmp))
    print(f"\nbrisk inspector, a tap every {brisk_every:.1f} s: wait for the next card p50 {pct(fast.latencies, .5):.0f} ms, "
          f"p95 {pct(fast.latencies, .95):.0f} ms, max {max(fast.latencies):.0f} ms; "
          f"bare echo at the same pace p50 {pct(echo.latencies, .5):.0f} ms, p95 {pct(echo.latencies, .95):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inspectors", type=int, default=50)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between one inspector's actions")
    parser.add_argument("--brisk", type=float, default=0.3, help="seconds between a brisk inspector's taps")
    args = parser.parse_args()
    asyncio.run(main_async(args.inspectors, args.pause, args.brisk))


if __name__ == "__main__":
    main()
