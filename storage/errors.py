"""Exceptions storage raises on purpose, so callers can tell a refusal from a bug.

The bot checks most of these conditions before writing (it reads the
inspection first), but a second update racing the first, or a stale button
pressed minutes later, must still be refused by the store itself.
"""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base of every refusal storage makes deliberately."""


class DatabaseUnusable(StorageError):
    """The database file cannot be opened as ours (not SQLite, unreadable...)."""

    def __init__(self, db_path: Path, reason: str) -> None:
        super().__init__(f"{db_path}: cannot use this database: {reason}")
        self.db_path = db_path


class SchemaTooNew(StorageError):
    """The file was migrated by a newer release; touching it could corrupt it."""

    def __init__(self, db_path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"{db_path}: database schema version {found} is newer than this "
            f"checklist-bot supports (version {supported}); upgrade checklist-bot "
            "or restore a backup made for this version"
        )
        self.db_path, self.found, self.supported = db_path, found, supported


class InspectionNotFound(StorageError, LookupError):
    def __init__(self, inspection_id: int) -> None:
        super().__init__(f"no inspection with id {inspection_id}")
        self.inspection_id = inspection_id


class InspectionClosed(StorageError):
    """A write aimed at a submitted or cancelled inspection: nothing was changed."""

    def __init__(self, inspection_id: int, status: str) -> None:
        super().__init__(f"inspection {inspection_id} is {status}; it no longer accepts changes")
        self.inspection_id, self.status = inspection_id, status


class AlreadyInProgress(StorageError):
    """An inspector may run one inspection at a time (the form follows one site visit)."""

    def __init__(self, user_id: int, inspection_id: int | None) -> None:
        super().__init__(f"user {user_id} already has inspection {inspection_id} in progress")
        self.user_id, self.inspection_id = user_id, inspection_id


class DeliveryNotFound(StorageError, LookupError):
    def __init__(self, delivery_id: int) -> None:
        super().__init__(f"no delivery with id {delivery_id}")
        self.delivery_id = delivery_id
