"""Inline keyboards of the hazard register, built by pure functions.

A button is shown only when the rules (hazard_flow.decide) would let this
person do it given the evidence, so nobody is offered what they may not do;
the rules are still checked again when the button is pressed.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.hazard_callbacks import Act, HazardCallback
from checklists.hazard_flow import Actor, Event, Payload, Role, decide
from checklists.hazards import HazardRecord

_FULL = Payload(text="x", photos=1)


def _button(label: str, act: Act, ident: int = 0, version: int = 0, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=HazardCallback(act, ident, version, arg).pack())


def _could(hazard: HazardRecord, event: Event, actor: Actor) -> bool:
    payload = _FULL
    if event is Event.REQUEST_EXTENSION:
        payload = Payload("x", 1, hazard.deadline + timedelta(days=1), hazard.deadline)
    return decide(hazard.view(), event, actor, payload).ok


def card(hazard: HazardRecord, actor: Actor, walk: tuple[int, int, int] | None = None) -> InlineKeyboardMarkup:
    """The hazard's actions for this person; `walk` is (enterprise, index, total) in a follow-up."""
    h, v = hazard.id, hazard.version
    rows: list[list[InlineKeyboardButton]] = []
    first = [
        _button(texts.HZ_BUTTON[key], act, h, v)
        for key, act, event in (("report", Act.REPORT, Event.REPORT), ("spot", Act.SPOT, Event.SPOT_CLOSE),
                                ("extension", Act.EXTEND, Event.REQUEST_EXTENSION))
        if _could(hazard, event, actor)
    ]
    if first:
        rows.append(first)
    if _could(hazard, Event.ACCEPT, actor):
        rows.append(review(hazard).inline_keyboard[0])
    if _could(hazard, Event.GRANT_EXTENSION, actor):
        rows.append(extension_decision(hazard).inline_keyboard[0])
    last = [_button(texts.HZ_BUTTON["history"], Act.HISTORY, h, v)]
    if actor.role is not Role.CONTACT:
        last.append(_button(texts.HZ_BUTTON["invite"], Act.INVITE, h, v))
    rows.append(last)
    if walk is not None and walk[1] + 1 < walk[2]:
        rows.append([_button(texts.HZ_BUTTON["walk_next"], Act.WALK, walk[0], walk[1] + 1)])
    return InlineKeyboardMarkup(rows)


def review(hazard: HazardRecord) -> InlineKeyboardMarkup:
    """通过 / 驳回 on a reported rectification (in the group for 重大隐患)."""
    h, v = hazard.id, hazard.version
    return InlineKeyboardMarkup([[_button(texts.HZ_BUTTON["accept"], Act.ACCEPT, h, v),
                                  _button(texts.HZ_BUTTON["reject"], Act.REJECT_ASK, h, v)]])


def reject_reasons(hazard: HazardRecord) -> InlineKeyboardMarkup:
    h, v = hazard.id, hazard.version
    rows = [[_button(reason, Act.REJECT, h, v, str(index))] for index, reason in enumerate(texts.HZ_REJECT_REASONS)]
    rows.append([_button(texts.HZ_BUTTON["back"], Act.REJECT_BACK, h, v)])
    return InlineKeyboardMarkup(rows)


def extension_decision(hazard: HazardRecord) -> InlineKeyboardMarkup:
    h, v = hazard.id, hazard.version
    return InlineKeyboardMarkup([[_button(texts.HZ_BUTTON["grant"], Act.GRANT, h, v),
                                  _button(texts.HZ_BUTTON["refuse"], Act.REFUSE, h, v)]])


def extension_days(hazard: HazardRecord) -> InlineKeyboardMarkup:
    h, v = hazard.id, hazard.version
    rows = [
        [_button(texts.HZ_EXTEND_BUTTON.format(days=days, date=hazard.deadline + timedelta(days=days)),
                 Act.EXTEND_DAYS, h, v, str(days))]
        for days in texts.HZ_EXTEND_DAYS
    ]
    rows.append([_button(texts.HZ_BUTTON["cancel"], Act.DRAFT_CANCEL, h, v)])
    return InlineKeyboardMarkup(rows)


def cancel(hazard: HazardRecord) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.HZ_BUTTON["cancel"], Act.DRAFT_CANCEL, hazard.id, hazard.version)]])


def draft(hazard: HazardRecord) -> InlineKeyboardMarkup:
    h, v = hazard.id, hazard.version
    return InlineKeyboardMarkup([[_button(texts.HZ_BUTTON["submit"], Act.DRAFT_SUBMIT, h, v),
                                  _button(texts.HZ_BUTTON["cancel"], Act.DRAFT_CANCEL, h, v)]])


def listing(hazards: list[HazardRecord], page: int, pages: int, scope: str, with_items: bool) -> InlineKeyboardMarkup | None:
    """One button per hazard (private chats) and ◀ ▶ between pages."""
    rows = [[_button(h.number, Act.VIEW, h.id, h.version)] for h in hazards] if with_items else []
    nav = []
    if page > 0:
        nav.append(_button(texts.HZ_BUTTON["prev"], Act.PAGE, page - 1, 0, scope))
    if page + 1 < pages:
        nav.append(_button(texts.HZ_BUTTON["next"], Act.PAGE, page + 1, 0, scope))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None


def walk_start(enterprise_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.HZ_BUTTON["walk"], Act.WALK, enterprise_id, 0)]])
