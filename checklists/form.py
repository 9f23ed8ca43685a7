"""The official form as an .xlsx: what the group chat receives and prints.

Sheet 1 reproduces the annex table of the checklist snapshot (title, 企业名称
and 日期, the six official columns, 项目名称 merged over its items, the two
signatures) so the printout can be filed as the official record; extras such as
the inspector, location and a summary sit outside the table. Sheet 2 holds the
photos. Rendering is synchronous and reads stored data only (the checklist
snapshot, not the current YAML), so the bot can run it in a worker thread and
render the same content again whenever a delivery is retried.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checklists.form_photos import PhotoStats, add_photo_sheet
from checklists.files import save_bytes
from checklists.form_ledgers import add_ledger_sheets
from checklists.form_rows import WIDTHS, FormModel, GroupSpan, build_model, row_texts
from checklists.form_style import (
    BODY,
    BOLD,
    CENTER,
    HEADER_FILL,
    MAJOR,
    MAJOR_FILL,
    NOTE,
    SIGN_LABEL,
    SIGN_LINE,
    TITLE,
    clean_text,
    frame,
    local_time,
    print_setup,
    put_text,
    row_points,
    text_alignment,
)
from checklists.inspection import FilledInspection, Photo

COLUMNS = len(WIDTHS)
HEADER_ROW = 4  # title, 企业名称/日期, 检查人/检查地点, header
CREATOR = "checklist-bot"
NAME_LIMIT = 50  # characters of the enterprise name kept in a file name
FORBIDDEN_IN_NAME = re.compile(r'[/\\:*?"<>|]+')


@dataclass(frozen=True)
class FormStats:
    bytes_written: int
    photos: int  # embedded as thumbnails
    thumbnails_scaled: bool
    thumbnail_side: int = 0
    photos_unreadable: int = 0
    photos_omitted: int = 0  # readable but left out to respect the size budget


def render_form(filled: FilledInspection, read_photo: Callable[[Photo], bytes],
                out: Path | BinaryIO, *, tz: ZoneInfo) -> FormStats:
    """Write the form to a path (atomically) or a binary stream."""
    book = Workbook()
    ws = book.active
    ws.title = _sheet_title(filled.inspection.checklist.short_title)
    model = build_model(filled, tz)
    _write_table_sheet(ws, model)
    add_ledger_sheets(book, filled)  # none for a checklist without ledgers: the seed form is unchanged
    photos = add_photo_sheet(book, model, read_photo) if model.photos else PhotoStats(0, 0, 0, 0)  # no blank page
    _set_properties(book, filled)
    written = _save(book, out)
    return FormStats(
        bytes_written=written,
        photos=photos.embedded,
        thumbnails_scaled=photos.scaled,
        thumbnail_side=photos.side,
        photos_unreadable=photos.unreadable,
        photos_omitted=photos.omitted,
    )


def form_file_name(filled: FilledInspection, tz: ZoneInfo, extension: str = "xlsx") -> str:
    """`<short title>-<enterprise>-<YYYY-MM-DD>.xlsx` (or .pdf), safe on every OS and in Telegram."""
    inspection = filled.inspection
    moment = inspection.submitted_at or inspection.started_at
    enterprise = _name_part(inspection.enterprise.name if inspection.enterprise else "", NAME_LIMIT)
    title = _name_part(inspection.checklist.short_title, NAME_LIMIT) or "检查表"
    day = local_time(moment, tz).strftime("%Y-%m-%d")
    return f"{title}-{enterprise or '未命名企业'}-{day}.{extension}"


def _name_part(text: str, limit: int) -> str:
    """Drop path separators, wildcards, control and format characters (e.g. RTL overrides)."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    kept = FORBIDDEN_IN_NAME.sub("_", kept)
    kept = " ".join(kept.split())
    return kept[:limit].strip(" ._")


