"""Checklist templates: YAML -> validate -> frozen `Checklist`, and the catalog of them.

Templates are hand-edited by bureaus, so a broken one must be reported, never
half-loaded: every problem of every file is collected with file, line and field,
then raised as one `ChecklistError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from functools import partial
from pathlib import Path
from types import MappingProxyType

import yaml
from yaml.nodes import Node

from checklists.catalog import Catalog
from checklists.errors import ChecklistError, Problem
from checklists.model import (
    ALL_RESULTS,
    Checklist,
    Group,
    Item,
    Method,
    PhotoPolicy,
    Result,
)
from checklists.questions import registry
from checklists.yamlnodes import NodeReader, join, line_of

CHECKLIST_ID_MAX = 32  # "pick:<id>" must fit in 64 bytes of callback data
ITEM_ID_MAX = 24
TEXT_MAX = 1500  # content and evidence together must fit in one 4096-character message
DEFAULT_SIGNATURES = ("专家签字", "企业主要负责人签字")
_GROUP_TITLE_MAX = 100
_HINT_MAX = 300
_SIGNATURE_MAX = 50
_TOP_REQUIRED = ("id", "version", "title", "short_title", "groups")
_TOP_KEYS = (*_TOP_REQUIRED, "source", "description", "signatures", "industries")
_ITEM_REQUIRED = ("id", "content")
_ITEM_KEYS = (*_ITEM_REQUIRED, "evidence", "methods", "answers", "photo", "hint", "type", "required", "standard")
_STANDARD_MAX = 40
_INDUSTRY_MAX = 20
_Reader = Callable[[Node, str], object]


class _Verdicts(Enum):
    """The verdicts a template may offer (已填写 belongs to the other types)."""

    OK = Result.OK.value
    PROBLEM = Result.PROBLEM.value
    NOT_APPLICABLE = Result.NOT_APPLICABLE.value


_VERDICTS = _Verdicts


def _read_fields(
    values: dict[str, Node], field: str, readers: dict[str, tuple[_Reader, object]]
) -> dict[str, object]:
    """Each key read by its reader where present, else its default (None if required)."""
    return {
        key: reader(values[key], join(field, key)) if key in values else default
        for key, (reader, default) in readers.items()
    }


def _item(
    r: NodeReader, node: Node, field: str, number: int
) -> tuple[Item | None, Node | None, str | None]:
    """The item (None if anything is wrong), its id node and its id if valid.

    The id comes back even for a broken item, so a duplicate id is still reported.
    """
    before = len(r.problems)
    values = r.mapping(node, field, (*_ITEM_KEYS, *registry.all_keys()), _ITEM_REQUIRED)
    if values is None:
        return None, None, None
    kind = registry.read_type(r, values, field)
    if kind is not None and kind.evidence_required and "evidence" not in values:
        r.fail_missing(field, "evidence", values)
    fields = _read_fields(values, field, {
        "id": (partial(r.slug, limit=ITEM_ID_MAX, code="bad-item-id"), None),
        "content": (partial(r.text, limit=TEXT_MAX), None),
        "evidence": (partial(r.text, limit=TEXT_MAX), ""),
        "methods": (partial(r.choices, enum=Method, allow_empty=True), ()),
        "answers": (partial(r.choices, enum=_VERDICTS, allow_empty=False), ALL_RESULTS),
        "photo": (partial(r.choice, enum=PhotoPolicy), PhotoPolicy.OPTIONAL),
        "hint": (partial(r.text, limit=_HINT_MAX), ""),
        "required": (r.flag, False),
        "standard": (partial(r.text, limit=_STANDARD_MAX), ""),
    })  # fmt: skip
    if isinstance(fields["answers"], tuple):
        fields["answers"] = tuple(Result(a.value) for a in fields["answers"])
    spec = registry.read_spec(r, kind, values, field) if kind is not None else None
    id_node = values.get("id")
    item_id = fields["id"] if isinstance(fields["id"], str) else None
    if len(r.problems) > before or kind is None or spec is None:
        return None, id_node, item_id
    item = Item(number=number, type=kind.name, spec=MappingProxyType(spec), **fields)  # type: ignore[arg-type]
    return item, id_node, item_id


def _group(
    r: NodeReader, node: Node, field: str, first: int, seen: dict[str, str]
) -> tuple[Group | None, int]:
    """One group, its items numbered from `first`; returns how many item entries it had."""
    values = r.mapping(node, field, ("title", "items"), ("title", "items"))
    if values is None:
        return None, 0
    title_node, items_node = values.get("title"), values.get("items")
    title = None
    if title_node is not None:
        title = r.text(title_node, f"{field}.title", _GROUP_TITLE_MAX)
    entries = None if items_node is None else r.sequence(items_node, f"{field}.items")
    if entries == [] and items_node is not None:
        r.fail(items_node, f"{field}.items", "no-items", "a group needs items")
    items: list[Item] = []
    for index, entry in enumerate(entries or ()):
        path = f"{field}.items[{index}]"
        item, id_node, item_id = _item(r, entry, path, first + index)
        if id_node is None or item_id is None:
            continue
        if item_id in seen:
            r.fail(
                id_node,
                f"{path}.id",
                "duplicate-item-id",
                f"item id {item_id!r} is already used by {seen[item_id]}",
            )
        else:
            seen[item_id] = f"{path} (line {line_of(id_node)})"
            if item is not None:
                items.append(item)
    group = Group(title=title, items=tuple(items)) if title is not None else None
    return group, len(entries or ())


def _groups(r: NodeReader, node: Node, field: str) -> tuple[Group, ...] | None:
    """All groups; items are numbered (序号) 1..N in file order across groups."""
    entries = r.sequence(node, field)
    if entries is None:
        return None
    if not entries:
        r.fail(node, field, "no-items", "a checklist needs at least one group")
    groups: list[Group] = []
    seen: dict[str, str] = {}
    number = 1
    for index, entry in enumerate(entries):
        group, count = _group(r, entry, f"groups[{index}]", number, seen)
        number += count
        if group is not None:
            groups.append(group)
    return tuple(groups)


def _checklist(r: NodeReader, root: Node) -> tuple[Checklist, int] | None:
    """The checklist and the line of its `id`, or None when the file has problems."""
    values = r.mapping(root, "", _TOP_KEYS, _TOP_REQUIRED)
    if values is None:
        return None
    fields = _read_fields(values, "", {
        "id": (partial(r.slug, limit=CHECKLIST_ID_MAX, code="bad-checklist-id"), None),
        "version": (partial(r.positive_int, code="bad-version"), None),
        "title": (partial(r.text, limit=200), None),
        "short_title": (partial(r.text, limit=24), None),
        "source": (partial(r.text, limit=200), ""),
        "description": (partial(r.text, limit=500), ""),
        "signatures": (partial(r.texts, limit=_SIGNATURE_MAX), DEFAULT_SIGNATURES),
        "industries": (partial(r.texts, limit=_INDUSTRY_MAX), ()),
        "groups": (partial(_groups, r), None),
    })  # fmt: skip
    if r.problems:
        return None
    return Checklist(**fields), line_of(values["id"])  # type: ignore[arg-type]


def _syntax_problem(exc: yaml.YAMLError, text: str, source: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line: int | None = mark.line + 1
        parts = (getattr(exc, "context", None), getattr(exc, "problem", None))
        message = ", ".join(p for p in parts if p) or "malformed document"
    else:  # a ReaderError (forbidden character) carries only a character position
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        message = str(exc).splitlines()[0]
    return Problem(source, line, "", "yaml-syntax", f"invalid YAML: {message}")


def _error(source: str, line: int | None, code: str, message: str) -> ChecklistError:
    """A one-problem error, for a file that cannot even be walked."""
    return ChecklistError([Problem(source, line, "", code, message)])


def _parse(text: str, source: str) -> tuple[Checklist, int]:
    """The checklist and the line of its `id` (to locate a clash between files)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ChecklistError([_syntax_problem(exc, text, source)]) from None
    if root is None:
        raise _error(
            source, 1, "not-a-mapping", "the file is empty; expected a checklist"
        )
    reader = NodeReader(source)
    result = _checklist(reader, root)
    if result is None:  # report in file order, as an editor shows the file
        raise ChecklistError(sorted(reader.problems, key=lambda p: p.line or 0))
    return result


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(
            str(path), None, "unreadable-file", f"cannot read: {exc.strerror}"
        ) from None
    try:
        return data.decode("utf-8-sig")  # tolerate the BOM that Windows editors add
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _error(str(path), line, "unreadable-file", "not UTF-8 text") from None


