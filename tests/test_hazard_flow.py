"""Property tests of the hazard life cycle table (checklists/hazard_flow.py)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, strategies as st

from checklists import hazard_flow as hf
from checklists.model import Hazard

TODAY = date(2025, 6, 1)
FINDER, BOSS, OTHER, CONTACT = 1, 2, 3, 4

views = st.builds(
    hf.View,
    state=st.sampled_from(list(hf.State)),
    level=st.sampled_from(list(Hazard)),
    finder_id=st.sampled_from([FINDER, BOSS]),
    enterprise_id=st.sampled_from([10, 11]),
    deadline=st.dates(TODAY, TODAY + timedelta(days=60)),
    extension_pending=st.booleans(),
)
actors = st.builds(
    hf.Actor,
    user_id=st.sampled_from([FINDER, BOSS, OTHER, CONTACT]),
    role=st.sampled_from(list(hf.Role)),
    enterprise_id=st.sampled_from([None, 10, 11]),
)
payloads = st.builds(
    hf.Payload,
    text=st.sampled_from(["", "  ", "已更换防护罩"]),
    photos=st.integers(0, 3),
    new_deadline=st.one_of(st.none(), st.dates(TODAY - timedelta(days=5), TODAY + timedelta(days=500))),
    today=st.just(TODAY),
)


@given(views, st.sampled_from(list(hf.Event)), actors, payloads)
def test_only_table_transitions_ever_happen(view, event, actor, payload) -> None:
    decision = hf.decide(view, event, actor, payload)
    if (view.state, event) not in hf.TRANSITIONS:
        assert decision.refusal == hf.ILLEGAL
    if decision.ok:
        assert decision.next_state == hf.TRANSITIONS[(view.state, event)]
    else:
        assert decision.next_state is None


@given(views, st.sampled_from([hf.Event.ACCEPT, hf.Event.REJECT]), actors, payloads)
def test_a_major_hazard_is_reviewed_only_by_a_supervisor_who_did_not_find_it(view, event, actor, payload) -> None:
    decision = hf.decide(view, event, actor, payload)
    if decision.ok and view.level is Hazard.MAJOR:
        assert actor.role is hf.Role.SUPERVISOR and actor.user_id != view.finder_id
    if decision.ok:
        assert actor.role is not hf.Role.CONTACT


@given(views, st.sampled_from(list(hf.Event)), actors, payloads)
def test_a_contact_only_reports_or_asks_and_only_for_their_enterprise(view, event, actor, payload) -> None:
    decision = hf.decide(view, event, actor, payload)
    if decision.ok and actor.role is hf.Role.CONTACT:
        assert event in hf.CONTACT_EVENTS and actor.enterprise_id == view.enterprise_id


@given(views, actors, payloads)
def test_closing_needs_evidence(view, actor, payload) -> None:
    for event in (hf.Event.REPORT, hf.Event.SPOT_CLOSE):
        if hf.decide(view, event, actor, payload).ok:
            assert payload.photos >= 1
    if hf.decide(view, hf.Event.SPOT_CLOSE, actor, payload).ok:
        assert view.level is Hazard.GENERAL and actor.user_id == view.finder_id
    if hf.decide(view, hf.Event.REPORT, actor, payload).ok:
        assert payload.text.strip()


@given(views, actors, payloads)
def test_extensions_are_requested_with_reason_and_later_date_and_decided_by_supervisors(view, actor, payload) -> None:
    if hf.decide(view, hf.Event.REQUEST_EXTENSION, actor, payload).ok:
        assert not view.extension_pending and payload.text.strip()
        assert payload.new_deadline is not None and payload.new_deadline > view.deadline
        assert payload.new_deadline <= TODAY + timedelta(days=366)
    for event in (hf.Event.GRANT_EXTENSION, hf.Event.REFUSE_EXTENSION):
        if hf.decide(view, event, actor, payload).ok:
            assert actor.role is hf.Role.SUPERVISOR and view.extension_pending


@given(st.lists(st.sampled_from(list(hf.Event)), max_size=12), st.sampled_from(list(Hazard)))
def test_walks_through_the_table_stay_in_known_states(events, level) -> None:
    """Random event sequences by a supervisor who did not find it: closed is final."""
    state = hf.State.OPEN
    boss = hf.Actor(BOSS, hf.Role.SUPERVISOR)
    full = hf.Payload("理由", 1, TODAY + timedelta(days=90), TODAY)
    for event in events:
        view = hf.View(state, level, FINDER, 10, TODAY + timedelta(days=10), extension_pending=True)
        decision = hf.decide(view, event, boss, full)
        if state is hf.State.CLOSED:
            assert not decision.ok
        if decision.ok:
            state = decision.next_state


def test_the_happy_paths() -> None:
    view = hf.View(hf.State.OPEN, Hazard.MAJOR, FINDER, 10, TODAY)
    contact = hf.Actor(CONTACT, hf.Role.CONTACT, 10)
    report = hf.Payload("已整改", 2)
    assert hf.decide(view, hf.Event.REPORT, contact, report).next_state is hf.State.REVIEW
    review = hf.View(hf.State.REVIEW, Hazard.MAJOR, FINDER, 10, TODAY)
    assert hf.decide(review, hf.Event.ACCEPT, hf.Actor(FINDER, hf.Role.SUPERVISOR)).refusal == hf.OWN_FINDING
    assert hf.decide(review, hf.Event.ACCEPT, hf.Actor(OTHER, hf.Role.STAFF)).refusal == hf.NOT_SUPERVISOR
    assert hf.decide(review, hf.Event.REJECT, hf.Actor(BOSS, hf.Role.SUPERVISOR), hf.Payload("照片不清")).ok
    assert hf.decide(review, hf.Event.ACCEPT, hf.Actor(BOSS, hf.Role.SUPERVISOR)).next_state is hf.State.CLOSED
    other = hf.Actor(CONTACT, hf.Role.CONTACT, 11)
    assert hf.decide(view, hf.Event.REPORT, other, report).refusal == hf.NOT_ALLOWED


def test_enterprise_state() -> None:
    s = hf.enterprise_state
    assert s([]) is hf.EnterpriseState.RESUME
    assert s([(hf.State.CLOSED, Hazard.MAJOR)]) is hf.EnterpriseState.RESUME
    assert s([(hf.State.REVIEW, Hazard.GENERAL)]) is hf.EnterpriseState.RECTIFYING
    assert s([(hf.State.OPEN, Hazard.MAJOR), (hf.State.OPEN, Hazard.GENERAL)]) is hf.EnterpriseState.FORBIDDEN
