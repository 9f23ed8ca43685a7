"""Forms that could not be produced or delivered: who is told, and what /status shows.

A form that fails to render is a bug, not a network outage: retrying cannot
fix it, and silence would let an inspector believe the bureau has the form.
So the people it was owed to and every supervisor (ADMIN_IDS) are told at
once, and the form stays listed under /status.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot
from telegram.error import TelegramError

from bot import texts
from checklists.inspection import Delivery, Inspection
from storage import Storage

log = logging.getLogger(__name__)

RenderFailed = Callable[[int, Sequence[int]], Awaitable[None]]  # (inspection id, chats given up)


async def _inspection(storage: Storage, inspection_id: int) -> Inspection | None:
    """The inspection if it can still be read: what broke the form may break this too."""
    try:
        return await storage.inspection(inspection_id)
    except Exception as exc:  # already logged with its traceback by the delivery worker
        log.warning("inspection %s cannot be read: %s: %s", inspection_id, type(exc).__name__, exc)
        return None


def _enterprise(inspection: Inspection | None) -> str:
    return inspection.enterprise.name if inspection and inspection.enterprise else texts.NO_ENTERPRISE_YET


def notifier(bot: Bot, storage: Storage, supervisors: frozenset[int]) -> RenderFailed:
    """The delivery worker's callback for a form that cannot be produced."""

    async def tell(inspection_id: int, chats: Sequence[int]) -> None:
        inspection = await _inspection(storage, inspection_id)
        people = {chat for chat in chats if chat > 0}  # the inspector's private chat; not the group
        if inspection is not None:
            people.add(inspection.inspector.id)
        messages = {chat: texts.FORM_FAILED_INSPECTOR.format(id=inspection_id) for chat in people}
        for chat_id in supervisors:
            messages[chat_id] = texts.FORM_FAILED_SUPERVISOR.format(
                id=inspection_id, enterprise=_enterprise(inspection),
                inspector=inspection.inspector.full_name if inspection else "?",
            )
        for chat_id, text in sorted(messages.items()):
            try:
                await bot.send_message(chat_id, text)
            except TelegramError as exc:  # the log already has the failure itself
                log.warning("could not tell chat %s that form %s failed: %s", chat_id, inspection_id, exc)

    return tell


def _status(deliveries: list[Delivery]) -> str:
    failed = any(d.status.value == "failed" for d in deliveries)
    return texts.UNDELIVERED_STATUS["failed" if failed else "pending"]


async def status_lines(storage: Storage, user_id: int, supervisors: frozenset[int]) -> str | None:
    """The /status note on undelivered forms (the user's own; all for supervisors), or None."""
    found = await storage.undelivered(None if user_id in supervisors else user_id)
    by_inspection: dict[int, list[Delivery]] = {}
    for delivery in found:
        by_inspection.setdefault(delivery.inspection_id, []).append(delivery)
    if not by_inspection:
        return None
    lines = [texts.UNDELIVERED_HEADER]
    for inspection_id, deliveries in by_inspection.items():
        enterprise = _enterprise(await _inspection(storage, inspection_id))
        lines.append(texts.UNDELIVERED_LINE.format(id=inspection_id, enterprise=enterprise, status=_status(deliveries)))
    return "\n".join(lines)
