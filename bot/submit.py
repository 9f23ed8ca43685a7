"""Submitting an inspection: one transaction marks it submitted and queues the
form for the inspector and the bureau group in the outbox."""

from __future__ import annotations

from datetime import datetime, timezone

from telegram.ext import ContextTypes

from bot import texts
from bot.services import services
from checklists import flow
from checklists.documents import PDF, XLSX
from checklists.form import form_file_name
from checklists.inspection import FilledInspection, Inspection
from checklists.model import Hazard, Result

CAPTION_LIMIT = 1024


def captions(filled: FilledInspection, date: str) -> tuple[str, str]:
    """(inspector's caption, group's caption), both within Telegram's 1024."""
    inspection = filled.inspection
    enterprise = inspection.enterprise.name if inspection.enterprise else ""
    problems = [a for a in filled.answers.values() if a.result is Result.PROBLEM]
    mine = texts.FORM_CAPTION_INSPECTOR.format(enterprise=enterprise, date=date)
    group = texts.FORM_CAPTION_GROUP.format(
        checklist=inspection.checklist.short_title,
        enterprise=enterprise,
        inspector=inspection.inspector.full_name,
        date=date,
        problems=len(problems),
        major=sum(1 for a in problems if a.hazard is Hazard.MAJOR),
    )
    return mine[:CAPTION_LIMIT], group[:CAPTION_LIMIT]


async def submit(context: ContextTypes.DEFAULT_TYPE, chat_id: int, inspection: Inspection) -> bool:
    """Queue delivery; False (nothing done) when something is still missing."""
    svc = services(context)
    filled = await svc.storage.filled(inspection.id)
    if not flow.is_complete(filled.inspection, filled.answers):
        return False
    now = datetime.now(timezone.utc)
    date = now.astimezone(svc.settings.tz).strftime("%Y-%m-%d")
    submitted = FilledInspection(inspection=inspection, answers=filled.answers, photos=filled.photos)
    name = form_file_name(submitted, svc.settings.tz, XLSX.name)
    pdf_name = form_file_name(submitted, svc.settings.tz, PDF.name)
    mine, group = captions(submitted, date)
    # Both .xlsx first: the official record is not held back behind the PDF.
    deliveries = [(chat_id, mine, name), (svc.settings.group_id, group, name),
                  (chat_id, texts.FORM_CAPTION_PDF, pdf_name),
                  (svc.settings.group_id, texts.FORM_CAPTION_PDF, pdf_name)]
    found_on = now.astimezone(svc.settings.tz).date()  # hazards are numbered and dated locally
    if not await svc.storage.submit(inspection.id, deliveries, now=now, found_on=found_on):
        return True  # a second press of 提交: the first already queued the form
    await context.bot.send_message(chat_id, texts.SUBMITTED.format(id=inspection.id))
    if svc.delivery:
        svc.delivery.wake()
    return True
