"""The hazard register at bureau scale: /hazards and the overdue digest with
10,000 hazards across 500 enterprises (goal: each answer under 200 ms).

The register is filled with plain SQL (fast), then read through the same
HazardStore methods and view functions the bot uses; EXPLAIN QUERY PLAN of
each query is printed to show which index it uses.

Run: .venv/bin/python -m bench.hazards [--hazards 10000 --enterprises 500]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import hazard_views as views
from checklists.hazard_flow import enterprise_state
from storage import Storage
from storage import hazards as hazard_sql

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2025, 6, 1)
INSPECTORS = 20
REPEAT = 30
STATUSES = ("open",) * 5 + ("review",) + ("closed",) * 4  # half closed, as a register ages


def fill(db_path: Path, hazards: int, enterprises: int) -> None:
    rng = random.Random(42)
    now = datetime(2025, 1, 1, tzinfo=timezone.utc).isoformat()
    with sqlite3.connect(db_path) as db:
        db.executemany("INSERT INTO users (id, full_name, updated_at) VALUES (?, ?, ?)",
                       [(1000 + i, f"检查员{i}", now) for i in range(INSPECTORS)])
        db.executemany("INSERT INTO enterprises (id, name, created_at) VALUES (?, ?, ?)",
                       [(e + 1, f"泽州县第{e + 1}号工贸企业有限公司", now) for e in range(enterprises)])
        db.executemany(
            "INSERT INTO inspections (id, checklist_id, checklist_version, checklist_snapshot, inspector_id, "
            "enterprise_id, status, started_at, submitted_at, step) VALUES (?, 'x', 1, '{}', ?, ?, 'submitted', ?, ?, 'done')",
            [(e + 1, 1000 + e % INSPECTORS, e + 1, now, now) for e in range(enterprises)])
        rows = []
        for n in range(hazards):
            enterprise = rng.randrange(enterprises) + 1
            deadline = TODAY + timedelta(days=rng.randint(-60, 60))
            rows.append((2025, n + 1, enterprise, f"item-{n}", n % 21 + 1, "检查项内容" * 5, enterprise,
                         "重大" if rng.random() < 0.1 else "一般", "发现的问题描述" * 4,
                         1000 + rng.randrange(INSPECTORS), now, deadline.isoformat(), rng.choice(STATUSES)))
        db.executemany(
            "INSERT INTO hazards (year, seq, inspection_id, item_id, item_number, item_content, enterprise_id, "
            "level, description, found_by, found_at, deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows)
        db.execute("INSERT INTO hazard_years (year, last) VALUES (2025, ?)", (hazards,))
        db.execute("ANALYZE")


def explain(db_path: Path, label: str, sql: str, params: list[object]) -> None:
    with sqlite3.connect(db_path) as db:
        plan = db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    print(f"  EXPLAIN QUERY PLAN ({label}):")
    for row in plan:
        print(f"    {row[-1]}")


async def timed(label: str, run) -> None:  # noqa: ANN001 - an async callable
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        await run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    verdict = "ok" if p95 < 200 else "OVER GOAL"
    print(f"{label:<44} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   ({verdict})")


async def main(hazards: int, enterprises: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        store = await Storage.open(data_dir)
        await store.close()
        fill(store.db_path, hazards, enterprises)
        store = await Storage.open(data_dir)
        hz = store.hazards
        with sqlite3.connect(store.db_path) as db:
            open_count = db.execute("SELECT count(*) FROM hazards WHERE status <> 'closed'").fetchone()[0]
            overdue_count = db.execute("SELECT count(*) FROM hazards WHERE status <> 'closed' AND deadline < ?",
                                       (TODAY.isoformat(),)).fetchone()[0]
        print(f"{hazards} hazards, {enterprises} enterprises, {open_count} open, {overdue_count} overdue on {TODAY}")

        async def page(finder=None, enterprise=None, offset=0):  # noqa: ANN001, ANN202
            found, total = await hz.open_page(finder=finder, enterprise=enterprise, limit=10, offset=offset)
            states = {e: enterprise_state(await hz.enterprise_levels(e)) for e in {h.enterprise_id for h in found}}
            return views.listing("head", found, TODAY, offset // 10, max(1, total // 10), states)

        async def digest():  # noqa: ANN202
            lines = await hz.overdue(TODAY)
            text = views.digest(lines, TODAY)
            return text if len(text) <= 4096 else views.digest_plain(lines, TODAY)

        await timed("/hazards inspector (page 1, ~1/20 of all)", lambda: page(finder=1007))
        await timed("/hazards group (page 1, by enterprise)", lambda: page())
        await timed("/hazards group (page 50)", lambda: page(offset=490))
        await timed("/hazards enterprise contact", lambda: page(enterprise=250))
        await timed("overdue digest (all overdue, text or file)", digest)
        await store.close()
        for label, args in (("inspector", (1007, None)), ("group", (None, None)), ("contact", (None, 250))):
            count, sql, params = hazard_sql.open_page_sql(*args)
            explain(store.db_path, f"/hazards {label}", sql, [*params, 10, 0])
            explain(store.db_path, f"/hazards {label} count", count, params)
        explain(store.db_path, "overdue digest", hazard_sql.OVERDUE_SQL, [TODAY.isoformat()])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hazards", type=int, default=10_000)
    parser.add_argument("--enterprises", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(main(args.hazards, args.enterprises))
