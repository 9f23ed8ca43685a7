"""The reports' reads: plain SQL with bound parameters, mapped to checklists.reports.facts.

Each query is a module constant so bench/reports.py can EXPLAIN it. Times are
compared as storage's fixed-width UTC text, so a local month's bounds (from
checklists.reports.period) select exactly that month.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import aiosqlite

from checklists.enterprise import clean_name
from checklists.hazard_flow import State
from checklists.hazards import format_number
from checklists.model import Hazard
from checklists.questions import registry
from checklists.questions.records import fields_of
from checklists.reports.facts import (
    CONFINED_CHECKLIST, CONFINED_LEDGER, EnterpriseFact, Facts, HazardFact, InputValue, InspectionFact,
    LedgerFact, LedgerField, MonthTally,
)
from checklists.reports.registry import Needs
from storage.db import execute, fetch_all, fetch_one, from_text, to_text

_STATES = {"open": State.OPEN, "review": State.REVIEW, "closed": State.CLOSED}

ENTERPRISES_SQL = "SELECT id, name, town, industry, category, scale FROM enterprises"
ENTERPRISE_SQL = f"{ENTERPRISES_SQL} WHERE name = ?"

INSPECTIONS_SQL = """
    SELECT id, enterprise_id, checklist_id, submitted_at FROM inspections
    WHERE status = 'submitted' AND submitted_at >= ? AND submitted_at < ? AND enterprise_id IS NOT NULL
"""

# closed_at: the 销号 time when asked for exactly (parameter 1), else the window's end
# (parameter 2): a report of now needs only "closed by now", and skipping the
# event lookup per closed hazard halves the query over a county's year.
HAZARDS_SQL = """
    SELECT h.id, h.year, h.seq, h.inspection_id, h.enterprise_id, h.level, h.description, h.found_at,
           h.deadline, h.status,
           CASE WHEN h.status = 'closed' THEN CASE WHEN ? THEN
               (SELECT max(ev.at) FROM hazard_events AS ev
                WHERE ev.hazard_id = h.id AND ev.kind IN ('accept', 'spot')) ELSE ? END END AS closed_at,
           CASE WHEN ? THEN
               (SELECT ev.old_value FROM hazard_events AS ev
                WHERE ev.hazard_id = h.id AND ev.kind = 'ext_grant' ORDER BY ev.id LIMIT 1) END AS first_deadline
    FROM hazards AS h
    WHERE h.found_at >= ? AND h.found_at < ? AND (? IS NULL OR h.level = ?)
"""

OPEN_MAJORS_SQL = HAZARDS_SQL.replace("h.found_at >= ? AND h.found_at < ?", "h.status <> 'closed' AND h.found_at < ?")

# Hazards found in one month, and how many of them are closed now (the weekly report's chart).
MONTH_COUNTS_SQL = """
    SELECT count(*) AS found, coalesce(sum(status = 'closed'), 0) AS closed FROM hazards
    WHERE found_at >= ? AND found_at < ?
"""

# Annexes 1 and 5, per month: hazards found by level and, of those, closed by the
# report's cut-off (销号 time looked up only when asked: parameter 1), optionally only
# those of the 有限空间 checklist's inspections; and the distinct enterprises visited.
TALLY_HAZARDS_SQL = """
    SELECT h.level, count(*) AS found,
           sum(CASE WHEN h.status <> 'closed' THEN 0
                    WHEN ? THEN (SELECT max(ev.at) FROM hazard_events AS ev
                                 WHERE ev.hazard_id = h.id AND ev.kind IN ('accept', 'spot')) <= ?
                    ELSE 1 END) AS closed
    FROM hazards AS h
    WHERE h.found_at >= ? AND h.found_at < ?
      AND (? IS NULL OR h.inspection_id IN
           (SELECT i.id FROM inspections AS i WHERE i.checklist_id = ? AND i.status = 'submitted'))
    GROUP BY h.level
"""
TALLY_ENTERPRISES_SQL = """
    SELECT count(DISTINCT enterprise_id) AS n FROM inspections
    WHERE status = 'submitted' AND submitted_at >= ? AND submitted_at < ? AND enterprise_id IS NOT NULL
      AND (? IS NULL OR checklist_id = ?)
"""

# Open hazards found before the report's moment (a hazard found later is not yet known to it).
OPEN_LEVELS_SQL = "SELECT DISTINCT enterprise_id, level FROM hazards WHERE status <> 'closed' AND found_at < ?"

# The latest submitted 有限空间 inspection of each enterprise (before a moment), with its ledger answer.
LEDGERS_SQL = """
    SELECT i.id, i.enterprise_id, i.submitted_at, i.checklist_version, a.result, a.value
    FROM inspections AS i
    LEFT JOIN answers AS a ON a.inspection_id = i.id AND a.item_id = ?
    WHERE i.status = 'submitted' AND i.checklist_id = ? AND i.submitted_at < ? AND (? IS NULL OR i.enterprise_id = ?)
      AND i.submitted_at = (
          SELECT max(j.submitted_at) FROM inspections AS j
          WHERE j.status = 'submitted' AND j.checklist_id = i.checklist_id
            AND j.enterprise_id = i.enterprise_id AND j.submitted_at < ?)
