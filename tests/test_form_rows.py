"""The renderer-neutral form model: cell texts, photo references, signatures, captions."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime

import pytest
from PIL import Image

from checklists.form_rows import answer_cells, build_model, photo_caption, photo_note
from checklists.inspection import Answer
from checklists.model import Checklist, Hazard, Result
from checklists.thumbnails import make_thumbnail
from tests.test_form import TZ, make_filled, make_photo


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    from checklists.loader import load_catalog

    return load_catalog().get("zezhou-resumption-2025")


@pytest.mark.parametrize(
    ("answer", "cells"),
    [
        (None, ("", "")),
        (Answer("x", Result.OK), ("无", "")),  # 存在问题 is for problems
        (Answer("x", Result.OK, advice="继续保持"), ("无", "")),  # 专家建议 is advice on a problem
        (Answer("x", Result.NOT_APPLICABLE), ("不涉及", "")),
        (Answer("x", Result.PROBLEM), ("存在问题", "")),
        (Answer("x", Result.PROBLEM, problem="缺记录", hazard=Hazard.GENERAL), ("【一般隐患】缺记录", "")),
        (Answer("x", Result.PROBLEM, problem="失效", advice="停产", hazard=Hazard.MAJOR,
                deadline=date(2025, 3, 1), rectification="已更换"),
         ("【重大隐患】失效\n整改时限：2025年3月1日\n整改情况：已更换", "停产")),
    ],
)
def test_answer_cells(checklist: Checklist, answer: Answer | None, cells: tuple[str, str]) -> None:
    assert answer_cells(checklist.items[0], answer) == cells


def test_photo_note_numbers_in_photo_page_order() -> None:
    assert photo_note([]) == ""
    assert photo_note([3]) == "（附照片1张，见附页第3张）"
    assert photo_note([3, 4]) == "（附照片2张，见附页第3–4张）"


def test_model_rows_groups_signatures_and_photo_references(checklist: Checklist) -> None:
    items = {i.number: i.id for i in checklist.items}
    photos = (make_photo(1, items[5], 2), make_photo(2, items[1], 9), make_photo(3, items[1], 1),
              make_photo(4, None, 0))
    model = build_model(make_filled(checklist, photos), TZ)
    assert [r.number for r in model.rows] == list(range(1, 22))
    assert model.rows[0].problem == "无\n（附照片2张，见附页第1–2张）"
    assert model.rows[4].problem.endswith("\n（附照片1张，见附页第3张）")
    assert [(e.index, e.photo.id) for e in model.photos] == [(1, 3), (2, 2), (3, 1), (4, 4)]
    assert [(g.first, g.last) for g in model.groups][:3] == [(0, 4), (5, 5), (6, 7)]
    assert [(s.label, s.name_line) for s in model.signatures] == [
        ("专家签字", "检查人员：-5 张专家"),
        ("企业主要负责人签字", '企业主要负责人：=HYPERLINK("http://x","李负责")'),
    ]
    assert model.photo_heading.startswith("企业名称：=1+1 泽州县某某钢铁有限公司　日期：2025年2月14日")


def test_caption_prefers_the_exif_time_and_shows_location_and_digest(checklist: Checklist) -> None:
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2025:02:14 09:30:15"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    photo = make_photo(1, checklist.items[1].id, 5, caption="观看现场")
    photo = type(photo)(**{**photo.__dict__, "sha256": digest})
    (entry,) = build_model(make_filled(checklist, (photo,)), TZ).photos
    taken = make_thumbnail(data, 800).taken
    assert taken == datetime(2025, 2, 14, 9, 30, 15)
    assert photo_caption(entry, taken) == [
        "附页第1张　序号2：组织职工观看安全生产事故警示教育片。",
        "说明：观看现场",
        "拍摄时间：2025-02-14 09:30",
        "检查地点：北纬35.49000°，东经112.85000°",
        f"SHA-256：{digest[:12]}",
    ]
    assert "接收时间：2025-02-13 23:35" in photo_caption(entry, None)


def test_photo_without_exif_or_with_a_bad_date_has_no_taken_time() -> None:
    plain = io.BytesIO()
    Image.new("RGB", (8, 8)).save(plain, "JPEG")
    assert make_thumbnail(plain.getvalue(), 800).taken is None
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "0000:00:00 00:00:00"
    bad = io.BytesIO()
    Image.new("RGB", (8, 8)).save(bad, "JPEG", exif=exif.tobytes())
    assert make_thumbnail(bad.getvalue(), 800).taken is None
