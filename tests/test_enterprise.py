"""Pure rules of the enterprise roster: names, credit codes, guidance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.enterprise import (
    CREDIT_CODE_CHARS, Category, Guidance, Scale, clean_credit_code, clean_name, credit_check_char,
    credit_code_problem, guidance, normalise_name,
)

# Codes published by the companies themselves (business licences, annual reports).
PUBLISHED_CODES = [
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "91110000710925462X",  # 中国石油天然气股份有限公司
]


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_credit_codes_pass(code: str) -> None:
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_any_single_wrong_character_is_caught(code: str) -> None:
    """Weights are coprime with 31, so every one-character slip changes the check."""
    for position in range(18):
        for char in CREDIT_CODE_CHARS:
            if char != code[position]:
                wrong = code[:position] + char + code[position + 1:]
                assert credit_code_problem(wrong) is not None, wrong


@pytest.mark.parametrize(("code", "words"), [
    ("91440300708461136", "18位"),
    ("9144030070846113600", "18位"),
    ("91440300708461136I", "不允许的字符“I”"),
    ("91440300708461136O", "不允许的字符“O”"),
    ("914403007084611360", "校验位"),
])
def test_bad_credit_codes_say_why(code: str, words: str) -> None:
    assert words in (credit_code_problem(code) or "")


def test_codes_are_cleaned_as_people_copy_them() -> None:
    assert clean_credit_code(" 9144 0300 7084 6113 6t ") == "91440300708461136T"
    assert clean_credit_code("９１４４０３００７０８４６１１３６Ｔ") == "91440300708461136T"


@given(st.text(alphabet=CREDIT_CODE_CHARS, min_size=17, max_size=17))
def test_a_computed_check_character_always_validates(first17: str) -> None:
    assert credit_code_problem(first17 + credit_check_char(first17)) is None


@pytest.mark.parametrize(("typed", "canonical"), [
    ("  晋城市泽州县钢铁有限公司 ", "晋城市泽州县钢铁有限公司"),
    ("晋城(泽州)钢铁有限公司", "晋城（泽州）钢铁有限公司"),
    ("晋城 （泽州） 钢铁\u3000\u3000有限公司", "晋城（泽州）钢铁 有限公司"),
    ("晋城钢铁  Jincheng   Steel  Co.", "晋城钢铁 Jincheng Steel Co."),
    ("ABC (China) Ltd", "ABC（China）Ltd"),
    ("=1+1", "=1+1"),
])
def test_names_are_canonical(typed: str, canonical: str) -> None:
    assert clean_name(typed) == canonical


def test_a_blank_name_is_refused() -> None:
    with pytest.raises(ValueError):
        normalise_name(" \u3000 ")


@given(st.text())
def test_cleaning_a_name_twice_changes_nothing(text: str) -> None:
    once = clean_name(text)
    assert clean_name(once) == once
    assert "(" not in once and ")" not in once and "  " not in once and once == once.strip()


@given(st.text(alphabet="晋城钢铁（）() \u3000ab", max_size=20))
def test_bracket_width_and_blanks_never_tell_two_names_apart(text: str) -> None:
    half = text.replace("（", "(").replace("）", ")")
    assert clean_name(half) == clean_name(text.replace(" ", "\u3000"))


@pytest.mark.parametrize(("category", "scale", "expected"), [
    (Category.BLAST_FURNACE, None, Guidance.CITY_AND_COUNTY),
    (Category.BLAST_FURNACE, Scale.BELOW, Guidance.CITY_AND_COUNTY),
    (Category.OTHER_SMELTER, Scale.ABOVE, Guidance.COUNTY_EXPERTS),
    (Category.GENERAL, Scale.ABOVE, Guidance.COUNTY),
    (Category.GENERAL, Scale.BELOW, Guidance.TOWN),
    (Category.GENERAL, None, None),
    (None, Scale.ABOVE, None),
])
def test_who_guides_an_enterprise_under_seed_000(
    category: Category | None, scale: Scale | None, expected: Guidance | None,
) -> None:
    assert guidance(category, scale) is expected
