"""Domain objects of the hazard register (隐患台账): what storage returns about hazards.

They live in checklists/ beside the inspection objects so that reports and
the bot read them without knowing how they are stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from checklists.hazard_flow import Role, State, View
from checklists.model import Hazard

_NUMBER = re.compile(r"Y(\d{4})-(\d{4,6})")


def format_number(year: int, seq: int) -> str:
    """The number the bureau quotes, e.g. Y2025-0042: per-year sequence, never reused."""
    return f"Y{year:04d}-{seq:04d}"


def parse_number(text: str) -> tuple[int, int] | None:
    """(year, seq) of a typed number, None for anything else (no partial matches)."""
    match = _NUMBER.fullmatch(text.strip().upper())
    return None if match is None else (int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class HazardRecord:
    """One hazard as it is now; its history is in `HazardLogEntry` rows."""

    id: int
    number: str
    inspection_id: int
    item_id: str
    item_number: int
    item_content: str
    enterprise_id: int
    enterprise_name: str
    level: Hazard
    description: str
    advice: str | None
    found_by: int
    finder_name: str
    found_at: datetime
    deadline: date
    state: State
    version: int
    responsible: str | None = None
    ext_reason: str | None = None
    ext_deadline: date | None = None

    def view(self) -> View:
        return View(
            state=self.state, level=self.level, finder_id=self.found_by,
            enterprise_id=self.enterprise_id, deadline=self.deadline,
            extension_pending=self.ext_deadline is not None,
        )

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.deadline).days) if self.state is not State.CLOSED else 0


@dataclass(frozen=True)
class HazardLogEntry:
    """One audit row: who, when, what, old -> new."""

    at: datetime
    actor_id: int
    actor_name: str
    actor_role: Role | None
    kind: str
    field: str | None
    old: str | None
    new: str | None
    note: str | None


@dataclass(frozen=True)
class HazardPhoto:
    id: int
    hazard_id: int | None
    sha256: str
    stage: str  # "before" (from the inspection) or "after" (rectification evidence)


@dataclass(frozen=True)
class Draft:
    """A report, an on-the-spot closure, an extension request or a rejection being composed."""

    user_id: int
    hazard_id: int
    kind: str
    version: int
    text: str | None
    photos: int


DRAFT_KINDS: Final[frozenset[str]] = frozenset({"report", "spot", "extension"})


@dataclass(frozen=True)
class Contact:
    """An enterprise's safety officer who joined with an invite: one enterprise only."""

    user_id: int
    enterprise_id: int
    enterprise_name: str


@dataclass(frozen=True)
class OverdueLine:
    """One line of the overdue digest."""

    number: str
    enterprise_name: str
    level: Hazard
    days_overdue: int
    description: str


@dataclass(frozen=True)
class MonthCounts:
    """What supervisors report monthly (seed 003 annex 1): found and rectified (销号) by level."""

    month: str  # YYYY-MM
    found: dict[Hazard, int]
    closed: dict[Hazard, int]
    open_now: int
