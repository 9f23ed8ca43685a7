"""The outbox worker tells a render error (a bug) from a network error, with an
injected renderer that raises, a stub bot and real SQLite."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.error import NetworkError

from bot.delivery import DeliveryWorker
from checklists.inspection import DeliveryStatus
from storage import Storage
from tests.storage_support import ALICE, started

GROUP = -100700
TZ = ZoneInfo("Asia/Shanghai")


class StubBot:
    def __init__(self, error: Exception | None = None) -> None:
        self.documents: list[tuple[int, str]] = []
        self.error = error

    async def send_document(self, chat_id: int, document: Any, **_: Any) -> Any:
        if self.error is not None:
            raise self.error
        self.documents.append((chat_id, document.filename))
        return type("Message", (), {"message_id": len(self.documents)})()


async def _queued(tmp_path: Path) -> tuple[Storage, int]:
    storage = await Storage.open(tmp_path / "data")
    inspection_id = await started(storage)
    queued = [(ALICE.id, "mine", "f.xlsx"), (GROUP, "group", "f.xlsx"),
              (ALICE.id, "mine", "f.pdf"), (GROUP, "group", "f.pdf")]
    await storage.submit(inspection_id, queued, now=datetime.now(timezone.utc))
    return storage, inspection_id


SENT_FIRST = [(ALICE.id, "f.xlsx"), (GROUP, "f.xlsx")]  # the outbox's order: .xlsx copies first


@pytest.mark.parametrize("broken, sent", [({"xlsx", "pdf"}, []), ({"xlsx"}, []), ({"pdf"}, SENT_FIRST)])
async def test_render_error_is_logged_once_given_up_and_told_once(
    broken: set[str], sent: list[tuple[int, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    storage, inspection_id = await _queued(tmp_path)
    told: list[tuple[int, list[int]]] = []

    async def tell(found: int, chats: Any) -> None:
        told.append((found, sorted(set(chats))))

    async def render(self: DeliveryWorker, found: int, kind: Any = None) -> bytes:
        if kind is None or kind.name in broken:
            raise KeyError("groups")  # e.g. a damaged stored checklist copy
        return b"document"

    monkeypatch.setattr(DeliveryWorker, "_render", render)
    bot = StubBot()
    worker = DeliveryWorker(bot, storage, TZ, on_render_failed=tell)  # type: ignore[arg-type]
    try:
        with caplog.at_level(logging.WARNING):
            assert await worker.run_once() == len(sent)
            assert await worker.run_once() == 0  # nothing is due again
        assert bot.documents == sent  # what failed, and all after it, is given up together
        assert told == [(inspection_id, [GROUP, ALICE.id])]
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and errors[0].exc_info is not None
        gone = await storage.undelivered(None)
        assert len(gone) == 4 - len(sent) and all(d.status is DeliveryStatus.FAILED for d in gone)
        assert "render failed: KeyError" in (gone[0].last_error or "")
    finally:
        await storage.close()


async def test_network_errors_are_still_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage, _ = await _queued(tmp_path)
    told: list[int] = []

    async def tell(found: int, chats: Any) -> None:
        told.append(found)

    async def render(self: DeliveryWorker, found: int, kind: Any = None) -> bytes:
        return b"document"

    monkeypatch.setattr(DeliveryWorker, "_render", render)
    worker = DeliveryWorker(StubBot(NetworkError("Bad Gateway")), storage, TZ, on_render_failed=tell)  # type: ignore[arg-type]
    try:
        await worker.run_once()
        owed = await storage.undelivered(None)
        assert len(owed) == 4 and all(d.status is DeliveryStatus.PENDING and d.attempts == 1 for d in owed)
        assert told == [] and await storage.next_delivery_at() is not None
    finally:
        await storage.close()
