"""End to end: `checklist-bot run` when Telegram is unreachable at start-up or
while polling. It waits with backoff (one log line per attempt naming the API
URL, never the token), serves as soon as the API answers, stops at once on
SIGTERM while waiting, and logs polling network errors as single lines."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

from tests.e2e_support import TOKEN, BotProcess, Inspector, eventually, started
from tests.fakeapi import FakeBotAPI
from tests.test_e2e_inspection import assert_clean, member, running_bot

RETRY_LINE = "cannot reach the Bot API at"


def _free_port() -> int:
    """A port where nothing listens (yet)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _assert_tidy(proc: BotProcess, max_lines: int) -> None:
    text = proc.log()
    assert "Traceback" not in text, text
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert len(text.splitlines()) <= max_lines, text


async def test_waits_for_an_unreachable_api_then_serves(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = BotProcess(url, tmp_path / "data")
    proc.start()
    server = FakeBotAPI(token=TOKEN)
    try:
        await eventually(lambda: proc.log().count(RETRY_LINE) >= 2, timeout=15)
        assert proc.proc is not None and proc.proc.poll() is None  # still alive, still trying
        first = [line for line in proc.log().splitlines() if RETRY_LINE in line]
        assert all(url in line for line in first)
        assert "retrying in 1 s" in first[0] and "retrying in 2 s" in first[1]  # doubling
        await server.start(port=port)
        await started(server, timeout=30)
        insp = member(server, 5001, "卫专家")
        await insp.say("/new", expect="清单")
        assert await proc.stop(timeout=15) == 0
    finally:
        if proc.proc is not None and proc.proc.poll() is None:
            proc.kill()
        await server.stop()
    _assert_tidy(proc, max_lines=30)
    assert "answers (attempt" in proc.log()
    assert_clean(server)


async def test_sigterm_while_waiting_exits_at_once(tmp_path: Path) -> None:
    proc = BotProcess(f"http://127.0.0.1:{_free_port()}", tmp_path / "data")
    proc.start()
    try:
        await eventually(lambda: proc.log().count(RETRY_LINE) >= 3, timeout=20)  # now waiting 4 s
        began = time.monotonic()
        assert await proc.stop(timeout=10) == 0
        assert time.monotonic() - began < 2.0
    finally:
        if proc.proc is not None and proc.proc.poll() is None:
            proc.kill()
    _assert_tidy(proc, max_lines=6)


async def test_polling_network_errors_are_one_line_each(botapi: FakeBotAPI, tmp_path: Path) -> None:
    insp: Inspector = member(botapi, 5002, "褚专家")
    async with running_bot(botapi, tmp_path / "data") as proc:
        botapi.fail("getUpdates", times=3, status=502)
        await insp.say("/start")  # ends the pending long poll: the next ones fail
        await eventually(lambda: proc.log().count("polling the Bot API") >= 3, timeout=20)
        await insp.say("/new", expect="清单")  # recovered by itself
        await asyncio.sleep(0.2)
    text = proc.log()
    assert "Traceback" not in text and "error handling update None" not in text
    warnings = [line for line in text.splitlines() if "polling the Bot API" in line]
    assert len(warnings) == 3 and all(botapi.url in line and "Bad Gateway" in line for line in warnings)
    assert_clean(botapi)
