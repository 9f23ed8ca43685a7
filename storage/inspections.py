"""Inspections: SQL and the mapping of their rows to `Inspection`.

Functions here run inside a transaction the caller opened and never commit.
Every content change goes through `require_open` in that same transaction,
so a submitted or cancelled form cannot be altered by a late button press.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from datetime import datetime

import aiosqlite

from checklists.inspection import Inspection, InspectionSummary, Location, Position, Status, User
from checklists.model import Checklist
from storage import enterprises
from storage.db import execute, fetch_all, fetch_one, from_text, to_text
from storage.errors import AlreadyInProgress, InspectionClosed, InspectionNotFound


class SnapshotCache:
    """Parsed checklist snapshots by inspection id.

    A snapshot is written once and never updated, and every button press
    reads its inspection, so parsing the JSON again each time is wasted work.
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[int, Checklist] = OrderedDict()

    def get(self, inspection_id: int, snapshot: str) -> Checklist:
        checklist = self._items.get(inspection_id)
        if checklist is None:
            checklist = Checklist.from_snapshot(json.loads(snapshot))
            self._items[inspection_id] = checklist
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(inspection_id)
        return checklist


_SELECT = """
    SELECT i.id, i.checklist_snapshot, i.status, i.started_at, i.submitted_at,
           i.principal_name, i.step, i.step_item_id, i.step_arg, i.latitude, i.longitude,
           u.id AS user_id, u.full_name, u.username,
           e.id AS enterprise_id, coalesce(i.enterprise_name_signed, e.name) AS enterprise_name,
           e.credit_code, e.town, e.industry, e.scale, e.category
    FROM inspections AS i
    JOIN users AS u ON u.id = i.inspector_id
    LEFT JOIN enterprises AS e ON e.id = i.enterprise_id
"""


async def get(conn: aiosqlite.Connection, inspection_id: int, cache: SnapshotCache) -> Inspection | None:
    row = await fetch_one(conn, _SELECT + " WHERE i.id = ?", (inspection_id,))
    return None if row is None else _inspection(row, cache)


async def active(conn: aiosqlite.Connection, user_id: int, cache: SnapshotCache) -> Inspection | None:
    row = await fetch_one(conn, _SELECT + " WHERE i.inspector_id = ? AND i.status = 'in_progress'", (user_id,))
    return None if row is None else _inspection(row, cache)


_HISTORY = """
    SELECT i.id, json_extract(i.checklist_snapshot, '$.short_title') AS title, i.status,
           i.started_at, i.submitted_at, u.id AS user_id, u.full_name, u.username,
           coalesce(i.enterprise_name_signed, e.name) AS enterprise_name
    FROM inspections AS i
    JOIN users AS u ON u.id = i.inspector_id
    LEFT JOIN enterprises AS e ON e.id = i.enterprise_id
    WHERE i.status != 'cancelled' AND (:user_id IS NULL OR i.inspector_id = :user_id)
    ORDER BY i.id DESC
    LIMIT :limit
"""


async def history(conn: aiosqlite.Connection, user_id: int | None, limit: int) -> list[InspectionSummary]:
    """Newest first; cancelled ones are left out (they have no form)."""
    rows = await fetch_all(conn, _HISTORY, {"user_id": user_id, "limit": limit})
    summaries = []
    for row in rows:
        started_at = from_text(row["started_at"])
        assert started_at is not None  # NOT NULL column
        summaries.append(InspectionSummary(
            id=row["id"], checklist_title=row["title"] or "",
            inspector=User(id=row["user_id"], full_name=row["full_name"], username=row["username"]),
            status=Status(row["status"]), started_at=started_at,
            submitted_at=from_text(row["submitted_at"]), enterprise_name=row["enterprise_name"],
        ))
    return summaries


