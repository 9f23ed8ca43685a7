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
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
from checklists.questions.base import plain

log = logging.getLogger(__name__)

# Taps answered by turning the pressed message into the next question.
_EDIT_IN_PLACE = frozenset(set(Kind) - {Kind.TOC, Kind.SUBMIT, Kind.RESUME, Kind.PRINCIPAL, Kind.TEXT, Kind.IMPORT})


def today(svc: Services) -> date:
    return datetime.now(svc.settings.tz).date()


@dataclass(frozen=True)
class Loaded:
    """What one read transaction gave: the state the flow decides from, and photo counts."""

    state: flow.State
    photos: Mapping[str | None, int]


async def load(svc: Services, inspection_id: int) -> Loaded | None:
    found = await svc.storage.conversation(inspection_id)
    if found is None:
        return None
    inspection, answers, photos = found
    return Loaded(flow.State(inspection, answers, today(svc)), photos)


async def prompt_for(svc: Services, loaded: Loaded) -> prompts.Prompt:
    """The question for a state that is stored (read back, or just written)."""
    recent = []
    if loaded.state.inspection.enterprise is None:
        recent = await svc.storage.recent_enterprises(loaded.state.inspection.inspector.id)
    return prompts.for_position(loaded.state, loaded.photos, recent)


async def show_current(context: ContextTypes.DEFAULT_TYPE, chat_id: int, inspection_id: int) -> None:
    svc = services(context)
    loaded = await load(svc, inspection_id)
    if loaded is not None:
        await send_prompt(context, chat_id, await prompt_for(svc, loaded))


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


async def dispatch(
    update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, event: Event,
    loaded: Loaded | None = None,
) -> None:
    """Apply one event to the stored inspection and show where it leads."""
    svc = services(context)
    loaded = loaded or await load(svc, inspection.id)
    if loaded is None:
        return
    inspection = loaded.state.inspection
    outcome = flow.apply(loaded.state, event)
    if outcome.status is not Status.OK:
        await _refuse(update, context, inspection, outcome)
        return
    written = await write(svc, inspection, outcome)
    if written is None:
        await _refuse(update, context, inspection, Outcome.stale())
        return
    query = update.callback_query
    if outcome.submit:
        await asyncio.gather(query.answer() if query else asyncio.sleep(0), close(query) if query else asyncio.sleep(0))
        if not await submit.submit(context, update.effective_chat.id, inspection):
            await show_current(context, update.effective_chat.id, inspection.id)
        return
    if outcome.show_toc:
        await _toc(update, context, loaded.state)
        return
    answers = dict(loaded.state.answers)
    if outcome.answer is not None:
        answers[outcome.answer.item_id] = outcome.answer
    after = Loaded(flow.State(written, answers, loaded.state.today), loaded.photos)
    await _show_next(update, context, after, outcome, edit=query is not None and event.kind in _EDIT_IN_PLACE)
    if outcome.enterprise_id is not None:  # open hazards of this enterprise: offer a follow-up check
        await hazard_bot.announce_open_hazards(context, update.effective_chat.id, outcome.enterprise_id)


async def write(svc: Services, inspection: Inspection, outcome: Outcome) -> Inspection | None:
    """One transaction: the answer (or name, or enterprise) with the position it leads to.

    Returns the inspection as now stored (None: the enterprise chosen is gone),
    so the next question is drawn without reading back what was just written.
    """
    storage, position = svc.storage, outcome.position or inspection.position
    written = replace(inspection, position=position)
    if outcome.enterprise_id is not None:
        enterprise = await storage.enterprise(outcome.enterprise_id)
        if enterprise is None:
            return None
        await storage.set_enterprise(inspection.id, enterprise, position)
        written = replace(written, enterprise=enterprise)
    elif outcome.principal is not None:
        await storage.set_principal(inspection.id, outcome.principal, position)
        written = replace(written, principal_name=outcome.principal)
    elif outcome.answer is not None:
        await storage.put_answer(inspection.id, outcome.answer, position)
    elif outcome.position is not None:
        await storage.set_position(inspection.id, position)
    return written


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
        await query.answer(plain(reason)[:200], show_alert=True)  # a toast shows no markup
    else:
        await update.effective_message.reply_text(reason, parse_mode=ParseMode.HTML)


async def _toc(update: Update, context: ContextTypes.DEFAULT_TYPE, state: flow.State) -> None:
    """The list of items, from the answers just read (a TOC tap writes nothing)."""
    inspection, answers = state.inspection, state.answers
    done = {i.id: flow.answered(i, answers) for i in inspection.checklist.items}
    if update.callback_query:
        await update.callback_query.answer()
    markup = keyboards.toc(inspection.id, inspection.checklist, answers, done)
    await send_prompt(context, update.effective_chat.id, prompts.Prompt(texts.TOC, markup))


async def _show_next(
    update: Update, context: ContextTypes.DEFAULT_TYPE, after: Loaded, outcome: Outcome, edit: bool
) -> None:
    """The next question: edited into the pressed message, or sent as a new one."""
    prompt = await prompt_for(services(context), after)
    state = after.state
    query = update.callback_query
    toast = texts.NOT_COMPLETE if outcome.code == "not-complete" else (outcome.note[:200] or None)
    if query is None:
        await send_prompt(context, update.effective_chat.id, prompt)
        return
    if edit:
        # The edit first: the next question is what the inspector waits for; the toast can trail it.
        edited, _ = await asyncio.gather(_edit(query, prompt, outcome, state), query.answer(toast))
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
