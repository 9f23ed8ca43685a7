"""A repeating table of records (有限空间管理台账: one row per confined space).

The inspector adds records field by field (each field is itself a number,
choice, date or text question), reviews, edits or deletes them, and finishes;
or sends the enterprise's own ledger as an .xlsx. The whole ledger is one
answer value, so a record being typed survives a restart with the rest:

    {"rows": [{field id: value}], "draft": {...} | null, "at": row | null,
     "rev": n, "done": bool}

`rev` grows with every change: a button of an older list carries the old
number and is refused instead of deleting the record now at that place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yaml.nodes import Node

from checklists.inspection import Answer
from checklists.model import Result
from checklists.questions.base import Option, Parsed, Question, QuestionType, Then
from checklists.yamlnodes import NodeReader

OPEN = "r"
_FIELDS_MAX = 12
_FIELD_KEYS = ("id", "label", "type", "required")
_LABEL_MAX = 30


@dataclass(frozen=True)
class Field:
    """One column of a ledger, asked like any question."""

    id: str
    label: str
    type: str
    spec: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    required: bool = True


def fields_of(q: Question) -> tuple[Field, ...]:
    return tuple(
        Field(f["id"], f["label"], f["type"], {k: v for k, v in f.items() if k not in _FIELD_KEYS},
              bool(f.get("required", True)))
        for f in q.spec["fields"]
    )


def ledger(value: Any) -> dict[str, Any]:
    """A ledger value with every key present (a fresh one for None)."""
    base: dict[str, Any] = {"rows": [], "draft": None, "at": None, "rev": 0, "done": False}
    return {**base, **value} if isinstance(value, dict) else base


def changed(book: dict[str, Any], **updates: Any) -> dict[str, Any]:
    return {**book, **updates, "rev": book["rev"] + 1}


def _read_field(r: NodeReader, node: Node, path: str, seen: set[str]) -> dict[str, Any] | None:
    from checklists.questions import registry

    values = r.mapping(node, path, (*_FIELD_KEYS, *registry.all_keys()), ("id", "label", "type"))
    if values is None:
        return None
    fid = r.slug(values["id"], f"{path}.id", 24, "bad-item-id") if "id" in values else None
    label = r.text(values["label"], f"{path}.label", _LABEL_MAX) if "label" in values else None
    kind = registry.read_type(r, values, path, as_field=True) if "type" in values else None
    if fid in seen:
        r.fail(values["id"], f"{path}.id", "duplicate-item-id", f"field id {fid!r} is used twice")
        return None
    if fid is None or label is None or kind is None:
        return None
    seen.add(fid)
    spec = registry.read_spec(r, kind, values, path)
    required = r.flag(values["required"], f"{path}.required") if "required" in values else True
    if spec is None or required is None:
        return None
    return {"id": fid, "label": label, "type": kind.name, "required": required, **spec}


class RecordsType(QuestionType):
    name = "records"
    keys = ("fields",)
    as_field = False
    takes_text = False

    def read_spec(self, r: NodeReader, values: dict[str, Node], field: str) -> dict[str, Any] | None:
        if "fields" not in values:
            r.fail_missing(field, "fields", values)
            return None
        entries = r.sequence(values["fields"], f"{field}.fields")
        if entries is None:
            return None
        if not entries or len(entries) > _FIELDS_MAX:
            r.fail(values["fields"], f"{field}.fields", "bad-fields", f"a ledger needs 1–{_FIELDS_MAX} fields")
            return None
        seen: set[str] = set()
        read = [_read_field(r, e, f"{field}.fields[{i}]", seen) for i, e in enumerate(entries)]
        return None if None in read else {"fields": read}

    def instruction(self, q: Question) -> str:
        return "这是一个台账：请点击“填写台账”逐条录入，或直接发送企业台账 Excel（首行为列名）。"

    def options(self, q: Question, value: Any) -> tuple[Option, ...]:
        return (Option(OPEN, "📋 填写台账"),)

    def pick(self, q: Question, value: Any, code: str, today: date) -> Parsed:
        if code != OPEN:
            return Parsed.refuse("stale")
        return Parsed(changed(ledger(value), done=False), then=Then.RECORDS)

    def is_complete(self, q: Question, answer: Answer) -> bool:
        if answer.result is Result.NOT_APPLICABLE:
            return True
        book = ledger(answer.value)
        return bool(book["done"] and book["rows"] and book["draft"] is None)

    def show(self, q: Question, value: Any) -> str:
        book = ledger(value)
        return f"共 {len(book['rows'])} 条记录" + ("" if book["done"] else "（未完成）")
