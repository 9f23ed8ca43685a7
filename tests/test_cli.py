"""The console script as an operator meets it: listing, validation, export, start-up errors."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from checklists.inspection import Answer, Position, User
from checklists.loader import load_catalog
from checklists.model import Hazard, Result
from storage import Storage


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("TOKEN", "GROUP_ID", "CHECKLISTS_DIR", "DATA_DIR"):
        monkeypatch.delenv(f"CHECKLIST_BOT_{name}", raising=False)
    monkeypatch.setenv("CHECKLIST_BOT_DATA_DIR", str(tmp_path / "data"))


def test_checklists_lists_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklists"]) == 0
    out = capsys.readouterr().out
    assert "zezhou-resumption-2025" in out and "21 items in 7 groups" in out


def test_broken_template_exits_non_zero_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "bad.yaml").write_text("id: ok-id\nversion: 1\ntitle: t\nshort_title: s\ngroups: []\ncolour: red\n",
                                    encoding="utf-8")
    monkeypatch.setenv("CHECKLIST_BOT_CHECKLISTS_DIR", str(extra))
    assert main(["checklists"]) == 2
    err = capsys.readouterr().err
    assert f"{extra / 'bad.yaml'}:6: colour: unknown key" in err and "Traceback" not in err


async def _stored_inspection(data_dir: Path) -> int:
    checklist = load_catalog().get("zezhou-resumption-2025")
    assert checklist is not None
    storage = await Storage.open(data_dir)
    try:
        inspection = await storage.start_inspection(User(7, "张三"), checklist, Position("enterprise"))
        await storage.set_enterprise(inspection.id, await storage.enterprise_by_name("某某公司"), Position("item"))
        first, second = checklist.items[0].id, checklist.items[1].id
        await storage.put_answer(inspection.id, Answer(first, Result.OK), Position("item", second))
        problem = Answer(second, Result.PROBLEM, problem="=SUM(A1)", hazard=Hazard.MAJOR)
        await storage.put_answer(inspection.id, problem, Position("review"))
        await storage.submit(inspection.id, [], now=datetime.now(timezone.utc))
        return inspection.id
    finally:
        await storage.close()


def test_export_renders_a_stored_inspection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inspection_id = asyncio.run(_stored_inspection(tmp_path / "data"))
    out = tmp_path / "form.xlsx"
    assert main(["export", str(inspection_id), "-o", str(out)]) == 0
    sheet = load_workbook(out).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "某某公司" in " ".join(map(str, values))
    assert any(isinstance(v, str) and "=SUM(A1)" in v for v in values)
    assert main(["export", "999", "-o", str(out)]) == 2
    assert "no inspection with id 999" in capsys.readouterr().err


def test_export_writes_the_pdf_for_a_pdf_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pypdfium2 as pdfium

    inspection_id = asyncio.run(_stored_inspection(tmp_path / "data"))
    out = tmp_path / "form.PDF"
    assert main(["export", str(inspection_id), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF-")
    document = pdfium.PdfDocument(out)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert "某某公司" in text and "=SUM(A1)" in text


def test_export_without_database_names_the_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "1", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "CHECKLIST_BOT_DATA_DIR" in capsys.readouterr().err


def test_run_without_the_pdf_font_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHECKLIST_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("CHECKLIST_BOT_GROUP_ID", "-100123")
    monkeypatch.setattr("checklists.pdf_font.FONT_PACKAGE", "no_such_font_package")
    assert main(["run"]) == 2  # refused before connecting to anything
    err = capsys.readouterr().err.strip()
    assert "cvttf-NotoSansCJK-Regular" in err and "pyproject.toml" in err and len(err.splitlines()) == 1


def test_run_without_token_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert "CHECKLIST_BOT_TOKEN" in err and len(err.splitlines()) == 1
