"""The outbox owes each chat each document (.xlsx and PDF) exactly once.

Storage contract tests on real SQLite files: the schema step that made the
document part of the uniqueness keeps the rows queued before it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from checklists.documents import DELIVERED, KINDS, PDF, XLSX, kind_of
from storage import Storage, outbox_schema
from storage.migrations import MIGRATIONS
from tests.storage_support import (  # noqa: F401  (data_dir, store: fixtures)
    ALICE, DB_NAME, T0, data_dir, started, store,
)

GROUP = -100123


async def test_each_document_is_queued_once_per_chat(store: Storage, data_dir: Path) -> None:
    inspection_id = await started(store)
    deliveries = [(ALICE.id, "给检查员", "表.xlsx"), (GROUP, "给群组", "表.xlsx"),
                  (ALICE.id, "PDF", "表.pdf"), (GROUP, "PDF", "表.pdf"), (ALICE.id, "重复", "表.pdf")]
    assert await store.submit(inspection_id, deliveries, now=T0) is True
    due = await store.due_deliveries(T0)
    assert [(d.chat_id, d.caption, d.file_name) for d in due] == deliveries[:4]
    (pdf,) = [d for d in due if d.chat_id == ALICE.id and d.file_name.endswith(".pdf")]
    await store.mark_delivered(pdf.id, message_id=5)
    assert len(await store.due_deliveries(T0)) == 3  # the .xlsx to the same chat is still owed
    with sqlite3.connect(data_dir / DB_NAME) as raw:
        documents = raw.execute("SELECT chat_id, document FROM deliveries ORDER BY id").fetchall()
        assert documents == [(ALICE.id, "xlsx"), (GROUP, "xlsx"), (ALICE.id, "pdf"), (GROUP, "pdf")]
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO deliveries (inspection_id, chat_id, document, caption, file_name, "
                "next_attempt_at, created_at) VALUES (?, ?, 'pdf', 'x', 'y.pdf', 't', 't')",
                (inspection_id, GROUP),
            )


async def test_the_schema_step_keeps_queued_and_sent_forms(data_dir: Path) -> None:
    """A database from before the PDF: its deliveries survive as .xlsx ones, still owed or sent."""
    data_dir.mkdir(mode=0o700)
    path = data_dir / DB_NAME
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:4]:
        for statement in migration:
            db.execute(statement)
    db.execute("PRAGMA user_version = 4")
    db.execute("INSERT INTO users (id, full_name, updated_at) VALUES (101, '王', '2025-01-01')")
    db.execute("""INSERT INTO inspections (checklist_id, checklist_version, checklist_snapshot, inspector_id,
                  status, started_at, submitted_at, step)
                  VALUES ('x', 1, '{}', 101, 'submitted', '2025-01-01', '2025-01-02', 'done')""")
    db.execute("""INSERT INTO deliveries (inspection_id, chat_id, caption, file_name, next_attempt_at, created_at)
                  VALUES (1, 101, '给检查员', '表.xlsx', '2025-01-02T00:00:00+00:00', '2025-01-02T00:00:00+00:00')""")
    db.execute("""INSERT INTO deliveries (inspection_id, chat_id, caption, file_name, status, attempts,
                  next_attempt_at, created_at, message_id, sent_at)
                  VALUES (1, -100, '给群组', '表.xlsx', 'sent', 1, '2025-01-02T00:00:00+00:00',
                          '2025-01-02T00:00:00+00:00', 42, '2025-01-02T00:01:00+00:00')""")
    db.close()
    store = await Storage.open(data_dir)
    try:
        (owed,) = await store.due_deliveries(T0)
        assert (owed.chat_id, owed.caption, owed.file_name) == (101, "给检查员", "表.xlsx")
    finally:
        await store.close()
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT id, chat_id, document, status, message_id FROM deliveries ORDER BY id").fetchall()
        assert rows == [(1, 101, "xlsx", "pending", None), (2, -100, "xlsx", "sent", 42)]
        indexes = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "deliveries_due" in indexes


def test_document_kinds_are_registered_once() -> None:
    assert DELIVERED == (XLSX, PDF) and set(KINDS) == {"xlsx", "pdf"}
    assert kind_of("复工复产-某公司-2025-02-14.pdf") is PDF and kind_of("表.XLSX") is XLSX
    assert kind_of("no-extension") is XLSX  # rows queued before the PDF existed
    # The schema's CHECK lists exactly the registered kinds.
    assert f"document IN ({', '.join(repr(k) for k in KINDS)})" in outbox_schema.MIGRATION[0]
