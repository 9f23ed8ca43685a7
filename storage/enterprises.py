"""The enterprise roster: its schema step, SQL, and the mapping of its rows.

Functions here run inside a transaction the caller opened and never commit;
only `Enterprise` objects leave this module. Names are stored in the
canonical spelling of checklists.enterprise.clean_name, so UNIQUE (name)
is uniqueness "after trimming blanks and unifying brackets".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from checklists.enterprise import Category, Industry, Scale, clean_name
from checklists.inspection import Enterprise
from checklists.roster import RosterProblem, RosterRow
from checklists.roster_plan import ImportPlan, Known, plan_import
from storage.db import fetch_all, fetch_one, to_text


_FIELDS = "id, name, credit_code, town, industry, scale, category"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: counts, or the problems that stopped it (then nothing changed)."""

    added: int = 0
    updated: int = 0
    problems: tuple[RosterProblem, ...] = ()


async def get(conn: aiosqlite.Connection, enterprise_id: int) -> Enterprise | None:
    row = await fetch_one(conn, f"SELECT {_FIELDS} FROM enterprises WHERE id = ?", (enterprise_id,))
    return None if row is None else enterprise(row)


async def find(conn: aiosqlite.Connection, name: str) -> Enterprise | None:
    """By exact (canonical) name, without creating it."""
    row = await fetch_one(conn, f"SELECT {_FIELDS} FROM enterprises WHERE name = ?", (clean_name(name),))
    return None if row is None else enterprise(row)


async def search(conn: aiosqlite.Connection, text: str, limit: int) -> list[Enterprise]:
    """Names containing `text` (canonical spelling, ASCII case ignored): those
    starting with it first, then shorter names, so the likely one tops the list."""
    query = clean_name(text).lower()
    if len(query) < 2:
        return []
    rows = await fetch_all(
        conn,
        f"""
        SELECT {_FIELDS}, instr(lower(name), :q) AS at FROM enterprises
        WHERE at > 0
        ORDER BY at = 1 DESC, length(name), at, name
        LIMIT :limit
        """,
        {"q": query, "limit": limit},
    )
    return [enterprise(row) for row in rows]


async def roster(conn: aiosqlite.Connection) -> list[Enterprise]:
    rows = await fetch_all(conn, f"SELECT {_FIELDS} FROM enterprises ORDER BY town IS NULL, town, name")
    return [enterprise(row) for row in rows]


async def import_rows(conn: aiosqlite.Connection, rows: Sequence[RosterRow], now: datetime) -> ImportResult:
    """Apply a clean sheet in one statement batch; a conflict with what is stored
    (see plan_import) is returned as problems and nothing is written.

    A blank cell keeps what is stored (the sheet may lack a code the bot
    already has); 类别 is always the sheet's, blank meaning 其他工贸企业.
    """
    known = [Known(r["id"], r["name"], r["credit_code"])
             for r in await fetch_all(conn, "SELECT id, name, credit_code FROM enterprises")]
    plan: ImportPlan = plan_import(rows, known)
    if plan.problems:
        return ImportResult(problems=plan.problems)
    stamp = to_text(now)
    await conn.executemany(
        """
        UPDATE enterprises SET name = ?, credit_code = coalesce(?, credit_code), town = coalesce(?, town),
               industry = coalesce(?, industry), scale = coalesce(?, scale), category = ?, updated_at = ?
        WHERE id = ?
        """,
        [(*_values(row), stamp, enterprise_id) for enterprise_id, row in plan.updates],
    )
    await conn.executemany(
        """
        INSERT INTO enterprises (name, credit_code, town, industry, scale, category, updated_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [(*_values(row), stamp, stamp) for row in plan.inserts],
    )
    return ImportResult(added=len(plan.inserts), updated=len(plan.updates))


def _values(row: RosterRow) -> tuple[str | None, ...]:
    def value(member: Industry | Scale | Category | None) -> str | None:
        return None if member is None else member.value

    return (row.name, row.credit_code, row.town, value(row.industry), value(row.scale), value(row.category))


def enterprise(row: sqlite3.Row, id_column: str = "id", name_column: str = "name") -> Enterprise:
    """Map a row that has the _FIELDS columns (id and name possibly aliased)."""

    def enum(column: str, kind: type[Industry] | type[Scale] | type[Category]):  # noqa: ANN202
        return None if row[column] is None else kind(row[column])

    return Enterprise(
        id=row[id_column], name=row[name_column], credit_code=row["credit_code"], town=row["town"],
        industry=enum("industry", Industry), scale=enum("scale", Scale), category=enum("category", Category),
    )
