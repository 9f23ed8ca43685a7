"""The official form as a PDF: opens in Telegram's own viewer on any phone.

It prints the same `FormModel` as the .xlsx (checklists/form_rows.py): the
table on A4 landscape pages, its header row repeated on each, 项目名称 drawn
over the rows of its group on every page the group spans, the signature
blanks kept together under the table, then the photo pages (checklists/
pdf_photos.py). Built with fpdf2 and an embedded subset of a CJK font, so the
text is selectable and searchable and no office suite is needed at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timezone
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from fpdf import FPDF

from checklists.files import save_bytes
from checklists.form import FormStats
from checklists.form_ledgers import draw_ledger_pages
from checklists.form_rows import WIDTHS, FormModel, FormRow, GroupSpan, build_model
from checklists.form_style import local_time
from checklists.inspection import FilledInspection, Photo
from checklists.pdf_font import FAMILY, font_path, pdf_text
from checklists.pdf_photos import draw_photo_heading, draw_photo_pages

MARGIN = 10.0  # mm
BODY_PT = 9.0
LINE = 4.4  # mm per line of BODY_PT text
PAD = 1.4  # mm inside a cell
HEADER_HEIGHT = 8.0
FOOTER_SPACE = 12.0
SIGN_HEIGHT = 16.0  # room to sign by hand above the line
SIGN_LINE = 60.0  # mm: the blank is 6 cm long
MAJOR_FILL = (255, 199, 206)
MAJOR_TEXT = (192, 0, 0)
HEADER_FILL = (217, 217, 217)
NOTE_TEXT = (89, 89, 89)
CREATOR = "checklist-bot"
NO_LINE_START = frozenset("，。、；：？！）》」』”’…—,.;:?!)")


class FormPDF(FPDF):
    """Adds the page footer and, on photo pages, the repeated form heading."""

    def __init__(self, model: FormModel) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.model = model
        self.photo_pages = False
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FAMILY, fname=str(font_path()))
        for font in self.fonts.values():
            # The subset keeps the whole font's bounding box; recomputing it
            # from every CFF glyph when the PDF is written costs half a second.
            font.ttfont.recalcBBoxes = False
        self._advances: dict[tuple[float, str], float] = {}
        self.set_font(FAMILY, size=BODY_PT)
        self.alias_nb_pages()
        self.c_margin = 0

    def header(self) -> None:
        if self.photo_pages:
            draw_photo_heading(self, self.model)

    def footer(self) -> None:
        self.set_font(FAMILY, size=8)
        self.set_text_color(0, 0, 0)
        self.set_xy(MARGIN, self.h - FOOTER_SPACE + 3)
        self.cell(self.w - 2 * MARGIN, 5, f"第 {self.page_no()} 页，共 {{nb}} 页", align="C")
        self.set_font(FAMILY, size=BODY_PT)

    def lines(self, text: str, width: float) -> list[str]:
        """`text` wrapped to `width` mm at the current font, between any two characters.

        Chinese wraps anywhere, except that closing punctuation never starts
        a line: the character before it moves down with it, as printed Chinese does.
        """
        lines: list[str] = []
        for paragraph in pdf_text(text).split("\n") if text else []:
            line, used = "", 0.0
            for char in paragraph:
                advance = self._advance(char)
                if line and used + advance > width:
                    if char in NO_LINE_START and len(line) > 1:
                        lines.append(line[:-1])
                        line = line[-1]
                    else:
                        lines.append(line)
                        line = ""
                    used = self.get_string_width(line)
                line += char
                used += advance
            lines.append(line)
        return lines

    def _advance(self, char: str) -> float:
        """A character's width at the current size, remembered: wrapping asks for every one."""
        key = (self.font_size_pt, char)
        if key not in self._advances:
            self._advances[key] = self.get_string_width(char)
        return self._advances[key]

    def text_lines(self, lines: list[str], x: float, y: float, width: float, align: str = "L") -> None:
        for index, line in enumerate(lines):
            self.set_xy(x, y + index * LINE)
            self.cell(width, LINE, line, align=align)


