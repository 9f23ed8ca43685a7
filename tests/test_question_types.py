"""Question types: their YAML keys and problems (file, line, field), their parsing,
and that a new type is one unit registered in one place."""

from __future__ import annotations

from datetime import date
from textwrap import dedent
from typing import Any

import pytest

from checklists.errors import ChecklistError
from checklists.flow_types import Kind
from checklists.loader import load_text
from checklists.model import Result
from checklists.questions import registry
from checklists.questions.base import Parsed, Question, QuestionType
from checklists.questions.date import parse_date
from tests.flow_support import Harness

HEAD = dedent("""\
    id: t
    version: 1
    title: 测试
    short_title: 测试
    groups:
      - title: 组
        items:
    """)


def items(text: str) -> str:
    return HEAD + "\n".join("      " + line for line in dedent(text).splitlines()) + "\n"


def problems(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ChecklistError) as caught:
        load_text(items(text), "t.yaml")
    return [(p.code, p.line, p.field) for p in caught.value.problems]


# Problems a bureau's YAML may have, each located (line numbers count HEAD's 7 lines).
CASES: dict[str, tuple[str, tuple[str, int, str]]] = {
    "unknown-type": ("- {id: a, content: 甲, type: rating}", ("bad-enum-value", 8, "groups[0].items[0].type")),
    "min-not-number": ("- id: a\n  content: 甲\n  type: number\n  min: 低",
                       ("bad-number", 11, "groups[0].items[0].min")),
    "min-above-max": ("- id: a\n  content: 甲\n  type: number\n  min: 5\n  max: 1",
                      ("bad-range", 12, "groups[0].items[0].max")),
    "repeated-option": ("- {id: a, content: 甲, type: choice, options: [是, 是]}",
                        ("bad-options", 8, "groups[0].items[0].options")),
    "no-fields": ("- {id: a, content: 甲, type: records, fields: []}",
                  ("bad-fields", 8, "groups[0].items[0].fields")),
    "options-on-a-number": ("- id: a\n  content: 甲\n  type: number\n  options: [x]",
                            ("unknown-key", 11, "groups[0].items[0].options")),
    "verdict-needs-evidence": ("- {id: a, content: 甲}", ("missing-field", 8, "groups[0].items[0].evidence")),
    "choice-needs-options": ("- {id: a, content: 甲, type: choice}", ("missing-field", 8, "groups[0].items[0].options")),
    "ledger-field-of-ledger": ("- id: a\n  content: 甲\n  type: records\n  fields:\n    - {id: b, label: 乙, type: records}",
                               ("bad-enum-value", 12, "groups[0].items[0].fields[0].type")),
    "multiple-not-bool": ("- {id: a, content: 甲, type: choice, options: [x], multiple: 是}",
                          ("wrong-type", 8, "groups[0].items[0].multiple")),
}
QUESTION_CODES = {case[1][0] for case in CASES.values()}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_each_problem_names_its_line_and_field(text: str, expected: tuple[str, int, str]) -> None:
    assert expected in problems(text)


def test_every_type_of_the_issue_loads_and_keeps_its_settings_in_the_snapshot() -> None:
    from tests.flow_support import every_type_checklist

    checklist = every_type_checklist()
    kinds = {i.id: i.type for i in checklist.items}
    assert set(kinds.values()) == {"verdict", "number", "choice", "date", "text", "records"}
    again = type(checklist).from_snapshot(checklist.to_snapshot())
    assert [dict(i.spec) for i in again.items] == [dict(i.spec) for i in checklist.items]
    assert again.item("verdict-b").standard == "第十三条（一）"
    assert again.item("water-seal-height").spec == {"unit": "mm", "min": 0, "max": 20000}


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-06-01", date(2025, 6, 1)), ("2025/6/1", date(2025, 6, 1)), ("6月1日", date(2025, 6, 1)),
    ("２０２５年６月１日", date(2025, 6, 1)), ("今天", date(2025, 3, 2)), ("2025-02-30", None), ("明天", None),
])
def test_dates_are_read_as_inspectors_type_them(text: str, expected: date | None) -> None:
    assert parse_date(text, date(2025, 3, 2)) == expected


class PercentType(QuestionType):
    """A new kind of question, written the way a bureau's developer would."""

    name = "percent"

    def instruction(self, q: Question) -> str:
        return "请输入百分比（0–100）："

    def parse(self, q: Question, text: str, today: date) -> Parsed:
        digits = text.strip().rstrip("%％")
        if not digits.isdigit() or int(digits) > 100:
            return Parsed.refuse("请输入 0–100 之间的整数。")
        return Parsed(int(digits))

    def show(self, q: Question, value: Any) -> str:
        return "" if value is None else f"{value}%"


def test_a_new_type_is_one_unit_registered_in_one_place() -> None:
    """Loader, flow, storage value and form row all work without touching them."""
    from checklists.form_rows import answer_cells

    registry.register(PercentType())
    try:
        checklist = load_text(items("- {id: a, content: 员工培训覆盖率, type: percent}"), "t.yaml")
        h = Harness.start(checklist)
        assert h.text("120").message
        h.text("85%")
        answer = h.answers["a"]
        assert (answer.result, answer.value) == (Result.ANSWERED, 85)
        assert answer_cells(checklist.items[0], answer) == ("85%", "")
        assert any(e.kind is Kind.PRINCIPAL or e.kind is Kind.NA for e in h.shown()) or h.inspection.position.step == "principal"
    finally:
        registry.unregister("percent")
