"""The rendered .xlsx is the official annex table, filled in, safe and printable.

Inspections are built in memory (no storage): the seed checklist, every kind
of answer, texts that look like formulas, and photos made with Pillow.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from checklists.form import HEADER_ROW, FormStats, form_file_name, render_form
from checklists.form_photos import SHOW_WIDTH, UNREADABLE
from checklists.inspection import (
    Answer,
    Enterprise,
    FilledInspection,
    Inspection,
    Location,
    Photo,
    Position,
    Status,
    User,
)
from checklists.loader import load_catalog
from checklists.model import Checklist, Hazard, Result
from checklists.thumbnails import FULL_SIDE, MIN_SIDE, display_size, make_thumbnail, thumbnail_side
from tests.e2e_support import encoded
from tests.test_seed_checklist import GROUPS, TITLE

TZ = ZoneInfo("Asia/Shanghai")
HEADERS = ["序号", "项目名称", "具体内容", "印证资料", "存在问题", "专家建议"]
HYPERLINK = '=HYPERLINK("http://x","y")'
ENTERPRISE = "=1+1 泽州县某某钢铁有限公司"
INSPECTOR = "-5 张专家"
PRINCIPAL = '=HYPERLINK("http://x","李负责")'
LONG_PROBLEM = ("长问题描述" * 1000)[:5000]
# Submitted 2025-02-13 17:30 UTC, which is already the 14th in Shanghai.
SUBMITTED = datetime(2025, 2, 13, 17, 30, tzinfo=timezone.utc)
STARTED = SUBMITTED - timedelta(hours=2)


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_catalog().get("zezhou-resumption-2025")


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (120, 60), orientation: int | None = None,
                mode: str = "RGB") -> bytes:
    return encoded(Image.new(mode, size, (200, 30, 30, 128)[: len(mode)]), fmt, orientation)


def answers_for(checklist: Checklist) -> dict[int, Answer]:
    """By 序号: every kind of answer; item 21 stays unanswered."""
    ids = {item.number: item.id for item in checklist.items}
    answers = {number: Answer(ids[number], Result.OK) for number in range(1, 21)}
    answers.update({
        2: Answer(ids[2], Result.PROBLEM, problem="=1+1", advice="+86 123", hazard=Hazard.GENERAL),
        3: Answer(ids[3], Result.PROBLEM, problem=HYPERLINK, advice="-5", hazard=Hazard.MAJOR),
        4: Answer(ids[4], Result.NOT_APPLICABLE),
        5: Answer(ids[5], Result.PROBLEM, problem="@SUM(A1)", hazard=None),
        6: Answer(ids[6], Result.PROBLEM, problem=LONG_PROBLEM, advice="限期整改", hazard=Hazard.GENERAL),
        7: Answer(ids[7], Result.OK, advice="继续保持"),
        18: Answer(ids[18], Result.PROBLEM, problem="煤气报警器失效", advice="立即停产整改",
                   hazard=Hazard.MAJOR, deadline=date(2025, 3, 1)),
    })
    return answers


EXPECTED_PROBLEM = {
    1: "无",  # a compliant item has no problem to report
    2: "【一般隐患】=1+1\n（附照片2张，见附页第1–2张）",
    3: f"【重大隐患】{HYPERLINK}",
    4: "不涉及",
    5: "@SUM(A1)",
    6: f"【一般隐患】{LONG_PROBLEM}",
    13: "无\n（附照片1张，见附页第3张）",
    18: "【重大隐患】煤气报警器失效\n整改时限：2025年3月1日\n（附照片2张，见附页第4–5张）",
    21: None,
}
# 专家建议 stays empty unless advice was given on a problem (item 7's advice on
# a compliant item is not printed); the deadline belongs to the problem.
EXPECTED_ADVICE = {2: "+86 123", 3: "-5", 6: "限期整改", 18: "立即停产整改"}


def make_photo(pid: int, item_id: str | None, minutes: int, caption: str | None = None) -> Photo:
    return Photo(id=pid, inspection_id=1, item_id=item_id, sha256=f"sha{pid}", size=1, format="JPEG",
                 width=1, height=1, received_at=STARTED + timedelta(minutes=minutes), caption=caption)


def make_filled(checklist: Checklist, photos: tuple[Photo, ...] = (), **changes: Any) -> FilledInspection:
    fields: dict[str, Any] = dict(
        id=1, checklist=checklist, inspector=User(7, INSPECTOR), status=Status.SUBMITTED,
        started_at=STARTED, position=Position("done"), enterprise=Enterprise(3, ENTERPRISE),
        principal_name=PRINCIPAL, submitted_at=SUBMITTED, location=Location(35.49, 112.85),
    )
    fields.update(changes)
    answers = {a.item_id: a for a in answers_for(checklist).values()}
    return FilledInspection(inspection=Inspection(**fields), answers=answers, photos=photos)


@pytest.fixture(scope="module")
def rendered(checklist: Checklist, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FormStats]:
    item = {i.number: i.id for i in checklist.items}
    photos = (
        make_photo(1, item[13], 5, caption="+86 123"),
        make_photo(2, item[2], 9, caption="=1+1"),  # EXIF-rotated JPEG
        make_photo(3, None, 1, caption="现场全景"),  # general photo: listed last
        make_photo(4, item[2], 3),  # PNG, received before photo 2
        make_photo(5, item[18], 7, caption="损坏文件"),
        make_photo(6, item[18], 8),  # missing from the media store
    )
    media = {
        "sha1": photo_bytes(), "sha2": photo_bytes(orientation=6), "sha3": photo_bytes(),
        "sha4": photo_bytes("PNG", mode="RGBA"), "sha5": b"not an image at all",
    }
    out = tmp_path_factory.mktemp("form") / "form.xlsx"
    stats = render_form(make_filled(checklist, photos), lambda p: media[p.sha256], out, tz=TZ)
    return out, stats


@pytest.fixture(scope="module")
def book(rendered: tuple[Path, FormStats]) -> Workbook:
    return load_workbook(rendered[0])


def table(book: Workbook) -> Worksheet:
    return book.worksheets[0]


def test_title_and_official_heading(book: Workbook) -> None:
    ws = table(book)
    assert ws.title == "复工复产技术指导"
    assert ws["A1"].value == TITLE and ws["A1"].font.b and ws["A1"].font.sz >= 14
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == f"企业名称：{ENTERPRISE}"
    assert ws["E2"].value == "日期：2025年2月14日"  # the submission day in Shanghai, not UTC
    assert ws["A3"].value == f"检查人：{INSPECTOR}"
    assert ws["E3"].value == (
        "检查地点：北纬35.49000°，东经112.85000°（GPS）\n"
        "地图：https://uri.amap.com/marker?position=112.856112,35.489588&coordinate=gaode"
    )
    assert ws.row_dimensions[3].height >= 30  # both lines show
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS


def test_every_table_cell_matches_the_template(book: Workbook, checklist: Checklist) -> None:
    ws = table(book)
    first = HEADER_ROW + 1
    for item in checklist.items:
        row = [c.value for c in ws[first + item.number - 1]]
        assert row[0] == item.number
        assert row[2] == item.content and row[3] == item.evidence
        assert row[4] == EXPECTED_PROBLEM.get(item.number, "无"), item.number
        assert row[5] == EXPECTED_ADVICE.get(item.number), item.number
    assert ws.cell(row=first + 21, column=1).value != 22  # nothing numbered after the table
    merged = {str(r) for r in ws.merged_cells.ranges}
    for title, numbers in GROUPS:
        top, bottom = first + numbers[0] - 1, first + numbers[-1] - 1
        assert ws.cell(row=top, column=2).value == title
        if bottom > top:
            assert f"B{top}:B{bottom}" in merged
    assert sum(1 for r in merged if r.startswith("B")) == 6  # the one-item group is not merged


def test_footer_signatures_and_summary(book: Workbook) -> None:
    ws = table(book)
    row = HEADER_ROW + 22
    assert ws.cell(row=row, column=1).value == "专家签字："
    assert ws.cell(row=row, column=4).value == "企业主要负责人签字："
    # The blanks stay empty for the pen: a line under cells wider than 4 cm, a tall row.
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {f"A{row}:B{row}", f"E{row}:F{row}"} <= merged
    for column in (3, 5, 6):
        blank = ws.cell(row=row, column=column)
        assert blank.value is None and blank.border.bottom.style == "thin"
    assert ws.column_dimensions["C"].width >= 22 and ws.row_dimensions[row].height >= 40
    assert ws.cell(row=row + 1, column=1).value == f"检查人员：{INSPECTOR}"
    assert ws.cell(row=row + 1, column=4).value == f"企业主要负责人：{PRINCIPAL}"
    summary = ws.cell(row=row + 2, column=1).value
    assert summary.startswith("汇总：符合 14 项，存在问题 5 项（其中重大隐患 2 项），不涉及 1 项，未作答 1 项")
    assert "照片 6 张（见照片附页）" in summary and summary.endswith("第 6 项文字过长，打印时显示不全，请以电子表格为准。")


def test_major_hazard_is_marked_and_rows_fit_their_text(book: Workbook) -> None:
    ws = table(book)
    major, general = ws.cell(row=HEADER_ROW + 3, column=5), ws.cell(row=HEADER_ROW + 2, column=5)
    assert major.font.b and major.font.color.rgb.endswith("C00000") and major.fill.fgColor.rgb.endswith("FFC7CE")
    assert not general.font.b
    heights = {n: ws.row_dimensions[HEADER_ROW + n].height for n in range(1, 22)}
    assert heights[6] == 409  # the 5000-character problem: Excel's maximum
    assert heights[15] > heights[21] >= 20  # item 15 is the longest official text
    assert ws.cell(row=HEADER_ROW + 1, column=3).alignment.wrap_text


def test_user_texts_stay_literal_strings(rendered: tuple[Path, FormStats], book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    with zipfile.ZipFile(rendered[0]) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, name


def test_page_setup_is_print_ready(book: Workbook) -> None:
    for ws, orientation in zip(book.worksheets, ("landscape", "portrait")):
        assert ws.page_setup.orientation == orientation
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    ws = table(book)
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    widths = [ws.column_dimensions[c].width for c in "ABCDEF"]
    assert widths == [6, 14, 40, 36, 30, 30]
    assert book.properties.creator == "checklist-bot" and TITLE in book.properties.title


def test_photo_sheet_lists_photos_in_item_order(rendered: tuple[Path, FormStats], book: Workbook) -> None:
    out, stats = rendered
    ws = book["照片"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_col=3)]
    assert [r[0] for r in rows] == [2, 2, 13, 18, 18, "—"]
    captions = [r[1].split("\n") for r in rows]
    assert [c[0].split("　")[0] for c in captions] == [f"附页第{n}张" for n in range(1, 7)]
    assert captions[0][0] == "附页第1张　序号2：组织职工观看安全生产事故警示教育片。"
    assert captions[1][1] == "说明：=1+1" and captions[2][1] == "说明：+86 123"
    assert "接收时间：2025-02-13 23:39" in captions[1]  # received_at on the bureau's clock
    assert "检查地点：北纬35.49000°，东经112.85000°" in captions[1]
    assert captions[1][-1] == "SHA-256：sha2"
    assert rows[3][2] == UNREADABLE and rows[4][2] == UNREADABLE
    assert captions[5][0] == "附页第6张　综合：综合照片"
    assert len(ws._images) == 4
    assert ws["A3"].value == "2 张照片无法读取。"
    assert stats == FormStats(out.stat().st_size, 4, False, FULL_SIDE, photos_unreadable=2)


def test_photo_pages_repeat_the_form_heading(book: Workbook) -> None:
    ws = book["照片"]
    assert ws["A1"].value == TITLE
    assert ws["A2"].value == f"企业名称：{ENTERPRISE}　日期：2025年2月14日　照片附页（共 6 张）"
    assert ws.print_title_rows == "$1:$4"  # title, enterprise and date on every printed page
    assert [ws.cell(row=4, column=c).value for c in (1, 2, 3)] == ["序号", "说明", "照片"]


def test_photos_are_shown_large_enough_to_read(checklist: Checklist) -> None:
    """A portrait photo of a document fills a row's full height (over 9 cm wide on A4)."""
    from openpyxl.utils.units import EMU_to_pixels

    portrait = photo_bytes(size=(1200, 1600))
    buffer = io.BytesIO()
    render_form(make_filled(checklist, (make_photo(1, None, 1),)), lambda p: portrait, buffer, tz=TZ)
    ws = load_workbook(buffer)["照片"]
    (image,) = ws._images
    extent = image.anchor.ext
    assert (EMU_to_pixels(extent.width), EMU_to_pixels(extent.height)) == (402, 536)
    assert ws.row_dimensions[5].height <= 409  # Excel's row limit holds the whole photo
    assert ws.column_dimensions["C"].width * 7 + 5 >= SHOW_WIDTH  # Excel: the widest photo fits its column


