"""The reports over one year of a county: 1,000 enterprises, 40,000 inspections,
100,000 hazards (goal: each report under 2 s and under 200 MB peak memory).

The year is filled with plain SQL (fast): inspections spread over 2025, one in
twenty on the 有限空间 checklist with a ledger of 1–6 confined spaces; hazards
one in ten 重大, 70 % closed (with their 复查通过 event), some extended. Each
report is then produced exactly as the bot does (ReportService.produce: one
read, the pure report, the .xlsx), timed, with the peak memory of the process
(VmHWM of a freshly spawned interpreter per report, so one report's peak
does not hide another's; ru_maxrss would carry the parent's over a fork) and the query plans of the SQL it uses.

Run: .venv/bin/python -m bench.reports [--inspections 40000 --hazards 100000 --enterprises 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import resource
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.config import Settings
from bot.report_service import ReportService
from checklists.enterprise import Category, Industry
from checklists.loader import builtin_dir, load_file
from checklists.reports.facts import CONFINED_CHECKLIST, CONFINED_LEDGER
from storage import Storage
from storage import report_queries as q

INSPECTORS = 40
START = datetime(2025, 1, 1, tzinfo=timezone.utc)
NOW = datetime(2025, 12, 23, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai on the 23rd
TOWNS = ("巴公镇", "北义城镇", "金村镇", "高都镇", "大东沟镇", "周村镇", "下村镇", "南村镇")
INDUSTRIES = [i.value for i in Industry]
CATEGORIES = [c.value for c in Category] + [None]
RISKS = ("高", "中", "低")


def _t(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def fill(db_path: Path, inspections: int, hazards: int, enterprises: int) -> None:
    rng = random.Random(12)
    snapshot = json.dumps(load_file(builtin_dir() / "jc_2025_confined_space.yaml").to_snapshot(), ensure_ascii=False)
    with sqlite3.connect(db_path) as db:
        db.executemany("INSERT INTO users (id, full_name, updated_at) VALUES (?, ?, ?)",
                       [(1000 + i, f"检查员{i}", _t(START)) for i in range(INSPECTORS)])
        db.executemany(
            "INSERT INTO enterprises (id, name, created_at, town, industry, category) VALUES (?, ?, ?, ?, ?, ?)",
            [(e + 1, f"泽州县第{e + 1}号工贸企业有限公司", _t(START), rng.choice(TOWNS), rng.choice(INDUSTRIES),
              rng.choice(CATEGORIES)) for e in range(enterprises)])
        rows, ledgers, times = [], [], []
        for n in range(inspections):
            at = START + timedelta(seconds=rng.randrange(int((NOW - START).total_seconds())))
            confined = n % 20 == 0
            times.append(at)
            rows.append((n + 1, CONFINED_CHECKLIST if confined else "zezhou-resumption-2025",
                         snapshot if confined else "{}", 1000 + n % INSPECTORS, rng.randrange(enterprises) + 1,
                         _t(at), _t(at)))
            if confined:
                book = {"rows": [{"name": f"污水井{k}", "place": "厂区", "count": rng.randint(1, 3), "hazards": "硫化氢",
                                  "consequence": "中毒窒息", "work-form": ["自主作业"], "risk": [rng.choice(RISKS)],
                                  "approver": "张三"} for k in range(rng.randint(1, 6))],
                        "draft": None, "at": None, "rev": 1, "done": True}
                ledgers.append((n + 1, CONFINED_LEDGER, "已填写", json.dumps(book, ensure_ascii=False), _t(at)))
        db.executemany(
            "INSERT INTO inspections (id, checklist_id, checklist_version, checklist_snapshot, inspector_id, "
            "enterprise_id, status, started_at, submitted_at, step) VALUES (?, ?, 1, ?, ?, ?, 'submitted', ?, ?, 'done')",
            rows)
        db.executemany("INSERT INTO answers (inspection_id, item_id, result, value, updated_at) VALUES (?, ?, ?, ?, ?)",
                       ledgers)
        _hazards(db, rng, rows, times, hazards)
        db.execute("ANALYZE")


def _hazards(db: sqlite3.Connection, rng: random.Random, inspections: list, times: list, count: int) -> None:
    hazards, events = [], []
    for n in range(count):
        index = rng.randrange(len(inspections))
        inspection, found = inspections[index], times[index]
        deadline = (found + timedelta(days=rng.choice((7, 15, 30)))).date()
        closed = rng.random() < 0.7
        hazards.append((n + 1, 2025, n + 1, inspection[0], f"item-{n}", n % 20 + 1, "检查项内容", inspection[4],
                        "重大" if rng.random() < 0.1 else "一般", "发现的问题描述" * 3, inspection[3], _t(found),
                        deadline.isoformat(), "closed" if closed else "open"))
        events.append((n + 1, _t(found), inspection[3], "created", None, None))
        if closed:
            events.append((n + 1, _t(found + timedelta(days=rng.randint(1, 40))), 1000, "accept", None, None))
        elif rng.random() < 0.1:
            events.append((n + 1, _t(found + timedelta(days=3)), 1000, "ext_grant", str(deadline), str(deadline)))
    db.executemany(
        "INSERT INTO hazards (id, year, seq, inspection_id, item_id, item_number, item_content, enterprise_id, level, "
        "description, found_by, found_at, deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", hazards)
    db.executemany("INSERT INTO hazard_events (hazard_id, at, actor_id, kind, old_value, new_value) "
                   "VALUES (?, ?, ?, ?, ?, ?)", events)
    db.execute("INSERT INTO hazard_years (year, last) VALUES (2025, ?)", (count,))


PLANS = {
    "inspections (weekly: the week)": (q.INSPECTIONS_SQL, ["2025-12-22", "2025-12-23"]),
    "tally hazards (annex 1, a month)": (q.TALLY_HAZARDS_SQL, [0, "2026-01-01", "2025-05-01", "2025-06-01", None, None]),
    "tally hazards (annex 5, a past month)": (q.TALLY_HAZARDS_SQL, [1, "2025-06-01", "2025-05-01", "2025-06-01",
                                                                   CONFINED_CHECKLIST, CONFINED_CHECKLIST]),
    "tally enterprises": (q.TALLY_ENTERPRISES_SQL, ["2025-05-01", "2025-06-01", None, None]),
    "hazards (weekly: the week)": (q.HAZARDS_SQL, [1, "2025-12-23", 0, "2025-12-22", "2025-12-23", None, None]),
    "majors": (q.HAZARDS_SQL, [1, "2026-01-01", 1, "2025-05-01", "2026-01-01", "重大", "重大"]),
    "open levels": (q.OPEN_LEVELS_SQL, ["2026-01-01"]),
    "open majors": (q.OPEN_MAJORS_SQL, [1, "2026-01-01", 0, "2026-01-01", "重大", "重大"]),
    "month counts": (q.MONTH_COUNTS_SQL, ["2025-05-01", "2025-06-01"]),
    "ledgers": (q.LEDGERS_SQL, [CONFINED_LEDGER, CONFINED_CHECKLIST, "2026-01-01", None, None, "2026-01-01"]),
    "inputs": (q.INPUTS_SQL, ["1"]),
}


def explain(db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        for label, (sql, params) in PLANS.items():
            plan = db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            print(f"  {label}:")
            for row in plan:
                print(f"    {row[3]}")


def run_one(data_dir: Path, kind: str, enterprise: str | None, out: multiprocessing.Queue) -> None:
    """In a fresh process: one report, its time and the process's peak memory."""

    async def go() -> tuple[float, int, int]:
        store = await Storage.open(data_dir)
        try:
            service = ReportService(store.reports, Settings(group_id=-1, report_unit="泽州县应急管理局"),
                                    clock=lambda: NOW)
            started = time.perf_counter()
            produced = await service.produce(service.request(kind, enterprise=enterprise))
            assert produced is not None
            return time.perf_counter() - started, len(produced[1]), produced[1].count(b"<row ")
        finally:
            await store.close()

    seconds, size, _ = asyncio.run(go())
    out.put((seconds, size, peak_mb()))


