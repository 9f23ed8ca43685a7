"""Schema step for the outbox: one delivery per chat per document kind.

A submitted form now goes out as two documents (.xlsx and PDF, see
checklists/documents.py). Exactly-once stays a database rule: the uniqueness
becomes (inspection, chat, document). SQLite cannot change a UNIQUE
constraint, so the table is rebuilt with every row kept; rows queued before
are .xlsx deliveries.
"""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE deliveries_v2 (
        id               INTEGER PRIMARY KEY,
        inspection_id    INTEGER NOT NULL REFERENCES inspections (id),
        chat_id          INTEGER NOT NULL,
        document         TEXT NOT NULL DEFAULT 'xlsx'
                         CHECK (document IN ('xlsx', 'pdf')),  -- checklists.documents.KINDS
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
        UNIQUE (inspection_id, chat_id, document),  -- each document goes to a chat once
        CHECK ((status = 'sent') = (message_id IS NOT NULL AND sent_at IS NOT NULL))
    )
    """,
    """
    INSERT INTO deliveries_v2 (id, inspection_id, chat_id, document, caption, file_name, status,
                               attempts, next_attempt_at, created_at, last_error, message_id, sent_at)
    SELECT id, inspection_id, chat_id, 'xlsx', caption, file_name, status,
           attempts, next_attempt_at, created_at, last_error, message_id, sent_at
    FROM deliveries
    """,
    "DROP TABLE deliveries",
    "ALTER TABLE deliveries_v2 RENAME TO deliveries",
    "CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'",
)
