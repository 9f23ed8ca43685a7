"""Wiring: builds the Application, its services and handlers, and runs it."""

from __future__ import annotations

import logging
from typing import cast

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import access, buttons, commands, inbound, messages, netwait, photos, texts, undelivered
from bot import hazards as hazard_bot
from bot import reports, roster
from bot.config import Settings
from bot.delivery import DeliveryWorker
from bot.logsetup import setup_logging
from bot.ratelimit import ChatRateLimiter
from bot.services import KEY, Services
from bot.updates import PerChatUpdateProcessor
from storage.errors import AlreadyInProgress, InspectionClosed
from checklists.loader import load_catalog
from storage import Storage

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with context and tell the user; the bot keeps running."""
    svc = cast(Services | None, context.application.bot_data.get(KEY))
    if update is None and netwait.polling_error(context.error, svc.settings.api_url if svc else None):
        return  # getUpdates failed: one line, PTB retries
    who = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    log.error("error handling update %s from user %s", getattr(update, "update_id", None), who,
              exc_info=context.error)
    if not isinstance(update, Update):
        return
    # A race with submit/cancel (e.g. a photo arriving as 提交 is pressed) is a
    # stale action, not a failure: say so plainly.
    stale = isinstance(context.error, (InspectionClosed, AlreadyInProgress))
    text = texts.STALE_BUTTON if stale else texts.FAILED
    try:
        if update.callback_query:
            await update.callback_query.answer(text[:200], show_alert=not stale)
        elif update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, text)
    except Exception:  # the network may be what failed; the log has it
        log.warning("could not tell user %s about the error", who)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edits of sent messages are not answers; say so instead of silently ignoring."""
    await context.bot.send_message(update.effective_chat.id, texts.EDITED_IGNORED)


def add_handlers(app: Application) -> None:
    """All routes in one place; flood control (group -2) and access (-1) run first."""
    app.add_handler(TypeHandler(Update, messages.flush_texts), group=-3)
    app.add_handler(TypeHandler(Update, inbound.guard), group=-2)
    app.add_handler(TypeHandler(Update, access.check_access), group=-1)
    hazard_bot.add_handlers(app)  # the hazard register (h1: buttons, /hazards, drafts) before the general routes
    reports.add_handlers(app)  # /report, /report-input documents (before the roster's and the photo handler)
    roster.add_handlers(app)  # /import documents (before the photo handler), /roster, /enterprise
    fresh = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler(["start", "help"], commands.start, filters=fresh))
    app.add_handler(CommandHandler("new", commands.new, filters=fresh))
    app.add_handler(CommandHandler("status", commands.status, filters=fresh))
    app.add_handler(CommandHandler("cancel", commands.cancel, filters=fresh))
    app.add_handler(CommandHandler("list", commands.list_inspections, filters=fresh))
    app.add_handler(CommandHandler("export", commands.export, filters=fresh))
    app.add_handler(CallbackQueryHandler(buttons.on_button))
    app.add_handler(MessageHandler(fresh & (filters.PHOTO | filters.Document.ALL), photos.on_photo))
    app.add_handler(MessageHandler(fresh & filters.LOCATION, messages.on_location))
    app.add_handler(MessageHandler(fresh & filters.COMMAND, commands.unknown))
    app.add_handler(MessageHandler(fresh & filters.TEXT, messages.on_text))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edited))
    app.add_handler(MessageHandler(filters.ALL, messages.on_unsupported))
    app.add_error_handler(on_error)


def make_startup(settings: Settings):  # noqa: ANN201 - PTB callback
    async def startup(app: Application) -> None:
        """Open storage and templates, register commands, start the outbox worker."""
        extra = [settings.checklists_dir] if settings.checklists_dir else []
        storage = await Storage.open(settings.data_dir)
        svc = Services(settings=settings, storage=storage, catalog=load_catalog(extra))
        svc.delivery = DeliveryWorker(app.bot, storage, settings.tz, on_render_failed=undelivered.notifier(
            app.bot, storage, settings.admin_ids))
        app.bot_data[KEY] = svc
        await hazard_bot.start(app, storage.hazards, settings)  # caches and reminder jobs from the database
        await reports.start(app, storage, settings)  # reports on demand and on schedule (from the database)
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS])
        except TelegramError as exc:  # a menu is not worth refusing to start over
            log.warning("could not register the command menu: %s", exc)
        svc.delivery.start()
        log.info("started: %s checklist(s), data in %s", len(svc.catalog), settings.data_dir)

    return startup


async def shutdown(app: Application) -> None:
    """Stop the worker, then close the database (after handlers have finished)."""
    svc = cast(Services | None, app.bot_data.get(KEY))
    if svc is None:
        return
    if svc.delivery:
        await svc.delivery.stop()
    await svc.storage.close()
    log.info("stopped cleanly")


def build_application(settings: Settings) -> Application:
    builder = (
        ApplicationBuilder()
        .token(str(settings.token))
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .rate_limiter(ChatRateLimiter())
        .concurrent_updates(PerChatUpdateProcessor(32))
        .connection_pool_size(64)
        .post_init(make_startup(settings))
        .post_shutdown(shutdown)
    )
    if settings.proxy:
        builder = builder.proxy(settings.proxy).get_updates_proxy(settings.proxy)
    app = builder.build()
    add_handlers(app)
    return app


def run(settings: Settings) -> int:
    """Poll until SIGINT/SIGTERM; PTB finishes pending updates before shutdown."""
    setup_logging(settings.log_level, str(settings.token))
    if not netwait.wait_until_reachable(settings):
        return 0  # SIGTERM/SIGINT while Telegram was unreachable
    app = build_application(settings)
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, close_loop=True,
                    bootstrap_retries=-1)  # the API may vanish again between the wait and here
    return 0
