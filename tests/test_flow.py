"""The conversation flow, step by step (pure): what each event stores and where it leads."""

from __future__ import annotations

from datetime import date

from checklists import flow
from checklists.flow_types import Event, Kind, Status, Step
from checklists.loader import load_catalog
from checklists.model import Hazard, Result
from tests.flow_support import TODAY, Harness, every_type_checklist

SEED = load_catalog().get("zezhou-resumption-2025")


def at(harness: Harness) -> tuple[str, str | None]:
    position = harness.inspection.position
    return position.step, position.item_id


def test_a_problem_is_asked_what_then_level_then_deadline_then_advice() -> None:
    h = Harness.start(SEED)
    first = SEED.items[0].id
    h.tap(Kind.OPTION, "p")
    assert at(h) == (Step.PROBLEM.value, first)
    h.text("未制定方案")
    assert at(h) == (Step.LEVEL.value, first)
    h.tap(Kind.LEVEL, "m")
    assert at(h) == (Step.DEADLINE.value, first)
    h.tap(Kind.DEADLINE, "30")
    assert at(h) == (Step.ADVICE.value, first)
    h.tap(Kind.SKIP)
    answer = h.answers[first]
    assert (answer.problem, answer.hazard, answer.deadline, answer.advice) == (
        "未制定方案", Hazard.MAJOR, date(2025, 7, 10), None)
    assert at(h) == (Step.ITEM.value, SEED.items[1].id)


def test_old_summary_buttons_never_loop_on_an_unclassed_problem() -> None:
    """The hardening issue's stuck submit: a problem described but not classed."""
    h = Harness.start(SEED)
    for item in SEED.items:
        h.send(Event(Kind.NAV, item=item.number))
        h.tap(Kind.OPTION, "o")
    h.text("李四")
    assert at(h) == (Step.REVIEW.value, None)
    old_summary = h.shown()
    h.send(Event(Kind.NAV, item=2))
    h.tap(Kind.OPTION, "p")
    h.text("无照片")  # then walks away before the level
    principal = next(e for e in old_summary if e.kind is Kind.PRINCIPAL)
    h.send(principal)
    h.text("王五")
    assert at(h) == (Step.ITEM.value, SEED.items[1].id)  # not a summary offering 提交
    submit = next(e for e in old_summary if e.kind is Kind.SUBMIT)
    outcome = h.send(submit)
    assert not h.submitted and outcome.code == "not-complete"
    assert at(h) == (Step.ITEM.value, SEED.items[1].id)
    h.tap(Kind.OPTION, "p")
    h.tap(Kind.KEEP)
    h.tap(Kind.LEVEL, "g")
    h.tap(Kind.DEADLINE, "7")
    h.tap(Kind.SKIP)
    assert at(h) == (Step.REVIEW.value, None) and flow.is_complete(h.inspection, h.answers)
    assert h.send(submit).submit


def test_summary_status_and_submit_share_one_definition_of_complete() -> None:
    h = Harness.start(SEED)
    for item in SEED.items:
        h.send(Event(Kind.NAV, item=item.number))
        h.tap(Kind.OPTION, "o")
    h.send(Event(Kind.NAV, item=1))
    h.tap(Kind.OPTION, "p")  # a problem not described yet
    h.send(Event(Kind.PRINCIPAL))
    h.text("李四")
    assert not flow.is_complete(h.inspection, h.answers)
    assert sum(flow.answered(i, h.answers) for i in SEED.items) == len(SEED.items) - 1


def test_a_stale_tap_changes_nothing() -> None:
    h = Harness.start(SEED)
    card = h.shown()
    h.tap(Kind.OPTION, "o")
    before = dict(h.answers)
    outcome = h.send(next(e for e in card if e.kind is Kind.OPTION and e.arg == "n"))
    assert outcome.status is Status.STALE and h.answers == before


