"""End to end over the local Bot API server: the reports on demand in the bureau group
(/report 1 2025-07 … /report weekly; others refused politely), a supervisor's numbers
sent back with /report-input, and one scheduled run (last Friday's weekly report,
due while the bot was down) sent once across a restart."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from storage import Storage
from tests.e2e_support import GROUP_ID, eventually
from tests.report_support import BOSS, E2, TZ, UNIT, build_history
from tests.test_e2e_inspection import assert_clean, member, running_bot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def far_day() -> str:
    """A day of the month 10–14 days ago: monthly reports are not due at start-up."""
    today = datetime.now(TZ).date()
    day = next(d for d in (today - timedelta(days=n) for n in range(10, 15)) if d.day <= 28)
    return f"{day.day} 06:00"


async def prepared(data_dir: Path) -> None:
    data_dir.parent.mkdir(exist_ok=True)
    store = await Storage.open(data_dir)
    try:
        await build_history(store)
    finally:
        await store.close()


def group_docs(botapi: Any, start: str) -> list[Any]:
    return [d for d in botapi.documents(GROUP_ID) if (d.file_name or "").startswith(start)]


def group_photos(botapi: Any) -> list[Any]:
    return [m for m in botapi.messages(GROUP_ID) if m.extra.get("photo")]


def reply(botapi: Any, user: Any, to: Any, text: str) -> None:
    """A text sent as a reply to the bot's message `to`, as Telegram delivers it."""
    botapi._post(user, GROUP_ID, text=text, extra={"reply_to_message": to.to_json()})


async def ask(botapi: Any, user: Any, command: str, start: str, count: int = 1) -> Any:
    """A command in the group, and the newest document whose name starts with `start`."""
    botapi.send_command(user, command, chat_id=GROUP_ID)
    found = await eventually(lambda: (docs := group_docs(botapi, start)) and len(docs) >= count and docs)
    return found[-1]


async def test_reports_on_demand_inputs_and_a_scheduled_one_once(botapi: Any, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    await prepared(data_dir)
    staff = member(botapi, 4001, "王检查")
    boss = botapi.user(BOSS.id, BOSS.full_name)
    settings = dict(admin_ids=str(BOSS.id), report_unit=UNIT, report_monthly_at=far_day(), report_annex5_at=far_day())
    async with running_bot(botapi, data_dir, **settings) as proc:
        # Scheduled: last Friday's weekly report was due while the bot was down.
        weekly = await eventually(lambda: group_docs(botapi, "复产复工情况周报"))
        assert len(weekly) == 1 and "不得复工" in weekly[0].caption
        assert len(group_photos(botapi)) == 1  # its chart

        botapi.send_command(staff.user, "/report 1 2025-07", chat_id=GROUP_ID)
        refusal = await botapi.wait_for_message(GROUP_ID, lambda m: "只有管理人员" in (m.text or ""))
        assert refusal is not None
        botapi.send_command(boss, "/report 9", chat_id=GROUP_ID)
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "用法" in (m.text or ""))
        botapi.send_command(boss, "/report 1 2025-13", chat_id=GROUP_ID)
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "看不懂" in (m.text or ""))

        annex1 = await ask(botapi, boss, "/report 1 2025-07", "附件1")
        ws = load_workbook(io.BytesIO(annex1.data)).active
        assert ws["A1"].value == "安全生产隐患排查整治调度表" and ws["A2"].value == f"填报单位：{UNIT}"
        assert [c.value for c in ws[8]][:12] == ["累计", 17, 30, None, None, None, 4, 4, 1, 4, 1, 1]  # 0008 (31 July 23:30) counts now
        assert "累计督查企业 4 家" in annex1.caption
        assert len(group_photos(botapi)) == 2  # annex 1 comes with its chart
        annex2 = await ask(botapi, boss, "/report 2 2025-07", "附件2")
        assert load_workbook(io.BytesIO(annex2.data)).active["H4"].value == "逾期未整改（超期16天）"  # as of 31 July
        annex3 = await ask(botapi, boss, f"/report 3 {E2}", "附件3")
        assert load_workbook(io.BytesIO(annex3.data)).active["B4"].value == "污水井"
        botapi.send_command(boss, "/report 3 不存在的公司", chat_id=GROUP_ID)
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "没有找到" in (m.text or ""))
        annex4 = await ask(botapi, boss, "/report 4", "附件4")
        assert [c.value for c in load_workbook(io.BytesIO(annex4.data)).active[8]] == ["合计", None, 2, 6, 2, 3, 1]
        annex5 = await ask(botapi, boss, "/report 5 2025-07", "附件5")
        assert load_workbook(io.BytesIO(annex5.data)).active["F8"].value == 45
        await ask(botapi, boss, "/report weekly", "复产复工情况周报", count=2)

        # Numbers typed into the sheet and sent back.
        book = load_workbook(io.BytesIO(annex1.data))
        book.active["P7"] = 3  # July: 举报一般隐患 rectified
        filled = io.BytesIO()
        book.save(filled)
        botapi.send_document(staff.user, filled.getvalue(), "附件1.xlsx", XLSX, caption="/report-input", chat_id=GROUP_ID)
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "只有管理人员" in (m.text or ""))
        botapi.send_document(boss, filled.getvalue(), "附件1.xlsx", XLSX, caption="/report-input", chat_id=GROUP_ID)
        saved = await botapi.wait_for_message(GROUP_ID, lambda m: "已保存" in (m.text or ""))
        assert "1 项有变动" in saved.text and BOSS.full_name in saved.text
        again = await ask(botapi, boss, "/report 1 2025-07", "附件1", count=2)
        assert load_workbook(io.BytesIO(again.data)).active["P7"].value == 3
        with proc.db() as db:
            assert db.execute("SELECT entered_by, source FROM report_inputs WHERE field = 'public_general_fixed'"
                              ).fetchall() == [(BOSS.id, "附件1.xlsx")]

        sent_before = len(botapi.documents(GROUP_ID))

    async with running_bot(botapi, data_dir, **settings) as proc:  # a restart: the weekly report is not sent again
        await ask(botapi, boss, "/report 4", "附件4", count=2)
        await asyncio.sleep(2)  # the start-up schedule run (1 s after start) has had its turn
        assert len(botapi.documents(GROUP_ID)) == sent_before + 1
        assert len(group_docs(botapi, "复产复工情况周报")) == 2  # the scheduled one and the one asked for
    with proc.db() as db:
        assert db.execute("SELECT count(*) FROM report_outbox WHERE status <> 'sent'").fetchone() == (0,)
    assert_clean(botapi)


