"""The loaded checklists by id: what the bot offers at /new."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import MappingProxyType

from checklists.model import Checklist


class Catalog:
    """The loaded checklists by id, in load order; iterating yields the checklists."""

    __slots__ = ("_by_id",)

    def __init__(self, checklists: Iterable[Checklist] = ()) -> None:
        by_id: dict[str, Checklist] = {}
        for checklist in checklists:
            if checklist.id in by_id:
                raise ValueError(f"duplicate checklist id {checklist.id!r}")
            by_id[checklist.id] = checklist
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Catalog is immutable")

    def get(self, checklist_id: str) -> Checklist | None:
        return self._by_id.get(checklist_id)

    def __getitem__(self, checklist_id: str) -> Checklist:
        return self._by_id[checklist_id]

    def __contains__(self, checklist_id: object) -> bool:
        return checklist_id in self._by_id

    def __iter__(self) -> Iterator[Checklist]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def __repr__(self) -> str:
        return f"Catalog({list(self._by_id)!r})"
