"""The PDF's photo pages: two photos to a portrait A4 page, each with its caption.

Each photo gets half a page: a 12 x 12.2 cm box, so a portrait photo of a
document prints 9 cm wide, with its caption (checklists/form_rows.py) beside
it. Every page repeats the form's title, enterprise and date at its top. The
same thumbnails as the .xlsx are embedded as JPEG as they are (no re-encoding),
which keeps a 100-photo form fast to build and within Telegram's limits.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from functools import partial

from fpdf import FPDF

from checklists.form_photos import OVER_BUDGET, UNREADABLE
from checklists.form_rows import FormModel, PhotoEntry, photo_caption
from checklists.inspection import Photo
from checklists.pdf_font import FAMILY, pdf_text
from checklists.thumbnails import BYTES_BUDGET, PhotoStats, display_size, thumbnail_side, thumbnails

MARGIN = 10.0
TOP = 27.0  # below the repeated heading
BOTTOM = 14.0  # above the page footer
BOX_WIDTH = 120.0
CAPTION_GAP = 4.0
CAPTION_PT = 9.0
CAPTION_LINE = 4.6
PER_PAGE = 2
PORTRAIT_HEIGHT = 297.0  # A4, mm


def draw_photo_heading(pdf: FPDF, model: FormModel) -> None:
    """The form's title, enterprise and date, repeated on every photo page."""
    width = pdf.w - 2 * MARGIN
    pdf.set_font(FAMILY, size=13)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(width, 8, pdf_text(model.title), align="C")
    pdf.set_font(FAMILY, size=9)
    pdf.set_xy(MARGIN, MARGIN + 9)
    pdf.cell(width, 5, pdf_text(model.photo_heading), align="C")
    pdf.line(MARGIN, MARGIN + 15, pdf.w - MARGIN, MARGIN + 15)


def draw_photo_pages(pdf: FPDF, model: FormModel, read_photo: Callable[[Photo], bytes]) -> PhotoStats:
    """Append the photo pages; one photo decoded at a time."""
    side = thumbnail_side(len(model.photos))
    budget, embedded, unreadable, omitted = BYTES_BUDGET, 0, 0, 0
    pdf.photo_pages = True  # type: ignore[attr-defined]  # FormPDF draws the heading
    slot = (PORTRAIT_HEIGHT - TOP - BOTTOM) / PER_PAGE  # pdf.h is still the table's landscape page
    reads = [partial(read_photo, entry.photo) for entry in model.photos]
    for position, (entry, thumb) in enumerate(zip(model.photos, thumbnails(reads, side))):
        if position % PER_PAGE == 0:
            pdf.add_page(orientation="P")
        top = TOP + (position % PER_PAGE) * slot
        box = (MARGIN, top, BOX_WIDTH, slot - 6)
        if isinstance(thumb, Exception):
            _notice(pdf, box, UNREADABLE)
            unreadable += 1
            _caption(pdf, entry, None, top, slot - 6)
            continue
        if len(thumb.data) > budget:
            _notice(pdf, box, OVER_BUDGET)
            omitted += 1
        else:
            _image(pdf, box, thumb.data, thumb.width, thumb.height)
            budget -= len(thumb.data)
            embedded += 1
        _caption(pdf, entry, thumb.taken, top, slot - 6)
    return PhotoStats(embedded, unreadable, omitted, side)


def _image(pdf: FPDF, box: tuple[float, float, float, float], data: bytes, width: int, height: int) -> None:
    x, y, max_w, max_h = box
    # display_size works in whole units: use tenths of a millimetre.
    w, h = display_size(width * 100, height * 100, int(max_w * 10), int(max_h * 10))
    pdf.image(io.BytesIO(data), x=x, y=y, w=w / 10, h=h / 10)


def _notice(pdf: FPDF, box: tuple[float, float, float, float], text: str) -> None:
    x, y, w, h = box
    pdf.set_draw_color(192, 0, 0)
    pdf.rect(x, y, w, h / 3)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(192, 0, 0)
    pdf.set_xy(x, y + h / 6 - 3)
    pdf.cell(w, 6, text, align="C")
    pdf.set_text_color(0, 0, 0)


def _caption(pdf: FPDF, entry: PhotoEntry, taken: datetime | None, top: float, height: float) -> None:
    """The caption beside the photo, cut with … where a long note would overflow its half page."""
    x = MARGIN + BOX_WIDTH + CAPTION_GAP
    width = pdf.w - MARGIN - x
    pdf.set_font(FAMILY, size=CAPTION_PT)
    lines: list[str] = []
    for paragraph in photo_caption(entry, taken):
        lines += pdf.lines(paragraph, width)  # type: ignore[attr-defined]  # FormPDF
    fit = int(height / CAPTION_LINE)
    if len(lines) > fit:
        # Keep the time, place and digest (the last lines): cut the note above them.
        tail = 3 if entry.location else 2
        lines = lines[: fit - tail - 1] + ["…"] + lines[-tail:]
    for index, line in enumerate(lines):
        pdf.set_xy(x, top + index * CAPTION_LINE)
        pdf.cell(width, CAPTION_LINE, line)
