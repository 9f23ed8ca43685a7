"""Per-photo intake cost, and whether validating photos stalls the event loop.

Part 1: ms per photo for the download (PTB's get_file + download over HTTP from
the local fake Bot API, as the bot does it), sha256, probe_image (the validation
decode) and the form thumbnail, plus JPEG thumbnailing with draft mode vs a full
decode.
Part 2: a ticker's lateness on asyncio.sleep(0.005) while 20 large photos are
probed in threads (as the bot does), vs idle, vs probed on the loop itself.
Part 3 (bench/photo_replies.py): other inspectors' text-answer latency through
the real bot process while one inspector sends 12 MP files, vs nobody sending.

Run: .venv/bin/python -m bench.photos [--runs 10]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from telegram import Bot

from bench import photo_replies
from bench.images import encode, noisy_image, screenshot
from bench.load import pct
from checklists.thumbnails import FULL_SIDE, make_thumbnail
from storage.images import probe_image
from tests.e2e_support import TOKEN
from tests.fakeapi import FakeBotAPI

TICK = 0.005


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `action` in ms (medians shrug off GC and scheduler noise)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def full_decode_thumbnail(data: bytes, side: int = FULL_SIDE) -> bytes:
    """What make_thumbnail would cost without Image.draft: decode every pixel."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        rgb = image.convert("RGB")
    rgb.thumbnail((side, side), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def samples() -> dict[str, bytes]:
    return {
        "JPEG 4000x3000 (12 MP)": encode(noisy_image((4000, 3000), 1)),
        "JPEG 1280x960": encode(noisy_image((1280, 960), 2)),
        "PNG screenshot 1170x2532": screenshot(),
    }


async def download_ms(photos: dict[str, bytes], runs: int) -> dict[str, float]:
    """Median ms of get_file + download_as_bytearray against the local fake Bot API."""
    server = FakeBotAPI(token=TOKEN)
    await server.start()
    result = {}
    try:
        async with Bot(TOKEN, base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot") as bot:
            for name, data in photos.items():
                file_id = server.files.add(data, "documents", "jpg").file_id
                times = []
                for _ in range(runs):
                    began = time.perf_counter()
                    got = await (await bot.get_file(file_id)).download_as_bytearray()
                    times.append((time.perf_counter() - began) * 1000)
                    assert len(got) == len(data)
                result[name] = statistics.median(times)
    finally:
        await server.stop()
    return result


def intake_table(photos: dict[str, bytes], runs: int, download: dict[str, float]) -> None:
    head = (f"{'photo':<26} {'KB':>6} {'download':>8} {'sha256':>7} {'probe':>7} {'thumb':>7} "
            f"{'full-decode thumb':>18} {'draft gain':>10}")
    print(head)
    print("-" * len(head))
    for name, data in photos.items():
        sha = median_ms(lambda: hashlib.sha256(data).hexdigest(), runs)
        probe = median_ms(lambda: probe_image(data), runs)
        thumb = median_ms(lambda: make_thumbnail(data, FULL_SIDE), runs)
        full = median_ms(lambda: full_decode_thumbnail(data), runs) if name.startswith("JPEG") else None
        gain = f"{full / thumb:>9.1f}x" if full else f"{'n/a':>10}"
        full_s = f"{full:>18.1f}" if full else f"{'n/a':>18}"
        print(f"{name:<26} {len(data) / 1024:>6.0f} {download[name]:>8.1f} {sha:>7.2f} {probe:>7.1f} {thumb:>7.1f} {full_s} {gain}")
    print(f"\nms, median of {runs} runs; download includes the fake server's side, in this process; thumb = checklists.thumbnails.make_thumbnail(side={FULL_SIDE}),"
          " which uses Image.draft for JPEG.")


async def ticker(stop: asyncio.Event, lateness: list[float]) -> None:
    """Sleep TICK repeatedly and record how late each wake-up is, in ms."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        began = loop.time()
        await asyncio.sleep(TICK)
        lateness.append((loop.time() - began - TICK) * 1000)


async def scenario(mode: str, photos: list[bytes], idle_seconds: float) -> tuple[list[float], float]:
    """Run the ticker alongside `mode` work; returns lateness samples and wall time."""
    stop, lateness = asyncio.Event(), []
    task = asyncio.create_task(ticker(stop, lateness))
    await asyncio.sleep(0)
    began = time.perf_counter()
    if mode == "idle":
        await asyncio.sleep(idle_seconds)
    elif mode == "to_thread":
        await asyncio.gather(*(asyncio.to_thread(probe_image, d) for d in photos))
    else:  # blocking: what calling probe_image inside a handler would do
        for data in photos:
            probe_image(data)
            await asyncio.sleep(0)
    wall = time.perf_counter() - began
    stop.set()
    await task
    return lateness, wall


async def loop_table(big: bytes, count: int = 20) -> None:
    photos = [big] * count
    _, wall = await scenario("to_thread", photos, 0)  # warm-up, and sets the idle duration
    rows = {}
    for mode in ("idle", "to_thread", "blocking"):
        rows[mode] = await scenario(mode, photos, wall)
    head = f"{'scenario':<34} {'ticks':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'wall s':>7}"
    print(head)
    print("-" * len(head))
    labels = {"idle": "no photos", "to_thread": f"{count} probes via asyncio.to_thread",
              "blocking": f"{count} probes on the loop (blocking)"}
    for mode, (lat, w) in rows.items():
        print(f"{labels[mode]:<34} {len(lat):>6} {pct(lat, .5):>7.2f} {pct(lat, .95):>7.2f} "
              f"{max(lat):>7.1f} {w:>7.2f}")
    base = rows["idle"][0]
    for mode in ("to_thread", "blocking"):
        ratio = pct(rows[mode][0], .95) / max(pct(base, .95), 1e-3)
        print(f"p95 lateness ratio {mode}/idle: {ratio:.1f}x" + ("  (goal < 2x)" if mode == "to_thread" else ""))
    print("lateness = how much later than 5 ms an asyncio.sleep(0.005) wakes up.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--answerers", type=int, default=20, help="inspectors typing answers in part 3")
    parser.add_argument("--items", type=int, default=6, help="typed answers per inspector in part 3")
    args = parser.parse_args()
    photos = samples()
    intake_table(photos, args.runs, asyncio.run(download_ms(photos, args.runs)))
    print()
    big = photos["JPEG 4000x3000 (12 MP)"]
    asyncio.run(loop_table(big))
    print()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(photo_replies.run(Path(tmp), big, args.answerers, args.items))


if __name__ == "__main__":
    main()
