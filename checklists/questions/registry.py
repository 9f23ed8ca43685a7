"""The question types, registered in one place.

Adding a type: write its module (a `QuestionType` subclass) and add an
instance to `_BUILTIN`, or call `register()` (tests do). Nothing else in the
loader, storage, flow or renderers changes.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node

from checklists.inspection import Answer
from checklists.model import VERDICT, Result
from checklists.questions.base import QuestionType, Question
from checklists.questions.choice import ChoiceType
from checklists.questions.date import DateType
from checklists.questions.number import NumberType
from checklists.questions.records import RecordsType
from checklists.questions.text import TextType
from checklists.questions.verdict import VerdictType
from checklists.yamlnodes import NodeReader

_BUILTIN: tuple[QuestionType, ...] = (
    VerdictType(), NumberType(), ChoiceType(), DateType(), TextType(), RecordsType(),
)
_TYPES: dict[str, QuestionType] = {t.name: t for t in _BUILTIN}


def register(kind: QuestionType) -> None:
    """Make a type available to templates (its name must be new)."""
    if kind.name in _TYPES:
        raise ValueError(f"question type {kind.name!r} is already registered")
    _TYPES[kind.name] = kind


def unregister(name: str) -> None:
    """For tests that register a type of their own."""
    if name != VERDICT:
        _TYPES.pop(name, None)


def get(name: str) -> QuestionType:
    """The type of a stored snapshot; an unknown one (a newer release's) reads as text."""
    return _TYPES.get(name) or _TYPES["text"]


def of(q: Question) -> QuestionType:
    return get(q.type)


def names() -> tuple[str, ...]:
    return tuple(_TYPES)


def all_keys() -> tuple[str, ...]:
    """Every type's own YAML keys: an item may name only its own type's, checked later."""
    return tuple(dict.fromkeys(k for t in _TYPES.values() for k in t.keys))


def read_type(r: NodeReader, values: dict[str, Node], field: str, as_field: bool = False) -> QuestionType | None:
    """The type an item or ledger field names (`type`, default verdict for items)."""
    if "type" not in values:
        return _TYPES[VERDICT]
    name = r.text(values["type"], f"{field}.type", 32)
    kind = _TYPES.get(name or "")
    allowed = [n for n, t in _TYPES.items() if t.as_field or not as_field]
    if name is not None and (kind is None or name not in allowed):
        r.fail(values["type"], f"{field}.type", "bad-enum-value",
               f"{name!r} is not a question type{' for a ledger field' if as_field else ''}; allowed: {', '.join(allowed)}")
        return None
    return kind


def read_spec(r: NodeReader, kind: QuestionType, values: dict[str, Node], field: str) -> dict[str, Any] | None:
    """The type's settings; keys of other types are refused, naming the line."""
    foreign = [k for k in all_keys() if k in values and k not in kind.keys]
    for key in foreign:
        r.fail(values[key], f"{field}.{key}", "unknown-key", f"key {key!r} does not apply to type {kind.name!r}")
    spec = kind.read_spec(r, values, field)
    return None if foreign else spec


def is_complete(q: Question, answer: Answer | None) -> bool:
    return answer is not None and of(q).is_complete(q, answer)


def value_text(q: Question, answer: Answer | None) -> str:
    """The answer as a person reads it: 不涉及, the verdict, or the type's value."""
    if answer is None:
        return ""
    if answer.result is not Result.ANSWERED:
        return answer.result.value
    return of(q).show(q, answer.value)
