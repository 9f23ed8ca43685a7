"""Realistic-ish test photos: gradients, shapes and sensor-like noise.

Flat Pillow images compress to a few KB and would flatter every figure; these
land near real phone-photo sizes (hundreds of KB at 1280x960).
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw


def noisy_image(size: tuple[int, int], seed: int) -> Image.Image:
    """A gradient with coloured shapes and gaussian noise; deterministic per seed."""
    rng = random.Random(seed)
    w, h = size
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = Image.blend(base, tint, 0.5)
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(20, max(21, w // 6))
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    noise = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(image, noise, 0.25)


def encode(image: Image.Image, fmt: str = "JPEG", quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, fmt, quality=quality)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def variant(image: Image.Image, n: int) -> Image.Image:
    """A copy differing by a few pixels, so every photo has distinct bytes."""
    copy = image.copy()
    for k in range(5):
        copy.putpixel(((n * 7 + k) % copy.width, (n * 13 + k) % copy.height), (n % 256, k * 40, 255))
    return copy


def screenshot(size: tuple[int, int] = (1170, 2532)) -> bytes:
    """A phone screenshot: flat areas, text-like bars; PNG as phones save them."""
    image = Image.new("RGB", size, (245, 245, 245))
    draw = ImageDraw.Draw(image)
    rng = random.Random(1)
    for y in range(120, size[1] - 60, 48):
        draw.rectangle((40, y, 40 + rng.randrange(200, size[0] - 80), y + 22), fill=(40, 40, 40))
    draw.rectangle((0, 0, size[0], 100), fill=(30, 120, 220))
    return encode(image, "PNG")
