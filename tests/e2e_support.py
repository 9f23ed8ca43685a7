"""End-to-end support: runs the real `checklist-bot run` in a subprocess against
the local Bot API server, and an `Inspector` that taps and types like a person."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOKEN = "4242424242:" + "TEST-token-for-the-local-server_only1"  # split: no token-shaped literal
GROUP_ID = -1001234567890
REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "telegram-bot-api" / "api.min.json"


class BotProcess:
    """The bot as users get it: the console entry point, real HTTP, real SQLite."""

    def __init__(self, api_url: str, data_dir: Path, admin_ids: str = "", **extra: str) -> None:
        self.env = {
            **os.environ,
            "CHECKLIST_BOT_TOKEN": TOKEN,
            "CHECKLIST_BOT_API_URL": api_url,
            "CHECKLIST_BOT_DATA_DIR": str(data_dir),
            "CHECKLIST_BOT_GROUP_ID": str(GROUP_ID),
            "CHECKLIST_BOT_ADMIN_IDS": admin_ids,
            "CHECKLIST_BOT_LOG_LEVEL": "INFO",
            "PYTHONPATH": str(REPO),
            **{f"CHECKLIST_BOT_{k.upper()}": v for k, v in extra.items()},
        }
        self.data_dir = data_dir
        self.log_path = data_dir.parent / f"{data_dir.name}-bot.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], env=self.env, cwd=REPO, stdout=log, stderr=log
        )

    def kill(self) -> None:
        """SIGKILL: no chance to flush or clean up anything."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def terminate(self, timeout: float = 10.0) -> int:
        """Blocks the event loop, and with it the in-loop fake Bot API: the bot's last
        calls while shutting down then hang until PTB's timeouts. Prefer `stop`."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    async def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM and wait in a thread, so the fake Bot API keeps answering meanwhile."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return await asyncio.to_thread(self.proc.wait, timeout)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.data_dir / "checklist-bot.sqlite3")


@dataclass
class Inspector:
    """A person on a phone: sends, waits for the bot's answer, taps buttons by label."""

    server: Any
    user: Any
    timeout: float = 15.0

    @property
    def chat_id(self) -> int:
        return self.user.id

    async def reply(self, predicate: Callable[[Any], bool] | None = None) -> Any:
        return await self.server.wait_for_message(self.chat_id, predicate=predicate, timeout=self.timeout)

    async def say(self, text: str, expect: str | None = None) -> Any:
        """Send text; return the bot's next message (containing `expect` if given)."""
        if text.startswith("/"):
            self.server.send_command(self.user, text)
        else:
            self.server.send_text(self.user, text)
        return await self.reply(_containing(expect))

    async def tap(self, label: str, expect: str | None = None, message: Any = None) -> Any:
        """Press the button whose text contains `label` on the latest message that has one."""
        message = message or self.last_with_button(label)
        data = next(d for t, d in message.buttons if label in t)
        self.server.press(self.user, message.message_id, data)
        return await self.reply(_containing(expect))

    def last_with_button(self, label: str) -> Any:
        for message in reversed(self.server.messages(self.chat_id)):
            if any(label in text for text, _ in message.buttons):
                return message
        raise AssertionError(f"no message with a button {label!r} in chat {self.chat_id}")


def _containing(needle: str | None) -> Callable[[Any], bool] | None:
    if needle is None:
        return None
    return lambda m: needle in (m.text or m.caption or "")


async def eventually(check: Callable[[], Any], timeout: float = 15.0, interval: float = 0.1) -> Any:
    """Poll until `check()` is truthy; the bot works asynchronously."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


# -- things an inspector sends, and what the tests read back ---------------------

MINI_CHECKLIST = """\
id: mini-e2e
version: 1
title: 端到端测试用简短清单
short_title: 简短测试清单
groups:
  - title: 第一组
    items:
      - id: first
        content: 第一项内容
        evidence: "查资料: 第一项"
      - id: second
        content: 第二项内容
        evidence: "查现场: 第二项"
"""


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (640, 480), orientation: int | None = None,
                colour: tuple[int, int, int] = (200, 60, 30)) -> bytes:
    """A real image made by Pillow; `orientation` adds an EXIF rotation tag."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # some structure, so JPEG is not trivially tiny
        image.paste((x % 255, 90, 255 - x % 255), (x, 0, x + 20, size[1]))
    return encoded(image, fmt, orientation)


def encoded(image: Any, fmt: str, orientation: int | None = None) -> bytes:
    """`image` as `fmt` bytes; `orientation` adds an EXIF rotation tag."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        kwargs["exif"] = exif.tobytes()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def form_cells(xlsx: bytes) -> dict[str, Any]:
    """The form's table by 序号 (column A), and every text on sheet 1, and image counts."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    sheet = book.worksheets[0]
    rows: dict[int, list[Any]] = {}
    texts: list[str] = []
    for row in sheet.iter_rows(values_only=True):
        texts += [str(v) for v in row if v is not None]
        if isinstance(row[0], int):
            rows[row[0]] = list(row)
    images = sum(len(ws._images) for ws in book.worksheets[1:])
    return {"rows": rows, "texts": "\n".join(texts), "images": images, "sheets": book.sheetnames}


async def started(server: Any, since: int = 0, timeout: float = 20.0) -> None:
    """The bot is polling: it has called getUpdates after call number `since`."""
    await eventually(lambda: any(m == "getUpdates" for m, _ in server.calls[since:]), timeout)
