"""`ReportStore`: the reports' transactions, created by `Storage` (Storage.reports).

Each method is one transaction and returns domain objects only.
"""

from __future__ import annotations

from datetime import datetime

from checklists.reports.common import QueuedReport, Report
from checklists.reports.facts import Facts, InputValue
from checklists.reports.registry import Needs
from storage import report_outbox, report_queries
from storage.db import Database


class ReportStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def facts(self, needs: Needs) -> Facts | None:
        """One consistent snapshot of what a report reads; None for an unknown enterprise."""
        async with self._db.transaction(write=False) as conn:
            return await report_queries.facts(conn, needs)

    async def inputs(self, annex: str) -> dict[tuple[str, str], InputValue]:
        async with self._db.transaction(write=False) as conn:
            return await report_queries.inputs(conn, annex)

    async def put_inputs(self, annex: str, values: dict[tuple[str, str], float | None], user_id: int,
                         now: datetime, source: str) -> int:
        """Store a supervisor's numbers (changed ones only, each with who and when); how many changed."""
        async with self._db.transaction() as conn:
            return await report_queries.put_inputs(conn, annex, values, user_id, now, source)

    async def had_activity(self, before: datetime) -> bool:
        async with self._db.transaction(write=False) as conn:
            return await report_queries.had_activity(conn, before)

    async def queued(self, key: str) -> bool:
        async with self._db.transaction(write=False) as conn:
            return await report_outbox.has(conn, key)

    async def enqueue(self, key: str, chat_ids: list[int], report: Report, xlsx: bytes, now: datetime) -> int:
        async with self._db.transaction() as conn:
            return await report_outbox.enqueue(conn, key, chat_ids, report, xlsx, now)

    async def due(self, now: datetime) -> list[QueuedReport]:
        async with self._db.transaction(write=False) as conn:
            return await report_outbox.due(conn, now)

    async def chart_sent(self, report_id: int, message_id: int) -> None:
        async with self._db.transaction() as conn:
            await report_outbox.chart_sent(conn, report_id, message_id)

    async def sent(self, report_id: int, message_id: int, now: datetime) -> None:
        async with self._db.transaction() as conn:
            await report_outbox.sent(conn, report_id, message_id, now)

    async def failed(self, report_id: int, error: str, retry_at: datetime | None) -> None:
        async with self._db.transaction() as conn:
            await report_outbox.failed(conn, report_id, error, retry_at)
