"""Everything the bot keeps: SQLite for answers and the outbox, files for photos.

`Storage` is the only entry point; it returns domain objects from
`checklists.inspection` and never a database row. This package must not
import `telegram`: it is used by the CLI and tests without the bot.
"""

from storage.errors import (
    AlreadyInProgress,
    DatabaseUnusable,
    DeliveryNotFound,
    InspectionClosed,
    InspectionNotFound,
    SchemaTooNew,
    StorageError,
)
from storage.images import ImageInfo, ImageRejected, probe_image
from storage.media import MediaStore
from storage.store import Storage

__all__ = [
    "AlreadyInProgress",
    "DatabaseUnusable",
    "DeliveryNotFound",
    "ImageInfo",
    "ImageRejected",
    "InspectionClosed",
    "InspectionNotFound",
    "MediaStore",
    "SchemaTooNew",
    "Storage",
    "StorageError",
    "probe_image",
]
