"""Free text (其他需要说明的情况): anything typed, kept whole."""

from __future__ import annotations

from datetime import date
from typing import Any

from checklists.questions.base import NOTE_LIMIT, Parsed, Question, QuestionType


class TextType(QuestionType):
    name = "text"

    def instruction(self, q: Question) -> str:
        return "请输入文字："

    def parse(self, q: Question, text: str, today: date) -> Parsed:
        text = text.strip()
        if not text:
            return Parsed.refuse("内容不能为空，请重新输入。")
        if len(text) > NOTE_LIMIT:
            return Parsed.refuse(f"内容过长（{len(text)} 字），最多 {NOTE_LIMIT} 字，未保存。请精简后重新发送。")
        return Parsed(text)

    def show(self, q: Question, value: Any) -> str:
        return "" if value is None else str(value)
