"""When reports fall due, sending them once across restarts (injected clock, a recorder
for the bot, real SQLite), the numbers read back from a returned sheet, the chart's
Chinese glyphs, and the report settings."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings as hsettings, strategies as st
from openpyxl import load_workbook
from PIL import Image, ImageDraw
from telegram.error import BadRequest

from bot.config import ConfigError, Settings, load_settings
from bot.report_service import ReportService
from checklists.reports.chart import bar_chart, font
from checklists.reports.inputs import InputRejected, read_inputs
from checklists.reports.schedule import CATCH_UP, Slot, due, latest
from storage import Storage
from tests.report_support import TZ, UNIT, at, build_history

GROUP = -100777


# -- the schedule, pure -----------------------------------------------------------

moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)).map(lambda d: d.replace(tzinfo=TZ))


@hsettings(max_examples=300, deadline=None)
@given(now=moments, day=st.integers(1, 28), weekday=st.integers(0, 6), hour=st.integers(0, 23))
def test_latest_occurrence_is_the_last_one_not_after_now(now: datetime, day: int, weekday: int, hour: int) -> None:
    monthly = latest(Slot(("1",), day, time(hour)), now)
    assert monthly <= now and monthly.day == day and monthly.hour == hour and now - monthly < timedelta(days=31)
    weekly = latest(Slot(("weekly",), weekday, time(hour), weekly=True), now)
    assert weekly <= now and weekly.weekday() == weekday and now - weekly < timedelta(days=7)


@hsettings(max_examples=200, deadline=None)
@given(now=moments)
def test_due_keys_name_the_occurrence_and_stay_within_catch_up(now: datetime) -> None:
    slots = (Slot(("1", "2"), 23, time(9)), Slot(("5",), 8, time(9), previous_month=True),
             Slot(("weekly",), 4, time(10), weekly=True))
    for item in due(slots, now):
        assert now - CATCH_UP <= item.at <= now
        assert item.key.startswith(f"due:{item.kind}:")
        if item.kind == "5":  # the month before the 8th it falls due on
            assert item.month < f"{item.at.year:04d}-{item.at.month:02d}"
    # The latest weekly occurrence is always within a week: the one missed while down.
    assert [d.key for d in due(slots, datetime(2025, 7, 23, 9, 0, tzinfo=TZ))] == [
        "due:1:2025-07", "due:2:2025-07", "due:weekly:2025-W29"]
    assert [d.key for d in due(slots, datetime(2025, 7, 23, 8, 59, tzinfo=TZ))] == ["due:weekly:2025-W29"]
    assert [(d.kind, d.month) for d in due(slots, datetime(2025, 8, 8, 9, 30, tzinfo=TZ))] == [
        ("5", "2025-07"), ("weekly", "2025-08")]


# -- scheduled sends across restarts -------------------------------------------------

@dataclass
class Recorder:
    """Stands in for telegram.Bot: records photos and documents; can refuse the next send."""

    sent: list[tuple[str, int, str]] = field(default_factory=list)
    refuse_next: bool = False
    ids: int = 0

    async def send_photo(self, chat_id: int, photo: Any, **_: Any) -> Any:
        return self._record("photo", chat_id, "")

    async def send_document(self, chat_id: int, document: Any, caption: str = "", **_: Any) -> Any:
        return self._record("document", chat_id, f"{document.filename}|{caption}")

    def _record(self, kind: str, chat_id: int, text: str) -> Any:
        if self.refuse_next:
            self.refuse_next = False
            raise BadRequest("chat not found")
        self.sent.append((kind, chat_id, text))
        self.ids += 1
        return type("Message", (), {"message_id": self.ids})()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def boot(data_dir: Path, clock: Clock) -> tuple[Storage, ReportService]:
    store = await Storage.open(data_dir)
    return store, ReportService(store.reports, Settings(group_id=GROUP, report_unit=UNIT), clock=clock)


async def test_a_scheduled_report_goes_out_once_across_restarts_and_a_refusal_is_retried(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = await Storage.open(data)
    await build_history(store)
    await store.close()
    clock, bot = Clock(at(date(2025, 7, 23), 8, 59)), Recorder()
    store, service = await boot(data, clock)
    assert await service.tick(bot) == 1  # last Friday's weekly report, missed while down
    assert names(bot) == ["photo", "复产复工情况周报"]
    clock.now = at(date(2025, 7, 23), 9, 0)
    bot.refuse_next = True  # Telegram refuses the next send (annex 1's chart): kept owed
    assert await service.tick(bot) == 2
    assert names(bot)[2:] == ["附件2"]
    await store.close()  # a restart
    clock.now = at(date(2025, 7, 23), 9, 10)
    store, service = await boot(data, clock)
    assert await service.tick(bot) == 0  # nothing queued twice; annex 1 retried
    assert names(bot)[3:] == ["photo", "附件1"]
    assert all(chat == GROUP for _, chat, _ in bot.sent)
    for _ in range(3):
        await store.close()
        store, service = await boot(data, clock)
        assert await service.tick(bot) == 0
    assert len(bot.sent) == 5
    clock.now = at(date(2025, 7, 25), 10, 0)  # Friday: this week's report, with its chart
    assert await service.tick(bot) == 1
    assert names(bot)[5:] == ["photo", "复产复工情况周报"]
    await store.close()


def names(bot: Recorder) -> list[str]:
    """What was sent: 'photo', or the start of a document's file name."""
    return [kind if kind == "photo" else text.split("-")[0] for kind, _, text in bot.sent]


