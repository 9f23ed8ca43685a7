"""Telegram being unreachable is a condition to wait out, not a crash.

At start-up `wait_for_api` asks the Bot API `getMe` until it answers, with a
capped doubling backoff and one log line per attempt naming the API URL
(never the token); SIGTERM/SIGINT end the wait at once. While polling,
network errors are one-line warnings (`polling_error`): PTB retries them.
A refused token is not waited out: it is a setting to fix.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable

from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.config import PREFIX, ConfigError, Settings
from bot.ratelimit import retry_seconds

log = logging.getLogger(__name__)

FIRST_DELAY = 1.0  # seconds before the second attempt
MAX_DELAY = 60.0  # the backoff doubles up to this
PROBE_TIMEOUT = 10.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def next_delay(delay: float, cap: float = MAX_DELAY) -> float:
    """1, 2, 4, ... seconds, never more than `cap`."""
    return min(cap, delay * 2)


async def _probe(settings: Settings) -> None:
    """One getMe; raises the TelegramError PTB maps the failure to."""
    request = HTTPXRequest(proxy=settings.proxy, connect_timeout=PROBE_TIMEOUT, read_timeout=PROBE_TIMEOUT)
    await request.initialize()
    try:
        await request.post(f"{settings.api_url}/bot{settings.token}/getMe")
    finally:
        await request.shutdown()


async def _until_stopped(stop: asyncio.Event, work: Awaitable[object]) -> bool:
    """Run `work` unless `stop` is set first; True if the work finished (or raised)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    for pending in (task, stopper):
        if pending not in done:
            pending.cancel()
    if task in done:
        task.result()  # re-raise the probe's error
        return True
    return False


async def wait_for_api(
    settings: Settings, stop: asyncio.Event, probe: Callable[[Settings], Awaitable[None]] = _probe,
    first: float = FIRST_DELAY, cap: float = MAX_DELAY,
) -> bool:
    """Block until the Bot API answers (True) or `stop` is set (False)."""
    delay, attempt = first, 0
    while True:
        attempt += 1
        try:
            if not await _until_stopped(stop, probe(settings)):
                return False
            if attempt > 1:
                log.info("the Bot API at %s answers (attempt %s); starting", settings.api_url, attempt)
            return True
        except InvalidToken:
            raise ConfigError(
                f"the Bot API at {settings.api_url} refused the token: check {PREFIX}TOKEN "
                f"(and that {PREFIX}API_URL is a Bot API server)"
            ) from None
        except TelegramError as exc:
            wait = float(retry_seconds(exc)) if isinstance(exc, RetryAfter) else delay
            log.warning("cannot reach the Bot API at %s (attempt %s: %s); retrying in %.0f s",
                        settings.api_url, attempt, exc, wait)
        try:
            await asyncio.wait_for(stop.wait(), wait)
            return False
        except asyncio.TimeoutError:
            delay = next_delay(delay, cap)


async def _wait_with_signals(settings: Settings) -> bool:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        return await wait_for_api(settings, stop)
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


def wait_until_reachable(settings: Settings) -> bool:
    """Before PTB starts: wait for the API; False if told to stop while waiting."""
    reachable = asyncio.run(_wait_with_signals(settings))
    if not reachable:
        log.info("stopped while waiting for the Bot API at %s", settings.api_url)
    return reachable


def polling_error(error: object, api_url: str | None) -> bool:
    """One line for a failed getUpdates (PTB retries it); True if handled here."""
    if isinstance(error, NetworkError):
        log.warning("polling the Bot API at %s failed (%s); retrying", api_url or "?", error)
        return True
    if isinstance(error, TelegramError):
        log.error("polling the Bot API at %s failed: %s", api_url or "?", error)
        return True
    return False
