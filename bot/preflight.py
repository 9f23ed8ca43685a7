"""Checks made before anything connects or writes, each failing with one line.

An operator who mistypes a path or an id should read one `error:` line that
names the setting (or option) at fault, not a traceback from deep inside
SQLite or Telegram minutes later.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.config import ConfigError, Settings
from checklists.documents import KINDS

# Formats `checklist-bot export -o` can write, by suffix. A name without a
# suffix gets the first one; any other suffix is refused rather than writing
# a spreadsheet under a misleading name. One per document kind (checklists/documents.py).
EXPORT_SUFFIXES: tuple[str, ...] = tuple(f".{name}" for name in KINDS)
OUTPUT_OPTION = "-o/--output"


def check_data_dir(settings: Settings) -> Path:
    """The data folder exists (created if missing) and this user may write in it."""
    where = settings.origin("data_dir")
    path = settings.data_dir
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{where}: {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{where}: cannot create {path}: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"{where}: {path} is not writable by this user")
    for name in ("checklist-bot.sqlite3", "media"):
        inner = path / name
        if inner.exists() and not os.access(inner, os.W_OK):
            raise ConfigError(f"{where}: {inner} is not writable by this user")
    return path


def export_path(raw: str) -> Path:
    """Where `export` writes: the given file, `.xlsx` appended when it has no suffix."""
    path = Path(raw).expanduser()
    if raw.endswith(("/", os.sep)) or path.is_dir():
        raise ConfigError(f"{OUTPUT_OPTION}: {raw} is a folder; give a file name such as form.xlsx")
    suffix = path.suffix.lower()
    if not suffix:
        path = path.with_name(path.name + EXPORT_SUFFIXES[0])
    elif suffix not in EXPORT_SUFFIXES:
        allowed = " or ".join(EXPORT_SUFFIXES)
        raise ConfigError(f"{OUTPUT_OPTION}: {raw}: cannot write {path.suffix} files; use {allowed}")
    folder = path.parent
    if not folder.is_dir():
        raise ConfigError(f"{OUTPUT_OPTION}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"{OUTPUT_OPTION}: folder {folder} is not writable by this user")
    return path
