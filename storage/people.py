"""Users and enterprises: SQL and the mapping of their rows.

Functions here run inside a transaction the caller opened (see db.Database);
they never commit and never hand a row to anyone outside storage/.
"""

from __future__ import annotations

import sqlite3

import aiosqlite

from checklists import enterprise as enterprise_rules
from checklists.inspection import Enterprise, User
from storage import enterprises
from storage.db import execute, fetch_all, to_text, utcnow


def normalise_name(name: str) -> str:
    """Inspectors type the same company with stray or doubled blanks (often the
    full-width U+3000 of a Chinese IME) and either kind of bracket; one spelling
    must match the other (the roster's rule, checklists.enterprise)."""
    return enterprise_rules.normalise_name(name)


async def upsert_user(conn: aiosqlite.Connection, user: User) -> None:
    await execute(
        conn,
        """
        INSERT INTO users (id, full_name, username, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
            full_name = excluded.full_name,
            username = excluded.username,
            updated_at = excluded.updated_at
        """,
        (user.id, user.full_name, user.username, to_text(utcnow())),
    )


async def enterprise_by_name(conn: aiosqlite.Connection, name: str) -> Enterprise:
    cleaned = normalise_name(name)
    await execute(
        conn,
        "INSERT INTO enterprises (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (cleaned, to_text(utcnow())),
    )
    found = await enterprises.find(conn, cleaned)
    assert found is not None  # inserted or already there, under the write lock
    return found


async def recent_enterprises(conn: aiosqlite.Connection, user_id: int, limit: int) -> list[Enterprise]:
    rows = await fetch_all(
        conn,
        """
        SELECT e.id, e.name
        FROM inspections AS i JOIN enterprises AS e ON e.id = i.enterprise_id
        WHERE i.inspector_id = ?
        GROUP BY e.id
        ORDER BY max(i.started_at) DESC, max(i.id) DESC
        LIMIT ?
        """,
        (user_id, limit),
    )
    return [_enterprise(row) for row in rows]


def _enterprise(row: sqlite3.Row) -> Enterprise:
    return Enterprise(id=row["id"], name=row["name"])
