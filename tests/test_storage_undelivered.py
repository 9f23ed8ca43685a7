"""Storage contract: giving up a form that cannot be produced, and listing
undelivered forms for /status (real SQLite files)."""

from __future__ import annotations

from datetime import timedelta

from checklists.inspection import DeliveryStatus
from storage import Storage
from tests.storage_support import ALICE, BOB, T0, data_dir, started, store  # noqa: F401  (fixtures)

GROUP = -100500


async def _submitted(store: Storage, user=ALICE) -> int:  # noqa: ANN001
    inspection_id = await started(store, user)
    queued = [(user.id, "mine", "form.xlsx"), (GROUP, "group", "form.xlsx")]
    assert await store.submit(inspection_id, queued, now=T0)
    return inspection_id


async def test_fail_form_gives_up_every_pending_delivery_once(store: Storage) -> None:
    alice = await _submitted(store)
    bob = await _submitted(store, BOB)
    (first, *_) = await store.due_deliveries(T0)
    await store.mark_delivered(first.id, 77)  # alice's own copy already reached her
    assert await store.fail_form(alice, "render failed: KeyError") == [GROUP]
    assert await store.fail_form(alice, "again") == []  # nothing pending is left to give up
    due = await store.due_deliveries(T0 + timedelta(days=1))
    assert {d.inspection_id for d in due} == {bob}  # bob's form is untouched


async def test_undelivered_lists_failed_and_retrying_forms_by_inspector(store: Storage) -> None:
    alice = await _submitted(store)
    bob = await _submitted(store, BOB)
    assert await store.undelivered(None) == []  # pending, never tried: not yet a worry
    await store.fail_form(alice, "render failed")
    bob_group = next(d for d in await store.due_deliveries(T0) if d.inspection_id == bob and d.chat_id == GROUP)
    await store.mark_attempt_failed(bob_group.id, "NetworkError", T0 + timedelta(minutes=5))
    mine = await store.undelivered(ALICE.id)
    assert {(d.chat_id, d.status) for d in mine} == {(ALICE.id, DeliveryStatus.FAILED), (GROUP, DeliveryStatus.FAILED)}
    assert [(d.inspection_id, d.status) for d in await store.undelivered(BOB.id)] == [(bob, DeliveryStatus.PENDING)]
    everyone = await store.undelivered(None)
    assert [d.inspection_id for d in everyone] == [bob, alice, alice]  # newest inspection first
    assert len(await store.undelivered(None, limit=1)) == 1
