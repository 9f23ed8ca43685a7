"""Schema step of the reports (issue 12): supervisor-entered numbers, the report
outbox, and the indexes the report queries use. Appended to MIGRATIONS once;
never edited after release.

`report_inputs` is append-only: the current value of (annex, month, column)
is its newest row, and the older rows are the audit trail (who entered what,
when, replacing what). `report_outbox` holds each report's bytes as produced,
so what was due on the 23rd is what goes out, exactly once per chat, even if
the data changes before Telegram takes it.
"""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE report_inputs (
        id          INTEGER PRIMARY KEY,
        annex       TEXT NOT NULL CHECK (annex IN ('1', '5')),
        month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        field       TEXT NOT NULL,
        value       REAL CHECK (value IS NULL OR value >= 0),   -- NULL: cleared
        entered_by  INTEGER NOT NULL,
        entered_at  TEXT NOT NULL,
        source      TEXT NOT NULL                                -- e.g. the file name sent
    )
    """,
    "CREATE INDEX report_inputs_by_key ON report_inputs (annex, month, field, id)",
    """
    CREATE TABLE report_outbox (
        id                INTEGER PRIMARY KEY,
        key               TEXT NOT NULL,          -- 'due:1:2025-06' (scheduled) or 'ask:<chat>:<message>'
        chat_id           INTEGER NOT NULL,
        kind              TEXT NOT NULL,
        period            TEXT NOT NULL,
        summary           TEXT NOT NULL,
        file_name         TEXT NOT NULL,
        xlsx              BLOB NOT NULL,
        chart             BLOB,
        status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at   TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        last_error        TEXT,
        chart_message_id  INTEGER,                -- the chart is sent first, then the file
        message_id        INTEGER,
        sent_at           TEXT,
        UNIQUE (key, chat_id),
        CHECK ((status = 'sent') = (message_id IS NOT NULL AND sent_at IS NOT NULL))
    )
    """,
    "CREATE INDEX report_outbox_due ON report_outbox (next_attempt_at) WHERE status = 'pending'",
    # Reports count by month: submissions and hazards by time.
    "CREATE INDEX inspections_submitted ON inspections (submitted_at) WHERE status = 'submitted'",
    "CREATE INDEX inspections_latest_by_checklist ON inspections (checklist_id, enterprise_id, submitted_at) "
    "WHERE status = 'submitted'",
    "CREATE INDEX hazards_by_found ON hazards (found_at, level)",
)
