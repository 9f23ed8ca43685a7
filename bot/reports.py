"""The reports in Telegram: /report on demand, /report-input for supervisors' numbers,
and the schedule on PTB's JobQueue.

Only supervisors (CHECKLIST_BOT_ADMIN_IDS) produce or feed reports; anyone
else gets a polite refusal. A report asked for goes to the chat it was asked
in, through the report outbox keyed by that message (a redelivered update
sends nothing twice). Scheduled reports are due from the database: every
minute the job asks which occurrence is due and not yet queued, so one due
while the bot was down is queued once after start-up.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import report_dialogue, texts
from bot.config import Settings
from bot.report_service import KEY, ReportService
from checklists.reports.inputs import InputRejected, read_inputs
from checklists.reports.period import month_label, parse_month
from checklists.reports.registry import KINDS
from storage import Storage

log = logging.getLogger(__name__)

INPUT_CAPTION = r"^\s*/report-input(@\w+)?\s*$"
INPUT_COMMAND = r"^\s*/report-input(@\w+)?(\s|$)"
TICK_SECONDS = 60
MESSAGE_BUDGET = 3500


def add_handlers(app: Application) -> None:
    """Before the roster's and the photo handler: only documents captioned /report-input reach us."""
    fresh = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(fresh & filters.Document.ALL & filters.CaptionRegex(INPUT_CAPTION), on_input))
    app.add_handler(MessageHandler(fresh & filters.Regex(INPUT_COMMAND), on_input_hint))
    app.add_handler(MessageHandler(fresh & filters.TEXT & report_dialogue.PromptReply(
        app.bot_data.setdefault(report_dialogue.DIALOGUES, {})), report_dialogue.on_reply))
    app.add_handler(CommandHandler("report", on_report, filters=fresh))


async def start(app: Application, storage: Storage, settings: Settings) -> ReportService:
    """The service in bot_data, and the schedule: every minute, the first run right after start-up."""
    service = ReportService(storage.reports, settings)
    app.bot_data[KEY] = service
    if app.job_queue is None:
        log.error("JobQueue unavailable: install python-telegram-bot[job-queue]; scheduled reports are off")
        return service
    app.job_queue.run_repeating(_tick, interval=TICK_SECONDS, first=1, name="reports")
    return service


def group_update_allowed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In the bureau group: /report, and a sheet captioned /report-input (the handlers check who)."""
    service: ReportService | None = context.application.bot_data.get(KEY)
    message, chat = update.effective_message, update.effective_chat
    if service is None or message is None or chat is None or chat.id != service.settings.group_id:
        return False
    if update.callback_query is not None:
        return False
    text = message.text or message.caption or ""
    first = text.split(maxsplit=1)[0].split("@", 1)[0].lower() if text.startswith("/") else ""
    replied = message.reply_to_message
    if replied is not None and (chat.id, replied.message_id) in context.application.bot_data.get(
            report_dialogue.DIALOGUES, {}):
        return True  # an answer to one of the dialogue's questions
    return first in ("/report", "/report-input")


def report_service(context: ContextTypes.DEFAULT_TYPE) -> ReportService:
    return context.application.bot_data[KEY]


async def _tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await report_service(context).tick(context.bot)
    except Exception:  # the next tick tries again; the log has the cause
        log.exception("report schedule run failed")


def _supervisor(update: Update, service: ReportService) -> bool:
    return update.effective_user is not None and update.effective_user.id in service.settings.admin_ids


async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report KIND [YYYY-MM | enterprise]."""
    service, message = report_service(context), update.effective_message
    if not _supervisor(update, service):
        await message.reply_text(texts.REPORT_SUPERVISORS_ONLY)
        return
    args = list(context.args or [])
    kind = args[0].lower() if args else ""
    if kind not in KINDS:
        await message.reply_text(texts.REPORT_USAGE)
        return
    request, refusal = _request(service, kind, args[1:])
    if refusal:
        await message.reply_text(refusal)
        return
    try:
        report = await service.queue(f"ask:{message.chat_id}:{message.message_id}", [message.chat_id], request)
    except Exception:
        log.exception("report %s %s could not be produced", kind, args[1:])
        await message.reply_text(texts.REPORT_FAILED)
        return
    if report is None:
        await message.reply_text(texts.REPORT_ENTERPRISE_NOT_FOUND.format(name=request.enterprise))
        return
    await service.flush(context.bot)


def _request(service: ReportService, kind: str, rest: list[str]) -> tuple[object, str | None]:
    if kind == "3":
        name = " ".join(rest).strip()
        return service.request(kind, enterprise=name), None if name else texts.REPORT_ENTERPRISE_USAGE
    if not rest:
        return service.request(kind), None
    month = parse_month(rest[0])
    if month is None:
        return None, texts.REPORT_BAD_MONTH.format(text=rest[0][:20])
    req = service.request(kind, month)
    if month > service.request(kind).month:
        return None, texts.REPORT_FUTURE_MONTH.format(month=month)
    return req, None


async def on_input_hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report-input typed as text: with an annex and a month, the guided dialogue; else how to."""
    service = report_service(context)
    if not _supervisor(update, service):
        await update.effective_message.reply_text(texts.REPORT_SUPERVISORS_ONLY)
        return
    args = (update.effective_message.text or "").split()[1:]
    if args:
        await report_dialogue.start(update, context, args)
    else:
        await update.effective_message.reply_text(texts.REPORT_INPUT_HOW + "\n" + texts.REPORT_DIALOGUE_USAGE)


async def on_input(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An annex 1 or 5 sheet with numbers typed in: all stored (with who and when) or none."""
    service, message = report_service(context), update.effective_message
    if not _supervisor(update, service):
        await message.reply_text(texts.REPORT_SUPERVISORS_ONLY)
        return
    try:
        data = await _download(context, message.document.file_id, message.document.file_size)
        entered = await asyncio.to_thread(read_inputs, data)
    except InputRejected as exc:
        await message.reply_text(texts.REPORT_INPUT_REJECTED[exc.reason].format(detail=exc.detail))
        return
    if entered.problems:
        lines = "\n".join(entered.problems)
        await message.reply_text(texts.REPORT_INPUT_PROBLEMS.format(count=len(entered.problems),
                                                                    lines=lines[:MESSAGE_BUDGET]))
        return
    if not entered.values:
        await message.reply_text(texts.REPORT_INPUT_NOTHING)
        return
    user = update.effective_user
    changed = await service.store.put_inputs(entered.annex, dict(entered.values), user.id, service.clock(),
                                             message.document.file_name or "report-input.xlsx")
    months = "、".join(month_label(m) for m in sorted({m for m, _ in entered.values}))
    log.info("report inputs of annex %s from %s: %s changed", entered.annex, user.id, changed)
    await message.reply_text(texts.REPORT_INPUT_SAVED.format(annex=entered.annex, changed=changed,
                                                             read=len(entered.values), months=months,
                                                             who=user.full_name))


async def _download(context: ContextTypes.DEFAULT_TYPE, file_id: str, size: int | None) -> bytes:
    from checklists.reports.inputs import MAX_BYTES

    if size is not None and size > MAX_BYTES:
        raise InputRejected("too-large")
    try:
        tg_file = await context.bot.get_file(file_id)
        return bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("report input download failed: %s", exc)
        raise InputRejected("download-failed") from None
