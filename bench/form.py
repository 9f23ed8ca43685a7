"""Form rendering cost vs photo count: time, .xlsx and PDF size, memory.

Each size runs in a fresh subprocess so ru_maxrss (a process-lifetime peak)
says something about that size alone. Photos sit in files on disk and are read
one at a time, as the bot reads its media store.

Run: .venv/bin/python -m bench.form [--sizes 20,100,300]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.images import encode, noisy_image, variant
from checklists.form import render_form
from checklists.pdf_form import render_pdf
from checklists.inspection import (
    Answer, Enterprise, FilledInspection, Inspection, Location, Photo, Position, Status, User,
)
from checklists.loader import load_catalog
from checklists.model import Checklist, Result

TZ = ZoneInfo("Asia/Shanghai")
SIZE = (1280, 960)
BASES = 5
GOALS = {100: "xlsx < 5 s and < 20 MB; PDF < 3 s and < 15 MB", 300: "< 50 MB"}


def write_photos(folder: Path, count: int) -> list[Path]:
    """`count` distinct JPEGs on disk, variants of a handful of noisy bases."""
    bases = [noisy_image(SIZE, seed) for seed in range(BASES)]
    paths = []
    for n in range(count):
        path = folder / f"{n}.jpg"
        path.write_bytes(encode(variant(bases[n % BASES], n)))
        paths.append(path)
    return paths


def build_filled(checklist: Checklist, paths: list[Path]) -> FilledInspection:
    """A submitted inspection, all OK, photos spread over the items."""
    start = datetime(2025, 2, 13, 8, 0, tzinfo=timezone.utc)
    items = [item.id for item in checklist.items]
    photos = tuple(
        Photo(id=n + 1, inspection_id=1, item_id=items[n % len(items)], sha256=str(path),
              size=path.stat().st_size, format="JPEG", width=SIZE[0], height=SIZE[1],
              received_at=start + timedelta(seconds=n), caption=f"照片 {n + 1}")
        for n, path in enumerate(paths)
    )
    inspection = Inspection(
        id=1, checklist=checklist, inspector=User(7, "张专家"), status=Status.SUBMITTED,
        started_at=start, position=Position("done"), enterprise=Enterprise(3, "泽州县某某钢铁有限公司"),
        principal_name="李负责", submitted_at=start + timedelta(hours=2), location=Location(35.49, 112.85),
    )
    answers = {i: Answer(i, Result.OK) for i in items}
    return FilledInspection(inspection=inspection, answers=answers, photos=photos)


def peak_rss_mb() -> float:
    """VmHWM of this process. ru_maxrss is not used: Linux carries it across
    fork+exec, so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_one(count: int, folder: Path) -> dict[str, float]:
    """Render once with the first `count` photos in `folder`; runs in the child process."""
    checklist = load_catalog().get("zezhou-resumption-2025")
    paths = [folder / f"{n}.jpg" for n in range(count)]
    filled = build_filled(checklist, paths)
    with tempfile.TemporaryDirectory() as tmp:
        rss_before = peak_rss_mb()
        tracemalloc.start()
        began = time.perf_counter()
        stats = render_form(filled, lambda p: Path(p.sha256).read_bytes(), Path(tmp) / "form.xlsx", tz=TZ)
        seconds = time.perf_counter() - began
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = peak_rss_mb()
        avg_photo = sum(p.stat().st_size for p in paths) / count
        began, cpu_began = time.perf_counter(), time.process_time()
        pdf = render_pdf(filled, lambda p: Path(p.sha256).read_bytes(), Path(tmp) / "form.pdf", tz=TZ)
        pdf_seconds, pdf_cpu = time.perf_counter() - began, time.process_time() - cpu_began
        pdf_rss = peak_rss_mb()
    return {
        "pdf_seconds": pdf_seconds, "pdf_cpu": pdf_cpu, "pdf_mb": pdf.bytes_written / 1e6, "pdf_rss_peak_mb": pdf_rss,
        "photos": count, "seconds": seconds, "mb": stats.bytes_written / 1e6,
        "side": stats.thumbnail_side, "embedded": stats.photos, "omitted": stats.photos_omitted,
        "py_peak_mb": peak / 1e6, "rss_delta_mb": rss_after - rss_before,
        "avg_photo_kb": avg_photo / 1024, "rss_peak_mb": rss_after,
    }


def run_child(count: int, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.form", "--child", str(count), "--dir", str(folder)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_table(rows: list[dict[str, float]]) -> None:
    head = f"{'photos':>6} {'avg in KB':>9} {'seconds':>8} {'xlsx MB':>8} {'side':>5} {'embedded':>8} " \
           f"{'omitted':>7} {'py peak MB':>10} {'RSS +MB':>8} {'RSS MB':>7} {'pdf s':>6} {'pdf CPU':>7} {'PDF MB':>7} " \
           f"{'RSS MB':>7}  goal"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['photos']:>6} {r['avg_photo_kb']:>9.0f} {r['seconds']:>8.2f} {r['mb']:>8.2f} {r['side']:>5} "
              f"{r['embedded']:>8} {r['omitted']:>7} {r['py_peak_mb']:>10.1f} {r['rss_delta_mb']:>8.1f} {r['rss_peak_mb']:>7.0f} "
              f"{r['pdf_seconds']:>6.2f} {r['pdf_cpu']:>7.2f} {r['pdf_mb']:>7.2f} {r['pdf_rss_peak_mb']:>7.0f}  "
              f"{GOALS.get(int(r['photos']), '')}")
    print("\nseconds = render_form wall time (thumbnailing + openpyxl save), photos 1280x960 JPEG.")
    print("pdf s / PDF MB = render_pdf wall time (font subset + thumbnailing + fpdf2) and size, run after")
    print("the .xlsx in the same process; pdf CPU = CPU seconds of all threads meanwhile (wall time")
    print("falls below it when thumbnails are made in parallel and rises above it on a busy machine);")
    print("the last RSS MB is the process peak after both.")
    print("py peak = tracemalloc peak during render; RSS + = peak RSS (VmHWM) growth during render;")
    print("RSS = child process peak (imports included). Each size in a fresh subprocess.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="20,100,300")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_one(args.child, args.dir)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        write_photos(Path(tmp), max(sizes))  # in the parent: keeps children's RSS clean
        print_table([run_child(n, Path(tmp)) for n in sizes])


if __name__ == "__main__":
    main()
