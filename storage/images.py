"""Deciding whether uploaded bytes are a photo we can put on the form.

Only the bytes count (file names and declared MIME types are the sender's
claim). The size is read from the header and refused before any pixel is
decoded, so a small file claiming billions of pixels costs nothing; then the
image is really decoded, cheaply, to catch uploads cut off halfway. Every
Pillow failure becomes an `ImageRejected` with a reason code the bot turns
into a message; nothing else escapes, warnings included.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

MAX_PIXELS = 50_000_000
DECODE_BLOCK = 64 * 1024 * 1024  # more than any file the bot can download (20 MB)

# The plugin classes are used directly rather than through Image.open: open()
# runs Pillow's own decompression-bomb check, which warns (above 89 MP) before
# we could apply our lower limit. WebP's constructor still checks, errors only.
_FACTORIES: dict[str, type[ImageFile.ImageFile]] = {
    "JPEG": JpegImagePlugin.JpegImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
}

# warnings.catch_warnings swaps a process-wide filter list; two threads doing
# it at once can leave a filter installed for good. Probes take milliseconds,
# so they simply take turns.
_WARNINGS_LOCK = threading.Lock()


class ImageRejected(Exception):
    """Why an upload is not stored; `reason` is a code, the bot owns the wording."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ImageInfo:
    format: str  # Pillow's name: JPEG, PNG or WEBP
    width: int
    height: int


def probe_image(data: bytes) -> ImageInfo:
    """Accept a complete JPEG, PNG or WEBP of at most MAX_PIXELS, or reject it."""
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _probe(bytes(data))
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("too-many-pixels") from None
        except Exception:  # MemoryError, struct.error, OSError...: unusable bytes
            raise ImageRejected("truncated") from None


def _probe(data: bytes) -> ImageInfo:
    kind = _accepted_kind(data)
    if kind is None:
        raise ImageRejected("unsupported-format" if _other_image(data[:64]) else "not-an-image")
    try:
        image = _FACTORIES[kind](io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise
    except Exception:
        # The signature matched, so the header is what broke: a cut-off upload.
        raise ImageRejected("truncated") from None
    with image:
        width, height = image.size
        if width < 1 or height < 1:
            raise ImageRejected("not-an-image")
        if width * height > MAX_PIXELS:
            raise ImageRejected("too-many-pixels")
        _decode(image, kind)
    return ImageInfo(kind, width, height)


def _decode(image: ImageFile.ImageFile, kind: str) -> None:
    """Decode every byte of the picture; a missing tail raises here."""
    if kind == "JPEG":
        # libjpeg can decode at 1/8 scale: all of the entropy-coded data is
        # still read (so truncation shows) but a 12 MP photo takes a few ms.
        width, height = image.size
        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
    # One decoder call for the whole file instead of one per 64 KB block. Each
    # call releases the GIL and must take it back, and every time it waits the
    # event loop answering other inspectors can be held up to the switch
    # interval (5 ms): with 12 MP photos arriving, the p95 of everyone else's
    # text answers went from ~73 to ~54 ms (bench/photo_replies.py).
    image.decodermaxblock = max(image.decodermaxblock, DECODE_BLOCK)
    image.load()


def _accepted_kind(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _other_image(prefix: bytes) -> bool:
    """Is this some image format we do not take (GIF, BMP, TIFF, HEIC...)?

    Tells "send it as JPG" apart from "this is not a picture at all". Only
    Pillow's signature tests are used; nothing is decoded.
    """
    if prefix[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif", b"ftyphevc"):
        return True  # iPhones send HEIC when a photo goes as a file
    Image.init()
    for _factory, accept in list(Image.OPEN.values()):
        try:
            if accept is not None and accept(prefix):
                return True
        except Exception:
            continue
    return False
