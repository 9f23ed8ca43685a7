"""Do large photos slow down other inspectors? Measured through the real bot.

The real `python -m bot.cli run` against the local fake Bot API, over HTTP.
Several inspectors answer items with typed problem texts; the figure is the
latency of those text answers (update posted -> the bot's 建议 question stored
by the server). Run once with nobody sending photos, once while one more
inspector keeps sending 12-megapixel JPEGs as files, 20 at a time (two albums
of 10), for the whole window: each is downloaded over HTTP, hashed, decoded by
Pillow and written to disk by the bot meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import cpu_ms, pct, thinker
from tests.e2e_support import GROUP_ID, TOKEN, BotProcess, Inspector, started
from tests.fakeapi import FakeBotAPI

ANSWERER_BASE, SENDER_ID = 6000, 6999
ALBUM = 10
TIMEOUT = 60.0


@dataclass
class Window:
    """Text-answer latencies (ms), and what the photo sender got through meanwhile."""

    latencies: list[float] = field(default_factory=list)
    albums_ms: list[float] = field(default_factory=list)
    photos: int = 0
    wall: float = 0.0
    bot_cpu: float = 0.0  # cores the bot process used on average over the window
    bench_cpu: float = 0.0  # the same for this process: fake server and simulated phones


def with_comment(jpeg: bytes, n: int) -> bytes:
    """The same picture with a JPEG comment segment: distinct bytes, same decode cost,
    so the bot stores every one instead of recognising a duplicate."""
    comment = f"bench photo {n}".encode()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]


async def begin(insp: Inspector, name: str) -> None:
    await insp.say("/new", expect="清单")
    await insp.tap("复工复产", expect="企业名称")
    await insp.say(name, expect="第 1/")


async def answerer(server: FakeBotAPI, uid: int, items: int, pause: float, window: Window) -> None:
    """Answers `items` items 存在问题 with a typed problem; times only the typed answers."""
    insp = Inspector(server, server.user(uid, f"专家{uid}"), timeout=TIMEOUT)
    think = thinker(uid, pause)
    await asyncio.sleep(think())  # people do not start on the same millisecond
    await begin(insp, f"泽州县第{uid}冶金有限公司")
    for n in range(1, items + 1):
        await asyncio.sleep(think())
        await insp.tap("存在问题", expect="问题")
        await asyncio.sleep(think())
        began = time.perf_counter()
        await insp.say(f"第{n}项：安全管理制度未按要求更新，现场抽查记录缺失。", expect="建议")
        window.latencies.append((time.perf_counter() - began) * 1000)
        await asyncio.sleep(think())
        await insp.tap("跳过", expect="隐患")
        await asyncio.sleep(think())
        await insp.tap("一般隐患", expect=f"第 {n + 1}/")


async def photo_sender(server: FakeBotAPI, big: bytes, stop: asyncio.Event, window: Window) -> None:
    """Albums of 12 MP files, one after another, until the answerers are done."""
    insp = Inspector(server, server.user(SENDER_ID, "拍照专家"), timeout=TIMEOUT)
    await begin(insp, "泽州县拍照测试钢铁有限公司")
    while not stop.is_set():
        album = f"{13_100_000_000_000_000 + window.photos}"
        first = window.photos
        # Copying 44 MB on this loop would stall the fake server and the timers of the
        # answerers for ~0.1 s and blame the bot for it; copy in a thread instead.
        files = await asyncio.to_thread(lambda: [with_comment(big, first + k) for k in range(ALBUM)])
        began = time.perf_counter()
        for k, data in enumerate(files):
            server.send_document(insp.user, data, f"IMG_{first + k:04d}.jpg", "image/jpeg", media_group_id=album)
        await insp.reply(lambda m: "已保存" in (m.text or ""))
        window.albums_ms.append((time.perf_counter() - began) * 1000)
        window.photos += ALBUM


async def one_window(tmp: Path, big: bytes | None, answerers: int, items: int, pause: float) -> Window:
    """A fresh fake server and bot process; answerers, and optionally the photo sender."""
    server, window = FakeBotAPI(token=TOKEN), Window()
    await server.start()
    bot = BotProcess(server.url, tmp / ("data-photos" if big else "data-quiet"))
    try:
        ids = [ANSWERER_BASE + i for i in range(answerers)] + [SENDER_ID]
        for uid in ids:
            server.set_member(GROUP_ID, uid, "member")
        bot.start()
        await started(server)
        stop = asyncio.Event()
        sender = asyncio.create_task(photo_sender(server, big, stop, window)) if big else None
        assert bot.proc is not None
        began, bot0, own0 = time.perf_counter(), cpu_ms(bot.proc.pid), _own_cpu_ms()
        await asyncio.gather(*(answerer(server, u, items, pause, window) for u in ids[:-1]))
        window.wall = time.perf_counter() - began
        window.bot_cpu = (cpu_ms(bot.proc.pid) - bot0) / 1000 / window.wall
        window.bench_cpu = (_own_cpu_ms() - own0) / 1000 / window.wall
        stop.set()
        if sender:
            await sender
        return window
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            await bot.stop(30)
        await server.stop()


def _own_cpu_ms() -> float:
    times = os.times()
    return (times.user + times.system) * 1000


def print_windows(quiet: Window, busy: Window) -> None:
    head = (f"{'scenario':<36} {'answers':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'photos':>6} "
            f"{'bot CPU':>7} {'bench CPU':>9}")
    print(head)
    print("-" * len(head))
    for name, w in (("no photos", quiet), ("one inspector sending 12 MP", busy)):
        print(f"{name:<36} {len(w.latencies):>7} {pct(w.latencies, .5):>7.0f} {pct(w.latencies, .95):>7.0f} "
              f"{max(w.latencies):>7.0f} {w.photos:>6} {w.bot_cpu:>7.2f} {w.bench_cpu:>9.2f}")
    ratio = pct(busy.latencies, .95) / max(pct(quiet.latencies, .95), 1e-3)
    print(f"\np95 of other inspectors' text answers, photos / no photos: {ratio:.2f}x  (goal < 2x)")
    if busy.albums_ms:
        per_photo = (sum(busy.albums_ms) / len(busy.albums_ms) - 1500) / ALBUM
        print(f"photo sender: {busy.photos} photos in {busy.wall:.1f} s, album of {ALBUM} acknowledged after "
              f"median {pct(busy.albums_ms, .5):.0f} ms (incl. the bot's 1.5 s album quiet period): "
              f"~{per_photo:.0f} ms per photo for download, hash, decode and store")


async def run(tmp: Path, big: bytes, answerers: int = 20, items: int = 6, pause: float = 1.0) -> None:
    print(f"{answerers} inspectors x {items} typed answers, {pause:.1f} s between actions; "
          f"photo files {len(big) / 1e6:.1f} MB each")
    quiet = await one_window(tmp, None, answerers, items, pause)
    busy = await one_window(tmp, big, answerers, items, pause)
    print_windows(quiet, busy)
