"""The frozen model of a checklist template: what the YAML becomes once validated.

A checklist is data passing through stages (YAML -> validate -> this model ->
renderers). The model is also what an inspection snapshots at its start, so a
later edit of the YAML never changes a form already under way or submitted:
`to_snapshot` / `from_snapshot` round-trip it through plain JSON types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any


class Result(str, Enum):
    """The three verdicts an inspector may give an item, in the form's wording."""

    OK = "符合"
    PROBLEM = "存在问题"
    NOT_APPLICABLE = "不涉及"
    ANSWERED = "已填写"  # a reading, choice, date, text or ledger: the value says what


class Hazard(str, Enum):
    """Hazard class of a problem, as the national 重大事故隐患判定标准 splits them."""

    GENERAL = "一般"
    MAJOR = "重大"


class Method(str, Enum):
    """How the inspector verifies an item: documents or the site."""

    DOCUMENTS = "查资料"
    SITE = "查现场"
    INQUIRY = "询问"


class PhotoPolicy(str, Enum):
    """Whether photo evidence is expected for an item (a hint to the inspector)."""

    OPTIONAL = "optional"
    EXPECTED = "expected"
    REQUIRED = "required"


ALL_RESULTS: tuple[Result, ...] = (Result.OK, Result.PROBLEM, Result.NOT_APPLICABLE)
VERDICT = "verdict"
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Item:
    """One row of the official table; `number` is its 序号 on the form.

    `type` names a question type of `checklists.questions`; `spec` holds that
    type's own settings (unit and range, options, ledger fields...) as plain
    JSON data, validated by the type when the template was loaded.
    """

    id: str
    number: int
    content: str
    evidence: str = ""
    methods: tuple[Method, ...] = ()
    answers: tuple[Result, ...] = ALL_RESULTS
    photo: PhotoPolicy = PhotoPolicy.OPTIONAL
    hint: str = ""
    type: str = VERDICT
    required: bool = False
    standard: str = ""  # clause of 工贸企业重大事故隐患判定标准 a problem here matches
    spec: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, hash=False)

    @property
    def label(self) -> str:
        """What a question is called where it is asked (a record field has its own)."""
        return self.content


@dataclass(frozen=True)
class Group:
    """A 项目名称 and the items it spans (a merged cell on the form)."""

    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    """A whole template: the form's title, its groups and their items."""

    id: str
    version: int
    title: str
    short_title: str
    groups: tuple[Group, ...]
    source: str = ""
    description: str = ""
    signatures: tuple[str, ...] = ("专家签字", "企业主要负责人签字")
    industries: tuple[str, ...] = ()  # 行业领域 it is meant for: offered first to those
    _by_id: dict[str, Item] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {item.id: item for group in self.groups for item in group.items}
        object.__setattr__(self, "_by_id", index)

    @property
    def items(self) -> tuple[Item, ...]:
        """All items in form order."""
        return tuple(item for group in self.groups for item in group.items)

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError names the id when it is unknown."""
        return self._by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def group_of(self, item_id: str) -> Group:
        """The group an item belongs to (its 项目名称)."""
        for group in self.groups:
            if any(item.id == item_id for item in group.items):
                return group
        raise KeyError(item_id)

    def to_snapshot(self) -> dict[str, Any]:
        """Plain JSON-able dict; the exact text the inspection was started with."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "short_title": self.short_title,
            "source": self.source,
            "description": self.description,
            "signatures": list(self.signatures),
            "industries": list(self.industries),
            "groups": [
                {"title": g.title, "items": [_item_to_dict(i) for i in g.items]}
                for g in self.groups
            ],
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Checklist:
        """Rebuild a checklist from `to_snapshot` output (trusted: written by us)."""
        groups = tuple(
            Group(title=g["title"], items=tuple(_item_from_dict(i) for i in g["items"]))
            for g in data["groups"]
        )
        return cls(
            id=data["id"],
            version=int(data["version"]),
            title=data["title"],
            short_title=data["short_title"],
            groups=groups,
            source=data.get("source", ""),
            description=data.get("description", ""),
            signatures=tuple(data.get("signatures", ("专家签字", "企业主要负责人签字"))),
            industries=tuple(data.get("industries", ())),
        )


def _item_to_dict(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "number": item.number,
        "content": item.content,
        "evidence": item.evidence,
        "methods": [m.value for m in item.methods],
        "answers": [r.value for r in item.answers],
        "photo": item.photo.value,
        "hint": item.hint,
        "type": item.type,
        "required": item.required,
        "standard": item.standard,
        "spec": dict(item.spec),
    }


def _item_from_dict(data: dict[str, Any]) -> Item:
    return Item(
        id=data["id"],
        number=int(data["number"]),
        content=data["content"],
        evidence=data["evidence"],
        methods=tuple(Method(m) for m in data.get("methods", ())),
        answers=tuple(Result(r) for r in data.get("answers", [r.value for r in ALL_RESULTS])),
        photo=PhotoPolicy(data.get("photo", PhotoPolicy.OPTIONAL.value)),
        hint=data.get("hint", ""),
        type=data.get("type", VERDICT),
        required=bool(data.get("required", False)),
        standard=data.get("standard", ""),
        spec=MappingProxyType(dict(data.get("spec", {}))),
    )
