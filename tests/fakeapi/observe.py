"""What tests look at: the chat as a person sees it, and how the bot behaved.

Waiting is cursor-based per chat: `wait_for_message` hands out each bot
message once, in order, so a test reads a conversation like a person scrolling
down, and user actions mark everything before them as read.

Messages handed to tests are snapshots: the server keeps editing its own copy,
while a test holding an old card still sees the buttons it had, like a person
tapping a stale card on a phone that hasn't refreshed.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .flood import FloodMeter
from .state import State, StoredMessage

T = TypeVar("T")
Predicate = Callable[[StoredMessage], bool]


@dataclass
class SentDocument:
    """A document the bot sent, with the bytes it uploaded."""

    message_id: int
    file_name: str | None
    mime_type: str | None
    caption: str | None
    data: bytes = field(repr=False)


class Observer:
    """Mixin for FakeBotAPI; relies on its `state`, `flood` and `violations`."""

    state: State
    flood: FloodMeter
    violations: list[str]

    async def wait_for_message(
        self, chat_id: int, predicate: Predicate | None = None, timeout: float = 15.0
    ) -> StoredMessage:
        """The next unread bot message in the chat that matches; everything up to it counts as read."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self._next_unread(chat_id, predicate)
            if found is not None:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(self._timeout_report(chat_id, timeout))
            await self.state.changed.wait(remaining)

    def _next_unread(self, chat_id: int, predicate: Predicate | None) -> StoredMessage | None:
        history = self.state.feed.get(chat_id, [])
        start = self.state.cursors.get(chat_id, 0)
        for index in range(start, len(history)):
            message = history[index]
            if message.from_bot and not message.deleted and (predicate is None or predicate(message)):
                self.state.cursors[chat_id] = index + 1
                return copy.copy(message)
        return None

    def _timeout_report(self, chat_id: int, timeout: float) -> str:
        recent = self.messages(chat_id)[-8:]
        cursor = self.state.cursors.get(chat_id, 0)
        lines = [f"no matching bot message in chat {chat_id} within {timeout:g}s; recent bot messages:"]
        for message in recent:
            mark = "unread" if message.message_id > cursor else "read"
            body = (message.text or message.caption or "<no text>")[:300]
            lines.append(f"  #{message.message_id} ({mark}) {body!r} buttons={message.buttons}")
        if not recent:
            lines.append("  (none)")
        if self.violations:
            lines.append(f"API violations so far: {self.violations}")
        return "\n".join(lines)

    async def wait_until(self, check: Callable[[], T | None], timeout: float = 15.0, what: str = "condition") -> T:
        """Re-check whenever the server's state changes (new message, edit, update, answer)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = check()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"{what} not met within {timeout:g}s")
            await self.state.changed.wait(min(remaining, 0.5))

    async def wait_for_edit(
        self, chat_id: int, message_id: int, predicate: Predicate, timeout: float = 15.0
    ) -> StoredMessage:
        """Wait until a bot message, as currently shown, satisfies `predicate`."""

        def check() -> StoredMessage | None:
            message = self.state.find(chat_id, message_id)
            return copy.copy(message) if message is not None and predicate(message) else None

        return await self.wait_until(check, timeout, f"edit of message {message_id} in chat {chat_id}")

    def messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages still shown in the chat, oldest first, as currently edited."""
        return [copy.copy(message) for message in self.state.bot_messages(chat_id)]

    def history(self, chat_id: int) -> list[StoredMessage]:
        """Both sides of the conversation, deleted messages included (flagged)."""
        return [copy.copy(message) for message in self.state.history.get(chat_id, [])]

    def documents(self, chat_id: int) -> list[SentDocument]:
        return [
            SentDocument(m.message_id, m.document.file_name, m.document.mime_type, m.caption, m.document.data)
            for m in self.state.bot_messages(chat_id)
            if m.document is not None
        ]

    def answered(self, callback_query_id: str) -> bool:
        record = self.state.callbacks.get(callback_query_id)
        return record is not None and record.answered

    def answer_of(self, callback_query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters (text, show_alert, ...) or None if unanswered."""
        record = self.state.callbacks.get(callback_query_id)
        return record.answer if record is not None else None

    def unanswered_callbacks(self) -> list[str]:
        return [record.id for record in self.state.callbacks.values() if not record.answered]

    def pending_updates(self) -> int:
        """Updates the bot has not confirmed yet (via a later getUpdates offset)."""
        return len(self.state.updates)

    def flood_report(self) -> list[str]:
        return self.flood.report()
