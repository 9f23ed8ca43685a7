"""The ledger part of the conversation: records added field by field, edited,
deleted, imported and finished. Its steps and events are in the flow's table
(`checklists.flow.TABLE`); this module says what each does to the ledger.

The record being typed lives in the answer's value with the rest of the
ledger, so it survives a restart; its position is the field being asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from checklists.flow_types import Event, Go, Kind, Outcome, Step
from checklists.inspection import Answer, Position
from checklists.model import Item, Result
from checklists.questions import registry
from checklists.questions.base import Then
from checklists.questions.records import Field, changed, fields_of, ledger

if TYPE_CHECKING:
    from checklists.flow import State

Store = Callable[..., Outcome]


def field_index(arg: str) -> int | None:
    """The field a ledger-field button was shown for: "2-o1" -> 2."""
    head = arg.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def current_field(state: State) -> int:
    arg = state.inspection.position.arg
    return int(arg) if arg and arg.isdigit() else 0


def resume(value: Any) -> dict[str, Any]:
    """Opening a ledger again goes back to the record left half-typed, if any."""
    return ledger(value)


def position_in(answer: Answer) -> Position:
    book = ledger(answer.value)
    if book["draft"] is not None:
        return Position(Step.FIELD.value, answer.item_id, str(book.get("field", 0)))
    return Position(Step.RECORDS.value, answer.item_id)


def _rev_ok(book: dict[str, Any], arg: str, rows_needed: bool) -> int | None:
    """The row a list button names, if the list it was on is still the current one."""
    parts = arg.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) != (2 if rows_needed else 1):
        return None
    if int(parts[-1]) != book["rev"]:
        return None
    row = int(parts[0]) if rows_needed else 0
    return row if not rows_needed or row < len(book["rows"]) else None


def on_records(state: State, event: Event, item: Item | None, target: Any, store: Store) -> Outcome:
    assert item is not None
    old = state.answers.get(item.id)
    book = ledger(old.value if old and old.result is Result.ANSWERED else None)
    kind = event.kind
    if kind is Kind.REC_ADD:
        book = changed(book, draft={}, at=None, field=0)
    elif kind is Kind.IMPORT:
        book = changed(book, rows=[*book["rows"], *map(dict, event.rows)], done=False)
    else:
        row = _rev_ok(book, event.arg, rows_needed=kind is not Kind.REC_DONE)
        if row is None:
            return Outcome.stale()
        if kind is Kind.REC_DONE and not book["rows"]:
            return Outcome.refused("ledger-empty")
        if kind is Kind.REC_EDIT:
            book = changed(book, draft=dict(book["rows"][row]), at=row, field=0)
        elif kind is Kind.REC_DEL:
            book = changed(book, rows=[r for i, r in enumerate(book["rows"]) if i != row])
        else:
            book = changed(book, done=True)
    answer = Answer(item.id, Result.ANSWERED, book)
    return store(state, answer, Go.NEXT if kind is Kind.REC_DONE else Go.RECORDS)


def on_field(state: State, event: Event, item: Item | None, target: Any, store: Store) -> Outcome:
    assert item is not None
    old = state.answers.get(item.id)
    book = ledger(old.value if old else None)
    fields = fields_of(item)
    k = current_field(state)
    if book["draft"] is None or k >= len(fields):
        return Outcome.stale()
    if event.kind is Kind.REC_DROP:
        return store(state, Answer(item.id, Result.ANSWERED, changed(book, draft=None, at=None)), Go.RECORDS)
    field, draft = fields[k], dict(book["draft"])
    outcome = _field_value(state, event, field, draft)
    if outcome is not None:
        return outcome
    stay = event.kind is Kind.OPTION and _pending(draft.get(field.id))
    book = changed(book, draft=draft, field=k) if stay else _advance(book, draft, k, len(fields))
    return store(state, Answer(item.id, Result.ANSWERED, book), Go.RECORDS)


def _pending(value: Any) -> bool:
    return isinstance(value, dict) and "pending" in value


def _field_value(state: State, event: Event, field: Field, draft: dict[str, Any]) -> Outcome | None:
    """Put the field's new value into `draft`; an Outcome when the input is refused."""
    if event.kind is Kind.KEEP:
        return None if field.id in draft else Outcome.stale()
    if event.kind is Kind.SKIP:
        if field.required:
            return Outcome.stale()
        draft.pop(field.id, None)
        return None
    kind = registry.of(field)
    if event.kind is Kind.OPTION:
        parsed = kind.pick(field, draft.get(field.id), event.arg.split("-", 1)[-1], state.today)
    else:
        parsed = kind.parse(field, event.text, state.today)
    if parsed.error == "stale":
        return Outcome.stale()
    if parsed.error:
        return Outcome.refused(message=parsed.error)
    draft[field.id] = parsed.value
    return None if parsed.then in (Then.NEXT, Then.STAY) else Outcome.stale()


def _advance(book: dict[str, Any], draft: dict[str, Any], k: int, count: int) -> dict[str, Any]:
    """The next field, or the record saved into the ledger after its last field."""
    if k + 1 < count:
        return changed(book, draft=draft, field=k + 1)
    rows = list(book["rows"])
    if book["at"] is not None and book["at"] < len(rows):
        rows[book["at"]] = draft
    else:
        rows.append(draft)
    return changed(book, rows=rows, draft=None, at=None, field=0, done=False)
