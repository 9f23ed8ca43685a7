"""Pure rules for a hazard's 整改时限 (rectification deadline).

The inspection conversation asks the deadline right after the level; these
rules give it the quick choices, the default and the validation, so the
conversation and the hazard register agree on one definition.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from checklists.model import Hazard

# (code, label, days after the inspection). Codes are short ASCII so they fit
# in callback data; "0" means rectify on the spot / today (立即整改).
DEADLINE_CHOICES: Final[tuple[tuple[str, str, int], ...]] = (
    ("0", "立即整改", 0),
    ("7", "7天", 7),
    ("15", "15天", 15),
    ("30", "30天", 30),
)

# 一般隐患 are by definition (16号令 第三条) "整改难度较小，发现后能够立即整改排除",
# so two weeks is generous yet keeps pressure; a 重大隐患 needs a 治理方案,
# funds and often partial shutdown, so a month is the shortest sensible default
# (local rules such as Qingdao "3+X" cap any deadline at one year).
DEFAULT_DAYS: Final[dict[Hazard, int]] = {Hazard.GENERAL: 15, Hazard.MAJOR: 30}

MAX_AHEAD_DAYS: Final[int] = 366  # "整改期限 ≤ 1 year" with room for a leap day

# Reason codes returned by check_deadline; bot/texts.py maps them to Chinese.
PAST: Final[str] = "past"
TOO_FAR: Final[str] = "too_far"


def choice_days(code: str) -> int | None:
    """Days for a quick-choice code, None for an unknown (e.g. forged) code."""
    for choice_code, _label, days in DEADLINE_CHOICES:
        if choice_code == code:
            return days
    return None


def deadline_from_choice(code: str, found_on: date) -> date | None:
    """The date a quick choice stands for, counted from the inspection day."""
    days = choice_days(code)
    return None if days is None else found_on + timedelta(days=days)


def default_deadline(level: Hazard, found_on: date) -> date:
    """The deadline used when the inspector did not choose one."""
    return found_on + timedelta(days=DEFAULT_DAYS[Hazard(level)])


def check_deadline(day: date, today: date) -> str | None:
    """None if `day` is an acceptable deadline on `today`, else a reason code.

    Today itself is acceptable (立即整改); the past is not, and neither is a
    date more than a year ahead, which no rule allows.
    """
    if day < today:
        return PAST
    if day > today + timedelta(days=MAX_AHEAD_DAYS):
        return TOO_FAR
    return None
