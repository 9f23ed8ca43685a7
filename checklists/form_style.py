"""Cell writing and layout helpers shared by the form's sheets.

Two concerns live here. Safety: every text a user typed goes through
`put_text`, which stores it as a literal string (openpyxl would otherwise turn
"=HYPERLINK(...)" into a live formula) and strips what Excel cannot hold.
Layout: openpyxl does not autosize rows, so heights are estimated from the
text's display width, counting CJK characters as two columns.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"  # SimSun on Chinese Windows; LibreOffice falls back to a CJK font
BODY_SIZE = 11
LINE_POINTS = 16.0  # one wrapped line of BODY_SIZE text, roomy enough for Noto CJK too
ROW_PADDING = 6.0
MIN_ROW_POINTS = 20.0
MAX_ROW_POINTS = 409.0  # Excel's hard limit for a row height
MAX_CELL_CHARS = 32767  # Excel's limit for one cell

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY = Font(name=FONT_NAME, size=BODY_SIZE)
BOLD = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)
TITLE = Font(name=FONT_NAME, size=16, bold=True)
NOTE = Font(name=FONT_NAME, size=10, color="595959")
MAJOR = Font(name=FONT_NAME, size=BODY_SIZE, bold=True, color="C00000")
MAJOR_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
HEADER_FILL = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# The signature blank: only a line to sign on, and its label at the line's height.
SIGN_LINE = Border(bottom=THIN)
SIGN_LABEL = Alignment(horizontal="right", vertical="bottom")
# For text taller than the tallest row: show its beginning rather than its middle.
LEFT_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)


def clean_text(text: str) -> str:
    """Text Excel accepts: no control characters or lone surrogates, bounded length.

    openpyxl raises on control characters, which would make the whole form
    fail to render (and its delivery retry forever) over one stray byte.
    """
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_CHARS]


def put_text(ws: Worksheet, row: int, column: int, text: str | None, font: Font = BODY,
             alignment: Alignment = LEFT) -> None:
    """Write text that must stay text, whatever it starts with ("=", "+", "-", "@").

    Forcing data_type after assignment is what stops openpyxl from storing a
    leading "=" as a formula; nothing a user typed may ever become one.
    """
    cell = ws.cell(row=row, column=column)
    if text:
        cell.value = clean_text(text)
        cell.data_type = "s"
    cell.font = font
    cell.alignment = alignment


def char_width(char: str) -> float:
    """Display width in Excel column units: wide and ambiguous CJK glyphs take two."""
    if unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 2.1
    return 1.1


def text_lines(text: str, column_width: float) -> int:
    """How many wrapped lines `text` needs in a column `column_width` units wide."""
    # Cell padding, and slack for punctuation that may not start a line (the
    # renderer pulls the previous character down with it).
    usable = max(1.0, (column_width - 1.5) * 0.92)
    lines = 0
    for paragraph in text.split("\n"):
        width = sum(char_width(c) for c in paragraph)
        lines += max(1, math.ceil(width / usable))
    return lines


def row_points(texts: list[tuple[str, float]], line_points: float = LINE_POINTS) -> float:
    """Row height fitting the tallest of (text, column width) pairs, within Excel's limits."""
    lines = max((text_lines(text, width) for text, width in texts if text), default=1)
    height = lines * line_points + ROW_PADDING
    return min(MAX_ROW_POINTS, max(MIN_ROW_POINTS, height))


def overflows(text: str, column_width: float) -> bool:
    """Whether `text` needs more height than Excel allows a row (it will print clipped)."""
    return text_lines(text, column_width) * LINE_POINTS + ROW_PADDING > MAX_ROW_POINTS


def text_alignment(text: str, column_width: float) -> Alignment:
    return LEFT_TOP if overflows(text, column_width) else LEFT


def local_time(moment: datetime, tz: tzinfo) -> datetime:
    """`moment` on the bureau's clock; storage keeps UTC, a naive value is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(tz)


def chinese_date(moment: datetime, tz: ZoneInfo) -> str:
    """The form's 日期 wording for the day `moment` falls on in `tz`: 2025年2月14日."""
    return chinese_day(local_time(moment, tz).date())


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def frame(ws: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    """Thin borders on every cell of a block, merged ones included."""
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BORDER


def print_setup(ws: Worksheet, orientation: str, header_row: int) -> None:
    """A4, one page wide and as many long as needed, the header row on every page."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
