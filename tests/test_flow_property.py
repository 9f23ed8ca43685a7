"""Property-based tests of the conversation flow: random taps on current and
old buttons, texts, photos, restarts — the inspector never gets stuck, nothing
acknowledged is lost, and a button only ever changes the item it was shown for."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists import flow
from checklists.flow_types import Event, Kind, Status, Step
from tests.flow_support import Harness, every_type_checklist

CHECKLIST = every_type_checklist()
TEXTS = ["", "  ", "abc", "12", "-5", "20001", "2025-06-30", "6月1日", "今天", "自主作业", "李四",
         "问" * 40, "=1+1", "\n", "外包作业", "CO"]
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("current"), st.integers(0, 40)),
        st.tuples(st.just("old"), st.integers(0, 10_000)),
        st.tuples(st.just("text"), st.sampled_from(TEXTS)),
        st.tuples(st.just("restart"), st.just(0)),
        st.tuples(st.just("photo"), st.just(0)),
        st.tuples(st.just("nav"), st.integers(0, len(CHECKLIST.items) + 1)),
    ),
    max_size=60,
)


def _item_of(harness: Harness, event: Event) -> str | None:
    """The item a tap was drawn for; a typed text answers the item at hand."""
    items = harness.inspection.checklist.items
    if event.kind is Kind.TEXT:
        return harness.inspection.position.item_id
    return items[event.item - 1].id if 1 <= event.item <= len(items) else None


def _drive(harness: Harness, actions: list[tuple[str, int | str]]) -> None:
    seen: list[Event] = []
    for action, arg in actions:
        shown = harness.shown()
        seen.extend(shown)
        if action == "current" and shown:
            event = shown[int(arg) % len(shown)]
        elif action == "old" and seen:
            event = seen[int(arg) % len(seen)]
        elif action == "text":
            event = Event(Kind.TEXT, text=str(arg))
        elif action == "nav":
            event = Event(Kind.NAV, item=int(arg))
        elif action == "restart":  # everything comes back from what was stored
            harness.inspection = replace(harness.inspection)
            continue
        else:  # a photo: stored beside the answers, moves nothing
            continue
        before, target = dict(harness.answers), _item_of(harness, event)
        outcome = harness.send(event)
        changed = {k for k in set(before) | set(harness.answers) if before.get(k) != harness.answers.get(k)}
        if outcome.status is not Status.OK:
            assert not changed, "a refused or stale event changed an answer"
            continue
        assert changed <= {target}, f"{event} changed {changed}"


def _finish(harness: Harness, limit: int = 400) -> None:
    """Answer whatever is asked, the way an inspector would; submit must come."""
    for _ in range(limit):
        if harness.submitted:
            return
        harness.send(_sensible(harness))
    raise AssertionError(f"stuck at {harness.inspection.position}")


def _sensible(harness: Harness) -> Event:
    state, shown = harness.state, harness.shown()
    step, item = state.step, state.item
    by_kind = {e.kind: e for e in reversed(shown)}
    if step is Step.REVIEW:
        return by_kind[Kind.SUBMIT]
    if step is Step.PRINCIPAL:
        return Event(Kind.TEXT, text="李四")
    texts = {Step.PROBLEM: "灭火器过期", Step.DEADLINE_DATE: "2025-07-01"}
    if step in texts:
        return Event(Kind.TEXT, text=texts[step])
    for kind in (Kind.LEVEL, Kind.DEADLINE, Kind.SKIP, Kind.REC_DONE, Kind.REC_ADD):
        if kind in by_kind and (step is not Step.ITEM):
            return by_kind[kind]
    if step is Step.FIELD:
        index = int(state.inspection.position.arg or 0)
        return Event(Kind.TEXT, text="3") if index == 1 else (
            by_kind.get(Kind.OPTION) or Event(Kind.TEXT, text="一号池"))
    assert item is not None
    fixed = {"number": "150", "date": "2025-06-01", "text": "无"}
    if item.type in fixed:
        return Event(Kind.TEXT, text=fixed[item.type])
    options = [e for e in shown if e.kind is Kind.OPTION]
    done = [e for e in options if e.arg == "ok"]
    answer = state.answers.get(item.id)
    if done and answer is not None and isinstance(answer.value, dict) and answer.value.get("pending"):
        return done[0]
    return options[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_no_sequence_gets_stuck_or_touches_another_item(actions: list[tuple[str, int | str]]) -> None:
    harness = Harness.start(CHECKLIST)
    _drive(harness, actions)
    _finish(harness)
    assert flow.is_complete(harness.inspection, harness.answers)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS, ACTIONS)
def test_once_complete_submit_stays_reachable(first: list, second: list) -> None:
    harness = Harness.start(CHECKLIST)
    _drive(harness, first)
    _finish(harness)
    harness.submitted = False
    _drive(harness, second)  # edits, stale taps, a record half-typed...
    _finish(harness)  # ...and submit is reachable again, without a loop
