"""Enterprise contacts: one-time invite links, /start <token>, /revoke, and their
narrow access (called from bot/access.py's early handler group).

A token is 192 random bits (secrets.token_urlsafe(24)), sent once in the
link and stored only as its SHA-256; it is single-use and expires after 7
days. A contact reaches only the hazard handlers, and those check that the
hazard is of the contact's one enterprise.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import hazard_views as views
from bot import texts
from bot.hazard_callbacks import PREFIX
from bot.hazard_service import KEY, HazardService, hazard_service
from checklists.hazard_flow import Role
from checklists.hazards import HazardRecord

log = logging.getLogger(__name__)

INVITE_DAYS = 7
TOKEN_BYTES = 24  # 192 bits; 32 URL-safe characters, within the 64 a deep link allows
_CONTACT_COMMANDS = {"/hazards", "/hazard"}  # /start <token> passes through is_invite_start
_GROUP_COMMANDS = {"/hazards", "/hazard"}


def _command(update: Update) -> str | None:
    message = update.effective_message
    text = message.text if message and message.text else ""
    return text.split(maxsplit=1)[0].split("@", 1)[0].lower() if text.startswith("/") else None


def is_invite_start(update: Update) -> bool:
    """/start <token> in a private chat: let it through to on_start_token, whoever sends it."""
    message = update.effective_message
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE or message is None:
        return False
    parts = (message.text or "").split()
    return len(parts) == 2 and parts[0].split("@", 1)[0] == "/start"


def group_update_allowed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In the bureau group the bot answers only hazard buttons and /hazards, /hazard."""
    hz: HazardService | None = context.application.bot_data.get(KEY)
    if hz is None or update.effective_chat is None or update.effective_chat.id != hz.settings.group_id:
        return False
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith(PREFIX + ":")
    return _command(update) in _GROUP_COMMANDS


async def contact_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """For an enterprise contact: True lets a hazard update through; anything else is
    refused here (and stops). False: not a contact, the usual access check applies."""
    from telegram.ext import ApplicationHandlerStop

    hz: HazardService | None = context.application.bot_data.get(KEY)
    user = update.effective_user
    if hz is None or user is None or user.id not in hz.contacts:
        return False
    if update.callback_query is not None:
        if (update.callback_query.data or "").startswith(PREFIX + ":"):
            return True
        await update.callback_query.answer(texts.HZ_CONTACT_SCOPE[:200], show_alert=True)
        raise ApplicationHandlerStop
    message = update.effective_message
    command = _command(update)
    if command in _CONTACT_COMMANDS:
        return True
    if message is not None and command is None and user.id in hz.drafting and (message.text or message.photo or message.document):
        return True
    if message is not None:
        await message.reply_text(texts.HZ_CONTACT_SCOPE)
    raise ApplicationHandlerStop


async def send_invite(update: Update, context: ContextTypes.DEFAULT_TYPE, hazard: HazardRecord) -> None:
    """A staff member invites the safety officer of the hazard's enterprise."""
    hz = hazard_service(context)
    query, user = update.callback_query, update.effective_user
    if hz.actor(user.id).role is Role.CONTACT or update.effective_chat.type != ChatType.PRIVATE:
        await query.answer(texts.HZ_REFUSAL["not_allowed"])
        return
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = hz.now()
    await hz.store.create_invite(token, hazard.enterprise_id, user.id, now, now + timedelta(days=INVITE_DAYS))
    link = f"https://t.me/{context.bot.username}?start={token}"
    await query.answer()
    await context.bot.send_message(user.id, texts.HZ_INVITE.format(enterprise=views._e(hazard.enterprise_name),
                                                                   link=link), parse_mode=ParseMode.HTML,
                                   disable_web_page_preview=True)
    log.info("user %s invited a contact for enterprise %s", user.id, hazard.enterprise_id)


async def on_start_token(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start <token>: join as the enterprise's contact, or a clear refusal."""
    from bot.access import verdict
    from bot.membercache import Verdict
    from bot.services import services

    hz = hazard_service(context)
    user, message = update.effective_user, update.effective_message
    token = (message.text or "").split()[1]
    if user.id in hz.settings.admin_ids or await verdict(services(context), context.bot, user.id) is Verdict.MEMBER:
        await message.reply_text(texts.HZ_INVITE_REFUSED["staff"])
        return
    if len(token) > 64:
        refusal, contact = "unknown", None
    else:
        refusal, contact = await hz.store.redeem_invite(token, user.id, user.full_name, hz.now())
    if contact is None:
        log.info("refused invite from user %s: %s", user.id, refusal)
        await message.reply_text(texts.HZ_INVITE_REFUSED.get(refusal or "unknown", texts.HZ_INVITE_REFUSED["unknown"]))
        return
    hz.contacts[user.id] = contact
    log.info("user %s joined as contact of enterprise %s", user.id, contact.enterprise_id)
    await message.reply_text(texts.HZ_INVITE_WELCOME.format(enterprise=views._e(contact.enterprise_name)),
                             parse_mode=ParseMode.HTML)


async def cmd_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Revoke my unused invites and the contacts who joined through mine."""
    hz = hazard_service(context)
    user_id = update.effective_user.id
    if hz.actor(user_id).role is Role.CONTACT:
        await update.effective_message.reply_text(texts.HZ_CONTACT_SCOPE)
        return
    invites, users = await hz.store.revoke_by(user_id, hz.now())
    for contact_id in users:
        hz.contacts.pop(contact_id, None)
        hz.drafting.discard(contact_id)
    await update.effective_message.reply_text(texts.HZ_REVOKED.format(invites=invites, contacts=len(users)))
