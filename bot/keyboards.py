"""Inline keyboards, built by pure functions from domain objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import CANCEL, PICK, Callback, tap
from checklists.flow_types import Kind
from checklists.hazard_rules import DEADLINE_CHOICES
from checklists.inspection import Answer, Enterprise
from checklists.model import Checklist, Item
from checklists.questions.base import Option

TOC_COLUMNS = 5
OPTIONS_PER_ROW = 3
ROW_BUTTONS_MAX = 20  # ledger rows listed with their own edit/delete buttons


def _button(text: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text[:64], callback_data=callback.pack())


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def checklist_picker(checklists: Sequence[Checklist], enterprise_id: int = 0) -> InlineKeyboardMarkup:
    """One button per checklist; an enterprise named with /new travels with the choice."""
    rows = [[_button(c.short_title, Callback(PICK, item=enterprise_id, arg=c.id))] for c in checklists]
    return InlineKeyboardMarkup(rows)


def resume(inspection_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CONTINUE_BUTTON, tap(Kind.RESUME, inspection_id))]])


def enterprises(inspection_id: int, found: Sequence[Enterprise]) -> InlineKeyboardMarkup | None:
    if not found:
        return None
    rows = [[_button(e.name[:60], tap(Kind.ENTERPRISE, inspection_id, e.id))] for e in found]
    return InlineKeyboardMarkup(rows)


def enterprise_matches(inspection_id: int, found: Sequence[Enterprise], new_label: str) -> InlineKeyboardMarkup:
    """Close matches of a typed name, and the typed name itself as a new enterprise."""
    rows = [[_button(e.name[:60], tap(Kind.ENTERPRISE, inspection_id, e.id))] for e in found]
    rows.append([_button(new_label, tap(Kind.ENTERPRISE, inspection_id, 0))])
    return InlineKeyboardMarkup(rows)


def item_card(
    inspection_id: int, item: Item, options: Sequence[Option], first: bool, na: bool
) -> InlineKeyboardMarkup:
    """The question's own options, 不涉及 where it applies, then navigation."""
    buttons = [_button(o.label, tap(Kind.OPTION, inspection_id, item.number, o.code)) for o in options]
    width = OPTIONS_PER_ROW if len(buttons) != 4 else 2
    rows = _rows(buttons, width)
    if na:
        rows.append([_button(texts.BUTTON_NA, tap(Kind.NA, inspection_id, item.number))])
    nav = [_button(texts.BUTTON_TOC, tap(Kind.TOC, inspection_id))]
    if not first:
        nav.insert(0, _button(texts.BUTTON_BACK, tap(Kind.NAV, inspection_id, item.number - 1)))
    return InlineKeyboardMarkup([*rows, nav])


def keep_or_skip(inspection_id: int, number: int, has_old: bool, skippable: bool) -> InlineKeyboardMarkup | None:
    row = []
    if has_old:
        row.append(_button(texts.BUTTON_KEEP, tap(Kind.KEEP, inspection_id, number)))
    if skippable:
        row.append(_button(texts.BUTTON_SKIP, tap(Kind.SKIP, inspection_id, number)))
    return InlineKeyboardMarkup([row]) if row else None


def hazard(inspection_id: int, number: int, major_first: bool) -> InlineKeyboardMarkup:
    general = _button(texts.BUTTON_HAZARD["一般"], tap(Kind.LEVEL, inspection_id, number, "g"))
    major = _button(texts.BUTTON_HAZARD["重大"], tap(Kind.LEVEL, inspection_id, number, "m"))
    return InlineKeyboardMarkup([[major, general] if major_first else [general, major]])


