"""Drafts being composed: the text and after-photos of a rectification report,
the reason and date of an extension request; and dropping an abandoned draft.

While someone has a draft (bot/hazard_service.Drafting), their private texts
and photos come here instead of to the inspection conversation.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date, timedelta

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import hazard_keyboards as kb
from bot import hazard_views as views
from bot import downloads, texts
from bot.downloads import MAX_DOWNLOAD
from bot.hazard_service import hazard_service
from checklists.hazard_flow import Event, Payload
from checklists.hazard_rules import check_deadline
from checklists.hazards import HazardRecord
from storage.images import ImageRejected, probe_image

log = logging.getLogger(__name__)

TEXT_LIMIT = 1000
_DATE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")


async def request_extension(context: ContextTypes.DEFAULT_TYPE, user: object, new_deadline: date) -> bool:
    """Apply the user's extension draft with this date; tell them and the supervisors."""
    hz = hazard_service(context)
    user_id = user.id  # type: ignore[attr-defined]
    draft = await hz.store.draft(user_id)
    if draft is None or draft.kind != "extension":
        await context.bot.send_message(user_id, texts.HZ_DRAFT_GONE)
        return False
    payload = Payload(text=draft.text or "", new_deadline=new_deadline, today=hz.today())
    decision, after = await hz.store.apply(draft.hazard_id, draft.version, Event.REQUEST_EXTENSION,
                                           hz.actor(user_id), payload, hz.now())
    if not decision.ok or after is None:
        problem = check_deadline(new_deadline, hz.today())
        text = texts.HZ_DEADLINE_PROBLEM[problem] if problem else texts.HZ_REFUSAL.get(decision.refusal or "", texts.FAILED)
        await context.bot.send_message(user_id, text)
        return False
    hz.drafting.discard(user_id)
    await context.bot.send_message(user_id, texts.HZ_EXT_REQUESTED.format(number=after.number, deadline=new_deadline))
    post = texts.HZ_EXT_POST.format(
        number=after.number, level=texts.HZ_LEVEL[after.level.value], enterprise=views._e(after.enterprise_name),
        old=after.deadline, new=new_deadline, reason=views._e(views._cut(draft.text or "", 300)),
        who=views._e(user.full_name),  # type: ignore[attr-defined]
    )
    await context.bot.send_message(hz.settings.group_id, post, parse_mode=ParseMode.HTML,
                                   reply_markup=kb.extension_decision(after))
    return True


async def drop_abandoned_draft(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After any other command or an inspection button, a half-written report is dropped,
    so the next texts and photos go to the inspection again, not to the hazard."""
    hz = hazard_service(context)
    user = update.effective_user
    if user is None or user.id not in hz.drafting:
        return
    query, message = update.callback_query, update.effective_message
    if query is not None:
        abandoned = not (query.data or "").startswith("h1:")
    else:
        text = message.text if message is not None and message.text else ""
        abandoned = text.startswith("/") and text.split()[0].split("@")[0] not in ("/hazard", "/hazards")
    if abandoned:
        await hz.store.drop_draft(user.id)
        hz.drafting.discard(user.id)
        await context.bot.send_message(user.id, texts.HZ_DRAFT_ABANDONED)


async def on_draft_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text while composing: what was done (report) or the reason, then the date (extension)."""
    hz = hazard_service(context)
    user_id, message = update.effective_user.id, update.effective_message
    draft = await hz.store.draft(user_id)
    if draft is None:
        hz.drafting.discard(user_id)
        await message.reply_text(texts.HZ_DRAFT_GONE)
        return
    text = message.text.strip()
    if len(text) > TEXT_LIMIT:
        await message.reply_text(texts.TEXT_TOO_LONG.format(length=len(text), limit=TEXT_LIMIT))
        return
    hazard = await hz.store.get(draft.hazard_id)
    assert hazard is not None
    if draft.kind == "extension":
        await _extension_text(update, context, draft.text, text, hazard)
        return
    await hz.store.set_draft_text(user_id, text)
    await message.reply_text(texts.HZ_DRAFT_TEXT.format(photos=draft.photos), reply_markup=kb.draft(hazard))


async def _extension_text(update: Update, context: ContextTypes.DEFAULT_TYPE, reason: str | None, text: str,
                          hazard: HazardRecord) -> None:
    """First text is the reason; after it, a typed date is the new deadline."""
    hz = hazard_service(context)
    example = hazard.deadline + timedelta(days=15)
    if reason:
        match = _DATE.fullmatch(text)
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
        except ValueError:
            day = None
        if day is None:
            await update.effective_message.reply_text(texts.HZ_DATE_BAD.format(example=example))
            return
        await request_extension(context, update.effective_user, day)
        return
    await hz.store.set_draft_text(update.effective_user.id, text)
    await update.effective_message.reply_text(texts.HZ_COMPOSE_EXTENSION_DATE.format(example=example),
                                              reply_markup=kb.extension_days(hazard))


async def on_draft_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo while composing goes to the hazard's draft, never to an inspection."""
    hz = hazard_service(context)
    message = update.effective_message
    try:
        data = await _download(context, message)
        info = await asyncio.to_thread(probe_image, data)
    except ImageRejected as exc:
        await message.reply_text(texts.PHOTO_REJECTED.get(exc.reason, texts.FAILED).format(mb=MAX_DOWNLOAD // 2**20))
        return
    added = await hz.store.add_draft_photo(update.effective_user.id, data, info)
    draft = await hz.store.draft(update.effective_user.id)
    if draft is None:
        hz.drafting.discard(update.effective_user.id)
        await message.reply_text(texts.HZ_DRAFT_GONE)
        return
    text = texts.HZ_DRAFT_PHOTO.format(photos=draft.photos) if added else texts.HZ_DRAFT_PHOTO_DUP
    await message.reply_text(text)


async def _download(context: ContextTypes.DEFAULT_TYPE, message: Message) -> bytes:
    item = message.photo[-1] if message.photo else message.document
    try:
        return await downloads.fetch(context.bot, item.file_id, item.file_size, what="after-photo")
    except downloads.Refused as exc:
        raise ImageRejected(exc.reason) from None
