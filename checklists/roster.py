"""The enterprise roster as an .xlsx file: reading a supervisor's upload, and
writing the roster back in the same layout.

A roster import is all-or-nothing, so reading it reports every bad row at
once (row number and column, as Excel shows them) instead of stopping at the
first: the supervisor fixes the sheet in one go. Whole-file faults (not an
xlsx, formulas, merged header, no header) are refused outright. Pure: no
Telegram, no database; the caller runs `read_roster` off the event loop.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from checklists.enterprise import (
    Category, Industry, Scale, clean_credit_code, clean_name, credit_code_problem,
)
from checklists.form_style import clean_text

NAME, CODE, TOWN, INDUSTRY, SCALE, CATEGORY = "企业名称", "统一社会信用代码", "所属乡镇", "行业领域", "规模", "类别"
COLUMNS: Final = (NAME, CODE, TOWN, INDUSTRY, SCALE, CATEGORY)
MAX_BYTES: Final = 20 * 1024 * 1024  # what a bot may download from Telegram
MAX_ROWS: Final = 50_000  # far above any county's roster; stops a zip bomb early
HEADER_SEARCH_ROWS: Final = 10  # a title row or two may sit above the header
MAX_NAME: Final = 100  # longer is a pasted paragraph, and would not fit a Telegram card


class RosterRejected(Exception):
    """The file as a whole cannot be read as a roster; `reason` is a key of
    bot.texts.ROSTER_REJECTED, `detail` fills its {detail}."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class RosterRow:
    """One enterprise as the sheet gives it, cleaned and validated."""

    row: int  # the Excel row number, for messages
    name: str
    credit_code: str | None = None
    town: str | None = None
    industry: Industry | None = None
    scale: Scale | None = None
    category: Category | None = None


@dataclass(frozen=True)
class RosterProblem:
    """A bad cell: its Excel row, column header and what is wrong, in Chinese."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...]
    problems: tuple[RosterProblem, ...]


# -- reading ----------------------------------------------------------------------


def read_roster(data: bytes) -> Roster:
    """Parse an uploaded roster. Raises RosterRejected for a file-level fault."""
    if len(data) > MAX_BYTES:
        raise RosterRejected("too-large")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RosterRejected("not-xlsx")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RosterRejected("not-xlsx", type(exc).__name__) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong used range
        cells = _cells(sheet)
        header_row, header = _header(cells)
        _refuse_merged(sheet, header_row)
        columns = _columns(header)
        return _rows(cells, header_row, columns)
    finally:
        book.close()


def _cells(sheet: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of non-empty rows; formulas refuse the whole file,
    since the value shown in Excel is not stored in the file we read."""
    found: list[tuple[int, tuple[Any, ...]]] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_ROWS:
            raise RosterRejected("too-many-rows", str(MAX_ROWS))
        if any(getattr(cell, "data_type", None) == "f" for cell in row):
            cell = next(c for c in row if getattr(c, "data_type", None) == "f")
            raise RosterRejected("formula", f"{cell.coordinate}")
        if any(_text(getattr(cell, "value", None)) for cell in row):
            found.append((number, tuple(getattr(cell, "value", None) for cell in row)))
    if not found:
        raise RosterRejected("empty")
    return found


def _header(cells: list[tuple[int, tuple[Any, ...]]]) -> tuple[int, tuple[Any, ...]]:
    """The first row naming any of the COLUMNS is the header (titles may sit above)."""
    for number, values in cells[:HEADER_SEARCH_ROWS]:
        if any(_label(v) in COLUMNS for v in values):
            return number, values
    raise RosterRejected("missing-columns", "、".join(COLUMNS))


def _columns(values: tuple[Any, ...]) -> dict[str, int]:
    """Column index of each of the COLUMNS: all present, each once, any order."""
    labels = [_label(v) for v in values]
    missing = [c for c in COLUMNS if c not in labels]
    if missing:
        raise RosterRejected("missing-columns", "、".join(missing))
    doubled = [c for c in COLUMNS if labels.count(c) > 1]
    if doubled:
        raise RosterRejected("doubled-columns", "、".join(doubled))
    return {c: labels.index(c) for c in COLUMNS}


def _label(value: Any) -> str:
    """Header text without blanks or a trailing mark such as '*' or '（必填）'."""
    text = "".join(_text(value).split())
    return re.sub(r"(\*|（必填）|\(必填\))$", "", text).lstrip("*")


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def _refuse_merged(sheet: Any, header_row: int) -> None:
    """Merged cells at or below the header hide values in all but one cell.

    Read-only mode does not expose merges, so the sheet's XML is scanned for
    them (they follow the cell data); a title merged above the header is fine.
    """
    with sheet._get_source() as source:  # noqa: SLF001 - no public read-only API for merges
        tail = b""
        while chunk := source.read(1 << 20):
            window = tail + chunk
            for match in _MERGE.finditer(window):
                ref = match.group(1).decode("ascii")
                _, _, _, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
                if max_row is not None and max_row >= header_row:
                    raise RosterRejected("merged", ref)
            tail = window[-200:]


