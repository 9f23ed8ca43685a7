"""The outgoing limiter: new messages are paced per chat, edits are not, and a
429 pauses only the chat that got it."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.ratelimit import ChatRateLimiter


@pytest.fixture(autouse=True)
def timedelta_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    """As the bot runs (bot.cli opts in): PTB 23's durations, no deprecation warning."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


async def _call(limiter: ChatRateLimiter, endpoint: str, chat_id: int, fail_first: int = 0) -> float:
    """Run one request through the limiter; returns when it finished (monotonic)."""
    failures = [fail_first]

    async def request() -> dict[str, Any]:
        if failures[0]:
            failures[0] -= 1
            raise RetryAfter(timedelta(seconds=1))
        return {"ok": True}

    await limiter.process_request(request, (), {}, endpoint, {"chat_id": chat_id}, None)
    return time.monotonic()


async def test_edits_are_not_paced_like_new_messages() -> None:
    limiter = ChatRateLimiter()
    start = time.monotonic()
    for _ in range(20):
        await _call(limiter, "editMessageReplyMarkup", 5)
    assert time.monotonic() - start < 0.5
    for _ in range(5):  # the burst
        await _call(limiter, "sendMessage", 5)
    assert await _call(limiter, "sendMessage", 5) - start >= 0.9  # then about one a second


async def test_429_in_the_group_does_not_stall_private_chats() -> None:
    limiter = ChatRateLimiter()
    start = time.monotonic()
    group = asyncio.create_task(_call(limiter, "sendDocument", -100, fail_first=1))
    await asyncio.sleep(0.05)
    private = await _call(limiter, "sendMessage", 7)
    assert private - start < 0.5  # not held up by the group's 1 s pause
    assert await group - start >= 1.0  # the group waited out retry_after


async def test_edit_retried_after_429_waits_it_out() -> None:
    limiter = ChatRateLimiter()
    start = time.monotonic()
    assert await _call(limiter, "editMessageText", 9, fail_first=1) - start >= 1.0
