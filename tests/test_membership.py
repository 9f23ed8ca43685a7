"""Membership verdicts: bounded memory, expiry, and "cannot check" is not "no".

Pure tests of bot.membercache (with hypothesis) and of bot.access.verdict
with a stub bot; the same behaviour through the real HTTP server is in
tests/test_e2e_access_outage.py.
"""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

from hypothesis import given, settings, strategies as st
from telegram.error import NetworkError, TimedOut

from bot import access
from bot.config import Settings
from bot.membercache import MAX_ENTRIES, MEMBER_FALLBACK, MEMBER_FRESH, OUTSIDER_FRESH, MemberCache, Verdict
from bot.services import Services

GROUP = -100123
ADMIN = 99


class StubBot:
    """getChatMember answering from `members`, or raising `error` while it is set."""

    def __init__(self, members: set[int]) -> None:
        self.members = members
        self.error: Exception | None = None
        self.calls = 0

    async def get_chat_member(self, chat_id: int, user_id: int, **_: Any) -> Any:
        self.calls += 1
        assert chat_id == GROUP
        if self.error is not None:
            raise self.error
        status = "member" if user_id in self.members else "left"
        return type("Member", (), {"status": status})()


def _services(cache: MemberCache | None = None) -> Services:
    settings = Settings(group_id=GROUP, admin_ids=frozenset({ADMIN}))
    svc = Services(settings=settings, storage=None, catalog=None)  # type: ignore[arg-type]
    if cache is not None:
        svc.member_cache = cache
    return svc


# -- the cache on its own ------------------------------------------------------

operations = st.lists(
    st.tuples(st.integers(0, 40), st.booleans(), st.floats(0, 5000, allow_nan=False)), max_size=200
)


@settings(max_examples=200, deadline=None)
@given(operations, st.integers(1, 8))
def test_cache_never_exceeds_its_bound_and_answers_what_it_was_told(ops: list[Any], bound: int) -> None:
    cache = MemberCache(max_entries=bound)
    now = 0.0
    for user_id, member, step in ops:
        now += step
        cache.remember(user_id, member, now)
        assert len(cache) <= bound
        expected = Verdict.MEMBER if member else Verdict.OUTSIDER
        assert cache.fresh(user_id, now) is expected  # just told: fresh
        assert cache.fallback(user_id, now) is (Verdict.MEMBER if member else Verdict.UNKNOWN)


@settings(max_examples=200, deadline=None)
@given(st.booleans(), st.floats(0, 2 * MEMBER_FALLBACK, allow_nan=False))
def test_verdicts_expire(member: bool, age: float) -> None:
    cache = MemberCache()
    cache.remember(7, member, 1000.0)
    now = 1000.0 + age
    fresh_for = MEMBER_FRESH if member else OUTSIDER_FRESH
    assert (cache.fresh(7, now) is not None) == (age < fresh_for)
    assert (cache.fallback(7, now) is Verdict.MEMBER) == (member and age < MEMBER_FALLBACK)


def test_least_recently_used_goes_first() -> None:
    cache = MemberCache(max_entries=2)
    cache.remember(1, True, 0.0)
    cache.remember(2, True, 1.0)
    assert cache.fresh(1, 2.0) is Verdict.MEMBER  # 1 is now the most recently used
    cache.remember(3, False, 3.0)
    assert cache.fresh(2, 3.0) is None and cache.fresh(1, 3.0) is Verdict.MEMBER


# -- verdict(): Telegram asked through a stub -----------------------------------

def test_strangers_do_not_grow_the_memory_without_bound() -> None:
    svc, bot = _services(), StubBot(members={1})

    async def flood() -> None:
        for stranger in range(1000, 1000 + 3 * MAX_ENTRIES):
            assert await access.verdict(svc, bot, stranger) is Verdict.OUTSIDER

    asyncio.run(flood())
    assert len(svc.member_cache) <= MAX_ENTRIES


def test_a_failed_check_keeps_a_confirmed_member_and_is_not_a_no(monkeypatch: Any) -> None:
    clock = [5000.0]
    monkeypatch.setattr(access.time, "monotonic", lambda: clock[0])
    svc, bot = _services(), StubBot(members={1})

    async def scenario() -> None:
        assert await access.verdict(svc, bot, 1) is Verdict.MEMBER
        assert await access.verdict(svc, bot, 2) is Verdict.OUTSIDER
        clock[0] += MEMBER_FRESH + 1  # both verdicts due for a new check ...
        for error in (TimedOut("timed out"), NetworkError("Bad Gateway")):
            bot.error = error  # ... and Telegram cannot be asked
            assert await access.verdict(svc, bot, 1) is Verdict.MEMBER
            assert await access.verdict(svc, bot, 2) is Verdict.UNKNOWN
            assert await access.verdict(svc, bot, 3) is Verdict.UNKNOWN
            assert await access.verdict(svc, bot, ADMIN) is Verdict.MEMBER  # never asked
        clock[0] += MEMBER_FALLBACK
        assert await access.verdict(svc, bot, 1) is Verdict.UNKNOWN  # too long ago to vouch
        bot.error = None
        assert await access.verdict(svc, bot, 1) is Verdict.MEMBER
        assert await access.verdict(svc, bot, 3) is Verdict.OUTSIDER

    asyncio.run(scenario())


# -- no per-bot state in module globals -------------------------------------------

BOT = Path(__file__).resolve().parents[1] / "bot"
_MUTABLE_CALLS = {"dict", "list", "set", "OrderedDict", "defaultdict", "Counter", "deque"}


def _mutable_globals(path: Path) -> list[str]:
    """Module-level lower-case names bound to a new mutable container."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = [t for t in node.targets if isinstance(t, ast.Name)], node.value
        else:
            continue
        mutable = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
            isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", "")) in _MUTABLE_CALLS
        )
        found += [f"{path.name}: {t.id}" for t in targets if mutable and not t.id.isupper()]
    return found


def test_running_state_lives_in_services_not_in_module_globals() -> None:
    """The album buffer (and any cache) must be created with the bot, not at import."""
    offenders = [name for path in sorted(BOT.glob("*.py")) for name in _mutable_globals(path)]
    assert offenders == []
    svc = _services()
    assert _services().albums is not svc.albums and len(svc.albums) == 0
