"""The form's second sheet, 照片: every photo's context and its thumbnail.

The official table has no room for photos, so they get a sheet of their own,
ordered like the table (item order, then arrival) with general photos last.
One unreadable photo must not cost the inspector the whole form: its row says
so instead. Only one full-size photo is held in memory at any time.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from openpyxl.drawing.image import Image as SheetImage
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from checklists.form_style import (
    BOLD,
    CENTER,
    HEADER_FILL,
    MAJOR,
    NOTE,
    TITLE,
    frame,
    local_time,
    print_setup,
    put_text,
    row_points,
)
from checklists.inspection import FilledInspection, Photo
from checklists.model import Checklist
from checklists.thumbnails import (
    BYTES_BUDGET,
    DECODE_ERRORS,
    FULL_SIDE,
    display_size,
    make_thumbnail,
    thumbnail_side,
)

SHEET_TITLE = "照片"
HEADERS = ("序号", "项目", "说明", "接收时间", "照片")
WIDTHS = (6.0, 22.0, 22.0, 13.0, 60.0)  # 60 units hold a 400 px wide image
# Display box in pixels: four photo rows fit one portrait A4 page.
SHOW_WIDTH, SHOW_HEIGHT = 400, 280
PAD = 4  # pixels between the image and the cell border
HEADER_ROW = 3
UNREADABLE = "照片无法读取"
OVER_BUDGET = "照片未嵌入（超出文件大小限制）"
SHORT_CONTENT = 40
# What a media store raises for a missing file, an unknown key or a bad hash.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, KeyError, ValueError)


@dataclass(frozen=True)
class PhotoStats:
    embedded: int
    unreadable: int
    omitted: int
    side: int

    @property
    def scaled(self) -> bool:
        return self.side < FULL_SIDE


@dataclass
class _Tally:
    """Running counts while embedding; `budget` is the thumbnail bytes still allowed."""

    budget: int
    embedded: int = 0
    unreadable: int = 0
    omitted: int = 0


def ordered_photos(checklist: Checklist, photos: tuple[Photo, ...]) -> list[Photo]:
    """Item order as on the form, then arrival; general or unknown-item photos last."""
    position = {item.id: index for index, item in enumerate(checklist.items)}
    last = len(position)

    def key(photo: Photo) -> tuple[int, float, int]:
        slot = position.get(photo.item_id, last) if photo.item_id is not None else last
        return slot, photo.received_at.timestamp(), photo.id

    return sorted(photos, key=key)


def add_photo_sheet(book: Workbook, filled: FilledInspection,
                    read_photo: Callable[[Photo], bytes], tz: ZoneInfo) -> PhotoStats:
    """Append the 照片 sheet; returns what was embedded, for the caller's stats."""
    ws = book.create_sheet(SHEET_TITLE)
    photos = ordered_photos(filled.inspection.checklist, filled.photos)
    side = thumbnail_side(len(photos))
    _write_heading(ws, filled, len(photos))
    tally = _Tally(budget=BYTES_BUDGET)
    for row, photo in enumerate(photos, start=HEADER_ROW + 1):
        _write_context(ws, row, filled.inspection.checklist, photo, tz)
        _embed(ws, row, photo, read_photo, side, tally)
    _write_note(ws, side, tally)
    frame(ws, HEADER_ROW, HEADER_ROW + len(photos), len(HEADERS))
    # Portrait: photo rows are tall and narrow, so a page holds twice as many.
    print_setup(ws, ws.ORIENTATION_PORTRAIT, HEADER_ROW)
    return PhotoStats(tally.embedded, tally.unreadable, tally.omitted, side)


def _write_heading(ws: Worksheet, filled: FilledInspection, count: int) -> None:
    enterprise = filled.inspection.enterprise.name if filled.inspection.enterprise else ""
    title = f"照片（{enterprise}，共 {count} 张）" if enterprise else f"照片（共 {count} 张）"
    put_text(ws, 1, 1, title, TITLE, CENTER)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.row_dimensions[1].height = 30
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
        put_text(ws, 2, 1, "".join(notes), NOTE)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))


def _write_context(ws: Worksheet, row: int, checklist: Checklist, photo: Photo, tz: ZoneInfo) -> None:
    """序号, item, caption and time: what the photo is evidence of."""
    if photo.item_id is not None and checklist.has_item(photo.item_id):
        item = checklist.item(photo.item_id)
        ws.cell(row=row, column=1, value=item.number).alignment = CENTER
        ws.cell(row=row, column=1).font = BOLD
        content = item.content
        if len(content) > SHORT_CONTENT:
            content = content[: SHORT_CONTENT - 1] + "…"
    else:
        put_text(ws, row, 1, "—", BOLD, CENTER)
        content = "综合照片" if photo.item_id is None else f"未知项目（{photo.item_id}）"
    put_text(ws, row, 2, content)
    put_text(ws, row, 3, photo.caption or "")
    put_text(ws, row, 4, local_time(photo.received_at, tz).strftime("%Y-%m-%d %H:%M"), alignment=CENTER)
    texts = [(content, WIDTHS[1]), (photo.caption or "", WIDTHS[2])]
    ws.row_dimensions[row].height = row_points(texts)


def _embed(ws: Worksheet, row: int, photo: Photo, read_photo: Callable[[Photo], bytes],
           side: int, tally: _Tally) -> None:
    """Thumbnail into column E, or a note saying why there is none."""
    try:
        thumb = make_thumbnail(read_photo(photo), side)
    except READ_ERRORS + DECODE_ERRORS:
        put_text(ws, row, 5, UNREADABLE, MAJOR, CENTER)
        tally.unreadable += 1
        return
    if len(thumb.data) > tally.budget:
        put_text(ws, row, 5, OVER_BUDGET, MAJOR, CENTER)
        tally.omitted += 1
        return
    tally.embedded += 1
    tally.budget -= len(thumb.data)
    width, height = display_size(thumb.width, thumb.height, SHOW_WIDTH, SHOW_HEIGHT)
    image = SheetImage(io.BytesIO(thumb.data))
    image.width, image.height = width, height
    marker = AnchorMarker(col=4, colOff=pixels_to_EMU(PAD), row=row - 1, rowOff=pixels_to_EMU(PAD))
    extent = XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height))
    image.anchor = OneCellAnchor(_from=marker, ext=extent)
    ws.add_image(image)
    needed = (height + 2 * PAD) * 0.75  # pixels to points
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, needed)
