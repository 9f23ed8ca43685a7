"""What a question type is: one unit that knows its YAML keys, how it is asked,
how an answer is parsed and kept, and how it reads on screen and on the form.

The conversation (`checklists.flow`), the loader, storage and the renderers
only ever talk to a type through this interface, so a new kind of question is
one new module registered in `checklists.questions.registry`.
A type's user-facing wording (Chinese) lives in its own module: the type is
the unit, and its words change with it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, ClassVar, Protocol

from yaml.nodes import Node

from checklists.inspection import Answer
from checklists.model import Result
from checklists.yamlnodes import NodeReader

NOTE_LIMIT = 32_767  # what one spreadsheet cell holds: longer is refused whole


class Question(Protocol):
    """An item, or a field of a ledger: what a type needs to ask it."""

    @property
    def type(self) -> str: ...
    @property
    def spec(self) -> Mapping[str, Any]: ...
    @property
    def label(self) -> str: ...


class Then(str, Enum):
    """Where an accepted input leads; the flow's table maps it to a step."""

    NEXT = "next"  # the question is answered
    STAY = "stay"  # kept, but the question is still open (a multiple choice)
    PROBLEM = "problem"  # a verdict of 存在问题: describe it
    RECORDS = "records"  # a ledger: go to its records


@dataclass(frozen=True)
class Option:
    """A button of a question: `code` travels in callback data (short ASCII)."""

    code: str
    label: str
    selected: bool = False


@dataclass(frozen=True)
class Parsed:
    """The outcome of an input: a value to keep, or a polite reason it was refused."""

    value: Any = None
    result: Result = Result.ANSWERED
    then: Then = Then.NEXT
    error: str | None = None

    @classmethod
    def refuse(cls, reason: str) -> Parsed:
        return cls(error=reason)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def plain(message: str) -> str:
    """A type's HTML message as plain text, for a toast or a spreadsheet problem list."""
    return html.unescape(re.sub(r"<[^>]+>", "", message))


def normalise(text: str) -> str:
    """Full-width digits and punctuation from Chinese keyboards become ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


class QuestionType:
    """Base of every type. Subclasses set `name` and override what differs."""

    name: ClassVar[str]
    keys: ClassVar[tuple[str, ...]] = ()  # YAML keys of its own, beside the common ones
    evidence_required: ClassVar[bool] = False
    as_field: ClassVar[bool] = True  # may be a field of a `records` ledger
    takes_text: ClassVar[bool] = True  # typed text answers it

    def read_spec(self, r: NodeReader, values: dict[str, Node], field: str) -> dict[str, Any] | None:
        """Validate the type's own keys; problems go to `r`. None if any is wrong."""
        return {}

    def instruction(self, q: Question) -> str:
        """One line under the question saying what to send (HTML)."""
        raise NotImplementedError

    def options(self, q: Question, value: Any) -> tuple[Option, ...]:
        return ()

    def pick(self, q: Question, value: Any, code: str, today: date) -> Parsed:
        """A tap on one of `options`; an unknown code is a stale button."""
        return Parsed.refuse("stale")

    def parse(self, q: Question, text: str, today: date) -> Parsed:
        return Parsed.refuse(self.instruction(q))

    def is_complete(self, q: Question, answer: Answer) -> bool:
        """Answered for good: a half-made choice or a problem not yet classed is not."""
        return answer.result is Result.NOT_APPLICABLE or answer.value is not None

    def show(self, q: Question, value: Any) -> str:
        """The value as a person reads it (plain text, not HTML)."""
        return "" if value is None else str(value)