async def insert(
    conn: aiosqlite.Connection, inspector: User, checklist: Checklist, position: Position, now: datetime
) -> int:
    """Start an inspection with a frozen copy of the checklist text."""
    running = await fetch_one(
        conn, "SELECT id FROM inspections WHERE inspector_id = ? AND status = 'in_progress'", (inspector.id,)
    )
    if running is not None:
        raise AlreadyInProgress(inspector.id, running["id"])
    snapshot = json.dumps(checklist.to_snapshot(), ensure_ascii=False, separators=(",", ":"))
    try:
        _, inspection_id = await execute(
            conn,
            """
            INSERT INTO inspections (checklist_id, checklist_version, checklist_snapshot,
                                     inspector_id, started_at, step, step_item_id, step_arg)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (checklist.id, checklist.version, snapshot, inspector.id, to_text(now),
             position.step, position.item_id, position.arg),
        )
    except sqlite3.IntegrityError as exc:  # the partial unique index, if a race got past the check
        raise AlreadyInProgress(inspector.id, None) from exc
    assert inspection_id is not None
    return inspection_id


async def status_of(conn: aiosqlite.Connection, inspection_id: int) -> Status:
    row = await fetch_one(conn, "SELECT status FROM inspections WHERE id = ?", (inspection_id,))
    if row is None:
        raise InspectionNotFound(inspection_id)
    return Status(row["status"])


async def require_open(conn: aiosqlite.Connection, inspection_id: int) -> None:
    """Refuse changes to anything but an inspection in progress."""
    status = await status_of(conn, inspection_id)
    if status is not Status.IN_PROGRESS:
        raise InspectionClosed(inspection_id, status.value)


async def set_position(conn: aiosqlite.Connection, inspection_id: int, position: Position) -> None:
    await require_open(conn, inspection_id)
    await execute(
        conn,
        "UPDATE inspections SET step = ?, step_item_id = ?, step_arg = ? WHERE id = ?",
        (position.step, position.item_id, position.arg, inspection_id),
    )


async def set_enterprise(conn: aiosqlite.Connection, inspection_id: int, enterprise_id: int) -> None:
    await require_open(conn, inspection_id)
    await execute(conn, "UPDATE inspections SET enterprise_id = ? WHERE id = ?", (enterprise_id, inspection_id))


async def set_principal(conn: aiosqlite.Connection, inspection_id: int, name: str) -> None:
    await require_open(conn, inspection_id)
    await execute(conn, "UPDATE inspections SET principal_name = ? WHERE id = ?", (name, inspection_id))


async def set_location(conn: aiosqlite.Connection, inspection_id: int, location: Location) -> None:
    await require_open(conn, inspection_id)
    await execute(
        conn,
        "UPDATE inspections SET latitude = ?, longitude = ? WHERE id = ?",
        (float(location.latitude), float(location.longitude), inspection_id),
    )


async def cancel(conn: aiosqlite.Connection, inspection_id: int, now: datetime) -> None:
    await require_open(conn, inspection_id)
    await execute(
        conn,
        "UPDATE inspections SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
        (to_text(now), inspection_id),
    )


async def mark_submitted(conn: aiosqlite.Connection, inspection_id: int, now: datetime) -> None:
    await require_open(conn, inspection_id)
    await execute(
        conn,
        # The enterprise's name is frozen with the form: a later rename of the
        # enterprise must not change what was signed.
        """
        UPDATE inspections SET status = 'submitted', submitted_at = ?,
            enterprise_name_signed = (SELECT e.name FROM enterprises AS e WHERE e.id = enterprise_id)
        WHERE id = ?
        """,
        (to_text(now), inspection_id),
    )


def _inspection(row: sqlite3.Row, cache: SnapshotCache) -> Inspection:
    enterprise = None
    if row["enterprise_id"] is not None:
        enterprise = enterprises.enterprise(row, id_column="enterprise_id", name_column="enterprise_name")
    location = None
    if row["latitude"] is not None:
        location = Location(latitude=row["latitude"], longitude=row["longitude"])
    started_at = from_text(row["started_at"])
    assert started_at is not None  # NOT NULL column
    return Inspection(
        id=row["id"],
        checklist=cache.get(row["id"], row["checklist_snapshot"]),
        inspector=User(id=row["user_id"], full_name=row["full_name"], username=row["username"]),
        status=Status(row["status"]),
        started_at=started_at,
        position=Position(step=row["step"], item_id=row["step_item_id"], arg=row["step_arg"]),
        enterprise=enterprise,
        principal_name=row["principal_name"],
        submitted_at=from_text(row["submitted_at"]),
        location=location,
    )
