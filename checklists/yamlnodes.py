"""Typed reads of composed YAML nodes that record located problems instead of raising.

Validating nodes (not loaded Python objects) keeps every value's line and its
YAML type, so a quoted "1" and a bare 1 differ and every problem names a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checklists.errors import Problem

E = TypeVar("E", bound=Enum)

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_TYPE_NAMES = {
    _INT: "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    _NULL: "nothing",
    _STR: "text",
}


def line_of(node: Node) -> int:
    """1-based line where a node starts (yaml marks count from 0)."""
    return node.start_mark.line + 1


def join(field: str, key: str) -> str:
    """Dotted field path, e.g. `groups[2].items[0]` + `evidence`."""
    return f"{field}.{key}" if field else key


def kind(node: Node) -> str:
    """What a node is, in words, for messages like 'expected text, found a list'."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    name = _TYPE_NAMES.get(node.tag, f"a value tagged {node.tag}")
    return f"{name} ({node.value!r})" if node.value else name


class NodeReader:
    """Reads one file's nodes, collecting every problem rather than stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, node: Node, field: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.source, line_of(node), field, code, message))

    def mapping(
        self, node: Node, field: str, keys: Sequence[str], required: Sequence[str]
    ) -> dict[str, Node] | None:
        """The mapping's values by key; unknown, duplicate and missing keys are problems."""
        if not isinstance(node, MappingNode):
            self.fail(
                node, field, "not-a-mapping", f"expected a mapping, found {kind(node)}"
            )
            return None
        found: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.fail(
                    key,
                    field,
                    "wrong-type",
                    f"a key must be plain text, found {kind(key)}",
                )
                continue
            name, path = key.value, join(field, key.value)
            if name in key_lines:
                self.fail(
                    key,
                    path,
                    "duplicate-key",
                    f"key {name!r} already given on line {key_lines[name]}",
                )
            elif name not in keys:
                self.fail(
                    key,
                    path,
                    "unknown-key",
                    f"unknown key {name!r}; allowed: {', '.join(keys)}",
                )
            else:
                found[name] = value
            key_lines.setdefault(name, line_of(key))
        for name in required:
            if name not in key_lines:
                self.fail(
                    node,
                    join(field, name),
                    "missing-field",
                    f"missing required key {name!r}",
                )
        return found

    def sequence(self, node: Node, field: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.fail(node, field, "wrong-type", f"expected a list, found {kind(node)}")
            return None
        return list(node.value)

    def text(self, node: Node, field: str, limit: int) -> str | None:
        """A text stripped of surrounding whitespace only: inner characters are official wording."""
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            self.fail(node, field, "empty-text", "text is empty")
            return None
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            self.fail(
                node,
                field,
                "wrong-type",
                f"expected text, found {kind(node)}; quote it if it is text",
            )
            return None
        value = node.value.strip()
        if not value:
            self.fail(node, field, "empty-text", "text is empty")
            return None
        if len(value) > limit:
            self.fail(
                node,
                field,
                "text-too-long",
                f"text has {len(value)} characters, at most {limit} allowed",
            )
            return None
        return value

    def slug(self, node: Node, field: str, limit: int, code: str) -> str | None:
        """An id that travels in callback data and file names: short lowercase ASCII."""
        value = self.text(node, field, 10_000)
        if value is not None and (not SLUG.fullmatch(value) or len(value) > limit):
            self.fail(
                node,
                field,
                code,
                f"{value!r} is not a slug (lowercase a-z, 0-9 and '-', starting with a letter "
                f"or digit, at most {limit} characters)",
            )
            return None
        return value

    def positive_int(self, node: Node, field: str, code: str) -> int | None:
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.fail(
                node, field, code, f"expected a positive integer, found {kind(node)}"
            )
            return None
        number = int(yaml.constructor.SafeConstructor().construct_yaml_int(node))
        if number < 1:
            self.fail(node, field, code, f"expected a positive integer, found {number}")
            return None
        return number

    def number(self, node: Node, field: str) -> float | None:
        """An int or float bound (min, max): `0`, `20000`, `0.5`."""
        if not isinstance(node, ScalarNode) or node.tag not in (_INT, _FLOAT):
            self.fail(node, field, "bad-number", f"expected a number, found {kind(node)}")
            return None
        constructor = yaml.constructor.SafeConstructor()
        value = (constructor.construct_yaml_int if node.tag == _INT else constructor.construct_yaml_float)(node)
        if value != value or value in (float("inf"), float("-inf")):
            self.fail(node, field, "bad-number", "expected a finite number")
            return None
        return value

    def flag(self, node: Node, field: str) -> bool | None:
        """true / false."""
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            self.fail(node, field, "wrong-type", f"expected true or false, found {kind(node)}")
            return None
        return bool(yaml.constructor.SafeConstructor().construct_yaml_bool(node))

    def fail_missing(self, field: str, key: str, values: dict[str, Node]) -> None:
        """A key a type needs; located at the first line of the mapping that lacks it."""
        line = min((line_of(n) for n in values.values()), default=None)
        self.problems.append(Problem(self.source, line, join(field, key), "missing-field", f"missing required key {key!r}"))

    def choice(self, node: Node, field: str, enum: type[E]) -> E | None:
        """One enum member, named in the YAML by its value (e.g. 查现场)."""
        value = self.text(node, field, 100)
        if value is None:
            return None
        for member in enum:
            if member.value == value:
                return member
        allowed = ", ".join(str(m.value) for m in enum)
        self.fail(node, field, "bad-enum-value", f"{value!r} is not one of: {allowed}")
        return None

    def choices(
        self, node: Node, field: str, enum: type[E], allow_empty: bool
    ) -> tuple[E, ...] | None:
        """Distinct enum members in the order given; None when anything is wrong."""
        entries = self.sequence(node, field)
        if entries is None:
            return None
        before = len(self.problems)
        if not entries and not allow_empty:
            self.fail(
                node, field, "empty-list", "list is empty; name at least one value"
            )
        picked: list[E] = []
        for index, entry in enumerate(entries):
            member = self.choice(entry, f"{field}[{index}]", enum)
            if member is not None and member in picked:
                self.fail(
                    entry,
                    f"{field}[{index}]",
                    "duplicate-value",
                    f"{member.value!r} is listed twice",
                )
            elif member is not None:
                picked.append(member)
        return tuple(picked) if len(self.problems) == before else None

    def texts(self, node: Node, field: str, limit: int) -> tuple[str, ...] | None:
        """A list of texts; None when the list or any entry is wrong."""
        entries = self.sequence(node, field)
        if entries is None:
            return None
        values = [self.text(e, f"{field}[{i}]", limit) for i, e in enumerate(entries)]
        return tuple(v for v in values if v is not None) if None not in values else None
