"""A measured reading (水封有效高度 in mm, CO in ppm): a number within a range."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from yaml.nodes import Node

from checklists.questions.base import Parsed, Question, QuestionType, esc, normalise
from checklists.yamlnodes import NodeReader

_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
_UNIT_MAX = 16


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


class NumberType(QuestionType):
    name = "number"
    keys = ("unit", "min", "max")

    def read_spec(self, r: NodeReader, values: dict[str, Node], field: str) -> dict[str, Any] | None:
        spec: dict[str, Any] = {}
        if "unit" in values:
            spec["unit"] = r.text(values["unit"], f"{field}.unit", _UNIT_MAX)
        for key in ("min", "max"):
            if key in values:
                spec[key] = r.number(values[key], f"{field}.{key}")
        if None in spec.values():
            return None
        if "min" in spec and "max" in spec and spec["min"] > spec["max"]:
            r.fail(values["max"], f"{field}.max", "bad-range", f"max {spec['max']} is below min {spec['min']}")
            return None
        return spec

    def instruction(self, q: Question) -> str:
        unit = q.spec.get("unit")
        text = "请输入数值" + (f"（单位：{esc(unit)}）" if unit else "")
        low, high = q.spec.get("min"), q.spec.get("max")
        if low is not None and high is not None:
            text += f"，范围 {_fmt(low)}–{_fmt(high)}"
        elif low is not None:
            text += f"，不小于 {_fmt(low)}"
        elif high is not None:
            text += f"，不大于 {_fmt(high)}"
        return text + "："

    def parse(self, q: Question, text: str, today: date) -> Parsed:
        plain = normalise(text).replace(",", "").replace(" ", "")
        unit = q.spec.get("unit")
        if unit and plain.lower().endswith(normalise(unit).lower()):
            plain = plain[: -len(normalise(unit))]
        if not _NUMBER.fullmatch(plain):
            return Parsed.refuse(f"“{esc(text[:40])}”不是数值。" + self.instruction(q))
        number = float(plain)
        low, high = q.spec.get("min"), q.spec.get("max")
        if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
            return Parsed.refuse(f"{_fmt(number)} 超出有效范围，未保存。" + self.instruction(q))
        return Parsed(int(number) if number.is_integer() and abs(number) < 2**53 else number)

    def show(self, q: Question, value: Any) -> str:
        if value is None:
            return ""
        unit = q.spec.get("unit")
        return f"{_fmt(value)} {unit}" if unit else _fmt(value)
