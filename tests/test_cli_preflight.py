"""Settings and options checked before connecting: one `error:` line naming the
setting or option at fault, a non-zero exit, and nothing attempted."""

from __future__ import annotations

import asyncio
import os
from importlib.metadata import version
from pathlib import Path

import pytest

from bot import app
from bot.cli import main
from bot.config import _PARSERS
from tests.test_cli import _stored_inspection


@pytest.fixture(autouse=True)
def bot_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Valid settings for `run`, which must never get as far as connecting here."""
    for name in _PARSERS:
        monkeypatch.delenv(f"CHECKLIST_BOT_{name.upper()}", raising=False)
    monkeypatch.setenv("CHECKLIST_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("CHECKLIST_BOT_GROUP_ID", "-100123")
    monkeypatch.setenv("CHECKLIST_BOT_DATA_DIR", str(tmp_path / "data"))

    def connect(settings: object) -> int:
        raise AssertionError("run() was reached: the bad setting was not caught before connecting")

    monkeypatch.setattr(app, "run", connect)


def _one_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_data_dir_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("CHECKLIST_BOT_DATA_DIR", str(tmp_path / "afile"))
    assert main(["run"]) == 2
    line = _one_error(capsys)
    assert "CHECKLIST_BOT_DATA_DIR" in line and "is a file" in line


def test_data_dir_that_cannot_be_created_names_the_file_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "afile").write_text("x")
    monkeypatch.delenv("CHECKLIST_BOT_DATA_DIR")
    config = tmp_path / "bot.yaml"
    config.write_text(f"log_level: INFO\ndata_dir: {tmp_path / 'afile' / 'data'}\n", encoding="utf-8")
    assert main(["--config", str(config), "run"]) == 2
    line = _one_error(capsys)
    assert f"{config}:2: data_dir" in line and "cannot create" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_data_dir_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv("CHECKLIST_BOT_DATA_DIR", str(locked))
    assert main(["run"]) == 2
    assert "not writable" in _one_error(capsys)


@pytest.mark.parametrize("value", ["1234567890", "0"])
def test_group_id_must_be_negative(value: str, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CHECKLIST_BOT_GROUP_ID", value)
    assert main(["run"]) == 2
    line = _one_error(capsys)
    assert "CHECKLIST_BOT_GROUP_ID" in line and "negative" in line


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"checklist-bot {version('checklist-bot')}"


def test_run_help_lists_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert all(f"CHECKLIST_BOT_{name.upper()}" in out for name in _PARSERS)
    assert "required" in out


# -- export -o -----------------------------------------------------------------

@pytest.fixture
def stored(tmp_path: Path) -> int:
    return asyncio.run(_stored_inspection(tmp_path / "data"))


def test_export_appends_xlsx_to_a_name_without_suffix(tmp_path: Path, stored: int,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(stored), "-o", str(tmp_path / "form")]) == 0
    written = tmp_path / "form.xlsx"
    assert written.read_bytes()[:2] == b"PK" and not (tmp_path / "form").exists()
    assert str(written) in capsys.readouterr().out


@pytest.mark.parametrize("target, complaint", [
    ("missing/form.xlsx", "does not exist"),
    ("adir", "is a folder"),
    ("form.csv", "cannot write .csv"),
])
def test_export_output_refused(target: str, complaint: str, tmp_path: Path, stored: int,
                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "adir").mkdir()
    assert main(["export", str(stored), "-o", str(tmp_path / target)]) == 2
    line = _one_error(capsys)
    assert "-o/--output" in line and complaint in line
    assert not (tmp_path / "form.csv").exists()
