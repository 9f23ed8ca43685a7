"""Concurrent update processing that keeps each chat's updates in order.

Inspectors work at the same time, so updates run concurrently; but one
inspector's updates (an album's photos, a quick answer after a button) must
be handled in the order they arrived. A chat waits on its own lock *before*
taking a concurrency slot, so a flooding chat cannot occupy every slot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.inbound import FloodGuard, Verdict, cost


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 32, flood: FloodGuard | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self.flood = flood or FloodGuard()
        self._verdicts: dict[int, Verdict] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._slots = asyncio.Semaphore(max_concurrent_updates)

    @staticmethod
    def _key(update: object) -> int:
        if isinstance(update, Update):
            if update.effective_chat:
                return update.effective_chat.id
            if update.effective_user:
                return update.effective_user.id
        return 0

    async def process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Serialise per chat, then run within the overall concurrency limit."""
        key = self._key(update)
        if isinstance(update, Update) and update.effective_user:
            self._verdicts[update.update_id] = self.flood.admit(update.effective_user.id, cost(update))
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            if isinstance(update, Update):
                self._verdicts.pop(update.update_id, None)
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                self._locks.pop(key, None)

    def verdict(self, update: Update) -> Verdict:
        """The flood verdict given when this update arrived."""
        return self._verdicts.get(update.update_id, Verdict.ADMIT)

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        await coroutine

    async def initialize(self) -> None:
        """No resources to open."""

    async def shutdown(self) -> None:
        """No resources to close."""
