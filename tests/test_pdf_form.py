"""The PDF form prints the same model as the .xlsx, with an embedded CJK font.

The text is extracted with pdfium (the engine of Chrome and Android's PDF
viewers), so it is selectable and searchable, and every item's 具体内容 is
found in it; fonts, pages, images and the map link are read with pypdf.
(pypdf and pdfminer cannot decode the embedded CMap of a CFF CID font; pdfium
and poppler can.)
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image
import pypdfium2 as pdfium
from pypdf import PdfReader

from checklists.form import FormStats
from checklists.inspection import Enterprise
from checklists.model import Checklist
from checklists.pdf_form import render_pdf
from checklists.pdf_photos import BOX_WIDTH
from tests.test_form import ENTERPRISE, INSPECTOR, TITLE, TZ, make_filled, make_photo, photo_bytes

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    from checklists.loader import load_catalog

    return load_catalog().get("zezhou-resumption-2025")


def flat(text: str) -> str:
    """Extracted text without the line breaks and spacing the layout adds."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(checklist: Checklist, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FormStats, dict[str, bytes]]:
    item = {i.number: i.id for i in checklist.items}
    media = {"sha1": photo_bytes(size=(900, 1200)), "sha2": photo_bytes(size=(1200, 800), orientation=6),
             "sha3": photo_bytes("PNG", mode="RGBA"), "sha5": b"not an image"}
    photos = (make_photo(1, item[2], 3, caption="观看记录"), make_photo(2, item[2], 9),
              make_photo(3, None, 1, caption="现场全景"), make_photo(5, item[18], 7))
    out = tmp_path_factory.mktemp("pdf") / "form.pdf"
    stats = render_pdf(make_filled(checklist, photos), lambda p: media[p.sha256], out, tz=TZ)
    return out, stats, media


@pytest.fixture(scope="module")
def reader(rendered: tuple[Path, FormStats, dict[str, bytes]]) -> PdfReader:
    return PdfReader(rendered[0])


def extracted(data: bytes | Path) -> list[str]:
    """Each page's text as a PDF viewer extracts it for search and copy."""
    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def page_text(reader: PdfReader) -> list[str]:
    buffer = io.BytesIO()
    reader.stream.seek(0)
    buffer.write(reader.stream.read())
    return extracted(buffer.getvalue())


def test_every_item_text_is_extractable(reader: PdfReader, checklist: Checklist) -> None:
    text = flat("".join(page_text(reader)))
    assert flat(TITLE) in text and flat(f"企业名称：{ENTERPRISE}") in text and "日期：2025年2月14日" in text
    for item in checklist.items:
        assert flat(item.content) in text, item.number
        assert flat(item.evidence) in text, item.number
    for group in checklist.groups:
        assert flat(group.title) in text


def test_cells_and_signature_block_match_the_xlsx_model(reader: PdfReader) -> None:
    text = flat("".join(page_text(reader)))
    assert flat("【一般隐患】=1+1（附照片2张，见附页第1–2张）") in text
    assert flat("【重大隐患】煤气报警器失效整改时限：2025年3月1日（附照片1张，见附页第3张）") in text
    assert "立即停产整改" in text
    assert "专家签字：" in text and "企业主要负责人签字：" in text
    assert flat(f"检查人员：{INSPECTOR}") in text
    assert "汇总：符合14项" in text


