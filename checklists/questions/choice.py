"""A choice from a list (作业形式: 自主作业 / 外包作业), one option or several.

The value is the list of chosen option texts (texts, not positions, so the
form reads right even if a later template version reorders them). Several
options are toggled and then confirmed with 完成; until then the value is
kept as {"pending": [...]} and the question stays open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yaml.nodes import Node

from checklists.inspection import Answer
from checklists.model import Result
from checklists.questions.base import Option, Parsed, Question, QuestionType, Then, esc, normalise
from checklists.yamlnodes import NodeReader

DONE = "ok"
_OPTION_MAX = 30  # a button label
_OPTIONS_MAX = 20


def _pending(value: Any) -> list[str]:
    return list(value.get("pending", [])) if isinstance(value, dict) else []


class ChoiceType(QuestionType):
    name = "choice"
    keys = ("options", "multiple")
    takes_text = True  # the option's text typed exactly is accepted too

    def read_spec(self, r: NodeReader, values: dict[str, Node], field: str) -> dict[str, Any] | None:
        if "options" not in values:
            r.fail_missing(field, "options", values)
            return None
        options = r.texts(values["options"], f"{field}.options", _OPTION_MAX)
        multiple = r.flag(values["multiple"], f"{field}.multiple") if "multiple" in values else False
        if options is None or multiple is None:
            return None
        if not options or len(options) > _OPTIONS_MAX or len(set(options)) != len(options):
            r.fail(values["options"], f"{field}.options", "bad-options",
                   f"options must be 1–{_OPTIONS_MAX} distinct texts")
            return None
        return {"options": list(options), "multiple": multiple}

    def instruction(self, q: Question) -> str:
        if q.spec.get("multiple"):
            return "请点击选择（可多选），选好后点击“完成”："
        return "请点击选择："

    def options(self, q: Question, value: Any) -> tuple[Option, ...]:
        chosen = set(_pending(value)) | (set(value) if isinstance(value, list) else set())
        multiple = bool(q.spec.get("multiple"))
        shown = tuple(
            Option(f"o{i}", ("☑️ " if multiple and text in chosen else "") + text, text in chosen)
            for i, text in enumerate(q.spec["options"])
        )
        return shown + ((Option(DONE, "✔️ 完成"),) if multiple else ())

    def pick(self, q: Question, value: Any, code: str, today: date) -> Parsed:
        options: list[str] = q.spec["options"]
        if code == DONE and q.spec.get("multiple"):
            chosen = _pending(value) or (list(value) if isinstance(value, list) else [])
            if not chosen:
                return Parsed.refuse("请至少选择一项，再点击“完成”。")
            return Parsed([o for o in options if o in chosen])
        if not (code.startswith("o") and code[1:].isdigit() and int(code[1:]) < len(options)):
            return Parsed.refuse("stale")
        text = options[int(code[1:])]
        if not q.spec.get("multiple"):
            return Parsed([text])
        chosen = _pending(value) or (list(value) if isinstance(value, list) else [])
        chosen = [o for o in chosen if o != text] if text in chosen else [*chosen, text]
        return Parsed({"pending": chosen}, then=Then.STAY)

    def parse(self, q: Question, text: str, today: date) -> Parsed:
        """The option typed exactly (a ledger cell); several separated by 、 or , when multiple."""
        by_text = {normalise(o): o for o in q.spec["options"]}
        parts = [normalise(p) for p in text.replace("、", ",").split(",")] if q.spec.get("multiple") else [normalise(text)]
        chosen = [by_text.get(p) for p in parts if p]
        if chosen and None not in chosen:
            return Parsed([o for o in q.spec["options"] if o in chosen])
        return Parsed.refuse(f"“{esc(text[:40])}”不是可选项（可选：{esc('、'.join(q.spec['options']))}）。")

    def is_complete(self, q: Question, answer: Answer) -> bool:
        return answer.result is Result.NOT_APPLICABLE or isinstance(answer.value, list)

    def show(self, q: Question, value: Any) -> str:
        if isinstance(value, list):
            return "、".join(value)
        pending = _pending(value)
        return ("（未完成）" + "、".join(pending)) if pending else ""