def load_text(text: str, source: str) -> Checklist:
    """Validate one template's YAML text; `source` names it in problems."""
    return _parse(text, source)[0]


def load_file(path: Path) -> Checklist:
    """Validate one template file."""
    return _parse(_read(path), str(path))[0]


def builtin_dir() -> Path:
    """The templates shipped inside the package."""
    return Path(__file__).resolve().parent / "templates"


def _template_files(directory: Path) -> list[Path]:
    # Dot files are editor backups and lock files, never templates.
    found = [*directory.glob("*.yaml"), *directory.glob("*.yml")]
    return sorted(p for p in found if p.is_file() and not p.name.startswith("."))


def _catalog_files(extra_dirs: Sequence[Path], problems: list[Problem]) -> list[Path]:
    """Built-in files then each extra folder's, sorted, each file once."""
    files = _template_files(builtin_dir())
    for directory in map(Path, extra_dirs):
        if directory.is_dir():
            files += _template_files(directory)
        else:
            message = (
                f"checklist folder '{directory}' does not exist or is not a folder"
            )
            problems.append(Problem(str(directory), None, "", "missing-dir", message))
    unique: dict[Path, Path] = {}
    for path in files:  # the same folder given twice is not a clash with itself
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_catalog(extra_dirs: Sequence[Path] = ()) -> Catalog:
    """All templates; one ChecklistError lists the problems of every file together."""
    problems: list[Problem] = []
    loaded: dict[str, tuple[Checklist, str]] = {}
    for path in _catalog_files(extra_dirs, problems):
        try:
            checklist, line = _parse(_read(path), str(path))
        except ChecklistError as exc:
            problems += exc.problems
            continue
        if checklist.id in loaded:
            message = f"checklist id {checklist.id!r} is already defined in {loaded[checklist.id][1]}"
            problems.append(
                Problem(str(path), line, "id", "duplicate-checklist-id", message)
            )
        else:
            loaded[checklist.id] = (checklist, f"{path}:{line}")
    if problems:
        raise ChecklistError(problems)
    return Catalog(checklist for checklist, _ in loaded.values())
