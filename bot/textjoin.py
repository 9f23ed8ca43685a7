"""Joins the parts of one long text.

Telegram apps split a text over 4,096 characters into several messages that
arrive one after another. A long part waits briefly for its continuation,
so the inspector's note is stored whole and in order, never its last part
alone. Short texts are handled at once: nobody waits for a typed name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

SPLIT_AT = 3000  # a part this long may have a continuation (apps split at 4,096)
QUIET_SECONDS = 2.0

Handler = Callable[[str], Awaitable[None]]


@dataclass
class _Pending:
    parts: list[str]
    handler: Handler
    timer: asyncio.Task[None] | None = None
    running: asyncio.Task[None] | None = field(default=None)


class TextJoiner:
    """Per-chat buffers of long texts; created at start-up, one per bot."""

    def __init__(self, quiet: float = QUIET_SECONDS, split_at: int = SPLIT_AT) -> None:
        self._quiet, self._split_at = quiet, split_at
        self._pending: dict[int, _Pending] = {}

    def waiting(self, chat_id: int) -> bool:
        return chat_id in self._pending

    async def feed(self, chat_id: int, text: str, handler: Handler) -> None:
        """Handle `text` now, or hold it while a continuation may follow."""
        pending = self._pending.get(chat_id)
        if pending is not None:
            pending.parts.append(text)
            self._arm(chat_id, pending)
            return
        if len(text) < self._split_at:
            await handler(text)
            return
        pending = self._pending[chat_id] = _Pending([text], handler)
        self._arm(chat_id, pending)

    async def flush(self, chat_id: int) -> None:
        """Another update from the chat: the long text it follows is complete."""
        pending = self._pending.get(chat_id)
        if pending is None:
            return
        if pending.timer is not None:
            pending.timer.cancel()
        await self._run(chat_id, pending)

    async def close(self) -> None:
        """At shutdown: handle what is held (it was not acknowledged, but it was sent)."""
        for chat_id in list(self._pending):
            await self.flush(chat_id)

    def _arm(self, chat_id: int, pending: _Pending) -> None:
        if pending.timer is not None:
            pending.timer.cancel()
        pending.timer = asyncio.create_task(self._later(chat_id, pending))

    async def _later(self, chat_id: int, pending: _Pending) -> None:
        await asyncio.sleep(self._quiet)
        await self._run(chat_id, pending)

    async def _run(self, chat_id: int, pending: _Pending) -> None:
        if self._pending.get(chat_id) is not pending:
            return
        del self._pending[chat_id]
        try:
            await pending.handler("".join(pending.parts))
        except Exception:  # the handler reports to the user itself; never lose the loop
            log.exception("handling a joined text in chat %s failed", chat_id)
