"""What the reports are computed from: plain facts storage reads (storage/report_queries.py).

Reports never see rows or SQL; they get these frozen objects, so every
report is a pure function that a test can feed a hand-made history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from checklists.hazard_flow import State
from checklists.model import Hazard

CONFINED_CHECKLIST = "jc-2025-confined-space"  # the campaign's 有限空间 checklist (seed 003 point 3)
CONFINED_LEDGER = "confined-ledger"  # its records item: annex 3's ledger


@dataclass(frozen=True)
class EnterpriseFact:
    id: int
    name: str
    town: str | None = None
    industry: str | None = None  # 行业领域 (checklists.enterprise.Industry values)
    category: str | None = None  # 类别
    scale: str | None = None


@dataclass(frozen=True)
class InspectionFact:
    id: int
    enterprise_id: int
    checklist_id: str
    submitted_at: datetime


@dataclass(frozen=True)
class HazardFact:
    id: int
    number: str
    inspection_id: int
    enterprise_id: int
    level: Hazard
    description: str
    found_at: datetime
    deadline: date  # the current one (after any granted extension)
    state: State
    closed_at: datetime | None = None  # 销号 (复查通过 or 即查即改)
    first_deadline: date | None = None  # before the first granted extension; None: never extended


@dataclass(frozen=True)
class LedgerField:
    id: str
    label: str
    show: Any  # value -> text, from the question type of the snapshot's field


@dataclass(frozen=True)
class LedgerFact:
    """The confined-space ledger of an enterprise's latest 有限空间 inspection."""

    enterprise_id: int
    inspection_id: int
    submitted_at: datetime
    not_applicable: bool  # answered 不涉及: the enterprise has no confined space
    fields: tuple[LedgerField, ...] = ()
    rows: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class InputValue:
    """A number a supervisor entered (annexes 1 and 5): who and when, for the record."""

    value: float
    entered_by: int
    entered_at: datetime


@dataclass(frozen=True)
class MonthTally:
    """One month counted in SQL (annexes 1 and 5): a county's year is 100,000 hazards,
    too many to read row by row for a table of a dozen numbers."""

    enterprises: int = 0  # distinct enterprises with an inspection submitted
    found: Mapping[Hazard, int] = field(default_factory=dict)
    closed: Mapping[Hazard, int] = field(default_factory=dict)  # of those found, closed by the window's end


@dataclass(frozen=True)
class Facts:
    """Everything one report needs; a report reads only the parts its kind asked for."""

    enterprises: Mapping[int, EnterpriseFact] = field(default_factory=dict)
    inspections: tuple[InspectionFact, ...] = ()
    hazards: tuple[HazardFact, ...] = ()
    open_levels: Mapping[int, frozenset[Hazard]] = field(default_factory=dict)  # enterprise -> open levels now
    ledgers: tuple[LedgerFact, ...] = ()
    inputs: Mapping[tuple[str, str], InputValue] = field(default_factory=dict)  # (month, column) -> value
    open_majors: tuple[HazardFact, ...] = ()  # 重大隐患 not closed, found before the report's moment
    month_counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # month -> (found, closed now)
    tallies: Mapping[str, MonthTally] = field(default_factory=dict)  # month -> counts; '累计' over all of them
