"""Domain objects of a filled checklist: what storage returns and the form prints.

They live beside the template model (not in `storage/`) because the form
renderer reads them and must not depend on how they are stored; `storage/`
builds them from rows and never lets a row escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from checklists.enterprise import Category, Guidance, Industry, Scale, guidance
from checklists.model import Checklist, Hazard, Result


class Status(str, Enum):
    """Life cycle of an inspection; only IN_PROGRESS ones accept answers."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    CANCELLED = "cancelled"


class DeliveryStatus(str, Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class User:
    """A Telegram user who has talked to the bot (only authorised ones are stored)."""

    id: int
    full_name: str
    username: str | None = None


@dataclass(frozen=True)
class Enterprise:
    """An enterprise of the roster; fields the roster does not know yet are None."""

    id: int
    name: str
    credit_code: str | None = None  # 统一社会信用代码
    town: str | None = None  # 所属乡镇
    industry: Industry | None = None  # 行业领域
    scale: Scale | None = None  # 规模
    category: Category | None = None  # 类别

    @property
    def guidance(self) -> Guidance | None:
        """Who guides it under seed 000 (see checklists.enterprise.guidance)."""
        return guidance(self.category, self.scale)


@dataclass(frozen=True)
class Position:
    """Where the inspector is in the conversation, kept in SQLite so a restart resumes.

    `step` is opaque to storage (the bot's state names); `item_id` is the item
    the step concerns, when it concerns one.
    """

    step: str
    item_id: str | None = None
    arg: str | None = None  # a sub-position: the ledger field being asked, say


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Inspection:
    id: int
    checklist: Checklist  # the snapshot taken at start, not the current YAML
    inspector: User
    status: Status
    started_at: datetime
    position: Position
    enterprise: Enterprise | None = None
    principal_name: str | None = None
    submitted_at: datetime | None = None
    location: Location | None = None


@dataclass(frozen=True)
class InspectionSummary:
    """One line of a history list: enough to find a form again, without
    parsing the inspection's checklist snapshot."""

    id: int
    checklist_title: str
    inspector: User
    status: Status
    started_at: datetime
    submitted_at: datetime | None = None
    enterprise_name: str | None = None


@dataclass(frozen=True)
class Answer:
    """The inspector's answer to one item; problem fields only for PROBLEM.

    `value` is what a non-verdict question type stored (plain JSON data: a
    number, text, ISO date, chosen options, ledger rows); its type reads it.
    """

    item_id: str
    result: Result
    value: Any = None
    problem: str | None = None
    advice: str | None = None
    hazard: Hazard | None = None
    deadline: date | None = None  # 整改时限, for the hazard campaign
    rectification: str | None = None  # 整改情况
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Photo:
    """Photo evidence; the bytes live in the media store under `sha256`."""

    id: int
    inspection_id: int
    item_id: str | None
    sha256: str
    size: int
    format: str  # Pillow's format name: JPEG, PNG, WEBP...
    width: int
    height: int
    received_at: datetime
    caption: str | None = None
    telegram_file_unique_id: str | None = None
    media_group_id: str | None = None


@dataclass(frozen=True)
class FilledInspection:
    """Everything the form needs, read from storage in one go."""

    inspection: Inspection
    answers: dict[str, Answer] = field(default_factory=dict)
    photos: tuple[Photo, ...] = ()

    def photos_of(self, item_id: str | None) -> tuple[Photo, ...]:
        return tuple(p for p in self.photos if p.item_id == item_id)


@dataclass(frozen=True)
class Delivery:
    """One outbox entry: a form owed to one chat, sent exactly once."""

    id: int
    inspection_id: int
    chat_id: int
    caption: str
    file_name: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    last_error: str | None = None
    message_id: int | None = None
    sent_at: datetime | None = None
