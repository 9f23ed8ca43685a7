"""Photo thumbnails for the form: small JPEGs that keep the .xlsx deliverable.

Telegram refuses documents over 50 MB, and a phone photo is several MB, so the
form embeds re-encoded thumbnails only. Their side shrinks with the number of
photos so the total stays roughly constant; a byte budget is the last guard.
Photos are decoded a few at a time, in threads (Pillow gives up the GIL while
decoding, scaling and encoding), and only the thumbnail bytes are kept, so a
form with hundreds of photos does not hold hundreds of decoded images.
"""

from __future__ import annotations

import io
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, ImageOps

FULL_SIDE = 800  # longest side while the form has few photos
MIN_SIDE = 400  # below this a photo stops being useful evidence
FULL_SIDE_PHOTOS = 100  # up to this many photos keep FULL_SIDE
JPEG_QUALITY = 80
BYTES_BUDGET = 40 * 1024 * 1024  # thumbnails in one form; the rest of the .xlsx is tiny

WORKERS = max(1, min(4, os.cpu_count() or 1))
# What a media store raises for a missing file, an unknown key or a bad hash.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, KeyError, ValueError)
# What a damaged, truncated, hostile or unsupported file makes Pillow raise.
DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    Image.DecompressionBombError,
)


@dataclass(frozen=True)
class Thumbnail:
    """A JPEG ready to embed, with its pixel size for layout."""

    data: bytes
    width: int
    height: int
    taken: datetime | None = None  # EXIF DateTimeOriginal: the camera's clock, no zone



@dataclass(frozen=True)
class PhotoStats:
    """What a form's photo pages hold: for the caller's stats, either document."""

    embedded: int
    unreadable: int
    omitted: int
    side: int

    @property
    def scaled(self) -> bool:
        return self.side < FULL_SIDE

def thumbnail_side(count: int) -> int:
    """Longest side for `count` photos: the area shrinks as 1/count past the threshold.

    Scaling the side by sqrt(threshold / count) keeps the summed pixel count,
    hence the file size, about what FULL_SIDE_PHOTOS full thumbnails take.
    """
    if count <= FULL_SIDE_PHOTOS:
        return FULL_SIDE
    side = int(FULL_SIDE * math.sqrt(FULL_SIDE_PHOTOS / count))
    return max(MIN_SIDE, side - side % 10)


def make_thumbnail(data: bytes, side: int, quality: int = JPEG_QUALITY) -> Thumbnail:
    """Decode, upright by EXIF, flatten on white and re-encode as a JPEG.

    Raises one of DECODE_ERRORS when the bytes are not a usable image.
    """
    with Image.open(io.BytesIO(data)) as source:
        if source.format == "JPEG":
            # Lets libjpeg decode at 1/2, 1/4 or 1/8 scale: far faster and smaller.
            source.draft("RGB", (side, side))
        # Decode in one call, so the GIL is given up once, not once per 64 KB
        # (see storage/images.py): rendering runs beside the bot's event loop.
        source.decodermaxblock = max(source.decodermaxblock, len(data))
        taken = taken_at(source)
        upright = ImageOps.exif_transpose(source)
    rgb = upright
    try:
        rgb = _flatten(upright)
        rgb.thumbnail((side, side), Image.Resampling.BICUBIC)
        buffer = io.BytesIO()
        rgb.save(buffer, "JPEG", quality=quality, optimize=True)
        return Thumbnail(buffer.getvalue(), rgb.width, rgb.height, taken)
    finally:
        upright.close()
        rgb.close()


def _attempt(read: Callable[[], bytes], side: int) -> Thumbnail | Exception:
    try:
        return make_thumbnail(read(), side)
    except READ_ERRORS + DECODE_ERRORS as exc:  # the caller prints a note instead
        return exc  # type: ignore[return-value]


def thumbnails(reads: Iterable[Callable[[], bytes]], side: int) -> Iterator[Thumbnail | Exception]:
    """A thumbnail (or the error that prevented it) for each reader, in order.

    Up to 2 x WORKERS photos are in flight at once, so memory stays bounded
    while the cores are kept busy.
    """
    sources = iter(reads)
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="thumbnail") as pool:
        pending: deque[Future[Thumbnail | Exception]] = deque()
        for read in sources:
            pending.append(pool.submit(_attempt, read, side))
            if len(pending) >= 2 * WORKERS:
                break
        while pending:
            done = pending.popleft()
            following = next(sources, None)
            if following is not None:
                pending.append(pool.submit(_attempt, following, side))
            yield done.result()


EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 36867


def taken_at(image: Image.Image) -> datetime | None:
    """When the camera says the photo was taken, if it says so in a readable form.

    Telegram strips EXIF from compressed photos, so only files sent as
    documents usually have it; a missing or malformed tag is simply no time.
    """
    try:
        value = image.getexif().get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL)
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        return datetime.strptime(str(value).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except (ValueError, TypeError, OSError, SyntaxError, KeyError):
        return None


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background: transparent PNG areas would otherwise turn black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("RGB")
    if image.mode == "RGB":
        return image
    return image.convert("RGB")


def display_size(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """Size to show an image at in the sheet, keeping its aspect ratio."""
    if width <= 0 or height <= 0:
        return max_width, max_height
    scale = min(max_width / width, max_height / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))
