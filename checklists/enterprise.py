"""An enterprise's roster fields and the pure rules on them.

The bureau keeps its roster in Excel, typed by many hands: the same company
turns up with half-width brackets in one sheet and full-width in the next,
with stray blanks from a Chinese IME, and credit codes with one digit wrong.
These rules decide when two spellings are one company, whether a 统一社会信用代码
can be real, and who guides the enterprise under seed 000 (泽应急发〔2025〕29号).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Final


class Industry(str, Enum):
    """行业领域, as the campaign's reports count enterprises (seed 003)."""

    METALLURGY = "冶金"
    NONFERROUS = "有色"
    BUILDING_MATERIALS = "建材"
    MACHINERY = "机械"
    LIGHT = "轻工"
    TEXTILE = "纺织"
    TOBACCO = "烟草"
    COMMERCE = "商贸"
    OTHER = "其他"


class Scale(str, Enum):
    """规模: decides whether the county bureau or the town centre guides a non-smelter."""

    ABOVE = "规模以上"
    BELOW = "规模以下"


class Category(str, Enum):
    """类别: seed 000 treats metal smelters apart from every other enterprise."""

    BLAST_FURNACE = "含高炉的金属冶炼企业"
    OTHER_SMELTER = "其他金属冶炼企业"
    GENERAL = "其他工贸企业"


class Guidance(str, Enum):
    """Who gives expert technical guidance under seed 000."""

    CITY_AND_COUNTY = "市局专家+县局"
    COUNTY_EXPERTS = "县局专家"
    COUNTY = "县局"
    TOWN = "镇应急管理中心"


def guidance(category: Category | None, scale: Scale | None) -> Guidance | None:
    """Seed 000: blast-furnace smelters get city and county experts, other smelters
    county experts; everyone else the county bureau above designated size and the
    town centre below it. None while the roster lacks what decides it."""
    if category is Category.BLAST_FURNACE:
        return Guidance.CITY_AND_COUNTY
    if category is Category.OTHER_SMELTER:
        return Guidance.COUNTY_EXPERTS
    if category is None or scale is None:
        return None
    return Guidance.COUNTY if scale is Scale.ABOVE else Guidance.TOWN


# -- names ----------------------------------------------------------------------

_BRACKETS: Final = str.maketrans({"(": "（", ")": "）", "﹙": "（", "﹚": "）"})
# A full-width bracket carries its own spacing: blanks typed around a
# half-width one ("晋城 (泽州) 钢铁") are not part of the name.
_NOISE_BLANK: Final = re.compile(r"(?<=[（）]) | (?=[（）])")


def clean_name(text: str) -> str:
    """The canonical spelling, possibly empty: full-width brackets (the usual
    form of Chinese company names), blanks trimmed and collapsed to one, none
    next to a bracket. Used for both storing and searching."""
    text = unicodedata.normalize("NFC", text).translate(_BRACKETS)
    text = " ".join(text.split())  # also splits on U+3000 and other Unicode blanks
    return _NOISE_BLANK.sub("", text)


def normalise_name(text: str) -> str:
    """`clean_name`, refusing a name that is nothing but blanks."""
    cleaned = clean_name(text)
    if not cleaned:
        raise ValueError("enterprise name is empty")
    return cleaned


# -- 统一社会信用代码 (GB 32100-2015) -----------------------------------------------

CREDIT_CODE_CHARS: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CODE_SHAPE: Final = re.compile(rf"[{CREDIT_CODE_CHARS}]{{18}}")


def credit_check_char(first17: str) -> str:
    """The 18th character: 31 - (weighted sum mod 31), with 31 written as 0."""
    total = sum(CREDIT_CODE_CHARS.index(char) * weight for char, weight in zip(first17, _WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def clean_credit_code(text: str) -> str:
    """Upper case without blanks: how people copy codes from licences."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def credit_code_problem(code: str) -> str | None:
    """Why `code` (already cleaned) cannot be a 统一社会信用代码, or None if it can."""
    if len(code) != 18:
        return f"应为18位，实为{len(code)}位"
    if not _CODE_SHAPE.fullmatch(code):
        bad = next(char for char in code if char not in CREDIT_CODE_CHARS)
        return f"含有不允许的字符“{bad}”"
    if credit_check_char(code[:17]) != code[17]:
        return "校验位不符，可能抄错了一位"
    return None