async def test_numbers_entered_by_the_guided_dialogue(botapi: Any, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    await prepared(data_dir)
    staff = member(botapi, 4001, "王检查")
    boss = botapi.user(BOSS.id, BOSS.full_name)
    settings = dict(admin_ids=str(BOSS.id), report_monthly_at=far_day(), report_annex5_at=far_day())
    async with running_bot(botapi, data_dir, **settings) as proc:
        botapi.send_command(staff.user, "/report-input 5 2025-07", chat_id=GROUP_ID)
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "只有管理人员" in (m.text or ""))
        botapi.send_command(boss, "/report-input 7 2025-07", chat_id=GROUP_ID)
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "用法" in (m.text or ""))
        # The guided dialogue: each question answered by replying to it (privacy mode lets replies through).
        botapi.send_command(boss, "/report-input 5 2025-07", chat_id=GROUP_ID)
        first = await botapi.wait_for_message(GROUP_ID, lambda m: "（1/10）" in (m.text or ""))
        assert "涉及企业（家）：当前 未填" in first.text
        reply(botapi, staff.user, first, "99")  # not the supervisor's: ignored
        reply(botapi, boss, first, "3")
        second = await botapi.wait_for_message(GROUP_ID, lambda m: "（2/10）" in (m.text or ""))
        reply(botapi, boss, second, "很多")
        assert await botapi.wait_for_message(GROUP_ID, lambda m: "不小于 0 的数字" in (m.text or ""))
        again_2 = await botapi.wait_for_message(GROUP_ID, lambda m: "（2/10）" in (m.text or ""))
        reply(botapi, boss, again_2, "跳过")
        third = await botapi.wait_for_message(GROUP_ID, lambda m: "（3/10）" in (m.text or ""))
        reply(botapi, boss, third, "结束")
        assert "共 1 项有变动" in (await botapi.wait_for_message(GROUP_ID, lambda m: "填报结束" in (m.text or ""))).text
        with proc.db() as db:
            assert db.execute("SELECT value, entered_by, source FROM report_inputs WHERE annex = '5' "
                              "AND field = 'self_enterprises'").fetchall() == [(3.0, BOSS.id, "对话填报")]
    assert_clean(botapi)
