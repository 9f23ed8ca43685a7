"""An .xlsx sent while a ledger (records item) is being filled: its rows become records."""

from __future__ import annotations

import asyncio

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import conversation, downloads, prompts, texts
from bot.services import services
from checklists.flow_types import Event, Kind, Step
from checklists.inspection import Inspection
from checklists.ledger_import import read_ledger
from checklists.questions.records import fields_of

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    try:
        return await downloads.fetch(context.bot, doc.file_id, doc.file_size, what="ledger") if doc else None
    except downloads.Refused:
        return None
