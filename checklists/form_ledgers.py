"""Each `records` item of a form as its own table: a sheet of the .xlsx and
pages of the PDF, with a 序号 column and the ledger's field labels as columns.

The table is built once from stored answers (`ledger_tables`) and drawn by
both renderers, so they print the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import FontFace

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from checklists.form_style import BOLD, CENTER, HEADER_FILL, LEFT, TITLE, frame, print_setup, put_text, row_points
from checklists.inspection import FilledInspection
from checklists.model import Result
from checklists.questions import registry
from checklists.questions.records import fields_of, ledger

SEQ_WIDTH = 6.0
COLUMN_WIDTH = 16.0


@dataclass(frozen=True)
class LedgerTable:
    number: int  # the item's 序号 on the form
    title: str
    headers: tuple[str, ...]  # 序号, then the field labels
    rows: tuple[tuple[str, ...], ...]


def ledger_tables(filled: FilledInspection) -> list[LedgerTable]:
    """The ledgers answered in this inspection (不涉及 ones are not printed)."""
    enterprise = filled.inspection.enterprise.name if filled.inspection.enterprise else ""
    tables = []
    for item in filled.inspection.checklist.items:
        answer = filled.answers.get(item.id)
        if item.type != "records" or answer is None or answer.result is not Result.ANSWERED:
            continue
        fields = fields_of(item)
        rows = tuple(
            (str(n), *(registry.of(f).show(f, row.get(f.id)) for f in fields))
            for n, row in enumerate(ledger(answer.value)["rows"], start=1)
        )
        title = f"{enterprise}{item.content}" if enterprise else item.content
        tables.append(LedgerTable(item.number, title, ("序号", *(f.label for f in fields)), rows))
    return tables


def add_ledger_sheets(book: Workbook, filled: FilledInspection) -> int:
    """One print-ready sheet per ledger, after the main table; returns how many."""
    tables = ledger_tables(filled)
    for table in tables:
        ws = book.create_sheet(_sheet_name(table))
        widths = [SEQ_WIDTH] + [COLUMN_WIDTH] * (len(table.headers) - 1)
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
        last = get_column_letter(len(widths))
        ws.merge_cells(f"A1:{last}1")
        put_text(ws, 1, 1, table.title, TITLE, CENTER)
        ws.row_dimensions[1].height = 30
        for column, header in enumerate(table.headers, start=1):
            put_text(ws, 2, column, header, BOLD, CENTER)
            ws.cell(2, column).fill = HEADER_FILL
        for offset, row in enumerate(table.rows):
            for column, text in enumerate(row, start=1):
                put_text(ws, 3 + offset, column, text, alignment=CENTER if column == 1 else LEFT)
            ws.row_dimensions[3 + offset].height = row_points(list(zip(row, widths)))
        end = 2 + len(table.rows)
        frame(ws, 2, end, len(widths))
        print_setup(ws, ws.ORIENTATION_LANDSCAPE, 2)
        ws.print_area = f"A1:{last}{end}"
    return len(tables)


def _sheet_name(table: LedgerTable) -> str:
    return f"台账（序号{table.number}）"  # no character Excel forbids in a sheet name


def draw_ledger_pages(pdf: FPDF, filled: FilledInspection, family: str, text: Callable[[str], str]) -> int:
    """The same tables in the PDF, each on a new landscape page, header repeated."""
    tables = ledger_tables(filled)
    for table in tables:
        pdf.add_page(orientation="L")
        pdf.set_font(family, size=14)
        pdf.cell(0, 10, text(table.title), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=9)
        pdf.set_fill_color(255, 255, 255)  # the table before may leave a highlight colour set
        pdf.set_text_color(0, 0, 0)
        widths = (SEQ_WIDTH,) + (COLUMN_WIDTH,) * (len(table.headers) - 1)
        style = FontFace(emphasis="", fill_color=(217, 217, 217))  # the embedded CJK font has no bold
        with pdf.table(col_widths=widths, text_align="LEFT", repeat_headings=1, line_height=6,
                       headings_style=style, cell_fill_mode="NONE") as grid:
            for row in (table.headers, *table.rows):
                cells = grid.row()
                for value in row:
                    cells.cell(text(value))
    return len(tables)
