"""Annex 3 of seed 003: XX有限空间管理台账（参考）, one enterprise's ledger.

The rows are the confined-space ledger recorded at the enterprise's latest
有限空间 inspection; the columns and how each value reads come from that
inspection's checklist snapshot (its records item's fields and their
question types), so a later change of the checklist does not change an old
ledger. The seed gives no 填报单位 line; its two 备注 lines are printed as is.
"""

from __future__ import annotations

from checklists.reports.common import Report, Request, file_stamp, number
from checklists.reports.facts import Facts, LedgerFact
from checklists.reports.period import chinese_day
from checklists.reports.sheet import Head, Table

COLUMNS = ("序号", "有限空间名称", "位置", "数量", "主要危险有害因素", "可能事故后果", "作业形式", "风险等级", "审批责任人")
WIDTHS = (6.0, 18.0, 16.0, 7.0, 22.0, 18.0, 11.0, 9.0, 12.0)
NOTE = "备注：1.作业形式分为自主作业和外包作业。2.风险等级分为高、中、低3类，按照各行业主管部门制定的分级标准分级。"
# The annex's column label -> the ledger field label it prints (field ids may differ).
LABELS = COLUMNS[1:]


def cells(ledger: LedgerFact) -> list[tuple[object, ...]]:
    """The ledger's rows in the annex's column order, matched by field label."""
    by_label = {f.label: f for f in ledger.fields}
    body = []
    for index, row in enumerate(ledger.rows, start=1):
        values: list[object] = [index]
        for label in LABELS:
            field = by_label.get(label)
            raw = None if field is None else row.get(field.id)
            if label == "数量" and isinstance(raw, (int, float)):
                values.append(number(raw))
            else:
                values.append(None if raw in (None, "", []) else field.show(raw))  # type: ignore[union-attr]
        body.append(tuple(values))
    return body


def build_for(req: Request, name: str, ledger: LedgerFact | None) -> Report:
    body = [] if ledger is None or ledger.not_applicable else cells(ledger)
    if ledger is None:
        status = "尚无有限空间专项检查记录"
    elif ledger.not_applicable:
        status = "有限空间专项检查记录为“不涉及”（企业无有限空间）"
    else:
        status = f"共 {len(body)} 处"
    source = "" if ledger is None else f"，依据{chinese_day(ledger.submitted_at.astimezone(req.tz).date())}的有限空间专项检查"
    table = Table(
        title=f"{name}有限空间管理台账（参考）", widths=WIDTHS,
        heads=tuple(Head(text, 0, i) for i, text in enumerate(COLUMNS)), body=tuple(body),  # type: ignore[arg-type]
        notes=(NOTE,), text_columns=frozenset({1, 2, 4, 5}), sheet_name="附件3",
    )
    return Report("3", name, f"附件3-有限空间管理台账-{name}-{file_stamp(req)}.xlsx", table,
                  f"🗂 附件3 {name}有限空间管理台账：{status}{source}。")


def build(req: Request, facts: Facts) -> Report:
    """The one enterprise storage found by `req.enterprise` (facts.enterprises holds it alone)."""
    enterprise = next(iter(facts.enterprises.values()))
    ledger = next((l for l in facts.ledgers if l.enterprise_id == enterprise.id), None)
    return build_for(req, enterprise.name, ledger)
