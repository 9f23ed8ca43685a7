"""The official table's own question: 符合 / 存在问题 / 不涉及.

A problem is then described, classed (一般 / 重大) and given a deadline and
optional advice; those steps are the flow's (`checklists.flow`), since they
are the hazard's, not the question's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from checklists.inspection import Answer
from checklists.model import ALL_RESULTS, Result
from checklists.questions.base import Option, Parsed, Question, QuestionType, Then

CODES = {Result.OK: "o", Result.PROBLEM: "p", Result.NOT_APPLICABLE: "n"}
LABELS = {Result.OK: "✅ 符合", Result.PROBLEM: "⚠️ 存在问题", Result.NOT_APPLICABLE: "➖ 不涉及"}
_BY_CODE = {code: result for result, code in CODES.items()}


class VerdictType(QuestionType):
    name = "verdict"
    evidence_required = True
    as_field = False
    takes_text = False

    def instruction(self, q: Question) -> str:
        return "请选择检查结论（可先发送照片）："

    def options(self, q: Question, value: Any) -> tuple[Option, ...]:
        allowed = getattr(q, "answers", ALL_RESULTS)
        return tuple(Option(CODES[r], LABELS[r]) for r in allowed if r in CODES)

    def pick(self, q: Question, value: Any, code: str, today: date) -> Parsed:
        result = _BY_CODE.get(code)
        if result is None or result not in getattr(q, "answers", ALL_RESULTS):
            return Parsed.refuse("stale")
        return Parsed(None, result=result, then=Then.PROBLEM if result is Result.PROBLEM else Then.NEXT)

    def is_complete(self, q: Question, answer: Answer) -> bool:
        """A problem counts once it is described and classed (deadline has a default)."""
        if answer.result is Result.PROBLEM:
            return bool(answer.problem and answer.hazard)
        return answer.result in (Result.OK, Result.NOT_APPLICABLE)

    def show(self, q: Question, value: Any) -> str:
        return ""
