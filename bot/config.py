"""Settings from an optional YAML file and `CHECKLIST_BOT_*` environment variables.

The environment wins over the file so a service manager can override one
value without editing the file. Every error names the variable, or the file
and line, at fault: an operator should never have to read a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

PREFIX = "CHECKLIST_BOT_"
DEFAULT_API_URL = "https://api.telegram.org"


class ConfigError(Exception):
    """A setting is missing or malformed; the message says where."""


class Secret(str):
    """A string that never shows itself in repr(), so a dumped config hides the token."""

    def __repr__(self) -> str:
        return "Secret('***')"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("./data")
    checklists_dir: Path | None = None
    token: Secret | None = None
    api_url: str = DEFAULT_API_URL
    proxy: str | None = None
    group_id: int | None = None
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    digest_at: time = time(9, 0)  # local time of hazard reminders and the overdue digest
    # Reports (bot/reports.py): the bureau's name on them, the campaign's first month, when they are due.
    report_unit: str = ""
    report_first_month: str = "2025-05"
    report_monthly_at: tuple[int, time] = (23, time(9, 0))  # annexes 1 and 2: day of month, local time
    report_annex5_at: tuple[int, time] = (8, time(9, 0))  # annex 5, for the month before
    report_weekly_at: tuple[int, time] = (4, time(10, 0))  # the weekly report: weekday (0 = Monday), time
    # Where each value came from (`CHECKLIST_BOT_X` or `file:line: x`), for error messages.
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def origin(self, name: str) -> str:
        """The variable or file line that set `name`; the variable (and default) otherwise."""
        if name in self.origins:
            return self.origins[name]
        return f"{PREFIX}{name.upper()} (default {getattr(self, name)})"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_bot_settings(self) -> None:
        """`run` needs the token and the group; the offline commands do not."""
        if not self.token:
            raise ConfigError(f"{PREFIX}TOKEN is not set: put the token BotFather gave you there")
        if self.group_id is None:
            raise ConfigError(f"{PREFIX}GROUP_ID is not set: the bureau group's chat id (negative)")


def _parse_int(value: Any, where: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ConfigError(f"{where}: expected an integer, got {value!r}") from None


def _parse_group_id(value: Any, where: str) -> int:
    """A group's chat id is negative; a positive id is a person, a likely copy mistake."""
    group_id = _parse_int(value, where)
    if group_id >= 0:
        raise ConfigError(
            f"{where}: expected the bureau group's chat id, a negative number like -1001234567890, "
            f"got {group_id} (a positive id is a user, not a group)"
        )
    return group_id


def _parse_ids(value: Any, where: str) -> frozenset[int]:
    if isinstance(value, list):
        parts = [str(v) for v in value]
    else:
        parts = [p for p in str(value).replace(" ", "").split(",") if p]
    return frozenset(_parse_int(p, where) for p in parts)


def _parse_url(value: Any, where: str) -> str:
    url = str(value).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: expected an http(s) URL, got {value!r}")
    return url


def _parse_proxy(value: Any, where: str) -> str:
    url = str(value).strip()
    if not url.startswith(("http://", "https://", "socks5://", "socks5h://", "socks4://")):
        raise ConfigError(f"{where}: expected http://, https:// or socks5:// proxy URL, got {value!r}")
    return url


def _parse_tz(value: Any, where: str) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown time zone {value!r} (e.g. Asia/Shanghai)") from None
    return str(value)


def _parse_level(value: Any, where: str) -> str:
    level = str(value).upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"{where}: expected DEBUG, INFO, WARNING or ERROR, got {value!r}")
    return level


def _parse_clock(value: Any, where: str) -> time:
    """HH:MM, 24-hour. YAML reads an unquoted 9:30 as 570 (base 60): that means 09:30 too."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    parts = str(value).strip().split(":")
    if len(parts) == 2 and all(p.isascii() and p.isdigit() and len(p) <= 2 for p in parts):
        hour, minute = int(parts[0]), int(parts[1])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ConfigError(f"{where}: expected a time of day as HH:MM (e.g. 09:00), got {value!r}")



def _parse_unit(value: Any, where: str) -> str:
    """The bureau's name as printed in 填报单位 / 检查单位: one line, at most 50 characters."""
    text = " ".join(str(value).split())
    if len(text) > 50:
        raise ConfigError(f"{where}: expected the bureau's name (at most 50 characters), got {len(text)} characters")
    return text


def _parse_month(value: Any, where: str) -> str:
    from checklists.reports.period import parse_month

    month = parse_month(str(value))
    if month is None:
        raise ConfigError(f"{where}: expected a month as YYYY-MM (e.g. 2025-05), got {value!r}")
    return month


def _parse_slot(value: Any, where: str, weekly: bool) -> tuple[int, time]:
    from checklists.reports.schedule import parse_slot

    slot = parse_slot(str(value), weekly)
    if slot is None:
        example = "a weekday and a time, e.g. fri 10:00" if weekly else "a day of the month (1-28) and a time, e.g. 23 09:00"
        raise ConfigError(f"{where}: expected {example}, got {value!r}")
    return slot


_PARSERS = {
    "data_dir": lambda v, w: Path(str(v)).expanduser(),
    "checklists_dir": lambda v, w: Path(str(v)).expanduser(),
    "token": lambda v, w: Secret(str(v).strip()),
    "api_url": _parse_url,
    "proxy": _parse_proxy,
    "group_id": _parse_group_id,
    "admin_ids": _parse_ids,
    "timezone": _parse_tz,
    "log_level": _parse_level,
    "digest_at": _parse_clock,
    "report_unit": lambda v, w: _parse_unit(v, w),
    "report_first_month": lambda v, w: _parse_month(v, w),
    "report_monthly_at": lambda v, w: _parse_slot(v, w, weekly=False),
    "report_annex5_at": lambda v, w: _parse_slot(v, w, weekly=False),
    "report_weekly_at": lambda v, w: _parse_slot(v, w, weekly=True),
}


def _read_file(path: Path) -> dict[str, tuple[Any, str]]:
    """Top-level keys of the YAML file with `file:line` of each, for error messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{path}:{node.start_mark.line + 1}: expected a mapping of settings")
    result: dict[str, tuple[Any, str]] = {}
    for key_node, value_node in node.value:
        where = f"{path}:{key_node.start_mark.line + 1}: {key_node.value}"
        if key_node.value not in _PARSERS:
            known = ", ".join(sorted(_PARSERS))
            raise ConfigError(f"{where}: unknown setting (known: {known})")
        value = yaml.safe_load(yaml.serialize(value_node))
        if value is not None:
            result[key_node.value] = (value, where)
    return result


def load_settings(config_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then the file, then the environment."""
    env = os.environ if environ is None else environ
    raw: dict[str, tuple[Any, str]] = _read_file(config_file) if config_file else {}
    for name in _PARSERS:
        value = env.get(PREFIX + name.upper())
        if value is not None and value.strip() != "":
            raw[name] = (value, PREFIX + name.upper())
    values = {name: _PARSERS[name](value, where) for name, (value, where) in raw.items()}
    return Settings(**values, origins={name: where for name, (_, where) in raw.items()})
