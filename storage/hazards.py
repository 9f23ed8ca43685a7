"""The hazard register: SQL and the mapping of its rows to `HazardRecord`.

Hazards are created in the submit transaction (see Storage.submit), so a
submitted inspection always has its hazards. Every change goes through
`apply`, which asks hazard_flow.decide and writes the event rows in the same
transaction as the change: nothing is updated in place without its event.
Functions here run inside a transaction the caller opened and never commit.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import aiosqlite

from checklists.hazard_flow import Actor, Decision, Event, Payload, Role, State, decide
from checklists.hazard_rules import default_deadline
from checklists.hazards import HazardLogEntry, HazardRecord, MonthCounts, OverdueLine, format_number
from checklists.inspection import Answer, Inspection
from checklists.model import Hazard, Result
from storage.db import date_from_text, execute, fetch_all, fetch_one, from_text, to_text

STALE = "stale"  # the hazard changed since the button was shown

_CODES = {State.OPEN: "open", State.REVIEW: "review", State.CLOSED: "closed"}
_STATES = {code: state for state, code in _CODES.items()}

_SELECT = """
    SELECT h.*, e.name AS enterprise_name, u.full_name AS finder_name
    FROM hazards AS h
    JOIN enterprises AS e ON e.id = h.enterprise_id
    JOIN users AS u ON u.id = h.found_by
"""


async def create_from_inspection(
    conn: aiosqlite.Connection, inspection: Inspection, answers: dict[str, Answer], found_on: date, now: datetime
) -> list[int]:
    """One hazard per 存在问题 answer, numbered in the year it was found."""
    if inspection.enterprise is None:
        return []
    created = []
    for item in inspection.checklist.items:
        answer = answers.get(item.id)
        if answer is None or answer.result is not Result.PROBLEM:
            continue
        level = Hazard(answer.hazard) if answer.hazard is not None else Hazard.GENERAL
        deadline = answer.deadline or default_deadline(level, found_on)
        seq = await _next_seq(conn, found_on.year)
        _, hazard_id = await execute(
            conn,
            """
            INSERT INTO hazards (year, seq, inspection_id, item_id, item_number, item_content,
                enterprise_id, level, description, advice, found_by, found_at, deadline)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (found_on.year, seq, inspection.id, item.id, item.number, item.content,
             inspection.enterprise.id, level.value, answer.problem or item.content, answer.advice,
             inspection.inspector.id, to_text(now), deadline.isoformat()),
        )
        assert hazard_id is not None
        await _event(conn, hazard_id, now, inspection.inspector.id, Role.STAFF, "created",
                     ("status", None, State.OPEN.value), f"{level.value}隐患，整改时限 {deadline}")
        created.append(hazard_id)
    return created


async def _next_seq(conn: aiosqlite.Connection, year: int) -> int:
    row = await fetch_one(
        conn,
        """
        INSERT INTO hazard_years (year, last) VALUES (?, 1)
        ON CONFLICT (year) DO UPDATE SET last = last + 1
        RETURNING last
        """,
        (year,),
    )
    assert row is not None
    return int(row["last"])


