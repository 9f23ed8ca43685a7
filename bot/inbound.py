"""Inbound flood control: one user's burst must not cost anyone else anything.

Each user has a token bucket, charged when an update *arrives* (in the update
processor: one chat's updates are then handled in order, at the pace its
replies may go out, so judging them later would let a burst through). The
earliest handler group then drops what was refused, before the access check
(which may ask Telegram) and before any database work. The user is told once per flood, not
once per dropped message, and a dropped button press is still answered so the
phone shows no spinner.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts

# Typing and tapping stay below this: a brisk inspector taps 符合 every 0.3 s
# (cards are edited in place, so nothing else paces them); an album's photos
# cost a quarter each, so three 10-photo albums back to back pass, and a
# script does not.
CAPACITY = 30
RATE = 4.0  # updates per second, sustained
ALBUM_PHOTO_COST = 0.25
_FORGET_AFTER = 600.0  # idle seconds after which a user's bucket is dropped
_PRUNE_AT = 10_000  # buckets kept before idle ones are pruned


class Verdict(Enum):
    ADMIT = "admit"
    WARN = "warn"  # refuse, and tell the user (first refusal of this flood)
    DROP = "drop"  # refuse silently (already told)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodGuard:
    """Per-user token buckets; pure and clock-injected so tests need no sleeping."""

    def __init__(self, capacity: int = CAPACITY, rate: float = RATE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._capacity, self._rate, self._clock = float(capacity), rate, clock
        self._buckets: dict[int, _Bucket] = {}

    def admit(self, user_id: int, cost: float = 1.0) -> Verdict:
        now = self._clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            self._prune(now)
            bucket = self._buckets[user_id] = _Bucket(self._capacity, now)
        bucket.tokens = min(self._capacity, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            if bucket.tokens >= self._capacity / 2:
                bucket.warned = False  # the flood is over: warn again next time
            return Verdict.ADMIT
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _prune(self, now: float) -> None:
        if len(self._buckets) < _PRUNE_AT:
            return
        idle = [uid for uid, b in self._buckets.items() if now - b.updated > _FORGET_AFTER]
        for uid in idle:
            del self._buckets[uid]


def cost(update: Update) -> float:
    """What an update takes from its sender's bucket."""
    message = update.effective_message
    if message is not None and message.media_group_id is not None and update.callback_query is None:
        return ALBUM_PHOTO_COST
    return 1.0


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop an update refused on arrival; answer presses, warn once."""
    verdict_of = getattr(context.application.update_processor, "verdict", None)
    verdict = verdict_of(update) if verdict_of else Verdict.ADMIT
    if verdict is Verdict.ADMIT:
        return
    if update.callback_query:
        await update.callback_query.answer(texts.SLOW_DOWN)
    elif verdict is Verdict.WARN and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        await context.bot.send_message(update.effective_chat.id, texts.SLOW_DOWN)
    raise ApplicationHandlerStop
