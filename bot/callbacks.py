"""Callback data of every inline button: typed, packed and parsed in one place.

Telegram allows 1-64 bytes. Each button carries the inspection it belongs to
and the item it was shown for, so a press on a button from another
inspection, another user or an older question is recognised as stale instead
of acting on the wrong data. The conversation's own actions are the flow's
event kinds (`checklists.flow_types.Kind`); the bot adds the few that happen
outside an inspection. Parsing never trusts the content: anything malformed
is `None`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checklists.flow_types import Event, Kind

PREFIX = "c2"
MAX_BYTES = 64
_ARG = re.compile(r"[a-z0-9-]{0,32}")
_NUMBER = re.compile(r"[0-9]{1,12}")
PICK = "pk"  # arg: checklist id
CANCEL = "cx"  # arg: y (confirm) / n (keep going)
_BOT_ACTIONS = {PICK: None, CANCEL: frozenset({"y", "n"})}
_FLOW_ARGS: dict[Kind, frozenset[str] | None] = {
    Kind.LEVEL: frozenset({"g", "m"}),
    Kind.TOC: frozenset({""}),
    Kind.SUBMIT: frozenset({""}),
    Kind.RESUME: frozenset({""}),
    Kind.PRINCIPAL: frozenset({""}),
    Kind.REC_ADD: frozenset({""}),
}
_NOT_TAPS = frozenset({Kind.TEXT, Kind.IMPORT})


@dataclass(frozen=True)
class Callback:
    action: str  # a Kind value, PICK or CANCEL
    inspection_id: int = 0
    item: int = 0  # item number, or enterprise id for Kind.ENTERPRISE
    arg: str = ""

    def pack(self) -> str:
        data = f"{PREFIX}:{self.action}:{self.inspection_id}:{self.item}:{self.arg}"
        if len(data.encode()) > MAX_BYTES or not _ARG.fullmatch(self.arg):
            raise ValueError(f"callback data does not fit Telegram's 64 bytes: {data!r}")
        return data

    @property
    def kind(self) -> Kind | None:
        """The flow event kind, None for the bot's own actions."""
        return None if self.action in _BOT_ACTIONS else Kind(self.action)

    def event(self) -> Event:
        kind = self.kind
        assert kind is not None
        if kind is Kind.ENTERPRISE:
            return Event(kind, enterprise_id=self.item)
        return Event(kind, item=self.item, arg=self.arg)


def tap(kind: Kind, inspection_id: int, item: int = 0, arg: str = "") -> Callback:
    return Callback(kind.value, inspection_id, item, arg)


def _allowed(action: str, arg: str) -> bool:
    if action in _BOT_ACTIONS:
        allowed = _BOT_ACTIONS[action]
        return allowed is None or arg in allowed
    try:
        kind = Kind(action)
    except ValueError:
        return False
    allowed = _FLOW_ARGS.get(kind)
    return kind not in _NOT_TAPS and (allowed is None or arg in allowed)


def parse(data: str | None) -> Callback | None:
    """The button's meaning, or None for anything we did not produce."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 5 or parts[0] != PREFIX:
        return None
    _, action, inspection, item, arg = parts
    if not (_NUMBER.fullmatch(inspection) and _NUMBER.fullmatch(item)) or not _ARG.fullmatch(arg):
        return None
    if not _allowed(action, arg):
        return None
    return Callback(action, int(inspection), int(item), arg)
