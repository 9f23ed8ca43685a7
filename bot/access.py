"""Who may use the bot, checked once per update in an early handler group.

A user may inspect when the bureau group lists them as a member (or they are
an admin id). Outsiders are refused before any handler runs, and nothing of
theirs is stored. Group chats only ever receive forms; commands typed there
get a hint to use the private chat.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import hazard_contacts, reports, texts
from bot.membercache import Verdict
from bot.services import Services, services
from checklists.inspection import User

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 5.0  # seconds; a person is waiting for the answer
_MEMBER_STATUSES = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def verdict(svc: Services, bot: object, user_id: int) -> Verdict:
    """Admin ids always; others by getChatMember on the bureau group, remembered.

    A failed or timed-out check is not a "no": a recently confirmed member
    keeps working, anyone else gets Verdict.UNKNOWN (asked to retry shortly).
    """
    if user_id in svc.settings.admin_ids:
        return Verdict.MEMBER
    now = time.monotonic()
    known = svc.member_cache.fresh(user_id, now)
    if known is not None:
        return known
    try:
        member = await bot.get_chat_member(  # type: ignore[attr-defined]
            svc.settings.group_id, user_id, read_timeout=CHECK_TIMEOUT, connect_timeout=CHECK_TIMEOUT
        )
    except TelegramError as exc:
        fallback = svc.member_cache.fallback(user_id, now)
        log.warning("getChatMember for user %s in group %s (CHECKLIST_BOT_GROUP_ID) failed: %s; treating as %s",
                    user_id, svc.settings.group_id, exc, fallback.value)
        return fallback
    allowed = member.status in _MEMBER_STATUSES or getattr(member, "is_member", False) is True
    svc.member_cache.remember(user_id, allowed, now)
    return Verdict.MEMBER if allowed else Verdict.OUTSIDER


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


async def check_access(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop every update that is not from an authorised user in a private chat."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        raise ApplicationHandlerStop
    if chat.type != ChatType.PRIVATE:
        if hazard_contacts.group_update_allowed(update, context):
            return  # hazard review buttons and /hazards in the bureau group
        if reports.group_update_allowed(update, context):
            return  # /report and /report-input sheets in the bureau group (supervisors checked there)
        message = update.effective_message
        if message and message.text and message.text.startswith("/"):
            await message.reply_text(texts.GROUP_HINT)
        raise ApplicationHandlerStop
    svc = services(context)
    if hazard_contacts.is_invite_start(update) or await hazard_contacts.contact_gate(update, context):
        return  # invite links and enterprise contacts: their own, narrower access
    found = await verdict(svc, context.bot, user.id)
    if found is not Verdict.MEMBER:
        log.info("refused user %s (%s)", user.id, found.value)
        await _refuse(update, texts.NOT_AUTHORISED if found is Verdict.OUTSIDER else texts.ACCESS_UNVERIFIED)
        raise ApplicationHandlerStop
    known = svc.known_users.get(user.id)
    current = (user.full_name, user.username)
    if known != current:
        await svc.storage.upsert_user(User(user.id, user.full_name, user.username))
        svc.known_users[user.id] = current