def _sheet_title(short_title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    title = re.sub(r"[\[\]:*?/\\]", "", short_title).strip("' ")[:31]
    return title or "检查表"


def _write_table_sheet(ws: Worksheet, model: FormModel) -> None:
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    _write_heading(ws, model)
    last = _write_items(ws, model)
    frame(ws, HEADER_ROW, last, COLUMNS)
    end = _write_footer(ws, model, last + 1)
    print_setup(ws, ws.ORIENTATION_LANDSCAPE, HEADER_ROW)  # the official table is landscape
    ws.print_area = f"A1:F{end}"


def _merge_row(ws: Worksheet, row: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _write_heading(ws: Worksheet, model: FormModel) -> None:
    """Title and the official 企业名称 / 日期 line first, then the bot's extras."""
    put_text(ws, 1, 1, model.title, TITLE, CENTER)
    _merge_row(ws, 1, 1, COLUMNS)
    ws.row_dimensions[1].height = 36
    put_text(ws, 2, 1, model.enterprise_line, BOLD)
    _merge_row(ws, 2, 1, 4)
    put_text(ws, 2, 5, model.date_line, BOLD)
    _merge_row(ws, 2, 5, COLUMNS)
    ws.row_dimensions[2].height = row_points([(model.enterprise_line, sum(WIDTHS[:4]))])
    put_text(ws, 3, 1, model.inspector_line, NOTE)
    _merge_row(ws, 3, 1, 4)
    ws.row_dimensions[3].height = 20
    if model.location_line:
        place = f"{model.location_line}\n地图：{model.map_url}"
        # Printed in full, not as a cell hyperlink: LibreOffice draws a linked
        # cell on one line, cutting the URL; the PDF carries the clickable link.
        put_text(ws, 3, 5, place, NOTE)
        ws.row_dimensions[3].height = row_points([(place, sum(WIDTHS[4:]))], 14.0)
    _merge_row(ws, 3, 5, COLUMNS)
    for column, header in enumerate(model.headers, start=1):
        put_text(ws, HEADER_ROW, column, header, BOLD, CENTER)
        ws.cell(row=HEADER_ROW, column=column).fill = HEADER_FILL
    ws.row_dimensions[HEADER_ROW].height = 24


def _write_items(ws: Worksheet, model: FormModel) -> int:
    """One row per item, 项目名称 merged over each group; returns the last row."""
    for index, item in enumerate(model.rows):
        row = HEADER_ROW + 1 + index
        ws.cell(row=row, column=1, value=item.number).alignment = CENTER
        ws.cell(row=row, column=1).font = BOLD
        put_text(ws, row, 3, item.content, alignment=text_alignment(item.content, WIDTHS[2]))
        put_text(ws, row, 4, item.evidence, alignment=text_alignment(item.evidence, WIDTHS[3]))
        put_text(ws, row, 5, item.problem, MAJOR if item.major else BODY,
                 text_alignment(item.problem, WIDTHS[4]))
        if item.major:
            ws.cell(row=row, column=5).fill = MAJOR_FILL
        put_text(ws, row, 6, item.advice, alignment=text_alignment(item.advice, WIDTHS[5]))
        ws.row_dimensions[row].height = row_points(row_texts(item))
    for group in model.groups:
        _write_group(ws, group, HEADER_ROW + 1 + group.first, HEADER_ROW + 1 + group.last)
    return HEADER_ROW + len(model.rows)


def _write_group(ws: Worksheet, group: GroupSpan, first: int, last: int) -> None:
    """Merge the group's 项目名称 and make its rows tall enough for the label."""
    put_text(ws, first, 2, group.title, BOLD, CENTER)
    if last > first:
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    needed = row_points([(group.title, WIDTHS[1])])
    have = sum(ws.row_dimensions[r].height or 0 for r in range(first, last + 1))
    if have < needed:
        ws.row_dimensions[last].height = (ws.row_dimensions[last].height or 0) + needed - have


# Footer layout: (label columns, blank columns) of each signature; the blanks
# (columns C and E-F) are wider than 4 cm when printed.
SIGNATURE_CELLS = (((1, 2), (3, 3)), ((4, 4), (5, 6)))
SIGNATURE_POINTS = 48.0  # about 1.7 cm of height to sign in


def _write_footer(ws: Worksheet, model: FormModel, row: int) -> int:
    """Signature blanks right under the table, typed names below, then the summary.

    Returns the last row used.
    """
    for signature, (label, blank) in zip(model.signatures, SIGNATURE_CELLS):
        put_text(ws, row, label[0], f"{signature.label}：", BOLD, SIGN_LABEL)
        _merge_row(ws, row, *label)
        _merge_row(ws, row, *blank)
        for column in range(blank[0], blank[1] + 1):
            ws.cell(row=row, column=column).border = SIGN_LINE
        put_text(ws, row + 1, label[0], signature.name_line, BODY)
        _merge_row(ws, row + 1, label[0], blank[1])
    ws.row_dimensions[row].height = SIGNATURE_POINTS
    ws.row_dimensions[row + 1].height = 22
    put_text(ws, row + 2, 1, model.summary, NOTE)
    _merge_row(ws, row + 2, 1, COLUMNS)
    ws.row_dimensions[row + 2].height = row_points([(model.summary, sum(WIDTHS))])
    return row + 2


def _set_properties(book: Workbook, filled: FilledInspection) -> None:
    inspection = filled.inspection
    enterprise = inspection.enterprise.name if inspection.enterprise else ""
    title = inspection.checklist.title + (f"（{enterprise}）" if enterprise else "")
    book.properties.title = clean_text(title)
    book.properties.creator = CREATOR
    book.properties.lastModifiedBy = CREATOR
    book.properties.subject = clean_text(inspection.checklist.short_title)
    moment = inspection.submitted_at or inspection.started_at
    created = local_time(moment, timezone.utc).replace(tzinfo=None)  # openpyxl wants naive UTC
    book.properties.created = book.properties.modified = created


def _save(book: Workbook, out: Path | BinaryIO) -> int:
    buffer = io.BytesIO()
    book.save(buffer)
    return save_bytes(buffer.getvalue(), out)
