"""End to end: the real `checklist-bot run` process over HTTP against the local
Bot API server. An inspector completes the seed checklist on the 'phone'; the
bureau group and the inspector each receive one correct form."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.texts import FORM_CAPTION_PDF
from tests.e2e_support import (
    GROUP_ID,
    TOKEN,
    BotProcess,
    Inspector,
    eventually,
    form_cells,
    image_bytes,
    started,
)

ENTERPRISE = "泽州县某某钢铁有限公司"
FORMULA = '=HYPERLINK("http://evil.example","点我")'


@contextlib.asynccontextmanager
async def running_bot(server: Any, data_dir: Path, **extra: str) -> AsyncIterator[BotProcess]:
    """Start the bot, wait until it polls, and always stop it."""
    proc = BotProcess(server.url, data_dir, **extra)
    since = len(server.calls)
    proc.start()
    try:
        await started(server, since)
        yield proc
    finally:
        if proc.proc is not None and proc.proc.poll() is None:
            await proc.stop()
        assert TOKEN not in proc.log(), "the bot token leaked into the log"


def member(server: Any, user_id: int, name: str) -> Inspector:
    user = server.user(user_id, name)
    server.set_member(GROUP_ID, user_id, "member")
    return Inspector(server, user)


async def answer_ok(insp: Inspector, number: int, total: int = 21) -> None:
    await insp.tap("符合", expect=_after(number, total))


def _after(number: int, total: int) -> str:
    return f"第 {number + 1}/{total} 项" if number < total else "负责人"


async def answer_problem(
    insp: Inspector, number: int, problem: str, advice: str | None, major: bool, total: int = 21
) -> None:
    await insp.tap("存在问题", expect="问题")
    await insp.say(problem, expect="隐患级别")
    await classify(insp, major)
    if advice is None:
        await insp.tap("跳过", expect=_after(number, total))
    else:
        await insp.say(advice, expect=_after(number, total))


async def classify(insp: Inspector, major: bool) -> None:
    """Level, then the deadline: the default quick choice of that level."""
    await insp.tap("重大隐患" if major else "一般隐患", expect="整改时限")
    await insp.tap("默认", expect="专家建议")


async def begin(insp: Inspector, button: str = "复工复产") -> None:
    await insp.say("/new", expect="清单")
    await insp.tap(button, expect="企业名称")
    await insp.say(ENTERPRISE, expect="第 1/")


def pdf_page_texts(data: bytes) -> list[str]:
    """The PDF's text per page, as a phone's viewer extracts it (pdfium)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def assert_clean(server: Any) -> None:
    """Every call was valid per the spec and limits; every button press answered."""
    assert server.violations == []
    assert server.flood_report() == []
    assert server.unanswered_callbacks() == []


async def test_full_inspection_delivers_one_form_to_group_and_inspector(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 1001, "张专家")
    async with running_bot(botapi, tmp_path / "data"):
        await begin(insp)
        botapi.send_photo(insp.user, image_bytes())
        await insp.reply(lambda m: "第 1 项" in (m.text or ""))
        await answer_ok(insp, 1)
        await answer_problem(insp, 2, FORMULA, "建议补充观看警示教育片的照片", major=False)
        await insp.tap("不涉及", expect="第 4/21 项")
        await answer_ok(insp, 4)
        await insp.tap("存在问题", expect="问题")
        botapi.send_album(insp.user, [image_bytes(colour=(i * 60, 10, 10)) for i in range(3)])
        await insp.reply(lambda m: "3 张" in (m.text or ""))
        await insp.say("未开展应急演练，无演练记录", expect="隐患级别")
        await classify(insp, major=True)
        await insp.tap("跳过", expect="第 6/21 项")
        for number in (6, 7):
            await answer_ok(insp, number)
        botapi.send_document(insp.user, image_bytes(orientation=6), "IMG_0001.JPG", "image/jpeg")
        await insp.reply(lambda m: "第 8 项" in (m.text or ""))
        await answer_problem(insp, 8, "无会议签到表", "+86 尽快补齐会议记录", major=False)
        await answer_ok(insp, 9)
        await insp.tap("上一项", expect="第 9/21 项")  # revisit and change an earlier answer
        await insp.tap("不涉及", expect="第 10/21 项")
        for number in range(10, 18):
            await answer_ok(insp, number)
        await answer_problem(insp, 18, "煤气报警器失效", "立即停产整改", major=True)
        await answer_ok(insp, 19)
        await insp.tap("不涉及", expect="第 21/21 项")
        await answer_ok(insp, 21)
        await insp.say("李负责", expect="检查汇总")
        await insp.tap("修改答案", expect="目录")
        await insp.tap("➖3", expect="第 3/21 项")
        summary = await insp.tap("符合", expect="检查汇总")
        assert "存在问题：4 项（其中重大隐患 2 项）" in summary.text
        assert "照片：5 张" in summary.text
        await insp.tap("提交", expect="已提交")
        group_docs = await eventually(lambda: botapi.documents(GROUP_ID)[1:] and botapi.documents(GROUP_ID), 60)
        mine = await eventually(lambda: botapi.documents(insp.chat_id)[1:] and botapi.documents(insp.chat_id), 30)
    # The .xlsx and its PDF, once each, to each chat.
    assert [d.file_name.rsplit(".", 1)[1] for d in group_docs] == ["xlsx", "pdf"]
    assert [d.file_name.rsplit(".", 1)[1] for d in mine] == ["xlsx", "pdf"]
    pdf = group_docs[1]
    assert pdf.mime_type == "application/pdf" and pdf.data.startswith(b"%PDF-") and pdf.data == mine[1].data
    assert pdf.caption == FORM_CAPTION_PDF and ENTERPRISE in pdf.file_name
    pdf_text = pdf_page_texts(pdf.data)
    assert ENTERPRISE in pdf_text[0] and "煤气报警器失效" in "".join(pdf_text)
    caption = group_docs[0].caption
    for needle in (ENTERPRISE, "张专家", "存在问题：4 项", "重大隐患：2 项"):
        assert needle in caption
    assert ENTERPRISE in group_docs[0].file_name and group_docs[0].file_name.endswith(".xlsx")
    form = form_cells(group_docs[0].data)
    assert group_docs[0].data == mine[0].data
    rows = form["rows"]
    assert sorted(rows) == list(range(1, 22))
    assert rows[1][4].startswith("无") and rows[3][4] == "无" and rows[9][4] == "不涉及"
    assert FORMULA in rows[2][4] and rows[2][5] == "建议补充观看警示教育片的照片"
    assert "重大隐患" in rows[5][4] and "未开展应急演练" in rows[5][4]
    assert rows[8][5] == "+86 尽快补齐会议记录"
    assert "重大隐患" in rows[18][4] and rows[18][5] == "立即停产整改"
    assert ENTERPRISE in form["texts"] and "李负责" in form["texts"] and "张专家" in form["texts"]
    assert form["images"] == 5
    assert_clean(botapi)


