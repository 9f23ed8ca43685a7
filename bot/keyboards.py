"""Inline keyboards, built by pure functions from domain objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Action, Callback
from checklists.inspection import Answer, Enterprise
from checklists.model import Checklist, Item, Result

_RESULT_CODE = {Result.OK: "o", Result.PROBLEM: "p", Result.NOT_APPLICABLE: "n"}
RESULT_BY_CODE = {code: result for result, code in _RESULT_CODE.items()}
TOC_COLUMNS = 5


def _button(text: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback.pack())


def checklist_picker(checklists: Sequence[Checklist]) -> InlineKeyboardMarkup:
    rows = [[_button(c.short_title, Callback(Action.PICK, arg=c.id))] for c in checklists]
    return InlineKeyboardMarkup(rows)


def resume(inspection_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CONTINUE_BUTTON, Callback(Action.RESUME, inspection_id))]])


def enterprises(inspection_id: int, recent: Sequence[Enterprise]) -> InlineKeyboardMarkup | None:
    if not recent:
        return None
    rows = [[_button(e.name[:60], Callback(Action.ENTERPRISE, inspection_id, e.id))] for e in recent]
    return InlineKeyboardMarkup(rows)


def item_card(inspection_id: int, item: Item, first: bool) -> InlineKeyboardMarkup:
    verdicts = [
        _button(texts.BUTTON_RESULT[r.value], Callback(Action.RESULT, inspection_id, item.number, _RESULT_CODE[r]))
        for r in item.answers
    ]
    nav = [_button(texts.BUTTON_TOC, Callback(Action.TOC, inspection_id))]
    if not first:
        nav.insert(0, _button(texts.BUTTON_BACK, Callback(Action.NAV, inspection_id, item.number - 1)))
    return InlineKeyboardMarkup([verdicts, nav])


def keep_or_skip(inspection_id: int, number: int, field: str, has_old: bool, skippable: bool) -> InlineKeyboardMarkup | None:
    row = []
    if has_old:
        row.append(_button(texts.BUTTON_KEEP, Callback(Action.KEEP, inspection_id, number, field)))
    if skippable:
        row.append(_button(texts.BUTTON_SKIP, Callback(Action.SKIP, inspection_id, number)))
    return InlineKeyboardMarkup([row]) if row else None


def hazard(inspection_id: int, number: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(texts.BUTTON_HAZARD["一般"], Callback(Action.HAZARD, inspection_id, number, "g")),
        _button(texts.BUTTON_HAZARD["重大"], Callback(Action.HAZARD, inspection_id, number, "m")),
    ]])


def toc(inspection_id: int, checklist: Checklist, answers: Mapping[str, Answer]) -> InlineKeyboardMarkup:
    buttons = []
    for item in checklist.items:
        answer = answers.get(item.id)
        mark = texts.TOC_MARK[answer.result.value if answer else None]
        buttons.append(_button(f"{mark}{item.number}", Callback(Action.NAV, inspection_id, item.number)))
    rows = [buttons[i : i + TOC_COLUMNS] for i in range(0, len(buttons), TOC_COLUMNS)]
    return InlineKeyboardMarkup(rows)


def review(inspection_id: int, complete: bool) -> InlineKeyboardMarkup:
    rows = [[
        _button(texts.BUTTON_EDIT, Callback(Action.TOC, inspection_id)),
        _button(texts.BUTTON_PRINCIPAL, Callback(Action.PRINCIPAL, inspection_id)),
    ]]
    if complete:
        rows.insert(0, [_button(texts.BUTTON_SUBMIT, Callback(Action.SUBMIT, inspection_id))])
    return InlineKeyboardMarkup(rows)


def confirm_cancel(inspection_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(texts.BUTTON_CANCEL_YES, Callback(Action.CANCEL, inspection_id, arg="y")),
        _button(texts.BUTTON_CANCEL_NO, Callback(Action.CANCEL, inspection_id, arg="n")),
    ]])
