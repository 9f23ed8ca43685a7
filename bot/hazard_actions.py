"""Changing a hazard from chat: button presses, drafts (text + after-photos), reviews.

Every change goes through HazardStore.apply, which asks the rules and writes
the event rows; a refusal is answered in Chinese and changes nothing. The
button's version makes a press on an outdated card stale.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date, timedelta

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import hazard_keyboards as kb
from bot import hazard_views as views
from bot import texts
from bot.hazard_callbacks import Act, HazardCallback, parse
from bot.hazard_service import HazardService, hazard_service
from bot.services import services
from bot.hazards import may_see, on_page, send_history, send_photos, show_card, walk
from checklists.hazard_flow import Actor, Event, Payload, Role
from checklists.hazard_rules import check_deadline
from checklists.hazards import HazardRecord
from checklists.inspection import User
from checklists.model import Hazard
from storage.images import ImageRejected, probe_image

log = logging.getLogger(__name__)

MAX_DOWNLOAD = 20 * 1024 * 1024
TEXT_LIMIT = 1000
_DATE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")

_DRAFT_KIND = {Act.REPORT: "report", Act.SPOT: "spot", Act.EXTEND: "extension"}
_DRAFT_EVENT = {"report": Event.REPORT, "spot": Event.SPOT_CLOSE}
_DECISIONS = {Act.ACCEPT: Event.ACCEPT, Act.GRANT: Event.GRANT_EXTENSION, Act.REFUSE: Event.REFUSE_EXTENSION}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    cb = parse(query.data)
    if cb is None:
        await query.answer(texts.STALE_BUTTON)
        return
    if cb.act is Act.PAGE:
        await on_page(update, context, cb)
        return
    if cb.act is Act.WALK:
        await walk(update, context, cb)
        return
    hz = hazard_service(context)
    hazard = await hz.store.get(cb.id)
    if not may_see(hz, update.effective_user.id, hazard):
        await query.answer(texts.HZ_REFUSAL["not_allowed"])
        return
    assert hazard is not None
    await _ROUTES[cb.act](update, context, cb, hazard)


async def _view(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    await update.callback_query.answer()
    await show_card(context, update.effective_user.id, update.effective_user.id, hazard)


async def _history(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    await update.callback_query.answer()
    await send_history(context, update.effective_user.id, hazard)


async def _start_draft(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    """报告整改 / 即查即改 / 申请延期: remember the draft, then ask for its content."""
    hz = hazard_service(context)
    query, user_id = update.callback_query, update.effective_user.id
    if update.effective_chat.type != ChatType.PRIVATE:
        await query.answer(texts.HZ_GROUP_NEED_PRIVATE.format(number=hazard.number)[:200], show_alert=True)
        return
    if hazard.version != cb.version:
        await query.answer(texts.HZ_REFUSAL["stale"], show_alert=True)
        return
    kind = _DRAFT_KIND[cb.act]
    await hz.store.start_draft(user_id, update.effective_chat.id, hazard, kind)
    hz.drafting.add(user_id)
    await query.answer()
    if kind == "extension":
        await context.bot.send_message(user_id, texts.HZ_COMPOSE_EXTENSION.format(number=hazard.number),
                                       parse_mode=ParseMode.HTML, reply_markup=kb.cancel(hazard))
        return
    template = texts.HZ_COMPOSE_SPOT if kind == "spot" else texts.HZ_COMPOSE_REPORT
    await context.bot.send_message(user_id, template.format(number=hazard.number), parse_mode=ParseMode.HTML,
                                   reply_markup=kb.draft(hazard))


async def _cancel_draft(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    hz = hazard_service(context)
    await hz.store.drop_draft(update.effective_user.id)
    hz.drafting.discard(update.effective_user.id)
    await update.callback_query.answer(texts.HZ_DRAFT_CANCELLED)
    await _close(update)


async def _submit_draft(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    hz = hazard_service(context)
    user_id = update.effective_user.id
    draft = await hz.store.draft(user_id)
    if draft is None or draft.hazard_id != hazard.id or draft.kind not in _DRAFT_EVENT:
        await update.callback_query.answer(texts.HZ_DRAFT_GONE, show_alert=True)
        return
    event = _DRAFT_EVENT[draft.kind]
    payload = Payload(text=draft.text or "", photos=draft.photos)
    decision, after = await hz.store.apply(hazard.id, draft.version, event, hz.actor(user_id), payload, hz.now())
    if not decision.ok:
        await update.callback_query.answer(texts.HZ_REFUSAL.get(decision.refusal or "", texts.FAILED), show_alert=True)
        return
    hz.drafting.discard(user_id)
    await update.callback_query.answer()
    await _close(update)
    assert after is not None
    done = texts.HZ_SPOT_CLOSED if event is Event.SPOT_CLOSE else texts.HZ_REPORTED
    await context.bot.send_message(user_id, done.format(number=after.number))
    if event is Event.REPORT:
        await post_for_review(context, after, draft.text or "", update.effective_user.full_name)


async def post_for_review(context: ContextTypes.DEFAULT_TYPE, hazard: HazardRecord, text: str, who: str) -> None:
    """重大: to the bureau group with 通过/驳回 for supervisors; 一般: to the finder."""
    hz = hazard_service(context)
    photos = await hz.store.report_photos(hazard.id)
    caption = texts.HZ_REVIEW_POST.format(
        number=hazard.number, level=texts.HZ_LEVEL[hazard.level.value], enterprise=views._e(hazard.enterprise_name),
        description=views._e(views._cut(hazard.description, 200)), text=views._e(views._cut(text, 300)),
        who=views._e(who), photos=len(photos),
    )
    if hazard.level is Hazard.MAJOR:
        caption += texts.HZ_REVIEW_MAJOR
    chat_id = hz.settings.group_id if hazard.level is Hazard.MAJOR else hazard.found_by
    await send_photos(context, chat_id, photos[1:], f"{hazard.number} {texts.HZ_PHOTO_AFTER}")
    first = hz.store.photo_bytes(photos[0].sha256)
    await context.bot.send_photo(chat_id, first, caption=caption[:1024], parse_mode=ParseMode.HTML,
                                 reply_markup=kb.review(hazard))


async def _decide(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    """通过 / 批准延期 / 不批准, and 驳回 with a chosen reason."""
    hz = hazard_service(context)
    user = update.effective_user
    # Pressed in the group, past the private-chat access check: keep the audit trail's name.
    await services(context).storage.upsert_user(User(user.id, user.full_name, user.username))
    reason = texts.HZ_REJECT_REASONS[int(cb.arg)] if cb.act is Act.REJECT else ""
    event = Event.REJECT if cb.act is Act.REJECT else _DECISIONS[cb.act]
    decision, after = await hz.store.apply(hazard.id, cb.version, event, hz.actor(user.id), Payload(reason), hz.now())
    if not decision.ok:
        await update.callback_query.answer(texts.HZ_REFUSAL.get(decision.refusal or "", texts.FAILED)[:200],
                                           show_alert=True)
        return
    assert after is not None
    result = _outcome(event, after, reason)
    await update.callback_query.answer(result[:200])
    await _mark_done(update, result, user.full_name)
    await _tell_finder(context, after, result, user.id)


def _outcome(event: Event, hazard: HazardRecord, reason: str) -> str:
    if event is Event.ACCEPT:
        return texts.HZ_ACCEPTED.format(number=hazard.number)
    if event is Event.REJECT:
        return texts.HZ_REJECTED.format(number=hazard.number, reason=reason)
    template = texts.HZ_EXT_GRANTED if event is Event.GRANT_EXTENSION else texts.HZ_EXT_REFUSED
    return template.format(number=hazard.number, deadline=hazard.deadline)


async def _tell_finder(context: ContextTypes.DEFAULT_TYPE, hazard: HazardRecord, result: str, actor_id: int) -> None:
    if hazard.found_by == actor_id:
        return
    try:
        await context.bot.send_message(hazard.found_by, result)
    except TelegramError as exc:  # the finder may have blocked the bot; the change stands
        log.warning("could not tell finder %s about hazard %s: %s", hazard.found_by, hazard.id, exc)


async def _mark_done(update: Update, result: str, who: str) -> None:
    """Remove the reviewed message's buttons and say the outcome under it, with who decided."""
    message = update.callback_query.message
    suffix = texts.HZ_DONE_BY.format(result=views._e(result), who=views._e(who)).strip()
    try:
        await update.callback_query.edit_message_reply_markup(None)
        await message.reply_text(suffix, parse_mode=ParseMode.HTML)  # type: ignore[union-attr]
    except (TelegramError, AttributeError) as exc:
        log.info("could not mark reviewed message: %s", exc)


