"""Annex 2 of seed 003: 重大事故隐患清单 (monthly, due by the 25th).

One row per 重大隐患 found from the campaign's first month to the report's
cut-off, in the order found. 整改情况 is the register's state in words as of
the cut-off (with the 销号 date when closed); 备注 carries the register number
and any granted extension. The header says 填报时间 and the footer 填表人, as
the annex prints them (CAMPAIGN.md (a)).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from checklists.hazard_flow import State
from checklists.model import Hazard
from checklists.reports.common import Report, Request, closed_by, file_stamp
from checklists.reports.facts import EnterpriseFact, Facts, HazardFact
from checklists.reports.period import chinese_day, first_day, month_label
from checklists.reports.sheet import Head, Table

COLUMNS = ("序号", "检查时间", "检查单位", "被检查单位", "行业领域", "问题隐患描述", "整改时限", "整改情况", "备注")
WIDTHS = (6.0, 13.0, 14.0, 20.0, 9.0, 36.0, 13.0, 20.0, 20.0)


def progress(hazard: HazardFact, cut: datetime, tz: tzinfo) -> str:
    """整改情况 in words, as of `cut`."""
    if closed_by(hazard, cut):
        assert hazard.closed_at is not None
        return f"已整改（{chinese_day(hazard.closed_at.astimezone(tz).date())}销号）"
    day = (cut - timedelta(microseconds=1)).astimezone(tz).date()  # a month's end is its last day
    late = (day - hazard.deadline).days
    if late > 0:
        return f"逾期未整改（超期{late}天）"
    if hazard.state is State.REVIEW:
        return "已报告整改，待复查"
    return "整改中"


def remark(hazard: HazardFact) -> str:
    if hazard.first_deadline is not None and hazard.first_deadline != hazard.deadline:
        return f"{hazard.number}；经批准延期，原整改时限{chinese_day(hazard.first_deadline)}"
    return hazard.number


def rows(req: Request, facts: Facts) -> list[tuple[object, ...]]:
    cut = req.cut_off
    start = req.window[0]
    majors = sorted((h for h in facts.hazards if h.level is Hazard.MAJOR and start <= h.found_at < cut),
                    key=lambda h: (h.found_at, h.id))
    body = []
    for index, hazard in enumerate(majors, start=1):
        enterprise = facts.enterprises.get(hazard.enterprise_id, EnterpriseFact(hazard.enterprise_id, ""))
        body.append((
            index, chinese_day(hazard.found_at.astimezone(req.tz).date()), req.unit, enterprise.name,
            enterprise.industry or "", hazard.description, chinese_day(hazard.deadline),
            progress(hazard, cut, req.tz), remark(hazard),
        ))
    return body


def build(req: Request, facts: Facts) -> Report:
    body = rows(req, facts)
    year = first_day(req.month).year
    table = Table(
        title=f"{year}年重大事故隐患清单", widths=WIDTHS,
        heads=tuple(Head(text, 0, i) for i, text in enumerate(COLUMNS)), body=tuple(body),  # type: ignore[arg-type]
        meta=(f"填报单位：{req.unit}", f"填报时间：{chinese_day(req.today)}"),
        signature=("填表人：", "联系电话："), text_columns=frozenset({3, 5, 7, 8}), sheet_name="附件2",
    )
    closed = sum(1 for r in body if str(r[7]).startswith("已整改"))
    late = sum(1 for r in body if str(r[7]).startswith("逾期"))
    text = (f"📋 附件2 {year}年重大事故隐患清单（{month_label(req.months[0])}至{month_label(req.month)}）\n"
            f"重大隐患 {len(body)} 条：已整改 {closed} 条，逾期未整改 {late} 条，其余整改中或待复查。")
    return Report("2", req.month, f"附件2-重大事故隐患清单-{req.month}-{file_stamp(req)}.xlsx", table, text)
