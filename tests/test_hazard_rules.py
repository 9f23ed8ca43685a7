"""Pure tests of the 整改时限 rules the inspection conversation uses."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, strategies as st

from checklists import hazard_rules as rules
from checklists.model import Hazard


def test_choices_are_ordered_short_ascii_codes() -> None:
    codes = [code for code, _label, _days in rules.DEADLINE_CHOICES]
    assert codes == ["0", "7", "15", "30"]
    assert [label for _c, label, _d in rules.DEADLINE_CHOICES][0] == "立即整改"
    assert all(code.isascii() and len(code) <= 2 for code in codes)


def test_default_by_level() -> None:
    day = date(2025, 3, 1)
    assert rules.default_deadline(Hazard.GENERAL, day) == date(2025, 3, 16)
    assert rules.default_deadline(Hazard.MAJOR, day) == date(2025, 3, 31)


def test_choice_to_date_and_forged_code() -> None:
    day = date(2025, 12, 30)
    assert rules.deadline_from_choice("0", day) == day
    assert rules.deadline_from_choice("7", day) == date(2026, 1, 6)
    assert rules.deadline_from_choice("99", day) is None


def test_check_deadline_edges() -> None:
    today = date(2025, 6, 1)
    assert rules.check_deadline(today, today) is None
    assert rules.check_deadline(today - timedelta(days=1), today) == rules.PAST
    assert rules.check_deadline(today + timedelta(days=366), today) is None
    assert rules.check_deadline(today + timedelta(days=367), today) == rules.TOO_FAR


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.sampled_from(list(Hazard)))
def test_defaults_and_choices_are_always_acceptable(day: date, level: Hazard) -> None:
    assert rules.check_deadline(rules.default_deadline(level, day), day) is None
    for code, _label, _days in rules.DEADLINE_CHOICES:
        found = rules.deadline_from_choice(code, day)
        assert found is not None and rules.check_deadline(found, day) is None
