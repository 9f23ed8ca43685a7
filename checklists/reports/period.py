"""Report periods on the bureau's clock: months and weeks in CHECKLIST_BOT_TIMEZONE.

Storage keeps UTC; a month is what the bureau's wall clock says, so an
inspection submitted at 23:30 on 31 May in Shanghai (15:30 UTC) is a May one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def parse_month(text: str) -> str | None:
    """'2025-06' (or '2025-6') as '2025-06'; None for anything else."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def first_day(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def next_month(month: str) -> str:
    day = first_day(month)
    return f"{day.year + day.month // 12:04d}-{day.month % 12 + 1:02d}"


def previous_month(month: str) -> str:
    day = first_day(month) - timedelta(days=1)
    return f"{day.year:04d}-{day.month:02d}"


def months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` inclusive; just `last` if it comes first."""
    if last < first:
        return [last]
    found, month = [], first
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tz).astimezone(timezone.utc)


def month_bounds(month: str, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of a local month, as aware UTC moments."""
    return local_midnight(first_day(month), tz), local_midnight(first_day(next_month(month)), tz)


def month_of(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


def week_of(day: date) -> tuple[date, date]:
    """(Monday, Sunday) of the week `day` falls in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_label(month: str) -> str:
    """How a row is labelled: 2025年6月 (the annex prints 6月; the year keeps a
    campaign that crosses New Year unambiguous)."""
    day = first_day(month)
    return f"{day.year}年{day.month}月"


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
