"""When reports are due: seed 003 wants annexes 1 and 2 by the 25th (the bot sends
them on the 23rd), annex 5 by the 10th (sent on the 8th, for the month before);
seed 000 wants the weekly report each Friday before 12:00 (sent at 10:00).

Pure: given the configured slots and the local time, which occurrence of each
report is the latest one due. A report due while the bot was down is still due
at start-up (its key is not in the outbox yet), but only within CATCH_UP: a
bot started after a month off does not send last month's reports unasked.
Nor does a database with nothing submitted before the due time owe one (the
bot checks that): a fresh install does not open with a report about nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from checklists.reports.period import previous_month

CATCH_UP = timedelta(days=7)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_NAMES = dict(zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")))
_SLOT = re.compile(r"\s*(\S+)\s+([0-9]{1,2}):([0-9]{2})\s*")


@dataclass(frozen=True)
class Slot:
    """A report's time: a day of the month (1–28) or a weekday (0 = Monday), and a time."""

    kinds: tuple[str, ...]
    day: int
    at: time
    weekly: bool = False
    previous_month: bool = False  # annex 5 on the 8th reports the month before


@dataclass(frozen=True)
class Due:
    kind: str
    month: str  # the report's month (YYYY-MM)
    key: str  # the outbox key: one send per occurrence
    at: datetime  # when it fell due


def parse_slot(text: str, weekly: bool) -> tuple[int, time] | None:
    """'23 09:00' (monthly) or 'fri 10:00' (weekly); None if malformed."""
    match = _SLOT.fullmatch(str(text))
    if match is None:
        return None
    day_text, hour, minute = match.group(1).lower(), int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        return None
    if weekly:
        names = [name for name in WEEKDAYS if day_text in (name, FULL_NAMES[name])]
        return (WEEKDAYS.index(names[0]), time(hour, minute)) if names else None
    if not day_text.isdigit() or not 1 <= int(day_text) <= 28:
        return None
    return int(day_text), time(hour, minute)


def latest(slot: Slot, now: datetime) -> datetime:
    """The latest occurrence of `slot` at or before `now` (local, aware)."""
    today = now.date()
    if slot.weekly:
        day = today - timedelta(days=(today.weekday() - slot.day) % 7)
    else:
        day = today.replace(day=slot.day)
    moment = datetime.combine(day, slot.at, now.tzinfo)
    if moment <= now:
        return moment
    if slot.weekly:
        return moment - timedelta(days=7)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=slot.day)
    return datetime.combine(last_month, slot.at, now.tzinfo)


def due(slots: tuple[Slot, ...], now: datetime) -> list[Due]:
    """Every report whose latest occurrence is at most CATCH_UP old."""
    found = []
    for slot in slots:
        moment = latest(slot, now)
        if now - moment > CATCH_UP:
            continue
        month = f"{moment.year:04d}-{moment.month:02d}"
        if slot.previous_month:
            month = previous_month(month)
        for kind in slot.kinds:
            if slot.weekly:
                year, week, _ = moment.date().isocalendar()
                key = f"due:{kind}:{year}-W{week:02d}"
            else:
                key = f"due:{kind}:{month}"
            found.append(Due(kind, month, key, moment))
    return found


def week_day(day: date) -> str:
    return WEEKDAYS[day.weekday()]
