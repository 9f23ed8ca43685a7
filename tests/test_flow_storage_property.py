"""The flow over real SQLite: random events written as the bot writes them (answer
and position in one transaction), with the database closed and reopened at random
(a restart). What was acknowledged is read back exactly, and the position too."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists import flow
from checklists.flow_types import Event, Kind, Status
from checklists.inspection import Position, User
from storage import Storage
from tests.flow_support import Harness, every_type_checklist

CHECKLIST = every_type_checklist()
STEPS = st.lists(st.one_of(st.tuples(st.just("tap"), st.integers(0, 30)),
                           st.tuples(st.just("text"), st.sampled_from(["12", "abc", "李四", "6月1日", "一号池", "3"])),
                           st.tuples(st.just("restart"), st.just(0))), max_size=40)


async def _write(storage: Storage, inspection_id: int, outcome: flow.Outcome, position: Position) -> None:
    """What bot.conversation.write does, minus Telegram."""
    if outcome.enterprise_id is not None:
        enterprise = await storage.enterprise(outcome.enterprise_id)
        assert enterprise is not None
        await storage.set_enterprise(inspection_id, enterprise, position)
    elif outcome.principal is not None:
        await storage.set_principal(inspection_id, outcome.principal, position)
    elif outcome.answer is not None:
        await storage.put_answer(inspection_id, outcome.answer, position)
    else:
        await storage.set_position(inspection_id, position)


async def _run(steps: list[tuple[str, object]], folder: Path) -> None:
    storage = await Storage.open(folder)
    inspection = await storage.start_inspection(User(1, "张三"), CHECKLIST, Position("enterprise"))
    enterprise = await storage.enterprise_by_name("某钢铁公司")
    model = Harness.start(CHECKLIST, enterprise=False)  # the acknowledged state, kept beside SQLite
    model.send(Event(Kind.ENTERPRISE, enterprise_id=enterprise.id))
    await storage.set_enterprise(inspection.id, enterprise, model.inspection.position)
    for action, arg in steps:
        if action == "restart":
            await storage.close()
            storage = await Storage.open(folder)
            continue
        shown = model.shown()
        event = shown[int(arg) % len(shown)] if action == "tap" and shown else Event(Kind.TEXT, text=str(arg))
        outcome = model.send(event)
        if outcome.status is Status.OK and not outcome.submit:
            await _write(storage, inspection.id, outcome, model.inspection.position)
        stored = await storage.conversation(inspection.id)
        assert stored is not None
        read_back = {k: replace(a, updated_at=None) for k, a in stored[1].items()}
        assert read_back == model.answers, "an acknowledged answer differs from what SQLite holds"
        assert stored[0].position == model.inspection.position
        assert stored[0].principal_name == model.inspection.principal_name
    await storage.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_acknowledged_answers_and_position_survive_restarts(steps: list[tuple[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_run(steps, Path(folder)))

