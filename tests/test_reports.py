"""The reports against a known history (tests/report_support.py): every cell of every
report compared with values computed by hand, 累计 and month boundaries in
Asia/Shanghai included; the header rows compared cell by cell, merges too, with
the annex structure reconstructed in CAMPAIGN.md section (a) (hard-coded here).
Real SQLite, real .xlsx files re-opened with openpyxl."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.config import Settings
from bot.report_service import ReportService
from storage import Storage
from tests.report_support import E1, E2, E3, NOW, UNIT, build_history

N = None  # a blank cell: nobody entered it


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[ReportService]:
    store = await Storage.open(tmp_path / "data")
    await build_history(store)
    yield ReportService(store.reports, Settings(group_id=-100, report_unit=UNIT), clock=lambda: NOW)
    await store.close()


async def sheet(service: ReportService, kind: str, month: str | None = None, enterprise: str | None = None) -> Worksheet:
    produced = await service.produce(service.request(kind, month, enterprise))
    assert produced is not None
    return load_workbook(io.BytesIO(produced[1])).active


def rows(ws: Worksheet, first: int, last: int) -> list[tuple[object, ...]]:
    return [tuple(r) for r in ws.iter_rows(min_row=first, max_row=last, values_only=True)]


def merges(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


# -- annex 1 ---------------------------------------------------------------------

# CAMPAIGN.md (a), Annex 1: 月份 over both header rows; groups 企业自查自纠情况 (5),
# 部门督查检查情况 (5 + columns 12–14, placed under it as judged most likely), 群众举报情况 (4).
ANNEX1_HEAD = [
    ("月份", "企业自查自纠情况", N, N, N, N, "部门督查检查情况", N, N, N, N, N, N, N, "群众举报情况", N, N, N),
    (N, "自查企业（家）", "一般隐患（条）", "已整改（条）", "重大隐患（条）", "已整改（条）",
     "督查企业（家）", "一般隐患（条）", "已整改（条）", "重大隐患（条）", "已整改（条）",
     "责令停产整顿/关闭取缔（家）", "曝光/约谈/联合惩戒企业（家）", "责任倒查/责任追责问责（家）",
     "举报一般隐患（条）", "已整改（条）", "举报重大隐患（条）", "已整改（条）"),
]


async def test_annex1_every_cell(service: ReportService) -> None:
    ws = await sheet(service, "1", "2025-07")
    assert ws["A1"].value == "安全生产隐患排查整治调度表"
    assert (ws["A2"].value, ws["J2"].value) == (f"填报单位：{UNIT}", "填报日期：2025年7月23日")
    assert rows(ws, 3, 4) == ANNEX1_HEAD
    assert {"A3:A4", "B3:F3", "G3:N3", "O3:R3"} <= merges(ws)
    assert rows(ws, 5, 8) == [
        # May: E1 at 23:30 on 31 May; 0001 一般 closed 5 June; 0002 重大 still open. Entered: 自查企业 5.
        ("2025年5月", 5, N, N, N, N, 1, 1, 1, 1, 0, N, N, N, N, N, N, N),
        # June: E2 at 00:10 on 1 June (31 May in UTC), E3; 0003 一般 open; 0004 重大 closed 20 July.
        ("2025年6月", 12, 30, N, N, N, 2, 1, 0, 1, 1, 1, N, N, N, N, N, N),
        # July to the 23rd: E1, E2, E3, E4; 0005, 0007 一般 open; 0006 重大 open; 31 July is after now.
        ("2025年7月", N, N, N, N, N, 4, 2, 0, 1, 0, N, N, N, N, N, N, N),
        # 累计: four enterprises counted once; entered columns summed, blank where never entered.
        ("累计", 17, 30, N, N, N, 4, 4, 1, 3, 1, 1, N, N, N, N, N, N),
    ]
    assert (ws["A10"].value, ws["J10"].value) == ("填报人：", "联系电话：")


async def test_a_past_month_is_shown_as_it_stood_at_its_end(service: ReportService) -> None:
    ws = await sheet(service, "1", "2025-06")
    assert rows(ws, 5, 7) == [
        ("2025年5月", 5, N, N, N, N, 1, 1, 1, 1, 0, N, N, N, N, N, N, N),
        ("2025年6月", 12, 30, N, N, N, 2, 1, 0, 1, 0, 1, N, N, N, N, N, N),  # 0004 closed only in July
        ("累计", 17, 30, N, N, N, 3, 2, 1, 2, 0, 1, N, N, N, N, N, N),
    ]
    may = await sheet(service, "1", "2025-05")
    assert rows(may, 5, 6)[0][6:11] == (1, 1, 0, 1, 0)  # on 31 May 0001 was not closed yet


# -- annex 2 ---------------------------------------------------------------------

async def test_annex2_every_cell(service: ReportService) -> None:
    ws = await sheet(service, "2", "2025-07")
    assert ws["A1"].value == "2025年重大事故隐患清单"
    assert (ws["A2"].value, ws["E2"].value) == (f"填报单位：{UNIT}", "填报时间：2025年7月23日")  # 时间, not 日期
    # CAMPAIGN.md (a), Annex 2: nine columns, one header row.
    assert rows(ws, 3, 3) == [("序号", "检查时间", "检查单位", "被检查单位", "行业领域", "问题隐患描述", "整改时限", "整改情况", "备注")]
    assert rows(ws, 4, 6) == [
        (1, "2025年5月31日", UNIT, E1, "冶金", "煤气报警器失效", "2025年7月15日", "逾期未整改（超期8天）",
         "Y2025-0002；经批准延期，原整改时限2025年6月30日"),
        (2, "2025年6月15日", UNIT, E3, "机械", "除尘系统未设泄爆", "2025年7月30日", "已整改（2025年7月20日销号）", "Y2025-0004"),
        (3, "2025年7月11日", UNIT, E1, "冶金", "煤气排水器井未上锁隔离", "2025年8月10日", "整改中", "Y2025-0006"),
    ]
    assert (ws["A7"].value, ws["E7"].value) == ("填表人：", "联系电话：")  # 填表人, not 填报人


# -- annexes 3 and 4 --------------------------------------------------------------

async def test_annex3_is_the_latest_ledger_of_the_enterprise(service: ReportService) -> None:
    ws = await sheet(service, "3", enterprise=E2)
    assert ws["A1"].value == f"{E2}有限空间管理台账（参考）"
    assert rows(ws, 3, 6) == [
        ("序号", "有限空间名称", "位置", "数量", "主要危险有害因素", "可能事故后果", "作业形式", "风险等级", "审批责任人"),
        (1, "污水井", "厂区东侧", 2, "硫化氢", "中毒窒息", "外包作业", "高", "张三"),
        (2, "发酵罐", "发酵车间", 3, "二氧化碳", "窒息", "自主作业", "中", "李四"),
        ("备注：1.作业形式分为自主作业和外包作业。2.风险等级分为高、中、低3类，按照各行业主管部门制定的分级标准分级。",
         N, N, N, N, N, N, N, N),
    ]
    none = await sheet(service, "3", enterprise=E3)  # answered 不涉及: an empty ledger, said so
    assert none["A3"].value == "序号" and rows(none, 4, 4) == [(N,) * 9] and none["A5"].value.startswith("备注")
    assert await service.produce(service.request("3", enterprise="不存在的公司")) is None
    spaced = await sheet(service, "3", enterprise=f"  {E2} ")  # blanks around it, as typed
    assert spaced["A1"].value == ws["A1"].value


async def test_annex4_every_cell(service: ReportService) -> None:
    ws = await sheet(service, "4")
    assert ws["A1"].value == "晋城市重点行业领域有限空间作业场所统计表"
    # CAMPAIGN.md (a), Annex 4: 有限空间风险等级 over 高/中/低; the rest span both rows.
    assert rows(ws, 3, 4) == [
        ("监管部门", "行业领域", "涉及企业单位（家）", "有限空间作业场所（处）", "有限空间风险等级", N, N),
        (N, N, N, N, "高（处）", "中（处）", "低（处）"),
    ]
    assert rows(ws, 5, 8) == [
        ("应急管理局", "轻工（农副产品加工、食品制造、印染）", 1, 5, 2, 3, 0),  # E2: 2 高 + 3 中
        (N, "机械（高炉企业）", 0, 0, 0, 0, 0),  # E3 answered 不涉及
        (N, "冶金", 1, 1, 0, 0, 1),  # not printed in the annex: after its rows
        ("合计", N, 2, 6, 2, 3, 1),
    ]
    assert {"A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:G3", "A5:A7", "A8:B8"} <= merges(ws)
    assert ws["A9"].value == "备注：有限空间风险等级按照高、中、低3类填写。"
    assert (ws["A10"].value, ws["D10"].value) == ("填表人：", "联系电话：")


# -- annex 5 ---------------------------------------------------------------------

async def test_annex5_every_cell(service: ReportService) -> None:
    ws = await sheet(service, "5", "2025-07")
    assert ws["A1"].value == "有限空间作业排查整治攻坚行动月报表"
    # CAMPAIGN.md (a), Annex 5: three header rows under 培训情况, two elsewhere (merged down).
    assert rows(ws, 3, 5) == [
        ("月份", "企业自查情况", N, N, "培训情况", N, N, N, "部门帮扶情况", N, N, "行政处罚情况", N, N),
        (N, "涉及企业（家）", "一般隐患（条）", "重大隐患（条）", "部门组织", N, "企业组织", N,
         "帮扶企业（家）", "一般隐患（条）", "重大隐患（条）", "处罚企业（家）", "处罚金额（万元）", "责令停产整顿（家）"),
        (N, N, N, N, "参训企业数", "参训人数", "参训企业数", "参训人数", N, N, N, N, N, N),
    ]
    assert {"A3:A5", "B3:D3", "E3:H3", "E4:F4", "G4:H4", "I3:K3", "L3:N3", "B4:B5", "I4:I5", "N4:N5"} <= merges(ws)
    assert rows(ws, 6, 9) == [
        ("2025年5月", N, N, N, N, N, N, N, 0, 0, 0, N, N, N),
        ("2025年6月", N, N, N, N, N, N, N, 0, 0, 0, N, N, N),
        # 有限空间 inspections of E2 (0005 一般), E1 (0006 重大), E3 (不涉及); entered: 45 people, 1.5 万元.
        ("2025年7月", N, N, N, N, 45, N, N, 3, 1, 1, N, 1.5, N),
        ("累计", N, N, N, N, 45, N, N, 3, 1, 1, N, 1.5, N),
    ]


# -- the weekly report ----------------------------------------------------------

async def test_weekly_every_cell(service: ReportService) -> None:
    ws = await sheet(service, "weekly")
    assert ws["A1"].value == "工贸企业复产复工情况周报（2025年7月21日—7月27日）"
    assert rows(ws, 3, 4) == [
        ("乡镇", "本周技术指导企业（家）", N, N, N, "本周发现问题隐患（条）", N, N, "复产复工情况（家）", N, N),
        (N, "含高炉的金属冶炼企业", "其他金属冶炼企业", "其他工贸企业", "小计", "合计", "其中重大隐患", "已整改",
         "可复工", "整改中", "不得复工（有未销号重大隐患）"),
    ]
    assert rows(ws, 5, 7) == [
        # E1 (高炉, open 重大 0002/0006: may not resume), E3 (0007 一般 found this week, open).
        ("巴公镇", 1, 0, 1, 2, 1, 0, 0, 0, 1, 1),
        # E2 (0003/0005 一般 open), E4 (no category: in 小计 only; nothing open).
        ("金村镇", 0, 0, 1, 2, 0, 0, 0, 1, 1, 0),
        ("合计", 1, 0, 2, 4, 1, 0, 0, 1, 2, 1),
    ]
    assert ws["A10"].value == (f"1. {E1}（巴公镇）：Y2025-0002 煤气报警器失效（整改时限2025年7月15日）；"
                               "Y2025-0006 煤气排水器井未上锁隔离（整改时限2025年8月10日）")


# -- supervisor numbers ---------------------------------------------------------

async def test_entered_numbers_keep_who_and_when_and_only_changes_are_stored(service: ReportService) -> None:
    again = {("2025-06", "self_enterprises"): 12.0, ("2025-06", "stop"): 2.0}
    assert await service.store.put_inputs("1", again, 404, NOW, "附件1.xlsx") == 1  # 12 is unchanged
    values = await service.store.inputs("1")
    assert values[("2025-06", "stop")].value == 2.0 and values[("2025-06", "stop")].entered_by == 404
    assert values[("2025-06", "self_enterprises")].entered_by == 303  # the first entry stands
