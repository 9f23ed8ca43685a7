"""End to end: each built-in campaign checklist (checklists/templates/jc_2025_*.yaml,
built in, so the bot loads it with the others) walked over the local Bot API server
by its own inspector, all five at once: the confined-space ledger filled, a
cited item answered 存在问题 with the clause on the form, the enterprise picked
from an imported roster by typing part of its name."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from checklists.loader import load_catalog, load_file
from checklists.model import Checklist, Item
from tests.e2e_support import Inspector, eventually, form_cells
from tests.roster_support import CLEAN_ROWS, xlsx
from tests.test_e2e_inspection import assert_clean, member, running_bot
from tests.test_e2e_roster import SUPERVISOR, _send

DRAFTS = Path(__file__).resolve().parents[1] / "checklists" / "templates"
# checklist file -> (inspector id, what the inspector types at 企业名称, the item answered 存在问题)
WALKS = {
    "jc_2025_gas.yaml": (4201, "兴华钢铁", "gas-special-permits"),
    "jc_2025_molten_metal.yaml": (4202, "金鼎铸造", "molten-crowded-rooms"),
    "jc_2025_dust.yaml": (4203, "泽州县南村镇腾飞面粉厂", None),
    "jc_2025_confined_space.yaml": (4204, "山西晋城(泽州)食品有限公司", "confined-warning-signs"),
    "jc_2025_hot_work_insulation.yaml": (4205, "名录外的新厂", "hot-welder-permits"),
}
PARTIAL = {"金鼎铸造": "泽州县金鼎铸造有限公司"}
LEDGER_ENTRY = {"text": "1号污水井", "number": "2"}
PACE = 1.1  # seconds between a person's updates: the inbound flood guard allows ~1/s after a burst of 20


class PacedInspector(Inspector):
    """Taps and types no faster than a person: a 35-item walk is longer than the guard's burst."""

    last: float = 0.0

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(max(0.0, self.last + PACE - loop.time()))
        self.last = loop.time()

    async def say(self, text: str, expect: str | None = None) -> Any:
        await self._pace()
        return await super().say(text, expect)

    async def tap(self, label: str, expect: str | None = None, message: Any = None) -> Any:
        await self._pace()
        return await super().tap(label, expect, message)


def _next(number: int, total: int) -> str:
    return f"第 {number + 1}/{total} 项" if number < total else "负责人"


async def _ledger(insp: Inspector, item: Item, after: str) -> None:
    """One record, each field typed or tapped as its type asks."""
    fields = item.spec["fields"]
    await insp.tap("填写台账", expect="已录入")
    await insp.tap("添加一条", expect=fields[0]["label"])
    for index, spec in enumerate(fields):
        expect = fields[index + 1]["label"] if index + 1 < len(fields) else "已录入 1 条"
        if spec["type"] == "choice":
            await insp.tap(spec["options"][-1], expect=expect)
        else:
            await insp.say(LEDGER_ENTRY.get(spec["type"], "王工"), expect=expect)
    await insp.tap("完成台账", expect=after)


async def _problem(insp: Inspector, after: str) -> None:
    await insp.tap("存在问题", expect="存在的问题")
    await insp.say("检查发现的问题", expect="建议判定为")
    await insp.tap("重大隐患", expect="整改时限")
    await insp.tap("默认", expect="专家建议")
    await insp.tap("跳过", expect=after)


async def _walk(insp: Inspector, checklist: Checklist, typed: str, problem: str | None) -> None:
    if typed == "兴华钢铁":  # `/new` with part of a roster name: its industry's checklists first
        picker = await insp.say(f"/new {typed}", expect="适用于该行业")
        labels = [label for label, _ in picker.buttons]
        for_metal = [c.short_title for c in load_catalog() if "冶金" in c.industries]
        assert sorted(labels[: len(for_metal)]) == sorted(for_metal) and len(labels) > len(for_metal)
        await insp.tap(checklist.short_title, expect="第 1/", message=picker)
    elif typed in PARTIAL:  # part of a roster name typed at the enterprise question: offered as a button
        await insp.say("/new", expect="清单")
        await insp.tap(checklist.short_title, expect="企业名称")
        await insp.say(typed, expect="相近的企业")
        await insp.tap(PARTIAL[typed], expect="第 1/")
    else:
        await insp.say("/new", expect="清单")
        await insp.tap(checklist.short_title, expect="企业名称")
        await insp.say(typed, expect="第 1/")
    total = len(checklist.items)
    for item in checklist.items:
        after = _next(item.number, total)
        if item.type == "records":
            await _ledger(insp, item, after)
        elif item.id == problem:
            await _problem(insp, after)
        else:
            await insp.tap("符合", expect=after)
    await insp.say("赵负责", expect="检查汇总")
    await insp.tap("提交", expect="已提交")


async def test_every_campaign_draft_walked_end_to_end(botapi: Any, tmp_path: Path) -> None:
    boss = Inspector(botapi, botapi.user(SUPERVISOR, "局领导"))
    walkers = {name: (PacedInspector(botapi, member(botapi, uid, f"专家{uid}").user, timeout=30.0), typed,
                      problem, load_file(DRAFTS / name))
               for name, (uid, typed, problem) in WALKS.items()}
    async with running_bot(botapi, tmp_path / "data", admin_ids=str(SUPERVISOR)):
        await _send(boss, xlsx(CLEAN_ROWS), expect="已导入")
        await asyncio.gather(*(_walk(insp, c, typed, problem) for insp, typed, problem, c in walkers.values()))
        for insp, *_ in walkers.values():
            await eventually(lambda i=insp: [d for d in botapi.documents(i.chat_id) if d.file_name.endswith(".xlsx")],
                             timeout=60)
    for insp, typed, problem, checklist in walkers.values():
        data = next(d for d in botapi.documents(insp.chat_id) if d.file_name.endswith(".xlsx")).data
        cells = form_cells(data)
        assert sorted(cells["rows"]) == list(range(1, len(checklist.items) + 1)), checklist.id
        assert checklist.title in cells["texts"]
        if problem:
            row = cells["rows"][checklist.item(problem).number]
            assert "重大隐患" in str(row[4]) and checklist.item(problem).standard[:6] in str(row[4]), row
    steel = walkers["jc_2025_gas.yaml"][0]
    assert "晋城市泽州县兴华钢铁有限公司" in form_cells(botapi.documents(steel.chat_id)[0].data)["texts"]
    confined = walkers["jc_2025_confined_space.yaml"]
    book = load_workbook(io.BytesIO(next(d for d in botapi.documents(confined[0].chat_id)
                                         if d.file_name.endswith(".xlsx")).data))
    ledger = book["台账（序号1）"]
    assert ("1号污水井" in [v for row in ledger.iter_rows(values_only=True) for v in row])
    assert_clean(botapi)
