"""The outbox worker: sends each submitted form to the inspector and the group.

Deliveries are rows in SQLite, so they survive restarts; each row is marked
sent with the message id the moment Telegram confirms it, and only rows still
pending are ever sent again. Failures are retried with exponential backoff,
429 answers wait exactly `retry_after`. The form is rendered from stored data,
once per document kind (.xlsx, PDF: checklists/documents.py) and inspection.
"""

from __future__ import annotations

import asyncio
import io
import logging
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from telegram import Bot, InputFile
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from checklists.documents import KINDS, XLSX, DocumentKind, kind_of
from checklists.form import form_file_name
from checklists.inspection import Delivery
from bot.ratelimit import retry_seconds
from bot.undelivered import RenderFailed
from storage import Storage

log = logging.getLogger(__name__)

UPLOAD_TIMEOUT = 120.0  # seconds; a 40 MB form on a slow uplink


async def render_bytes(
    storage: Storage, inspection_id: int, tz: ZoneInfo, kind: DocumentKind = XLSX,
) -> tuple[str, bytes]:
    """(file name, document bytes) from stored data, rendered off the event loop."""
    filled = await storage.filled(inspection_id)
    if filled is None:
        raise LookupError(f"inspection {inspection_id} vanished from the database")
    buffer = io.BytesIO()
    read = storage.media.read
    await asyncio.to_thread(kind.render, filled, lambda p: read(p.sha256), buffer, tz=tz)
    return form_file_name(filled, tz, kind.name), buffer.getvalue()


class DeliveryWorker:
    def __init__(
        self, bot: Bot, storage: Storage, tz: ZoneInfo, *,
        base_delay: float = 5.0, max_delay: float = 900.0, max_attempts: int = 100,
        on_render_failed: RenderFailed | None = None,
    ) -> None:
        self._bot, self._storage, self._tz = bot, storage, tz
        self._on_render_failed = on_render_failed
        self._base, self._max, self._max_attempts = base_delay, max_delay, max_attempts
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="delivery-worker")

    def wake(self) -> None:
        """A new submission: look at the outbox now rather than at the next tick."""
        self._wake.set()

    async def stop(self, grace: float = 5.0) -> None:
        """Let an upload in flight finish (briefly), then stop."""
        self._stopping = True
        self._wake.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, grace)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.run_once()
                timeout = await self._idle_time()
            except Exception:
                log.exception("delivery loop failed; retrying in %s s", self._base)
                timeout = self._base
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()

    async def _idle_time(self) -> float:
        next_at = await self._storage.next_delivery_at()
        if next_at is None:
            return 60.0
        return min(60.0, max(0.0, (next_at - datetime.now(timezone.utc)).total_seconds()))

    async def run_once(self) -> int:
        """Send every due delivery once; returns how many were sent."""
        forms: dict[tuple[int, str], bytes | None] = {}  # None: the form cannot be produced
        sent = 0
        for delivery in await self._storage.due_deliveries(datetime.now(timezone.utc)):
            if self._stopping:
                break
            sent += await self._deliver(delivery, forms)
        return sent

    async def _render(self, inspection_id: int, kind: DocumentKind = XLSX) -> bytes:
        return (await render_bytes(self._storage, inspection_id, self._tz, kind))[1]

    async def _render_or_give_up(self, inspection_id: int, kind: DocumentKind = XLSX) -> bytes | None:
        """A render error is a bug, not a network error: retrying cannot fix it.
        Log it once with its traceback, give up the form's deliveries, tell people."""
        try:
            return await self._render(inspection_id, kind)
        except Exception as exc:
            log.exception("cannot produce the form of inspection %s: its deliveries are given up", inspection_id)
            chats = await self._storage.fail_form(inspection_id, f"render failed: {type(exc).__name__}: {exc}"[:500])
            if chats and self._on_render_failed is not None:  # told once, by whoever gave it up
                await self._on_render_failed(inspection_id, chats)
            return None

    async def _deliver(self, delivery: Delivery, forms: dict[tuple[int, str], bytes | None]) -> int:
        kind = kind_of(delivery.file_name)
        key = (delivery.inspection_id, kind.name)
        if key not in forms:
            forms[key] = await self._render_or_give_up(delivery.inspection_id, kind)
            if forms[key] is None:  # its other documents were given up with it: not rendered, not sent
                forms.update({(delivery.inspection_id, other): None for other in KINDS})
        form = forms[key]
        if form is None:
            return 0  # given up together with its inspection's other deliveries
        try:
            message = await self._bot.send_document(
                delivery.chat_id,
                document=InputFile(form, filename=delivery.file_name),
                caption=delivery.caption,
                read_timeout=UPLOAD_TIMEOUT,
                write_timeout=UPLOAD_TIMEOUT,
            )
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            await self._retry(delivery, f"429 retry after {wait}", float(wait))
            return 0
        except Exception as exc:  # every failure is retried; the outbox row keeps the form owed
            await self._retry(delivery, self._describe(delivery, exc), self._backoff(delivery.attempts))
            return 0
        await self._storage.mark_delivered(delivery.id, message.message_id)
        log.info("delivered form of inspection %s to chat %s", delivery.inspection_id, delivery.chat_id)
        return 1

    def _describe(self, delivery: Delivery, exc: Exception) -> str:
        if isinstance(exc, (Forbidden, BadRequest)) and delivery.chat_id < 0:
            log.error(
                "cannot send to group %s (CHECKLIST_BOT_GROUP_ID): %s — is the bot a member?",
                delivery.chat_id, exc,
            )
        elif not isinstance(exc, TelegramError):
            log.exception("delivery %s failed", delivery.id)
        return f"{type(exc).__name__}: {exc}"

    def _backoff(self, attempts: int) -> float:
        return min(self._max, self._base * 2 ** min(attempts, 20)) * random.uniform(0.8, 1.2)

    async def _retry(self, delivery: Delivery, error: str, delay: float) -> None:
        give_up = delivery.attempts + 1 >= self._max_attempts
        retry_at = None if give_up else datetime.now(timezone.utc) + timedelta(seconds=delay)
        log.warning("delivery %s attempt %s failed (%s)", delivery.id, delivery.attempts + 1, error)
        await self._storage.mark_attempt_failed(delivery.id, error[:500], retry_at)
