"""Changing a hazard from chat: button presses, starting and submitting drafts, reviews.

Every change goes through HazardStore.apply, which asks the rules and writes
the event rows; a refusal is answered in Chinese and changes nothing. The
button's version makes a press on an outdated card stale.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import hazard_keyboards as kb
from bot import hazard_views as views
from bot import texts
from bot.hazard_callbacks import Act, HazardCallback, parse
from bot.hazard_service import hazard_service
from bot.services import services
from bot.hazard_drafts import request_extension
from bot.hazards import may_see, on_page, send_history, send_photos, show_card, walk
from checklists.hazard_flow import Event, Payload, decide
from checklists.hazards import HazardRecord
from checklists.inspection import User
from checklists.model import Hazard

log = logging.getLogger(__name__)


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


async def _invite(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback, hazard: HazardRecord) -> None:
    from bot.hazard_contacts import send_invite
    await send_invite(update, context, hazard)


async def _close(update: Update) -> None:
    try:
        await update.callback_query.edit_message_reply_markup(None)
    except TelegramError:
        pass


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
