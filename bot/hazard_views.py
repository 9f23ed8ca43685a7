"""Texts of the hazard register (card, lists, history, digest), rendered by pure functions.

Everything a user typed is escaped here, once; the results are HTML.
Lengths stay within Telegram's 4096 characters: long descriptions are cut.
"""

from __future__ import annotations

import html
from datetime import date, tzinfo

from bot import texts
from checklists.hazard_flow import EnterpriseState
from checklists.hazards import HazardLogEntry, HazardRecord, MonthCounts, OverdueLine
from checklists.model import Hazard

MESSAGE_LIMIT = 4096
LINE_TEXT = 40  # characters of a description in a list line


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def due(hazard: HazardRecord, today: date) -> str:
    days = (hazard.deadline - today).days
    if days > 0:
        return texts.HZ_DUE_LEFT.format(days=days)
    return texts.HZ_DUE_TODAY if days == 0 else texts.HZ_DUE_OVER.format(days=-days)


def card(hazard: HazardRecord, today: date, tz: tzinfo, state: EnterpriseState | None = None) -> str:
    text = texts.HZ_CARD.format(
        number=hazard.number, level=texts.HZ_LEVEL[hazard.level.value], enterprise=_e(hazard.enterprise_name),
        state=texts.HZ_STATE[hazard.state.value], item=hazard.item_number,
        content=_e(_cut(hazard.item_content, 300)), description=_e(_cut(hazard.description, 1000)),
    )
    if hazard.advice:
        text += texts.HZ_CARD_ADVICE.format(advice=_e(_cut(hazard.advice, 1000)))
    text += texts.HZ_CARD_FOUND.format(finder=_e(hazard.finder_name), date=hazard.found_at.astimezone(tz).date())
    text += texts.HZ_CARD_DEADLINE.format(deadline=hazard.deadline, due=due(hazard, today) if hazard.state.value != "已销号" else "")
    if hazard.ext_deadline is not None:
        text += texts.HZ_CARD_EXTENSION.format(deadline=hazard.ext_deadline, reason=_e(_cut(hazard.ext_reason or "", 300)))
    if state is not None:
        text += texts.HZ_CARD_ENTERPRISE.format(state=texts.HZ_ENTERPRISE_STATE[state.value])
    return text


def _line(hazard: HazardRecord, today: date) -> str:
    over = hazard.days_overdue(today)
    return texts.HZ_LIST_LINE.format(
        mark="⏰" if over else "", number=hazard.number, level=hazard.level.value,
        state=hazard.state.value,
        due=texts.HZ_LIST_OVER.format(days=over) if over else texts.HZ_LIST_DUE.format(deadline=hazard.deadline),
        description=_e(_cut(hazard.description, LINE_TEXT)),
    )


def listing(
    head: str, hazards: list[HazardRecord], today: date, page: int, pages: int,
    states: dict[int, EnterpriseState] | None = None, tap_hint: bool = True,
) -> str:
    """One page; with `states`, hazards are shown under their enterprise and its state."""
    lines = [head]
    current = None
    for hazard in hazards:
        if states is not None and hazard.enterprise_id != current:
            current = hazard.enterprise_id
            state = states.get(current, EnterpriseState.RESUME)
            lines.append(texts.HZ_LIST_ENTERPRISE.format(
                enterprise=_e(hazard.enterprise_name), state=texts.HZ_ENTERPRISE_STATE[state.value]))
        lines.append(_line(hazard, today))
    text = "\n".join(lines)
    if pages > 1:
        text += texts.HZ_LIST_PAGE.format(page=page + 1, pages=pages)
    if tap_hint and hazards:
        text += texts.HZ_LIST_TAP
    return text[:MESSAGE_LIMIT]


def history(hazard: HazardRecord, log: list[HazardLogEntry], tz: tzinfo, before: int, after: int) -> str:
    lines = [texts.HZ_HISTORY_HEAD.format(number=hazard.number)]
    for entry in log:
        what = texts.HZ_EVENT.get(entry.kind, entry.kind)
        if entry.field and entry.old != entry.new:
            what += texts.HZ_HISTORY_CHANGE.format(old=_e(entry.old or "—"), new=_e(entry.new))
        if entry.note:
            what += texts.HZ_HISTORY_NOTE.format(note=_e(_cut(entry.note, 200)))
        role = texts.HZ_ROLE.get(entry.actor_role.value, "") if entry.actor_role else ""
        lines.append(texts.HZ_HISTORY_LINE.format(
            at=entry.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), who=_e(entry.actor_name) or entry.actor_id,
            role=role, what=what))
    lines.append(texts.HZ_HISTORY_PHOTOS.format(before=before, after=after))
    text = "\n".join(lines)
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def digest(lines: list[OverdueLine], day: date) -> str:
    """The overdue digest as one HTML text (the caller sends a file if it is too long)."""
    out = [texts.HZ_DIGEST_HEAD.format(date=day, total=len(lines))]
    current = None
    for line in lines:
        if line.enterprise_name != current:
            current = line.enterprise_name
            out.append(texts.HZ_DIGEST_ENTERPRISE.format(enterprise=_e(current)))
        out.append(texts.HZ_DIGEST_LINE.format(number=line.number, level=line.level.value, days=line.days_overdue,
                                               description=_e(_cut(line.description, LINE_TEXT))))
    return "\n".join(out)


def digest_plain(lines: list[OverdueLine], day: date) -> str:
    """The same digest as plain text for the attached file."""
    out = [f"逾期未销号隐患日报 {day}（共 {len(lines)} 条）", ""]
    for line in lines:
        out.append(f"{line.enterprise_name}\t{line.number}\t{line.level.value}\t逾期 {line.days_overdue} 天\t{line.description}")
    return "\n".join(out) + "\n"


def month(counts: MonthCounts) -> str:
    g, m = Hazard.GENERAL, Hazard.MAJOR
    return texts.HZ_MONTH.format(
        month=counts.month, found=sum(counts.found.values()), found_g=counts.found.get(g, 0),
        found_m=counts.found.get(m, 0), closed=sum(counts.closed.values()), closed_g=counts.closed.get(g, 0),
        closed_m=counts.closed.get(m, 0), open_now=counts.open_now,
    )
