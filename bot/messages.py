"""Typed text, locations and everything else a user may send."""

from __future__ import annotations

import unicodedata

from telegram import Update
from telegram.ext import ContextTypes

from bot import conversation, keyboards, prompts, texts
from bot.services import send_prompt, services
from checklists.flow import TEXT_STEPS
from checklists.flow_types import Event, Kind, Step
from checklists.inspection import Inspection, Location, Position

ENTERPRISE_LIMIT = 100
MATCHES_SHOWN = 6


def clean(text: str) -> str:
    """Strip surrounding blanks and control characters other than line breaks."""
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return "".join(kept).strip()


def single_line_ok(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and "\n" not in text


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed text is an answer where the step takes text; long notes are joined first."""
    message = update.effective_message
    svc = services(context)
    inspection = await svc.storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await message.reply_text(texts.NOTHING_RUNNING)
        return
    raw = message.text or ""
    if Step.parse(inspection.position.step) not in TEXT_STEPS and not svc.texts.waiting(message.chat_id):
        await _handle(update, context, raw)
        return

    async def handle(joined: str) -> None:
        await _handle(update, context, joined)

    await svc.texts.feed(message.chat_id, raw, handle)


async def _handle(update: Update, context: ContextTypes.DEFAULT_TYPE, raw: str) -> None:
    """One whole text, re-reading the inspection (a joined text arrives later)."""
    inspection = await services(context).storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await update.effective_message.reply_text(texts.NOTHING_RUNNING)
        return
    text = clean(raw)
    if Step.parse(inspection.position.step) is Step.ENTERPRISE:
        await _enterprise(update, context, inspection, text)
        return
    await conversation.dispatch(update, context, inspection, Event(Kind.TEXT, text=text))


async def _enterprise(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, text: str) -> None:
    """A known name is taken at once; otherwise close matches are offered beside the new name."""
    if not single_line_ok(text, ENTERPRISE_LIMIT):
        await update.effective_message.reply_text(texts.ENTERPRISE_BAD.format(limit=ENTERPRISE_LIMIT))
        return
    storage = services(context).storage
    known = await storage.find_enterprise(text)
    matches = [] if known else await storage.search_enterprises(text, MATCHES_SHOWN)
    if known is not None or not matches:
        enterprise = known or await storage.enterprise_by_name(text)
        await conversation.dispatch(update, context, inspection, Event(Kind.ENTERPRISE, enterprise_id=enterprise.id))
        return
    await storage.set_position(inspection.id, Position(Step.ENTERPRISE.value, arg=text))
    markup = keyboards.enterprise_matches(inspection.id, matches, texts.ENTERPRISE_NEW_BUTTON.format(name=text[:40]))
    await send_prompt(context, update.effective_chat.id, prompts.Prompt(texts.ENTERPRISE_MATCHES, markup))


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


async def flush_texts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other update from a chat completes the long text held for it first."""
    chat = update.effective_chat
    svc = services(context)
    if chat is None or not svc.texts.waiting(chat.id):
        return
    message = update.message
    if message is not None and message.text and not message.text.startswith("/"):
        return  # a continuation: on_text appends it
    await svc.texts.flush(chat.id)
