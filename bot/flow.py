"""Moves through an inspection: each step stores the answer and the next position
in one transaction, then shows the question derived from what was stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from telegram.ext import ContextTypes

from bot import prompts
from bot.services import send_prompt, services
from bot.states import Step
from checklists.inspection import Answer, Inspection, Position
from checklists.model import Hazard, Result


def is_complete(answer: Answer | None) -> bool:
    """A problem counts as answered only once it is described and classed."""
    if answer is None:
        return False
    return answer.result is not Result.PROBLEM or bool(answer.problem and answer.hazard)


def next_position(inspection: Inspection, answers: Mapping[str, Answer], after: str | None) -> Position:
    """The next unanswered item after `after` (wrapping), else the closing steps."""
    items = inspection.checklist.items
    start = next((i + 1 for i, item in enumerate(items) if item.id == after), 0)
    for item in items[start:] + items[:start]:
        if not is_complete(answers.get(item.id)):
            return Position(Step.ITEM.value, item.id)
    if not inspection.principal_name:
        return Position(Step.PRINCIPAL.value)
    return Position(Step.REVIEW.value)


async def show_current(context: ContextTypes.DEFAULT_TYPE, chat_id: int, inspection_id: int) -> None:
    """Send the question for the stored position (re-read, never from memory)."""
    svc = services(context)
    inspection = await svc.storage.inspection(inspection_id)
    if inspection is None:
        return
    answers, photos = await svc.state(inspection)
    recent = []
    if inspection.enterprise is None:
        recent = await svc.storage.recent_enterprises(inspection.inspector.id)
    await send_prompt(context, chat_id, prompts.for_position(inspection, answers, photos, recent))


async def record(
    context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, answer: Answer, position: Position | None = None
) -> None:
    """Store an answer; without an explicit position, move to the next open item."""
    storage = services(context).storage
    if position is None:
        answers = dict(await storage.answers(inspection.id))
        answers[answer.item_id] = answer
        position = next_position(inspection, answers, answer.item_id)
    await storage.put_answer(inspection.id, answer, position)


async def verdict(context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, item_id: str, result: Result) -> None:
    storage = services(context).storage
    old = (await storage.answers(inspection.id)).get(item_id)
    if result is Result.PROBLEM:
        kept = old if old and old.result is Result.PROBLEM else Answer(item_id, result)
        await record(context, inspection, kept, Position(Step.PROBLEM.value, item_id))
    else:
        await record(context, inspection, Answer(item_id, result))


async def problem_text(context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, item_id: str, text: str | None) -> None:
    """`text` None keeps the description already stored."""
    old = (await services(context).storage.answers(inspection.id)).get(item_id) or Answer(item_id, Result.PROBLEM)
    answer = old if text is None else replace(old, problem=text)
    await record(context, inspection, answer, Position(Step.ADVICE.value, item_id))


async def advice_text(
    context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, item_id: str, text: str | None, keep: bool = False
) -> None:
    """`keep` leaves the stored advice; otherwise `text` (None = skipped) replaces it."""
    old = (await services(context).storage.answers(inspection.id)).get(item_id) or Answer(item_id, Result.PROBLEM)
    answer = old if keep else replace(old, advice=text)
    await record(context, inspection, answer, Position(Step.HAZARD.value, item_id))


async def hazard(context: ContextTypes.DEFAULT_TYPE, inspection: Inspection, item_id: str, level: Hazard) -> None:
    old = (await services(context).storage.answers(inspection.id)).get(item_id) or Answer(item_id, Result.PROBLEM)
    await record(context, inspection, replace(old, hazard=level))

