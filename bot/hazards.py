"""The hazard register in chat: /hazards, /hazard N, cards, history, the follow-up walk.

Routing lives in `add_handlers` (called once from bot/app.py); changes of a
hazard are in bot/hazard_actions.py, invites in bot/hazard_contacts.py and
reminders in bot/hazard_reminders.py.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, TypeHandler, filters,
)

from bot import hazard_keyboards as kb
from bot import hazard_views as views
from bot import texts
from bot.hazard_callbacks import PATTERN, HazardCallback
from bot.hazard_service import DRAFTING_KEY, KEY, Drafting, HazardService, hazard_service
from checklists.hazard_flow import Role, enterprise_state
from checklists.hazards import HazardRecord, parse_number

PAGE_SIZE = 10
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
DRAFT_CLEANUP_GROUP = 1  # runs after the main handler group 0
ALBUM_LIMIT = 10  # sendMediaGroup takes 2-10 photos


def _private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def may_see(hz: HazardService, user_id: int, hazard: HazardRecord | None) -> bool:
    """Staff see every hazard; a contact only their enterprise's (a forged number gets 'not found')."""
    if hazard is None:
        return False
    actor = hz.actor(user_id)
    return actor.role is not Role.CONTACT or actor.enterprise_id == hazard.enterprise_id


