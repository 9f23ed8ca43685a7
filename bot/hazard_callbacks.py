"""Callback data of the hazard register's buttons: prefix `h1`, packed and parsed here.

`h1:<action>:<id>:<version>:<arg>`. `id` is a hazard id (an enterprise id
for the follow-up walk, a page number for lists); `version` is the hazard's
version when the button was drawn, so a press after the hazard changed is
recognised as stale. Parsing trusts nothing: anything malformed is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

PREFIX = "h1"
PATTERN = r"^h1:"
MAX_BYTES = 64
_NUMBER = re.compile(r"[0-9]{1,12}")
_ARG = re.compile(r"[a-z0-9]{0,8}")


class Act(str, Enum):
    VIEW = "v"
    PAGE = "p"  # id: page (0-based); arg: scope m / a / e
    REPORT = "r"
    SPOT = "s"
    EXTEND = "e"
    EXTEND_DAYS = "n"  # arg: days
    DRAFT_SUBMIT = "d"
    DRAFT_CANCEL = "x"
    ACCEPT = "a"
    REJECT_ASK = "j"
    REJECT = "k"  # arg: reason index
    REJECT_BACK = "b"
    GRANT = "g"
    REFUSE = "f"
    HISTORY = "h"
    INVITE = "i"
    WALK = "w"  # id: enterprise; version: index


_ARGS: dict[Act, frozenset[str] | None] = {
    Act.PAGE: frozenset({"m", "a", "e"}),
    Act.EXTEND_DAYS: frozenset({"7", "15", "30"}),
    Act.REJECT: frozenset({"0", "1", "2", "3"}),
}


@dataclass(frozen=True)
class HazardCallback:
    act: Act
    id: int = 0
    version: int = 0
    arg: str = ""

    def pack(self) -> str:
        data = f"{PREFIX}:{self.act.value}:{self.id}:{self.version}:{self.arg}"
        if len(data.encode()) > MAX_BYTES or not _ARG.fullmatch(self.arg):
            raise ValueError(f"callback data does not fit Telegram's 64 bytes: {data!r}")
        return data


def parse(data: str | None) -> HazardCallback | None:
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 5 or parts[0] != PREFIX:
        return None
    _, code, ident, version, arg = parts
    try:
        act = Act(code)
    except ValueError:
        return None
    if not (_NUMBER.fullmatch(ident) and _NUMBER.fullmatch(version) and _ARG.fullmatch(arg)):
        return None
    allowed = _ARGS.get(act, frozenset({""}))
    if allowed is not None and arg not in allowed:
        return None
    return HazardCallback(act, int(ident), int(version), arg)