async def _event(
    conn: aiosqlite.Connection, hazard_id: int, now: datetime, actor_id: int, role: Role | None,
    kind: str, change: tuple[str, str | None, str | None] | None, note: str | None,
) -> int:
    field, old, new = change if change else (None, None, None)
    _, event_id = await execute(
        conn,
        """
        INSERT INTO hazard_events (hazard_id, at, actor_id, actor_role, kind, field, old_value, new_value, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (hazard_id, to_text(now), actor_id, None if role is None else role.value, kind, field, old, new, note),
    )
    assert event_id is not None
    return event_id


async def get(conn: aiosqlite.Connection, hazard_id: int) -> HazardRecord | None:
    row = await fetch_one(conn, f"{_SELECT} WHERE h.id = ?", (hazard_id,))
    return None if row is None else _record(row)


async def by_number(conn: aiosqlite.Connection, year: int, seq: int) -> HazardRecord | None:
    row = await fetch_one(conn, f"{_SELECT} WHERE h.year = ? AND h.seq = ?", (year, seq))
    return None if row is None else _record(row)


def open_page_sql(finder: int | None, enterprise: int | None) -> tuple[str, str, list[object]]:
    """(count SQL, page SQL, parameters) of a list of open hazards; bench/ explains these."""
    where, params = "h.status <> 'closed'", []  # the partial indexes' condition, verbatim
    if finder is not None:
        where, params = where + " AND h.found_by = ?", [finder]
    if enterprise is not None:
        where, params = where + " AND h.enterprise_id = ?", [*params, enterprise]
    order = "h.deadline, h.id"
    if finder is None and enterprise is None:
        order = "min(h.deadline) OVER (PARTITION BY h.enterprise_id), h.enterprise_id, h.deadline, h.id"
    count = f"SELECT count(*) AS n FROM hazards AS h WHERE {where}"
    return count, f"{_SELECT} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?", params


async def open_page(
    conn: aiosqlite.Connection, *, finder: int | None = None, enterprise: int | None = None,
    limit: int = 10, offset: int = 0,
) -> tuple[list[HazardRecord], int]:
    """Open hazards, overdue (earliest deadline) first, and how many there are in all.

    For everyone (the group), hazards of one enterprise are kept together,
    the enterprise with the most overdue hazard first.
    """
    count, page, params = open_page_sql(finder, enterprise)
    total = await fetch_one(conn, count, params)
    rows = await fetch_all(conn, page, [*params, limit, offset])
    return [_record(row) for row in rows], int(total["n"] if total else 0)


async def enterprise_levels(conn: aiosqlite.Connection, enterprise_id: int) -> list[tuple[State, Hazard]]:
    rows = await fetch_all(
        conn, "SELECT status, level FROM hazards WHERE enterprise_id = ? AND status <> 'closed'", (enterprise_id,)
    )
    return [(_STATES[row["status"]], Hazard(row["level"])) for row in rows]


OVERDUE_SQL = f"""{_SELECT}
    WHERE h.status <> 'closed' AND h.deadline < ?
    ORDER BY e.name, h.deadline, h.id
"""


async def overdue(conn: aiosqlite.Connection, today: date) -> list[OverdueLine]:
    """The daily digest: every open hazard past its deadline, by enterprise."""
    rows = await fetch_all(conn, OVERDUE_SQL, (today.isoformat(),))
    return [
        OverdueLine(format_number(r["year"], r["seq"]), r["enterprise_name"], Hazard(r["level"]),
                    (today - date.fromisoformat(r["deadline"])).days, r["description"])
        for r in rows
    ]


async def month_counts(conn: aiosqlite.Connection, month: str, start: datetime, end: datetime) -> MonthCounts:
    """Hazards found, and closed (通过 or 即查即改), from `start` to before `end`, by level."""
    found = await fetch_all(
        conn, "SELECT level, count(*) AS n FROM hazards WHERE found_at >= ? AND found_at < ? GROUP BY level",
        (to_text(start), to_text(end)),
    )
    closed = await fetch_all(
        conn,
        """
        SELECT h.level, count(*) AS n FROM hazard_events AS ev JOIN hazards AS h ON h.id = ev.hazard_id
        WHERE ev.kind IN ('accept', 'spot') AND ev.at >= ? AND ev.at < ? GROUP BY h.level
        """,
        (to_text(start), to_text(end)),
    )
    open_now = await fetch_one(conn, "SELECT count(*) AS n FROM hazards WHERE status <> 'closed'")
    return MonthCounts(
        month=month, found={Hazard(r["level"]): r["n"] for r in found},
        closed={Hazard(r["level"]): r["n"] for r in closed}, open_now=int(open_now["n"] if open_now else 0),
    )


async def due_between(conn: aiosqlite.Connection, first: date, last: date) -> list[HazardRecord]:
    """Open hazards due from `first` to `last` (the day-before reminder, and one missed while down)."""
    rows = await fetch_all(
        conn, f"{_SELECT} WHERE h.status <> 'closed' AND h.deadline BETWEEN ? AND ? ORDER BY h.deadline, h.id",
        (first.isoformat(), last.isoformat()),
    )
    return [_record(row) for row in rows]


async def log(conn: aiosqlite.Connection, hazard_id: int) -> list[HazardLogEntry]:
    rows = await fetch_all(
        conn,
        """
        SELECT ev.*, coalesce(u.full_name, c.full_name, '') AS actor_name
        FROM hazard_events AS ev
        LEFT JOIN users AS u ON u.id = ev.actor_id
        LEFT JOIN hazard_contacts AS c ON c.user_id = ev.actor_id
        WHERE ev.hazard_id = ? ORDER BY ev.id
        """,
        (hazard_id,),
    )
    return [
        HazardLogEntry(
            at=from_text(r["at"]), actor_id=r["actor_id"], actor_name=r["actor_name"],  # type: ignore[arg-type]
            actor_role=None if r["actor_role"] is None else Role(r["actor_role"]),
            kind=r["kind"], field=r["field"], old=r["old_value"], new=r["new_value"], note=r["note"],
        )
        for r in rows
    ]


async def apply(
    conn: aiosqlite.Connection, hazard_id: int, version: int, event: Event, actor: Actor,
    payload: Payload, now: datetime,
) -> tuple[Decision, HazardRecord | None]:
    """Decide and, if allowed, change the hazard with its event rows, atomically."""
    hazard = await get(conn, hazard_id)
    if hazard is None or hazard.version != version:
        return Decision(refusal=STALE), hazard
    decision = decide(hazard.view(), event, actor, payload)
    if not decision.ok:
        return decision, hazard
    assert decision.next_state is not None
    event_id = await _record_event(conn, hazard, event, actor, payload, decision.next_state, now)
    await _update(conn, hazard, event, decision.next_state, actor, payload)
    if event in (Event.REPORT, Event.SPOT_CLOSE):
        await execute(conn, "UPDATE hazard_photos SET event_id = ? WHERE hazard_id = ? AND added_by = ? "
                      "AND event_id IS NULL", (event_id, hazard_id, actor.user_id))
    return decision, await get(conn, hazard_id)


async def _record_event(
    conn: aiosqlite.Connection, hazard: HazardRecord, event: Event, actor: Actor, payload: Payload,
    target: State, now: datetime,
) -> int:
    """The event rows of one change: the status move, and a deadline move if any."""
    status = ("status", hazard.state.value, target.value) if target is not hazard.state else None
    note = payload.text.strip() or None
    if event is Event.REQUEST_EXTENSION:
        assert payload.new_deadline is not None
        return await _event(conn, hazard.id, now, actor.user_id, actor.role, event.value,
                            ("ext_deadline", str(hazard.deadline), str(payload.new_deadline)), note)
    if event in (Event.GRANT_EXTENSION, Event.REFUSE_EXTENSION):
        new = hazard.ext_deadline if event is Event.GRANT_EXTENSION else hazard.deadline
        return await _event(conn, hazard.id, now, actor.user_id, actor.role, event.value,
                            ("deadline", str(hazard.deadline), str(new)), hazard.ext_reason)
    return await _event(conn, hazard.id, now, actor.user_id, actor.role, event.value, status, note)


async def _update(
    conn: aiosqlite.Connection, hazard: HazardRecord, event: Event, target: State, actor: Actor, payload: Payload
) -> None:
    deadline, ext = hazard.deadline, (hazard.ext_reason, hazard.ext_deadline, None)
    if event is Event.REQUEST_EXTENSION:
        ext = (payload.text.strip(), payload.new_deadline, actor.user_id)
    elif event in (Event.GRANT_EXTENSION, Event.REFUSE_EXTENSION):
        if event is Event.GRANT_EXTENSION and hazard.ext_deadline is not None:
            deadline = hazard.ext_deadline
        ext = (None, None, None)
    await execute(
        conn,
        """
        UPDATE hazards SET status = ?, version = version + 1, deadline = ?,
            ext_reason = ?, ext_deadline = ?, ext_by = ?
        WHERE id = ? AND version = ?
        """,
        (_CODES[target], deadline.isoformat(), ext[0], None if ext[1] is None else ext[1].isoformat(),
         ext[2], hazard.id, hazard.version),
    )


def _record(row: sqlite3.Row) -> HazardRecord:
    return HazardRecord(
        id=row["id"], number=format_number(row["year"], row["seq"]), inspection_id=row["inspection_id"],
        item_id=row["item_id"], item_number=row["item_number"], item_content=row["item_content"],
        enterprise_id=row["enterprise_id"], enterprise_name=row["enterprise_name"],
        level=Hazard(row["level"]), description=row["description"], advice=row["advice"],
        found_by=row["found_by"], finder_name=row["finder_name"],
        found_at=from_text(row["found_at"]),  # type: ignore[arg-type]
        deadline=date.fromisoformat(row["deadline"]), state=_STATES[row["status"]], version=row["version"],
        responsible=row["responsible"], ext_reason=row["ext_reason"],
        ext_deadline=date_from_text(row["ext_deadline"]),
    )