def test_render_to_stream_counts_bytes(checklist: Checklist) -> None:
    buffer = io.BytesIO()
    stats = render_form(make_filled(checklist), lambda p: b"", buffer, tz=TZ)
    assert stats.bytes_written == len(buffer.getvalue()) > 0 and stats.photos == 0
    assert load_workbook(io.BytesIO(buffer.getvalue())).sheetnames == ["复工复产技术指导"]  # no empty photo page


def test_control_characters_and_missing_fields_do_not_break_the_form(checklist: Checklist) -> None:
    filled = make_filled(checklist, enterprise=Enterprise(3, "坏\x07企业\x00"), principal_name=None,
                         submitted_at=None, location=None)
    buffer = io.BytesIO()
    render_form(filled, lambda p: b"", buffer, tz=TZ)
    ws = load_workbook(buffer).worksheets[0]
    assert ws["A2"].value == "企业名称：坏企业"
    assert ws["E2"].value == "日期：2025年2月13日"  # started_at, 23:30 in Shanghai
    assert ws["E3"].value is None
    assert ws.cell(row=HEADER_ROW + 23, column=4).value == "企业主要负责人："


def test_many_photos_get_smaller_thumbnails_and_a_note(checklist: Checklist) -> None:
    tiny = photo_bytes(size=(8, 8))
    photos = tuple(make_photo(i, checklist.items[i % 21].id, i) for i in range(150))
    buffer = io.BytesIO()
    stats = render_form(make_filled(checklist, photos), lambda p: tiny, buffer, tz=TZ)
    assert stats.photos == 150 and stats.thumbnails_scaled
    assert MIN_SIDE <= stats.thumbnail_side < FULL_SIDE
    ws = load_workbook(buffer)["照片"]
    assert ws["A3"].value == f"照片较多，缩略图已缩小至 {stats.thumbnail_side} 像素。"
    assert len(ws._images) == 150


