"""A date (最近一次应急演练日期): typed as 2025-06-01, 2025/6/1, 6月1日, or 今天."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from checklists.questions.base import Option, Parsed, Question, QuestionType, esc, normalise

_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SHORT = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
TODAY = "t"


def parse_date(text: str, today: date) -> date | None:
    """The date meant, or None; a month and day alone mean this year."""
    plain = normalise(text)
    if plain in ("今天", "今日"):
        return today
    found = _FULL.fullmatch(plain)
    year, month, day = (found.groups() if found else (None, None, None))
    if found is None:
        short = _SHORT.fullmatch(plain)
        if short is None:
            return None
        year, (month, day) = str(today.year), short.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class DateType(QuestionType):
    name = "date"

    def instruction(self, q: Question) -> str:
        return "请输入日期（如 2025-06-01、2025/6/1 或 6月1日），或点击“今天”："

    def options(self, q: Question, value: Any) -> tuple[Option, ...]:
        return (Option(TODAY, "📅 今天"),)

    def pick(self, q: Question, value: Any, code: str, today: date) -> Parsed:
        return Parsed(today.isoformat()) if code == TODAY else Parsed.refuse("stale")

    def parse(self, q: Question, text: str, today: date) -> Parsed:
        day = parse_date(text, today)
        if day is None:
            return Parsed.refuse(f"“{esc(text[:40])}”不是有效日期，未保存。" + self.instruction(q))
        return Parsed(day.isoformat())

    def show(self, q: Question, value: Any) -> str:
        return "" if value is None else chinese(date.fromisoformat(value))
