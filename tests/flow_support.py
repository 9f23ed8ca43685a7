"""A pure harness for the conversation: the flow plus an in-memory stand-in for
storage, and the buttons exactly as the bot would draw them for each prompt."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from textwrap import dedent

from bot import prompts
from bot.callbacks import parse
from checklists import flow
from checklists.flow_types import Event, Kind, Outcome, Status, Step
from checklists.inspection import Answer, Enterprise, Inspection, Position, User
from checklists.inspection import Status as InspectionStatus
from checklists.loader import load_text

TODAY = date(2025, 6, 10)

EVERY_TYPE = dedent("""\
    id: every-type
    version: 1
    title: 各类题型测试清单
    short_title: 题型测试
    groups:
      - title: 结论
        items:
          - id: verdict-a
            content: 是否制定方案
            evidence: 查资料
          - id: verdict-b
            content: 是否开展培训
            evidence: 查资料
            standard: 第十三条（一）
      - title: 数值与选择
        items:
          - id: water-seal-height
            content: 煤气水封有效高度
            type: number
            unit: mm
            min: 0
            max: 20000
          - id: work-mode
            content: 有限空间作业形式
            type: choice
            options: [自主作业, 外包作业]
          - id: gases
            content: 检测的气体
            type: choice
            options: [CO, H2S, O2]
            multiple: true
          - id: last-drill
            content: 最近一次应急演练日期
            type: date
          - id: remarks
            content: 其他需要说明的情况
            type: text
          - id: confined-spaces
            content: 有限空间管理台账
            type: records
            fields:
              - {id: name, label: 有限空间名称, type: text}
              - {id: count, label: 数量, type: number, min: 1, max: 1000}
              - {id: risk, label: 风险等级, type: choice, options: [高, 中, 低]}
    """)


def every_type_checklist():
    return load_text(EVERY_TYPE, "every-type.yaml")


@dataclass
class Harness:
    """One inspection driven through the flow; `answers` is what storage would hold."""

    inspection: Inspection
    answers: dict[str, Answer] = field(default_factory=dict)
    submitted: bool = False

    @classmethod
    def start(cls, checklist, enterprise: bool = True) -> Harness:
        inspection = Inspection(
            id=5, checklist=checklist, inspector=User(1, "张三"), status=InspectionStatus.IN_PROGRESS,
            started_at=datetime(2025, 6, 10, tzinfo=timezone.utc), position=Position(Step.ENTERPRISE.value),
        )
        harness = cls(inspection)
        if enterprise:
            harness.send(Event(Kind.ENTERPRISE, enterprise_id=1))
        return harness

    @property
    def state(self) -> flow.State:
        return flow.State(self.inspection, dict(self.answers), TODAY)

    def shown(self) -> list[Event]:
        """The taps the current prompt offers, parsed from its real callback data."""
        prompt = prompts.for_position(self.state, {})
        rows = prompt.markup.inline_keyboard if prompt.markup else ()
        events = []
        for row in rows:
            for button in row:
                cb = parse(button.callback_data)
                assert cb is not None, button.callback_data
                if cb.kind is not None:
                    events.append(cb.event())
        return events

    def send(self, event: Event) -> Outcome:
        outcome = flow.apply(self.state, event)
        if outcome.status is not Status.OK:
            return outcome
        if outcome.submit:
            self.submitted = True
        position = outcome.position or self.inspection.position
        if outcome.enterprise_id is not None:
            self.inspection = replace(self.inspection, enterprise=Enterprise(outcome.enterprise_id, "某钢铁公司"))
        if outcome.principal is not None:
            self.inspection = replace(self.inspection, principal_name=outcome.principal)
        if outcome.answer is not None:
            self.answers[outcome.answer.item_id] = outcome.answer
        self.inspection = replace(self.inspection, position=position)
        return outcome

    def text(self, text: str) -> Outcome:
        return self.send(Event(Kind.TEXT, text=text))

    def tap(self, kind: Kind, arg: str = "") -> Outcome:
        """The shown button of this kind (and arg, if given)."""
        for event in self.shown():
            if event.kind is kind and (not arg or event.arg == arg or event.arg.endswith("-" + arg)):
                return self.send(event)
        raise AssertionError(f"no {kind} {arg!r} button in {self.shown()}")
