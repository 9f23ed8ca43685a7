"""Pure tests of the hazard register's bot side: callback data, keyboards, texts."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, strategies as st

from bot import hazard_keyboards as kb
from bot import hazard_views as views
from bot.hazard_callbacks import Act, HazardCallback, parse
from checklists.hazard_flow import Actor, EnterpriseState, Role, State
from checklists.hazards import HazardRecord, OverdueLine
from checklists.model import Hazard

TZ = ZoneInfo("Asia/Shanghai")
FINDER, BOSS = 1, 2


def hazard(state: State = State.OPEN, level: Hazard = Hazard.MAJOR, **extra: object) -> HazardRecord:
    values = dict(
        id=7, number="Y2025-0042", inspection_id=3, item_id="x", item_number=5, item_content="内容" * 200,
        enterprise_id=10, enterprise_name="<某>公司", level=level, description="问题" * 600, advice="建议",
        found_by=FINDER, finder_name="王", found_at=datetime(2025, 3, 1, tzinfo=timezone.utc),
        deadline=date(2025, 3, 10), state=state, version=4,
    )
    values.update(extra)
    return HazardRecord(**values)  # type: ignore[arg-type]


def labels(markup: object) -> list[str]:
    return [b.text for row in markup.inline_keyboard for b in row]  # type: ignore[attr-defined]


@given(st.sampled_from(list(Act)), st.integers(0, 10**12 - 1), st.integers(0, 10**12 - 1))
def test_callback_data_round_trips_within_64_bytes(act: Act, ident: int, version: int) -> None:
    arg = {Act.PAGE: "m", Act.EXTEND_DAYS: "30", Act.REJECT: "3"}.get(act, "")
    data = HazardCallback(act, ident, version, arg).pack()
    assert len(data.encode()) <= 64 and parse(data) == HazardCallback(act, ident, version, arg)


@given(st.text(max_size=80))
def test_forged_callback_data_is_refused_or_well_formed(data: str) -> None:
    parsed = parse(data)
    assert parsed is None or parsed.pack() == data


def test_forged_examples() -> None:
    for data in ("h1:a:1:1", "h1:zz:1:1:", "h1:k:1:1:9", "h1:a:-1:1:", "c1:a:1:1:", "h1:n:1:1:8"):
        assert parse(data) is None


def test_review_buttons_only_for_who_may_review() -> None:
    major = hazard(State.REVIEW)
    assert "✅ 通过" not in labels(kb.card(major, Actor(3, Role.STAFF)))
    assert "✅ 通过" not in labels(kb.card(major, Actor(FINDER, Role.SUPERVISOR)))
    assert "✅ 通过" in labels(kb.card(major, Actor(BOSS, Role.SUPERVISOR)))
    general = hazard(State.OPEN, Hazard.GENERAL)
    assert "✅ 即查即改" in labels(kb.card(general, Actor(FINDER, Role.STAFF)))
    assert "✅ 即查即改" not in labels(kb.card(hazard(), Actor(FINDER, Role.STAFF)))  # 重大
    contact = labels(kb.card(general, Actor(9, Role.CONTACT, 10)))
    assert "📝 报告整改" in contact and "🔗 邀请企业联系人" not in contact and "✅ 即查即改" not in contact


def test_card_and_list_stay_within_telegram_limits_and_escape_user_text() -> None:
    text = views.card(hazard(), date(2025, 3, 12), TZ, EnterpriseState.FORBIDDEN)
    assert len(text) <= 4096 and "&lt;某&gt;公司" in text and "逾期 2 天" in text and "不得复产复工" in text
    page = views.listing("头", [hazard(id=i) for i in range(10)], date(2025, 3, 12), 0, 3,
                         {10: EnterpriseState.FORBIDDEN})
    assert len(page) <= 4096 and page.count("Y2025-0042") == 10 and "第 1/3 页" in page
    markup = kb.listing([hazard(id=i) for i in range(10)], 1, 3, "a", with_items=False)
    assert labels(markup) == ["◀️ 上一页", "下一页 ▶️"]


def test_a_long_digest_is_too_long_for_a_message_and_goes_as_a_file() -> None:
    lines = [OverdueLine(f"Y2025-{n:04d}", f"企业{n % 50}", Hazard.GENERAL, n % 30 + 1, "描述" * 30) for n in range(500)]
    assert len(views.digest(lines, date(2025, 3, 12))) > 4096
    plain = views.digest_plain(lines, date(2025, 3, 12))
    assert plain.count("\n") == 502 and "Y2025-0499" in plain
