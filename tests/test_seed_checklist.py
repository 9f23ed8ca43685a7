"""The built-in 复工复产 template reproduces the official annex table exactly.

Where the seed document (the text extracted from the notice) is next to the
repository, every item's content and evidence is compared cell by cell with it,
modulo one normalisation: the text export left ASCII `: , ;` (with spaces) in
items 1-8 where the printed annex has full-width `：，；`. Every word, typos
included, must still match.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checklists.loader import builtin_dir, load_catalog, load_file
from checklists.model import Checklist, Method

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TITLE = "泽州县工贸企业复工复产专家技术指导重点内容清单"
GROUPS = [
    ("开展安全生产警示教育", range(1, 6)),
    ("制定复工复产方案", range(6, 7)),
    ("签订安全生产责任书", range(7, 9)),
    ("组织全员安全教育培训", range(9, 13)),
    ("落实危险作业安全措施", range(13, 16)),
    ("开展安全隐患排查", range(16, 19)),
    ("强化极端天气安全管控", range(19, 22)),
]


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_file(builtin_dir() / "zezhou_resumption_2025.yaml")


def seed_rows() -> dict[int, tuple[str, str]]:
    """序号 -> (具体内容, 印证资料) from the seed's tab-separated table rows."""
    found = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed 000 not found in {SEEDS}")
    rows: dict[int, tuple[str, str]] = {}
    for line in found[0].read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if (
            len(cells) >= 4
            and re.fullmatch(r"[0-9]{1,2}", cells[0])
            and 1 <= int(cells[0]) <= 21
        ):
            rows[int(cells[0])] = (cells[2], cells[3])
    assert sorted(rows) == list(range(1, 22)), "the seed table should have rows 1..21"
    return rows


def test_header_fields(checklist: Checklist) -> None:
    assert (checklist.id, checklist.version, checklist.title) == (
        "zezhou-resumption-2025",
        2,
        TITLE,
    )
    assert "复工复产" in checklist.short_title and len(checklist.short_title) <= 12
    assert "泽应急发〔2025〕29号" in checklist.source
    assert checklist.signatures == ("专家签字", "企业主要负责人签字")
    assert checklist.description and "\n" not in checklist.description


def test_seven_groups_with_the_notice_spans(checklist: Checklist) -> None:
    actual = [(g.title, [i.number for i in g.items]) for g in checklist.groups]
    assert actual == [(title, list(span)) for title, span in GROUPS]


def test_items_are_numbered_1_to_21_with_unique_slug_ids(checklist: Checklist) -> None:
    items = checklist.items
    assert [i.number for i in items] == list(range(1, 22))
    ids = [i.id for i in items]
    assert len(set(ids)) == 21
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,23}", i) for i in ids)


def test_methods_follow_each_items_evidence(checklist: Checklist) -> None:
    for item in checklist.items:
        expected = {m for m in Method if m.value in item.evidence}
        assert set(item.methods) == expected, item.number
    assert checklist.items[17].methods == (Method.SITE,)


def test_known_verbatim_wording_is_kept(checklist: Checklist) -> None:
    items = checklist.items
    assert "安全风险评估和评估" in items[16].content
    assert "领导现场代表" in items[13].evidence
    assert "演练评估总结。；应急救援队伍" in items[4].evidence
    assert items[0].evidence.startswith("查资料：是否制定方案，")
    assert items[8].evidence.startswith("查资料：是否组织员工开展“三级”")


def test_every_item_matches_the_seed_table_cell_for_cell(checklist: Checklist) -> None:
    rows = seed_rows()
    for item in checklist.items:
        content, evidence = rows[item.number]
        assert item.content == full_width(content), f"item {item.number} content"
        assert item.evidence == full_width(evidence), f"item {item.number} evidence"


def full_width(text: str) -> str:
    """The printed annex's punctuation for the export's ASCII `: , ;` and the spaces around them."""
    for ascii_mark, printed in ((":", "："), (",", "，"), (";", "；")):
        text = re.sub(rf"\s*{ascii_mark}\s*", printed, text)
    return text


def test_full_width_changes_punctuation_only() -> None:
    assert full_width("查资料: 是否制定方案, 方案。; 应急") == "查资料：是否制定方案，方案。；应急"
    assert full_width("领导现场代表") == "领导现场代表"


def test_no_ascii_punctuation_is_left_in_any_item(checklist: Checklist) -> None:
    for item in checklist.items:
        for text in (item.content, item.evidence):
            assert not re.search(r"[:,;]", text), f"item {item.number}: {text}"


def test_the_seed_title_is_the_annex_title(checklist: Checklist) -> None:
    seed_rows()  # skips without the seed
    text = min(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    assert checklist.title in text.splitlines()


def test_builtin_catalog_serves_the_template(checklist: Checklist) -> None:
    assert load_catalog().get("zezhou-resumption-2025") == checklist
