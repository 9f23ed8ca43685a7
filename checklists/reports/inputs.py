"""Reading back the numbers a supervisor typed into annex 1 or 5 (the .xlsx the bot
sent, filled in and returned with the caption /report-input).

The sheet must still be the bot's layout: the title names the annex, the
header row(s) hold the annex's column labels in place, and each data row
starts with its month (2025年6月). Only the columns the bot cannot compute
are read; the computed ones and 累计 are ignored (the bot recomputes them).
A blank cell leaves the stored value alone. Anything else that is not a
non-negative number (a whole one for counts) is a problem naming its cell,
and then nothing is stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from checklists.reports import annex1, annex5
from checklists.reports.common import Column
from checklists.reports.sheet import FIRST_HEADER_ROW

MAX_BYTES = 5 * 1024 * 1024
_MONTH_LABEL = re.compile(r"\s*([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*")
# annex -> (title, columns, header rows): the layouts checklists/reports/annex1.py and annex5.py write.
LAYOUTS: dict[str, tuple[str, tuple[Column, ...], int]] = {
    "1": (annex1.TITLE, annex1.COLUMNS, 2),
    "5": (annex5.TITLE, annex5.COLUMNS, 3),
}
DECIMAL_KEYS = frozenset({"penalty_amount"})  # 处罚金额（万元）


class InputRejected(Exception):
    """The file is not a filled-in annex 1 or 5: `reason` keys a Chinese text."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


@dataclass
class Entered:
    annex: str
    values: dict[tuple[str, str], float] = field(default_factory=dict)  # (month, key) -> value
    problems: list[str] = field(default_factory=list)  # "C6（2025年6月 自查企业（家））：…"


def read_inputs(data: bytes) -> Entered:
    if len(data) > MAX_BYTES:
        raise InputRejected("too-large")
    try:
        ws = load_workbook(io.BytesIO(data), data_only=False).worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputRejected("not-xlsx") from None
    title = str(ws.cell(row=1, column=1).value or "").strip()
    annex = next((key for key, (name, _, _) in LAYOUTS.items() if title == name), None)
    if annex is None:
        raise InputRejected("not-annex", title[:40])
    _, columns, header_rows = LAYOUTS[annex]
    _check_header(ws, columns, FIRST_HEADER_ROW + header_rows - 1)
    entered = Entered(annex)
    for row in range(FIRST_HEADER_ROW + header_rows, ws.max_row + 1):
        match = _MONTH_LABEL.fullmatch(str(ws.cell(row=row, column=1).value or ""))
        if match is None or not 1 <= int(match.group(2)) <= 12:
            continue
        month = f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
        for index, column in enumerate(columns, start=2):
            if not column.computed:
                _read_cell(ws, row, index, month, column, entered)
    return entered


def _check_header(ws: object, columns: tuple[Column, ...], label_row: int) -> None:
    """Every entered column's label still where the bot put it (a shifted sheet would misfile numbers)."""
    for index, column in enumerate(columns, start=2):
        found = ws.cell(row=label_row, column=index).value  # type: ignore[attr-defined]
        if found is None:  # merged down from the row above (annex 5's two-row labels)
            found = ws.cell(row=label_row - 1, column=index).value  # type: ignore[attr-defined]
        if str(found or "").strip() != column.label:
            raise InputRejected("moved-columns", f"{get_column_letter(index)}{label_row}")


def _read_cell(ws: object, row: int, index: int, month: str, column: Column, entered: Entered) -> None:
    value = ws.cell(row=row, column=index).value  # type: ignore[attr-defined]
    where = f"{get_column_letter(index)}{row}（{month[:4]}年{int(month[5:])}月 {column.label}）"
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    if isinstance(value, str) and value.startswith("="):
        entered.problems.append(f"{where}：是公式，请填数值")
        return
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else -1.0
    except ValueError:
        entered.problems.append(f"{where}：“{str(value)[:20]}”不是数字")
        return
    if number < 0 or number != number or number > 1e9:
        entered.problems.append(f"{where}：应为不小于0的数")
    elif column.key not in DECIMAL_KEYS and not number.is_integer():
        entered.problems.append(f"{where}：应为整数")
    else:
        entered.values[(month, column.key)] = number
