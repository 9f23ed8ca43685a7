"""End to end over the local Bot API server: a hazard register to closure (隐患闭环).

The submitted inspection with its two 存在问题 answers (一般 with a chosen
deadline, 重大 with the default) is created directly through `Storage`, so
this test does not depend on the inspection conversation being rewritten;
everything after submission goes through the real bot over HTTP.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from checklists.inspection import Answer, Position, User
from checklists.model import Hazard, Result
from storage import Storage, probe_image
from tests.e2e_support import GROUP_ID, Inspector, eventually, image_bytes
from tests.storage_support import checklist
from tests.test_e2e_inspection import assert_clean, member, running_bot

INSPECTOR, COLLEAGUE, SUPERVISOR, CONTACT, STRANGER = 4001, 4002, 4003, 4009, 4010
ENTERPRISE = "泽州县隐患测试钢铁有限公司"


async def submitted(data_dir: Path, today: date) -> None:
    store = await Storage.open(data_dir)
    try:
        inspection = await store.start_inspection(User(INSPECTOR, "王检查"), checklist(), Position("item"))
        await store.set_enterprise(inspection.id, await store.enterprise_by_name(ENTERPRISE), Position("item"))
        general = Answer("first", Result.PROBLEM, problem="护栏缺失", hazard=Hazard.GENERAL,
                         deadline=today + timedelta(days=7))
        major = Answer("third", Result.PROBLEM, problem="煤气报警器失效", advice="立即更换", hazard=Hazard.MAJOR)
        for answer in (general, Answer("second", Result.OK), major):
            await store.put_answer(inspection.id, answer, Position("item"))
        before = image_bytes(colour=(10, 200, 10))
        await store.add_photo(inspection.id, "third", before, probe_image(before))
        await store.set_principal(inspection.id, "张三", Position("review"))
        assert await store.submit(inspection.id, [], datetime.now(timezone.utc), found_on=today)
    finally:
        await store.close()


def _group_with(botapi: Any, needle: str) -> Any:
    found = [m for m in botapi.messages(GROUP_ID) if needle in (m.text or m.caption or "") and m.buttons]
    return found[-1] if found else None


async def _report(person: Inspector, number: str, text: str, photo_colour: tuple[int, int, int]) -> None:
    """Open the hazard by number, 报告整改, text + one photo, 提交."""
    await person.say(f"/hazard {number}", expect="历史")
    await person.tap("报告整改", expect="整改情况", message=person.last_with_button("报告整改"))
    await person.say(text, expect="已记录")
    person.server.send_photo(person.user, image_bytes(colour=photo_colour))
    await person.reply(lambda m: "已收到整改后照片" in (m.text or ""))
    await person.tap("提交", expect="等待复查")


async def _press_in_group(botapi: Any, user: Any, message: Any, label: str) -> str:
    data = next(d for t, d in message.buttons if label in t)
    query = botapi.press(user, message.message_id, data, chat_id=GROUP_ID)
    await eventually(lambda: botapi.answered(query))
    return (botapi.answer_of(query) or {}).get("text", "")


async def test_hazards_to_closure(botapi: Any, tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    data_dir = tmp_path / "data"
    data_dir.parent.mkdir(exist_ok=True)
    await submitted(data_dir, today)
    general_no, major_no = f"Y{today.year}-0001", f"Y{today.year}-0002"
    inspector = member(botapi, INSPECTOR, "王检查")
    colleague = member(botapi, COLLEAGUE, "李专家")
    boss = botapi.user(SUPERVISOR, "局领导")
    contact = Inspector(botapi, botapi.user(CONTACT, "企业安全员"))
    stranger = Inspector(botapi, botapi.user(STRANGER, "路人"))
    async with running_bot(botapi, data_dir, admin_ids=str(SUPERVISOR)) as proc:
        listing = await inspector.say("/hazards", expect="未销号隐患")
        assert general_no in listing.text and major_no in listing.text and "不得复产复工" in listing.text

        walk = botapi.press(inspector.user, listing.message_id, "h1:w:1:0:")  # 复查, as announce_open_hazards offers
        first = await inspector.reply(lambda m: "复查 1/2" in (m.text or ""))
        assert botapi.answered(walk) and "不得复产复工" in first.text
        await inspector.tap("下一条", expect="复查 2/2", message=first)
        botapi.send_command(colleague.user, "/hazards", chat_id=GROUP_ID)
        group_list = await botapi.wait_for_message(GROUP_ID, lambda m: "按企业" in (m.text or ""))
        assert ENTERPRISE in group_list.text and "不得复产复工" in group_list.text

        # A report begun and left for another command is dropped: texts go back to inspections.
        await inspector.say(f"/hazard {general_no}", expect="的历史")
        await inspector.tap("报告整改", expect="整改情况", message=inspector.last_with_button("报告整改"))
        await inspector.say("/list", expect="草稿已放弃")

        # An invite for the enterprise's safety officer: single use.
        await inspector.tap(general_no, expect=general_no)
        invite = await inspector.tap("邀请企业联系人", expect="邀请链接")
        token = re.search(r"start=([A-Za-z0-9_-]+)", invite.text).group(1)
        assert len(token) >= 22  # >= 128 bits
        assert "无效" in (await stranger.say("/start not-a-real-token-at-all")).text
        assert "企业联系人" in (await contact.say(f"/start {token}", expect="加入")).text
        assert "已被使用" in (await stranger.say(f"/start {token}")).text
        assert "只能使用" in (await contact.say("/new")).text  # nothing but hazards
        assert "未找到" in (await contact.say(f"/hazard Y{today.year}-9999")).text
        mine = await contact.say("/hazards", expect=ENTERPRISE)
        assert major_no in mine.text
        forged = botapi.press(contact.user, mine.message_id, "h1:w:999:0:")  # another enterprise
        await eventually(lambda: botapi.answered(forged))
        assert "无权" in botapi.answer_of(forged)["text"]

        # The contact reports on the 重大隐患: text first, a photo is required.
        await contact.say(f"/hazard {major_no}", expect="历史")
        await contact.tap("报告整改", expect="整改情况", message=contact.last_with_button("报告整改"))
        await contact.say("已更换煤气报警器", expect="已记录")
        draft_card = contact.last_with_button("提交")
        data = next(d for t, d in draft_card.buttons if "提交" in t)
        query = botapi.press(contact.user, draft_card.message_id, data)
        await eventually(lambda: botapi.answered(query))
        assert "照片" in botapi.answer_of(query)["text"]
        botapi.send_photo(contact.user, image_bytes(colour=(0, 0, 250)))
        await contact.reply(lambda m: "已收到整改后照片" in (m.text or ""))
        await contact.tap("提交", expect="等待复查")
        review = await botapi.wait_until(lambda: _group_with(botapi, major_no), what="review post")
        assert review.extra.get("photo") and "待复查" in review.caption

        # Only a supervisor may decide; 驳回 with a reason; the old 通过 is then stale.
        assert "局领导" in await _press_in_group(botapi, colleague.user, review, "通过")
        await _press_in_group(botapi, boss, review, "驳回")
        current = await botapi.wait_for_edit(GROUP_ID, review.message_id,
                                             lambda m: any("整改不到位" in t for t, _ in m.buttons))
        await _press_in_group(botapi, boss, current, "整改不到位")
        await inspector.reply(lambda m: "驳回" in (m.text or ""))
        assert "失效" in await _press_in_group(botapi, boss, review, "通过")

        # The inspector reports again; the supervisor accepts.
        await _report(inspector, major_no, "更换报警器并联网", (250, 250, 0))
        second = await botapi.wait_until(
            lambda: (m := _group_with(botapi, major_no)) and m.message_id != review.message_id and m, what="2nd post")
        assert "已销号" in await _press_in_group(botapi, boss, second, "通过")

        # An extension on the 一般隐患, granted by the supervisor.
        await inspector.say(f"/hazard {general_no}", expect="历史")
        await inspector.tap("申请延期", expect="延期理由", message=inspector.last_with_button("申请延期"))
        await inspector.say("护栏材料到货延迟", expect="新的整改时限")
        assert "早于今天" in (await inspector.say("2020-01-01")).text  # refused, the draft stays
        await inspector.tap("延长 7 天", expect="等待局领导审批")
        ask = await botapi.wait_until(lambda: _group_with(botapi, "申请延期"), what="extension post")
        assert "批准" in await _press_in_group(botapi, boss, ask, "批准延期")
        await inspector.reply(lambda m: "延期已批准" in (m.text or ""))

        # 即查即改 closes the 一般隐患 with an after-photo; the enterprise may resume.
        await inspector.say(f"/hazard {general_no}", expect="历史")
        await inspector.tap("即查即改", expect="整改后照片", message=inspector.last_with_button("即查即改"))
        botapi.send_photo(inspector.user, image_bytes(colour=(0, 250, 250)))
        await inspector.reply(lambda m: "已收到整改后照片" in (m.text or ""))
        await inspector.say("当场加装护栏", expect="已记录")
        await inspector.tap("提交", expect="销号")
        assert "没有未销号" in (await inspector.say("/hazards")).text

        stats = await inspector.say(f"/hazards {today:%Y-%m}", expect="隐患统计")
        assert "发现：2 条（一般 1，重大 1）" in stats.text and "已整改销号：2 条" in stats.text
        assert "用法" in (await inspector.say(f"/hazards {today.year}-13")).text
        history = await inspector.say(f"/hazard {major_no}", expect="的历史")
        for step in ("登记隐患", "报告整改", "驳回", "复查通过", "企业安全员", "局领导"):
            assert step in history.text, step
    with proc.db() as db:
        events = db.execute(
            "SELECT h.seq, e.kind, e.actor_id, e.old_value, e.new_value FROM hazard_events AS e "
            "JOIN hazards AS h ON h.id = e.hazard_id ORDER BY e.id").fetchall()
        assert db.execute("SELECT count(*) FROM hazards WHERE status <> 'closed'").fetchone()[0] == 0
    assert [(seq, kind, actor) for seq, kind, actor, _o, _n in events] == [
        (1, "created", INSPECTOR), (2, "created", INSPECTOR),
        (2, "report", CONTACT), (2, "reject", SUPERVISOR), (2, "report", INSPECTOR), (2, "accept", SUPERVISOR),
        (1, "ext_request", INSPECTOR), (1, "ext_grant", SUPERVISOR), (1, "spot", INSPECTOR),
    ]
    granted = events[7]
    assert granted[3] == str(today + timedelta(days=7)) and granted[4] == str(today + timedelta(days=14))
    assert_clean(botapi)