def test_deadline_typed_in_the_past_or_beyond_a_year_is_refused() -> None:
    h = Harness.start(SEED)
    h.tap(Kind.OPTION, "p")
    h.text("问题")
    h.tap(Kind.LEVEL, "g")
    h.tap(Kind.CUSTOM)
    assert at(h)[0] == Step.DEADLINE_DATE.value
    assert h.text("2025-06-01").code == "deadline-past"
    assert h.text("2026-12-01").code == "deadline-too_far"
    assert h.text("明天吧").code == "bad-date"
    assert h.answers[SEED.items[0].id].deadline is None
    h.text("7月1日")
    assert h.answers[SEED.items[0].id].deadline == date(2025, 7, 1)


def test_every_type_stores_a_typed_value() -> None:
    h = Harness.start(every_type_checklist())
    h.tap(Kind.OPTION, "o")
    h.tap(Kind.OPTION, "n")
    assert h.text("abc").message and h.text("20001").message  # refused, nothing stored
    assert "water-seal-height" not in h.answers
    h.text("１２５０ mm")
    h.tap(Kind.OPTION, "o1")
    h.tap(Kind.OPTION, "o0")
    h.tap(Kind.OPTION, "o2")
    h.tap(Kind.OPTION, "o0")  # toggled off again
    h.tap(Kind.OPTION, "ok")
    h.tap(Kind.OPTION, "t")  # 今天
    h.text("=1+1 是文字")
    values = {k: a.value for k, a in h.answers.items()}
    assert values["water-seal-height"] == 1250
    assert values["work-mode"] == ["外包作业"] and values["gases"] == ["O2"]
    assert values["last-drill"] == TODAY.isoformat() and values["remarks"] == "=1+1 是文字"
    assert at(h) == (Step.ITEM.value, "confined-spaces")


def test_a_ledger_is_filled_edited_and_finished() -> None:
    h = Harness.start(every_type_checklist())
    h.send(Event(Kind.NAV, item=8))
    h.tap(Kind.OPTION, "r")
    assert at(h)[0] == Step.RECORDS.value
    assert h.tap(Kind.REC_DONE).status is not Status.OK if any(
        e.kind is Kind.REC_DONE for e in h.shown()) else True
    for name, count, risk in (("1号煤气柜", "2", "o0"), ("2号沉淀池", "1", "o2")):
        h.tap(Kind.REC_ADD)
        h.text(name)
        assert h.text("0").message  # below min: asked again
        h.text(count)
        h.tap(Kind.OPTION, risk)
    book = h.answers["confined-spaces"].value
    assert book["rows"] == [{"name": "1号煤气柜", "count": 2, "risk": ["高"]},
                            {"name": "2号沉淀池", "count": 1, "risk": ["低"]}]
    stale_delete = next(e for e in h.shown() if e.kind is Kind.REC_DEL)
    h.send(next(e for e in h.shown() if e.kind is Kind.REC_EDIT and e.arg.startswith("1-")))
    h.tap(Kind.KEEP)
    h.text("5")
    h.tap(Kind.KEEP)
    assert h.send(stale_delete).status is Status.STALE  # the list changed since it was drawn
    assert h.answers["confined-spaces"].value["rows"][1]["count"] == 5
    h.tap(Kind.REC_DONE)
    assert flow.answered(h.inspection.checklist.item("confined-spaces"), h.answers)
    assert at(h) == (Step.ITEM.value, "verdict-a")


def test_not_applicable_is_refused_for_a_required_item() -> None:
    text = every_type_checklist()
    from dataclasses import replace as _replace

    from checklists.model import Checklist, Group

    item = _replace(text.items[2], required=True)
    checklist = Checklist(text.id, 1, text.title, text.short_title, (Group("g", (item,)),))
    h = Harness.start(checklist)
    assert h.send(Event(Kind.NA, item=item.number)).code == "required"
    assert h.answers == {}


def test_verdict_not_applicable_and_values_count_as_answers() -> None:
    h = Harness.start(every_type_checklist())
    h.tap(Kind.OPTION, "n")
    assert h.answers["verdict-a"].result is Result.NOT_APPLICABLE
