"""Schema step of the enterprise roster, kept apart from storage/enterprises.py
so storage/migrations.py can import it without importing the database layer."""

from __future__ import annotations

from enum import Enum

from checklists.enterprise import Category, Industry, Scale


def _one_of(column: str, enum: type[Enum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum)  # our own enum values, not input
    return f"CHECK ({column} IS NULL OR {column} IN ({values}))"


# Appended to storage.migrations.MIGRATIONS. Existing enterprises keep their
# rows with the new fields unknown (NULL); a submitted inspection gets the name
# it was submitted under, so a later rename leaves its form as it was signed.
MIGRATION: tuple[str, ...] = (
    "ALTER TABLE enterprises ADD COLUMN credit_code TEXT CHECK (credit_code IS NULL OR length(credit_code) = 18)",
    "ALTER TABLE enterprises ADD COLUMN town TEXT",
    f"ALTER TABLE enterprises ADD COLUMN industry TEXT {_one_of('industry', Industry)}",
    f"ALTER TABLE enterprises ADD COLUMN scale TEXT {_one_of('scale', Scale)}",
    f"ALTER TABLE enterprises ADD COLUMN category TEXT {_one_of('category', Category)}",
    "ALTER TABLE enterprises ADD COLUMN updated_at TEXT",
    "CREATE UNIQUE INDEX enterprises_credit_code ON enterprises (credit_code) WHERE credit_code IS NOT NULL",
    "ALTER TABLE inspections ADD COLUMN enterprise_name_signed TEXT",
    """
    UPDATE inspections SET enterprise_name_signed =
        (SELECT e.name FROM enterprises AS e WHERE e.id = inspections.enterprise_id)
    WHERE status = 'submitted'
    """,
)
