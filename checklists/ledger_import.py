"""An enterprise's own ledger (.xlsx) read into records of a `records` item.

The header row carries the field labels (in any order; other columns are
ignored); each following row becomes a record, every cell parsed by its
field's question type exactly as if typed. All or nothing: one bad cell and
no row is taken, and every problem names its row and column.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from checklists.questions import registry
from checklists.questions.base import plain
from checklists.questions.records import Field

MAX_ROWS = 2000
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class LedgerProblem:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        return f"{where}「{self.column}」：{self.message}" if self.column else f"{where}：{self.message}"


def _cell_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _rows(data: bytes) -> list[tuple[Any, ...]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValueError("不是有效的 .xlsx 文件") from exc
    sheet = book.worksheets[0]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(max_row=MAX_ROWS + 2)]
    book.close()
    return rows


def read_ledger(data: bytes, fields: tuple[Field, ...], today: date) -> tuple[list[dict[str, Any]], list[LedgerProblem]]:
    """(records, problems); records is empty whenever there is any problem."""
    try:
        rows = _rows(data)
    except ValueError as exc:
        return [], [LedgerProblem(None, "", str(exc))]
    if not rows:
        return [], [LedgerProblem(None, "", "工作表是空的")]
    header = [_cell_text(v) for v in rows[0]]
    missing = [f.label for f in fields if f.required and f.label not in header]
    if missing:
        return [], [LedgerProblem(1, label, "首行缺少此列名") for label in missing]
    columns = {f.id: header.index(f.label) for f in fields if f.label in header}
    records, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if all(_cell_text(v) == "" for v in row):
            continue
        record = _record(row, number, fields, columns, today, problems)
        if record is not None:
            records.append(record)
        if len(problems) >= MAX_PROBLEMS:
            break
    if not records and not problems:
        problems.append(LedgerProblem(None, "", "首行之后没有数据行"))
    return ([] if problems else records), problems


def _record(row: tuple[Any, ...], number: int, fields: tuple[Field, ...], columns: dict[str, int],
            today: date, problems: list[LedgerProblem]) -> dict[str, Any] | None:
    record: dict[str, Any] = {}
    before = len(problems)
    for field in fields:
        raw = row[columns[field.id]] if field.id in columns and columns[field.id] < len(row) else None
        text = _cell_text(raw)
        if isinstance(raw, str) and raw.startswith("="):
            text = raw  # a formula is not evaluated: it is refused below as not a value, or kept as text
        if not text:
            if field.required:
                problems.append(LedgerProblem(number, field.label, "不能为空"))
            continue
        parsed = registry.of(field).parse(field, text, today)
        if parsed.error:
            problems.append(LedgerProblem(number, field.label, plain(parsed.error)))
        else:
            record[field.id] = parsed.value
    return record if len(problems) == before else None