def test_photos_beyond_the_byte_budget_are_listed_but_not_embedded(
    checklist: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = photo_bytes(size=(64, 64))
    one = len(make_thumbnail(data, FULL_SIDE).data)
    monkeypatch.setattr("checklists.form_photos.BYTES_BUDGET", 2 * one + 1)
    photos = tuple(make_photo(i, None, i) for i in range(5))
    buffer = io.BytesIO()
    stats = render_form(make_filled(checklist, photos), lambda p: data, buffer, tz=TZ)
    assert (stats.photos, stats.photos_omitted, stats.photos_unreadable) == (2, 3, 0)
    ws = load_workbook(buffer)["照片"]
    assert len(ws._images) == 2 and ws["C7"].value == "照片未嵌入（超出文件大小限制）"
    assert ws["A3"].value == "另有 3 张照片因文件大小限制未嵌入。"
    assert [ws.cell(row=r, column=1).value for r in range(5, 10)] == ["—"] * 5


def test_rectification_fields_go_with_the_problem(checklist: Checklist) -> None:
    item = checklist.items[0]
    filled = FilledInspection(
        inspection=make_filled(checklist).inspection,
        answers={item.id: Answer(item.id, Result.PROBLEM, problem="问题", hazard=Hazard.MAJOR,
                                 deadline=date(2025, 3, 5), rectification="已整改")},
    )
    buffer = io.BytesIO()
    render_form(filled, lambda p: b"", buffer, tz=TZ)
    ws = load_workbook(buffer).worksheets[0]
    assert ws.cell(row=HEADER_ROW + 1, column=5).value == "【重大隐患】问题\n整改时限：2025年3月5日\n整改情况：已整改"
    assert ws.cell(row=HEADER_ROW + 1, column=6).value is None
    assert ws.cell(row=HEADER_ROW + 2, column=5).value is None  # unanswered


def test_thumbnail_side_shrinks_with_count_but_not_below_minimum() -> None:
    assert thumbnail_side(1) == thumbnail_side(100) == FULL_SIDE
    sides = [thumbnail_side(n) for n in (101, 150, 300, 1000)]
    assert sides == sorted(sides, reverse=True) and sides[-1] == MIN_SIDE and sides[0] < FULL_SIDE


def test_thumbnail_fits_the_side_and_keeps_the_aspect() -> None:
    thumb = make_thumbnail(photo_bytes(size=(1280, 960), orientation=6), 800)
    assert (thumb.width, thumb.height) == (600, 800)
    with Image.open(io.BytesIO(thumb.data)) as image:
        assert image.format == "JPEG" and image.size == (600, 800)
    transparent = make_thumbnail(photo_bytes("PNG", size=(10, 10), mode="RGBA"), 800)
    with Image.open(io.BytesIO(transparent.data)) as image:
        assert image.mode == "RGB"
    assert display_size(800, 600, 400, 300) == (400, 300)
    assert display_size(600, 800, 400, 300) == (225, 300)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("泽州县某某钢铁有限公司", "复工复产技术指导-泽州县某某钢铁有限公司-2025-02-14.xlsx"),
        ('a/b:c*?"<>|d', "复工复产技术指导-a_b_c_d-2025-02-14.xlsx"),
        ("  ..\\..\\etc\\passwd  ", "复工复产技术指导-etc_passwd-2025-02-14.xlsx"),
        ("公司\n名称\t\x00\u202egpj.xlsx", "复工复产技术指导-公司 名称 gpj.xlsx-2025-02-14.xlsx"),
        ("???", "复工复产技术指导-未命名企业-2025-02-14.xlsx"),
    ],
)
def test_form_file_name_is_sanitised(checklist: Checklist, name: str, expected: str) -> None:
    filled = make_filled(checklist, enterprise=Enterprise(3, name))
    assert form_file_name(filled, TZ) == expected


def test_form_file_name_bounds_length_and_falls_back(checklist: Checklist) -> None:
    long_name = make_filled(checklist, enterprise=Enterprise(3, "长" * 300))
    assert form_file_name(long_name, TZ) == f"复工复产技术指导-{'长' * 50}-2025-02-14.xlsx"
    unsubmitted = make_filled(checklist, enterprise=None, submitted_at=None)
    assert form_file_name(unsubmitted, TZ) == "复工复产技术指导-未命名企业-2025-02-13.xlsx"


def test_text_too_tall_for_a_row_is_top_aligned(book: Workbook) -> None:
    ws = table(book)
    assert ws.cell(row=HEADER_ROW + 6, column=5).alignment.vertical == "top"
    assert ws.cell(row=HEADER_ROW + 6, column=3).alignment.vertical == "center"
