"""The inspector's conversation as one table: step x event -> where to go.

Pure (no Telegram): the bot turns an update into an `Event`, calls `apply`
with what is stored, writes the `Outcome` (answer and position in one
transaction) and shows the prompt for the new position. Nothing else decides
where the inspector goes next, and `is_complete` is the one definition of
"done" behind the summary, /status and submit.

A problem is asked in the order an inspector thinks: what is wrong ->
隐患级别 -> 整改时限 -> 专家建议 (optional, one tap to skip).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from checklists import flow_records as records
from checklists.flow_types import Event, Go, Kind, Outcome, Step
from checklists.hazard_rules import check_deadline, deadline_from_choice
from checklists.inspection import Answer, Inspection, Position
from checklists.model import Hazard, Item, Result
from checklists.questions import registry
from checklists.questions.base import NOTE_LIMIT, Parsed, Then
from checklists.questions.date import parse_date

__all__ = ["Event", "Kind", "Outcome", "Step", "State", "apply", "is_complete", "next_position"]

PRINCIPAL_LIMIT = 30

# Item-bound events: valid only in this step and only for the item shown.
TABLE: dict[tuple[Step, Kind], Step | Go] = {
    (Step.ENTERPRISE, Kind.ENTERPRISE): Go.NEXT,
    (Step.ITEM, Kind.OPTION): Go.BY_TYPE,
    (Step.ITEM, Kind.TEXT): Go.BY_TYPE,
    (Step.ITEM, Kind.NA): Go.NEXT,
    (Step.ITEM, Kind.IMPORT): Go.RECORDS,
    (Step.PROBLEM, Kind.TEXT): Step.LEVEL,
    (Step.PROBLEM, Kind.KEEP): Step.LEVEL,
    (Step.LEVEL, Kind.LEVEL): Step.DEADLINE,
    (Step.DEADLINE, Kind.DEADLINE): Step.ADVICE,
    (Step.DEADLINE, Kind.CUSTOM): Step.DEADLINE_DATE,
    (Step.DEADLINE_DATE, Kind.TEXT): Step.ADVICE,
    (Step.ADVICE, Kind.TEXT): Go.NEXT,
    (Step.ADVICE, Kind.SKIP): Go.NEXT,
    (Step.ADVICE, Kind.KEEP): Go.NEXT,
    (Step.RECORDS, Kind.REC_ADD): Step.FIELD,
    (Step.RECORDS, Kind.REC_EDIT): Step.FIELD,
    (Step.RECORDS, Kind.REC_DEL): Step.RECORDS,
    (Step.RECORDS, Kind.REC_DONE): Go.NEXT,
    (Step.RECORDS, Kind.IMPORT): Step.RECORDS,
    (Step.FIELD, Kind.TEXT): Go.FIELD_NEXT,
    (Step.FIELD, Kind.OPTION): Go.FIELD_NEXT,
    (Step.FIELD, Kind.KEEP): Go.FIELD_NEXT,
    (Step.FIELD, Kind.SKIP): Go.FIELD_NEXT,
    (Step.FIELD, Kind.REC_DROP): Step.RECORDS,
    (Step.PRINCIPAL, Kind.TEXT): Go.NEXT,
}
# Events valid from any step once the enterprise is known: an older message's
# navigation buttons still do the right thing.
GLOBAL: dict[Kind, Step | Go] = {
    Kind.NAV: Step.ITEM,
    Kind.TOC: Go.SAME,
    Kind.PRINCIPAL: Step.PRINCIPAL,
    Kind.SUBMIT: Go.SUBMIT,
    Kind.RESUME: Go.SAME,
}
ITEM_STEPS = frozenset(s for s in Step if s not in (Step.ENTERPRISE, Step.PRINCIPAL, Step.REVIEW))
TEXT_STEPS = frozenset(s for (s, k) in TABLE if k is Kind.TEXT) | {Step.ENTERPRISE}


@dataclass(frozen=True)
class State:
    """What the flow decides from: the stored inspection and its answers."""

    inspection: Inspection
    answers: Mapping[str, Answer]
    today: date

    @property
    def step(self) -> Step:
        return Step.parse(self.inspection.position.step)

    @property
    def item(self) -> Item | None:
        item_id = self.inspection.position.item_id
        checklist = self.inspection.checklist
        return checklist.item(item_id) if item_id and checklist.has_item(item_id) else None


def answered(item: Item, answers: Mapping[str, Answer]) -> bool:
    return registry.is_complete(item, answers.get(item.id))


def is_complete(inspection: Inspection, answers: Mapping[str, Answer]) -> bool:
    """Everything a form needs: every item answered for good, enterprise, principal."""
    items = inspection.checklist.items
    return inspection.enterprise is not None and bool(inspection.principal_name) and all(
        answered(i, answers) for i in items
    )


def next_position(inspection: Inspection, answers: Mapping[str, Answer], after: str | None) -> Position:
    """The next item not yet answered for good after `after` (wrapping), else the closing steps."""
    items = inspection.checklist.items
    start = next((i + 1 for i, item in enumerate(items) if item.id == after), 0)
    for item in items[start:] + items[:start]:
        if not answered(item, answers):
            return Position(Step.ITEM.value, item.id)
    if not inspection.principal_name:
        return Position(Step.PRINCIPAL.value)
    return Position(Step.REVIEW.value)


def apply(state: State, event: Event) -> Outcome:
    """Where `event` leads from the stored state, and what to store on the way."""
    if event.kind in GLOBAL:
        return _global(state, event)
    step, item = state.step, state.item
    target = TABLE.get((step, event.kind))
    if target is None:
        return Outcome.refused("press-button") if event.kind is Kind.TEXT else Outcome.stale()
    if step is not Step.ENTERPRISE and not _for_shown(state, event, item):
        return Outcome.stale()
    handler = _HANDLERS[step]
    return handler(state, event, item, target)


def _for_shown(state: State, event: Event, item: Item | None) -> bool:
    """A tap must name the item (and ledger field) the inspector is at now."""
    if event.kind is Kind.TEXT:
        return item is not None or state.step is Step.PRINCIPAL
    if item is None or event.item != item.number:
        return False
    return state.step is not Step.FIELD or records.field_index(event.arg) == records.current_field(state)


def _global(state: State, event: Event) -> Outcome:
    inspection = state.inspection
    if event.kind is Kind.RESUME:
        return Outcome()
    if inspection.enterprise is None:
        return Outcome.stale()
    if event.kind is Kind.NAV:
        items = inspection.checklist.items
        if not 1 <= event.item <= len(items):
            return Outcome.stale()
        return Outcome.move(Position(Step.ITEM.value, items[event.item - 1].id))
    if event.kind is Kind.PRINCIPAL:
        return Outcome.move(Position(Step.PRINCIPAL.value))
    if event.kind is Kind.SUBMIT:
        if is_complete(inspection, state.answers):
            return Outcome(submit=True)
        position = next_position(inspection, state.answers, None)
        return Outcome.move(position, code="not-complete")
    return Outcome(show_toc=event.kind is Kind.TOC)


def _enterprise(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    if event.enterprise_id is None:
        return Outcome.stale()
    position = next_position(state.inspection, state.answers, None)
    return Outcome(position=position, enterprise_id=event.enterprise_id)


def _item(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    assert item is not None
    kind = registry.of(item)
    old = state.answers.get(item.id)
    if event.kind is Kind.IMPORT:
        return records.on_records(state, event, item, target, _store) if kind.name == "records" else Outcome.stale()
    if event.kind is Kind.NA:
        if item.required:
            return Outcome.refused("required")
        return _store(state, Answer(item.id, Result.NOT_APPLICABLE), Go.NEXT, note=Result.NOT_APPLICABLE.value)
    if event.kind is Kind.TEXT and not kind.takes_text:
        return Outcome.refused("press-button")
    value = old.value if old else None
    parsed = (kind.pick(item, value, event.arg, state.today) if event.kind is Kind.OPTION
              else kind.parse(item, event.text, state.today))
    if parsed.error == "stale":
        return Outcome.stale()
    if parsed.error:
        return Outcome.refused(message=parsed.error)
    answer = _answer_of(item, old, parsed)
    return _store(state, answer, _AFTER[parsed.then], note=registry.value_text(item, answer))


def _answer_of(item: Item, old: Answer | None, parsed: Parsed) -> Answer:
    """A problem keeps what was already described of it, so editing loses nothing."""
    if parsed.result is Result.PROBLEM and old is not None and old.result is Result.PROBLEM:
        return old
    if parsed.then is Then.RECORDS:
        return replace(old, value=records.resume(parsed.value)) if old and old.result is Result.ANSWERED else Answer(
            item.id, Result.ANSWERED, records.resume(parsed.value))
    return Answer(item.id, parsed.result, parsed.value)


_AFTER: dict[Then, Step | Go] = {
    Then.NEXT: Go.NEXT, Then.STAY: Step.ITEM, Then.PROBLEM: Step.PROBLEM, Then.RECORDS: Go.RECORDS,
}


def _problem_step(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    assert item is not None
    old = state.answers.get(item.id) or Answer(item.id, Result.PROBLEM)
    if event.kind is Kind.KEEP:
        if not old.problem:
            return Outcome.stale()
        return _store(state, old, target)
    text = event.text.strip()
    if not text or len(text) > NOTE_LIMIT:
        return Outcome.refused("empty" if not text else "too-long", length=len(text))
    return _store(state, replace(old, result=Result.PROBLEM, problem=text), target)


def _level(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    assert item is not None
    level = {"g": Hazard.GENERAL, "m": Hazard.MAJOR}.get(event.arg)
    old = state.answers.get(item.id)
    if level is None or old is None:
        return Outcome.stale()
    return _store(state, replace(old, hazard=level), target, note=level.value)


def _deadline(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    assert item is not None
    old = state.answers.get(item.id)
    if old is None:
        return Outcome.stale()
    if event.kind is Kind.CUSTOM:
        return Outcome.move(Position(Step.DEADLINE_DATE.value, item.id))
    day = old.deadline if event.arg == "k" else deadline_from_choice(event.arg, state.today)
    if day is None:
        return Outcome.stale()
    return _store(state, replace(old, deadline=day), target, note=day.isoformat())


def _deadline_date(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    assert item is not None
    old = state.answers.get(item.id)
    day = parse_date(event.text, state.today)
    if old is None:
        return Outcome.stale()
    if day is None:
        return Outcome.refused("bad-date")
    reason = check_deadline(day, state.today)
    if reason:
        return Outcome.refused(f"deadline-{reason}")
    return _store(state, replace(old, deadline=day), target, note=day.isoformat())


def _advice(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    assert item is not None
    old = state.answers.get(item.id)
    if old is None or old.result is not Result.PROBLEM:
        return Outcome.stale()
    if event.kind is Kind.KEEP:
        return _store(state, old, target) if old.advice else Outcome.stale()
    if event.kind is Kind.SKIP:
        return _store(state, replace(old, advice=None), target)
    text = event.text.strip()
    if not text or len(text) > NOTE_LIMIT:
        return Outcome.refused("empty" if not text else "too-long", length=len(text))
    return _store(state, replace(old, advice=text), target)


def _principal(state: State, event: Event, item: Item | None, target: Step | Go) -> Outcome:
    name = event.text.strip()
    if not 0 < len(name) <= PRINCIPAL_LIMIT or "\n" in name:
        return Outcome.refused("principal-bad")
    named = replace(state.inspection, principal_name=name)
    return Outcome(position=next_position(named, state.answers, None), principal=name)


def _store(state: State, answer: Answer, target: Step | Go, note: str = "") -> Outcome:
    """The answer and the position it leads to, to be written in one transaction."""
    answers = {**state.answers, answer.item_id: answer}
    if target is Go.NEXT:
        position = next_position(state.inspection, answers, answer.item_id)
    elif target is Go.RECORDS:
        position = records.position_in(answer)
    else:
        position = Position(target.value, answer.item_id)
    return Outcome(answer=answer, position=position, note=note)


_HANDLERS = {
    Step.ENTERPRISE: _enterprise,
    Step.ITEM: _item,
    Step.PROBLEM: _problem_step,
    Step.LEVEL: _level,
    Step.DEADLINE: _deadline,
    Step.DEADLINE_DATE: _deadline_date,
    Step.ADVICE: _advice,
    Step.RECORDS: lambda s, e, i, t: records.on_records(s, e, i, t, _store),
    Step.FIELD: lambda s, e, i, t: records.on_field(s, e, i, t, _store),
    Step.PRINCIPAL: _principal,
}
