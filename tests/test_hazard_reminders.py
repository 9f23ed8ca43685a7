"""Reminders and the overdue digest: an injected clock moves across a deadline and two
restarts (the database reopened, the service rebuilt); exactly one reminder and one
digest go out. Real SQLite; the bot is a recorder of calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram.error import BadRequest
from telegram.ext import ApplicationBuilder

from bot import hazard_reminders
from bot.config import Settings
from bot.hazard_service import HazardService
from checklists.inspection import Answer, Position
from checklists.model import Hazard, Result
from storage import Storage
from tests.storage_support import ALICE, checklist

TZ = ZoneInfo("Asia/Shanghai")
GROUP = -100123
FOUND = date(2025, 3, 3)
DEADLINE = date(2025, 3, 10)


@dataclass
class Recorder:
    """Stands in for telegram.Bot: records sends; can refuse the next one."""

    sent: list[tuple[str, int, str]] = field(default_factory=list)
    refuse_next: bool = False

    async def send_message(self, chat_id: int, text: str, **_: Any) -> None:
        self._check()
        self.sent.append(("message", chat_id, text))

    async def send_document(self, chat_id: int, document: Any, caption: str = "", **_: Any) -> None:
        self._check()
        self.sent.append(("document", chat_id, caption))

    def _check(self) -> None:
        if self.refuse_next:
            self.refuse_next = False
            raise BadRequest("chat not found")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


async def prepared(data_dir: Path) -> None:
    store = await Storage.open(data_dir)
    inspection = await store.start_inspection(ALICE, checklist(), Position("item"))
    await store.set_enterprise(inspection.id, await store.enterprise_by_name("某公司"), Position("item"))
    await store.put_answer(inspection.id, Answer("first", Result.PROBLEM, problem="护栏缺失",
                                                 hazard=Hazard.GENERAL, deadline=DEADLINE), Position("item"))
    await store.submit(inspection.id, [], local(FOUND, 10), found_on=FOUND)
    await store.close()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def boot(data_dir: Path, clock: Clock) -> tuple[Storage, HazardService]:
    """What start-up does: open the database, rebuild the service from it."""
    store = await Storage.open(data_dir)
    settings = Settings(group_id=GROUP, digest_at=time(9, 0), timezone="Asia/Shanghai")
    hz = HazardService(store=store.hazards, settings=settings, clock=clock)
    await hz.load()
    await hazard_reminders.recover(hz)
    return store, hz


async def test_one_reminder_and_one_digest_across_a_deadline_and_restarts(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    await prepared(data_dir)
    bot = Recorder()
    clock = Clock(local(DEADLINE - timedelta(days=1), 8, 0))
    store, hz = await boot(data_dir, clock)
    assert not await hazard_reminders.tick(hz, bot)
    assert bot.sent == []  # before CHECKLIST_BOT_DIGEST_AT
    clock.now = local(DEADLINE - timedelta(days=1), 9, 0)
    await hazard_reminders.tick(hz, bot)
    clock.now += timedelta(hours=3)
    await hazard_reminders.tick(hz, bot)
    assert [(kind, chat) for kind, chat, _ in bot.sent] == [("message", ALICE.id)]
    assert "明天" in bot.sent[0][2] and "Y2025-0001" in bot.sent[0][2]
    await store.close()  # down across the deadline and the next 09:00

    clock.now = local(DEADLINE + timedelta(days=1), 15, 30)
    store, hz = await boot(data_dir, clock)
    await hazard_reminders.tick(hz, bot)  # the start-up catch-up run
    await hazard_reminders.tick(hz, bot)
    await store.close()
    clock.now += timedelta(hours=2)
    store, hz = await boot(data_dir, clock)  # a second restart the same day
    await hazard_reminders.tick(hz, bot)
    await store.close()
    kinds = [(kind, chat) for kind, chat, _ in bot.sent]
    assert kinds == [("message", ALICE.id), ("message", GROUP)]
    assert "逾期 1 天" in bot.sent[1][2] and "某公司" in bot.sent[1][2]


async def test_a_reminder_missed_while_down_goes_out_once_and_a_refused_send_is_retried(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    await prepared(data_dir)
    bot = Recorder(refuse_next=True)
    clock = Clock(local(DEADLINE, 11, 0))  # down at 09:00 the day before
    store, hz = await boot(data_dir, clock)
    assert await hazard_reminders.tick(hz, bot)  # refused: released for a retry
    assert bot.sent == []
    clock.now += timedelta(minutes=5)
    assert not await hazard_reminders.tick(hz, bot)
    assert not await hazard_reminders.tick(hz, bot)
    assert [(kind, chat) for kind, chat, _ in bot.sent] == [("message", ALICE.id)]
    await store.close()


async def test_jobs_are_scheduled_daily_and_once_at_start_up(tmp_path: Path) -> None:
    app = ApplicationBuilder().token("123:abc").build()
    store, hz = await boot(tmp_path / "data", Clock(local(FOUND, 8)))
    hazard_reminders.schedule(app, hz)
    names = sorted(job.name for job in app.job_queue.jobs())
    assert names == ["hazard-reminders", "hazard-reminders-catch-up"]
    await store.close()


async def test_a_send_cut_short_by_a_crash_is_not_repeated(tmp_path: Path) -> None:
    """Claimed, then killed before the send confirmed: at-most-once, so never resent."""
    data_dir = tmp_path / "data"
    await prepared(data_dir)
    clock = Clock(local(DEADLINE - timedelta(days=1), 9, 30))
    store, hz = await boot(data_dir, clock)
    hazard = (await hz.store.open_page())[0][0]
    assert await hz.store.claim_notice(hazard_reminders.DUE, f"{hazard.id}:{hazard.deadline}", clock())
    await store.close()  # the crash
    store, hz = await boot(data_dir, clock)
    bot = Recorder()
    await hazard_reminders.tick(hz, bot)
    assert bot.sent == [] and await hz.store.unsettled_notices() == []
    await store.close()
