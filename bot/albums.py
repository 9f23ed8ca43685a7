"""The album buffer: photos of one Telegram album acknowledged in one reply.

Telegram delivers an album as separate messages sharing a media_group_id.
Their outcomes are collected here until the album has been quiet for a
moment. The buffer belongs to the running bot (created with its Services at
start-up), not to a module, so two bots or two tests never share it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Album:
    """What happened to the photos of one album so far."""

    chat_id: int
    number: int | None
    saved: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    timer: asyncio.Task[None] | None = None


AlbumKey = tuple[int, str]  # (chat id, media_group_id)


class AlbumBuffer(dict[AlbumKey, Album]):
    """Albums still collecting photos; each entry leaves when its album is acknowledged."""

    def collect(self, chat_id: int, media_group_id: str, number: int | None) -> Album:
        return self.setdefault((chat_id, media_group_id), Album(chat_id, number))
