"""One model of a report table and its print-ready .xlsx.

Every annex is a title, a 填报单位/填报日期 line, one to three header rows
with merged group headers, the body, notes (备注) and a 填报人/联系电话 line.
The annex modules only say what goes where; this module owns the look: A4
landscape, one page wide, header rows repeated on every page, text cells
always literal text (put_text), numbers as numbers.
"""

from __future__ import annotations

import io
from copy import copy
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checklists.form_style import (
    BODY, BOLD, BORDER, CENTER, HEADER_FILL, LEFT, LINE_POINTS, MAX_ROW_POINTS, MIN_ROW_POINTS, ROW_PADDING, TITLE,
    clean_text, frame, print_setup, put_text, row_points, text_lines,
)

Value = str | int | float | None


@dataclass(frozen=True)
class Head:
    """A header cell at (row, column) of the header block, 0-based, spanning rows x columns."""

    text: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Table:
    title: str
    widths: tuple[float, ...]
    heads: tuple[Head, ...]
    body: tuple[tuple[Value, ...], ...]
    meta: tuple[str, str] | None = None  # ("填报单位：X", "填报日期：Y")
    notes: tuple[str, ...] = ()
    signature: tuple[str, str] | None = None  # ("填报人：", "联系电话：")
    body_merges: tuple[tuple[int, int, int, int], ...] = ()  # (row, column, rows, columns) in the body
    text_columns: frozenset[int] = field(default_factory=frozenset)  # left-aligned, wrapped
    landscape: bool = True
    sheet_name: str = "报表"

    @property
    def header_rows(self) -> int:
        return max(h.row + h.rows for h in self.heads)


TITLE_ROW = 1
META_ROW = 2
FIRST_HEADER_ROW = 3


def first_body_row(table: Table) -> int:
    return FIRST_HEADER_ROW + table.header_rows


def render(table: Table) -> bytes:
    """The .xlsx bytes of `table`."""
    book = Workbook()
    ws = book.active
    ws.title = table.sheet_name
    width = len(table.widths)
    for index, column_width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column_width
    _title(ws, table, width)
    _heads(ws, table)
    last = _body(ws, table)
    _footer(ws, table, last + 1, width)
    print_setup(ws, "landscape" if table.landscape else "portrait", first_body_row(table) - 1)
    ws.print_title_rows = f"{FIRST_HEADER_ROW}:{first_body_row(table) - 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(ws: Worksheet, table: Table, width: int) -> None:
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    put_text(ws, TITLE_ROW, 1, table.title, TITLE, CENTER)
    ws.row_dimensions[TITLE_ROW].height = 32
    if table.meta is None:
        return
    half = max(1, width // 2)
    ws.merge_cells(start_row=META_ROW, start_column=1, end_row=META_ROW, end_column=half)
    ws.merge_cells(start_row=META_ROW, start_column=half + 1, end_row=META_ROW, end_column=width)
    put_text(ws, META_ROW, 1, table.meta[0], BODY, LEFT)
    put_text(ws, META_ROW, half + 1, table.meta[1], BODY, LEFT)
    ws.row_dimensions[META_ROW].height = 22


def _heads(ws: Worksheet, table: Table) -> None:
    for head in table.heads:
        row, column = FIRST_HEADER_ROW + head.row, 1 + head.column
        if head.rows > 1 or head.columns > 1:
            ws.merge_cells(start_row=row, start_column=column,
                           end_row=row + head.rows - 1, end_column=column + head.columns - 1)
        put_text(ws, row, column, head.text, BOLD, CENTER)
    last = first_body_row(table) - 1
    for row in ws.iter_rows(min_row=FIRST_HEADER_ROW, max_row=last, max_col=len(table.widths)):
        for cell in row:
            cell.fill = HEADER_FILL
    for offset in range(table.header_rows):
        texts = [(h.text, table.widths[h.column] * h.columns) for h in table.heads if h.row == offset and h.rows == 1]
        ws.row_dimensions[FIRST_HEADER_ROW + offset].height = row_points(texts)
    frame(ws, FIRST_HEADER_ROW, last, len(table.widths))


def _body(ws: Worksheet, table: Table) -> int:
    """Writes the body; the last row used.

    Thousands of rows (annex 2 over a county's year) make openpyxl's per-cell
    style assignment the bottleneck, so each cell copies the style array of a
    prototype cell styled once (font, alignment and border together).
    """
    start = first_body_row(table)
    styles = _prototypes(ws, start)
    lines: dict[tuple[str, float], int] = {}  # unit names, dates and levels repeat on every row
    row = start
    for values in table.body:
        for index, value in enumerate(values):
            cell = ws.cell(row=row, column=index + 1)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
            elif value:
                cell.value = clean_text(str(value))
                cell.data_type = "s"  # literal text, never a formula
            cell._style = copy(styles[index in table.text_columns])
        ws.row_dimensions[row].height = _height(values, table.widths, lines)
        row += 1
    for body_row, column, rows, columns in table.body_merges:
        ws.merge_cells(start_row=start + body_row, start_column=column + 1,
                       end_row=start + body_row + rows - 1, end_column=column + columns)
    if not table.body:
        frame(ws, start, start, len(table.widths))
    return max(start, row - 1)


def _height(values: tuple[Value, ...], widths: tuple[float, ...], cache: dict[tuple[str, float], int]) -> float:
    """row_points of the row, with each (text, width) measured once per sheet."""
    most = 1
    for index, value in enumerate(values):
        if value is None or value == "":
            continue
        key = (str(value), widths[index])
        if key not in cache:
            cache[key] = text_lines(*key)
        most = max(most, cache[key])
    return min(MAX_ROW_POINTS, max(MIN_ROW_POINTS, most * LINE_POINTS + ROW_PADDING))


def _prototypes(ws: Worksheet, row: int) -> dict[bool, object]:
    """Style arrays of a bordered body cell: centred (False) and left-aligned text (True)."""
    found = {}
    for left, alignment in ((False, CENTER), (True, LEFT)):
        cell = ws.cell(row=row, column=1)
        cell.font, cell.alignment, cell.border = BODY, alignment, BORDER
        found[left] = copy(cell._style)
    return found


def _footer(ws: Worksheet, table: Table, row: int, width: int) -> None:
    for note in table.notes:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        put_text(ws, row, 1, note, BODY, LEFT)
        ws.row_dimensions[row].height = row_points([(note, sum(table.widths))])
        row += 1
    if table.signature is None:
        return
    half = max(1, width // 2)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=half)
    ws.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
    put_text(ws, row, 1, table.signature[0], BODY, LEFT)
    put_text(ws, row, half + 1, table.signature[1], BODY, LEFT)
    ws.row_dimensions[row].height = 24
