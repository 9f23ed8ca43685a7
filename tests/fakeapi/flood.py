"""Flood-limit accounting: did the bot stay inside Telegram's published limits?

Telegram answers 429 long after a bot starts misbehaving (and the fake server
never does on its own), so instead every message the bot *successfully* sends
is timestamped and `report()` lists the breaches of these rules:

* overall: more than 30 messages within any 1-second sliding window;
* group chats (negative ids): more than 20 messages within any 60-second
  sliding window;
* private chats: a token bucket of 10 messages refilled at 1 per second, i.e.
  at most 10 + T messages in any stretch of T seconds. Short bursts pass (the
  bot's own limiter allows 5, and a restarted bot starts with a fresh burst on
  top of the old one); a rate above 1/s does not: 2/s breaches after ~10 s,
  3/s after ~5 s.

Counted: every successful send*/copy*/forward* call except sendChatAction.
Edits and deletions are not counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

GLOBAL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
PRIVATE_BURST = 10
PRIVATE_RATE = 1.0


def counts_as_message(method: str) -> bool:
    return method.startswith(("send", "copy", "forward")) and method != "sendChatAction"


class FloodMeter:
    """Timestamps of sent messages per chat; cheap to record, checked at the end."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.events: list[tuple[float, int]] = []

    def record(self, chat_id: int, moment: float | None = None) -> None:
        self.events.append((self.clock() if moment is None else moment, chat_id))

    def report(self) -> list[str]:
        breaches = _window_breaches([t for t, _ in self.events], GLOBAL_PER_SECOND, 1.0, "all chats")
        for chat_id in sorted({chat for _, chat in self.events}):
            times = [t for t, chat in self.events if chat == chat_id]
            if chat_id < 0:
                breaches += _window_breaches(times, GROUP_PER_MINUTE, 60.0, f"group {chat_id}")
            else:
                breaches += _bucket_breaches(times, chat_id)
        return breaches


def _window_breaches(times: list[float], limit: int, window: float, who: str) -> list[str]:
    """First breach only: one line per chat and rule is enough to act on."""
    times = sorted(times)
    start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        if end - start + 1 > limit:
            offset = times[start] - times[0]
            return [f"{who}: {end - start + 1} messages within {window:g}s (limit {limit}), from t+{offset:.2f}s"]
    return []


def _bucket_breaches(times: list[float], chat_id: int) -> list[str]:
    tokens, last, count = float(PRIVATE_BURST), None, 0
    for moment in sorted(times):
        if last is not None:
            tokens = min(PRIVATE_BURST, tokens + (moment - last) * PRIVATE_RATE)
        last = moment
        if tokens < 1.0 - 1e-9:
            count += 1
        else:
            tokens -= 1.0
    if count:
        return [
            f"private chat {chat_id}: {count} message(s) beyond a burst of {PRIVATE_BURST} "
            f"plus {PRIVATE_RATE:g}/s"
        ]
    return []
