"""Pure tests of the bot's building blocks: callback data, config, log redaction,
rate schedules, prompts and position logic. No network, no database."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot import prompts, texts
from bot.callbacks import CANCEL, MAX_BYTES, PICK, Callback, parse
from bot.config import ConfigError, load_settings
from bot.logsetup import MASK, RedactTokenFilter
from bot.ratelimit import Schedule
from checklists import flow
from checklists.flow import next_position
from checklists.flow_types import Kind, Step
from checklists.questions import registry
from checklists.inspection import Answer, Enterprise, Inspection, InspectionSummary, Position, Status, User
from checklists.loader import load_catalog
from checklists.model import Hazard, Result

TOKEN = "123456789:" + "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"  # split: no token-shaped literal in the repo


@pytest.fixture(scope="module")
def seed():
    return load_catalog().get("zezhou-resumption-2025")


def inspection_at(checklist, step: Step, item_id: str | None = None, principal: str | None = None) -> Inspection:
    return Inspection(
        id=7, checklist=checklist, inspector=User(1, "张三"), status=Status.IN_PROGRESS,
        started_at=datetime(2025, 2, 14, tzinfo=timezone.utc), position=Position(step.value, item_id),
        enterprise=Enterprise(3, "某某钢铁有限公司"), principal_name=principal,
    )


# -- callback data -----------------------------------------------------------

TAPS = [k.value for k in Kind if k not in (Kind.TEXT, Kind.IMPORT)] + [PICK, CANCEL]


@pytest.mark.parametrize("action", TAPS)
def test_every_action_round_trips_within_64_bytes(action: str) -> None:
    arg = {"lv": "m", "cx": "y", "pk": "z" * 32, "op": "11-o19", "rd": "999-99999"}.get(action, "")
    cb = Callback(action, inspection_id=999_999_999_999, item=999, arg=arg)
    data = cb.pack()
    assert len(data.encode()) <= MAX_BYTES
    assert parse(data) == cb


@pytest.mark.parametrize(
    "data",
    [None, "", "garbage", "c2:lv:1:2:x", "c2:zz:1:2:", "c1:op:1:2:o", "c2:op:-1:2:o", "c2:op:1:²:o",
     "c2:op:1:2:o:extra", "c2:pk:0:0:" + "a" * 60, "c2:op:1:2:" + "中" * 5, "c2:tx:1:2:", "c2:tc:1:0:x"],
)
def test_forged_or_stale_callback_data_is_rejected(data: str | None) -> None:
    assert parse(data) is None


def test_pack_refuses_oversized_data() -> None:
    with pytest.raises(ValueError):
        Callback(PICK, arg="x" * 60).pack()


# -- configuration -------------------------------------------------------------

def test_environment_wins_over_file(tmp_path: Path) -> None:
    conf = tmp_path / "bot.yaml"
    conf.write_text("data_dir: /from/file\ngroup_id: -100\nadmin_ids: [1, 2]\n", encoding="utf-8")
    settings = load_settings(conf, {"CHECKLIST_BOT_DATA_DIR": "/from/env", "CHECKLIST_BOT_TOKEN": TOKEN})
    assert settings.data_dir == Path("/from/env")
    assert settings.group_id == -100 and settings.admin_ids == {1, 2}
    assert TOKEN not in repr(settings)


@pytest.mark.parametrize(
    ("env", "needle"),
    [({"CHECKLIST_BOT_GROUP_ID": "abc"}, "CHECKLIST_BOT_GROUP_ID"),
     ({"CHECKLIST_BOT_API_URL": "ftp://x"}, "CHECKLIST_BOT_API_URL"),
     ({"CHECKLIST_BOT_TIMEZONE": "Mars/Base"}, "CHECKLIST_BOT_TIMEZONE"),
     ({"CHECKLIST_BOT_PROXY": "telnet://x"}, "CHECKLIST_BOT_PROXY")],
)
def test_bad_setting_names_the_variable(env: dict[str, str], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_settings(None, env)


def test_bad_config_file_names_file_and_line(tmp_path: Path) -> None:
    conf = tmp_path / "bot.yaml"
    conf.write_text("data_dir: ./x\ngroup_idd: 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bot\.yaml:2: group_idd: unknown setting"):
        load_settings(conf, {})


def test_run_requires_token_and_group() -> None:
    with pytest.raises(ConfigError, match="CHECKLIST_BOT_TOKEN"):
        load_settings(None, {}).require_bot_settings()


# -- log redaction -------------------------------------------------------------

def test_token_never_reaches_log_text_or_traceback() -> None:
    record_filter = RedactTokenFilter(TOKEN)
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord("httpx", logging.ERROR, __file__, 1, "url %s", (f"/bot{TOKEN}/x",), sys.exc_info())
    record_filter.filter(record)
    formatted = logging.Formatter().format(record)
    assert TOKEN not in formatted and MASK in formatted


def test_unknown_token_shapes_are_masked_too() -> None:
    other = "987654321:" + "Z" * 35
    assert other not in RedactTokenFilter(None).redact(f"x {other} y")


# -- rate schedule -------------------------------------------------------------

def test_schedule_allows_burst_then_spaces_requests() -> None:
    schedule = Schedule(rate=1.0, burst=5)
    delays = [schedule.reserve(100.0) for _ in range(7)]
    assert delays[:5] == [0.0] * 5
    assert delays[5] == pytest.approx(1.0) and delays[6] == pytest.approx(2.0)


def test_group_schedule_stays_under_twenty_a_minute() -> None:
    schedule = Schedule(rate=20 / 60, burst=3)
    delays = [schedule.reserve(0.0) for _ in range(21)]
    assert max(delays) >= 54.0  # the 21st message waits until the minute is over


# -- prompts and positions -----------------------------------------------------

def state_at(inspection: Inspection, answers: dict | None = None) -> flow.State:
    return flow.State(inspection, answers or {}, datetime(2025, 2, 14).date())


def test_card_shows_item_and_buttons(seed) -> None:
    item = seed.items[2]
    prompt = prompts.card(state_at(inspection_at(seed, Step.ITEM, item.id)), item, 2)
    assert "第 3/21 项" in prompt.text and "开展安全生产警示教育" in prompt.text
    labels = [b.text for row in prompt.markup.inline_keyboard for b in row]
    assert [label for label in labels if "符合" in label] == ["✅ 符合"]
    assert any("存在问题" in label for label in labels) and any("不涉及" in label for label in labels)
    assert any("上一项" in label for label in labels)


def test_every_card_fits_a_message(seed) -> None:
    for item in seed.items:
        answer = Answer(item.id, Result.PROBLEM, problem="问" * 1000, hazard=Hazard.MAJOR)
        prompt = prompts.card(state_at(inspection_at(seed, Step.ITEM, item.id), {item.id: answer}), item, 99)
        assert len(prompt.text) <= 4096


def test_user_text_is_escaped_in_html_prompts(seed) -> None:
    inspection = inspection_at(seed, Step.PROBLEM, seed.items[0].id)
    answers = {seed.items[0].id: Answer(seed.items[0].id, Result.PROBLEM, problem="<b>a & b</b>")}
    prompt = prompts.for_position(state_at(inspection, answers), {})
    assert "&lt;b&gt;a &amp; b&lt;/b&gt;" in prompt.text


def test_history_lists_numbers_escaped_and_fits_a_message() -> None:
    from zoneinfo import ZoneInfo

    long_name = "<晋城>&" + "某" * 100 + "有限公司"
    rows = [
        InspectionSummary(id=100 - n, checklist_title="复工复产", inspector=User(n, "<张>" + "专" * 60),
                          status=Status.SUBMITTED if n % 2 else Status.IN_PROGRESS,
                          started_at=datetime(2025, 2, 13, 17, 30, tzinfo=timezone.utc), enterprise_name=long_name)
        for n in range(20)
    ]
    text = prompts.history(rows, ZoneInfo("Asia/Shanghai"), everyone=True)
    assert len(text) <= 4096 and "<晋城>" not in text and "&lt;晋城&gt;&amp;" in text
    assert "<b>100</b>｜2025-02-14｜" in text  # the date in the bureau's time zone
    assert "进行中" in text and "已提交" in text and "&lt;张&gt;" in text and "/export 100" in text
    mine = prompts.history(rows[:1], ZoneInfo("Asia/Shanghai"), everyone=False)
    assert "我的检查" in mine and "&lt;张&gt;" not in mine
    assert prompts.history([], ZoneInfo("Asia/Shanghai"), everyone=False) == texts.LIST_EMPTY


def test_problem_needs_text_and_hazard_to_be_complete(seed) -> None:
    item = seed.items[0]
    assert not registry.is_complete(item, Answer("x", Result.PROBLEM, problem="p"))
    assert registry.is_complete(item, Answer("x", Result.PROBLEM, problem="p", hazard=Hazard.GENERAL))
    assert registry.is_complete(item, Answer("x", Result.NOT_APPLICABLE))


def test_next_position_goes_to_next_open_item_then_principal_then_review(seed) -> None:
    items = seed.items
    inspection = inspection_at(seed, Step.ITEM, items[0].id)
    answers = {items[0].id: Answer(items[0].id, Result.OK)}
    assert next_position(inspection, answers, items[0].id) == Position("item", items[1].id)
    everything = {i.id: Answer(i.id, Result.OK) for i in items}
    assert next_position(inspection, everything, items[-1].id) == Position("principal")
    signed = inspection_at(seed, Step.ITEM, items[0].id, principal="李四")
    assert next_position(signed, everything, items[3].id) == Position("review")
    del everything[items[1].id]
    assert next_position(signed, everything, items[5].id) == Position("item", items[1].id)


def test_summary_offers_submit_only_when_complete(seed) -> None:
    inspection = inspection_at(seed, Step.REVIEW, principal="李四")
    everything = {i.id: Answer(i.id, Result.OK) for i in seed.items}
    full = prompts.summary(state_at(inspection, everything), 3)
    assert any("提交" in b.text for row in full.markup.inline_keyboard for b in row)
    everything.pop(seed.items[4].id)
    partial = prompts.summary(state_at(inspection, everything), 3)
    assert not any("提交" in b.text for row in partial.markup.inline_keyboard for b in row)
    assert "1 项未完成" in partial.text


def test_status_texts_cover_every_step() -> None:
    assert set(texts.STATUS_WHERE) == {s.value for s in Step}


def test_pause_holds_back_even_a_fresh_burst() -> None:
    schedule = Schedule(rate=20 / 60, burst=3)
    schedule.pause_until(10.0)
    assert schedule.reserve(0.0) == pytest.approx(10.0)


def test_every_refusal_of_the_flow_is_worded() -> None:
    """Each reason the flow can give (read from its source) has a Chinese text."""
    import re

    from checklists import flow_records, hazard_rules

    source = Path(flow.__file__).read_text(encoding="utf-8") + Path(flow_records.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'refused\("([a-z_-]+)"', source))
    codes |= {f"deadline-{reason}" for reason in (hazard_rules.PAST, hazard_rules.TOO_FAR)}
    assert len(codes) >= 8 and codes <= set(texts.FLOW_REFUSED)
    assert all(text.format(length=1) for text in texts.FLOW_REFUSED.values())
