"""A known history for the report tests, built through Storage's own API on a real
SQLite file: three months, two towns, four enterprises in four industries,
hazards closed, overdue and extended, and supervisor-entered numbers.

Every expected cell in tests/test_reports.py is computed by hand from this
history; the comments give the facts they follow from.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from checklists.enterprise import Category, Industry, Scale
from checklists.hazard_flow import Actor, Event, Payload, Role
from checklists.inspection import Answer, Position, User
from checklists.loader import load_file
from checklists.model import Checklist, Hazard, Result
from checklists.roster import RosterRow
from storage import Storage
from tests.storage_support import ALICE, checklist

TZ = ZoneInfo("Asia/Shanghai")
BOSS = User(303, "赵局长")
NOW = datetime(2025, 7, 23, 10, 0, tzinfo=TZ)  # Wednesday; the week is 21–27 July
UNIT = "泽州县应急管理局"
E1, E2, E3, E4 = "甲钢铁有限公司", "乙食品有限公司", "丙机械有限公司", "丁建材有限公司"
REPO = Path(__file__).resolve().parents[1]


def confined() -> Checklist:
    """The campaign's 有限空间 checklist (draft folder now, templates/ later; same id)."""
    for folder in ("templates",):
        path = REPO / "checklists" / folder / "jc_2025_confined_space.yaml"
        if path.exists():
            return load_file(path)
    raise FileNotFoundError("jc_2025_confined_space.yaml")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


ROSTER = (
    RosterRow(2, E1, town="巴公镇", industry=Industry.METALLURGY, scale=Scale.ABOVE, category=Category.BLAST_FURNACE),
    RosterRow(3, E2, town="金村镇", industry=Industry.LIGHT, scale=Scale.ABOVE, category=Category.GENERAL),
    RosterRow(4, E3, town="巴公镇", industry=Industry.MACHINERY, scale=Scale.BELOW, category=Category.GENERAL),
    RosterRow(5, E4, town="金村镇", industry=Industry.BUILDING_MATERIALS, scale=None, category=None),
)
SEWER = {"name": "污水井", "place": "厂区东侧", "count": 2, "hazards": "硫化氢", "consequence": "中毒窒息",
         "work-form": ["外包作业"], "risk": ["高"], "approver": "张三"}
TANK = {"name": "发酵罐", "place": "发酵车间", "count": 3, "hazards": "二氧化碳", "consequence": "窒息",
        "work-form": ["自主作业"], "risk": ["中"], "approver": "李四"}
PIT = {"name": "煤气排水器井", "place": "高炉北侧", "count": 1, "hazards": "一氧化碳", "consequence": "中毒",
       "work-form": ["自主作业"], "risk": ["低"], "approver": "王五"}


async def inspect(store: Storage, enterprise: str, when: datetime, answers: list[Answer],
                  template: Checklist | None = None, who: User = ALICE) -> int:
    inspection = await store.start_inspection(who, template or checklist(), Position("item"), now=when)
    await store.set_enterprise(inspection.id, await store.enterprise_by_name(enterprise), Position("item"))
    for answer in answers:
        await store.put_answer(inspection.id, answer, Position("item"))
    assert await store.submit(inspection.id, [], when, found_on=when.date())
    return inspection.id


def problem(item: str, level: Hazard, deadline: date, text: str) -> Answer:
    return Answer(item, Result.PROBLEM, problem=text, hazard=level, deadline=deadline)


def ledger(*rows: dict) -> Answer:
    return Answer("confined-ledger", Result.ANSWERED, value={"rows": list(rows), "draft": None, "at": None,
                                                           "rev": 3, "done": True})


async def close(store: Storage, number: int, when: datetime) -> None:
    """Reported by the finder, accepted by the supervisor at `when`."""
    hazard = await store.hazards.by_number(2025, number)
    assert hazard is not None
    _, hazard = await store.hazards.apply(hazard.id, hazard.version, Event.REPORT, Actor(ALICE.id, Role.STAFF),
                                          Payload("已整改", 1), when - timedelta(hours=2))
    decision, _ = await store.hazards.apply(hazard.id, hazard.version, Event.ACCEPT,
                                            Actor(BOSS.id, Role.SUPERVISOR), Payload(), when)
    assert decision.ok, decision


