"""A grouped bar chart as PNG bytes, drawn with Pillow and the bundled CJK font.

Pillow (already a dependency) with Noto Sans CJK from checklists/pdf_font.py
draws Chinese labels without installing matplotlib and its font cache; the
charts are a few bars with labels, which Pillow's ImageDraw does plainly.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from checklists.pdf_font import font_path

WIDTH, HEIGHT = 1000, 560
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 80, 30, 115, 70
COLOURS = ((192, 0, 0), (84, 130, 53), (47, 85, 151), (191, 143, 0))
INK, GRID = (33, 33, 33), (220, 220, 220)


@lru_cache(maxsize=8)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size)


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> bytes:
    """Bars of each series side by side per label, with the value above each bar."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH // 2, 24), title, font=font(28), fill=INK, anchor="mt")
    _legend(draw, series)
    top = max([1, *(v for _, values in series for v in values)])
    step = _nice_step(top)
    scale_top = step * -(-top // step)
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base = HEIGHT - MARGIN_BOTTOM
    for tick in range(0, scale_top + 1, step):
        y = base - plot_h * tick / scale_top
        draw.line((MARGIN_LEFT, y, WIDTH - MARGIN_RIGHT, y), fill=GRID)
        draw.text((MARGIN_LEFT - 8, y), str(tick), font=font(16), fill=INK, anchor="rm")
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(1, len(labels))
    bar = min(60.0, slot * 0.7 / max(1, len(series)))
    for index, label in enumerate(labels):
        left = MARGIN_LEFT + slot * index + (slot - bar * len(series)) / 2
        for number, (_, values) in enumerate(series):
            x0 = left + bar * number
            y0 = base - plot_h * values[index] / scale_top
            draw.rectangle((x0, y0, x0 + bar - 2, base), fill=COLOURS[number % len(COLOURS)])
            draw.text((x0 + bar / 2, y0 - 4), str(values[index]), font=font(15), fill=INK, anchor="mb")
        draw.text((MARGIN_LEFT + slot * (index + 0.5), base + 10), label, font=font(18), fill=INK, anchor="mt")
    draw.line((MARGIN_LEFT, base, WIDTH - MARGIN_RIGHT, base), fill=INK, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _legend(draw: ImageDraw.ImageDraw, series: Sequence[tuple[str, Sequence[int]]]) -> None:
    x = WIDTH - MARGIN_RIGHT - 150 * len(series)
    for number, (name, _) in enumerate(series):
        draw.rectangle((x, 62, x + 18, 80), fill=COLOURS[number % len(COLOURS)])
        draw.text((x + 26, 71), name, font=font(18), fill=INK, anchor="lm")
        x += 150


def _nice_step(top: int) -> int:
    """A grid step giving at most about six lines: 1, 2, 5, 10, 20, 50 …"""
    step = 1
    while top / step > 6:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 6:
                break
    return max(1, step)
