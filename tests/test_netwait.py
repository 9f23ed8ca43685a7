"""The start-up wait for the Bot API, with a stub probe instead of the network."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.config import ConfigError, Secret, Settings
from bot.netwait import MAX_DELAY, next_delay, wait_for_api

SETTINGS = Settings(token=Secret("1:secret"), group_id=-1, api_url="http://api.invalid")


def test_backoff_doubles_from_one_second_and_is_capped() -> None:
    delays, delay = [], 1.0
    for _ in range(9):
        delays.append(delay)
        delay = next_delay(delay)
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60] and MAX_DELAY == 60


async def test_keeps_trying_until_the_api_answers(caplog: pytest.LogCaptureFixture) -> None:
    failures = [NetworkError("Bad Gateway"), TimedOut("t"), NetworkError("httpx.ConnectError: refused")]
    calls = []

    async def probe(settings: Settings) -> None:
        calls.append(settings)
        if failures:
            raise failures.pop(0)

    with caplog.at_level(logging.INFO, logger="bot.netwait"):
        assert await wait_for_api(SETTINGS, asyncio.Event(), probe, first=0.01, cap=0.02) is True
    assert len(calls) == 4
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4 and all("http://api.invalid" in line and "secret" not in line for line in lines)


async def test_a_refused_token_is_a_setting_to_fix_not_a_wait() -> None:
    async def probe(settings: Settings) -> None:
        raise InvalidToken("Unauthorized")

    with pytest.raises(ConfigError, match="CHECKLIST_BOT_TOKEN"):
        await wait_for_api(SETTINGS, asyncio.Event(), probe)


async def test_stop_ends_the_wait_even_during_a_hanging_attempt() -> None:
    stop = asyncio.Event()

    async def probe(settings: Settings) -> None:
        await asyncio.sleep(3600)

    asyncio.get_running_loop().call_later(0.05, stop.set)
    assert await asyncio.wait_for(wait_for_api(SETTINGS, stop, probe), 2) is False
