"""Callback data of every inline button: typed, packed and parsed in one place.

Telegram allows 1-64 bytes. Each button carries the inspection it belongs to,
so a press on a button from another inspection, another user or an older
version of the bot is recognised as stale instead of acting on the wrong data.
Parsing never trusts the content: anything malformed is `None`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

PREFIX = "c1"
MAX_BYTES = 64
_ARG = re.compile(r"[a-z0-9-]{0,32}")
_NUMBER = re.compile(r"[0-9]{1,12}")


class Action(str, Enum):
    PICK = "pk"  # arg: checklist id
    ENTERPRISE = "en"  # item: enterprise id
    RESULT = "rs"  # item: number; arg: o / p / n
    NAV = "nv"  # item: number to show
    TOC = "tc"  # list of items
    KEEP = "kp"  # item: number; arg: problem / advice (keep the old text)
    SKIP = "sk"  # item: number (skip the advice)
    HAZARD = "hz"  # item: number; arg: g / m
    PRINCIPAL = "pr"  # change the principal's name
    SUBMIT = "sb"
    CANCEL = "cx"  # arg: y (confirm) / n (keep going)
    RESUME = "rm"  # show the current question again


_ARGS: dict[Action, frozenset[str] | None] = {
    Action.PICK: None,
    Action.RESULT: frozenset({"o", "p", "n"}),
    Action.KEEP: frozenset({"problem", "advice"}),
    Action.HAZARD: frozenset({"g", "m"}),
    Action.CANCEL: frozenset({"y", "n"}),
}


@dataclass(frozen=True)
class Callback:
    action: Action
    inspection_id: int = 0
    item: int = 0
    arg: str = ""

    def pack(self) -> str:
        data = f"{PREFIX}:{self.action.value}:{self.inspection_id}:{self.item}:{self.arg}"
        if len(data.encode()) > MAX_BYTES or not _ARG.fullmatch(self.arg):
            raise ValueError(f"callback data does not fit Telegram's 64 bytes: {data!r}")
        return data


def parse(data: str | None) -> Callback | None:
    """The button's meaning, or None for anything we did not produce."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 5 or parts[0] != PREFIX:
        return None
    _, code, inspection, item, arg = parts
    try:
        action = Action(code)
    except ValueError:
        return None
    if not (_NUMBER.fullmatch(inspection) and _NUMBER.fullmatch(item)) or not _ARG.fullmatch(arg):
        return None
    allowed = _ARGS.get(action, frozenset({""}))
    if allowed is not None and arg not in allowed:
        return None
    return Callback(action, int(inspection), int(item), arg)
