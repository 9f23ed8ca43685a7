"""Annex 4 of seed 003: 晋城市重点行业领域有限空间作业场所统计表.

Computed from each enterprise's latest confined-space ledger (annex 3):
涉及企业单位 counts enterprises with at least one ledger row; 作业场所（处）
sums the rows' 数量 (CAMPAIGN.md (a) leaves open whether rows or 数量 are
meant: a row of 3 identical tanks is 3 places); 高/中/低 split that sum by
风险等级. The two industry rows the annex prints come first, any other
industry present after them, then 合计; 应急管理局 is merged over the rows.
"""

from __future__ import annotations

from typing import Any

from checklists.reports.common import Report, Request, file_stamp
from checklists.reports.facts import Facts, LedgerFact
from checklists.reports.period import chinese_day
from checklists.reports.sheet import Head, Table

PRINTED = (("轻工", "轻工（农副产品加工、食品制造、印染）"), ("机械", "机械（高炉企业）"))
UNKNOWN = "行业领域未填"
LEVELS = ("高", "中", "低")
HEADS = (
    Head("监管部门", 0, 0, rows=2), Head("行业领域", 0, 1, rows=2), Head("涉及企业单位（家）", 0, 2, rows=2),
    Head("有限空间作业场所（处）", 0, 3, rows=2), Head("有限空间风险等级", 0, 4, columns=3),
    Head("高（处）", 1, 4), Head("中（处）", 1, 5), Head("低（处）", 1, 6),
)
NOTE = "备注：有限空间风险等级按照高、中、低3类填写。"


def _places(ledger: LedgerFact) -> tuple[int, dict[str, int]]:
    """(places, places by level) of one ledger."""
    ids = {f.label: f.id for f in ledger.fields}
    count_id, risk_id = ids.get("数量"), ids.get("风险等级")
    total, levels = 0, dict.fromkeys(LEVELS, 0)
    for row in ledger.rows:
        count = _count(row.get(count_id) if count_id else None)
        total += count
        risk = row.get(risk_id) if risk_id else None
        level = risk[0] if isinstance(risk, list) and risk else risk
        if level in levels:
            levels[level] += count
    return total, levels


def _count(value: Any) -> int:
    """A row without a usable 数量 is one place."""
    return int(value) if isinstance(value, (int, float)) and value >= 1 else 1


def tally(facts: Facts) -> dict[str, list[int]]:
    """industry -> [enterprises, places, 高, 中, 低]."""
    found: dict[str, list[int]] = {}
    for ledger in facts.ledgers:
        if ledger.not_applicable or not ledger.rows:
            continue
        enterprise = facts.enterprises.get(ledger.enterprise_id)
        industry = (enterprise.industry if enterprise else None) or UNKNOWN
        places, levels = _places(ledger)
        line = found.setdefault(industry, [0, 0, 0, 0, 0])
        for index, value in enumerate((1, places, *(levels[l] for l in LEVELS))):
            line[index] += value
    return found


def body_rows(facts: Facts) -> list[tuple[object, ...]]:
    counts = tally(facts)
    order = [(key, label) for key, label in PRINTED]
    order += [(key, key) for key in sorted(k for k in counts if k not in dict(PRINTED))]
    body: list[tuple[object, ...]] = []
    for index, (key, label) in enumerate(order):
        body.append(("应急管理局" if index == 0 else None, label, *counts.get(key, [0, 0, 0, 0, 0])))
    sums = [sum(counts.get(key, [0] * 5)[i] for key, _ in order) for i in range(5)]
    body.append(("合计", None, *sums))
    return body


def build(req: Request, facts: Facts) -> Report:
    body = body_rows(facts)
    industries = len(body) - 1
    table = Table(
        title="晋城市重点行业领域有限空间作业场所统计表", widths=(14.0, 34.0, 14.0, 16.0, 10.0, 10.0, 10.0),
        heads=HEADS, body=tuple(body),  # type: ignore[arg-type]
        meta=(f"填报单位：{req.unit}", f"填报日期：{chinese_day(req.today)}"),
        notes=(NOTE,), signature=("填表人：", "联系电话："),
        body_merges=((0, 0, industries, 1), (industries, 0, 1, 2)), sheet_name="附件4",
    )
    total = body[-1]
    text = (f"📈 附件4 有限空间作业场所统计表（截至{chinese_day(req.today)}）\n"
            f"涉及企业 {total[2]} 家，作业场所 {total[3]} 处（高 {total[4]}、中 {total[5]}、低 {total[6]}）。"
            f"依据各企业最近一次有限空间专项检查的管理台账。")
    return Report("4", req.today.isoformat(), f"附件4-有限空间作业场所统计表-{file_stamp(req)}.xlsx", table, text)
