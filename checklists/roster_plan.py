"""Matching an imported roster to the stored one: pure, so every rule about
re-importing (update, never duplicate, never rename one company onto
another) is tested without a database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checklists.enterprise import clean_name
from checklists.roster import CODE, NAME, RosterProblem, RosterRow



@dataclass(frozen=True)
class Known:
    """An enterprise already stored, as far as matching an import needs."""

    id: int
    name: str
    credit_code: str | None


@dataclass(frozen=True)
class ImportPlan:
    """What a clean sheet does to the stored roster; `problems` empty or nothing is done."""

    updates: tuple[tuple[int, RosterRow], ...] = ()
    inserts: tuple[RosterRow, ...] = ()
    problems: tuple[RosterProblem, ...] = ()


def plan_import(rows: Sequence[RosterRow], known: Sequence[Known]) -> ImportPlan:
    """Match each row to a stored enterprise by credit code, else by name.

    Re-importing must update, never duplicate, and never rename one company
    onto another: a row whose code and name point at two different stored
    enterprises, or two rows that reach the same one, are reported instead.
    """
    by_code = {k.credit_code: k for k in known if k.credit_code}
    # Names stored before today's spelling rule (e.g. half-width brackets) still
    # match, unless another enterprise already has the canonical spelling.
    by_name = {clean_name(k.name): k for k in known}
    by_name.update({k.name: k for k in known if k.name == clean_name(k.name)})
    updates: list[tuple[int, RosterRow]] = []
    inserts: list[RosterRow] = []
    problems: list[RosterProblem] = []
    claimed: dict[int, int] = {}
    for row in rows:
        coded = by_code.get(row.credit_code) if row.credit_code else None
        named = by_name.get(row.name)
        if coded and named and coded.id != named.id:
            problems.append(RosterProblem(row.row, CODE, (
                f"该代码已属于“{coded.name}”，而名称“{row.name}”是另一家已登记的企业")))
            continue
        target = coded or named
        if target is None:
            inserts.append(row)
            continue
        first = claimed.setdefault(target.id, row.row)
        if first != row.row:
            problems.append(RosterProblem(row.row, NAME, f"与第{first}行指向同一家已登记的企业“{target.name}”"))
            continue
        updates.append((target.id, row))
    if problems:
        return ImportPlan(problems=tuple(problems))
    return ImportPlan(updates=tuple(updates), inserts=tuple(inserts))
