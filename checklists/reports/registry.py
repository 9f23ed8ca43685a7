"""The reports, registered in one place: what each needs from storage and how it is built.

A kind's `needs` tells storage/report_queries.py which facts to read for a
request, so each report reads only what it uses (the bench's one-year county
stays fast); `build` is pure. The bot, the scheduler and the bench look kinds
up here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checklists.reports import annex1, annex2, annex3, annex4, annex5, weekly
from checklists.reports.common import Needs, Report, Request
from checklists.reports.facts import Facts


@dataclass(frozen=True)
class ReportKind:
    key: str  # what follows /report
    name: str  # how people call it
    needs: Callable[[Request], Needs]
    build: Callable[[Request, Facts], Report]


def _tallied(scope: str, annex: str) -> Callable[[Request], Needs]:
    """Monthly counts in SQL; 销号 times looked up only for a past month (counted as of its end)."""
    return lambda req: Needs(start=req.window[0], end=req.window[1], tally=scope, months=req.month_windows,
                             exact_closing=req.cut_off < req.now, inputs=annex)


KINDS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind("1", "附件1 安全生产隐患排查整治调度表", _tallied("all", "1"), annex1.build),
        ReportKind("2", "附件2 重大事故隐患清单",
                   lambda req: Needs(start=req.window[0], end=req.window[1], hazards="major"), annex2.build),
        ReportKind("3", "附件3 有限空间管理台账",
                   lambda req: Needs(ledgers=True, enterprise=req.enterprise, end=req.now), annex3.build),
        ReportKind("4", "附件4 有限空间作业场所统计表", lambda req: Needs(ledgers=True, end=req.now), annex4.build),
        ReportKind("5", "附件5 有限空间作业排查整治攻坚行动月报表", _tallied("confined", "5"), annex5.build),
        ReportKind("weekly", "复产复工情况周报", weekly.needs, weekly.build),
    )
}

# Annexes whose extra columns supervisors enter: annex -> (key, label) of each entered column.
ENTERED: dict[str, tuple[tuple[str, str], ...]] = {
    "1": tuple((c.key, c.label) for c in annex1.ENTERED),
    "5": tuple((c.key, c.label) for c in annex5.ENTERED),
}
