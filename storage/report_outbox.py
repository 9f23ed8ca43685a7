"""The report outbox: each produced report owed to a chat until Telegram confirms it.

Like the form outbox (storage/outbox.py) but the bytes are stored with the
row: a report describes the moment it was due, not the moment it is finally
sent. (key, chat) is unique, so a scheduled report queued twice (two ticks,
a restart) or a command redelivered is sent once. Functions here run inside
a transaction the caller opened and never commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite

from checklists.reports.common import QueuedReport, Report
from storage.db import execute, fetch_all, fetch_one, to_text

_COLUMNS = "id, key, chat_id, kind, period, summary, file_name, xlsx, chart, attempts, chart_message_id"


async def has(conn: aiosqlite.Connection, key: str) -> bool:
    return await fetch_one(conn, "SELECT 1 FROM report_outbox WHERE key = ? LIMIT 1", (key,)) is not None


async def enqueue(conn: aiosqlite.Connection, key: str, chat_ids: list[int], report: Report, xlsx: bytes,
                  now: datetime) -> int:
    """Queue `report` for each chat; a (key, chat) already queued is skipped. How many were new."""
    added = 0
    for chat_id in chat_ids:
        changed, _ = await execute(
            conn,
            """
            INSERT INTO report_outbox (key, chat_id, kind, period, summary, file_name, xlsx, chart,
                                       next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (key, chat_id) DO NOTHING
            """,
            (key, chat_id, report.kind, report.period, report.summary, report.file_name, xlsx, report.chart,
             to_text(now), to_text(now)),
        )
        added += changed
    return added


async def due(conn: aiosqlite.Connection, now: datetime) -> list[QueuedReport]:
    rows = await fetch_all(
        conn, f"SELECT {_COLUMNS} FROM report_outbox WHERE status = 'pending' AND next_attempt_at <= ? "
              "ORDER BY id", (to_text(now),))
    return [_queued(row) for row in rows]


async def chart_sent(conn: aiosqlite.Connection, report_id: int, message_id: int) -> None:
    await execute(conn, "UPDATE report_outbox SET chart_message_id = ? WHERE id = ? AND chart_message_id IS NULL",
                  (message_id, report_id))


async def sent(conn: aiosqlite.Connection, report_id: int, message_id: int, now: datetime) -> None:
    await execute(
        conn, "UPDATE report_outbox SET status = 'sent', attempts = attempts + 1, message_id = ?, sent_at = ? "
              "WHERE id = ? AND status = 'pending'", (message_id, to_text(now), report_id))


async def failed(conn: aiosqlite.Connection, report_id: int, error: str, retry_at: datetime | None) -> None:
    """Count the attempt; without a retry time the report is given up."""
    if retry_at is None:
        await execute(conn, "UPDATE report_outbox SET attempts = attempts + 1, last_error = ?, status = 'failed' "
                            "WHERE id = ? AND status = 'pending'", (error, report_id))
    else:
        await execute(conn, "UPDATE report_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                            "WHERE id = ? AND status = 'pending'", (error, to_text(retry_at), report_id))


def _queued(row: Any) -> QueuedReport:
    return QueuedReport(
        id=row["id"], key=row["key"], chat_id=row["chat_id"], kind=row["kind"], period=row["period"],
        summary=row["summary"], file_name=row["file_name"], xlsx=bytes(row["xlsx"]),
        chart=None if row["chart"] is None else bytes(row["chart"]), attempts=row["attempts"],
        chart_message_id=row["chart_message_id"],
    )
