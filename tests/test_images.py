"""`storage.images.probe_image` on real encoder output and on hostile bytes.

Every input either yields an ImageInfo or an ImageRejected with one of the
reason codes the bot has a text for; no other exception and no warning may
come out (warnings are turned into errors here to prove it).
"""

from __future__ import annotations

import io
import os
import random
import struct
import time
import warnings
import zlib

import pytest
from PIL import Image

from storage.images import MAX_PIXELS, ImageInfo, ImageRejected, probe_image

REASONS = {"not-an-image", "unsupported-format", "too-many-pixels", "truncated"}


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """Noise: incompressible, so a cut really removes picture data."""
    return Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))


def rejection(data: bytes) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ImageRejected) as caught:
            probe_image(data)
    assert caught.value.reason in REASONS
    return caught.value.reason


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats(fmt: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert probe_image(encode(photo((320, 200)), fmt)) == ImageInfo(fmt, 320, 200)


def test_formats_are_told_by_bytes_not_by_name() -> None:
    png = encode(photo((10, 10)), "PNG")
    assert probe_image(bytearray(png)).format == "PNG"  # whatever the upload was called


def test_progressive_and_cmyk_jpeg() -> None:
    assert probe_image(encode(photo((300, 200)), "JPEG", progressive=True)).format == "JPEG"
    assert probe_image(encode(photo((300, 200)).convert("CMYK"), "JPEG")) == ImageInfo("JPEG", 300, 200)


def test_tiny_jpeg_below_the_draft_scale() -> None:
    assert probe_image(encode(photo((3, 2)), "JPEG")) == ImageInfo("JPEG", 3, 2)


@pytest.mark.parametrize("data", [
    b"",
    b"hello, this is a text file\n" * 20,
    "检查记录：一切正常。".encode() * 20,
    b"%PDF-1.7\n" + os.urandom(500),
    b"PK\x03\x04" + os.urandom(500),
    os.urandom(4096),
])
def test_not_an_image(data: bytes) -> None:
    assert rejection(data) == "not-an-image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_unsupported(fmt: str) -> None:
    assert rejection(encode(photo((40, 30)), fmt)) == "unsupported-format"


def test_heic_signature_is_unsupported_not_garbage() -> None:
    assert rejection(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(200)) == "unsupported-format"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_upload(fmt: str) -> None:
    data = encode(photo(), fmt)
    assert rejection(data[: len(data) // 2]) == "truncated"


def test_jpeg_cut_inside_the_header_is_truncated() -> None:
    assert rejection(encode(photo(), "JPEG")[:120]) == "truncated"


def bomb_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG; built by hand because Pillow takes seconds to
    encode 400 MP, while zlib squeezes the zero rows in a fraction of that."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = bytes(height * (1 + (width + 7) // 8))  # filter byte 0 + packed pixels per row
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def test_bomb_helper_makes_a_real_png() -> None:
    with Image.open(io.BytesIO(bomb_png(300, 200))) as image:
        image.load()
        assert (image.format, image.size, image.mode) == ("PNG", (300, 200), "1")


def test_decompression_bomb_is_refused_from_the_header() -> None:
    bomb = bomb_png(20000, 20000)  # 400 MP in about 50 KB
    assert len(bomb) < 200_000
    started = time.perf_counter()
    assert rejection(bomb) == "too-many-pixels"
    assert time.perf_counter() - started < 0.5, "the bomb was decoded"


def test_just_over_the_pixel_limit_without_pillow_warning() -> None:
    # 9000 x 6000 = 54 MP: over our limit, under Pillow's own warning threshold.
    assert 9000 * 6000 > MAX_PIXELS
    assert rejection(bomb_png(9000, 6000)) == "too-many-pixels"


def test_above_pillow_warning_threshold_no_warning_escapes() -> None:
    # 10000 x 10000 = 100 MP: Image.open would emit DecompressionBombWarning.
    assert rejection(bomb_png(10000, 10000)) == "too-many-pixels"


@pytest.mark.parametrize("exif", [
    b"Exif\x00\x00" + os.urandom(300),
    b"Exif\x00\x00II*\x00\xff\xff\xff\xff" + b"\x00" * 50,
    b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff" + os.urandom(64),
])
def test_hostile_exif_is_accepted_or_rejected_cleanly(exif: bytes) -> None:
    data = encode(photo((64, 48)), "JPEG", exif=exif)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            assert probe_image(data) == ImageInfo("JPEG", 64, 48)
        except ImageRejected as exc:
            assert exc.reason in REASONS


def test_random_corruption_never_escapes_as_another_exception() -> None:
    good = encode(photo((128, 96)), "JPEG")
    for seed in range(40):
        data = bytearray(good)
        rng = random.Random(seed)
        for _ in range(20):
            data[rng.randrange(3, len(data))] = rng.randrange(256)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                probe_image(bytes(data))
            except ImageRejected as exc:
                assert exc.reason in REASONS


def test_a_twelve_megapixel_jpeg_is_checked_quickly() -> None:
    data = encode(Image.linear_gradient("L").resize((4000, 3000)).convert("RGB"), "JPEG", quality=90)
    started = time.perf_counter()
    assert probe_image(data) == ImageInfo("JPEG", 4000, 3000)
    assert time.perf_counter() - started < 0.5


def test_rejection_carries_its_reason() -> None:
    exc = ImageRejected("too-large")
    assert exc.reason == "too-large" and str(exc) == "too-large"


def test_the_limit_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storage.images.MAX_PIXELS", 100)
    assert probe_image(encode(photo((10, 10)), "PNG")) == ImageInfo("PNG", 10, 10)
    assert rejection(encode(photo((10, 11)), "PNG")) == "too-many-pixels"
