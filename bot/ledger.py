"""An .xlsx sent while a ledger (records item) is being filled: its rows become records."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import conversation, prompts, texts
from bot.services import services
from checklists.flow_types import Event, Kind, Step
from checklists.inspection import Inspection
from checklists.ledger_import import read_ledger
from checklists.questions.records import fields_of

log = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 20 * 1024 * 1024
_LEDGER_STEPS = {Step.ITEM, Step.RECORDS}


def is_spreadsheet(message: Message) -> bool:
    doc = message.document
    return doc is not None and ((doc.file_name or "").lower().endswith(".xlsx") or doc.mime_type == XLSX_MIME)


async def on_ledger(update: Update, context: ContextTypes.DEFAULT_TYPE, inspection: Inspection) -> None:
    """Read the enterprise's ledger into the records item at hand, all rows or none."""
    message = update.effective_message
    item_id = inspection.position.item_id
    checklist = inspection.checklist
    item = checklist.item(item_id) if item_id and checklist.has_item(item_id) else None
    if item is None or item.type != "records" or Step.parse(inspection.position.step) not in _LEDGER_STEPS:
        await message.reply_text(texts.LEDGER_NOT_HERE)
        return
    data = await _download(context, message)
    if data is None:
        await message.reply_text(texts.LEDGER_BAD_FILE)
        return
    today = conversation.today(services(context))
    rows, problems = await asyncio.to_thread(read_ledger, data, fields_of(item), today)
    if problems:
        lines = [texts.LEDGER_PROBLEMS] + [prompts.esc(str(p)) for p in problems]
        await message.reply_text(prompts.clip("\n".join(lines)))
        return
    await message.reply_text(texts.LEDGER_IMPORTED.format(count=len(rows)))
    await conversation.dispatch(update, context, inspection, Event(Kind.IMPORT, item=item.number, rows=tuple(rows)))


async def _download(context: ContextTypes.DEFAULT_TYPE, message: Message) -> bytes | None:
    doc = message.document
    if doc is None or (doc.file_size or 0) > MAX_BYTES:
        return None
    try:
        tg_file = await context.bot.get_file(doc.file_id)
        return bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("ledger download failed: %s", exc)
        return None