def render_pdf(filled: FilledInspection, read_photo: Callable[[Photo], bytes],
               out: Path | BinaryIO, *, tz: ZoneInfo) -> FormStats:
    """Write the form as a PDF to a path (atomically) or a binary stream."""
    model = build_model(filled, tz)
    pdf = FormPDF(model)
    _set_properties(pdf, filled, model)
    pdf.add_page()
    _draw_heading(pdf, model)
    _draw_table(pdf, model)
    _draw_footer(pdf, model)
    draw_ledger_pages(pdf, filled, FAMILY, pdf_text)
    photos = draw_photo_pages(pdf, model, read_photo)
    written = save_bytes(bytes(pdf.output()), out)
    return FormStats(written, photos.embedded, photos.scaled, photos.side,
                     photos_unreadable=photos.unreadable, photos_omitted=photos.omitted)


def _set_properties(pdf: FormPDF, filled: FilledInspection, model: FormModel) -> None:
    inspection = filled.inspection
    enterprise = inspection.enterprise.name if inspection.enterprise else ""
    pdf.set_title(pdf_text(model.title + (f"（{enterprise}）" if enterprise else "")))
    pdf.set_subject(pdf_text(inspection.checklist.short_title))
    pdf.set_creator(CREATOR)
    pdf.set_author(CREATOR)
    moment = inspection.submitted_at or inspection.started_at
    pdf.set_creation_date(local_time(moment, timezone.utc))


def _column_widths(pdf: FormPDF) -> list[float]:
    scale = (pdf.w - 2 * MARGIN) / sum(WIDTHS)
    return [width * scale for width in WIDTHS]


def _draw_heading(pdf: FormPDF, model: FormModel) -> None:
    """Title, 企业名称 / 日期, then the bot's extras: inspector, location and map link."""
    width = pdf.w - 2 * MARGIN
    pdf.set_font(FAMILY, size=16)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(width, 10, pdf_text(model.title), align="C")
    pdf.set_font(FAMILY, size=10.5)
    enterprise = pdf.lines(model.enterprise_line, width * 0.66 - 2)[:2]  # a long name wraps once
    for index, line in enumerate(enterprise):
        pdf.set_xy(MARGIN, MARGIN + 12 + index * 5.5)
        pdf.cell(width * 0.66, 5.5, line)
    pdf.set_xy(MARGIN + width * 0.66, MARGIN + 12)
    pdf.cell(width * 0.34, 5.5, pdf_text(model.date_line))
    y = MARGIN + 12.5 + 5.5 * max(1, len(enterprise))
    pdf.set_font(FAMILY, size=8.5)
    pdf.set_text_color(*NOTE_TEXT)
    pdf.set_xy(MARGIN, y)
    pdf.cell(width * 0.4, 4.5, pdf_text(model.inspector_line))
    if model.location_line:
        pdf.cell(width * 0.6, 4.5, pdf_text(model.location_line))
        y += 4.5
        pdf.set_xy(MARGIN + width * 0.4, y)
        pdf.set_text_color(0, 0, 200)  # printed in full, and a link on screen
        pdf.cell(width * 0.6, 4.5, f"地图：{model.map_url}", link=model.map_url)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, size=BODY_PT)
    pdf.set_xy(MARGIN, y + 6)
    _draw_header_row(pdf, model)


def _draw_header_row(pdf: FormPDF, model: FormModel) -> None:
    x, y = MARGIN, pdf.get_y()
    pdf.set_fill_color(*HEADER_FILL)
    for header, width in zip(model.headers, _column_widths(pdf)):
        pdf.rect(x, y, width, HEADER_HEIGHT, style="DF")
        pdf.set_xy(x, y + (HEADER_HEIGHT - LINE) / 2)
        pdf.cell(width, LINE, header, align="C")
        x += width
    pdf.set_xy(MARGIN, y + HEADER_HEIGHT)


def _max_row_height(pdf: FormPDF) -> float:
    return pdf.h - 2 * MARGIN - FOOTER_SPACE - HEADER_HEIGHT


def _row_layout(pdf: FormPDF, row: FormRow) -> tuple[list[list[str]], float]:
    """Each cell's wrapped lines (clipped to one page) and the row's height."""
    widths = _column_widths(pdf)
    texts = [str(row.number), "", row.content, row.evidence, row.problem, row.advice]
    cells = [pdf.lines(text, width - 2 * PAD) for text, width in zip(texts, widths)]
    fit = int((_max_row_height(pdf) - 2 * PAD) / LINE)
    cells = [lines if len(lines) <= fit else lines[: fit - 1] + [lines[fit - 1][:-1] + "…"] for lines in cells]
    height = max(len(lines) for lines in cells) * LINE + 2 * PAD
    return cells, max(height, 8.0)


