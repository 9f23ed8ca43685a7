"""Typed text, locations and everything else a user may send."""

from __future__ import annotations

import unicodedata

from telegram import Update
from telegram.ext import ContextTypes

from bot import flow, texts
from bot.services import services
from bot.states import Step
from checklists.inspection import Inspection, Location, Position

ENTERPRISE_LIMIT = 100
PRINCIPAL_LIMIT = 30
NOTE_LIMIT = 1000


def clean(text: str) -> str:
    """Strip surrounding blanks and control characters other than line breaks."""
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return "".join(kept).strip()


def single_line_ok(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and "\n" not in text


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route typed text by the stored step; text where a button is expected is refused."""
    message = update.effective_message
    inspection = await services(context).storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await message.reply_text(texts.NOTHING_RUNNING)
        return
    text = clean(message.text or "")
    step = Step.parse(inspection.position.step)
    handler = _BY_STEP.get(step)
    if handler is None:
        await message.reply_text(texts.PRESS_A_BUTTON)
        await flow.show_current(context, update.effective_chat.id, inspection.id)
        return
    await handler(update, context, inspection, text)


async def _enterprise(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, text: str) -> None:
    if not single_line_ok(text, ENTERPRISE_LIMIT):
        await update.effective_message.reply_text(texts.ENTERPRISE_BAD.format(limit=ENTERPRISE_LIMIT))
        return
    storage = services(context).storage
    enterprise = await storage.enterprise_by_name(text)
    answers = await storage.answers(inspection.id)
    await storage.set_enterprise(inspection.id, enterprise, flow.next_position(inspection, answers, None))
    await flow.show_current(context, update.effective_chat.id, inspection.id)


async def _note_ok(update: Update, text: str) -> bool:
    if not text:
        await update.effective_message.reply_text(texts.TEXT_EMPTY)
        return False
    if len(text) > NOTE_LIMIT:
        await update.effective_message.reply_text(texts.TEXT_TOO_LONG.format(length=len(text), limit=NOTE_LIMIT))
        return False
    return True


async def _problem(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, text: str) -> None:
    if await _note_ok(update, text):
        await flow.problem_text(context, inspection, inspection.position.item_id, text)
        await flow.show_current(context, update.effective_chat.id, inspection.id)


async def _advice(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, text: str) -> None:
    if await _note_ok(update, text):
        await flow.advice_text(context, inspection, inspection.position.item_id, text)
        await flow.show_current(context, update.effective_chat.id, inspection.id)


async def _principal(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, text: str) -> None:
    if not single_line_ok(text, PRINCIPAL_LIMIT):
        await update.effective_message.reply_text(texts.PRINCIPAL_BAD.format(limit=PRINCIPAL_LIMIT))
        return
    await services(context).storage.set_principal(inspection.id, text, Position(Step.REVIEW.value))
    await flow.show_current(context, update.effective_chat.id, inspection.id)


_BY_STEP = {
    Step.ENTERPRISE: _enterprise,
    Step.PROBLEM: _problem,
    Step.ADVICE: _advice,
    Step.PRINCIPAL: _principal,
}


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record where the inspection is done (compressed photos carry no GPS)."""
    message = update.effective_message
    storage = services(context).storage
    inspection = await storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await message.reply_text(texts.LOCATION_NO_INSPECTION)
        return
    point = message.location
    await storage.set_location(inspection.id, Location(point.latitude, point.longitude))
    await message.reply_text(texts.LOCATION_SAVED)


async def on_unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, video, polls...: say what we accept; change nothing."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.UNSUPPORTED)
