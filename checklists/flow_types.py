"""The vocabulary of the conversation: its steps, the events that move it, and
what the flow answers. Kept apart from the table so the bot's callback data
and the ledger sub-flow can name them without importing the rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from checklists.inspection import Answer, Position


class Step(str, Enum):
    """Where the inspector is; stored as `Position.step` (values are stable)."""

    ENTERPRISE = "enterprise"  # waiting for the enterprise name
    ITEM = "item"  # an item's question is shown
    PROBLEM = "problem"  # describe the problem
    LEVEL = "hazard"  # 一般 / 重大
    DEADLINE = "deadline"  # 整改时限: quick choices
    DEADLINE_DATE = "deadline-date"  # 整改时限: typing a date
    ADVICE = "advice"  # 专家建议, or skip
    RECORDS = "records"  # a ledger's records: add, edit, delete, finish
    FIELD = "record-field"  # one field of the record being typed (Position.arg: its index)
    PRINCIPAL = "principal"  # the enterprise principal's name
    REVIEW = "review"  # summary shown; submit

    @classmethod
    def parse(cls, value: str) -> Step:
        """Unknown stored values (a newer version's step) fall back to the card."""
        try:
            return cls(value)
        except ValueError:
            return cls.ITEM


class Kind(str, Enum):
    """What happened. Tap kinds double as callback-data action codes."""

    ENTERPRISE = "en"  # an enterprise chosen (by button or by name)
    OPTION = "op"  # an option of the question shown (arg: the option's code)
    NA = "na"  # 不涉及, for a question other than a verdict
    KEEP = "kp"  # keep what was stored (problem, advice, deadline, ledger field)
    SKIP = "sk"  # skip an optional answer (advice, a ledger field)
    LEVEL = "lv"  # arg: g (一般) / m (重大)
    DEADLINE = "dl"  # arg: a quick-choice code of hazard_rules, or k (keep)
    CUSTOM = "dc"  # type the deadline as a date
    REC_ADD = "ra"
    REC_EDIT = "re"  # arg: row-rev
    REC_DEL = "rd"  # arg: row-rev
    REC_DONE = "rf"  # arg: rev
    REC_DROP = "rx"  # abandon the record being typed
    IMPORT = "im"  # rows of an .xlsx ledger (not a tap)
    NAV = "nv"  # show item N
    TOC = "tc"  # list of items
    PRINCIPAL = "pr"  # change the principal's name
    SUBMIT = "sb"
    RESUME = "rm"  # show the current question again
    TEXT = "tx"  # typed text (not a tap)


class Go(str, Enum):
    """Targets that depend on the answer rather than being a fixed step."""

    NEXT = "next"  # the next open item, else principal, else review
    BY_TYPE = "by-type"  # what the question type says (see questions.base.Then)
    RECORDS = "records"  # the ledger, or the field of its unfinished record
    FIELD_NEXT = "field-next"  # the next field, or back to the ledger when the record is done
    SAME = "same"  # stay; show again
    SUBMIT = "submit"


@dataclass(frozen=True)
class Event:
    kind: Kind
    item: int = 0  # the item number a tap was shown for
    arg: str = ""
    text: str = ""
    enterprise_id: int | None = None
    rows: tuple[dict[str, object], ...] = ()  # Kind.IMPORT: parsed ledger rows


class Status(str, Enum):
    OK = "ok"
    STALE = "stale"  # a tap for something no longer shown: change nothing
    REFUSED = "refused"  # input not accepted: say why, change nothing


@dataclass(frozen=True)
class Outcome:
    status: Status = Status.OK
    position: Position | None = None  # None: stay where it is
    answer: Answer | None = None  # to store with the position, in one transaction
    principal: str | None = None
    enterprise_id: int | None = None
    submit: bool = False
    show_toc: bool = False
    code: str = ""  # a reason (refused) or remark (ok) the bot words
    message: str = ""  # a reason already worded by a question type
    note: str = ""  # what was recorded, shown to the inspector
    length: int = 0

    @classmethod
    def stale(cls) -> Outcome:
        return cls(Status.STALE)

    @classmethod
    def refused(cls, code: str = "", message: str = "", length: int = 0) -> Outcome:
        return cls(Status.REFUSED, code=code, message=message, length=length)

    @classmethod
    def move(cls, position: Position, code: str = "") -> Outcome:
        return cls(position=position, code=code)
