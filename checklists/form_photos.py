"""The form's second sheet, 照片: every photo with its caption, legible on paper.

The official table has no room for photos, so they get pages of their own,
numbered 1..N in the order the table refers to them (item order, then
arrival, general photos last). Each photo is shown up to 13 cm wide and tall,
two to an A4 page, so a photographed document keeps readable text; the form's
title, enterprise and date repeat at the top of every printed page. One
unreadable photo must not cost the inspector the whole form: its row says so
instead. Only a few full-size photos are held in memory at any time.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from datetime import datetime

from openpyxl.drawing.image import Image as SheetImage
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from checklists.form_rows import FormModel, PhotoEntry, photo_caption
from checklists.form_style import (
    BOLD,
    CENTER,
    HEADER_FILL,
    LEFT_TOP,
    MAJOR,
    NOTE,
    TITLE,
    frame,
    print_setup,
    put_text,
    row_points,
)
from checklists.inspection import Photo
from checklists.thumbnails import (
    BYTES_BUDGET,
    FULL_SIDE,
    PhotoStats,
    Thumbnail,
    display_size,
    thumbnail_side,
    thumbnails,
)

SHEET_TITLE = "照片"
HEADERS = ("序号", "说明", "照片")
WIDTHS = (5.0, 22.0, 62.0)  # 62 units hold a 430 px wide image, in Excel as in LibreOffice
# Display box in pixels, as tall as a row may be (409 pt): printed on A4, a
# portrait photo of a document is over 9 cm wide (measured in LibreOffice).
SHOW_WIDTH, SHOW_HEIGHT = 430, 536
PAD = 4  # pixels between the image and the cell border
HEADER_ROW = 4  # title, enterprise and date, notes, header: repeated on every page
UNREADABLE = "照片无法读取"
OVER_BUDGET = "照片未嵌入（超出文件大小限制）"


@dataclass
class _Tally:
    """Running counts while embedding; `budget` is the thumbnail bytes still allowed."""

    budget: int
    embedded: int = 0
    unreadable: int = 0
    omitted: int = 0


def add_photo_sheet(book: Workbook, model: FormModel,
                    read_photo: Callable[[Photo], bytes]) -> PhotoStats:
    """Append the 照片 sheet; returns what was embedded, for the caller's stats."""
    ws = book.create_sheet(SHEET_TITLE)
    side = thumbnail_side(len(model.photos))
    _write_heading(ws, model)
    tally = _Tally(budget=BYTES_BUDGET)
    reads = [partial(read_photo, entry.photo) for entry in model.photos]
    for row, (entry, thumb) in enumerate(zip(model.photos, thumbnails(reads, side)), start=HEADER_ROW + 1):
        _write_photo(ws, row, entry, thumb, tally)
    _write_note(ws, side, tally)
    frame(ws, HEADER_ROW, HEADER_ROW + len(model.photos), len(HEADERS))
    # Portrait: photo rows are tall and narrow, so a page holds two.
    print_setup(ws, ws.ORIENTATION_PORTRAIT, HEADER_ROW)
    ws.print_title_rows = f"1:{HEADER_ROW}"
    return PhotoStats(tally.embedded, tally.unreadable, tally.omitted, side)


def _write_heading(ws: Worksheet, model: FormModel) -> None:
    put_text(ws, 1, 1, model.title, TITLE, CENTER)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.row_dimensions[1].height = 30
    put_text(ws, 2, 1, model.photo_heading, BOLD)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.row_dimensions[2].height = row_points([(model.photo_heading, sum(WIDTHS))])
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        put_text(ws, HEADER_ROW, column, header, BOLD, CENTER)
        ws.cell(row=HEADER_ROW, column=column).fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[HEADER_ROW].height = 22


def _write_note(ws: Worksheet, side: int, tally: _Tally) -> None:
    """Tell the reader when photos are smaller than usual or missing, and why."""
    notes = []
    if side < FULL_SIDE:
        notes.append(f"照片较多，缩略图已缩小至 {side} 像素。")
    if tally.omitted:
        notes.append(f"另有 {tally.omitted} 张照片因文件大小限制未嵌入。")
    if tally.unreadable:
        notes.append(f"{tally.unreadable} 张照片无法读取。")
    if notes:
        put_text(ws, 3, 1, "".join(notes), NOTE)
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(HEADERS))


def _write_photo(ws: Worksheet, row: int, entry: PhotoEntry, thumb: Thumbnail | Exception,
                 tally: _Tally) -> None:
    """序号 and caption beside the photo (or a note saying why there is none)."""
    label = entry.number if entry.number is not None else "—"
    ws.cell(row=row, column=1, value=label).alignment = CENTER
    ws.cell(row=row, column=1).font = BOLD
    taken = _embed(ws, row, thumb, tally)
    caption = "\n".join(photo_caption(entry, taken))
    put_text(ws, row, 2, caption, NOTE, LEFT_TOP)
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, row_points([(caption, WIDTHS[1])], 14.0))


def _embed(ws: Worksheet, row: int, thumb: Thumbnail | Exception, tally: _Tally) -> datetime | None:
    """Thumbnail into column C; returns its EXIF time, for the caption."""
    if isinstance(thumb, Exception):
        put_text(ws, row, 3, UNREADABLE, MAJOR, CENTER)
        tally.unreadable += 1
        return None
    if len(thumb.data) > tally.budget:
        put_text(ws, row, 3, OVER_BUDGET, MAJOR, CENTER)
        tally.omitted += 1
        return thumb.taken
    tally.embedded += 1
    tally.budget -= len(thumb.data)
    width, height = display_size(thumb.width, thumb.height, SHOW_WIDTH, SHOW_HEIGHT)
    image = SheetImage(io.BytesIO(thumb.data))
    image.width, image.height = width, height
    marker = AnchorMarker(col=2, colOff=pixels_to_EMU(PAD), row=row - 1, rowOff=pixels_to_EMU(PAD))
    extent = XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height))
    image.anchor = OneCellAnchor(_from=marker, ext=extent)
    ws.add_image(image)
    ws.row_dimensions[row].height = (height + 2 * PAD) * 0.75  # pixels to points
    return thumb.taken
