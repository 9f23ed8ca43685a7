"""Inline button presses. Every press is answered (no spinner left on the phone),
checked against whose it is, and handed to the conversation as an event; the
flow decides whether it is still current."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot import conversation, texts
from bot.callbacks import CANCEL, PICK, Callback, parse
from bot.services import services
from checklists.flow_types import Event, Kind, Step
from checklists.inspection import Inspection, Position, Status, User


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a press after checking it is ours, whose it is, and that the inspection is open."""
    query = update.callback_query
    cb = parse(query.data)
    if cb is None:
        await query.answer(texts.STALE_BUTTON)
        return
    if cb.action == PICK:
        await _pick(update, context, cb)
        return
    loaded = await conversation.load(services(context), cb.inspection_id)
    inspection = loaded.state.inspection if loaded else None
    if inspection is None or inspection.inspector.id != update.effective_user.id:
        await query.answer(texts.NOT_YOURS if inspection else texts.STALE_BUTTON)
        return
    if inspection.status is not Status.IN_PROGRESS:
        await asyncio.gather(query.answer(texts.STALE_BUTTON), conversation.close(query))
        return
    if cb.action == CANCEL:
        await _cancel(update, context, cb, inspection)
        return
    event = cb.event()
    if event.kind is Kind.ENTERPRISE and cb.item == 0:
        event = await _typed_enterprise(context, inspection)
    await conversation.dispatch(update, context, inspection, event, loaded)


async def _typed_enterprise(context: ContextTypes.DEFAULT_TYPE, inspection: Inspection) -> Event:
    """"New enterprise" stands for the name typed last, kept with the position."""
    name = inspection.position.arg if inspection.position.step == Step.ENTERPRISE.value else None
    if not name:
        return Event(Kind.ENTERPRISE)  # nothing typed: the flow calls it stale
    enterprise = await services(context).storage.enterprise_by_name(name)
    return Event(Kind.ENTERPRISE, enterprise_id=enterprise.id)


async def _pick(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback) -> None:
    """A checklist chosen: start the inspection at the enterprise question."""
    svc = services(context)
    query = update.callback_query
    checklist = svc.catalog.get(cb.arg)
    running = await svc.storage.active_inspection(update.effective_user.id)
    if checklist is None or running is not None:
        await asyncio.gather(query.answer(texts.STALE_BUTTON), conversation.close(query))
        if running is not None:
            await conversation.show_current(context, update.effective_chat.id, running.id)
        return
    tg = update.effective_user
    user = User(tg.id, tg.full_name, tg.username)
    inspection = await svc.storage.start_inspection(user, checklist, Position(Step.ENTERPRISE.value))
    if cb.item:  # named with /new: the enterprise is chosen already
        await conversation.dispatch(update, context, inspection, Event(Kind.ENTERPRISE, enterprise_id=cb.item))
        return
    await asyncio.gather(
        query.answer(checklist.short_title[:200]), conversation.close(query),
        conversation.show_current(context, update.effective_chat.id, inspection.id),
    )


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: Callback, inspection: Inspection) -> None:
    query = update.callback_query
    if cb.arg == "n":
        await conversation.dispatch(update, context, inspection, Event(Kind.RESUME))
        return
    await services(context).storage.cancel(inspection.id)
    await asyncio.gather(query.answer(), conversation.close(query))
    await context.bot.send_message(update.effective_chat.id, texts.CANCELLED)
