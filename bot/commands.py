"""Slash commands: /start, /help, /new, /status, /cancel, /list, /export."""

from __future__ import annotations

import html

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import conversation, keyboards, prompts, texts
from bot import undelivered
from bot.delivery import render_bytes
from checklists.documents import DELIVERED
from bot.services import Services, send_prompt, services
from checklists import flow
from checklists.flow_types import Step
from checklists.inspection import Enterprise, Inspection


def _enterprise(inspection: Inspection) -> str:
    return inspection.enterprise.name if inspection.enterprise else texts.NO_ENTERPRISE_YET


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot does and its commands."""
    await update.effective_message.reply_text(texts.HELP, parse_mode=ParseMode.HTML)


async def new(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the checklists, those for the named enterprise's 行业领域 first."""
    svc = services(context)
    running = await svc.storage.active_inspection(update.effective_user.id)
    if running:
        text = texts.ALREADY_RUNNING.format(enterprise=_enterprise(running))
        await update.effective_message.reply_text(text, reply_markup=keyboards.resume(running.id))
        return
    if not len(svc.catalog):
        await update.effective_message.reply_text(texts.NO_CHECKLISTS)
        return
    enterprise = await _named_enterprise(svc, " ".join(context.args or []))
    industry = enterprise.industry.value if enterprise and enterprise.industry else None
    ordered = sorted(svc.catalog, key=lambda c: industry not in c.industries) if industry else list(svc.catalog)
    text = texts.CHOOSE_CHECKLIST_FOR.format(enterprise=enterprise.name, industry=industry or texts.NO_INDUSTRY) \
        if enterprise else texts.CHOOSE_CHECKLIST
    await update.effective_message.reply_text(
        text, reply_markup=keyboards.checklist_picker(ordered, enterprise.id if enterprise else 0)
    )


async def _named_enterprise(svc: Services, name: str) -> Enterprise | None:
    """`/new 兴华钢铁`: the enterprise meant, if the name (or part of it) picks out one."""
    name = name.strip()
    if len(name) < 2:
        return None
    found = await svc.storage.find_enterprise(name)
    if found is None:
        matches = await svc.storage.search_enterprises(name, 2)
        found = matches[0] if len(matches) == 1 else None
    return found


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Where the inspector is, then the current question again."""
    svc = services(context)
    await _undelivered_note(update, svc)
    inspection = await svc.storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await update.effective_message.reply_text(texts.NOTHING_RUNNING)
        return
    loaded = await conversation.load(svc, inspection.id)
    if loaded is None:
        return
    answers, photos = loaded.state.answers, loaded.photos
    done = sum(1 for item in inspection.checklist.items if flow.answered(item, answers))
    step = Step.parse(inspection.position.step)
    item_id = inspection.position.item_id
    number = inspection.checklist.item(item_id).number if item_id and inspection.checklist.has_item(item_id) else 0
    text = texts.STATUS.format(
        enterprise=html.escape(_enterprise(inspection), quote=False),
        checklist=html.escape(inspection.checklist.short_title, quote=False),
        answered=done,
        total=len(inspection.checklist.items),
        photos=sum(photos.values()),
        where=texts.STATUS_WHERE.get(step.value, texts.STATUS_WHERE['item']).format(number=number),
    )
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)
    await send_prompt(context, update.effective_chat.id, await conversation.prompt_for(svc, loaded))


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask before abandoning: a mistyped /cancel must not lose an hour of work."""
    inspection = await services(context).storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await update.effective_message.reply_text(texts.NOTHING_RUNNING)
        return
    await update.effective_message.reply_text(
        texts.CONFIRM_CANCEL.format(enterprise=_enterprise(inspection)),
        reply_markup=keyboards.confirm_cancel(inspection.id),
    )


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Unknown commands get the help text rather than silence."""
    await start(update, context)


async def list_inspections(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The inspector's recent inspections with their numbers; `/list all` for supervisors."""
    svc = services(context)
    user_id = update.effective_user.id
    everyone = (context.args or [""])[0].lower() == "all" and user_id in svc.settings.admin_ids
    found = await svc.storage.history(None if everyone else user_id, limit=20 if everyone else 10)
    await update.effective_message.reply_text(
        prompts.history(found, svc.settings.tz, everyone), parse_mode=ParseMode.HTML
    )


def _may_read(svc: Services, user_id: int, inspection: Inspection | None) -> bool:
    """Inspectors read their own inspections; supervisors (ADMIN_IDS) read any."""
    if inspection is None:
        return False
    return inspection.inspector.id == user_id or user_id in svc.settings.admin_ids


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the form of one inspection by its number, to whoever may read it."""
    svc = services(context)
    message = update.effective_message
    args = context.args or []
    if len(args) != 1 or not args[0].isascii() or not args[0].isdigit() or len(args[0]) > 12:
        await message.reply_text(texts.EXPORT_USAGE)
        return
    inspection = await svc.storage.inspection(int(args[0]))
    if not _may_read(svc, update.effective_user.id, inspection):
        # The same answer whether it does not exist or is someone else's: no probing.
        await message.reply_text(texts.EXPORT_NOT_FOUND.format(id=args[0]))
        return
    enterprise = inspection.enterprise.name if inspection.enterprise else texts.NO_ENTERPRISE_YET
    caption = texts.EXPORT_CAPTION.format(id=inspection.id, enterprise=enterprise)[:1024]
    for kind in DELIVERED:  # the .xlsx to edit and print, the PDF to read on the phone
        name, data = await render_bytes(svc.storage, inspection.id, svc.settings.tz, kind)
        await message.reply_document(InputFile(data, filename=name), caption=caption if kind is DELIVERED[0] else None)


async def _undelivered_note(update: Update, svc: Services) -> None:
    """Forms not delivered (failed or still retrying): the user's own, all for supervisors."""
    note = await undelivered.status_lines(svc.storage, update.effective_user.id, svc.settings.admin_ids)
    if note:
        await update.effective_message.reply_text(note)
