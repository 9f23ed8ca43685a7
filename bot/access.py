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

from bot import texts
from bot.services import Services, services
from checklists.inspection import User

log = logging.getLogger(__name__)

MEMBER_TTL = 600.0  # seconds a positive answer is trusted
OUTSIDER_TTL = 60.0  # a newly added member waits at most this long
_MEMBER_STATUSES = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def is_authorised(svc: Services, bot: object, user_id: int) -> bool:
    """Admin ids always; others by getChatMember on the bureau group, cached."""
    if user_id in svc.settings.admin_ids:
        return True
    now = time.monotonic()
    cached = svc.member_cache.get(user_id)
    if cached and cached[0] > now:
        return cached[1]
    try:
        member = await bot.get_chat_member(svc.settings.group_id, user_id)  # type: ignore[attr-defined]
    except TelegramError as exc:
        log.warning("getChatMember for user %s failed: %s", user_id, exc)
        return bool(cached and cached[1])
    allowed = member.status in _MEMBER_STATUSES or getattr(member, "is_member", False) is True
    svc.member_cache[user_id] = (now + (MEMBER_TTL if allowed else OUTSIDER_TTL), allowed)
    return allowed


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
        message = update.effective_message
        if message and message.text and message.text.startswith("/"):
            await message.reply_text(texts.GROUP_HINT)
        raise ApplicationHandlerStop
    svc = services(context)
    if not await is_authorised(svc, context.bot, user.id):
        log.info("refused user %s", user.id)
        await _refuse(update, texts.NOT_AUTHORISED)
        raise ApplicationHandlerStop
    known = svc.known_users.get(user.id)
    current = (user.full_name, user.username)
    if known != current:
        await svc.storage.upsert_user(User(user.id, user.full_name, user.username))
        svc.known_users[user.id] = current
