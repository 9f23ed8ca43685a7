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

import os
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

from checklists.form_photos import add_photo_sheet
from checklists.form_style import (
    BODY,
    BOLD,
    CENTER,
    HEADER_FILL,
    MAJOR,
    MAJOR_FILL,
    NOTE,
    TITLE,
    chinese_date,
    chinese_day,
    clean_text,
    frame,
    local_time,
    overflows,
    print_setup,
    put_text,
    row_points,
    text_alignment,
)
from checklists.inspection import Answer, FilledInspection, Photo
from checklists.model import Group, Hazard, Result

HEADERS = ("序号", "项目名称", "具体内容", "印证资料", "存在问题", "专家建议")
WIDTHS = (6.0, 14.0, 40.0, 36.0, 30.0, 30.0)
COLUMNS = len(HEADERS)
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
    _write_table_sheet(ws, filled, tz)
    photos = add_photo_sheet(book, filled, read_photo, tz)
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


def form_file_name(filled: FilledInspection, tz: ZoneInfo) -> str:
    """`<short title>-<enterprise>-<YYYY-MM-DD>.xlsx`, safe on every OS and in Telegram."""
    inspection = filled.inspection
    moment = inspection.submitted_at or inspection.started_at
    enterprise = _name_part(inspection.enterprise.name if inspection.enterprise else "", NAME_LIMIT)
    title = _name_part(inspection.checklist.short_title, NAME_LIMIT) or "检查表"
    day = local_time(moment, tz).strftime("%Y-%m-%d")
    return f"{title}-{enterprise or '未命名企业'}-{day}.xlsx"


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


def _write_table_sheet(ws: Worksheet, filled: FilledInspection, tz: ZoneInfo) -> None:
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    _write_heading(ws, filled, tz)
    last = _write_items(ws, filled)
    frame(ws, HEADER_ROW, last, COLUMNS)
    end = _write_footer(ws, filled, last + 1)
    print_setup(ws, ws.ORIENTATION_LANDSCAPE, HEADER_ROW)  # the official table is landscape
    ws.print_area = f"A1:F{end}"


