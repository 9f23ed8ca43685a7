"""Storage contract of the hazard register: real SQLite files, real images."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from checklists.hazard_flow import Actor, Event, Payload, Role, State
from checklists.hazards import parse_number
from checklists.inspection import Answer, Position
from checklists.model import Hazard, Result
from storage import Storage, probe_image
from tests.storage_support import ALICE, BOB, T0, data_dir, image_bytes, started, store  # noqa: F401

BOSS = Actor(303, Role.SUPERVISOR)
DAY = date(2025, 2, 10)


async def submitted_with_hazards(store: Storage, deadline: date | None = None) -> int:
    """An inspection with a 一般 (item first) and a 重大 (item third) problem, submitted."""
    inspection_id = await started(store)
    enterprise = await store.enterprise_by_name("泽州县某钢铁有限公司")
    position = Position("item")
    await store.set_enterprise(inspection_id, enterprise, position)
    await store.put_answer(inspection_id, Answer("first", Result.PROBLEM, problem="护栏缺失",
                                                 advice="加装护栏", hazard=Hazard.GENERAL, deadline=deadline), position)
    await store.put_answer(inspection_id, Answer("second", Result.OK), position)
    await store.put_answer(inspection_id, Answer("third", Result.PROBLEM, problem="煤气报警器失效",
                                                 hazard=Hazard.MAJOR), position)
    await store.add_photo(inspection_id, "third", image_bytes("JPEG"), probe_image(image_bytes("JPEG")))
    await store.set_principal(inspection_id, "张三", position)
    assert await store.submit(inspection_id, [(ALICE.id, "c", "f.xlsx")], T0, found_on=DAY)
    return inspection_id


async def test_submit_creates_numbered_hazards_with_defaults_and_photos(store: Storage) -> None:
    await submitted_with_hazards(store, deadline=date(2025, 2, 17))
    page, total = await store.hazards.open_page(finder=ALICE.id)
    assert total == 2 and [h.number for h in page] == ["Y2025-0001", "Y2025-0002"]
    general, major = page
    assert general.deadline == date(2025, 2, 17)  # chosen in the inspection
    assert major.deadline == DAY + timedelta(days=30)  # default by level
    assert major.level is Hazard.MAJOR and major.state is State.OPEN and major.finder_name == ALICE.full_name
    log, photos = await store.hazards.history(major.id)
    assert [e.kind for e in log] == ["created"] and log[0].actor_id == ALICE.id
    assert [p.stage for p in photos] == ["before"]
    assert await store.hazards.by_number(*parse_number("y2025-0002")) == major


async def test_numbers_are_never_reused_and_a_double_submit_adds_nothing(store: Storage) -> None:
    first = await submitted_with_hazards(store)
    assert not await store.submit(first, [], T0, found_on=DAY)
    await submitted_with_hazards(store)
    page, total = await store.hazards.open_page()
    assert total == 4
    assert sorted(h.number for h in page) == [f"Y2025-000{n}" for n in range(1, 5)]


async def test_report_needs_photo_then_review_rules_and_events(store: Storage) -> None:
    await submitted_with_hazards(store)
    major = next(h for h in (await store.hazards.open_page())[0] if h.level is Hazard.MAJOR)
    inspector = Actor(ALICE.id, Role.STAFF)
    decision, _ = await store.hazards.apply(major.id, major.version, Event.REPORT, inspector, Payload("已修复", 0))
    assert decision.refusal == "need_photo"
    await store.hazards.start_draft(ALICE.id, ALICE.id, major, "report")
    data = image_bytes("PNG", color="blue")
    assert await store.hazards.add_draft_photo(ALICE.id, data, probe_image(data))
    draft = await store.hazards.draft(ALICE.id)
    assert draft is not None and draft.photos == 1
    decision, after = await store.hazards.apply(major.id, major.version, Event.REPORT, inspector,
                                                Payload("已修复", draft.photos))
    assert decision.ok and after.state is State.REVIEW and await store.hazards.draft(ALICE.id) is None
    stale, _ = await store.hazards.apply(major.id, major.version, Event.ACCEPT, BOSS)
    assert stale.refusal == "stale"
    own, _ = await store.hazards.apply(after.id, after.version, Event.ACCEPT, Actor(ALICE.id, Role.SUPERVISOR))
    assert own.refusal == "own_finding"
    rejected, again = await store.hazards.apply(after.id, after.version, Event.REJECT, BOSS, Payload("照片不清"))
    assert rejected.ok and again.state is State.OPEN
    log, photos = await store.hazards.history(major.id)
    assert [(e.kind, e.old, e.new) for e in log] == [
        ("created", None, "待整改"), ("report", "待整改", "待复查"), ("reject", "待复查", "待整改")]
    assert log[2].note == "照片不清" and log[2].actor_id == BOSS.user_id
    assert [p.stage for p in photos] == ["before", "after"]


async def test_extension_is_a_request_then_a_decision(store: Storage) -> None:
    await submitted_with_hazards(store)
    hazard = next(h for h in (await store.hazards.open_page())[0] if h.level is Hazard.GENERAL)
    ask = Payload("设备到货延迟", new_deadline=hazard.deadline + timedelta(days=10), today=DAY)
    ok, asked = await store.hazards.apply(hazard.id, hazard.version, Event.REQUEST_EXTENSION,
                                          Actor(ALICE.id, Role.STAFF), ask)
    assert ok.ok and asked.deadline == hazard.deadline and asked.ext_deadline == ask.new_deadline
    denied, _ = await store.hazards.apply(asked.id, asked.version, Event.GRANT_EXTENSION, Actor(ALICE.id, Role.STAFF))
    assert denied.refusal == "not_supervisor"
    granted, done = await store.hazards.apply(asked.id, asked.version, Event.GRANT_EXTENSION, BOSS)
    assert granted.ok and done.deadline == ask.new_deadline and done.ext_deadline is None
    log, _ = await store.hazards.history(hazard.id)
    assert [(e.kind, e.field, e.old, e.new) for e in log[1:]] == [
        ("ext_request", "ext_deadline", str(hazard.deadline), str(ask.new_deadline)),
        ("ext_grant", "deadline", str(hazard.deadline), str(ask.new_deadline)),
    ]


async def test_overdue_digest_and_enterprise_levels(store: Storage) -> None:
    await submitted_with_hazards(store, deadline=DAY + timedelta(days=7))
    lines = await store.hazards.overdue(DAY + timedelta(days=9))
    assert [(line.number, line.days_overdue) for line in lines] == [("Y2025-0001", 2)]
    enterprise = (await store.hazards.open_page())[0][0].enterprise_id
    assert {lv for _s, lv in await store.hazards.enterprise_levels(enterprise)} == {Hazard.GENERAL, Hazard.MAJOR}


async def test_invites_are_single_use_expire_and_revoke(store: Storage, data_dir: Path) -> None:
    enterprise = await store.enterprise_by_name("某公司")
    now = T0
    await store.hazards.create_invite("tok-1", enterprise.id, ALICE.id, now, now + timedelta(days=7))
    await store.hazards.create_invite("tok-2", enterprise.id, ALICE.id, now, now + timedelta(days=7))
    refusal, contact = await store.hazards.redeem_invite("tok-1", 909, "安全员", now + timedelta(hours=1))
    assert refusal is None and contact.enterprise_id == enterprise.id
    assert (await store.hazards.redeem_invite("tok-1", 910, "别人", now))[0] == "used"
    assert (await store.hazards.redeem_invite("nope", 910, "别人", now))[0] == "unknown"
    assert (await store.hazards.redeem_invite("tok-2", 910, "别人", now + timedelta(days=8)))[0] == "expired"
    import sqlite3
    with sqlite3.connect(data_dir / "checklist-bot.sqlite3") as db:
        stored = [row[0] for row in db.execute("SELECT token_hash FROM hazard_invites")]
    assert "tok-1" not in stored and all(len(h) == 64 for h in stored)
    invites, users = await store.hazards.revoke_by(ALICE.id, now)
    assert invites == 1 and users == [909] and await store.hazards.contact(909) is None


async def test_a_notice_is_claimed_once_and_a_failed_send_released(store: Storage) -> None:
    assert await store.hazards.claim_notice("digest", "2025-02-10", T0)
    assert not await store.hazards.claim_notice("digest", "2025-02-10", T0)
    await store.hazards.settle_notice("digest", "2025-02-10", None)
    assert await store.hazards.claim_notice("digest", "2025-02-10", T0)
    assert await store.hazards.unsettled_notices() == [("digest", "2025-02-10")]
    await store.hazards.settle_notice("digest", "2025-02-10", T0)
    assert await store.hazards.unsettled_notices() == []


async def test_month_counts_found_and_closed_by_level(store: Storage) -> None:
    await submitted_with_hazards(store)
    general = next(h for h in (await store.hazards.open_page())[0] if h.level is Hazard.GENERAL)
    await store.hazards.start_draft(ALICE.id, ALICE.id, general, "spot")
    data = image_bytes("PNG", color="green")
    await store.hazards.add_draft_photo(ALICE.id, data, probe_image(data))
    decision, _ = await store.hazards.apply(general.id, general.version, Event.SPOT_CLOSE,
                                            Actor(ALICE.id, Role.STAFF), Payload("当场整改", 1), now=T0)
    assert decision.ok
    month = await store.hazards.month_counts("2025-02", T0 - timedelta(days=9), T0 + timedelta(days=18))
    assert month.found == {Hazard.GENERAL: 1, Hazard.MAJOR: 1} and month.closed == {Hazard.GENERAL: 1}
    assert month.open_now == 1
    before = await store.hazards.month_counts("2025-01", T0 - timedelta(days=40), T0 - timedelta(days=9))
    assert before.found == {} and before.closed == {}
