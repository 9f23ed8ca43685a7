"""The delivery outbox: SQL and the mapping of its rows to `Delivery`.

A submitted form is owed to each chat until Telegram confirms it; keeping
that debt in SQLite (written in the submit transaction) means a restart
neither loses a form nor, once a row is marked sent, sends it twice.
Functions here run inside a transaction the caller opened and never commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from checklists.documents import kind_of
from checklists.inspection import Delivery, DeliveryStatus
from storage.db import execute, fetch_all, fetch_one, from_text, to_text
from storage.errors import DeliveryNotFound

_COLUMNS = (
    "id, inspection_id, chat_id, caption, file_name, status, attempts, "
    "next_attempt_at, created_at, last_error, message_id, sent_at"
)


async def enqueue(
    conn: aiosqlite.Connection, inspection_id: int, deliveries: Sequence[tuple[int, str, str]], now: datetime
) -> None:
    """Queue (chat_id, caption, file_name) entries; a chat already owed this document is skipped.

    The document kind (.xlsx or PDF) is the file name's: each reaches each chat once.
    """
    for chat_id, caption, file_name in deliveries:
        await execute(
            conn,
            """
            INSERT INTO deliveries (inspection_id, chat_id, document, caption, file_name,
                                    next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (inspection_id, chat_id, document) DO NOTHING
            """,
            (inspection_id, int(chat_id), kind_of(file_name).name, caption, file_name,
             to_text(now), to_text(now)),
        )


async def due(conn: aiosqlite.Connection, now: datetime) -> list[Delivery]:
    rows = await fetch_all(
        conn,
        f"""
        SELECT {_COLUMNS} FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= ?
        ORDER BY created_at, id
        """,
        (to_text(now),),
    )
    return [_delivery(row) for row in rows]


async def next_at(conn: aiosqlite.Connection) -> datetime | None:
    row = await fetch_one(conn, "SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'")
    return None if row is None else from_text(row["at"])


async def mark_delivered(conn: aiosqlite.Connection, delivery_id: int, message_id: int, now: datetime) -> None:
    """Only a pending row changes: a repeated confirmation keeps the first message id."""
    changed, _ = await execute(
        conn,
        """
        UPDATE deliveries SET status = 'sent', attempts = attempts + 1, message_id = ?, sent_at = ?
        WHERE id = ? AND status = 'pending'
        """,
        (message_id, to_text(now), delivery_id),
    )
    if not changed:
        await _require(conn, delivery_id)


async def mark_attempt_failed(
    conn: aiosqlite.Connection, delivery_id: int, error: str, retry_at: datetime | None
) -> None:
    """Count the attempt; without a retry time the delivery is given up (status failed)."""
    if retry_at is None:
        sql = """
            UPDATE deliveries SET attempts = attempts + 1, last_error = ?, status = 'failed'
            WHERE id = ? AND status = 'pending'
        """
        params: tuple[object, ...] = (error, delivery_id)
    else:
        sql = """
            UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
            WHERE id = ? AND status = 'pending'
        """
        params = (error, to_text(retry_at), delivery_id)
    changed, _ = await execute(conn, sql, params)
    if not changed:
        await _require(conn, delivery_id)


async def fail_pending(conn: aiosqlite.Connection, inspection_id: int, error: str) -> list[int]:
    """Give up every pending delivery of one inspection (its form cannot be produced);
    the chats that will not get it."""
    rows = await fetch_all(
        conn, "SELECT chat_id FROM deliveries WHERE inspection_id = ? AND status = 'pending' ORDER BY id",
        (inspection_id,),
    )
    await execute(
        conn,
        """
        UPDATE deliveries SET attempts = attempts + 1, last_error = ?, status = 'failed'
        WHERE inspection_id = ? AND status = 'pending'
        """,
        (error, inspection_id),
    )
    return [row["chat_id"] for row in rows]


async def undelivered(conn: aiosqlite.Connection, inspector_id: int | None, limit: int) -> list[Delivery]:
    """Deliveries given up or still being retried, newest inspection first;
    only `inspector_id`'s inspections unless None (supervisors see all)."""
    columns = ", ".join(f"d.{name.strip()}" for name in _COLUMNS.split(","))
    rows = await fetch_all(
        conn,
        f"""
        SELECT {columns} FROM deliveries AS d JOIN inspections AS i ON i.id = d.inspection_id
        WHERE (d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0))
          AND (? IS NULL OR i.inspector_id = ?)
        ORDER BY d.inspection_id DESC, d.id
        LIMIT ?
        """,
        (inspector_id, inspector_id, limit),
    )
    return [_delivery(row) for row in rows]


async def _require(conn: aiosqlite.Connection, delivery_id: int) -> None:
    """An unknown id is a bug worth raising; a row no longer pending is a harmless repeat."""
    if await fetch_one(conn, "SELECT 1 FROM deliveries WHERE id = ?", (delivery_id,)) is None:
        raise DeliveryNotFound(delivery_id)


def _delivery(row: sqlite3.Row) -> Delivery:
    next_attempt_at, created_at = from_text(row["next_attempt_at"]), from_text(row["created_at"])
    assert next_attempt_at is not None and created_at is not None  # NOT NULL columns
    return Delivery(
        id=row["id"],
        inspection_id=row["inspection_id"],
        chat_id=row["chat_id"],
        caption=row["caption"],
        file_name=row["file_name"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=next_attempt_at,
        created_at=created_at,
        last_error=row["last_error"],
        message_id=row["message_id"],
        sent_at=from_text(row["sent_at"]),
    )
