"""The enterprise roster in Telegram: /import (an .xlsx sent with that caption),
/roster (the roster back as .xlsx) and /enterprise NAME (one enterprise and
who guides it under seed 000).

Importing and exporting rewrite the roster bureau-wide, so they are for
supervisors (ADMIN_IDS) only; looking an enterprise up is for every
authorised user. Parsing and writing the workbook run off the event loop:
a 5,000-row sheet must not stall other inspectors' answers.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Sequence
from datetime import datetime

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import downloads, texts
from bot.services import services
from checklists.inspection import Enterprise
from checklists.roster import (
    MAX_BYTES, RosterProblem, RosterRejected, enterprise_columns, iter_problems_text, read_roster, write_roster,
)

log = logging.getLogger(__name__)

IMPORT_CAPTION = r"^\s*/import(@\w+)?\s*$"
MESSAGE_BUDGET = 3800  # of Telegram's 4096 characters, leaving room for the closing line


def add_handlers(app: Application) -> None:
    """Registered before the photo handler: only documents captioned /import reach us."""
    fresh = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(fresh & filters.Document.ALL & filters.CaptionRegex(IMPORT_CAPTION), on_import))
    app.add_handler(CommandHandler("import", on_import_hint, filters=fresh))
    app.add_handler(CommandHandler("roster", on_roster, filters=fresh))
    app.add_handler(CommandHandler("enterprise", on_enterprise, filters=fresh))


def _is_supervisor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    return update.effective_user.id in services(context).settings.admin_ids


async def on_import_hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/import typed as text: explain how to send the file."""
    text = texts.ROSTER_IMPORT_HOW if _is_supervisor(update, context) else texts.ROSTER_SUPERVISORS_ONLY
    await update.effective_message.reply_text(text)


async def on_import(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Read the sheet, report every bad row, or store all of it in one transaction."""
    message = update.effective_message
    if not _is_supervisor(update, context):
        await message.reply_text(texts.ROSTER_SUPERVISORS_ONLY)
        return
    document = message.document
    if document.file_size is not None and document.file_size > MAX_BYTES:
        await message.reply_text(texts.ROSTER_REJECTED["too-large"])
        return
    try:
        data = await _download(context, document.file_id)
        roster = await asyncio.to_thread(read_roster, data)
    except RosterRejected as exc:
        log.info("roster from %s refused: %s", update.effective_user.id, exc)
        await message.reply_text(texts.ROSTER_REJECTED[exc.reason].format(detail=exc.detail))
        return
    if roster.problems:
        await message.reply_text(_problems_text(texts.ROSTER_PROBLEMS, roster.problems))
        return
    if not roster.rows:
        await message.reply_text(texts.ROSTER_NO_ROWS)
        return
    result = await services(context).storage.import_roster(roster.rows)
    if result.problems:
        await message.reply_text(_problems_text(texts.ROSTER_CONFLICTS, result.problems))
        return
    log.info("roster imported by %s: %s added, %s updated", update.effective_user.id, result.added, result.updated)
    await message.reply_text(texts.ROSTER_IMPORTED.format(added=result.added, updated=result.updated))


async def _download(context: ContextTypes.DEFAULT_TYPE, file_id: str) -> bytes:
    try:
        return await downloads.fetch(context.bot, file_id, None, MAX_BYTES, what="roster")
    except downloads.Refused as exc:
        raise RosterRejected(exc.reason) from None


def _problems_text(title: str, problems: Sequence[RosterProblem]) -> str:
    """As many problem lines as fit one message, then how many were left out."""
    lines = [title.format(count=len(problems))]
    used = len(lines[0])
    shown = 0
    for line in iter_problems_text(problems):
        if used + len(line) + 1 > MESSAGE_BUDGET:
            break
        lines.append(line)
        used += len(line) + 1
        shown += 1
    if shown < len(problems):
        lines.append(texts.ROSTER_MORE_PROBLEMS.format(count=len(problems) - shown))
    lines.append(texts.ROSTER_NOTHING_STORED)
    return "\n".join(lines)


async def on_roster(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The stored roster as .xlsx, in the layout /import reads."""
    if not _is_supervisor(update, context):
        await update.effective_message.reply_text(texts.ROSTER_SUPERVISORS_ONLY)
        return
    svc = services(context)
    enterprises = await svc.storage.roster()
    if not enterprises:
        await update.effective_message.reply_text(texts.ROSTER_EMPTY)
        return
    rows = [enterprise_columns(e.name, e.credit_code, e.town, e.industry, e.scale, e.category) for e in enterprises]
    data = await asyncio.to_thread(write_roster, rows)
    name = f"企业名录-{datetime.now(svc.settings.tz):%Y%m%d}.xlsx"
    await update.effective_message.reply_document(
        InputFile(data, filename=name), caption=texts.ROSTER_CAPTION.format(count=len(enterprises))
    )


async def on_enterprise(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/enterprise 名称`: the enterprise, or the names that contain what was typed."""
    message = update.effective_message
    query = " ".join(context.args or [])
    if len(query.strip()) < 2:
        await message.reply_text(texts.ENTERPRISE_USAGE)
        return
    storage = services(context).storage
    found = await storage.find_enterprise(query)
    matches = [found] if found else await storage.search_enterprises(query, limit=11)
    if len(matches) == 1:
        await message.reply_text(enterprise_card(matches[0]), parse_mode=ParseMode.HTML)
    elif not matches:
        await message.reply_text(texts.ENTERPRISE_NOT_FOUND.format(name=query.strip()))
    else:
        names = "\n".join(f"• {e.name}" for e in matches[:10])
        more = texts.ENTERPRISE_MORE if len(matches) > 10 else ""
        await message.reply_text(texts.ENTERPRISE_CHOOSE.format(names=names) + more)


def enterprise_card(enterprise: Enterprise) -> str:
    """HTML: every roster field, unknown ones said to be unknown, and the guidance."""

    def shown(value: object) -> str:
        if value is None:
            return texts.ENTERPRISE_UNKNOWN
        return html.escape(str(getattr(value, "value", value)), quote=False)

    return texts.ENTERPRISE_CARD.format(
        name=html.escape(enterprise.name, quote=False), code=shown(enterprise.credit_code),
        town=shown(enterprise.town), industry=shown(enterprise.industry), scale=shown(enterprise.scale),
        category=shown(enterprise.category), guidance=shown(enterprise.guidance),
    )
