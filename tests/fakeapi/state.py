"""What the fake Telegram remembers: chats, their message history, pending updates.

Messages are kept as the chat currently shows them (edits applied, deletions
flagged) because end-to-end tests assert on what a person would see, not on
the sequence of API calls that produced it.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from .files import StoredFile


@dataclass
class User:
    """A Telegram account on the user side of the conversation."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass
class StoredMessage:
    """One message in a chat's history, in its current (possibly edited) form."""

    chat_id: int
    message_id: int
    chat: dict[str, Any]
    sender: dict[str, Any]
    from_bot: bool
    date: int = field(default_factory=lambda: int(time.time()))
    text: str | None = None
    caption: str | None = None
    entities: list[dict[str, Any]] | None = None
    reply_markup: dict[str, Any] | None = None
    document: StoredFile | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # photo, sticker, voice, location, ...
    raw_text: str | None = None  # the text as the bot sent it, before parse_mode
    edit_date: int | None = None
    deleted: bool = False

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline buttons as (label, callback_data), row by row; URL buttons carry the URL."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b.get("text", ""), b.get("callback_data", b.get("url"))) for row in rows for b in row]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.text is not None:
            data["text"] = self.text
        if self.document is not None:
            data["document"] = self.document.document_json()
        data.update(self.extra)
        if self.caption is not None:
            data["caption"] = self.caption
        if self.entities:
            data["caption_entities" if self.caption is not None else "entities"] = self.entities
        if self.reply_markup and self.reply_markup.get("inline_keyboard"):
            data["reply_markup"] = self.reply_markup
        return data


@dataclass
class CallbackRecord:
    """A pressed button, so tests can check the bot answered it (clients spin until it does)."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: dict[str, Any] | None = None


class Notifier:
    """Wakes every coroutine waiting for 'something changed' (updates or messages)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            pass


class State:
    """Chats, histories, updates and callbacks; no HTTP in here."""

    def __init__(self, bot: User) -> None:
        self.bot = bot
        self.users: dict[int, User] = {}
        self.titles: dict[int, str] = {}
        self.history: dict[int, list[StoredMessage]] = {}
        # What a person sees happen in each chat, in order: new messages, and
        # messages whose text the bot edited (a card turned into the next
        # question is something new to read). Cursors index this feed.
        self.feed: dict[int, list[StoredMessage]] = {}
        self.cursors: dict[int, int] = {}
        self.updates: list[dict[str, Any]] = []
        self.callbacks: dict[str, CallbackRecord] = {}
        self.members: dict[tuple[int, int], str] = {}
        self.blocked: set[int] = set()
        self.changed = Notifier()
        self._update_ids = itertools.count(700_000_001)
        self._callback_ids = itertools.count(4_300_000_000_000_000_001)

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            user = self.users.get(chat_id) or User(chat_id, f"User {chat_id}")
            data = {"id": chat_id, "type": "private", "first_name": user.first_name}
            if user.username:
                data["username"] = user.username
            return data
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": self.titles.get(chat_id, f"Group {chat_id}")}

    def add_message(self, chat_id: int, sender: User, **content: Any) -> StoredMessage:
        messages = self.history.setdefault(chat_id, [])
        message = StoredMessage(
            chat_id=chat_id,
            message_id=len(messages) + 1,
            chat=self.chat_json(chat_id),
            sender=sender.to_json(),
            from_bot=sender.id == self.bot.id,
            **content,
        )
        messages.append(message)
        self.feed.setdefault(chat_id, []).append(message)
        self.changed.notify()
        return message

    def shown_again(self, message: StoredMessage) -> None:
        """The bot edited the text of `message`: it is unread again."""
        self.feed.setdefault(message.chat_id, []).append(message)
        self.changed.notify()

    def find(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """The message if it exists and was not deleted (ids are 1-based positions)."""
        messages = self.history.get(chat_id, [])
        if 1 <= message_id <= len(messages) and not messages[message_id - 1].deleted:
            return messages[message_id - 1]
        return None

    def bot_messages(self, chat_id: int, start: int = 0) -> list[StoredMessage]:
        return [m for m in self.history.get(chat_id, [])[start:] if m.from_bot and not m.deleted]

    def mark_read(self, chat_id: int) -> None:
        """A user acting in a chat has seen everything in it so far."""
        self.cursors[chat_id] = len(self.feed.get(chat_id, []))

    def enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self.changed.notify()
        return update

    def new_callback(self, user: User, message: StoredMessage, data: str) -> CallbackRecord:
        record = CallbackRecord(str(next(self._callback_ids)), user.id, message.chat_id, message.message_id, data)
        self.callbacks[record.id] = record
        return record
