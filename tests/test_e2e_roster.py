"""End to end: a supervisor imports the enterprise roster over the local Bot API
server (a clean sheet, one with five kinds of bad row, and refused files),
gets it back with /roster, and anyone authorised looks an enterprise up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checklists.roster import read_roster
from tests.e2e_support import Inspector, eventually
from tests.roster_support import CLEAN_ROWS, xlsx
from tests.test_e2e_inspection import assert_clean, member, running_bot

SUPERVISOR = 4004
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAD_ROWS = CLEAN_ROWS + [
    ["泽州县化工厂", "", "巴公镇", "化工", "规模以上", ""],  # row 6: unknown 行业领域
    ["泽州县错码厂", "914403001922038217", "巴公镇", "机械", "规模以上", ""],  # row 7: check digit
    ["晋城市泽州县兴华钢铁有限公司", "", "巴公镇", "冶金", "规模以上", ""],  # row 8: duplicate name
    ["", "91330100716105852F", "巴公镇", "冶金", "规模以上", ""],  # row 9: no name
    ["泽州县大中型厂", "", "巴公镇", "冶金", "中型", ""],  # row 10: unknown 规模
]


async def _send(person: Inspector, data: bytes, name: str = "名录.xlsx", mime: str = XLSX,
                caption: str | None = "/import", expect: str | None = None) -> Any:
    person.server.send_document(person.user, data, name, mime, caption=caption)
    return await person.reply(None if expect is None else (lambda m: expect in (m.text or "")))


async def test_roster_import_refusals_problems_then_clean_import_and_export(botapi: Any, tmp_path: Path) -> None:
    inspector = member(botapi, 4001, "赵专家")
    boss = Inspector(botapi, botapi.user(SUPERVISOR, "局领导"))
    async with running_bot(botapi, tmp_path / "data", admin_ids=str(SUPERVISOR)) as proc:
        await _send(inspector, xlsx(CLEAN_ROWS), expect="只有管理人员")
        await _send(boss, "企业名称,规模\n".encode(), "名录.csv", "text/csv", expect="不是 .xlsx")
        await _send(boss, xlsx(CLEAN_ROWS, tweak=lambda s: s.__setitem__("C3", "=A2")), expect="含有公式")
        await _send(boss, xlsx(CLEAN_ROWS, tweak=lambda s: s.merge_cells("A1:B1")), expect="合并单元格")
        await _send(boss, xlsx([], header=["企业名称", "规模"]), expect="表头缺少")
        await _send(boss, xlsx([], header=[]), expect="是空的")
        await _send(boss, xlsx([]), expect="只有表头")
        await _send(boss, b"PK" + bytes(20 * 1024 * 1024), expect="超过 20 MB")  # refused unread
        report = (await _send(boss, xlsx(BAD_ROWS), expect="处问题")).text
        for where in ["第6行 行业领域", "第7行 统一社会信用代码", "第8行 企业名称：与第2行重复",
                      "第9行 企业名称", "第10行 规模"]:
            assert where in report, where
        assert "未导入任何企业" in report
        with proc.db() as db:
            assert db.execute("SELECT count(*) FROM enterprises").fetchone() == (0,)

        header = ["规模", "类别", "企业名称", "行业领域", "统一社会信用代码", "所属乡镇", "联系人"]
        reordered = [[r[4], r[5], r[0], r[3], r[1], r[2], "张三"] for r in CLEAN_ROWS]
        done = await _send(boss, xlsx(reordered, header=header, title="泽州县工贸企业名录"), expect="已导入")
        assert "新增 4 家" in done.text
        again = await _send(boss, xlsx(CLEAN_ROWS), expect="已导入")
        assert "新增 0 家，更新 4 家" in again.text

        await boss.say("/roster")
        sent = await eventually(lambda: botapi.documents(boss.chat_id))
        back = read_roster(sent[0].data)
        assert back.problems == () and len(back.rows) == 4
        assert {r.name for r in back.rows} == {"晋城市泽州县兴华钢铁有限公司", "泽州县金鼎铸造有限公司",
                                               "山西晋城（泽州）食品有限公司", "泽州县南村镇腾飞面粉厂"}
        assert "只有管理人员" in (await inspector.say("/roster")).text

        card = await inspector.say("/enterprise 兴华钢铁", expect="兴华")
        assert "市局专家+县局" in card.text and "914403001922038216" in card.text
        assert "县局专家" in (await inspector.say("/enterprise 泽州县金鼎铸造有限公司", expect="金鼎")).text
        assert "找到多家企业" in (await inspector.say("/enterprise 泽州", expect="企业")).text
        assert "没有找到" in (await inspector.say("/enterprise 不存在的厂", expect="没有")).text
    with proc.db() as db:
        assert db.execute("SELECT count(*) FROM enterprises").fetchone() == (4,)
    assert_clean(botapi)
