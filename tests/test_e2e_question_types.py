"""End to end over the local Bot API server: a checklist with every question type,
killed and restarted in the middle of a ledger record; a long note split by the
app arrives whole; an old summary's buttons never loop."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.e2e_support import GROUP_ID, MINI_CHECKLIST, eventually, form_cells
from tests.flow_support import EVERY_TYPE
from tests.test_e2e_inspection import assert_clean, begin, member, running_bot

LONG_NOTE = ("煤气柜周边未设置警示标识，" * 300)[:5000] + "。结束"


def ledger_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["备注", "风险等级", "有限空间名称", "数量"])  # any order; extra columns ignored
    sheet.append(["新建", "低", "2号沉淀池", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def checklists_dir(tmp_path: Path, text: str, name: str) -> str:
    folder = tmp_path / "checklists"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


async def test_every_question_type_end_to_end_with_a_kill_in_a_record(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 4101, "钱专家")
    data, extra = tmp_path / "data", {"checklists_dir": checklists_dir(tmp_path, EVERY_TYPE, "every.yaml")}
    async with running_bot(botapi, data, **extra) as proc:
        await begin(insp, "题型测试")
        await insp.tap("符合", expect="第 2/8 项")
        await insp.tap("存在问题", expect="存在的问题")
        await insp.say("未开展培训", expect="建议判定为")
        await insp.tap("重大隐患", expect="整改时限")
        await insp.tap("默认", expect="专家建议")
        await insp.tap("跳过", expect="第 3/8 项")
        assert "不是数值" in (await insp.say("abc")).text
        await insp.say("1250", expect="第 4/8 项")
        await insp.tap("外包作业", expect="第 5/8 项")
        await insp.tap("CO", expect="未完成")
        await insp.tap("O2", expect="未完成")
        await insp.tap("完成", expect="第 6/8 项")
        await insp.say("6月1日", expect="第 7/8 项")
        botapi.send_text(insp.user, LONG_NOTE[:4096])  # the app splits a long text in two
        botapi.send_text(insp.user, LONG_NOTE[4096:])
        await insp.reply(lambda m: "第 8/8 项" in (m.text or ""))
        await insp.tap("填写台账", expect="已录入")
        await insp.tap("添加一条", expect="有限空间名称")
        await insp.say("1号煤气柜", expect="数量")
        proc.kill()
    async with running_bot(botapi, data, **extra):
        await insp.say("/status", expect="台账")
        await insp.reply(lambda m: "数量" in (m.text or ""))
        await insp.say("2", expect="风险等级")
        await insp.tap("高", expect="已录入 1 条")
        botapi.send_document(insp.user, ledger_xlsx(), "台账.xlsx",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        await insp.reply(lambda m: "导入 1 条" in (m.text or ""))
        await insp.reply(lambda m: "已录入 2 条" in (m.text or ""))
        await insp.tap("完成台账", expect="负责人")
        await insp.say("赵负责", expect="检查汇总")
        await insp.tap("提交", expect="已提交")
        await eventually(lambda: botapi.documents(GROUP_ID), timeout=60)
    xlsx = next(d for d in botapi.documents(GROUP_ID) if d.file_name.endswith(".xlsx")).data
    rows = form_cells(xlsx)["rows"]
    assert [rows[n][4] for n in range(3, 8)] == ["1250 mm", "外包作业", "CO、O2", f"{_year()}年6月1日", LONG_NOTE]
    assert "【重大隐患】未开展培训" in rows[2][4] and "第十三条（一）" in rows[2][4]
    ledger = load_workbook(io.BytesIO(xlsx))["台账（序号8）"]
    assert [r for r in ledger.iter_rows(min_row=3, values_only=True)] == [
        ("1", "1号煤气柜", "2", "高"), ("2", "2号沉淀池", "1", "低")]
    assert_clean(botapi)


def _year() -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Shanghai")).year


async def test_an_old_summary_never_loops_and_submit_comes(botapi: Any, tmp_path: Path) -> None:
    """The hardening issue's stuck submit, through the bot."""
    insp = member(botapi, 4102, "李专家")
    extra = {"checklists_dir": checklists_dir(tmp_path, MINI_CHECKLIST, "mini.yaml")}
    async with running_bot(botapi, tmp_path / "data", **extra):
        await begin(insp, "简短测试")
        await insp.tap("符合", expect="第 2/2 项")
        await insp.tap("符合", expect="负责人")
        old_summary = await insp.say("王负责", expect="检查汇总")
        await insp.tap("修改答案", expect="目录", message=old_summary)
        await insp.tap("2", expect="第 2/2 项")
        await insp.tap("存在问题", expect="存在的问题")
        await insp.say("无台账", expect="隐患级别")  # walks away before the level
        await insp.tap("修改负责人", expect="负责人", message=old_summary)
        await insp.say("王五", expect="第 2/2 项")  # the open item, not a summary offering 提交
        await insp.tap("存在问题", expect="存在的问题")
        await insp.tap("保留", expect="隐患级别")
        await insp.tap("一般隐患", expect="整改时限")
        await insp.tap("7天", expect="专家建议")
        await insp.tap("跳过", expect="检查汇总")
        await insp.tap("提交", expect="已提交")
        await eventually(lambda: botapi.documents(GROUP_ID), timeout=60)
    assert_clean(botapi)
