"""Annex 5 of seed 003: 有限空间作业排查整治攻坚行动月报表 (monthly, due by the 10th).

月份 rows and 累计 as in annex 1; three header rows (培训情况 splits into
部门组织 / 企业组织). 部门帮扶情况 is counted (in SQL) from the 有限空间 checklist's
inspections: enterprises visited (distinct; 累计 counts each once) and the
hazards those inspections found. Every other column is what a supervisor
entered, blank where nobody did.
"""

from __future__ import annotations

from checklists.model import Hazard
from checklists.reports.common import Column, Report, Request, file_stamp, month_rows
from checklists.reports.facts import Facts, MonthTally
from checklists.reports.period import chinese_day, month_label
from checklists.reports.sheet import Head, Table

TITLE = "有限空间作业排查整治攻坚行动月报表"
COLUMNS: tuple[Column, ...] = (
    Column("self_enterprises", "涉及企业（家）", "企业自查情况"),
    Column("self_general", "一般隐患（条）", "企业自查情况"),
    Column("self_major", "重大隐患（条）", "企业自查情况"),
    Column("train_dept_enterprises", "参训企业数", "培训情况"),
    Column("train_dept_people", "参训人数", "培训情况"),
    Column("train_ent_enterprises", "参训企业数", "培训情况"),
    Column("train_ent_people", "参训人数", "培训情况"),
    Column("help_enterprises", "帮扶企业（家）", "部门帮扶情况", True),
    Column("help_general", "一般隐患（条）", "部门帮扶情况", True),
    Column("help_major", "重大隐患（条）", "部门帮扶情况", True),
    Column("penalty_enterprises", "处罚企业（家）", "行政处罚情况"),
    Column("penalty_amount", "处罚金额（万元）", "行政处罚情况"),
    Column("penalty_stop", "责令停产整顿（家）", "行政处罚情况"),
)
ENTERED = tuple(c for c in COLUMNS if not c.computed)


def heads() -> tuple[Head, ...]:
    found = [Head("月份", 0, 0, rows=3), Head("企业自查情况", 0, 1, columns=3), Head("培训情况", 0, 4, columns=4),
             Head("部门组织", 1, 4, columns=2), Head("企业组织", 1, 6, columns=2),
             Head("部门帮扶情况", 0, 8, columns=3), Head("行政处罚情况", 0, 11, columns=3)]
    for index, column in enumerate(COLUMNS, start=1):
        if column.group == "培训情况":
            found.append(Head(column.label, 2, index))
        else:
            found.append(Head(column.label, 1, index, rows=2))
    return tuple(found)


def computed(req: Request, facts: Facts) -> dict[str, dict[str, int]]:
    """From the tallies of 有限空间 inspections; 累计 counts an enterprise once."""
    rows: dict[str, dict[str, int]] = {}
    for month in [*req.months, "累计"]:
        tally = facts.tallies.get(month, MonthTally())
        rows[month] = {"help_enterprises": tally.enterprises, "help_general": tally.found.get(Hazard.GENERAL, 0),
                       "help_major": tally.found.get(Hazard.MAJOR, 0)}
    return rows


def build(req: Request, facts: Facts) -> Report:
    counts = computed(req, facts)
    body = month_rows(req, facts, COLUMNS, counts)
    table = Table(
        title=TITLE, widths=(11.0, *([8.0] * len(COLUMNS))), heads=heads(), body=tuple(body),  # type: ignore[arg-type]
        meta=(f"填报单位：{req.unit}", f"填报日期：{chinese_day(req.today)}"),
        notes=("说明：部门帮扶情况由有限空间专项检查记录自动统计；其余栏目由管理人员填报，空白表示未填报。",),
        signature=("填报人：", "联系电话："), sheet_name="附件5",
    )
    now, all_ = counts[req.month], counts["累计"]
    text = (f"🛡 附件5 {TITLE}（{month_label(req.month)}）\n"
            f"本月帮扶企业 {now['help_enterprises']} 家，发现一般隐患 {now['help_general']} 条、重大隐患 {now['help_major']} 条；"
            f"累计帮扶企业 {all_['help_enterprises']} 家，一般隐患 {all_['help_general']} 条、重大隐患 {all_['help_major']} 条。")
    return Report("5", req.month, f"附件5-有限空间攻坚行动月报表-{req.month}-{file_stamp(req)}.xlsx", table, text)
