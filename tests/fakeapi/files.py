"""File storage behind getFile and the download route, with Telegram-like photos.

Telegram never hands a bot the photo a user picked: it re-encodes it as JPEG
in a few sizes (largest side at most 1280), drops EXIF and lists the sizes
smallest first. Documents, by contrast, arrive byte for byte. Bots that treat
the two alike (e.g. expect EXIF in a photo) should fail here as they would live.
"""

from __future__ import annotations

import io
import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageOps

MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files
PHOTO_BOXES = (90, 320, 800, 1280)


@dataclass
class StoredFile:
    """One file as Telegram keeps it: ids for the Bot API, a path for downloads."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes = field(repr=False)
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def file_json(self) -> dict[str, Any]:
        """The File object getFile returns (no path for files too big to download)."""
        result: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        if self.size <= MAX_DOWNLOAD:
            result["file_path"] = self.file_path
        return result

    def document_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        if self.file_name:
            result["file_name"] = self.file_name
        if self.mime_type:
            result["mime_type"] = self.mime_type
        return result


class FileStore:
    """All files the fake server knows, by file_id and by download path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = itertools.count(1)

    def add(
        self, data: bytes, folder: str, extension: str, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        number = next(self._counter)
        stored = StoredFile(
            file_id=f"{folder[:2].upper()}ACAgIAAxkBAAI{number:05d}{secrets.token_urlsafe(30)}",
            file_unique_id=f"AgAD{number:04d}{secrets.token_urlsafe(6)}",
            file_path=f"{folder}/file_{number}.{extension.lstrip('.')}",
            data=bytes(data),
            file_name=file_name,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def add_photo(self, data: bytes) -> list[dict[str, Any]]:
        """PhotoSize array for an uploaded picture: re-encoded JPEGs, smallest first."""
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
        image = image.convert("RGB")
        sizes = []
        for width, height, jpeg in _renditions(image):
            stored = self.add(jpeg, "photos", "jpg")
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": stored.size,
                    "width": width,
                    "height": height,
                }
            )
        return sizes


def _renditions(image: Image.Image) -> list[tuple[int, int, bytes]]:
    """One JPEG per size box smaller than the picture, then the picture capped at 1280."""
    longest = max(image.size)
    boxes = [box for box in PHOTO_BOXES if box < longest] + [min(longest, PHOTO_BOXES[-1])]
    renditions = []
    for box in sorted(set(boxes)):
        copy = image.copy()
        copy.thumbnail((box, box), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, format="JPEG", quality=87)  # no exif= argument: metadata is dropped
        renditions.append((copy.width, copy.height, buffer.getvalue()))
    return renditions


def tiny_jpeg(width: int = 640, height: int = 480, color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A real JPEG for tests that need 'a photo' and don't care which."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="JPEG")
    return buffer.getvalue()