def _rows(cells: list[tuple[int, tuple[Any, ...]]], header_row: int, columns: dict[str, int]) -> Roster:
    rows: list[RosterRow] = []
    problems: list[RosterProblem] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for number, values in cells:
        if number <= header_row:
            continue
        fields = {c: values[i] if i < len(values) else None for c, i in columns.items()}
        row, found = _row(number, fields)
        problems += found
        if row is None:
            continue
        problems += _duplicate(number, NAME, row.name, names)
        if row.credit_code:
            problems += _duplicate(number, CODE, row.credit_code, codes)
        rows.append(row)
    return Roster(rows=tuple(rows), problems=tuple(problems))


def _duplicate(number: int, column: str, key: str, seen: dict[str, int]) -> list[RosterProblem]:
    first = seen.setdefault(key, number)
    if first == number:
        return []
    return [RosterProblem(number, column, f"与第{first}行重复：{key}")]


def _row(number: int, fields: dict[str, Any]) -> tuple[RosterRow | None, list[RosterProblem]]:
    """Validate one data row; a row without a name is reported, not guessed at."""
    problems: list[RosterProblem] = []
    name = clean_name(_text(fields[NAME]))
    if not name:
        problems.append(RosterProblem(number, NAME, "企业名称为空"))
    elif len(name) > MAX_NAME:
        problems.append(RosterProblem(number, NAME, f"企业名称过长（{len(name)}字，最多{MAX_NAME}字）"))
    town = clean_name(_text(fields[TOWN])) or None
    if town and len(town) > MAX_NAME:
        problems.append(RosterProblem(number, TOWN, f"所属乡镇过长（{len(town)}字，最多{MAX_NAME}字）"))
    code = _credit_code(number, fields[CODE], problems)
    industry = _choice(number, INDUSTRY, fields[INDUSTRY], Industry, problems)
    scale = _choice(number, SCALE, fields[SCALE], Scale, problems)
    category = _choice(number, CATEGORY, fields[CATEGORY], Category, problems) or Category.GENERAL
    if not name:
        return None, problems
    row = RosterRow(number, name, code, town, industry, scale, category)
    return row, problems


def _credit_code(number: int, value: Any, problems: list[RosterProblem]) -> str | None:
    code = clean_credit_code(_text(value))
    if not code:
        return None
    problem = credit_code_problem(code)
    if problem is not None:
        if isinstance(value, (int, float)):
            problem += "（该单元格是数字，请把这一列设为文本格式后重新填写）"
        problems.append(RosterProblem(number, CODE, f"{code}：{problem}"))
        return None
    return code


def _choice(number: int, column: str, value: Any, enum: type[Any], problems: list[RosterProblem]) -> Any:
    """A blank cell is 'unknown' (None); anything else must be one of the enum's values."""
    text = "".join(_text(value).split())
    if not text:
        return None
    try:
        return enum(text)
    except ValueError:
        allowed = "、".join(member.value for member in enum)
        problems.append(RosterProblem(number, column, f"“{text}”不在可选值中（{allowed}）"))
        return None


def _text(value: Any) -> str:
    """A cell as text: integers without '.0', everything else as str."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- writing ----------------------------------------------------------------------


def write_roster(rows: Iterable[Sequence[str | None]]) -> bytes:
    """The roster in the import layout: each row is the six COLUMNS' texts.

    Every value is written as literal text, so a name like '=1+1' or a
    credit code of digits only comes back exactly as it went in.
    """
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "企业名录"
    for column, label in enumerate(COLUMNS, start=1):
        _put(sheet, 1, column, label)
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column == 1 else 20
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _put(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(sheet: Any, row: int, column: int, value: str | None) -> None:
    if not value:
        return
    cell = sheet.cell(row=row, column=column)
    cell.value = clean_text(value)
    cell.data_type = "s"  # after assignment: a leading '=' stays text, never a formula


def enterprise_columns(name: str, code: str | None, town: str | None, industry: Industry | None,
                       scale: Scale | None, category: Category | None) -> tuple[str | None, ...]:
    """One roster line in COLUMNS order."""
    return (name, code, town, _value(industry), _value(scale), _value(category))


def _value(member: Any) -> str | None:
    return None if member is None else str(member.value)


def iter_problems_text(problems: Sequence[RosterProblem]) -> Iterator[str]:
    """'第5行 行业领域：…' lines, in row order."""
    for problem in sorted(problems, key=lambda p: (p.row, COLUMNS.index(p.column))):
        yield f"第{problem.row}行 {problem.column}：{problem.message}"

