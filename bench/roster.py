"""Roster import cost: a generated N-row .xlsx read, validated and stored.

Goal (issue 11): 5,000 rows import in under 5 s. Times the steps the bot runs
for /import (read_roster in a worker thread, one import transaction), a
re-import of the same sheet (every row an update), and /roster's export.

Run: .venv/bin/python -m bench.roster [--rows 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from checklists.enterprise import CREDIT_CODE_CHARS, credit_check_char
from checklists.roster import COLUMNS, enterprise_columns, read_roster, write_roster
from storage import Storage

TOWNS = ["巴公镇", "北义城镇", "金村镇", "南村镇", "高都镇", "大东沟镇", "周村镇", "下村镇"]
KINDS = ["钢铁", "铸造", "食品", "面粉", "纺织", "建材", "机械", "商贸"]
INDUSTRIES = ["冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸", "其他"]
GOAL_SECONDS = 5.0


def credit_code(rng: random.Random) -> str:
    """A code with a valid check character (GB 32100-2015)."""
    first = "91" + "".join(rng.choice("0123456789") for _ in range(6))
    first += "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    return first + credit_check_char(first)


def generated_rows(count: int, seed: int = 11) -> list[list[str]]:
    """`count` distinct plausible enterprises in COLUMNS order; 70 % with a credit code."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        town = rng.choice(TOWNS)
        name = f"泽州县{town}{rng.choice(KINDS)}第{index + 1}有限公司"
        code = credit_code(rng) if rng.random() < 0.7 else ""
        category = rng.choice(["", "", "", "含高炉的金属冶炼企业", "其他金属冶炼企业"])
        rows.append([name, code, town, rng.choice(INDUSTRIES), rng.choice(["规模以上", "规模以下"]), category])
    return rows


def roster_xlsx(rows: list[list[str]]) -> bytes:
    """As Excel saves it: shared strings, one header row, extra column ignored."""
    book = Workbook()
    sheet = book.active
    sheet.append([*COLUMNS, "联系电话"])
    for row in rows:
        sheet.append([*row, "0356-2217654"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def one_run(data: bytes, folder: Path) -> dict[str, float]:
    """Fresh database: parse, import, re-import, export."""
    timings: dict[str, float] = {}
    store = await Storage.open(folder)
    try:
        start = time.perf_counter()
        roster = await asyncio.to_thread(read_roster, data)
        timings["read"] = time.perf_counter() - start
        assert not roster.problems, roster.problems[:3]
        mark = time.perf_counter()
        result = await store.import_roster(roster.rows)
        timings["store"] = time.perf_counter() - mark
        timings["import"] = time.perf_counter() - start
        assert result.added == len(roster.rows), result
        mark = time.perf_counter()
        again = await store.import_roster((await asyncio.to_thread(read_roster, data)).rows)
        timings["reimport"] = time.perf_counter() - mark
        assert again.updated == len(roster.rows), again
        mark = time.perf_counter()
        stored = await store.roster()
        lines = [enterprise_columns(e.name, e.credit_code, e.town, e.industry, e.scale, e.category) for e in stored]
        await asyncio.to_thread(write_roster, lines)
        timings["export"] = time.perf_counter() - mark
    finally:
        await store.close()
    return timings


async def main(rows: int, runs: int) -> None:
    data = roster_xlsx(generated_rows(rows))
    print(f"roster: {rows} rows, {len(data) / 1024:.0f} KB .xlsx, {runs} runs (median, max)")
    results = []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(await one_run(data, Path(tmp) / f"run{run}"))
    print(f"{'step':<10} {'median s':>9} {'max s':>7}")
    for step in ["read", "store", "import", "reimport", "export"]:
        values = [r[step] for r in results]
        print(f"{step:<10} {statistics.median(values):>9.2f} {max(values):>7.2f}")
    worst = max(r["import"] for r in results)
    verdict = "meets" if worst < GOAL_SECONDS else "MISSES"
    print(f"import (read + store) worst {worst:.2f} s: {verdict} the goal of < {GOAL_SECONDS:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.runs))
