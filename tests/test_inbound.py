"""Inbound flood control, with an injected clock (no sleeping)."""

from __future__ import annotations

from bot.inbound import FloodGuard, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_admitted_then_refused_and_told_once() -> None:
    clock = Clock()
    guard = FloodGuard(capacity=10, rate=2.0, clock=clock)
    verdicts = [guard.admit(1) for _ in range(300)]  # hundreds in the same instant
    assert verdicts[:10] == [Verdict.ADMIT] * 10
    assert verdicts[10] is Verdict.WARN
    assert set(verdicts[11:]) == {Verdict.DROP}


def test_one_flooding_user_does_not_touch_another() -> None:
    clock = Clock()
    guard = FloodGuard(capacity=5, rate=1.0, clock=clock)
    for _ in range(100):
        guard.admit(1)
    assert guard.admit(2) is Verdict.ADMIT


def test_refills_over_time_and_warns_again_after_the_flood_ends() -> None:
    clock = Clock()
    guard = FloodGuard(capacity=4, rate=2.0, clock=clock)
    for _ in range(6):
        guard.admit(1)
    clock.now += 0.5  # one token back
    assert guard.admit(1) is Verdict.ADMIT
    assert guard.admit(1) is Verdict.DROP  # same flood: already told
    clock.now += 60
    assert [guard.admit(1) for _ in range(5)] == [Verdict.ADMIT] * 4 + [Verdict.WARN]
