"""Shared helpers of the storage contract tests (a tiny checklist, real images,
and the `data_dir` / `store` fixtures, imported by each test module)."""

from __future__ import annotations

import io
import stat
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image

from checklists.inspection import Position, User
from checklists.loader import load_text
from checklists.model import Checklist
from storage import Storage

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "checklist-bot.sqlite3"
T0 = datetime(2025, 2, 10, 1, 30, tzinfo=timezone.utc)
ALICE = User(101, "王检查", "wang")
BOB = User(202, "李专家")

CHECKLIST_YAML = """\
id: demo-{version}
version: {version}
title: 演示检查表（第{version}版）
short_title: 演示
groups:
  - title: 第一组
    items:
      - id: first
        content: 内容一
        evidence: 查资料：证明一
      - id: second
        content: 内容二
        evidence: 查现场：证明二
  - title: 第二组
    items:
      - id: third
        content: 内容三
        evidence: 查资料：证明三
"""


def checklist(version: int = 1) -> Checklist:
    return load_text(CHECKLIST_YAML.format(version=version), "demo.yaml")


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), color: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
async def store(data_dir: Path) -> AsyncIterator[Storage]:
    storage = await Storage.open(data_dir)
    yield storage
    await storage.close()


async def started(store: Storage, user: User = ALICE) -> int:
    inspection = await store.start_inspection(user, checklist(), Position("enterprise"), now=T0)
    return inspection.id

