"""End to end: outsiders, bad input, stale buttons, shutdown and restarts.

Each bad input must get a clear Chinese answer and change nothing else."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from tests.e2e_support import GROUP_ID, MINI_CHECKLIST, Inspector, eventually, image_bytes
from tests.test_e2e_inspection import ENTERPRISE, answer_ok, assert_clean, begin, member, running_bot


def _snapshot(proc: Any) -> tuple[list[Any], ...]:
    """Everything the bot stores about inspections, to show bad input changed nothing."""
    with proc.db() as db:
        return tuple(
            db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("inspections", "answers", "photos", "deliveries")
        )


def stored_media(data_dir: Path) -> set[str]:
    """Names of the files really in the photo store (named by sha256, no suffix)."""
    media = data_dir / "media"
    return {p.name for p in media.rglob("*") if p.is_file()} if media.exists() else set()


async def test_outsider_is_refused_and_leaves_no_trace(botapi: Any, tmp_path: Path) -> None:
    outsider = Inspector(botapi, botapi.user(6666, "陌生人"))
    insp = member(botapi, 6667, "冯专家")
    mine, theirs = image_bytes(colour=(10, 200, 10)), image_bytes(colour=(10, 10, 200))  # different files
    async with running_bot(botapi, tmp_path / "data") as proc:
        await begin(insp)  # a member's photo in the store shows the check below can see one
        botapi.send_photo(insp.user, mine)
        await insp.reply(lambda m: "已保存照片" in (m.text or ""))
        for command in ("/start", "/new", "随便说点什么"):
            reply = await outsider.say(command)
            assert "没有使用本机器人的权限" in reply.text
        botapi.send_photo(outsider.user, theirs)
        await outsider.reply(lambda m: "权限" in (m.text or ""))
        botapi.press(outsider.user, 1, "c2:op:1:1:o")
        await eventually(lambda: botapi.unanswered_callbacks() == [])
    with proc.db() as db:
        assert db.execute("SELECT id FROM users").fetchall() == [(insp.user.id,)]
        for table in ("inspections", "photos", "enterprises"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table
        for table in ("answers", "deliveries"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        (member_photo,) = db.execute("SELECT sha256 FROM photos").fetchone()
    assert stored_media(tmp_path / "data") == {member_photo}  # the outsider's photo is not on disk
    assert_clean(botapi)


async def test_bad_input_gets_a_polite_answer_and_changes_nothing(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 2001, "孙专家")
    async with running_bot(botapi, tmp_path / "data") as proc:
        await begin(insp)
        await answer_ok(insp, 1)
        stale_card = insp.last_with_button("符合")  # the card of item 2
        await answer_ok(insp, 2)
        before = _snapshot(proc)
        botapi.send_sticker(insp.user)
        assert "只能处理" in (await insp.reply()).text
        botapi.send_voice(insp.user)
        assert "只能处理" in (await insp.reply()).text
        botapi.send_document(insp.user, b"%PDF-1.4 not an image", "report.pdf", "application/pdf")
        assert "不是可识别的图片" in (await insp.reply()).text
        botapi.send_document(insp.user, image_bytes()[:3000], "cut.jpg", "image/jpeg")
        assert "不完整" in (await insp.reply()).text
        assert "按钮" in (await insp.say("=cmd|' /C calc'!A0")).text  # text where a button is expected
        botapi.press(insp.user, stale_card.message_id, next(d for t, d in stale_card.buttons if "不涉及" in t))
        await eventually(lambda: botapi.unanswered_callbacks() == [])
        botapi.press(insp.user, stale_card.message_id, "c2:op:999999:1:o")  # forged: someone else's id
        botapi.press(insp.user, stale_card.message_id, "garbage")
        await eventually(lambda: botapi.unanswered_callbacks() == [])
        await asyncio.sleep(0.5)
        assert _snapshot(proc) == before
        await insp.tap("存在问题", expect="问题")
        for part in range(8):  # 32,768 characters, split by the app as Telegram does
            botapi.send_text(insp.user, "问" * 4096)
        assert "过长" in (await insp.reply()).text
        await insp.say(FORMULA_NOTE, expect="隐患级别")
        with proc.db() as db:
            assert db.execute("SELECT problem FROM answers WHERE problem IS NOT NULL").fetchone() == (FORMULA_NOTE,)
        assert ENTERPRISE in (await insp.say("/status", expect="当前检查")).text
    assert_clean(botapi)


FORMULA_NOTE = "=1+1 @SUM(A1) -2"


async def test_sigterm_exits_promptly_and_pending_delivery_survives_restart(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 2002, "周专家")
    checklists = tmp_path / "checklists"
    checklists.mkdir()
    (checklists / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    data = tmp_path / "data"
    botapi.fail("sendDocument", chat_id=GROUP_ID, times=1000, status=502)
    async with running_bot(botapi, data, checklists_dir=str(checklists)) as proc:
        await begin(insp, "简短测试")
        await answer_ok(insp, 1, total=2)
        await answer_ok(insp, 2, total=2)
        await insp.say("吴负责", expect="检查汇总")
        await insp.tap("提交", expect="已提交")
        await eventually(lambda: len(botapi.documents(insp.chat_id)) >= 2, timeout=30)  # .xlsx and PDF
        began = time.monotonic()
        assert await proc.stop(timeout=15) == 0
        assert time.monotonic() - began < 10
    assert botapi.documents(GROUP_ID) == []
    botapi.fail("sendDocument", chat_id=GROUP_ID, times=0)
    async with running_bot(botapi, data, checklists_dir=str(checklists)):
        await eventually(lambda: len(botapi.documents(GROUP_ID)) >= 2, timeout=30)
        await asyncio.sleep(2)
    assert len(botapi.documents(GROUP_ID)) == 2 and len(botapi.documents(insp.chat_id)) == 2
    (xlsx,) = [d for d in botapi.documents(GROUP_ID) if d.file_name.endswith(".xlsx")]  # order not promised
    assert ENTERPRISE in xlsx.caption
    assert_clean(botapi)
