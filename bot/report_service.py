"""Producing, queueing and sending reports: the bot side of checklists/reports/.

A report is produced from one consistent read of the database, rendered to
.xlsx (and a PNG chart) off the event loop, and queued in the report outbox
with its bytes; `flush` sends what is queued, chart first, then the file
with the summary as its caption, marking each step as Telegram confirms it,
so a restart resumes where it stopped and sends nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from telegram import InputFile
from telegram.error import RetryAfter

from bot.config import Settings
from bot.ratelimit import retry_seconds
from checklists.reports.common import QueuedReport, Report, Request
from checklists.reports.registry import KINDS
from checklists.reports.schedule import Due, Slot, due
from checklists.reports.sheet import render
from storage.report_store import ReportStore

log = logging.getLogger(__name__)

KEY = "report_service"
CAPTION_LIMIT = 1024
UPLOAD_TIMEOUT = 120.0
MAX_ATTEMPTS = 50


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class ReportService:
    store: ReportStore
    settings: Settings
    clock: Callable[[], datetime] = utcnow  # injected by tests
    _sending: asyncio.Lock = field(default_factory=asyncio.Lock)

    def request(self, kind: str, month: str | None = None, enterprise: str | None = None,
                at: datetime | None = None) -> Request:
        """`at`: the moment the report describes (a scheduled one: when it fell due); default now."""
        now = at or self.clock()
        local = now.astimezone(self.settings.tz)
        return Request(kind=kind, month=month or f"{local.year:04d}-{local.month:02d}", now=now,
                       tz=self.settings.tz, unit=self.settings.report_unit,
                       first_month=self.settings.report_first_month, enterprise=enterprise)

    async def produce(self, req: Request) -> tuple[Report, bytes] | None:
        """The report and its .xlsx bytes; None when annex 3 names an unknown enterprise."""
        kind = KINDS[req.kind]
        facts = await self.store.facts(kind.needs(req))
        if facts is None:
            return None
        return await asyncio.to_thread(_build, kind.build, req, facts)

    async def queue(self, key: str, chat_ids: list[int], req: Request) -> Report | None:
        produced = await self.produce(req)
        if produced is None:
            return None
        report, xlsx = produced
        await self.store.enqueue(key, chat_ids, report, xlsx, self.clock())
        return report

    def slots(self) -> tuple[Slot, ...]:
        s = self.settings
        return (
            Slot(("1", "2"), s.report_monthly_at[0], s.report_monthly_at[1]),
            Slot(("5",), s.report_annex5_at[0], s.report_annex5_at[1], previous_month=True),
            Slot(("weekly",), s.report_weekly_at[0], s.report_weekly_at[1], weekly=True),
        )

    async def tick(self, bot: object) -> int:
        """Queue every scheduled report now due and not queued before, then send; how many were queued."""
        queued = 0
        assert self.settings.group_id is not None
        for item in due(self.slots(), self.clock().astimezone(self.settings.tz)):
            if await self.store.queued(item.key) or not await self.store.had_activity(item.at):
                continue
            queued += await self._queue_due(item)
        await self.flush(bot)
        return queued

    async def _queue_due(self, item: Due) -> int:
        try:
            req = self.request(item.kind, item.month, at=item.at)  # as it stood when it fell due
            report = await self.queue(item.key, [int(self.settings.group_id or 0)], req)
        except Exception:  # a bug or damaged data: logged with its traceback, tried again next tick
            log.exception("cannot produce scheduled report %s", item.key)
            return 0
        log.info("scheduled report %s queued", item.key)
        return 0 if report is None else 1

    async def flush(self, bot: object) -> int:
        """Send every due queued report (one flush at a time); how many were completed."""
        async with self._sending:
            done = 0
            for item in await self.store.due(self.clock()):
                done += await self._send(bot, item)
            return done

    async def _send(self, bot: object, item: QueuedReport) -> int:
        try:
            if item.chart is not None and item.chart_message_id is None:
                photo = await bot.send_photo(item.chat_id, InputFile(item.chart, filename="chart.png"),  # type: ignore[attr-defined]
                                             read_timeout=UPLOAD_TIMEOUT, write_timeout=UPLOAD_TIMEOUT)
                await self.store.chart_sent(item.id, photo.message_id)
            message = await bot.send_document(  # type: ignore[attr-defined]
                item.chat_id, InputFile(item.xlsx, filename=item.file_name), caption=item.summary[:CAPTION_LIMIT],
                read_timeout=UPLOAD_TIMEOUT, write_timeout=UPLOAD_TIMEOUT)
        except RetryAfter as exc:
            await self._retry(item, f"429 retry after {retry_seconds(exc)}", float(retry_seconds(exc)))
            return 0
        except Exception as exc:  # kept owed; retried with backoff
            await self._retry(item, f"{type(exc).__name__}: {exc}", min(900.0, 5.0 * 2 ** min(item.attempts, 10)))
            return 0
        await self.store.sent(item.id, message.message_id, self.clock())
        log.info("report %s sent to chat %s", item.key, item.chat_id)
        return 1

    async def _retry(self, item: QueuedReport, error: str, delay: float) -> None:
        if item.chat_id == self.settings.group_id and error.startswith(("Forbidden", "BadRequest")):
            log.error("cannot send report %s to group %s (CHECKLIST_BOT_GROUP_ID): %s — is the bot a member?",
                      item.key, item.chat_id, error)
        log.warning("report %s to chat %s: attempt %s failed (%s)", item.key, item.chat_id, item.attempts + 1, error)
        give_up = item.attempts + 1 >= MAX_ATTEMPTS
        retry_at = None if give_up else self.clock() + timedelta(seconds=delay * random.uniform(0.8, 1.2))
        await self.store.failed(item.id, error[:500], retry_at)


def _build(build: Callable[[Request, object], Report], req: Request, facts: object) -> tuple[Report, bytes]:
    report = build(req, facts)
    return report, render(report.table)
