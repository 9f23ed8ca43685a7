"""CHECKLIST_BOT_DIGEST_AT: HH:MM from the environment or the YAML file; errors name the setting."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_default_and_environment() -> None:
    assert load_settings(environ={}).digest_at == time(9, 0)
    assert load_settings(environ={"CHECKLIST_BOT_DIGEST_AT": "07:45"}).digest_at == time(7, 45)


def test_yaml_reads_unquoted_times_in_base_60(tmp_path: Path) -> None:
    config = tmp_path / "bot.yaml"
    config.write_text("digest_at: 9:30\n", encoding="utf-8")  # YAML 1.1 makes this the integer 570
    assert load_settings(config, environ={}).digest_at == time(9, 30)
    config.write_text('digest_at: "18:05"\n', encoding="utf-8")
    assert load_settings(config, environ={}).digest_at == time(18, 5)


@pytest.mark.parametrize("value", ["24:00", "9", "9:60", "nine", "０９:００", "-1:00"])
def test_bad_values_name_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="CHECKLIST_BOT_DIGEST_AT"):
        load_settings(environ={"CHECKLIST_BOT_DIGEST_AT": value})


def test_bad_value_in_the_file_names_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "bot.yaml"
    config.write_text("log_level: INFO\ndigest_at: soon\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bot\.yaml:2: digest_at"):
        load_settings(config, environ={})
