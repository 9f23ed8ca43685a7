"""The life cycle of a hazard (隐患闭环) as ONE table of states × events.

待整改 --报告整改--> 待复查 --通过--> 已销号
   ^                   |
   +------驳回---------+
待整改 --即查即改 (一般 only, finder, after-photo)--> 已销号
待整改 --申请延期--> 待整改 (request recorded) --批准/不批准 (supervisor)--> 待整改

`decide` is the only place that says whether an event may happen; storage
applies what it returns together with the event row, and the bot only asks.
Guards (who may, what must be given) are pure functions of the hazard as it
is now, the actor and the payload, so they are property-tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Final

from checklists.hazard_rules import check_deadline
from checklists.model import Hazard


class State(str, Enum):
    OPEN = "待整改"
    REVIEW = "待复查"
    CLOSED = "已销号"


class Event(str, Enum):
    REPORT = "report"  # 报告整改: what was done + after-photos
    ACCEPT = "accept"  # 复查通过: 销号
    REJECT = "reject"  # 驳回 with a reason
    SPOT_CLOSE = "spot"  # 即查即改
    REQUEST_EXTENSION = "ext_request"
    GRANT_EXTENSION = "ext_grant"
    REFUSE_EXTENSION = "ext_refuse"


class Role(str, Enum):
    STAFF = "staff"  # a member of the bureau group
    SUPERVISOR = "supervisor"  # in ADMIN_IDS
    CONTACT = "contact"  # the enterprise's invited safety officer


# The table: (state, event) -> next state. Anything absent is illegal.
TRANSITIONS: Final[dict[tuple[State, Event], State]] = {
    (State.OPEN, Event.REPORT): State.REVIEW,
    (State.OPEN, Event.SPOT_CLOSE): State.CLOSED,
    (State.OPEN, Event.REQUEST_EXTENSION): State.OPEN,
    (State.OPEN, Event.GRANT_EXTENSION): State.OPEN,
    (State.OPEN, Event.REFUSE_EXTENSION): State.OPEN,
    (State.REVIEW, Event.ACCEPT): State.CLOSED,
    (State.REVIEW, Event.REJECT): State.OPEN,
}


@dataclass(frozen=True)
class View:
    """What the rules need to know about a hazard as it is now."""

    state: State
    level: Hazard
    finder_id: int
    enterprise_id: int
    deadline: date
    extension_pending: bool = False


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: Role
    enterprise_id: int | None = None  # for a contact: the one enterprise they may touch


@dataclass(frozen=True)
class Payload:
    text: str = ""  # what was done / the reason
    photos: int = 0  # after-photos attached
    new_deadline: date | None = None
    today: date | None = None


# Refusal codes; bot/texts.py has a Chinese sentence for each.
ILLEGAL = "illegal"  # not possible in this state (e.g. a stale button)
NOT_ALLOWED = "not_allowed"  # this person may not do it
NOT_SUPERVISOR = "not_supervisor"
OWN_FINDING = "own_finding"  # a 重大隐患's finder may not review it
NEED_TEXT = "need_text"
NEED_PHOTO = "need_photo"
MAJOR_NOT_ON_SPOT = "major_not_on_spot"
PENDING = "extension_pending"
NO_REQUEST = "no_request"
BAD_DATE = "bad_date"
NOT_LATER = "not_later"


@dataclass(frozen=True)
class Decision:
    """Either `refusal` is set (nothing changes) or `next_state` is where it goes."""

    next_state: State | None = None
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def _scoped(view: View, actor: Actor) -> str | None:
    """A contact acts only on their own enterprise, and only to report or ask."""
    if actor.role is Role.CONTACT and actor.enterprise_id != view.enterprise_id:
        return NOT_ALLOWED
    return None


def _report(view: View, actor: Actor, payload: Payload) -> str | None:
    if not payload.text.strip():
        return NEED_TEXT
    return NEED_PHOTO if payload.photos < 1 else None


def _spot(view: View, actor: Actor, payload: Payload) -> str | None:
    if actor.role is Role.CONTACT or actor.user_id != view.finder_id:
        return NOT_ALLOWED
    if view.level is not Hazard.GENERAL:
        return MAJOR_NOT_ON_SPOT
    return NEED_PHOTO if payload.photos < 1 else None


def _review(view: View, actor: Actor, payload: Payload) -> str | None:
    if actor.role is Role.CONTACT:
        return NOT_ALLOWED
    if view.level is Hazard.MAJOR:
        if actor.role is not Role.SUPERVISOR:
            return NOT_SUPERVISOR
        if actor.user_id == view.finder_id:
            return OWN_FINDING
    return None


def _reject(view: View, actor: Actor, payload: Payload) -> str | None:
    return _review(view, actor, payload) or (NEED_TEXT if not payload.text.strip() else None)


def _request(view: View, actor: Actor, payload: Payload) -> str | None:
    if view.extension_pending:
        return PENDING
    if not payload.text.strip():
        return NEED_TEXT
    if payload.new_deadline is None or payload.today is None:
        return BAD_DATE
    if payload.new_deadline <= view.deadline:
        return NOT_LATER
    return BAD_DATE if check_deadline(payload.new_deadline, payload.today) else None


def _decide_request(view: View, actor: Actor, payload: Payload) -> str | None:
    if actor.role is not Role.SUPERVISOR:
        return NOT_SUPERVISOR
    return None if view.extension_pending else NO_REQUEST


GUARDS: Final[dict[Event, Callable[[View, Actor, Payload], str | None]]] = {
    Event.REPORT: _report,
    Event.SPOT_CLOSE: _spot,
    Event.ACCEPT: _review,
    Event.REJECT: _reject,
    Event.REQUEST_EXTENSION: _request,
    Event.GRANT_EXTENSION: _decide_request,
    Event.REFUSE_EXTENSION: _decide_request,
}

# What an enterprise contact may ever do; everything else is staff work.
CONTACT_EVENTS: Final[frozenset[Event]] = frozenset({Event.REPORT, Event.REQUEST_EXTENSION})


def decide(view: View, event: Event, actor: Actor, payload: Payload = Payload()) -> Decision:
    """May `actor` apply `event` to the hazard now? Pure; nothing is changed here."""
    target = TRANSITIONS.get((view.state, event))
    if target is None:
        return Decision(refusal=ILLEGAL)
    if actor.role is Role.CONTACT and event not in CONTACT_EVENTS:
        return Decision(refusal=NOT_ALLOWED)
    refusal = _scoped(view, actor) or GUARDS[event](view, actor, payload)
    return Decision(refusal=refusal) if refusal else Decision(next_state=target)


def is_open(state: State) -> bool:
    return state is not State.CLOSED


class EnterpriseState(str, Enum):
    RESUME = "可以复产"
    RECTIFYING = "一般隐患整改中，整改销号后方可复产"
    FORBIDDEN = "不得复产复工"


def enterprise_state(states_and_levels: list[tuple[State, Hazard]]) -> EnterpriseState:
    """Resume only with nothing open; an open 重大隐患 forbids it outright (seed 000)."""
    open_levels = {level for state, level in states_and_levels if is_open(state)}
    if Hazard.MAJOR in open_levels:
        return EnterpriseState.FORBIDDEN
    return EnterpriseState.RECTIFYING if open_levels else EnterpriseState.RESUME
