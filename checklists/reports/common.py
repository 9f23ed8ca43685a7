"""What every report shares: the request, the result, and small counting rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from checklists.reports.facts import Facts, HazardFact, InputValue
from checklists.reports.period import month_bounds, month_label, months
from checklists.reports.sheet import Table


@dataclass(frozen=True)
class Request:
    """One report asked for (or due): which, for when, and the settings it prints."""

    kind: str
    month: str  # YYYY-MM: the report's month (annexes 1, 2, 5: rows up to it)
    now: datetime  # aware; when it is produced
    tz: tzinfo
    unit: str = ""  # 填报单位 / 检查单位 (CHECKLIST_BOT_REPORT_UNIT)
    first_month: str = "2025-05"  # the campaign's first month (CHECKLIST_BOT_REPORT_FIRST_MONTH)
    enterprise: str | None = None  # annex 3

    @property
    def cut_off(self) -> datetime:
        """The moment the report describes: the end of its month, or now if sooner.
        A June report asked for in August shows June as it stood on 30 June."""
        return min(self.now, month_bounds(self.month, self.tz)[1])

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def months(self) -> list[str]:
        return months(self.first_month, self.month)

    @property
    def month_windows(self) -> tuple[tuple[str, datetime, datetime], ...]:
        """(month, start, end) of each row month, the last one ending at the cut-off."""
        cut = self.cut_off
        return tuple((m, start, min(end, cut)) for m in self.months for start, end in [month_bounds(m, self.tz)])

    @property
    def window(self) -> tuple[datetime, datetime]:
        """[from the first month's start, cut-off): what rows of annexes 1, 2 and 5 cover."""
        return month_bounds(self.months[0], self.tz)[0], self.cut_off


@dataclass(frozen=True)
class Needs:
    """What storage reads for one request. Window: [start, end) of inspections and hazards."""

    start: datetime | None = None
    end: datetime | None = None
    inspections: bool = False  # submitted in the window
    hazards: str | None = None  # "all" or "major", found in the window
    open_levels: bool = False  # each enterprise's open hazard levels, now
    ledgers: bool = False  # latest confined-space ledger per enterprise
    inputs: str | None = None  # the annex whose supervisor-entered numbers to read
    enterprise: str | None = None  # annex 3: only this enterprise (by name)
    open_majors: bool = False  # every open 重大隐患 (the weekly report's list of who may not resume)
    months: tuple[tuple[str, datetime, datetime], ...] = ()  # (month, start, end): hazards found/closed per month
    exact_closing: bool = True  # 销号 times; False: "closed by the window's end" is enough (a report of now)
    tally: str | None = None  # "all" or "confined": count `months` in SQL (MonthTally)


@dataclass(frozen=True)
class Report:
    kind: str
    period: str  # e.g. 2025-06, 2025-W24, or the enterprise for annex 3
    file_name: str
    table: Table
    summary: str  # the message text that goes with the file
    chart: bytes | None = None  # PNG


def closed_by(hazard: HazardFact, moment: datetime) -> bool:
    return hazard.closed_at is not None and hazard.closed_at <= moment


def number(value: float | None) -> int | float | None:
    """Whole numbers print without a decimal point."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 4)


def entered(inputs: Mapping[tuple[str, str], InputValue], month: str, key: str) -> int | float | None:
    value = inputs.get((month, key))
    return None if value is None else number(value.value)


def total(values: Iterable[int | float | None]) -> int | float | None:
    """累计 of an entered column: the sum of months entered; blank if none was."""
    present = [v for v in values if v is not None]
    return number(sum(present)) if present else None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str
    computed: bool = False


def month_rows(req: Request, facts: Facts, columns: Sequence[Column],
               counts: Mapping[str, Mapping[str, int]]) -> tuple[tuple[object, ...], ...]:
    """One row a month and 累计, for annexes 1 and 5: computed columns from the
    counts, the others as supervisors entered them (blank where nobody did)."""
    body = []
    for month in [*req.months, "累计"]:
        cells: list[object] = [month_label(month) if month != "累计" else "累计"]
        for column in columns:
            if column.computed:
                cells.append(counts[month][column.key])
            elif month == "累计":
                cells.append(total(entered(facts.inputs, m, column.key) for m in req.months))
            else:
                cells.append(entered(facts.inputs, month, column.key))
        body.append(tuple(cells))
    return tuple(body)


def file_stamp(req: Request) -> str:
    return req.now.astimezone(req.tz).strftime("%Y%m%d")


@dataclass(frozen=True)
class QueuedReport:
    """A report owed to a chat (the report outbox's row), as produced."""

    id: int
    key: str
    chat_id: int
    kind: str
    period: str
    summary: str
    file_name: str
    xlsx: bytes
    chart: bytes | None
    attempts: int
    chart_message_id: int | None