async def test_sigkill_mid_inspection_loses_nothing_acknowledged(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 1002, "王专家")
    data = tmp_path / "data"
    async with running_bot(botapi, data) as proc:
        await begin(insp)
        for number in (1, 2, 3):
            await answer_ok(insp, number)
        await insp.tap("存在问题", expect="问题")
        botapi.send_photo(insp.user, image_bytes())
        await insp.reply(lambda m: "第 4 项" in (m.text or ""))
        await insp.say("主要负责人未讲课", expect="隐患级别")
        await insp.tap("一般隐患", expect="整改时限")
        proc.kill()
    with proc.db() as db:
        answers = dict(db.execute("SELECT item_id, result FROM answers").fetchall())
        photos = db.execute("SELECT count(*) FROM photos").fetchone()[0]
    assert len(answers) == 4 and photos == 1
    async with running_bot(botapi, data) as proc:
        status = await insp.say("/status", expect="当前检查")
        assert ENTERPRISE in status.text and "整改时限" in status.text
        await insp.reply(lambda m: "整改时限" in (m.text or ""))
        await insp.tap("7天", expect="专家建议")
        await insp.tap("跳过", expect="第 5/21 项")
    with proc.db() as db:
        problem = db.execute("SELECT problem, hazard, deadline FROM answers WHERE result = '存在问题'").fetchone()
    assert problem[:2] == ("主要负责人未讲课", "一般") and problem[2] is not None
    assert_clean(botapi)


@pytest.mark.parametrize("faults", [[(429, 1)], [(500, None), (502, None)]], ids=["429", "5xx"])
async def test_group_upload_faults_end_in_exactly_one_document(
    botapi: Any, tmp_path: Path, faults: list[tuple[int, int | None]]
) -> None:
    insp = member(botapi, 1003, "赵专家")
    checklists = tmp_path / "checklists"
    checklists.mkdir()
    from tests.e2e_support import MINI_CHECKLIST

    (checklists / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    for status, retry_after in faults:
        botapi.fail("sendDocument", chat_id=GROUP_ID, times=1, status=status, retry_after=retry_after or 1)
    async with running_bot(botapi, tmp_path / "data", checklists_dir=str(checklists)):
        await begin(insp, "简短测试")
        await answer_ok(insp, 1, total=2)
        await answer_ok(insp, 2, total=2)
        await insp.say("刘负责", expect="检查汇总")
        await insp.tap("提交", expect="已提交")
        await eventually(lambda: len(botapi.documents(GROUP_ID)) >= 2, timeout=60)
        await eventually(lambda: len(botapi.documents(insp.chat_id)) >= 2, timeout=30)
        await _quiet(3.0)
    assert sorted(d.file_name[-4:] for d in botapi.documents(GROUP_ID)) == [".pdf", "xlsx"]
    assert sorted(d.file_name[-4:] for d in botapi.documents(insp.chat_id)) == [".pdf", "xlsx"]
    sends = sum(1 for m, p in botapi.calls if m == "sendDocument" and str(p.get("chat_id")) == str(GROUP_ID))
    assert sends == 2 + len(faults)
    assert_clean(botapi)


async def _quiet(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)
