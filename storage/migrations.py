"""Numbered schema migrations; the schema version lives in `PRAGMA user_version`.

MIGRATIONS[n - 1] takes a database from version n - 1 to n. A migration is
never edited once released: change the schema by appending a new one. Each
runs in its own transaction together with the version bump, so a crash
mid-way leaves the previous version intact and the next start retries it.

Enumerations are CHECK constraints so a bug cannot store a value the domain
enums would refuse to read back; times are UTC ISO-8601 text (see db.to_text).
"""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from storage import enterprise_schema, hazard_schema, outbox_schema, report_schema
from storage.errors import SchemaTooNew

_V1 = (
    """
    CREATE TABLE users (
        id          INTEGER PRIMARY KEY,          -- Telegram user id
        full_name   TEXT NOT NULL,
        username    TEXT,
        updated_at  TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE enterprises (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE CHECK (name <> ''),  -- whitespace-normalised
        created_at  TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE inspections (
        id                  INTEGER PRIMARY KEY,
        checklist_id        TEXT NOT NULL,
        checklist_version   INTEGER NOT NULL,
        checklist_snapshot  TEXT NOT NULL,        -- Checklist.to_snapshot() as JSON
        inspector_id        INTEGER NOT NULL REFERENCES users (id),
        enterprise_id       INTEGER REFERENCES enterprises (id),
        status              TEXT NOT NULL DEFAULT 'in_progress'
                            CHECK (status IN ('in_progress', 'submitted', 'cancelled')),
        started_at          TEXT NOT NULL,
        submitted_at        TEXT,
        cancelled_at        TEXT,
        principal_name      TEXT,
        step                TEXT NOT NULL,        -- the bot's state name, opaque here
        step_item_id        TEXT,
        latitude            REAL CHECK (latitude BETWEEN -90 AND 90),
        longitude           REAL CHECK (longitude BETWEEN -180 AND 180),
        CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
    )
    """,
    # One inspection in progress per inspector, even against racing updates.
    """
    CREATE UNIQUE INDEX inspections_one_in_progress
        ON inspections (inspector_id) WHERE status = 'in_progress'
    """,
    # recent_enterprises: this inspector's inspections that name an enterprise.
    """
    CREATE INDEX inspections_by_inspector
        ON inspections (inspector_id, enterprise_id, started_at)
    """,
    """
    CREATE TABLE answers (
        inspection_id   INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
        item_id         TEXT NOT NULL,
        result          TEXT NOT NULL CHECK (result IN ('符合', '存在问题', '不涉及')),
        problem         TEXT,
        advice          TEXT,
        hazard          TEXT CHECK (hazard IN ('一般', '重大')),
        deadline        TEXT,                     -- ISO date
        rectification   TEXT,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (inspection_id, item_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE photos (
        id              INTEGER PRIMARY KEY,      -- also the order photos arrived in
        inspection_id   INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
        item_id         TEXT,                     -- NULL: about the site in general
        sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
        size            INTEGER NOT NULL CHECK (size > 0),
        format          TEXT NOT NULL CHECK (format <> ''),
        width           INTEGER NOT NULL CHECK (width > 0),
        height          INTEGER NOT NULL CHECK (height > 0),
        caption         TEXT,
        file_unique_id  TEXT,
        media_group_id  TEXT,
        received_at     TEXT NOT NULL
    )
    """,
    # The same picture twice on the same item is one photo (NULL item included).
    """
    CREATE UNIQUE INDEX photos_once_per_item
        ON photos (inspection_id, ifnull(item_id, ''), sha256)
    """,
    """
    CREATE TABLE deliveries (
        id               INTEGER PRIMARY KEY,
        inspection_id    INTEGER NOT NULL REFERENCES inspections (id),
        chat_id          INTEGER NOT NULL,
        caption          TEXT NOT NULL,
        file_name        TEXT NOT NULL,
        status           TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sent', 'failed')),
        attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at  TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        last_error       TEXT,
        message_id       INTEGER,
        sent_at          TEXT,
        UNIQUE (inspection_id, chat_id),          -- a form goes to a chat once
        CHECK ((status = 'sent') = (message_id IS NOT NULL AND sent_at IS NOT NULL))
    )
    """,
    """
    CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'
    """,
)

# Question types beyond the verdict: an answer may carry a typed value (JSON
# written by its question type) and the result '已填写' (answered with a
# value). SQLite cannot alter a CHECK, so the table is rebuilt with every row
# kept; step_arg holds the flow's sub-position (a record field, a record).
_V2 = (
    "ALTER TABLE inspections ADD COLUMN step_arg TEXT",
    """
    CREATE TABLE answers_v2 (
        inspection_id   INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
        item_id         TEXT NOT NULL,
        result          TEXT NOT NULL CHECK (result IN ('符合', '存在问题', '不涉及', '已填写')),
        value           TEXT CHECK (value IS NULL OR json_valid(value)),
        problem         TEXT,
        advice          TEXT,
        hazard          TEXT CHECK (hazard IN ('一般', '重大')),
        deadline        TEXT,                     -- ISO date
        rectification   TEXT,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (inspection_id, item_id)
    ) WITHOUT ROWID
    """,
    """
    INSERT INTO answers_v2 (inspection_id, item_id, result, problem, advice, hazard,
                            deadline, rectification, updated_at)
    SELECT inspection_id, item_id, result, problem, advice, hazard, deadline, rectification, updated_at
    FROM answers
    """,
    "DROP TABLE answers",
    "ALTER TABLE answers_v2 RENAME TO answers",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    _V1,
    _V2,
    enterprise_schema.MIGRATION,  # roster fields; the name a submitted form was signed with
    hazard_schema.MIGRATION,  # the hazard register (隐患闭环): hazards, events, invites, reminders
    outbox_schema.MIGRATION,  # one delivery per chat per document (.xlsx and PDF)
    report_schema.MIGRATION,  # reports: supervisor-entered numbers, the report outbox, report indexes
)
LATEST = len(MIGRATIONS)


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


def refuse_newer(db_path: Path, found: int) -> None:
    """A newer release may have changed meanings this code would misread."""
    if found > LATEST:
        raise SchemaTooNew(db_path, found, LATEST)


async def migrate(conn: aiosqlite.Connection, db_path: Path) -> None:
    """Bring the database up to LATEST, one committed step per migration."""
    for version, statements in enumerate(MIGRATIONS, start=1):
        await _apply(conn, db_path, version, statements)


async def _apply(conn: aiosqlite.Connection, db_path: Path, version: int, statements: tuple[str, ...]) -> None:
    await _run(conn, "BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        found = await schema_version(conn)
        refuse_newer(db_path, found)
        if found >= version:
            await conn.rollback()
            return
        for statement in statements:
            await _run(conn, statement)
        # PRAGMA takes no bound parameters; `version` is our own int.
        await _run(conn, f"PRAGMA user_version = {int(version)}")
    except BaseException:
        await conn.rollback()
        raise
    await conn.commit()


async def _run(conn: aiosqlite.Connection, sql: str) -> None:
    async with conn.execute(sql):
        pass
