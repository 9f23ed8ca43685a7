"""Photo evidence: download at once (Telegram's file links expire), validate with
Pillow off the event loop, store, and acknowledge — once per album, not per photo."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import downloads, ledger, texts
from bot.downloads import MAX_DOWNLOAD
from bot.services import services
from checklists.flow import ITEM_STEPS
from checklists.flow_types import Step
from checklists.inspection import Inspection
from storage.images import ImageRejected, probe_image

log = logging.getLogger(__name__)

ALBUM_QUIET_SECONDS = 1.5


def _file_of(message: Message) -> tuple[str, str, int | None]:
    """(file_id, file_unique_id, declared size) of the photo or document."""
    if message.photo:
        best = message.photo[-1]
        return best.file_id, best.file_unique_id, best.file_size
    doc = message.document
    return doc.file_id, doc.file_unique_id, doc.file_size


async def _download(context: ContextTypes.DEFAULT_TYPE, file_id: str, size: int | None) -> bytes:
    try:
        return await downloads.fetch(context.bot, file_id, size, what="photo")
    except downloads.Refused as exc:
        raise ImageRejected(exc.reason) from None


def _item_of(inspection: Inspection) -> tuple[str | None, int | None]:
    """Photos belong to the current item while an item is being answered."""
    item_id = inspection.position.item_id
    if Step.parse(inspection.position.step) in ITEM_STEPS and item_id and inspection.checklist.has_item(item_id):
        return item_id, inspection.checklist.item(item_id).number
    return None, None


def _rejection(reason: str) -> str:
    return texts.PHOTO_REJECTED.get(reason, texts.PHOTO_REJECTED["not-an-image"]).format(mb=MAX_DOWNLOAD >> 20)


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A compressed photo or a file: store it against the current item."""
    message = update.effective_message
    storage = services(context).storage
    inspection = await storage.active_inspection(update.effective_user.id)
    if inspection is None:
        await message.reply_text(texts.PHOTO_NO_INSPECTION)
        return
    if ledger.is_spreadsheet(message):  # an enterprise's ledger for a records item, not a photo
        await ledger.on_ledger(update, context, inspection)
        return
    item_id, number = _item_of(inspection)
    file_id, unique_id, size = _file_of(message)
    try:
        data = await _download(context, file_id, size)
        info = await asyncio.to_thread(probe_image, data)
    except ImageRejected as exc:
        await _report(context, message, number, rejected=exc.reason)
        return
    _, created = await storage.add_photo(
        inspection.id, item_id, data, info, caption=message.caption,
        file_unique_id=unique_id, media_group_id=message.media_group_id,
    )
    await _report(context, message, number, saved=created, duplicate=not created)


async def _report(
    context: ContextTypes.DEFAULT_TYPE, message: Message, number: int | None,
    saved: bool = False, duplicate: bool = False, rejected: str | None = None,
) -> None:
    """Acknowledge a single photo now, or fold it into its album's one reply."""
    if message.media_group_id is None:
        if rejected:
            text = _rejection(rejected)
        elif duplicate:
            text = texts.PHOTO_DUPLICATE.format(number=number or "—")
        else:
            text = texts.PHOTO_SAVED.format(number=number) if number else texts.PHOTO_SAVED_GENERAL
        await message.reply_text(text)
        return
    key = (message.chat_id, message.media_group_id)
    album = services(context).albums.collect(message.chat_id, message.media_group_id, number)
    album.saved += 1 if (saved or duplicate) else 0
    if rejected:
        album.rejected[rejected] += 1
    if album.timer:
        album.timer.cancel()
    album.timer = context.application.create_task(_flush_album(context, key))


async def _flush_album(context: ContextTypes.DEFAULT_TYPE, key: tuple[int, str]) -> None:
    await asyncio.sleep(ALBUM_QUIET_SECONDS)
    album = services(context).albums.pop(key, None)
    if album is None:
        return
    parts = []
    if album.saved:
        template = texts.ALBUM_SAVED if album.number else texts.ALBUM_SAVED_GENERAL
        parts.append(template.format(count=album.saved, number=album.number))
    for reason, count in album.rejected.items():
        parts.append(texts.ALBUM_REJECTED.format(count=count, reason=_rejection(reason)))
    try:
        await context.bot.send_message(album.chat_id, "\n".join(parts))
    except TelegramError:
        log.exception("could not acknowledge album in chat %s", album.chat_id)
