"""End to end: inspector isolation, supervisors' access, and a flooding user."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot import inbound

from tests.e2e_support import GROUP_ID, MINI_CHECKLIST, Inspector, eventually, form_cells
from tests.test_e2e_inspection import ENTERPRISE, assert_clean, begin, member, running_bot

SUPERVISOR = 3003


def _mini(tmp_path: Path) -> str:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    return str(folder)


async def test_only_the_owner_and_supervisors_reach_an_inspection(botapi: Any, tmp_path: Path) -> None:
    owner, other = member(botapi, 3001, "钱专家"), member(botapi, 3002, "李专家")
    boss = Inspector(botapi, botapi.user(SUPERVISOR, "局领导"))  # in ADMIN_IDS, not in the group
    async with running_bot(botapi, tmp_path / "data", admin_ids=str(SUPERVISOR),
                           checklists_dir=_mini(tmp_path)) as proc:
        await begin(owner, "简短测试")
        with proc.db() as db:
            (inspection_id,) = db.execute("SELECT id FROM inspections").fetchone()
        reply = await other.say(f"/export {inspection_id}")
        assert "无权查看" in reply.text and botapi.documents(other.chat_id) == []
        query = botapi.press(other.user, 1, f"c2:op:{inspection_id}:1:o")  # forged press on owner's card
        await eventually(lambda: botapi.answered(query))
        assert "不是您的检查" in (botapi.answer_of(query) or {}).get("text", "")
        assert "用法" in (await other.say("/export abc")).text
        assert "还没有检查记录" in (await other.say("/list all")).text  # "all" is for supervisors only
        assert f"{inspection_id}｜" in (await owner.say("/list", expect="我的检查")).text
        everyone = await boss.say("/list all", expect="全部检查")
        assert f"{inspection_id}" in everyone.text and "钱专家" in everyone.text
        await boss.say(f"/export {inspection_id}", expect="检查表")
        await owner.say(f"/export {inspection_id}", expect="检查表")
        await owner.say("/cancel", expect="确定要放弃")
        await owner.tap("继续检查", expect="第 1/2 项")  # changed their mind: nothing lost
        await owner.say("/cancel", expect="确定要放弃")
        await owner.tap("确定放弃", expect="已放弃")
        assert "没有进行中的检查" in (await owner.say("/status")).text
    with proc.db() as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0
        assert db.execute("SELECT status FROM inspections").fetchall() == [("cancelled",)]
    for chat in (SUPERVISOR, owner.chat_id):  # the .xlsx and the PDF, once each
        assert [d.file_name.rsplit(".", 1)[1] for d in botapi.documents(chat)] == ["xlsx", "pdf"]
    assert ENTERPRISE in form_cells(botapi.documents(SUPERVISOR)[0].data)["texts"]
    assert botapi.documents(GROUP_ID) == []
    assert_clean(botapi)


async def test_a_flooding_user_is_told_once_and_slows_nobody_else(botapi: Any, tmp_path: Path) -> None:
    flooder, colleague = member(botapi, 3101, "刷屏者"), member(botapi, 3102, "正常专家")
    async with running_bot(botapi, tmp_path / "data"):
        for index in range(150):
            botapi.send_text(flooder.user, f"消息 {index}")
        reply = await colleague.say("/new", expect="清单")
        assert reply is not None
        flooder_messages = lambda: [m.text or "" for m in botapi.messages(flooder.chat_id)]  # noqa: E731
        await eventually(lambda: any("消息太多" in t for t in flooder_messages()), timeout=60)
        await asyncio.sleep(2)
    texts = flooder_messages()
    assert sum("消息太多" in t for t in texts) == 1
    assert len(texts) <= inbound.CAPACITY + 6  # the bucket's worth of answers and one warning, not 150
    assert_clean(botapi)