def _merge_row(ws: Worksheet, row: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _write_heading(ws: Worksheet, filled: FilledInspection, tz: ZoneInfo) -> None:
    """Title and the official 企业名称 / 日期 line first, then the bot's extras."""
    inspection = filled.inspection
    put_text(ws, 1, 1, inspection.checklist.title, TITLE, CENTER)
    _merge_row(ws, 1, 1, COLUMNS)
    ws.row_dimensions[1].height = 36
    enterprise = inspection.enterprise.name if inspection.enterprise else ""
    put_text(ws, 2, 1, f"企业名称：{enterprise}", BOLD)
    _merge_row(ws, 2, 1, 4)
    moment = inspection.submitted_at or inspection.started_at
    put_text(ws, 2, 5, f"日期：{chinese_date(moment, tz)}", BOLD)
    _merge_row(ws, 2, 5, COLUMNS)
    ws.row_dimensions[2].height = row_points([(f"企业名称：{enterprise}", sum(WIDTHS[:4]))])
    put_text(ws, 3, 1, f"检查人：{inspection.inspector.full_name}", NOTE)
    _merge_row(ws, 3, 1, 4)
    if inspection.location is not None:
        point = inspection.location
        put_text(ws, 3, 5, f"检查地点：{point.latitude:.5f}, {point.longitude:.5f}", NOTE)
    _merge_row(ws, 3, 5, COLUMNS)
    ws.row_dimensions[3].height = 20
    for column, header in enumerate(HEADERS, start=1):
        put_text(ws, HEADER_ROW, column, header, BOLD, CENTER)
        ws.cell(row=HEADER_ROW, column=column).fill = HEADER_FILL
    ws.row_dimensions[HEADER_ROW].height = 24


def _write_items(ws: Worksheet, filled: FilledInspection) -> int:
    """One row per item, 项目名称 merged over each group; returns the last row."""
    row = HEADER_ROW
    for group in filled.inspection.checklist.groups:
        first = row + 1
        for item in group.items:
            row += 1
            answer = filled.answers.get(item.id)
            ws.cell(row=row, column=1, value=item.number).alignment = CENTER
            ws.cell(row=row, column=1).font = BOLD
            put_text(ws, row, 3, item.content, alignment=text_alignment(item.content, WIDTHS[2]))
            put_text(ws, row, 4, item.evidence, alignment=text_alignment(item.evidence, WIDTHS[3]))
            _write_answer(ws, row, answer)
            ws.row_dimensions[row].height = row_points(_row_texts(item.content, item.evidence, answer))
        _write_group(ws, group, first, row)
    return row


def _write_group(ws: Worksheet, group: Group, first: int, last: int) -> None:
    """Merge the group's 项目名称 and make its rows tall enough for the label."""
    put_text(ws, first, 2, group.title, BOLD, CENTER)
    if last > first:
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    needed = row_points([(group.title, WIDTHS[1])])
    have = sum(ws.row_dimensions[r].height or 0 for r in range(first, last + 1))
    if have < needed:
        ws.row_dimensions[last].height = (ws.row_dimensions[last].height or 0) + needed - have


def problem_text(answer: Answer | None) -> str:
    """The 存在问题 cell: the verdict, or the problem with its hazard class."""
    if answer is None:
        return ""
    if answer.result is not Result.PROBLEM:
        return answer.result.value
    text = answer.problem or Result.PROBLEM.value
    if answer.hazard is Hazard.MAJOR:
        return f"【重大隐患】{text}"
    if answer.hazard is Hazard.GENERAL:
        return f"【一般隐患】{text}"
    return text


def advice_text(answer: Answer | None) -> str:
    """The 专家建议 cell, with the campaign's 整改时限 / 整改情况 when recorded."""
    if answer is None:
        return ""
    lines = [answer.advice] if answer.advice else []
    if answer.deadline is not None:
        lines.append(f"整改时限：{chinese_day(answer.deadline)}")
    if answer.rectification:
        lines.append(f"整改情况：{answer.rectification}")
    return "\n".join(lines)


def _write_answer(ws: Worksheet, row: int, answer: Answer | None) -> None:
    major = answer is not None and answer.result is Result.PROBLEM and answer.hazard is Hazard.MAJOR
    problem, advice = problem_text(answer), advice_text(answer)
    put_text(ws, row, 5, problem, MAJOR if major else BODY, text_alignment(problem, WIDTHS[4]))
    if major:
        ws.cell(row=row, column=5).fill = MAJOR_FILL
    put_text(ws, row, 6, advice, alignment=text_alignment(advice, WIDTHS[5]))


def _row_texts(content: str, evidence: str, answer: Answer | None) -> list[tuple[str, float]]:
    return [
        (content, WIDTHS[2]),
        (evidence, WIDTHS[3]),
        (problem_text(answer), WIDTHS[4]),
        (advice_text(answer), WIDTHS[5]),
    ]


def _write_footer(ws: Worksheet, filled: FilledInspection, row: int) -> int:
    """Signatures right under the table, then the summary; returns the last row used."""
    inspection = filled.inspection
    labels = inspection.checklist.signatures or ("专家签字", "企业主要负责人签字")
    names = (inspection.inspector.full_name, inspection.principal_name or "")
    put_text(ws, row, 1, f"{labels[0]}：{names[0]}", BOLD)
    _merge_row(ws, row, 1, 3)
    if len(labels) > 1:
        put_text(ws, row, 4, f"{labels[1]}：{names[1]}", BOLD)
        _merge_row(ws, row, 4, COLUMNS)
    ws.row_dimensions[row].height = 40  # room for a handwritten signature too
    summary = summary_text(filled)
    put_text(ws, row + 1, 1, summary, NOTE)
    _merge_row(ws, row + 1, 1, COLUMNS)
    ws.row_dimensions[row + 1].height = row_points([(summary, sum(WIDTHS))])
    return row + 1


def summary_text(filled: FilledInspection) -> str:
    """Counts a supervisor wants at a glance, kept outside the official table."""
    items = filled.inspection.checklist.items
    answers = [filled.answers.get(item.id) for item in items]
    count = {result: sum(1 for a in answers if a and a.result is result) for result in Result}
    major = sum(1 for a in answers if a and a.result is Result.PROBLEM and a.hazard is Hazard.MAJOR)
    text = (
        f"汇总：符合 {count[Result.OK]} 项，存在问题 {count[Result.PROBLEM]} 项"
        f"（其中重大隐患 {major} 项），不涉及 {count[Result.NOT_APPLICABLE]} 项"
    )
    unanswered = sum(1 for a in answers if a is None)
    if unanswered:
        text += f"，未作答 {unanswered} 项"
    text += f"；照片 {len(filled.photos)} 张（见“照片”工作表）。"
    clipped = [str(item.number) for item, answer in zip(items, answers)
               if any(overflows(t, w) for t, w in _row_texts(item.content, item.evidence, answer))]
    if clipped:
        text += f"第 {'、'.join(clipped)} 项文字过长，打印时显示不全，请以电子表格为准。"
    return text


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
    """Path: write beside it and rename, so a crash never leaves half a form."""
    if isinstance(out, (str, os.PathLike)):
        path = Path(out)
        partial = path.with_name(path.name + ".part")
        try:
            book.save(partial)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return path.stat().st_size
    start = out.tell()
    book.save(out)
    return out.tell() - start
