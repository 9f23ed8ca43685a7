"""Reminders before a deadline and the daily overdue digest, on PTB's JobQueue.

Nothing is kept in memory: every run asks the database what is due, so a
start-up run catches up what fell due while the bot was down. Each notice
is claimed in `hazard_notices` before it is sent and marked sent after, so
it goes out at most once (chosen over at-least-once: a duplicate nags the
group, a crash in the milliseconds between claim and send is logged at the
next start as "possibly not sent"). A send Telegram definitely refused
(bad request, 429, blocked) releases the claim and is retried later.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from telegram import InputFile
from telegram.constants import ParseMode
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes

from bot import hazard_views as views
from bot import texts
from bot.hazard_service import KEY, HazardService

log = logging.getLogger(__name__)

DUE = "due"
DIGEST = "digest"
RETRY_SECONDS = 300
MESSAGE_LIMIT = 4096


def schedule(app: Application, hz: HazardService) -> None:
    """Daily at CHECKLIST_BOT_DIGEST_AT (local), and once right after start-up."""
    queue = app.job_queue
    if queue is None:  # the job-queue extra is a dependency; say clearly if it is missing
        log.error("JobQueue unavailable: install python-telegram-bot[job-queue]; hazard reminders are off")
        return
    at = hz.settings.digest_at.replace(tzinfo=hz.settings.tz)
    queue.run_daily(_job, time=at, name="hazard-reminders")
    queue.run_once(_job, when=1, name="hazard-reminders-catch-up")


async def recover(hz: HazardService) -> None:
    """At start-up, before any job: a claim never confirmed means the process died
    mid-send. It is not resent (at most once); the log says it may be missing."""
    for kind, key in await hz.store.unsettled_notices():
        log.warning("hazard notice %s %s was claimed but not confirmed sent before a restart; "
                    "not resending (possibly not delivered)", kind, key)
        await hz.store.settle_notice(kind, key, hz.now())


async def _job(context: ContextTypes.DEFAULT_TYPE) -> None:
    hz: HazardService = context.application.bot_data[KEY]
    retry = await tick(hz, context.bot)
    if retry and context.job_queue is not None:
        context.job_queue.run_once(_job, when=RETRY_SECONDS, name="hazard-reminders-retry")


async def tick(hz: HazardService, bot: object) -> bool:
    """Send what is due now (hz.now(), injectable); True if something should be retried."""
    now = hz.now()
    local = now.astimezone(hz.settings.tz)
    if local.time().replace(tzinfo=None) < hz.settings.digest_at:
        return False
    today = local.date()
    retry = False
    for hazard in await hz.store.due_between(today, today + timedelta(days=1)):
        text = texts.HZ_REMINDER.format(number=hazard.number, enterprise=views._e(hazard.enterprise_name),
                                        level=hazard.level.value, deadline=hazard.deadline,
                                        description=views._e(views._cut(hazard.description, 200)))
        send = lambda h=hazard, t=text: bot.send_message(h.found_by, t, parse_mode=ParseMode.HTML)  # type: ignore[attr-defined]  # noqa: E731
        retry |= await send_once(hz, DUE, f"{hazard.id}:{hazard.deadline}", send, now)
    lines = await hz.store.overdue(today)
    if lines:
        retry |= await send_once(hz, DIGEST, today.isoformat(), lambda: _send_digest(hz, bot, lines, today), now)
    return retry


async def send_once(hz: HazardService, kind: str, key: str, send: Callable[[], Awaitable[object]],
                    now: datetime) -> bool:
    """Claim, send, mark. Returns True when a refused send was released for a retry."""
    if not await hz.store.claim_notice(kind, key, now):
        return False
    try:
        await send()
    except TelegramError as exc:
        if isinstance(exc, TimedOut) or type(exc) is NetworkError:
            # It may have arrived: keep the claim, never send twice.
            log.warning("hazard notice %s %s: outcome unknown (%s); not resending", kind, key, exc)
            await hz.store.settle_notice(kind, key, now)
            return False
        log.warning("hazard notice %s %s refused by Telegram (%s); will retry", kind, key, exc)
        await hz.store.settle_notice(kind, key, None)
        return True
    await hz.store.settle_notice(kind, key, hz.now())
    return False


async def _send_digest(hz: HazardService, bot: object, lines: list, today: object) -> None:
    """One message to the group, or one file when the list is too long for a message."""
    text = views.digest(lines, today)  # type: ignore[arg-type]
    if len(text) <= MESSAGE_LIMIT:
        await bot.send_message(hz.settings.group_id, text, parse_mode=ParseMode.HTML)  # type: ignore[attr-defined]
        return
    data = views.digest_plain(lines, today).encode("utf-8")  # type: ignore[arg-type]
    await bot.send_document(  # type: ignore[attr-defined]
        hz.settings.group_id, InputFile(io.BytesIO(data), filename=f"逾期隐患-{today}.txt"),
        caption=texts.HZ_DIGEST_FILE.format(date=today, total=len(lines)),
    )