def test_font_is_an_embedded_cjk_subset(reader: PdfReader) -> None:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts.append((str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile2", "/FontFile3"))))
    assert fonts and all(embedded for _, embedded in fonts)
    assert all(re.fullmatch(r"/[A-Z]{6}\+NotoSansCJK\w+", name) for name, _ in fonts)  # a subset


def test_table_pages_are_landscape_and_photo_pages_portrait(reader: PdfReader) -> None:
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert sizes[0] == (842, 595)
    photo_pages = [i for i, text in enumerate(page_text(reader)) if "照片附页（共" in text]
    assert photo_pages == [len(sizes) - 2, len(sizes) - 1]  # 4 photos, two to a page
    assert all(sizes[i] == (595, 842) for i in photo_pages)
    for index in photo_pages:  # each photo page repeats the form's heading
        text = flat(page_text(reader)[index])
        assert flat(TITLE) in text and flat(f"企业名称：{ENTERPRISE}") in text and "日期：2025年2月14日" in text
    footers = [flat(t) for t in page_text(reader)]
    assert all(f"第{n}页，共{len(sizes)}页" in t for n, t in enumerate(footers, start=1))


def test_photo_captions_and_images(reader: PdfReader, rendered: tuple[Path, FormStats, dict[str, bytes]]) -> None:
    _, stats, _ = rendered
    text = flat("".join(page_text(reader)[-2:]))
    assert "附页第1张序号2：组织职工观看安全生产事故警示教育片。说明：观看记录" in text
    assert "接收时间：2025-02-1323:39" in text and "SHA-256：sha2" in text
    assert "附页第3张序号18" in text and "照片无法读取" in text
    assert "附页第4张综合：综合照片" in text and "检查地点：北纬35.49000°，东经112.85000°" in text
    images = [image for page in reader.pages[-2:] for image in page.images]
    assert len(images) == 3 == stats.photos and stats.photos_unreadable == 1
    with Image.open(io.BytesIO(images[1].data)) as rotated:
        assert rotated.size == (533, 800)  # EXIF orientation applied


def test_portrait_photo_prints_at_least_9_cm_wide(reader: PdfReader) -> None:
    content = reader.pages[-2].get_contents().get_data().decode("latin-1")
    widths = [float(m) / MM for m in re.findall(r"([\d.]+) 0 0 [\d.]+ [\d.]+ [\d.]+ cm", content)]
    assert widths and widths[0] >= 90 and max(widths) <= BOX_WIDTH + 0.1


def test_map_link_is_clickable(reader: PdfReader) -> None:
    url = "https://uri.amap.com/marker?position=112.856112,35.489588&coordinate=gaode"
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert uris == [url]
    assert f"地图：{url}" in flat(page_text(reader)[0])  # printed too, as on the .xlsx


def test_hostile_text_and_missing_fields_render(checklist: Checklist) -> None:
    filled = make_filled(checklist, enterprise=Enterprise(3, "坏\x07企业\x00\t😀"), principal_name=None,
                         submitted_at=None, location=None)
    buffer = io.BytesIO()
    stats = render_pdf(filled, lambda p: b"", buffer, tz=TZ)
    assert stats.bytes_written == len(buffer.getvalue()) and buffer.getvalue().startswith(b"%PDF-")
    text = flat("".join(extracted(buffer.getvalue())))
    assert "企业名称：坏企业□" in text and "检查地点" not in text and "企业主要负责人：" in text


def test_long_caption_is_cut_but_keeps_time_and_digest(checklist: Checklist) -> None:
    data = photo_bytes(size=(300, 200))
    digest = hashlib.sha256(data).hexdigest()
    photo = make_photo(1, None, 1, caption="很长的说明" * 300)
    photo = type(photo)(**{**photo.__dict__, "sha256": digest})
    buffer = io.BytesIO()
    render_pdf(make_filled(checklist, (photo,)), lambda p: data, buffer, tz=TZ)
    last = flat(extracted(buffer.getvalue())[-1])
    assert "…" in last and f"SHA-256：{digest[:12]}" in last and "接收时间" in last


def test_both_documents_print_the_same_cells(checklist: Checklist, reader: PdfReader,
                                             rendered: tuple[Path, FormStats, dict[str, bytes]]) -> None:
    """Every cell text of the model is in the .xlsx cell and in the PDF's text."""
    from openpyxl import load_workbook

    from checklists.form import HEADER_ROW, render_form
    from checklists.form_rows import build_model

    item = {i.number: i.id for i in checklist.items}
    photos = (make_photo(1, item[2], 3, caption="观看记录"), make_photo(2, item[2], 9),
              make_photo(3, None, 1, caption="现场全景"), make_photo(5, item[18], 7))
    filled = make_filled(checklist, photos)
    model = build_model(filled, TZ)
    media = rendered[2]
    buffer = io.BytesIO()
    render_form(filled, lambda p: media[p.sha256], buffer, tz=TZ)
    sheet = load_workbook(buffer).worksheets[0]
    pdf = flat("".join(page_text(reader)))
    for index, row in enumerate(model.rows):
        cells = [c.value or "" for c in sheet[HEADER_ROW + 1 + index]]
        assert cells[2:6] == [row.content, row.evidence, row.problem, row.advice], row.number
        for text in (row.content, row.evidence, row.advice):
            assert flat(text) in pdf, row.number
        if len(row.problem) < 1000:  # the PDF cuts the 5000-character problem to a page, as the .xlsx prints it
            assert flat(row.problem) in pdf, row.number
    for signature in model.signatures:
        assert flat(signature.name_line) in pdf
