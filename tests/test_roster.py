"""Reading and writing the roster .xlsx, and matching a re-import: pure."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from checklists.enterprise import Category, Industry, Scale, clean_name
from checklists.roster import COLUMNS, RosterRejected, RosterRow, iter_problems_text, read_roster, write_roster
from checklists.roster_plan import Known, plan_import
from tests.roster_support import CLEAN_ROWS, HEADER, generated_rows, xlsx


def test_a_clean_roster_in_any_column_order_with_extra_columns() -> None:
    order = [3, 0, 5, 1, 4, 2]
    header = [HEADER[i] for i in order] + ["备注"]
    rows = [[r[i] for i in order] + ["随便写"] for r in CLEAN_ROWS]
    roster = read_roster(xlsx(rows, header=header, title="泽州县工贸企业名录"))
    assert roster.problems == ()
    first, second, third, fourth = roster.rows
    assert first == RosterRow(3, "晋城市泽州县兴华钢铁有限公司", "914403001922038216", "巴公镇",
                              Industry.METALLURGY, Scale.ABOVE, Category.BLAST_FURNACE)
    assert second.category is Category.OTHER_SMELTER and second.row == 4
    assert third.name == "山西晋城（泽州）食品有限公司" and third.credit_code is None
    assert third.category is Category.GENERAL and fourth.category is Category.GENERAL


def test_every_bad_row_is_reported_with_row_and_column() -> None:
    rows = CLEAN_ROWS + [
        ["泽州县化工厂", "", "巴公镇", "化工", "规模以上", ""],  # 6: unknown 行业领域
        ["泽州县错码厂", "914403001922038217", "巴公镇", "机械", "规模以上", ""],  # 7: check digit
        ["晋城市泽州县兴华钢铁有限公司 ", "", "巴公镇", "冶金", "规模以上", ""],  # 8: duplicate name
        ["", "", "巴公镇", "冶金", "规模以上", ""],  # 9: no name
        ["泽州县大中型厂", "", "巴公镇", "冶金", "中型", "钢厂"],  # 10: scale and category
        ["泽州县重码厂", "91440300708461136T", "巴公镇", "冶金", "规模以上", ""],  # 11: duplicate code
    ]
    roster = read_roster(xlsx(rows))
    found = {(p.row, p.column) for p in roster.problems}
    assert found == {(6, "行业领域"), (7, "统一社会信用代码"), (8, "企业名称"), (9, "企业名称"),
                     (10, "规模"), (10, "类别"), (11, "统一社会信用代码")}
    lines = list(iter_problems_text(roster.problems))
    assert lines[0].startswith("第6行 行业领域：“化工”不在可选值中")
    assert "与第2行重复" in next(line for line in lines if line.startswith("第8行"))


def test_overlong_names_and_towns_are_reported() -> None:
    roster = read_roster(xlsx([["厂" * 101, "", "镇" * 101, "", "", ""]]))
    assert [(p.row, p.column) for p in roster.problems] == [(2, "企业名称"), (2, "所属乡镇")]


def test_a_numeric_credit_code_cell_is_explained() -> None:
    roster = read_roster(xlsx([["某厂", 914403001922038216, "", "", "", ""]]))
    (problem,) = roster.problems
    assert "文本格式" in problem.message


def test_formula_looking_names_stay_text() -> None:
    roster = read_roster(xlsx([["=1+1", "", "", "", "", ""], ["+86厂", "", "", "", "", ""]]))
    assert [r.name for r in roster.rows] == ["=1+1", "+86厂"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04 not really", "not-xlsx"),
    ("企业名称,规模\n某厂,规模以上\n".encode(), "not-xlsx"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not-xlsx"),
])
def test_files_that_are_not_xlsx_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(RosterRejected) as caught:
        read_roster(data)
    assert caught.value.reason == reason


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(RosterRejected) as caught:
        read_roster(buffer.getvalue())
    assert caught.value.reason == "not-xlsx"


def _rejected(data: bytes) -> RosterRejected:
    with pytest.raises(RosterRejected) as caught:
        read_roster(data)
    return caught.value


def test_formulas_merged_headers_empty_sheets_and_missing_columns_are_refused() -> None:
    def formula(sheet):  # noqa: ANN001, ANN202
        sheet["B3"] = "=A2"

    assert (_rejected(xlsx(CLEAN_ROWS, tweak=formula)).reason, _rejected(xlsx(CLEAN_ROWS, tweak=formula)).detail) \
        == ("formula", "B3")
    merged = _rejected(xlsx(CLEAN_ROWS, tweak=lambda s: s.merge_cells("E1:F1")))
    assert (merged.reason, merged.detail) == ("merged", "E1:F1")
    assert _rejected(xlsx([], header=[])).reason == "empty"
    missing = _rejected(xlsx(CLEAN_ROWS, header=HEADER[:3] + ["行业", "规模", "类别"]))
    assert (missing.reason, missing.detail) == ("missing-columns", "行业领域")
    doubled = _rejected(xlsx([], header=HEADER + ["规模"]))
    assert (doubled.reason, doubled.detail) == ("doubled-columns", "规模")
    assert _rejected(b"x" * (20 * 1024 * 1024 + 1)).reason == "too-large"


def test_a_merged_title_above_the_header_is_fine() -> None:
    data = xlsx(CLEAN_ROWS, title="泽州县企业名录", tweak=lambda s: s.merge_cells("A1:F1"))
    assert len(read_roster(data).rows) == len(CLEAN_ROWS)


def test_the_written_roster_reads_back_the_same_and_keeps_text_as_text() -> None:
    rows = [("=1+1", "914403001922038216", "巴公镇", "冶金", "规模以上", "含高炉的金属冶炼企业"),
            ("@厂", None, None, None, None, "其他工贸企业")]
    data = write_roster(rows)
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].data_type == "s"
    again = read_roster(data)
    assert again.problems == () and [r.name for r in again.rows] == ["=1+1", "@厂"]


def test_five_thousand_rows_read_clean() -> None:
    roster = read_roster(xlsx(generated_rows(5000)))
    assert roster.problems == () and len(roster.rows) == 5000


def _row(row: int, name: str, code: str | None = None) -> RosterRow:
    return RosterRow(row, name, code)


def test_reimport_matches_by_code_then_name() -> None:
    known = [Known(1, "甲厂", "914403001922038216"), Known(2, "乙厂", None)]
    plan = plan_import([_row(2, "甲厂改名", "914403001922038216"), _row(3, "乙厂", "91440300708461136T"),
                        _row(4, "丙厂")], known)
    assert plan.problems == ()
    assert [(i, r.name) for i, r in plan.updates] == [(1, "甲厂改名"), (2, "乙厂")]
    assert [r.name for r in plan.inserts] == ["丙厂"]


def test_reimport_matches_names_stored_with_an_older_spelling() -> None:
    plan = plan_import([_row(2, "晋城（泽州）钢铁")], [Known(7, "晋城(泽州)钢铁", None)])
    assert [(i, r.name) for i, r in plan.updates] == [(7, "晋城（泽州）钢铁")] and plan.inserts == ()
    both = [Known(8, "晋城（泽州）钢铁", None), Known(7, "晋城(泽州)钢铁", None)]
    plan = plan_import([_row(2, "晋城（泽州）钢铁")], both)
    assert [i for i, _ in plan.updates] == [8]  # the canonical one, never a rename onto it


def test_reimport_never_merges_two_enterprises() -> None:
    known = [Known(1, "甲厂", "914403001922038216"), Known(2, "乙厂", None)]
    plan = plan_import([_row(2, "乙厂", "914403001922038216")], known)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "统一社会信用代码")]
    assert plan.updates == () and plan.inserts == ()
    plan = plan_import([_row(2, "甲厂新名", "914403001922038216"), _row(3, "甲厂")], known)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "企业名称")]


_NAMES = st.sampled_from(["甲厂", "乙厂", "丙厂", "丁厂", "晋城(泽州)厂", "晋城（泽州）厂"])
_CODES = st.sampled_from([None, "914403001922038216", "91440300708461136T", "91330100716105852F"])


@st.composite
def _stored_and_sheet(draw: st.DrawFn) -> tuple[list[Known], list[RosterRow]]:
    """A stored roster (names and codes unique, as the table enforces) and a sheet
    (names and codes unique after cleaning, as read_roster enforces)."""
    known: list[Known] = []
    for index, name in enumerate(draw(st.lists(_NAMES, unique=True, max_size=5))):
        code = draw(_CODES)
        known.append(Known(index + 1, name, None if code in {k.credit_code for k in known} else code))
    rows: list[RosterRow] = []
    for index, name in enumerate(draw(st.lists(_NAMES.map(clean_name), unique=True, max_size=5))):
        code = draw(_CODES)
        rows.append(_row(index + 2, name, None if code in {r.credit_code for r in rows} else code))
    return known, rows


@given(_stored_and_sheet())
def test_an_accepted_import_never_breaks_uniqueness(case: tuple[list[Known], list[RosterRow]]) -> None:
    """Whatever is stored and whatever the sheet says: either problems and no
    change, or a result whose names and codes are still unique (so the UNIQUE
    constraints can never fail half way through an import)."""
    known, rows = case
    plan = plan_import(rows, known)
    if plan.problems:
        assert plan.updates == () and plan.inserts == ()
        return
    state = {k.id: (k.name, k.credit_code) for k in known}
    for enterprise_id, row in plan.updates:
        state[enterprise_id] = (row.name, row.credit_code or state[enterprise_id][1])
    for number, row in enumerate(plan.inserts):
        state[-1 - number] = (row.name, row.credit_code)
    names = [name for name, _ in state.values()]
    codes = [code for _, code in state.values() if code]
    assert len(names) == len(set(names)) and len(codes) == len(set(codes))
    assert len(plan.updates) + len(plan.inserts) == len(rows)