"""
SNAPSHOT_SQL = "SELECT checklist_snapshot FROM inspections WHERE id = ?"

ACTIVITY_SQL = "SELECT 1 FROM inspections WHERE status = 'submitted' AND submitted_at < ? LIMIT 1"

INPUTS_SQL = """
    SELECT r.month, r.field, r.value, r.entered_by, r.entered_at FROM report_inputs AS r
    WHERE r.annex = ? AND r.id = (SELECT max(q.id) FROM report_inputs AS q
                                  WHERE q.annex = r.annex AND q.month = r.month AND q.field = r.field)
"""


async def facts(conn: aiosqlite.Connection, needs: Needs) -> Facts | None:
    """What a report needs; None when it names an enterprise that does not exist."""
    if needs.enterprise is not None:
        row = await fetch_one(conn, ENTERPRISE_SQL, (clean_name(needs.enterprise),))  # as the roster spells it
        if row is None:
            return None
        enterprises = {row["id"]: _enterprise(row)}
    else:
        enterprises = {row["id"]: _enterprise(row) for row in await fetch_all(conn, ENTERPRISES_SQL)}
    return Facts(
        enterprises=enterprises,
        inspections=tuple(await _inspections(conn, needs)) if needs.inspections else (),
        hazards=tuple(await _hazards(conn, needs)) if needs.hazards else (),
        open_levels=await _open_levels(conn, needs) if needs.open_levels else {},
        ledgers=tuple(await _ledgers(conn, needs, next(iter(enterprises)) if needs.enterprise else None))
        if needs.ledgers else (),
        inputs=await inputs(conn, needs.inputs) if needs.inputs else {},
        open_majors=tuple(await _open_majors(conn, needs)) if needs.open_majors else (),
        month_counts={m: await _month_counts(conn, start, end) for m, start, end in needs.months}
        if not needs.tally else {},
        tallies=await _tallies(conn, needs) if needs.tally else {},
    )


async def _tallies(conn: aiosqlite.Connection, needs: Needs) -> dict[str, MonthTally]:
    """Each month's counts, and 累计 (hazards summed, enterprises distinct over the whole span)."""
    only = CONFINED_CHECKLIST if needs.tally == "confined" else None
    found: dict[str, MonthTally] = {}
    for month, start, end in needs.months:
        found[month] = await _tally(conn, start, end, only, needs.exact_closing, needs.end)
    first, last = needs.months[0][1], needs.months[-1][2]
    row = await fetch_one(conn, TALLY_ENTERPRISES_SQL, (to_text(first), to_text(last), only, only))
    found["累计"] = MonthTally(
        enterprises=int(row["n"]) if row else 0,
        found={level: sum(t.found.get(level, 0) for t in found.values()) for level in Hazard},
        closed={level: sum(t.closed.get(level, 0) for t in found.values()) for level in Hazard},
    )
    return found


async def _tally(conn: aiosqlite.Connection, start: datetime, end: datetime, only: str | None,
                 exact: bool, cut: datetime | None) -> MonthTally:
    bounds = (to_text(start), to_text(end))
    rows = await fetch_all(conn, TALLY_HAZARDS_SQL, (exact, to_text(cut or end), *bounds, only, only))
    visited = await fetch_one(conn, TALLY_ENTERPRISES_SQL, (*bounds, only, only))
    return MonthTally(
        enterprises=int(visited["n"]) if visited else 0,
        found={Hazard(r["level"]): int(r["found"]) for r in rows},
        closed={Hazard(r["level"]): int(r["closed"] or 0) for r in rows},
    )


async def _open_majors(conn: aiosqlite.Connection, needs: Needs) -> list[HazardFact]:
    level = Hazard.MAJOR.value
    rows = await fetch_all(conn, OPEN_MAJORS_SQL, (True, _bounds(needs)[1], False, _bounds(needs)[1], level, level))
    return [_hazard(r) for r in rows]


async def _month_counts(conn: aiosqlite.Connection, start: datetime, end: datetime) -> tuple[int, int]:
    row = await fetch_one(conn, MONTH_COUNTS_SQL, (to_text(start), to_text(end)))
    return (int(row["found"]), int(row["closed"])) if row else (0, 0)


def _enterprise(row: Any) -> EnterpriseFact:
    return EnterpriseFact(row["id"], row["name"], row["town"], row["industry"], row["category"], row["scale"])


def _bounds(needs: Needs) -> tuple[str, str]:
    assert needs.start is not None and needs.end is not None
    return to_text(needs.start), to_text(needs.end)


