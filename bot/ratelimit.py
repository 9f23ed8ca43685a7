"""Outgoing flood control per chat, so one busy chat never stalls the others.

PTB's AIORateLimiter pauses *every* request when any chat gets a 429; here
each chat has its own schedule (GCRA: a rate and a burst), plus one overall
schedule for Telegram's ~30 messages a second. A 429 pauses only its chat.
We stay under Telegram's published limits instead of waiting to be told.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

JSON = bool | dict[str, Any] | list[dict[str, Any]]
# Telegram's flood limits count new messages. Edits (closing a pressed card's
# buttons) and deletions go straight out, so a tap costs one slot, not two; a
# 429 on them still pauses only their chat.
_THROTTLED = ("send", "copy", "forward")


def retry_seconds(exc: RetryAfter) -> float:
    """A 429's wait in seconds, whether PTB gives it as a number or (PTB_TIMEDELTA) a timedelta."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@dataclass
class Schedule:
    """Generic cell rate algorithm: `rate` per second with bursts of `burst`."""

    rate: float
    burst: int
    tat: float = 0.0  # theoretical arrival time of the next request

    def reserve(self, now: float) -> float:
        """Book the next slot; returns how long to wait for it."""
        interval = 1.0 / self.rate
        tat = max(self.tat, now)
        delay = max(0.0, tat - (self.burst - 1) * interval - now)
        self.tat = tat + interval
        return delay

    def pause_until(self, moment: float) -> None:
        """No request before `moment` (a 429's retry_after), burst included."""
        self.tat = max(self.tat, moment + (self.burst - 1) / self.rate)


class ChatRateLimiter(BaseRateLimiter[None]):
    """Private chats ~1/s (burst 5), groups 20/min (burst 3), all chats 30/s."""

    def __init__(self, max_retries: int = 2, clock: Callable[[], float] = time.monotonic) -> None:
        self._chats: dict[int | str, Schedule] = {}
        self._overall = Schedule(rate=29.0, burst=29)
        self._max_retries = max_retries
        self._clock = clock

    async def initialize(self) -> None:
        """Nothing to set up: schedules are created on first use."""

    async def shutdown(self) -> None:
        self._chats.clear()

    def _schedule(self, chat_id: int | str) -> Schedule:
        schedule = self._chats.get(chat_id)
        if schedule is None:
            is_group = isinstance(chat_id, str) or chat_id < 0
            schedule = Schedule(rate=20 / 60, burst=3) if is_group else Schedule(rate=1.0, burst=5)
            self._chats[chat_id] = schedule
        return schedule

    async def _wait_turn(self, chat_id: int | str | None) -> None:
        now = self._clock()
        delay = self._overall.reserve(now)
        if chat_id is not None:
            delay = max(delay, self._schedule(chat_id).reserve(now))
        if delay > 0:
            await asyncio.sleep(delay)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSON:
        """Wait for the chat's turn, send, and on 429 pause only that chat."""
        throttled = endpoint.startswith(_THROTTLED)
        chat_id = data.get("chat_id")
        for attempt in range(self._max_retries + 1):
            if throttled:
                await self._wait_turn(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= self._max_retries or chat_id is None:
                    raise
                wait = retry_seconds(exc)
                log.info("429 in chat %s: pausing that chat for %.1f s", chat_id, wait)
                self._schedule(chat_id).pause_until(self._clock() + wait)
                if not throttled:  # no slot to wait for: wait out the 429 here
                    await asyncio.sleep(wait)
        raise AssertionError("unreachable")