def main(inspections: int, hazards: int, enterprises: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        asyncio.run(_create(data_dir))
        started = time.perf_counter()
        fill(data_dir / "checklist-bot.sqlite3", inspections, hazards, enterprises)
        print(f"filled {inspections:,} inspections, {hazards:,} hazards, {enterprises:,} enterprises "
              f"in {time.perf_counter() - started:.1f} s")
        baseline = _measure(data_dir, None, None)
        print(f"baseline (open the database, no report): peak {baseline[2]:.0f} MB")
        print(f"{'report':<10}{'time':>10}{'peak RSS':>12}{'.xlsx':>12}")
        for kind, enterprise in (("1", None), ("2", None), ("3", "泽州县第1号工贸企业有限公司"), ("4", None),
                                 ("5", None), ("weekly", None)):
            seconds, size, peak = _measure(data_dir, kind, enterprise)
            print(f"{kind:<10}{seconds:>9.2f}s{peak:>10.0f} MB{size / 1024:>9.0f} KB")
        print("query plans:")
        explain(data_dir / "checklist-bot.sqlite3")


async def _create(data_dir: Path) -> None:
    await (await Storage.open(data_dir)).close()


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def _measure(data_dir: Path, kind: str | None, enterprise: str | None) -> tuple[float, int, float]:
    spawn = multiprocessing.get_context("spawn")
    out = spawn.Queue()
    if kind is None:
        proc = spawn.Process(target=_baseline, args=(data_dir, out))
    else:
        proc = spawn.Process(target=run_one, args=(data_dir, kind, enterprise, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def _baseline(data_dir: Path, out: multiprocessing.Queue) -> None:
    asyncio.run(_create(data_dir))
    out.put((0.0, 0, peak_mb()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inspections", type=int, default=40_000)
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=1_000)
    args = parser.parse_args()
    main(args.inspections, args.hazards, args.enterprises)
