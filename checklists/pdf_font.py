"""The CJK font the PDF form embeds, and making text safe to draw with it.

A PDF that relies on a reader's own CJK fonts shows blank boxes in some phone
viewers, so the form embeds a subset of Noto Sans CJK (SIL Open Font License
1.1), installed from PyPI by the `cvttf-NotoSansCJK-Regular` package: no
download at run time and nothing for the operator to install by hand.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from checklists.form_style import clean_text

FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
FONT_FILE = "NotoSansCJKtc-Regular.otf"
FAMILY = "NotoSansCJK"
# Tabs and other C0 controls, and characters the font cannot draw (emoji
# above the BMP and the like), would print as boxes or break line wrapping.
_CONTROLS = re.compile(r"[\t\r\x0b\x0c]")
_ASTRAL = re.compile(r"[\U00010000-\U0010FFFF]")


class FontMissing(RuntimeError):
    """The font package is not installed: the message names it for the operator."""


def font_path() -> Path:
    """Where the embedded font lives; raises FontMissing naming the package to install."""
    try:
        path = Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))
    except ModuleNotFoundError:
        path = Path("/nonexistent") / FONT_FILE
    if not path.is_file():
        raise FontMissing(
            f"PDF font {FONT_FILE} not found: install the Python package "
            f"cvttf-NotoSansCJK-Regular (a dependency in pyproject.toml)"
        )
    return path


def pdf_text(text: str) -> str:
    """User or template text as the PDF can draw it: literal, no controls, BMP only."""
    text = _CONTROLS.sub(" ", clean_text(text))
    return _ASTRAL.sub("□", text)