async def show_card(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, hazard: HazardRecord,
    walk: tuple[int, int, int] | None = None,
) -> None:
    hz = hazard_service(context)
    state = enterprise_state(await hz.store.enterprise_levels(hazard.enterprise_id))
    text = views.card(hazard, hz.today(), hz.settings.tz, state)
    if walk is not None:
        text = texts.HZ_WALK.format(index=walk[1] + 1, total=walk[2]) + text
    markup = kb.card(hazard, hz.actor(user_id), walk) if chat_id == user_id else None
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def list_page(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int, scope: str) -> tuple[str, object]:
    """(text, markup) of one page of open hazards for this person and chat."""
    hz = hazard_service(context)
    actor = hz.actor(update.effective_user.id)
    group = not _private(update)
    if actor.role is Role.CONTACT:
        scope = "e"
    elif group:
        scope = "a"
    finder = actor.user_id if scope == "m" else None
    enterprise = actor.enterprise_id if scope == "e" else None
    found, total = await hz.store.open_page(finder=finder, enterprise=enterprise, limit=PAGE_SIZE,
                                            offset=page * PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if total == 0:
        return texts.HZ_LIST_EMPTY, None
    states = {}
    for enterprise_id in dict.fromkeys(h.enterprise_id for h in found):
        states[enterprise_id] = enterprise_state(await hz.store.enterprise_levels(enterprise_id))
    if scope == "e":
        head = texts.HZ_LIST_HEAD_CONTACT.format(enterprise=views._e(found[0].enterprise_name), total=total)
    else:
        head = (texts.HZ_LIST_HEAD_MINE if scope == "m" else texts.HZ_LIST_HEAD_ALL).format(total=total)
    text = views.listing(head, found, hz.today(), page, pages, states, tap_hint=not group)
    return text, kb.listing(found, page, pages, scope, with_items=not group)


async def cmd_hazards(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Private: my open hazards (`/hazards all` for supervisors); group: everyone's by enterprise;
    `/hazards 2025-06`: that month's counts found and closed (staff only)."""
    hz = hazard_service(context)
    arg = (context.args or [""])[0].lower()
    if _MONTH.fullmatch(arg) and hz.actor(update.effective_user.id).role is not Role.CONTACT:
        await month_report(update, context, int(arg[:4]), int(arg[5:]))
        return
    everyone = arg == "all" and update.effective_user.id in hz.settings.admin_ids
    text, markup = await list_page(update, context, 0, "a" if everyone else "m")
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def month_report(update: Update, context: ContextTypes.DEFAULT_TYPE, year: int, month: int) -> None:
    """Found and closed in a local calendar month, by level (seed 003 annex 1's columns)."""
    hz = hazard_service(context)
    if not 1 <= month <= 12:
        await update.effective_message.reply_text(texts.HZ_MONTH_USAGE)
        return
    start = datetime(year, month, 1, tzinfo=hz.settings.tz)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=hz.settings.tz)
    counts = await hz.store.month_counts(f"{year:04d}-{month:02d}", start, end)
    await update.effective_message.reply_text(views.month(counts), parse_mode=ParseMode.HTML)


async def cmd_hazard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hazard Y2025-0042: the card, its history and its photos."""
    hz = hazard_service(context)
    args = context.args or []
    parsed = parse_number(args[0]) if len(args) == 1 and len(args[0]) <= 16 else None
    if parsed is None:
        await update.effective_message.reply_text(texts.HZ_USAGE)
        return
    hazard = await hz.store.by_number(*parsed)
    if not may_see(hz, update.effective_user.id, hazard):
        await update.effective_message.reply_text(texts.HZ_NOT_FOUND.format(number=views._e(args[0][:16])))
        return
    assert hazard is not None
    chat_id = update.effective_chat.id
    if not _private(update):
        await update.effective_message.reply_text(texts.HZ_GROUP_NEED_PRIVATE.format(number=hazard.number))
        return
    await show_card(context, chat_id, update.effective_user.id, hazard)
    await send_history(context, chat_id, hazard)


async def send_history(context: ContextTypes.DEFAULT_TYPE, chat_id: int, hazard: HazardRecord) -> None:
    """The audit trail, then the photos before and after (one album each, at most 10)."""
    hz = hazard_service(context)
    log, photos = await hz.store.history(hazard.id)
    before = [p for p in photos if p.stage == "before"]
    after = [p for p in photos if p.stage == "after"]
    text = views.history(hazard, log, hz.settings.tz, len(before), len(after))
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    for label, group in ((texts.HZ_PHOTO_BEFORE, before), (texts.HZ_PHOTO_AFTER, after)):
        await send_photos(context, chat_id, group, f"{hazard.number} {label}")


async def send_photos(context: ContextTypes.DEFAULT_TYPE, chat_id: int, photos: list, caption: str,
                      markup: object = None) -> None:
    """One sendPhoto per photo, the first captioned (at most ALBUM_LIMIT): simple and within limits."""
    hz = hazard_service(context)
    for index, photo in enumerate(photos[:ALBUM_LIMIT]):
        data = hz.store.photo_bytes(photo.sha256)
        first = index == 0
        await context.bot.send_photo(chat_id, data, caption=caption[:1024] if first else None,
                                     reply_markup=markup if first else None)


async def announce_open_hazards(context: ContextTypes.DEFAULT_TYPE, chat_id: int, enterprise_id: int) -> None:
    """Called by the inspection flow when an enterprise is chosen: offer a follow-up check
    (复查) of its open hazards; says nothing when there are none."""
    hz = hazard_service(context)
    levels = await hz.store.enterprise_levels(enterprise_id)
    if not levels:
        return
    state = enterprise_state(levels)
    text = texts.HZ_OPEN_NOTICE.format(total=len(levels), major=sum(1 for _s, lv in levels if lv.value == "重大"),
                                       state=texts.HZ_ENTERPRISE_STATE[state.value])
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=kb.walk_start(enterprise_id))


async def walk(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback) -> None:
    """The follow-up walk: the enterprise's open hazards one by one."""
    hz = hazard_service(context)
    user_id = update.effective_user.id
    actor = hz.actor(user_id)
    if actor.role is Role.CONTACT and actor.enterprise_id != cb.id:
        await update.callback_query.answer(texts.HZ_REFUSAL["not_allowed"])
        return
    found, total = await hz.store.open_page(enterprise=cb.id, limit=1, offset=cb.version)
    await update.callback_query.answer()
    if not found:
        await context.bot.send_message(update.effective_chat.id, texts.HZ_LIST_EMPTY)
        return
    await show_card(context, update.effective_chat.id, user_id, found[0], (cb.id, cb.version, total))


async def on_page(update: Update, context: ContextTypes.DEFAULT_TYPE, cb: HazardCallback) -> None:
    text, markup = await list_page(update, context, cb.id, cb.arg)
    await update.callback_query.answer()
    await update.callback_query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


def add_handlers(app: Application) -> None:
    """Hazard routes, registered before the general handlers (see bot/app.py)."""
    from bot import hazard_actions, hazard_contacts, hazard_drafts

    drafting: set[int] = app.bot_data.setdefault(DRAFTING_KEY, set())
    fresh = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", hazard_contacts.on_start_token,
                                   filters=fresh & filters.Regex(r"^/start(@\w+)?\s+\S")))
    app.add_handler(CommandHandler("hazards", cmd_hazards, filters=fresh))
    app.add_handler(CommandHandler("hazard", cmd_hazard, filters=fresh))
    app.add_handler(CommandHandler("revoke", hazard_contacts.cmd_revoke, filters=fresh & filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(hazard_actions.on_button, pattern=PATTERN))
    composing = fresh & filters.ChatType.PRIVATE & Drafting(drafting)
    app.add_handler(MessageHandler(composing & (filters.PHOTO | filters.Document.IMAGE), hazard_drafts.on_draft_photo))
    app.add_handler(MessageHandler(composing & filters.TEXT & ~filters.COMMAND, hazard_drafts.on_draft_text))
    # After the update was handled: another command or inspection button ends a draft.
    app.add_handler(TypeHandler(Update, hazard_drafts.drop_abandoned_draft), group=DRAFT_CLEANUP_GROUP)


async def start(app: Application, store: object, settings: object) -> HazardService:
    """At start-up: the service, its caches from the database, and the reminder jobs."""
    from bot import hazard_reminders

    hz = HazardService(store=store, settings=settings, drafting=app.bot_data.setdefault(DRAFTING_KEY, set()))  # type: ignore[arg-type]
    await hz.load()
    app.bot_data[KEY] = hz
    await hazard_reminders.recover(hz)
    hazard_reminders.schedule(app, hz)
    return hz
