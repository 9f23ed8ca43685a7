"""Shared fixtures: `botapi`, a local fake Telegram Bot API server per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from e2e_support import TOKEN
from fakeapi import FakeBotAPI


@pytest.fixture
async def botapi() -> AsyncIterator[FakeBotAPI]:
    """Started on 127.0.0.1 with an OS-chosen port; bots connect to `botapi.url`."""
    server = FakeBotAPI(token=TOKEN)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
