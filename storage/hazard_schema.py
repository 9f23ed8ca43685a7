"""The hazard register's tables: one migration, appended to storage/migrations.py.

Kept here beside the SQL that uses it; like every migration it is never
edited once released. Statuses are ASCII codes with CHECK constraints
(storage/hazards.py maps them to hazard_flow.State). Nothing is deleted:
hazards and their events are the audit trail; numbers are never reused
because `hazard_years.last` only grows.
"""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE hazard_years (
        year  INTEGER PRIMARY KEY,
        last  INTEGER NOT NULL CHECK (last >= 0)
    )
    """,
    """
    CREATE TABLE hazards (
        id             INTEGER PRIMARY KEY,
        year           INTEGER NOT NULL,
        seq            INTEGER NOT NULL CHECK (seq > 0),
        inspection_id  INTEGER NOT NULL REFERENCES inspections (id),
        item_id        TEXT NOT NULL,
        item_number    INTEGER NOT NULL,
        item_content   TEXT NOT NULL,
        enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
        level          TEXT NOT NULL CHECK (level IN ('一般', '重大')),
        description    TEXT NOT NULL,
        advice         TEXT,
        found_by       INTEGER NOT NULL REFERENCES users (id),
        found_at       TEXT NOT NULL,
        deadline       TEXT NOT NULL,              -- ISO date, local
        responsible    TEXT,                       -- 整改责任人 at the enterprise
        status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'review', 'closed')),
        version        INTEGER NOT NULL DEFAULT 1, -- bumped with every event: stale buttons
        ext_reason     TEXT,                       -- a pending extension request
        ext_deadline   TEXT,
        ext_by         INTEGER,
        CHECK ((ext_reason IS NULL) = (ext_deadline IS NULL)),
        UNIQUE (year, seq),
        UNIQUE (inspection_id, item_id)
    )
    """,
    # The digest and the group's /hazards: open hazards, most overdue first.
    "CREATE INDEX hazards_open_by_deadline ON hazards (deadline, enterprise_id) WHERE status <> 'closed'",
    # An inspector's /hazards.
    "CREATE INDEX hazards_open_by_finder ON hazards (found_by, deadline) WHERE status <> 'closed'",
    # An enterprise's follow-up check and its state; a contact's list.
    "CREATE INDEX hazards_by_enterprise ON hazards (enterprise_id, status, deadline)",
    """
    CREATE TABLE hazard_events (
        id          INTEGER PRIMARY KEY,
        hazard_id   INTEGER NOT NULL REFERENCES hazards (id),
        at          TEXT NOT NULL,
        actor_id    INTEGER NOT NULL,
        actor_role  TEXT,                          -- staff / supervisor / contact; NULL: the system
        kind        TEXT NOT NULL,
        field       TEXT,
        old_value   TEXT,
        new_value   TEXT,
        note        TEXT
    )
    """,
    "CREATE INDEX hazard_events_by_hazard ON hazard_events (hazard_id, id)",
    """
    CREATE TABLE hazard_photos (
        id           INTEGER PRIMARY KEY,
        hazard_id    INTEGER NOT NULL REFERENCES hazards (id),
        sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
        size         INTEGER NOT NULL CHECK (size > 0),
        format       TEXT NOT NULL,
        width        INTEGER NOT NULL CHECK (width > 0),
        height       INTEGER NOT NULL CHECK (height > 0),
        added_by     INTEGER NOT NULL,
        event_id     INTEGER REFERENCES hazard_events (id),  -- NULL: still in a draft
        received_at  TEXT NOT NULL,
        UNIQUE (hazard_id, sha256)
    )
    """,
    """
    CREATE TABLE hazard_drafts (
        user_id     INTEGER PRIMARY KEY,
        hazard_id   INTEGER NOT NULL REFERENCES hazards (id),
        kind        TEXT NOT NULL CHECK (kind IN ('report', 'spot', 'extension')),
        version     INTEGER NOT NULL,
        text        TEXT,
        chat_id     INTEGER NOT NULL,
        started_at  TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE hazard_invites (
        id             INTEGER PRIMARY KEY,
        token_hash     TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
        enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
        created_by     INTEGER NOT NULL,
        created_at     TEXT NOT NULL,
        expires_at     TEXT NOT NULL,
        used_by        INTEGER,
        used_at        TEXT,
        revoked_at     TEXT,
        CHECK ((used_by IS NULL) = (used_at IS NULL))
    )
    """,
    """
    CREATE TABLE hazard_contacts (
        user_id        INTEGER PRIMARY KEY,
        enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
        invite_id      INTEGER NOT NULL REFERENCES hazard_invites (id),
        full_name      TEXT NOT NULL,
        joined_at      TEXT NOT NULL,
        revoked_at     TEXT
    )
    """,
    # Reminders and digests: a row is claimed before the send (never twice).
    """
    CREATE TABLE hazard_notices (
        kind        TEXT NOT NULL,
        key         TEXT NOT NULL,
        claimed_at  TEXT NOT NULL,
        sent_at     TEXT,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID
    """,
)
