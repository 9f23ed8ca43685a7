"""Checklist YAML loading and validation: every error code, with its line and field.

Each case writes its YAML inline (pyxform style), so the expected line numbers
can be read straight off the text.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from checklists.errors import CODES, ChecklistError, Problem
from checklists.loader import (
    Catalog,
    builtin_dir,
    load_catalog,
    load_file,
    load_text,
)
from checklists.model import ALL_RESULTS, Checklist, Method, PhotoPolicy, Result

MINIMAL = """\
id: demo
version: 1
title: 演示清单
short_title: 演示
groups:
  - title: 第一组
    items:
      - id: first
        content: 内容一
        evidence: 查资料：证明一
"""


def yaml_of(text: str) -> str:
    return dedent(text).lstrip("\n")


def problems_of(text: str, source: str = "t.yaml") -> tuple[Problem, ...]:
    with pytest.raises(ChecklistError) as caught:
        load_text(yaml_of(text), source)
    return caught.value.problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(yaml_of(text), encoding="utf-8")
    return path


# -- valid files ---------------------------------------------------------------


def test_minimal_file_loads_with_defaults() -> None:
    checklist = load_text(MINIMAL, "t.yaml")
    assert (checklist.id, checklist.version, checklist.title) == ("demo", 1, "演示清单")
    assert (checklist.short_title, checklist.source, checklist.description) == (
        "演示",
        "",
        "",
    )
    assert checklist.signatures == ("专家签字", "企业主要负责人签字")
    [group] = checklist.groups
    [item] = group.items
    assert (group.title, item.id, item.number) == ("第一组", "first", 1)
    assert (item.content, item.evidence) == ("内容一", "查资料：证明一")
    assert item.methods == ()
    assert item.answers == ALL_RESULTS
    assert item.photo is PhotoPolicy.OPTIONAL
    assert item.hint == ""


def test_all_optional_fields_are_read() -> None:
    checklist = load_text(
        yaml_of("""
        id: full-1
        version: 3
        title: 标题
        short_title: 短
        source: 某某发〔2025〕1号
        description: 一行说明
        signatures: [检查人签字]
        groups:
          - title: 组
            items:
              - id: a
                content: 内容
                evidence: 证明
                methods: [查现场, 查资料]
                answers: [符合, 存在问题]
                photo: required
                hint: 拍照
        """),
        "t.yaml",
    )
    item = checklist.item("a")
    assert (checklist.version, checklist.source, checklist.description) == (
        3,
        "某某发〔2025〕1号",
        "一行说明",
    )
    assert checklist.signatures == ("检查人签字",)
    assert item.methods == (Method.SITE, Method.DOCUMENTS)
    assert item.answers == (Result.OK, Result.PROBLEM)
    assert (item.photo, item.hint) == (PhotoPolicy.REQUIRED, "拍照")


def test_block_scalars_keep_every_inner_character_and_lose_only_outer_whitespace() -> (
    None
):
    checklist = load_text(
        yaml_of("""
        id: demo
        version: 1
        title: "  标题  "
        short_title: 演示
        groups:
          - title: 组
            items:
              - id: a
                content: |
                  查资料: 是否有演练计划、演练脚本。; 应急 物资，是否相符
                evidence: >-
                  查资料：评估和评估 ，领导现场代表
        """),
        "t.yaml",
    )
    item = checklist.item("a")
    assert checklist.title == "标题"
    assert item.content == "查资料: 是否有演练计划、演练脚本。; 应急 物资，是否相符"
    assert item.evidence == "查资料：评估和评估 ，领导现场代表"


def test_items_are_numbered_in_file_order_across_groups() -> None:
    checklist = load_text(
        yaml_of("""
        id: demo
        version: 1
        title: 标题
        short_title: 演示
        groups:
          - title: 甲
            items:
              - {id: a, content: 一, evidence: 证}
              - {id: b, content: 二, evidence: 证}
          - title: 乙
            items:
              - {id: c, content: 三, evidence: 证}
        """),
        "t.yaml",
    )
    assert [(i.id, i.number) for i in checklist.items] == [("a", 1), ("b", 2), ("c", 3)]
    assert checklist.group_of("c").title == "乙"


def test_loaded_checklist_survives_a_snapshot_round_trip() -> None:
    checklist = load_text(MINIMAL, "t.yaml")
    assert Checklist.from_snapshot(checklist.to_snapshot()) == checklist


def test_text_of_exactly_the_limit_is_accepted() -> None:
    text = MINIMAL.replace("content: 内容一", "content: " + "字" * 1500)
    assert len(load_text(text, "t.yaml").item("first").content) == 1500


# -- one problem per case: code, line, field -------------------------------------

CASES = {
    "yaml-syntax": (
        """
        id: demo
        version: 1
        title: [标题
        short_title: 演示
        """,
        "yaml-syntax",
        4,
        "",
    ),
    "yaml-tab-indent": (
        """
        id: demo
        version: 1
        groups:
        \t- title: 组
        """,
        "yaml-syntax",
        4,
        "",
    ),
    "root-is-a-list": ("- id: demo\n", "not-a-mapping", 1, ""),
    "item-is-text": (
        """
        id: demo
        version: 1
        title: 标题
        short_title: 演示
        groups:
          - title: 组
            items:
              - 只是一句话
        """,
        "not-a-mapping",
        8,
        "groups[0].items[0]",
    ),
    "unknown-top-key": (
        MINIMAL + "colour: red\n",
        "unknown-key",
        11,
        "colour",
    ),
    "unknown-item-key": (
        MINIMAL + "        number: 7\n",
        "unknown-key",
        11,
        "groups[0].items[0].number",
    ),
    "unknown-group-key": (
        MINIMAL.replace("    items:", "    note: 说明\n    items:"),
        "unknown-key",
        7,
        "groups[0].note",
    ),
    "duplicate-key": (
        MINIMAL + "        content: 又一个\n",
        "duplicate-key",
        11,
        "groups[0].items[0].content",
    ),
    "missing-evidence": (
        MINIMAL.replace("        evidence: 查资料：证明一\n", ""),
        "missing-field",
        8,
        "groups[0].items[0].evidence",
    ),
    "missing-title": (
        MINIMAL.replace("title: 演示清单\n", ""),
        "missing-field",
        1,
        "title",
    ),
    "number-as-title": (
        MINIMAL.replace("title: 演示清单", "title: 2025"),
        "wrong-type",
        3,
        "title",
    ),
    "list-as-content": (
        MINIMAL.replace("content: 内容一", "content: [内容一]"),
        "wrong-type",
        9,
        "groups[0].items[0].content",
    ),
    "bool-as-hint": (
        MINIMAL + "        hint: yes\n",
        "wrong-type",
        11,
        "groups[0].items[0].hint",
    ),
    "groups-not-a-list": (
        MINIMAL.split("groups:")[0] + "groups: 全部\n",
        "wrong-type",
        5,
        "groups",
    ),
    "python-tag-is-not-executed": (
        MINIMAL.replace("content: 内容一", "content: !!python/object:os.system ls"),
        "wrong-type",
        9,
        "groups[0].items[0].content",
    ),
    "blank-evidence": (
        MINIMAL.replace("evidence: 查资料：证明一", 'evidence: "   "'),
        "empty-text",
        10,
        "groups[0].items[0].evidence",
    ),
    "null-hint": (
        MINIMAL + "        hint:\n",
        "empty-text",
        11,
        "groups[0].items[0].hint",
    ),
    "content-too-long": (
        MINIMAL.replace("content: 内容一", "content: " + "字" * 1501),
        "text-too-long",
        9,
        "groups[0].items[0].content",
    ),
    "short-title-too-long": (
        MINIMAL.replace("short_title: 演示", "short_title: " + "复工复产" * 7),
        "text-too-long",
        4,
        "short_title",
    ),
    "uppercase-checklist-id": (
        MINIMAL.replace("id: demo", "id: Demo"),
        "bad-checklist-id",
        1,
        "id",
    ),
    "long-checklist-id": (
        MINIMAL.replace("id: demo", "id: " + "a" * 33),
        "bad-checklist-id",
        1,
        "id",
    ),
    "chinese-item-id": (
        MINIMAL.replace("id: first", "id: 第一项"),
        "bad-item-id",
        8,
        "groups[0].items[0].id",
    ),
    "long-item-id": (
        MINIMAL.replace("id: first", "id: " + "a" * 25),
        "bad-item-id",
        8,
        "groups[0].items[0].id",
    ),
    "hyphen-first-item-id": (
        MINIMAL.replace("id: first", "id: -first"),
        "bad-item-id",
        8,
        "groups[0].items[0].id",
    ),
    "bad-method": (
        MINIMAL + "        methods: [查资料, 看看]\n",
        "bad-enum-value",
        11,
        "groups[0].items[0].methods[1]",
    ),
    "bad-answer": (
        MINIMAL + "        answers: [合格]\n",
        "bad-enum-value",
        11,
        "groups[0].items[0].answers[0]",
    ),
    "bad-photo": (
        MINIMAL + "        photo: always\n",
        "bad-enum-value",
        11,
        "groups[0].items[0].photo",
    ),
    "duplicate-method": (
        MINIMAL + "        methods:\n          - 查资料\n          - 查资料\n",
        "duplicate-value",
        13,
        "groups[0].items[0].methods[1]",
    ),
    "no-answers": (
        MINIMAL + "        answers: []\n",
        "empty-list",
        11,
        "groups[0].items[0].answers",
    ),
    "no-groups": (
        MINIMAL.split("groups:")[0] + "groups: []\n",
        "no-items",
        5,
        "groups",
    ),
    "empty-group": (
        MINIMAL.split("    items:")[0] + "    items: []\n",
        "no-items",
        7,
        "groups[0].items",
    ),
    "version-zero": (
        MINIMAL.replace("version: 1", "version: 0"),
        "bad-version",
        2,
        "version",
    ),
    "version-quoted": (
        MINIMAL.replace("version: 1", 'version: "1"'),
        "bad-version",
        2,
        "version",
    ),
    "version-float": (
        MINIMAL.replace("version: 1", "version: 1.5"),
        "bad-version",
        2,
        "version",
    ),
    "version-negative": (
        MINIMAL.replace("version: 1", "version: -2"),
        "bad-version",
        2,
        "version",
    ),
}


@pytest.mark.parametrize(
    ("text", "code", "line", "field"), CASES.values(), ids=CASES.keys()
)
def test_each_problem_has_its_code_line_and_field(
    text: str, code: str, line: int, field: str
) -> None:
    problem = only_problem(text)
    assert (problem.code, problem.line, problem.field) == (code, line, field), str(
        problem
    )
    assert problem.file == "t.yaml"
    assert problem.message


def test_every_file_level_code_is_exercised() -> None:
    catalog_only = {"missing-dir", "duplicate-checklist-id", "unreadable-file"}
    from tests.test_question_types import QUESTION_CODES

    tested = {case[1] for case in CASES.values()} | {"duplicate-item-id"} | QUESTION_CODES
    assert tested | catalog_only == set(CODES)


def test_duplicate_item_id_reports_the_second_occurrence_and_names_the_first() -> None:
    problem = only_problem("""
        id: demo
        version: 1
        title: 标题
        short_title: 演示
        groups:
          - title: 甲
            items:
              - {id: same, content: 一, evidence: 证}
          - title: 乙
            items:
              - {id: other, content: 二, evidence: 证}
              - {id: same, content: 三, evidence: 证}
        """)
    assert (problem.code, problem.line, problem.field) == (
        "duplicate-item-id",
        12,
        "groups[1].items[1].id",
    )
    assert "'same'" in problem.message and "groups[0].items[0]" in problem.message
    assert "line 8" in problem.message


def test_duplicate_item_id_is_reported_even_when_the_item_is_otherwise_broken() -> None:
    problems = problems_of(MINIMAL + "      - id: first\n        content: 二\n")
    assert {(p.code, p.line) for p in problems} == {
        ("missing-field", 11),
        ("duplicate-item-id", 11),
    }


def test_yaml_syntax_message_is_readable_and_leaks_no_traceback() -> None:
    problem = only_problem("id: demo\nversion: 1\n  title: x\n")
    assert problem.code == "yaml-syntax" and problem.line == 3
    assert "Traceback" not in str(problem) and "\n" not in str(problem)


def test_second_yaml_document_is_a_syntax_problem() -> None:
    problem = only_problem(MINIMAL + "---\nid: other\n")
    assert (problem.code, problem.line) == ("yaml-syntax", 11)


def test_empty_file_is_reported() -> None:
    problem = only_problem("")
    assert (problem.code, problem.line) == ("not-a-mapping", 1)


def test_non_text_mapping_key_is_reported() -> None:
    problem = only_problem(MINIMAL + "? [a, b]\n: c\n")
    assert (problem.code, problem.line) == ("wrong-type", 11)


def test_all_problems_of_a_file_are_reported_in_line_order() -> None:
    problems = problems_of("""
        id: Bad_Id
        version: 0
        title: 12
        short_title: 演示
        colour: red
        groups:
          - title: 组
            items:
              - id: a
                content: ""
                evidence: 证
                photo: never
              - id: a
                content: 二
        """)
    found = [(p.line, p.code) for p in problems]
    assert found == [
        (1, "bad-checklist-id"),
        (2, "bad-version"),
        (3, "wrong-type"),
        (5, "unknown-key"),
        (10, "empty-text"),
        (12, "bad-enum-value"),
        (13, "missing-field"),
        (13, "duplicate-item-id"),
    ]


# -- Problem and ChecklistError ----------------------------------------------------


def test_problem_renders_file_line_field_message_code() -> None:
    problem = Problem(
        "a.yaml", 7, "groups[0].items[1].evidence", "empty-text", "text is empty"
    )
    assert (
        str(problem)
        == "a.yaml:7: groups[0].items[1].evidence: text is empty [empty-text]"
    )
    assert str(Problem("d", None, "", "missing-dir", "gone")) == "d: gone [missing-dir]"


def test_problem_refuses_a_code_outside_the_catalogue() -> None:
    with pytest.raises(ValueError, match="no-such-code"):
        Problem("a.yaml", 1, "id", "no-such-code", "x")


def test_checklist_error_lists_every_problem() -> None:
    error = ChecklistError(
        [
            Problem("a.yaml", 1, "id", "bad-checklist-id", "m1"),
            Problem("b.yaml", 2, "", "yaml-syntax", "m2"),
        ]
    )
    text = str(error)
    assert text.splitlines()[0] == "2 problems in checklist templates:"
    assert (
        "a.yaml:1: id: m1 [bad-checklist-id]" in text
        and "b.yaml:2: m2 [yaml-syntax]" in text
    )


# -- files -------------------------------------------------------------------------


def test_load_file_names_the_file_and_accepts_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_file(path).id == "demo"
    broken = write(tmp_path, "broken.yaml", MINIMAL.replace("version: 1", "version: x"))
    with pytest.raises(ChecklistError) as caught:
        load_file(broken)
    assert caught.value.problems[0].file == str(broken)


def test_non_utf8_file_is_unreadable_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: demo\ntitle: 演示\n".encode("gbk"))
    with pytest.raises(ChecklistError) as caught:
        load_file(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("unreadable-file", 2)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_file(tmp_path / "nope.yaml")
    assert caught.value.problems[0].code == "unreadable-file"


# -- catalog -------------------------------------------------------------------------


def test_builtin_catalog_holds_the_seed_template() -> None:
    assert (builtin_dir() / "zezhou_resumption_2025.yaml").is_file()
    catalog = load_catalog()
    assert {"zezhou-resumption-2025", "jc-2025-confined-space", "jc-2025-dust"} <= set(catalog.ids)
    assert len(catalog) == len(list(catalog)) >= 1


def test_catalog_adds_extra_dirs_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "extra", "b.yaml", MINIMAL.replace("id: demo", "id: bbb"))
    write(tmp_path / "extra", "a.yml", MINIMAL.replace("id: demo", "id: aaa"))
    write(tmp_path / "extra", ".#a.yaml", "not: a template")
    (tmp_path / "extra" / "notes.txt").write_text("ignored", encoding="utf-8")
    catalog = load_catalog([tmp_path / "extra"])
    assert catalog.ids == (*load_catalog().ids, "aaa", "bbb")  # built-ins first, then the extras sorted
    assert [c.id for c in catalog] == list(catalog.ids)
    assert catalog.get("bbb") is catalog["bbb"] and catalog.get("zzz") is None
    assert "aaa" in catalog and "zzz" not in catalog


def test_same_dir_twice_is_not_a_clash(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", MINIMAL)
    assert load_catalog([tmp_path, tmp_path]).ids[-1] == "demo"


def test_catalog_reports_problems_of_all_files_and_clashing_ids(tmp_path: Path) -> None:
    first = write(tmp_path / "one", "a.yaml", MINIMAL)
    second = write(tmp_path / "two", "b.yaml", "# comment\n" + MINIMAL)
    broken = write(
        tmp_path / "two", "c.yaml", MINIMAL.replace("version: 1", "version: 0")
    )
    missing = tmp_path / "absent"
    with pytest.raises(ChecklistError) as caught:
        load_catalog([tmp_path / "one", missing, tmp_path / "two"])
    by_code = {p.code: p for p in caught.value.problems}
    assert set(by_code) == {"missing-dir", "duplicate-checklist-id", "bad-version"}
    clash = by_code["duplicate-checklist-id"]
    assert (clash.file, clash.line, clash.field) == (str(second), 2, "id")
    assert f"{first}:1" in clash.message and "'demo'" in clash.message
    assert (
        by_code["missing-dir"].file == str(missing)
        and str(missing) in by_code["missing-dir"].message
    )
    assert by_code["bad-version"].file == str(broken)


def test_catalog_is_immutable() -> None:
    catalog = Catalog([load_text(MINIMAL, "t.yaml")])
    with pytest.raises(AttributeError):
        catalog._by_id = {}  # type: ignore[misc]
    with pytest.raises(ValueError, match="demo"):
        Catalog([load_text(MINIMAL, "a"), load_text(MINIMAL, "b")])
