"""Inline button presses. Every press is answered (no spinner left on the phone),
checked against the stored position, and stale presses change nothing."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import flow, keyboards, prompts, submit, texts
from bot.callbacks import Action, Callback, parse
from bot.keyboards import RESULT_BY_CODE
from bot.services import send_prompt, services
from bot.states import Step
from checklists.inspection import Inspection, Position, Status, User
from checklists.model import Hazard

log = logging.getLogger(__name__)

# Which step (and so which item) each item-bound action is valid in.
_STEP_OF = {
    Action.RESULT: Step.ITEM,
    Action.HAZARD: Step.HAZARD,
    Action.SKIP: Step.ADVICE,
    Action.ENTERPRISE: Step.ENTERPRISE,
    Action.SUBMIT: Step.REVIEW,
}


async def _close(query: CallbackQuery) -> None:
    """Remove the buttons of the pressed message so it cannot be pressed again."""
    if query.message is None or getattr(query.message, "reply_markup", None) is None:
        return  # already closed (a stale press): editing would be "not modified"
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:  # already edited, or too old to edit: harmless
        log.debug("could not remove keyboard: %s", exc)


def _valid(cb: Callback, inspection: Inspection) -> bool:
    """Is the press meant for the question the inspector is at now?"""
    step = Step.parse(inspection.position.step)
    item = inspection.checklist.items[cb.item - 1] if 1 <= cb.item <= len(inspection.checklist.items) else None
    if cb.action is Action.KEEP:
        wanted = Step.PROBLEM if cb.arg == "problem" else Step.ADVICE
        return step is wanted and item is not None and item.id == inspection.position.item_id
    if cb.action in (Action.RESULT, Action.HAZARD, Action.SKIP):
        return step is _STEP_OF[cb.action] and item is not None and item.id == inspection.position.item_id
    if cb.action in (Action.ENTERPRISE, Action.SUBMIT):
        return step is _STEP_OF[cb.action]
    if cb.action is Action.NAV:
        return item is not None and inspection.enterprise is not None
    return True


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a press to its action after checking whose and how fresh it is."""
    query = update.callback_query
    cb = parse(query.data)
    if cb is None:
        await query.answer(texts.STALE_BUTTON)
        return
    if cb.action is Action.PICK:
        await _pick(update, context, cb)
        return
    inspection = await services(context).storage.inspection(cb.inspection_id)
    if inspection is None or inspection.inspector.id != update.effective_user.id:
        await query.answer(texts.NOT_YOURS if inspection else texts.STALE_BUTTON)
        return
    if inspection.status is not Status.IN_PROGRESS or not _valid(cb, inspection):
        await query.answer(texts.STALE_BUTTON)
        await _close(query)
        return
    await _ACTIONS[cb.action](update, context, cb, inspection)


async def _pick(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback) -> None:
    svc = services(context)
    query = update.callback_query
    checklist = svc.catalog.get(cb.arg)
    running = await svc.storage.active_inspection(update.effective_user.id)
    if checklist is None or running is not None:
        await query.answer(texts.STALE_BUTTON)
        await _close(query)
        if running is not None:
            await flow.show_current(context, update.effective_chat.id, running.id)
        return
    tg = update.effective_user
    user = User(tg.id, tg.full_name, tg.username)
    inspection = await svc.storage.start_inspection(user, checklist, Position(Step.ENTERPRISE.value))
    await _advance(update, context, inspection.id, checklist.short_title)


async def _enterprise(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    storage = services(context).storage
    recent = {e.id: e for e in await storage.recent_enterprises(update.effective_user.id, limit=20)}
    enterprise = recent.get(cb.item)
    if enterprise is None:
        await update.callback_query.answer(texts.STALE_BUTTON)
        return
    answers = await storage.answers(inspection.id)
    await storage.set_enterprise(inspection.id, enterprise, flow.next_position(inspection, answers, None))
    await _done(update, context, inspection, enterprise.name)


async def _result(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    item = inspection.checklist.items[cb.item - 1]
    result = RESULT_BY_CODE[cb.arg]
    await flow.verdict(context, inspection, item.id, result)
    await _done(update, context, inspection, texts.ANSWERED.format(number=item.number, result=result.value))


async def _keep(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    item_id = inspection.position.item_id
    if cb.arg == "problem":
        await flow.problem_text(context, inspection, item_id, None)
    else:
        await flow.advice_text(context, inspection, item_id, None, keep=True)
    await _done(update, context, inspection, texts.BUTTON_KEEP)


async def _skip(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    await flow.advice_text(context, inspection, inspection.position.item_id, None)
    await _done(update, context, inspection, texts.BUTTON_SKIP)


async def _hazard(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    level = Hazard.MAJOR if cb.arg == "m" else Hazard.GENERAL
    await flow.hazard(context, inspection, inspection.position.item_id, level)
    await _done(update, context, inspection, texts.BUTTON_HAZARD[level.value])


async def _nav(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    item = inspection.checklist.items[cb.item - 1]
    await services(context).storage.set_position(inspection.id, Position(Step.ITEM.value, item.id))
    await update.callback_query.answer()
    await flow.show_current(context, update.effective_chat.id, inspection.id)


async def _toc(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    answers = await services(context).storage.answers(inspection.id)
    await update.callback_query.answer()
    markup = keyboards.toc(inspection.id, inspection.checklist, answers)
    await send_prompt(context, update.effective_chat.id, prompts.Prompt(texts.TOC, markup))


async def _principal(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    await services(context).storage.set_position(inspection.id, Position(Step.PRINCIPAL.value))
    await _done(update, context, inspection, texts.BUTTON_PRINCIPAL)


async def _resume(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    await _advance(update, context, inspection.id)


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    query = update.callback_query
    if cb.arg == "n":
        await _resume(update, context, cb, inspection)
        return
    await services(context).storage.cancel(inspection.id)
    await query.answer()
    await _close(query)
    await context.bot.send_message(update.effective_chat.id, texts.CANCELLED)


async def _submit(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    await update.callback_query.answer()
    await _close(update.callback_query)
    await submit.submit(context, update.effective_chat.id, inspection)


async def _done(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, toast: str) -> None:
    """Confirm the press (after the write committed), close it, ask the next question."""
    await _advance(update, context, inspection.id, toast)


async def _advance(
    update: Update, context: ContextTypes.DEFAULT_TYPE, inspection_id: int, toast: str | None = None
) -> None:
    """The three calls at once: they touch different things, and over a slow link
    to Telegram each round trip is what the inspector waits for."""
    query = update.callback_query
    await asyncio.gather(
        query.answer(toast[:200] if toast else None), _close(query), flow.show_current(context, update.effective_chat.id, inspection_id)
    )


_ACTIONS = {
    Action.ENTERPRISE: _enterprise,
    Action.RESULT: _result,
    Action.KEEP: _keep,
    Action.SKIP: _skip,
    Action.HAZARD: _hazard,
    Action.NAV: _nav,
    Action.TOC: _toc,
    Action.PRINCIPAL: _principal,
    Action.RESUME: _resume,
    Action.CANCEL: _cancel,
    Action.SUBMIT: _submit,
}
