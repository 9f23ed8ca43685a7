"""Annex 1 of seed 003: 安全生产隐患排查整治调度表 (monthly, due by the 25th).

Layout from CAMPAIGN.md (a): 月份 rows from the campaign's first month, then
累计; 18 columns under 企业自查自纠情况 / 部门督查检查情况 / 群众举报情况.
Columns 12–14 have no group of their own in the seed's text export; they are
placed under 部门督查检查情况 as CAMPAIGN.md judges most likely.
The bot computes 部门督查检查情况's first five columns from its inspections;
the rest are what a supervisor entered, blank where nobody did.
"""

from __future__ import annotations


from checklists.model import Hazard
from checklists.reports.chart import bar_chart
from checklists.reports.common import Column, Report, Request, file_stamp, month_rows
from checklists.reports.facts import Facts, MonthTally
from checklists.reports.period import chinese_day, month_label
from checklists.reports.sheet import Head, Table

TITLE = "安全生产隐患排查整治调度表"


SELF, DEPT, PUBLIC = "企业自查自纠情况", "部门督查检查情况", "群众举报情况"
COLUMNS: tuple[Column, ...] = (
    Column("self_enterprises", "自查企业（家）", SELF),
    Column("self_general", "一般隐患（条）", SELF),
    Column("self_general_fixed", "已整改（条）", SELF),
    Column("self_major", "重大隐患（条）", SELF),
    Column("self_major_fixed", "已整改（条）", SELF),
    Column("dept_enterprises", "督查企业（家）", DEPT, True),
    Column("dept_general", "一般隐患（条）", DEPT, True),
    Column("dept_general_fixed", "已整改（条）", DEPT, True),
    Column("dept_major", "重大隐患（条）", DEPT, True),
    Column("dept_major_fixed", "已整改（条）", DEPT, True),
    Column("stop", "责令停产整顿/关闭取缔（家）", DEPT),
    Column("expose", "曝光/约谈/联合惩戒企业（家）", DEPT),
    Column("accountability", "责任倒查/责任追责问责（家）", DEPT),
    Column("public_general", "举报一般隐患（条）", PUBLIC),
    Column("public_general_fixed", "已整改（条）", PUBLIC),
    Column("public_major", "举报重大隐患（条）", PUBLIC),
    Column("public_major_fixed", "已整改（条）", PUBLIC),
)
ENTERED = tuple(c for c in COLUMNS if not c.computed)


def heads() -> tuple[Head, ...]:
    found = [Head("月份", 0, 0, rows=2)]
    column = 1
    while column <= len(COLUMNS):
        group = COLUMNS[column - 1].group
        span = 1
        while column + span <= len(COLUMNS) and COLUMNS[column + span - 1].group == group:
            span += 1
        found.append(Head(group, 0, column, columns=span))
        column += span
    found += [Head(c.label, 1, i) for i, c in enumerate(COLUMNS, start=1)]
    return tuple(found)


def computed(req: Request, facts: Facts) -> dict[str, dict[str, int]]:
    """month -> computed column key -> count; 累计 under the key '累计' (its enterprises counted once)."""
    rows: dict[str, dict[str, int]] = {}
    for month in [*req.months, "累计"]:
        tally = facts.tallies.get(month, MonthTally())
        rows[month] = {
            "dept_enterprises": tally.enterprises,
            "dept_general": tally.found.get(Hazard.GENERAL, 0), "dept_general_fixed": tally.closed.get(Hazard.GENERAL, 0),
            "dept_major": tally.found.get(Hazard.MAJOR, 0), "dept_major_fixed": tally.closed.get(Hazard.MAJOR, 0),
        }
    return rows


def build(req: Request, facts: Facts) -> Report:
    counts = computed(req, facts)
    body = month_rows(req, facts, COLUMNS, counts)
    table = Table(
        title=TITLE, widths=(11.0, *([7.5] * len(COLUMNS))), heads=heads(), body=tuple(body),  # type: ignore[arg-type]
        meta=(f"填报单位：{req.unit}", f"填报日期：{chinese_day(req.today)}"),
        notes=("说明：部门督查检查情况前五列由检查记录自动统计（隐患按发现月份计，已整改为截至统计时已销号）；"
               "其余栏目由管理人员填报，空白表示未填报。累计行督查企业按企业去重。",),
        signature=("填报人：", "联系电话："), sheet_name="附件1",
    )
    return Report("1", req.month, f"附件1-隐患排查整治调度表-{req.month}-{file_stamp(req)}.xlsx", table,
                  summary(req, counts, facts), chart(req, counts))


def summary(req: Request, counts: dict[str, dict[str, int]], facts: Facts) -> str:
    now, all_ = counts[req.month], counts["累计"]
    months_entered = sorted({m for (m, _k) in facts.inputs if m in req.months})
    entered_text = "、".join(month_label(m) for m in months_entered) if months_entered else "尚无"
    return (
        f"📊 附件1 {TITLE}（{month_label(req.month)}，截至{chinese_day(req.cut_off.astimezone(req.tz).date())}）\n"
        f"本月督查企业 {now['dept_enterprises']} 家；一般隐患 {now['dept_general']} 条（已整改 {now['dept_general_fixed']}），"
        f"重大隐患 {now['dept_major']} 条（已整改 {now['dept_major_fixed']}）。\n"
        f"累计督查企业 {all_['dept_enterprises']} 家；一般隐患 {all_['dept_general']} 条（已整改 {all_['dept_general_fixed']}），"
        f"重大隐患 {all_['dept_major']} 条（已整改 {all_['dept_major_fixed']}）。\n"
        f"管理人员填报的栏目：{entered_text}。"
    )


def chart(req: Request, counts: dict[str, dict[str, int]]) -> bytes:
    labels = [month_label(m)[5:] for m in req.months]
    found = [counts[m]["dept_general"] + counts[m]["dept_major"] for m in req.months]
    fixed = [counts[m]["dept_general_fixed"] + counts[m]["dept_major_fixed"] for m in req.months]
    return bar_chart(f"部门督查发现隐患与已整改（{req.unit or '本单位'}）", labels, [("发现隐患", found), ("已整改", fixed)])