async def test_a_fresh_database_owes_no_report(tmp_path: Path) -> None:
    bot = Recorder()
    store, service = await boot(tmp_path / "data", Clock(at(date(2025, 7, 23), 9, 30)))
    assert await service.tick(bot) == 0 and bot.sent == []
    await store.close()


# -- supervisors' numbers read back from the sheet ---------------------------------------

async def test_numbers_typed_into_the_sent_sheet_are_read_back_and_bad_cells_named(tmp_path: Path) -> None:
    store, service = await boot(tmp_path / "data", Clock(at(date(2025, 7, 23), 9, 30)))
    produced = await service.produce(service.request("1", "2025-07"))
    assert produced is not None
    book = load_workbook(io.BytesIO(produced[1]))
    ws = book.active
    ws["B5"], ws["L6"], ws["G7"], ws["B8"] = 7, "2", 999, 1000  # May 自查企业, June 停产, a computed cell, 累计
    good = io.BytesIO()
    book.save(good)
    entered = read_inputs(good.getvalue())
    assert entered.annex == "1" and entered.problems == []
    assert entered.values == {("2025-05", "self_enterprises"): 7.0, ("2025-06", "stop"): 2.0}
    ws["C5"], ws["D6"], ws["E7"] = -1, 2.5, "=1+1"
    bad = io.BytesIO()
    book.save(bad)
    problems = read_inputs(bad.getvalue()).problems
    assert [p.split("（")[0] for p in problems] == ["C5", "D6", "E7"]
    ws.insert_cols(3)
    moved = io.BytesIO()
    book.save(moved)
    with pytest.raises(InputRejected) as exc:
        read_inputs(moved.getvalue())
    assert exc.value.reason == "moved-columns"
    with pytest.raises(InputRejected):
        read_inputs(b"not a workbook")
    await store.close()


# -- the chart ----------------------------------------------------------------------

def _glyph(text: str) -> bytes:
    image = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(image).text((4, 4), text, font=font(48), fill=255)
    return image.tobytes()


def test_chart_glyphs_are_chinese_not_tofu() -> None:
    tofu = _glyph("\uffff")  # a code point no font draws: the .notdef box
    drawn = {char: _glyph(char) for char in "隐患整改月"}
    assert all(g != tofu and any(g) for g in drawn.values())
    assert len(set(drawn.values())) == len(drawn)  # each character its own glyph
    png = bar_chart("各月发现隐患与已整改", ["5月", "6月"], [("发现隐患", [3, 0]), ("已整改", [1, 0])])
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1000, 560)


# -- settings ---------------------------------------------------------------------------

def test_report_settings_are_validated_and_name_their_variable() -> None:
    s = load_settings(environ={"CHECKLIST_BOT_REPORT_UNIT": " 泽州县  应急管理局 ", "CHECKLIST_BOT_REPORT_WEEKLY_AT": "thu 11:30",
                               "CHECKLIST_BOT_REPORT_FIRST_MONTH": "2025-6"})
    assert (s.report_unit, s.report_weekly_at, s.report_first_month) == ("泽州县 应急管理局", (3, time(11, 30)), "2025-06")
    for name, value in [("REPORT_MONTHLY_AT", "31 09:00"), ("REPORT_ANNEX5_AT", "8"), ("REPORT_WEEKLY_AT", "周五 10:00"),
                        ("REPORT_FIRST_MONTH", "2025-13"), ("REPORT_UNIT", "局" * 51)]:
        with pytest.raises(ConfigError, match=f"CHECKLIST_BOT_{name}"):
            load_settings(environ={f"CHECKLIST_BOT_{name}": value})


# -- month boundaries and what /report accepts -----------------------------------------

@hsettings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31),
                           timezones=st.just(TZ)))
def test_every_moment_falls_in_its_local_months_bounds(moment: datetime) -> None:
    from checklists.reports.period import month_bounds, month_of

    start, end = month_bounds(month_of(moment, TZ), TZ)
    assert start <= moment < end
    assert start.astimezone(TZ).day == 1 and start.astimezone(TZ).hour == 0


def test_report_arguments_refused_politely() -> None:
    from bot import texts
    from bot.reports import _request

    service = ReportService(None, Settings(group_id=GROUP), clock=lambda: at(date(2025, 7, 23), 9))  # type: ignore[arg-type]
    assert _request(service, "1", ["2025-13"])[1] == texts.REPORT_BAD_MONTH.format(text="2025-13")
    assert _request(service, "1", ["2025-08"])[1] == texts.REPORT_FUTURE_MONTH.format(month="2025-08")
    assert _request(service, "3", [])[1] == texts.REPORT_ENTERPRISE_USAGE
    req, refusal = _request(service, "2", ["2025-6"])
    assert refusal is None and req.month == "2025-06"  # type: ignore[attr-defined]
    req, refusal = _request(service, "3", ["乙食品", "有限公司"])
    assert refusal is None and req.enterprise == "乙食品 有限公司"  # type: ignore[attr-defined]
