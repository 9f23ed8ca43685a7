"""Runs the conversation: an update becomes a flow event, the flow decides,
the outcome is written (answer and position in one transaction) and the
prompt for the new position is shown.

A tap on the question being answered turns that very message into the next
question (one edit, no new message): Telegram paces new messages at about
one a second per chat, so a brisk inspector is not kept waiting, and the
edited card still says what was recorded for the item before.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from datetime import date, datetime

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import hazards as hazard_bot
from bot import keyboards, prompts, submit, texts
from bot.services import Services, send_prompt, services
from checklists import flow
from checklists.flow_types import Event, Kind, Outcome, Status
from checklists.inspection import Inspection

log = logging.getLogger(__name__)

# Taps answered by turning the pressed message into the next question.
_EDIT_IN_PLACE = frozenset(set(Kind) - {Kind.TOC, Kind.SUBMIT, Kind.RESUME, Kind.PRINCIPAL, Kind.TEXT, Kind.IMPORT})


def today(svc: Services) -> date:
    return datetime.now(svc.settings.tz).date()


async def state_of(svc: Services, inspection_id: int) -> flow.State | None:
    inspection = await svc.storage.inspection(inspection_id)
    if inspection is None:
        return None
    return flow.State(inspection, await svc.storage.answers(inspection_id), today(svc))


async def prompt_for(svc: Services, state: flow.State) -> prompts.Prompt:
    """The current question, re-read from storage, never from memory."""
    photos = await svc.storage.photos(state.inspection.id)
    counts: dict[str | None, int] = {}
    for photo in photos:
        counts[photo.item_id] = counts.get(photo.item_id, 0) + 1
    recent = []
    if state.inspection.enterprise is None:
        recent = await svc.storage.recent_enterprises(state.inspection.inspector.id)
    return prompts.for_position(state, counts, recent)


async def show_current(context: ContextTypes.DEFAULT_TYPE, chat_id: int, inspection_id: int) -> None:
    svc = services(context)
    state = await state_of(svc, inspection_id)
    if state is not None:
        await send_prompt(context, chat_id, await prompt_for(svc, state))


async def close(query: CallbackQuery) -> None:
    """Remove the buttons of the pressed message so it cannot be pressed again."""
    if query.message is None or getattr(query.message, "reply_markup", None) is None:
        return  # already closed (a stale press): editing would be "not modified"
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:  # already edited, or too old to edit: harmless
        log.debug("could not remove keyboard: %s", exc)


async def close_if_shown(query: CallbackQuery) -> None:
    """Close a stale button's keyboard, unless the message now shows other, current
    buttons (a card edited into the next question since that button was drawn)."""
    markup = getattr(query.message, "reply_markup", None)
    shown = {b.callback_data for row in (markup.inline_keyboard if markup else ()) for b in row}
    if query.data in shown:
        await close(query)


async def dispatch(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, event: Event) -> None:
    """Apply one event to the stored inspection and show where it leads."""
    svc = services(context)
    state = flow.State(inspection, await svc.storage.answers(inspection.id), today(svc))
    outcome = flow.apply(state, event)
    if outcome.status is not Status.OK:
        await _refuse(update, context, inspection, outcome)
        return
    if not await write(svc, inspection, outcome):
        await _refuse(update, context, inspection, Outcome.stale())
        return
    query = update.callback_query
    if outcome.submit:
        await asyncio.gather(query.answer() if query else asyncio.sleep(0), close(query) if query else asyncio.sleep(0))
        if not await submit.submit(context, update.effective_chat.id, inspection):
            await show_current(context, update.effective_chat.id, inspection.id)
        return
    if outcome.show_toc:
        await _toc(update, context, inspection)
        return
    await _show_next(update, context, inspection.id, outcome, edit=query is not None and event.kind in _EDIT_IN_PLACE)
    if outcome.enterprise_id is not None:  # open hazards of this enterprise: offer a follow-up check
        await hazard_bot.announce_open_hazards(context, update.effective_chat.id, outcome.enterprise_id)


async def write(svc: Services, inspection: Inspection, outcome: Outcome) -> bool:
    """One transaction: the answer (or name, or enterprise) with the position it leads to."""
    storage, position = svc.storage, outcome.position or inspection.position
    if outcome.enterprise_id is not None:
        enterprise = await storage.enterprise(outcome.enterprise_id)
        if enterprise is None:
            return False
        await storage.set_enterprise(inspection.id, enterprise, position)
    elif outcome.principal is not None:
        await storage.set_principal(inspection.id, outcome.principal, position)
    elif outcome.answer is not None:
        await storage.put_answer(inspection.id, outcome.answer, position)
    elif outcome.position is not None:
        await storage.set_position(inspection.id, position)
    return True


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, outcome: Outcome) -> None:
    """Say why nothing changed; a stale tap closes its buttons, a stale text shows the question."""
    query = update.callback_query
    if outcome.status is Status.STALE:
        if query:
            await asyncio.gather(query.answer(texts.STALE_BUTTON), close_if_shown(query))
        else:
            await update.effective_message.reply_text(texts.PRESS_A_BUTTON)
            await show_current(context, update.effective_chat.id, inspection.id)
        return
    reason = outcome.message or texts.FLOW_REFUSED[outcome.code].format(length=outcome.length)
    if query:
        await query.answer(_plain(reason)[:200], show_alert=True)
    else:
        await update.effective_message.reply_text(reason, parse_mode=ParseMode.HTML)


def _plain(html_text: str) -> str:
    """A toast shows no markup: the reason without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


async def _toc(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection) -> None:
    svc = services(context)
    answers = await svc.storage.answers(inspection.id)
    done = {i.id: flow.answered(i, answers) for i in inspection.checklist.items}
    if update.callback_query:
        await update.callback_query.answer()
    markup = keyboards.toc(inspection.id, inspection.checklist, answers, done)
    await send_prompt(context, update.effective_chat.id, prompts.Prompt(texts.TOC, markup))


async def _show_next(
    update: Update, context: ContextTypes.DEFAULT_TYPE, inspection_id: int, outcome: Outcome, edit: bool
) -> None:
    """The next question: edited into the pressed message, or sent as a new one."""
    svc = services(context)
    state = await state_of(svc, inspection_id)
    if state is None:
        return
    prompt = await prompt_for(svc, state)
    query = update.callback_query
    toast = texts.NOT_COMPLETE if outcome.code == "not-complete" else (outcome.note[:200] or None)
    if query is None:
        await send_prompt(context, update.effective_chat.id, prompt)
        return
    if edit:
        _, edited = await asyncio.gather(query.answer(toast), _edit(query, prompt, outcome, state))
        if not edited:
            await send_prompt(context, update.effective_chat.id, prompt)
        return
    await asyncio.gather(query.answer(toast), close(query), send_prompt(context, update.effective_chat.id, prompt))


async def _edit(query: CallbackQuery, prompt: prompts.Prompt, outcome: Outcome, state: flow.State) -> bool:
    """Turn the pressed card into the next question; False if Telegram would not."""
    head = ""
    if outcome.answer is not None and outcome.note:
        item = state.inspection.checklist.item(outcome.answer.item_id)
        head = texts.ANSWERED_LINE.format(number=item.number, note=prompts.esc(outcome.note[:100]))
    try:
        await query.edit_message_text(
            prompts.clip(head + prompt.text), parse_mode=ParseMode.HTML, reply_markup=prompt.markup
        )
    except BadRequest as exc:
        log.debug("could not edit the card in place: %s", exc)
        await close(query)
        return False
    return True
