"""Contract tests of `storage.Storage`: photos (real JPEG/PNG bytes through the
media store), `filled`, submission and the delivery outbox.

Raw sqlite3 is used only to read outbox rows that no longer show through
the API (sent or given up).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from checklists.inspection import Answer, DeliveryStatus, FilledInspection, Position, Status
from checklists.model import Result
from storage import DeliveryNotFound, MediaStore, Storage, probe_image
from tests.storage_support import (  # noqa: F401  (data_dir, store: fixtures)
    ALICE, DB_NAME, T0, data_dir, image_bytes, mode, started, store,
)


# -- photos -----------------------------------------------------------------------


async def test_photos_are_stored_privately_and_listed_in_order(store: Storage, data_dir: Path) -> None:
    inspection_id = await started(store)
    jpeg, png = image_bytes("JPEG"), image_bytes("PNG", (30, 20), "blue")
    first, created = await store.add_photo(
        inspection_id, "first", jpeg, probe_image(jpeg), caption="=SUM(A1)",
        file_unique_id="AgADx", media_group_id="album-1", now=T0,
    )
    assert created
    assert (first.item_id, first.format, first.width, first.height, first.size) == ("first", "JPEG", 64, 48, len(jpeg))
    assert (first.caption, first.telegram_file_unique_id, first.media_group_id) == ("=SUM(A1)", "AgADx", "album-1")
    assert first.received_at == T0
    general, created = await store.add_photo(inspection_id, None, png, probe_image(png))
    assert created and general.format == "PNG" and general.item_id is None
    assert await store.photos(inspection_id) == [first, general]

    path = store.media.path(first.sha256)
    assert store.media.read(first.sha256) == jpeg and path.read_bytes() == jpeg
    assert path.is_relative_to(data_dir / "media")
    assert mode(path) == 0o600
    for directory in (path.parent, path.parent.parent, data_dir / "media"):
        assert mode(directory) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp")]


async def test_same_photo_on_same_item_is_stored_once(store: Storage) -> None:
    inspection_id = await started(store)
    jpeg = image_bytes("JPEG")
    info = probe_image(jpeg)
    photo, created = await store.add_photo(inspection_id, "first", jpeg, info)
    again, created_again = await store.add_photo(inspection_id, "first", jpeg, info, caption="again")
    assert created and not created_again and again == photo
    general, _ = await store.add_photo(inspection_id, None, jpeg, info)
    general_again, created_again = await store.add_photo(inspection_id, None, jpeg, info)
    other_item, created_other = await store.add_photo(inspection_id, "second", jpeg, info)
    assert not created_again and general_again == general
    assert created_other and other_item.sha256 == photo.sha256
    assert len(await store.photos(inspection_id)) == 3


async def test_filled_gathers_everything(store: Storage) -> None:
    inspection_id = await started(store)
    await store.put_answer(inspection_id, Answer("first", Result.OK), Position("item", "second"))
    png = image_bytes("PNG")
    photo, _ = await store.add_photo(inspection_id, "first", png, probe_image(png))
    filled = await store.filled(inspection_id)
    assert isinstance(filled, FilledInspection)
    assert filled.inspection == await store.inspection(inspection_id)
    assert filled.answers == await store.answers(inspection_id)
    assert filled.photos_of("first") == (photo,) and filled.photos_of(None) == ()
    assert await store.filled(inspection_id + 1000) is None


def test_media_store_is_idempotent_and_stays_inside_its_root(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media")
    (tmp_path / "media").mkdir()
    sha = media.write(b"evidence")
    assert media.write(b"evidence") == sha and media.read(sha) == b"evidence"
    assert media.exists(sha) and not media.exists("0" * 64)
    for bad in ("../../etc/passwd", sha.upper(), sha[:-1], sha + "0", "/" + sha[1:], ""):
        with pytest.raises(ValueError):
            media.path(bad)


# -- submit and the outbox -------------------------------------------------------------


async def test_submit_is_atomic_and_idempotent(store: Storage) -> None:
    inspection_id = await started(store)
    deliveries = [
        (ALICE.id, "给检查员", "表.xlsx"), (-100123, "给群组", "表.xlsx"), (ALICE.id, "重复", "表.xlsx"),
    ]
    assert await store.submit(inspection_id, deliveries, now=T0) is True
    got = await store.inspection(inspection_id)
    assert got.status is Status.SUBMITTED and got.submitted_at == T0
    assert await store.submit(inspection_id, deliveries, now=T0 + timedelta(hours=1)) is False
    assert (await store.inspection(inspection_id)).submitted_at == T0
    due = await store.due_deliveries(T0)
    assert [(d.chat_id, d.caption, d.file_name) for d in due] == deliveries[:2]
    assert all(d.status is DeliveryStatus.PENDING and d.attempts == 0 and d.created_at == T0 for d in due)
    assert await started(store) != inspection_id  # a new inspection may begin


async def test_outbox_retry_give_up_and_delivery(store: Storage, data_dir: Path) -> None:
    inspection_id = await started(store)
    await store.submit(inspection_id, [(ALICE.id, "a", "f.xlsx"), (-100, "b", "f.xlsx")], now=T0)
    mine, group = await store.due_deliveries(T0)
    assert await store.due_deliveries(T0 - timedelta(seconds=1)) == []
    assert await store.next_delivery_at() == T0

    retry_at = T0 + timedelta(minutes=5)
    await store.mark_attempt_failed(group.id, "Forbidden: bot was kicked", retry_at)
    assert [d.id for d in await store.due_deliveries(T0 + timedelta(minutes=1))] == [mine.id]
    await store.mark_delivered(mine.id, message_id=777)
    await store.mark_delivered(mine.id, message_id=888)  # a repeat keeps the first confirmation
    assert await store.next_delivery_at() == retry_at
    (later,) = await store.due_deliveries(retry_at)
    assert (later.id, later.attempts, later.last_error) == (group.id, 1, "Forbidden: bot was kicked")

    await store.mark_attempt_failed(group.id, "still forbidden", None)
    assert await store.due_deliveries(T0 + timedelta(days=365)) == []
    assert await store.next_delivery_at() is None
    with sqlite3.connect(data_dir / DB_NAME) as raw:
        rows = raw.execute("SELECT id, status, attempts, message_id, last_error FROM deliveries ORDER BY id").fetchall()
    assert rows == [(mine.id, "sent", 1, 777, None), (group.id, "failed", 2, None, "still forbidden")]
    with pytest.raises(DeliveryNotFound):
        await store.mark_delivered(9999, 1)
    with pytest.raises(DeliveryNotFound):
        await store.mark_attempt_failed(9999, "x", None)