async def _reject_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    """驳回 needs a reason: swap the buttons for the reasons (refused early if not allowed)."""
    hz = hazard_service(context)
    from checklists.hazard_flow import decide
    refusal = decide(hazard.view(), Event.REJECT, hz.actor(update.effective_user.id), Payload("x")).refusal
    if hazard.version != cb.version:
        refusal = "stale"
    if refusal:
        await update.callback_query.answer(texts.HZ_REFUSAL.get(refusal, texts.FAILED)[:200], show_alert=True)
        return
    await update.callback_query.answer(texts.HZ_PICK_REASON)
    await update.callback_query.edit_message_reply_markup(kb.reject_reasons(hazard))


async def _reject_back(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    await update.callback_query.answer()
    await update.callback_query.edit_message_reply_markup(kb.review(hazard))


async def _extend_days(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    ok = await request_extension(context, update.effective_user, hazard.deadline + timedelta(days=int(cb.arg)))
    await update.callback_query.answer()
    if ok:
        await _close(update)


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


async def _invite(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    from bot.hazard_contacts import send_invite
    await send_invite(update, context, hazard)


async def _close(update: Update) -> None:
    try:
        await update.callback_query.edit_message_reply_markup(None)
    except TelegramError:
        pass


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
    if item.file_size is not None and item.file_size > MAX_DOWNLOAD:
        raise ImageRejected("too-large")
    try:
        tg_file = await context.bot.get_file(item.file_id)
        return bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("after-photo download failed: %s", exc)
        raise ImageRejected("download-failed") from None


_ROUTES = {
    Act.VIEW: _view,
    Act.HISTORY: _history,
    Act.REPORT: _start_draft,
    Act.SPOT: _start_draft,
    Act.EXTEND: _start_draft,
    Act.DRAFT_SUBMIT: _submit_draft,
    Act.DRAFT_CANCEL: _cancel_draft,
    Act.EXTEND_DAYS: _extend_days,
    Act.ACCEPT: _decide,
    Act.GRANT: _decide,
    Act.REFUSE: _decide,
    Act.REJECT: _decide,
    Act.REJECT_ASK: _reject_ask,
    Act.REJECT_BACK: _reject_back,
    Act.INVITE: _invite,
}
