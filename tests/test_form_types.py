"""Every question type on the form: values readable in their rows, each ledger as
its own print-ready table, in the .xlsx and the PDF alike."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pypdfium2
from openpyxl import load_workbook

from checklists.flow_types import Event, Kind
from checklists.form import render_form
from checklists.inspection import Enterprise, FilledInspection
from checklists.pdf_form import render_pdf
from tests.flow_support import Harness, every_type_checklist

TZ = ZoneInfo("Asia/Shanghai")


def filled_every_type() -> FilledInspection:
    h = Harness.start(every_type_checklist())
    h.tap(Kind.OPTION, "o")
    h.tap(Kind.OPTION, "p")
    h.text("未开展培训")
    h.tap(Kind.LEVEL, "m")
    h.tap(Kind.DEADLINE, "30")
    h.tap(Kind.SKIP)
    h.text("1250")
    h.tap(Kind.OPTION, "o1")
    h.tap(Kind.OPTION, "o0")
    h.tap(Kind.OPTION, "o2")
    h.tap(Kind.OPTION, "ok")
    h.text("2025/6/1")
    h.text("=HYPERLINK(\"x\")")
    h.tap(Kind.OPTION, "r")
    for name, count, risk in (("1号煤气柜", "2", "o0"), ("=SUM(A1)", "1", "o2")):
        h.tap(Kind.REC_ADD)
        h.text(name)
        h.text(count)
        h.tap(Kind.OPTION, risk)
    h.tap(Kind.REC_DONE)
    h.text("李四")
    assert h.send(Event(Kind.SUBMIT)).submit
    inspection = replace(h.inspection, enterprise=Enterprise(1, "兴华钢铁有限公司"),
                         submitted_at=datetime(2025, 6, 10, 3, tzinfo=timezone.utc))
    return FilledInspection(inspection=inspection, answers=dict(h.answers))


def test_values_stand_in_their_rows_and_the_ledger_has_its_own_sheet() -> None:
    out = io.BytesIO()
    render_form(filled_every_type(), lambda p: b"", out, tz=TZ)
    book = load_workbook(io.BytesIO(out.getvalue()))
    main = book.worksheets[0]
    rows = {r[0]: r for r in main.iter_rows(values_only=True) if isinstance(r[0], int)}
    assert rows[3][4] == "1250 mm" and rows[4][4] == "外包作业" and rows[5][4] == "CO、O2"
    assert rows[6][4] == "2025年6月1日" and rows[7][4] == '=HYPERLINK("x")'
    assert rows[8][4] == "共 2 条记录" and rows[1][4] == "无"
    assert "第十三条（一）" in rows[2][4] and "【重大隐患】未开展培训" in rows[2][4]
    ledger = book["台账（序号8）"]
    table = [r for r in ledger.iter_rows(values_only=True)]
    assert table[0][0] == "兴华钢铁有限公司有限空间管理台账"
    assert table[1] == ("序号", "有限空间名称", "数量", "风险等级")
    assert table[2:] == [("1", "1号煤气柜", "2", "高"), ("2", "=SUM(A1)", "1", "低")]
    assert ledger.cell(4, 2).data_type == "s"  # formula-looking text stays text
    assert ledger.page_setup.orientation == "landscape" and ledger.print_title_rows == "$2:$2"


def test_the_pdf_prints_the_same_values_and_ledger() -> None:
    out = io.BytesIO()
    render_pdf(filled_every_type(), lambda p: b"", out, tz=TZ)
    document = pypdfium2.PdfDocument(out.getvalue())
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for needle in ("1250 mm", "外包作业", "2025年6月1日", "有限空间管理台账", "1号煤气柜", "风险等级", "共 2 条记录"):
        assert needle in text.replace("\r", "").replace("\n", ""), needle
