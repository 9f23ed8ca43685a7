"""Conversation steps. The current one is stored with the inspection in SQLite
(`Position.step`), so a restart resumes exactly where the inspector was."""

from __future__ import annotations

from enum import Enum


class Step(str, Enum):
    ENTERPRISE = "enterprise"  # waiting for the enterprise name
    ITEM = "item"  # an item card is current; waiting for a verdict
    PROBLEM = "problem"  # waiting for the problem description
    ADVICE = "advice"  # waiting for the expert's advice, or skip
    HAZARD = "hazard"  # waiting for 一般 / 重大
    PRINCIPAL = "principal"  # waiting for the enterprise principal's name
    REVIEW = "review"  # summary shown; waiting for submit

    @classmethod
    def parse(cls, value: str) -> "Step":
        """Unknown stored values (a newer version's step) fall back to the card."""
        try:
            return cls(value)
        except ValueError:
            return cls.ITEM


# Steps during which a photo belongs to the current item.
ITEM_STEPS = frozenset({Step.ITEM, Step.PROBLEM, Step.ADVICE, Step.HAZARD})