def deadline(inspection_id: int, number: int, default_code: str | None, has_old: bool) -> InlineKeyboardMarkup:
    """Quick choices (the default marked), a typed date, or keep the stored one."""
    buttons = [
        _button(label + (texts.DEFAULT_MARK if code == default_code else ""),
                tap(Kind.DEADLINE, inspection_id, number, code))
        for code, label, _ in DEADLINE_CHOICES
    ]
    rows = _rows(buttons, 2)
    last = [_button(texts.BUTTON_CUSTOM_DATE, tap(Kind.CUSTOM, inspection_id, number))]
    if has_old:
        last.insert(0, _button(texts.BUTTON_KEEP, tap(Kind.DEADLINE, inspection_id, number, "k")))
    return InlineKeyboardMarkup([*rows, last])


def records(inspection_id: int, number: int, rows: int, rev: int) -> InlineKeyboardMarkup:
    """Edit or delete each listed record, add one, finish the ledger."""
    listed = []
    for row in range(min(rows, ROW_BUTTONS_MAX)):
        arg = f"{row}-{rev}"
        listed += [
            _button(texts.BUTTON_REC_EDIT.format(n=row + 1), tap(Kind.REC_EDIT, inspection_id, number, arg)),
            _button(texts.BUTTON_REC_DEL.format(n=row + 1), tap(Kind.REC_DEL, inspection_id, number, arg)),
        ]
    last = [_button(texts.BUTTON_REC_ADD, tap(Kind.REC_ADD, inspection_id, number))]
    if rows:
        last.append(_button(texts.BUTTON_REC_DONE, tap(Kind.REC_DONE, inspection_id, number, str(rev))))
    nav = [_button(texts.BUTTON_TOC, tap(Kind.TOC, inspection_id))]
    return InlineKeyboardMarkup([*_rows(listed, 4), last, nav])


def record_field(
    inspection_id: int, number: int, index: int, options: Sequence[Option], keep: bool, skip: bool
) -> InlineKeyboardMarkup:
    """A ledger field's options; each button names the field it was shown for."""
    buttons = [_button(o.label, tap(Kind.OPTION, inspection_id, number, f"{index}-{o.code}")) for o in options]
    rows = _rows(buttons, OPTIONS_PER_ROW)
    extra = []
    if keep:
        extra.append(_button(texts.BUTTON_KEEP, tap(Kind.KEEP, inspection_id, number, str(index))))
    if skip:
        extra.append(_button(texts.BUTTON_SKIP, tap(Kind.SKIP, inspection_id, number, str(index))))
    extra.append(_button(texts.BUTTON_REC_DROP, tap(Kind.REC_DROP, inspection_id, number, str(index))))
    return InlineKeyboardMarkup([*rows, extra])


def toc(inspection_id: int, checklist: Checklist, answers: Mapping[str, Answer],
        done: Mapping[str, bool]) -> InlineKeyboardMarkup:
    buttons = []
    for item in checklist.items:
        answer = answers.get(item.id)
        key = answer.result.value if answer and done.get(item.id) else (texts.TOC_PARTIAL if answer else None)
        buttons.append(_button(f"{texts.TOC_MARK[key]}{item.number}", tap(Kind.NAV, inspection_id, item.number)))
    return InlineKeyboardMarkup(_rows(buttons, TOC_COLUMNS))


def review(inspection_id: int, complete: bool) -> InlineKeyboardMarkup:
    """Submit only when complete; otherwise one button to the first open item."""
    rows = [[
        _button(texts.BUTTON_EDIT, tap(Kind.TOC, inspection_id)),
        _button(texts.BUTTON_PRINCIPAL, tap(Kind.PRINCIPAL, inspection_id)),
    ]]
    first = (texts.BUTTON_SUBMIT, tap(Kind.SUBMIT, inspection_id)) if complete else (
        texts.BUTTON_CONTINUE_OPEN, tap(Kind.SUBMIT, inspection_id))
    rows.insert(0, [_button(*first)])
    return InlineKeyboardMarkup(rows)


def confirm_cancel(inspection_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(texts.BUTTON_CANCEL_YES, Callback(CANCEL, inspection_id, arg="y")),
        _button(texts.BUTTON_CANCEL_NO, Callback(CANCEL, inspection_id, arg="n")),
    ]])