async def _inspections(conn: aiosqlite.Connection, needs: Needs) -> list[InspectionFact]:
    rows = await fetch_all(conn, INSPECTIONS_SQL, _bounds(needs))
    return [InspectionFact(r["id"], r["enterprise_id"], r["checklist_id"], from_text(r["submitted_at"]))  # type: ignore[arg-type]
            for r in rows]


async def _hazards(conn: aiosqlite.Connection, needs: Needs) -> list[HazardFact]:
    level = Hazard.MAJOR.value if needs.hazards == "major" else None
    params: list[object] = [needs.exact_closing, _bounds(needs)[1], needs.hazards == "major", *_bounds(needs),
                            level, level]
    return [_hazard(r) for r in await fetch_all(conn, HAZARDS_SQL, params)]


def _hazard(r: Any) -> HazardFact:
    return HazardFact(
        id=r["id"], number=format_number(r["year"], r["seq"]), inspection_id=r["inspection_id"],
        enterprise_id=r["enterprise_id"], level=Hazard(r["level"]), description=r["description"],
        found_at=from_text(r["found_at"]), deadline=date.fromisoformat(r["deadline"]),  # type: ignore[arg-type]
        state=_STATES[r["status"]], closed_at=from_text(r["closed_at"]),
        first_deadline=None if r["first_deadline"] is None else date.fromisoformat(r["first_deadline"]),
    )


async def _open_levels(conn: aiosqlite.Connection, needs: Needs) -> dict[int, frozenset[Hazard]]:
    found: dict[int, set[Hazard]] = {}
    for row in await fetch_all(conn, OPEN_LEVELS_SQL, (_bounds(needs)[1],)):
        found.setdefault(row["enterprise_id"], set()).add(Hazard(row["level"]))
    return {key: frozenset(value) for key, value in found.items()}


async def _ledgers(conn: aiosqlite.Connection, needs: Needs, enterprise_id: int | None) -> list[LedgerFact]:
    assert needs.end is not None
    end = to_text(needs.end)
    rows = await fetch_all(conn, LEDGERS_SQL, (CONFINED_LEDGER, CONFINED_CHECKLIST, end, enterprise_id,
                                               enterprise_id, end))
    fields: dict[int, tuple[LedgerField, ...]] = {}  # per checklist version: one snapshot parsed
    found = []
    for row in rows:
        version = row["checklist_version"]
        if version not in fields:
            fields[version] = await _fields(conn, row["id"])
        value = json.loads(row["value"]) if row["value"] else {}
        found.append(LedgerFact(
            enterprise_id=row["enterprise_id"], inspection_id=row["id"],
            submitted_at=from_text(row["submitted_at"]),  # type: ignore[arg-type]
            not_applicable=row["result"] == "不涉及", fields=fields[version],
            rows=tuple(value.get("rows", []) if isinstance(value, dict) else []),
        ))
    return found


class _Item:
    """The part of a snapshot item the question types read."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.type, self.spec, self.label = data.get("type", "records"), data.get("spec", {}), data.get("content", "")


async def _fields(conn: aiosqlite.Connection, inspection_id: int) -> tuple[LedgerField, ...]:
    """The ledger's fields as that inspection's checklist snapshot defines them."""
    row = await fetch_one(conn, SNAPSHOT_SQL, (inspection_id,))
    snapshot = json.loads(row["checklist_snapshot"]) if row else {"groups": []}
    for group in snapshot["groups"]:
        for item in group["items"]:
            if item["id"] == CONFINED_LEDGER and item.get("spec", {}).get("fields"):
                return tuple(LedgerField(f.id, f.label, lambda v, f=f: registry.of(f).show(f, v))
                             for f in fields_of(_Item(item)))  # type: ignore[arg-type]
    return ()


async def had_activity(conn: aiosqlite.Connection, before: datetime) -> bool:
    """Whether anything was submitted before `before` (a scheduled report is owed only then)."""
    return await fetch_one(conn, ACTIVITY_SQL, (to_text(before),)) is not None


async def inputs(conn: aiosqlite.Connection, annex: str) -> dict[tuple[str, str], InputValue]:
    found = {}
    for row in await fetch_all(conn, INPUTS_SQL, (annex,)):
        if row["value"] is not None:
            found[(row["month"], row["field"])] = InputValue(
                row["value"], row["entered_by"], from_text(row["entered_at"]))  # type: ignore[arg-type]
    return found


async def put_inputs(conn: aiosqlite.Connection, annex: str, values: dict[tuple[str, str], float | None],
                     user_id: int, now: datetime, source: str) -> int:
    """Append the values that differ from the current ones; how many changed."""
    current = await inputs(conn, annex)
    changed = 0
    for (month, field), value in sorted(values.items()):
        old = current.get((month, field))
        if (old.value if old else None) == value:
            continue
        await execute(
            conn, "INSERT INTO report_inputs (annex, month, field, value, entered_by, entered_at, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (annex, month, field, value, user_id, to_text(now), source))
        changed += 1
    return changed
