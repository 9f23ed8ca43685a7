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
from checklists import flow
from checklists.flow_types import Step
from checklists.hazard_rules import DEADLINE_CHOICES, DEFAULT_DAYS
from checklists.inspection import Answer, Enterprise, InspectionSummary
from checklists.model import Hazard, Item, Result
from checklists.questions import registry
from checklists.questions.date import chinese
from checklists.questions.records import fields_of, ledger

MAX_MESSAGE = 4096
_OLD_SHOWN = 1500  # an old note quoted in a prompt; the full text stays stored


@dataclass(frozen=True)
class Prompt:
    text: str
    markup: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """Last line of defence: templates are bounded, but never send over the limit."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card(state: flow.State, item: Item, photos: int) -> Prompt:
    inspection, answer = state.inspection, state.answers.get(item.id)
    checklist = inspection.checklist
    kind = registry.of(item)
    text = texts.CARD.format(
        group=esc(checklist.group_of(item.id).title), position=checklist.items.index(item) + 1,
        total=len(checklist.items), number=item.number, content=esc(item.content),
    )
    if item.evidence:
        text += texts.CARD_EVIDENCE.format(evidence=esc(item.evidence))
    if item.methods:
        text += texts.CARD_METHODS.format(methods="、".join(m.value for m in item.methods))
    text += texts.CARD_PHOTO.get(item.photo.value, "")
    if item.hint:
        text += texts.CARD_HINT.format(hint=esc(item.hint))
    if answer:
        text += texts.CARD_CURRENT.format(result=esc(_short(registry.value_text(item, answer), 300)))
    if photos:
        text += texts.CARD_PHOTOS.format(count=photos)
    text += "\n\n" + kind.instruction(item)
    options = kind.options(item, answer.value if answer else None)
    na = kind.name != "verdict" and not item.required
    markup = keyboards.item_card(inspection.id, item, options, item.number == checklist.items[0].number, na)
    return Prompt(clip(text), markup)


def summary(state: flow.State, photos: int) -> Prompt:
    inspection, answers = state.inspection, state.answers
    done = [a for i in inspection.checklist.items if flow.answered(i, answers) for a in [answers[i.id]]]
    counts = Counter(a.result for a in done)
    major = sum(1 for a in done if a.result is Result.PROBLEM and a.hazard is Hazard.MAJOR)
    open_items = len(inspection.checklist.items) - len(done)
    text = texts.SUMMARY.format(
        enterprise=esc(inspection.enterprise.name if inspection.enterprise else texts.NO_ENTERPRISE_YET),
        checklist=esc(inspection.checklist.short_title), ok=counts[Result.OK], problems=counts[Result.PROBLEM],
        major=major, na=counts[Result.NOT_APPLICABLE], values=counts[Result.ANSWERED], photos=photos,
        principal=esc(inspection.principal_name or texts.NO_ENTERPRISE_YET),
    )
    if inspection.location:
        text += texts.SUMMARY_LOCATION.format(lat=inspection.location.latitude, lon=inspection.location.longitude)
    complete = flow.is_complete(inspection, answers)
    if open_items:
        text += texts.SUMMARY_UNANSWERED.format(count=open_items)
    elif not complete:
        text += texts.SUMMARY_NO_PRINCIPAL
    else:
        text += texts.SUMMARY_FOOTER
    return Prompt(clip(text), keyboards.review(inspection.id, complete))


def _with_old(text: str, template: str, old: str | None) -> str:
    return text + template.format(text=esc(_short(old, _OLD_SHOWN))) if old else text


def _problem(state: flow.State, item: Item, answer: Answer | None) -> Prompt:
    old = answer.problem if answer else None
    text = _with_old(texts.ASK_PROBLEM.format(number=item.number), texts.ASK_PROBLEM_CURRENT, old)
    return Prompt(clip(text), keyboards.keep_or_skip(state.inspection.id, item.number, bool(old), False))


def _level(state: flow.State, item: Item, answer: Answer | None) -> Prompt:
    text = texts.ASK_HAZARD.format(number=item.number)
    if item.standard:
        text += texts.ASK_HAZARD_STANDARD.format(standard=esc(item.standard))
    return Prompt(text, keyboards.hazard(state.inspection.id, item.number, bool(item.standard)))


def _deadline(state: flow.State, item: Item, answer: Answer | None) -> Prompt:
    level = answer.hazard if answer and answer.hazard else Hazard.GENERAL
    days = DEFAULT_DAYS[level]
    default = next((code for code, _, d in DEADLINE_CHOICES if d == days), None)
    text = texts.ASK_DEADLINE.format(number=item.number, level=level.value, days=days)
    old = answer.deadline if answer else None
    if old:
        text += texts.ASK_DEADLINE_CURRENT.format(date=chinese(old))
    return Prompt(text, keyboards.deadline(state.inspection.id, item.number, default, old is not None))


def _advice(state: flow.State, item: Item, answer: Answer | None) -> Prompt:
    old = answer.advice if answer else None
    text = _with_old(texts.ASK_ADVICE.format(number=item.number), texts.ASK_ADVICE_CURRENT, old)
    return Prompt(clip(text), keyboards.keep_or_skip(state.inspection.id, item.number, bool(old), True))


def _records(state: flow.State, item: Item, answer: Answer | None) -> Prompt:
    book = ledger(answer.value if answer else None)
    fields = fields_of(item)
    lines = [texts.RECORDS_HEAD.format(number=item.number, content=esc(_short(item.content, 60)), count=len(book["rows"]))]
    for n, row in enumerate(book["rows"], start=1):
        shown = "｜".join(registry.of(f).show(f, row.get(f.id)) or "—" for f in fields[:4])
        lines.append(texts.RECORDS_LINE.format(n=n, row=esc(_short(shown, 80))))
    lines.append(texts.RECORDS_FOOT)
    markup = keyboards.records(state.inspection.id, item.number, len(book["rows"]), book["rev"])
    return Prompt(clip("\n".join(lines)), markup)


def _field(state: flow.State, item: Item, answer: Answer | None) -> Prompt:
    book = ledger(answer.value if answer else None)
    fields = fields_of(item)
    index = min(int(state.inspection.position.arg or 0), len(fields) - 1)
    field, draft = fields[index], book["draft"] or {}
    kind = registry.of(field)
    row = (book["at"] if book["at"] is not None else len(book["rows"])) + 1
    text = texts.ASK_FIELD.format(number=item.number, row=row, label=esc(field.label), k=index + 1, total=len(fields))
    old = draft.get(field.id)
    if old is not None:
        text += texts.ASK_FIELD_CURRENT.format(value=esc(_short(kind.show(field, old), 300)))
    text += "\n" + kind.instruction(field)
    keep = old is not None and not (isinstance(old, dict) and "pending" in old)
    markup = keyboards.record_field(state.inspection.id, item.number, index, kind.options(field, old), keep,
                                    not field.required)
    return Prompt(clip(text), markup)


def for_position(state: flow.State, photo_counts: Mapping[str | None, int], recent: Sequence[Enterprise] = ()) -> Prompt:
    """The question the inspector is at."""
    inspection, step, item = state.inspection, state.step, state.item
    if step is Step.ENTERPRISE or inspection.enterprise is None:
        title = esc(inspection.checklist.short_title)
        return Prompt(texts.ASK_ENTERPRISE.format(title=title), keyboards.enterprises(inspection.id, recent))
    if step is Step.PRINCIPAL:
        text = texts.ASK_PRINCIPAL.format(total=len(inspection.checklist.items))
        return Prompt(_with_old(text, texts.ASK_PRINCIPAL_CURRENT, inspection.principal_name))
    if step is Step.REVIEW or item is None:
        return summary(state, sum(photo_counts.values()))
    answer = state.answers.get(item.id)
    builder = _STEP_PROMPTS.get(step)
    if builder is not None:
        return builder(state, item, answer)
    return card(state, item, photo_counts.get(item.id, 0))


_STEP_PROMPTS = {
    Step.PROBLEM: _problem,
    Step.LEVEL: _level,
    Step.DEADLINE: _deadline,
    Step.DEADLINE_DATE: lambda s, i, a: Prompt(texts.ASK_DEADLINE_DATE.format(number=i.number)),
    Step.ADVICE: _advice,
    Step.RECORDS: _records,
    Step.FIELD: _field,
}


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
            enterprise=esc(_short(s.enterprise_name or texts.NO_ENTERPRISE_YET, 24)),
            status=texts.LIST_STATUS.get(s.status.value, s.status.value),
        )
        if everyone:
            line += texts.LIST_LINE_INSPECTOR.format(inspector=esc(_short(s.inspector.full_name, 16)))
        lines.append(line)
    lines.append(texts.LIST_FOOT.format(id=summaries[0].id))
    return "\n".join(lines)
