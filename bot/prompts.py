"""The question to show for a stored position: pure, derived from SQLite state only.

Because the prompt is a function of what is stored, a restart (or /status)
can always show the inspector exactly the question they were at.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot import keyboards, texts
from bot.states import Step
from checklists.inspection import Answer, Enterprise, Inspection, InspectionSummary
from checklists.model import Hazard, Item, Result

MAX_MESSAGE = 4096


@dataclass(frozen=True)
class Prompt:
    text: str
    markup: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """Last line of defence: templates are bounded, but never send over the limit."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_by_number(inspection: Inspection, number: int) -> Item | None:
    items = inspection.checklist.items
    return items[number - 1] if 1 <= number <= len(items) else None


def card(inspection: Inspection, item: Item, answer: Answer | None, photos: int) -> Prompt:
    checklist = inspection.checklist
    text = texts.CARD.format(
        group=esc(checklist.group_of(item.id).title),
        position=checklist.items.index(item) + 1,
        total=len(checklist.items),
        number=item.number,
        content=esc(item.content),
        evidence=esc(item.evidence),
    )
    if item.methods:
        text += texts.CARD_METHODS.format(methods="、".join(m.value for m in item.methods))
    text += texts.CARD_PHOTO.get(item.photo.value, "")
    if item.hint:
        text += texts.CARD_HINT.format(hint=esc(item.hint))
    if answer:
        text += texts.CARD_CURRENT.format(result=answer.result.value)
    if photos:
        text += texts.CARD_PHOTOS.format(count=photos)
    text += texts.CARD_FOOTER
    first = item.number == checklist.items[0].number
    return Prompt(clip(text), keyboards.item_card(inspection.id, item, first))


def summary(inspection: Inspection, answers: Mapping[str, Answer], photos: int) -> Prompt:
    counts = Counter(a.result for a in answers.values())
    major = sum(1 for a in answers.values() if a.result is Result.PROBLEM and a.hazard is Hazard.MAJOR)
    unanswered = sum(1 for i in inspection.checklist.items if i.id not in answers)
    text = texts.SUMMARY.format(
        enterprise=esc(inspection.enterprise.name if inspection.enterprise else texts.NO_ENTERPRISE_YET),
        checklist=esc(inspection.checklist.short_title),
        ok=counts[Result.OK],
        problems=counts[Result.PROBLEM],
        major=major,
        na=counts[Result.NOT_APPLICABLE],
        photos=photos,
        principal=esc(inspection.principal_name or texts.NO_ENTERPRISE_YET),
    )
    if inspection.location:
        text += texts.SUMMARY_LOCATION.format(lat=inspection.location.latitude, lon=inspection.location.longitude)
    text += texts.SUMMARY_UNANSWERED.format(count=unanswered) if unanswered else texts.SUMMARY_FOOTER
    return Prompt(clip(text), keyboards.review(inspection.id, complete=unanswered == 0))


def _with_old(text: str, template: str, old: str | None) -> str:
    return text + template.format(text=esc(old)) if old else text


def for_position(
    inspection: Inspection,
    answers: Mapping[str, Answer],
    photo_counts: Mapping[str | None, int],
    recent: Sequence[Enterprise] = (),
) -> Prompt:
    """The question the inspector is at."""
    step = Step.parse(inspection.position.step)
    item_id = inspection.position.item_id
    if step is Step.ENTERPRISE or inspection.enterprise is None:
        title = esc(inspection.checklist.short_title)
        return Prompt(texts.ASK_ENTERPRISE.format(title=title), keyboards.enterprises(inspection.id, recent))
    if step is Step.PRINCIPAL:
        text = texts.ASK_PRINCIPAL.format(total=len(inspection.checklist.items))
        return Prompt(_with_old(text, texts.ASK_PRINCIPAL_CURRENT, inspection.principal_name))
    if step is Step.REVIEW or item_id is None or not inspection.checklist.has_item(item_id):
        return summary(inspection, answers, sum(photo_counts.values()))
    item = inspection.checklist.item(item_id)
    answer = answers.get(item_id)
    if step is Step.PROBLEM:
        old = answer.problem if answer else None
        text = _with_old(texts.ASK_PROBLEM.format(number=item.number), texts.ASK_PROBLEM_CURRENT, old)
        return Prompt(clip(text), keyboards.keep_or_skip(inspection.id, item.number, "problem", bool(old), False))
    if step is Step.ADVICE:
        old = answer.advice if answer else None
        text = _with_old(texts.ASK_ADVICE.format(number=item.number), texts.ASK_ADVICE_CURRENT, old)
        return Prompt(clip(text), keyboards.keep_or_skip(inspection.id, item.number, "advice", bool(old), True))
    if step is Step.HAZARD:
        return Prompt(texts.ASK_HAZARD.format(number=item.number), keyboards.hazard(inspection.id, item.number))
    return card(inspection, item, answer, photo_counts.get(item_id, 0))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def history(summaries: Sequence[InspectionSummary], tz: ZoneInfo, everyone: bool) -> str:
    """The /list reply; names are clipped so 20 lines stay far below 4096 characters."""
    if not summaries:
        return texts.LIST_EMPTY
    head = texts.LIST_HEAD_ALL if everyone else texts.LIST_HEAD_MINE
    lines = [head.format(count=len(summaries))]
    for s in summaries:
        line = texts.LIST_LINE.format(
            id=s.id,
            date=(s.submitted_at or s.started_at).astimezone(tz).strftime("%Y-%m-%d"),
            enterprise=esc(_clip(s.enterprise_name or texts.NO_ENTERPRISE_YET, 24)),
            status=texts.LIST_STATUS.get(s.status.value, s.status.value),
        )
        if everyone:
            line += texts.LIST_LINE_INSPECTOR.format(inspector=esc(_clip(s.inspector.full_name, 16)))
        lines.append(line)
    lines.append(texts.LIST_FOOT.format(id=summaries[0].id))
    return "\n".join(lines)