async def extend(store: Storage, number: int, to: date, when: datetime) -> None:
    hazard = await store.hazards.by_number(2025, number)
    assert hazard is not None
    ask = Payload("设备到货延迟", new_deadline=to, today=when.date())
    _, hazard = await store.hazards.apply(hazard.id, hazard.version, Event.REQUEST_EXTENSION,
                                          Actor(ALICE.id, Role.STAFF), ask, when)
    decision, _ = await store.hazards.apply(hazard.id, hazard.version, Event.GRANT_EXTENSION,
                                            Actor(BOSS.id, Role.SUPERVISOR), Payload(), when + timedelta(hours=1))
    assert decision.ok, decision


async def build_history(store: Storage) -> None:
    """Hazard numbers follow submission order: Y2025-0001 … Y2025-0007."""
    assert not (await store.import_roster(ROSTER, now=at(date(2025, 5, 1), 8))).problems
    cs = confined()
    ok = Answer("second", Result.OK)
    # May: 23:30 on 31 May (15:30 UTC) is May's. 0001 一般 closed 5 June; 0002 重大 extended, overdue.
    await inspect(store, E1, at(date(2025, 5, 31), 23, 30), [
        problem("first", Hazard.GENERAL, date(2025, 6, 10), "护栏缺失"), ok,
        problem("third", Hazard.MAJOR, date(2025, 6, 30), "煤气报警器失效")])
    await close(store, 1, at(date(2025, 6, 5), 16))
    await extend(store, 2, date(2025, 7, 15), at(date(2025, 6, 20), 9))
    # June: 00:10 on 1 June is 31 May in UTC but June here. 0003 一般 open, overdue.
    await inspect(store, E2, at(date(2025, 6, 1), 0, 10), [problem("second", Hazard.GENERAL, date(2025, 6, 15), "配电箱未接地")])
    # 0004 重大 closed 20 July.
    await inspect(store, E3, at(date(2025, 6, 15), 10), [problem("third", Hazard.MAJOR, date(2025, 7, 30), "除尘系统未设泄爆")])
    await close(store, 4, at(date(2025, 7, 20), 15))
    # July.
    await inspect(store, E1, at(date(2025, 7, 2), 9), [ok])
    await inspect(store, E2, at(date(2025, 7, 10), 10), [  # 0005 一般
        ledger(SEWER, TANK), problem("confined-warning-signs", Hazard.GENERAL, date(2025, 7, 25), "污水井无警示标志")], cs)
    await inspect(store, E1, at(date(2025, 7, 11), 10), [  # 0006 重大
        ledger(PIT), problem("confined-isolation", Hazard.MAJOR, date(2025, 8, 10), "煤气排水器井未上锁隔离")], cs)
    await inspect(store, E3, at(date(2025, 7, 12), 10), [Answer("confined-ledger", Result.NOT_APPLICABLE)], cs)
    # The week of 21 July: 0007 一般 open; E4 (no category) and E1 without problems.
    await inspect(store, E3, at(date(2025, 7, 21), 9), [problem("first", Hazard.GENERAL, date(2025, 7, 31), "消防通道堵塞")])
    await inspect(store, E4, at(date(2025, 7, 21), 14), [ok])
    await inspect(store, E2, at(date(2025, 7, 22), 15), [ok])
    await inspect(store, E1, at(date(2025, 7, 22), 10), [ok])
    # After the report's moment: invisible to it.
    await inspect(store, E4, at(date(2025, 7, 31), 23, 30), [problem("first", Hazard.MAJOR, date(2025, 8, 30), "未来的隐患")])
    # Supervisor-entered numbers.
    await store.reports.put_inputs("1", {("2025-05", "self_enterprises"): 5.0, ("2025-06", "self_enterprises"): 12.0,
                                         ("2025-06", "self_general"): 30.0, ("2025-06", "stop"): 1.0},
                                   BOSS.id, at(date(2025, 7, 1), 9), "test")
    await store.reports.put_inputs("5", {("2025-07", "train_dept_people"): 45.0, ("2025-07", "penalty_amount"): 1.5},
                                   BOSS.id, at(date(2025, 7, 1), 9), "test")
