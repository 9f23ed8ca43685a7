"""Seed 000's weekly 复产复工情况 (towns report each Friday before 12:00).

The seed prescribes no layout, so this one is built for a county office to
forward as is: one row per 乡镇 (the towns report, so the county's table is
theirs side by side), the enterprises guided this week by seed 000's three
categories (they decide who guides whom), what was found and rectified this
week, and the question the notice actually asks — may they resume? An
enterprise guided this week is 可复工 with no open hazard, 不得复工 with an
open 重大隐患 (the notice forbids resuming then), otherwise 整改中; the three
add up to 小计. The enterprises that may not resume are named below the table
with the hazard that stops them, because that list is what gets acted on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from checklists.enterprise import Category
from checklists.model import Hazard
from checklists.reports.chart import bar_chart
from checklists.reports.common import Needs, Report, Request, closed_by, file_stamp
from checklists.reports.facts import EnterpriseFact, Facts
from checklists.reports.period import chinese_day, local_midnight, month_bounds, month_label, months, week_of
from checklists.reports.sheet import Head, Table

NO_TOWN = "乡镇未填"
CATEGORIES = (Category.BLAST_FURNACE.value, Category.OTHER_SMELTER.value, Category.GENERAL.value)
HEADS = (
    Head("乡镇", 0, 0, rows=2),
    Head("本周技术指导企业（家）", 0, 1, columns=4),
    *(Head(label, 1, i) for i, label in enumerate(CATEGORIES, start=1)),
    Head("小计", 1, 4),
    Head("本周发现问题隐患（条）", 0, 5, columns=3),
    Head("合计", 1, 5), Head("其中重大隐患", 1, 6), Head("已整改", 1, 7),
    Head("复产复工情况（家）", 0, 8, columns=3),
    Head("可复工", 1, 8), Head("整改中", 1, 9), Head("不得复工（有未销号重大隐患）", 1, 10),
)
WIDTHS = (14.0, 12.0, 12.0, 12.0, 8.0, 9.0, 10.0, 9.0, 9.0, 9.0, 14.0)


def week_window(req: Request) -> tuple[datetime, datetime]:
    monday, sunday = week_of(req.today)
    return local_midnight(monday, req.tz), min(req.now, local_midnight(sunday + timedelta(days=1), req.tz))


def needs(req: Request) -> Needs:
    """The week's inspections and hazards in detail; the campaign's months only as counts
    (a year of hazards read row by row would take seconds for one chart)."""
    start, end = week_window(req)
    span = months(req.first_month, f"{req.today.year:04d}-{req.today.month:02d}")
    bounds = tuple((m, *month_bounds(m, req.tz)) for m in span)
    return Needs(start=start, end=end, inspections=True, hazards="all", open_levels=True, open_majors=True,
                 months=tuple((m, a, min(b, req.now)) for m, a, b in bounds))


def resumption(facts: Facts, enterprise_id: int) -> int:
    """8 可复工, 9 整改中, 10 不得复工: the column it counts in."""
    levels = facts.open_levels.get(enterprise_id, frozenset())
    if Hazard.MAJOR in levels:
        return 10
    return 9 if levels else 8


def rows(req: Request, facts: Facts) -> tuple[list[tuple[object, ...]], list[EnterpriseFact]]:
    start, end = week_window(req)
    guided = {i.enterprise_id for i in facts.inspections if start <= i.submitted_at < end}
    week = [h for h in facts.hazards if start <= h.found_at < end]
    towns: dict[str, list[int]] = {}
    blocked = []
    for enterprise_id in guided:
        enterprise = facts.enterprises.get(enterprise_id, EnterpriseFact(enterprise_id, ""))
        line = towns.setdefault(enterprise.town or NO_TOWN, [0] * 10)
        if enterprise.category in CATEGORIES:
            line[CATEGORIES.index(enterprise.category)] += 1
        line[3] += 1
        line[resumption(facts, enterprise_id) - 1] += 1
        if resumption(facts, enterprise_id) == 10:
            blocked.append(enterprise)
    for hazard in week:
        town = facts.enterprises.get(hazard.enterprise_id, EnterpriseFact(0, "")).town or NO_TOWN
        line = towns.setdefault(town, [0] * 10)
        line[4] += 1
        line[5] += hazard.level is Hazard.MAJOR
        line[6] += closed_by(hazard, req.now)
    order = sorted(t for t in towns if t != NO_TOWN) + ([NO_TOWN] if NO_TOWN in towns else [])
    body: list[tuple[object, ...]] = [(town, *towns[town]) for town in order]
    body.append(("合计", *(sum(towns[t][i] for t in order) for i in range(10))))
    return body, sorted(blocked, key=lambda e: (e.town or "", e.name))


def blocked_notes(facts: Facts, blocked: list[EnterpriseFact]) -> tuple[str, ...]:
    if not blocked:
        return ("不得复工企业：无。",)
    majors: dict[int, list[str]] = {}
    for hazard in sorted(facts.open_majors, key=lambda h: h.id):
        if hazard.level is Hazard.MAJOR:
            majors.setdefault(hazard.enterprise_id, []).append(
                f"{hazard.number} {hazard.description}（整改时限{chinese_day(hazard.deadline)}）")
    lines = ["不得复工企业（有未销号的重大隐患，依泽应急发〔2025〕29号不得复工）："]
    for index, enterprise in enumerate(blocked, start=1):
        what = "；".join(majors.get(enterprise.id, [])) or "重大隐患未销号"
        lines.append(f"{index}. {enterprise.name}（{enterprise.town or NO_TOWN}）：{what}")
    return tuple(lines)


def build(req: Request, facts: Facts) -> Report:
    body, blocked = rows(req, facts)
    monday, sunday = week_of(req.today)
    year, week, _ = monday.isocalendar()
    span = f"{chinese_day(monday)}—{sunday.month}月{sunday.day}日"
    table = Table(
        title=f"工贸企业复产复工情况周报（{span}）", widths=WIDTHS, heads=HEADS, body=tuple(body),  # type: ignore[arg-type]
        meta=(f"填报单位：{req.unit}", f"填报日期：{chinese_day(req.today)}"),
        notes=("说明：技术指导企业按本周提交的检查记录统计（企业去重）；可复工：无未销号隐患；整改中：仅有一般隐患未销号；"
               "已整改为本周发现、截至填报时已销号的隐患。小计含名录中类别未填的企业。", *blocked_notes(facts, blocked)),
        signature=("填报人：", "联系电话："), text_columns=frozenset({0}), sheet_name="复产复工周报",
    )
    total = body[-1]
    text = (f"🗓 复产复工情况周报（{span}）\n本周技术指导企业 {total[4]} 家；发现问题隐患 {total[5]} 条"
            f"（重大 {total[6]}），已整改 {total[7]} 条；可复工 {total[8]} 家，整改中 {total[9]} 家，"
            f"不得复工 {total[10]} 家。")
    return Report("weekly", f"{year}-W{week:02d}", f"复产复工情况周报-{monday.isoformat()}-{file_stamp(req)}.xlsx",
                  table, text, chart(req, facts))


def chart(req: Request, facts: Facts) -> bytes:
    """Hazards found vs closed per campaign month, up to now."""
    span = list(facts.month_counts)
    found = [facts.month_counts[m][0] for m in span]
    fixed = [facts.month_counts[m][1] for m in span]
    return bar_chart("各月发现隐患与已整改", [month_label(m)[5:] for m in span], [("发现隐患", found), ("已整改", fixed)])
