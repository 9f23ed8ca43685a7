"""Fetching a file a user sent, at most what the Bot API lets a bot download.

One place for the size check (declared by the message, then by getFile) and
for turning Telegram's errors into a reason the caller words for the user.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

log = logging.getLogger(__name__)

MAX_DOWNLOAD = 20 * 1024 * 1024  # what the public Bot API lets a bot download


class Refused(Exception):
    """`reason` is "too-large" or "download-failed"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def fetch(bot: Bot, file_id: str, declared: int | None, limit: int = MAX_DOWNLOAD, what: str = "file") -> bytes:
    """The file's bytes; Refused before downloading anything over `limit`."""
    if declared is not None and declared > limit:
        raise Refused("too-large")
    try:
        tg_file = await bot.get_file(file_id)
        if tg_file.file_size is not None and tg_file.file_size > limit:
            raise Refused("too-large")
        return bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("%s download failed: %s", what, exc)
        raise Refused("download-failed") from None
