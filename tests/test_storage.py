"""Contract tests of `storage.Storage` on a real SQLite file in tmp_path: opening,
migrations, inspections, enterprises, answers and the refusal of late writes.

Each test opens the store the way the bot does (`Storage.open(data_dir)`)
and checks what comes back out, never the SQL. Raw sqlite3 is used only to
inspect what has no reading API (PRAGMAs) or to tamper with a database by
hand. Photos and the outbox are in test_storage_outbox.py.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from checklists.inspection import Answer, Enterprise, Location, Position, Status, User
from checklists.loader import load_text
from checklists.model import Hazard, Result
from storage import (
    AlreadyInProgress, DatabaseUnusable, InspectionClosed, InspectionNotFound, SchemaTooNew, Storage,
    probe_image,
)
from storage.migrations import LATEST
from tests.storage_support import (  # noqa: F401  (data_dir, store: fixtures)
    ALICE, BOB, CHECKLIST_YAML, DB_NAME, REPO, T0, checklist, data_dir, image_bytes, mode, started, store,
)


# -- opening, layout, migrations ----------------------------------------------


async def test_open_creates_private_layout_in_wal_mode(store: Storage, data_dir: Path) -> None:
    assert store.db_path == data_dir / DB_NAME
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "media") == 0o700
    assert mode(store.db_path) == 0o600
    with sqlite3.connect(store.db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_reopen_after_close_keeps_everything(data_dir: Path) -> None:
    first = await Storage.open(data_dir)
    inspection_id = await started(first)
    enterprise = await first.enterprise_by_name("晋城钢铁")
    await first.set_enterprise(inspection_id, enterprise, Position("item", "first"))
    await first.put_answer(inspection_id, Answer("first", Result.OK), Position("item", "second"))
    await first.add_photo(inspection_id, "first", image_bytes("JPEG"), probe_image(image_bytes("JPEG")))
    before = await first.filled(inspection_id)
    await first.close()

    second = await Storage.open(data_dir)
    try:
        assert await second.filled(inspection_id) == before
        assert (await second.active_inspection(ALICE.id)).id == inspection_id
    finally:
        await second.close()


async def test_newer_database_is_refused_and_left_alone(data_dir: Path) -> None:
    await (await Storage.open(data_dir)).close()
    db_path = data_dir / DB_NAME
    with sqlite3.connect(db_path) as raw:
        raw.execute(f"PRAGMA user_version = {LATEST + 7}")
    with pytest.raises(SchemaTooNew) as caught:
        await Storage.open(data_dir)
    message = str(caught.value)
    assert str(db_path) in message and str(LATEST + 7) in message and str(LATEST) in message
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST + 7


async def test_a_file_that_is_not_a_database_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"this is not SQLite at all, just some text" * 50)
    with pytest.raises(DatabaseUnusable, match=DB_NAME):
        await Storage.open(data_dir)


def test_storage_never_imports_telegram() -> None:
    code = "import sys, storage, storage.store; sys.exit('telegram' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO).returncode == 0


# -- users, enterprises, inspections --------------------------------------------


async def test_start_inspection_stores_user_snapshot_and_position(store: Storage) -> None:
    local = timezone(timedelta(hours=8))
    inspection = await store.start_inspection(
        ALICE, checklist(), Position("enterprise"), now=datetime(2025, 2, 10, 9, 30, tzinfo=local)
    )
    assert inspection.status is Status.IN_PROGRESS
    assert inspection.inspector == ALICE
    assert inspection.checklist == checklist()
    assert inspection.position == Position("enterprise")
    assert inspection.started_at == T0 and inspection.started_at.tzinfo == timezone.utc
    assert inspection.enterprise is None and inspection.principal_name is None
    assert inspection.location is None and inspection.submitted_at is None
    assert await store.inspection(inspection.id) == inspection
    assert await store.active_inspection(ALICE.id) == inspection
    assert await store.active_inspection(BOB.id) is None
    assert await store.inspection(inspection.id + 1000) is None


async def test_upsert_user_updates_names(store: Storage) -> None:
    await store.upsert_user(User(ALICE.id, "旧名字"))
    await store.upsert_user(ALICE)
    inspection_id = await started(store, User(ALICE.id, "新名字", "new"))
    assert (await store.inspection(inspection_id)).inspector == User(ALICE.id, "新名字", "new")


async def test_one_inspection_in_progress_per_inspector(store: Storage, data_dir: Path) -> None:
    first = await started(store)
    with pytest.raises(AlreadyInProgress) as caught:
        await started(store)
    assert caught.value.inspection_id == first
    assert await started(store, BOB) != first  # others are not affected
    await store.cancel(first)
    assert await started(store) != first
    with sqlite3.connect(data_dir / DB_NAME) as raw:  # the index itself refuses a second one
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO inspections (checklist_id, checklist_version, checklist_snapshot, "
                "inspector_id, started_at, step) VALUES ('x', 1, '{}', ?, 't', 's')",
                (ALICE.id,),
            )


async def test_snapshot_survives_catalog_changes(store: Storage, data_dir: Path) -> None:
    original = checklist(1)
    inspection = await store.start_inspection(ALICE, original, Position("enterprise"))
    edited = load_text(CHECKLIST_YAML.format(version=1).replace("内容一", "改过的内容"), "demo.yaml")
    assert edited != original  # the YAML changed after the start...
    assert (await store.inspection(inspection.id)).checklist == original  # ...the inspection did not
    assert (await store.inspection(inspection.id)).checklist.item("first").content == "内容一"
    with sqlite3.connect(data_dir / DB_NAME) as raw:
        row = raw.execute("SELECT checklist_id, checklist_version FROM inspections").fetchone()
    assert row == ("demo-1", 1)
    await store.close()
    reopened = await Storage.open(data_dir)  # no cache: read back from the JSON
    try:
        assert (await reopened.inspection(inspection.id)).checklist == original
    finally:
        await reopened.close()


async def test_enterprise_by_name_normalises_and_reuses(store: Storage) -> None:
    first = await store.enterprise_by_name("泽州县  某某  煤业有限公司")
    assert first.name == "泽州县 某某 煤业有限公司"
    assert await store.enterprise_by_name("  泽州县\u3000某某 煤业有限公司 ") == first
    other = await store.enterprise_by_name("另一家公司")
    assert other.id != first.id
    with pytest.raises(ValueError):
        await store.enterprise_by_name(" \u3000 ")


async def test_recent_enterprises_most_recent_first_distinct_per_inspector(store: Storage) -> None:
    names = ["甲公司", "乙公司", "甲公司", "丙公司"]
    for day, name in enumerate(names):
        inspection = await store.start_inspection(
            ALICE, checklist(), Position("enterprise"), now=T0 + timedelta(days=day)
        )
        await store.set_enterprise(inspection.id, await store.enterprise_by_name(name), Position("item", "first"))
        await store.cancel(inspection.id)
    bob = await started(store, BOB)
    await store.set_enterprise(bob, await store.enterprise_by_name("丁公司"), Position("item", "first"))
    assert [e.name for e in await store.recent_enterprises(ALICE.id)] == ["丙公司", "甲公司", "乙公司"]
    assert [e.name for e in await store.recent_enterprises(ALICE.id, limit=2)] == ["丙公司", "甲公司"]
    assert [e.name for e in await store.recent_enterprises(BOB.id)] == ["丁公司"]
    assert await store.recent_enterprises(999) == []


async def test_history_is_per_inspector_newest_first_without_cancelled(store: Storage) -> None:
    submitted = await started(store, ALICE)
    await store.set_enterprise(submitted, await store.enterprise_by_name("甲公司"), Position("review"))
    await store.submit(submitted, [], now=T0 + timedelta(hours=1))
    cancelled = await started(store, ALICE)
    await store.cancel(cancelled)
    running = await started(store, ALICE)  # no enterprise named yet
    bobs = await started(store, BOB)
    mine = await store.history(ALICE.id)
    assert [s.id for s in mine] == [running, submitted]
    assert mine[0].status is Status.IN_PROGRESS and mine[0].enterprise_name is None
    assert mine[1].status is Status.SUBMITTED and mine[1].enterprise_name == "甲公司"
    assert mine[1].submitted_at == T0 + timedelta(hours=1)
    assert mine[1].checklist_title == checklist().short_title and mine[1].inspector.id == ALICE.id
    assert [s.id for s in await store.history(BOB.id)] == [bobs]
    assert [s.id for s in await store.history(None)] == [bobs, running, submitted]
    assert [s.id for s in await store.history(None, limit=1)] == [bobs]
    assert await store.history(999) == []


async def test_setters_round_trip(store: Storage) -> None:
    inspection_id = await started(store)
    enterprise = await store.enterprise_by_name("晋城某化工有限公司")
    await store.set_enterprise(inspection_id, enterprise, Position("item", "first"))
    await store.set_location(inspection_id, Location(35.49, 112.85))
    await store.set_position(inspection_id, Position("problem", "second"))
    got = await store.inspection(inspection_id)
    assert got.enterprise == enterprise
    assert got.location == Location(35.49, 112.85)
    assert got.position == Position("problem", "second")
    await store.set_principal(inspection_id, "张主任", Position("review"))
    got = await store.inspection(inspection_id)
    assert got.principal_name == "张主任" and got.position == Position("review")


# -- answers ----------------------------------------------------------------------

TRICKY_TEXTS = ["=1+1", "+86 138", "-1", "0012", "1e5", "TRUE", "NULL", "'; DROP TABLE answers; --", "两行\n文字"]


async def test_answers_of_every_kind_round_trip(store: Storage) -> None:
    inspection_id = await started(store)
    problem = Answer(
        "second", Result.PROBLEM, problem="=1+1", advice="0012", hazard=Hazard.MAJOR,
        deadline=date(2025, 3, 1), rectification="'; DROP TABLE answers; --",
    )
    sent = [Answer("first", Result.OK), problem, Answer("third", Result.NOT_APPLICABLE)]
    for answer in sent:
        await store.put_answer(inspection_id, answer, Position("item", answer.item_id))
    stored = await store.answers(inspection_id)
    assert {k: replace(v, updated_at=None) for k, v in stored.items()} == {a.item_id: a for a in sent}
    assert all(a.updated_at and a.updated_at.tzinfo == timezone.utc for a in stored.values())
    assert isinstance(stored["second"].problem, str) and stored["second"].hazard is Hazard.MAJOR


@pytest.mark.parametrize("text", TRICKY_TEXTS)
async def test_free_text_comes_back_as_the_same_string(store: Storage, text: str) -> None:
    inspection_id = await started(store)
    answer = Answer("first", Result.PROBLEM, problem=text, advice=text, hazard=Hazard.GENERAL, rectification=text)
    await store.put_answer(inspection_id, answer, Position("advice", "first"))
    stored = (await store.answers(inspection_id))["first"]
    assert (stored.problem, stored.advice, stored.rectification) == (text, text, text)
    assert type(stored.problem) is str


async def test_put_answer_replaces_and_moves_position(store: Storage) -> None:
    inspection_id = await started(store)
    first = Answer("first", Result.PROBLEM, problem="漏水")
    await store.put_answer(inspection_id, first, Position("advice", "first"))
    assert (await store.inspection(inspection_id)).position == Position("advice", "first")
    await store.put_answer(inspection_id, Answer("first", Result.OK), Position("item", "second"))
    assert replace((await store.answers(inspection_id))["first"], updated_at=None) == Answer("first", Result.OK)
    assert (await store.inspection(inspection_id)).position == Position("item", "second")


async def test_put_answer_is_all_or_nothing(store: Storage) -> None:
    inspection_id = await started(store)
    await store.set_position(inspection_id, Position("item", "first"))
    with pytest.raises(ValueError):
        bogus = Answer("first", "not-a-result")  # type: ignore[arg-type]
        await store.put_answer(inspection_id, bogus, Position("item", "second"))
    assert (await store.inspection(inspection_id)).position == Position("item", "first")
    assert await store.answers(inspection_id) == {}


async def test_concurrent_writes_do_not_mix_transactions(store: Storage) -> None:
    inspection_id = await started(store)
    items = ("first", "second", "third")
    await asyncio.gather(*(
        store.put_answer(inspection_id, Answer(item, Result.OK), Position("item", item)) for item in items * 5
    ), store.set_location(inspection_id, Location(1.0, 2.0)))
    assert set(await store.answers(inspection_id)) == set(items)
    assert (await store.inspection(inspection_id)).location == Location(1.0, 2.0)


async def test_naive_datetimes_are_refused(store: Storage) -> None:
    with pytest.raises(ValueError, match="naive"):
        await store.start_inspection(ALICE, checklist(), Position("enterprise"), now=datetime(2025, 1, 1))
    assert await store.active_inspection(ALICE.id) is None


# -- closed inspections -------------------------------------------------------------


LateWrite = Callable[[], Awaitable[object]]


def _late_writes(store: Storage, inspection_id: int, enterprise: Enterprise) -> dict[str, LateWrite]:
    """Every content-changing call, as a stale button or late message would make it."""
    jpeg = image_bytes("JPEG", color="green")
    return {
        "set_enterprise": lambda: store.set_enterprise(inspection_id, enterprise, Position("item", "first")),
        "set_position": lambda: store.set_position(inspection_id, Position("item", "third")),
        "put_answer": lambda: store.put_answer(inspection_id, Answer("first", Result.PROBLEM), Position("x")),
        "set_principal": lambda: store.set_principal(inspection_id, "冒名", Position("review")),
        "set_location": lambda: store.set_location(inspection_id, Location(0.5, 0.5)),
        "add_photo": lambda: store.add_photo(inspection_id, "first", jpeg, probe_image(jpeg)),
        "cancel": lambda: store.cancel(inspection_id),
    }


@pytest.mark.parametrize("closing", ["submit", "cancel"])
async def test_closed_inspection_refuses_every_change(store: Storage, closing: str) -> None:
    inspection_id = await started(store)
    await store.put_answer(inspection_id, Answer("first", Result.OK), Position("review"))
    if closing == "submit":
        assert await store.submit(inspection_id, [(ALICE.id, "c", "f.xlsx")], now=T0)
    else:
        await store.cancel(inspection_id)
    before = await store.filled(inspection_id)
    enterprise = await store.enterprise_by_name("迟到的公司")
    for name, write in _late_writes(store, inspection_id, enterprise).items():
        with pytest.raises(InspectionClosed):
            await write()
    assert await store.filled(inspection_id) == before, "a refused write changed something"
    assert await store.active_inspection(ALICE.id) is None
    if closing == "cancel":
        with pytest.raises(InspectionClosed):
            await store.submit(inspection_id, [(ALICE.id, "c", "f.xlsx")], now=T0)
        assert await store.due_deliveries(T0 + timedelta(days=1)) == []


async def test_writes_to_unknown_inspection_raise_not_found(store: Storage) -> None:
    with pytest.raises(InspectionNotFound):
        await store.set_position(4242, Position("item"))
    with pytest.raises(InspectionNotFound):
        await store.submit(4242, [], now=T0)