def _draw_table(pdf: FormPDF, model: FormModel) -> None:
    """Rows in order; a group's 项目名称 is drawn once per page it spans."""
    group_at = {index: group for group in model.groups for index in range(group.first, group.last + 1)}
    segment_top = pdf.get_y()
    for index, row in enumerate(model.rows):
        cells, height = _row_layout(pdf, row)
        group = group_at.get(index)
        if pdf.get_y() + height > pdf.h - MARGIN - FOOTER_SPACE:
            if group is not None and index > group.first:
                _draw_group(pdf, group, segment_top, pdf.get_y())
            pdf.add_page(orientation="L")
            pdf.set_xy(MARGIN, MARGIN)
            _draw_header_row(pdf, model)
            segment_top = pdf.get_y()
        if group is not None and index == group.first:
            segment_top = pdf.get_y()
        _draw_row(pdf, row, cells, height)
        if group is not None and index == group.last:
            _draw_group(pdf, group, segment_top, pdf.get_y())


def _draw_row(pdf: FormPDF, row: FormRow, cells: list[list[str]], height: float) -> None:
    x, y = MARGIN, pdf.get_y()
    for column, (lines, width) in enumerate(zip(cells, _column_widths(pdf))):
        if column == 1:  # 项目名称: drawn over the whole group
            x += width
            continue
        major = column == 4 and row.major
        if major:
            pdf.set_fill_color(*MAJOR_FILL)
            pdf.set_text_color(*MAJOR_TEXT)
        pdf.rect(x, y, width, height, style="DF" if major else "D")
        top = y + max(PAD, (height - len(lines) * LINE) / 2)
        pdf.text_lines(lines, x + PAD, top, width - 2 * PAD, "C" if column == 0 else "L")
        pdf.set_text_color(0, 0, 0)
        x += width
    pdf.set_xy(MARGIN, y + height)


def _draw_group(pdf: FormPDF, group: GroupSpan, top: float, bottom: float) -> None:
    widths = _column_widths(pdf)
    x, width = MARGIN + widths[0], widths[1]
    pdf.rect(x, top, width, bottom - top)
    lines = pdf.lines(group.title, width - 2 * PAD)
    start = top + max(PAD, (bottom - top - len(lines) * LINE) / 2)
    pdf.text_lines(lines, x + PAD, start, width - 2 * PAD, "C")
    pdf.set_xy(MARGIN, bottom)


def _draw_footer(pdf: FormPDF, model: FormModel) -> None:
    """Signature blanks with the typed names below them, then the summary, kept together."""
    width = pdf.w - 2 * MARGIN
    summary = pdf.lines(model.summary, width)
    needed = 4 + SIGN_HEIGHT + 8 + len(summary) * LINE
    if pdf.get_y() + needed > pdf.h - MARGIN - FOOTER_SPACE:
        pdf.add_page(orientation="L")
        pdf.set_xy(MARGIN, MARGIN)
    top = pdf.get_y() + 4
    slot = width / max(1, len(model.signatures))
    pdf.set_font(FAMILY, size=10.5)
    for index, signature in enumerate(model.signatures):
        x = MARGIN + index * slot
        label = f"{signature.label}："
        label_width = pdf.get_string_width(label) + 1
        pdf.set_xy(x, top + SIGN_HEIGHT - 6)
        pdf.cell(label_width, 6, label)
        line_end = min(x + label_width + SIGN_LINE, x + slot - 4)
        pdf.line(x + label_width, top + SIGN_HEIGHT, line_end, top + SIGN_HEIGHT)
        pdf.set_xy(x, top + SIGN_HEIGHT + 2)
        pdf.cell(slot - 4, 6, pdf_text(signature.name_line))
    pdf.set_font(FAMILY, size=8.5)
    pdf.set_text_color(*NOTE_TEXT)
    pdf.text_lines(summary, MARGIN, top + SIGN_HEIGHT + 10, width)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, size=BODY_PT)

