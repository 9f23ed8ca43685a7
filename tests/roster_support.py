"""Roster .xlsx files as supervisors make them, for the roster tests and bench."""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook

from checklists.enterprise import CREDIT_CODE_CHARS, credit_check_char

HEADER = ["企业名称", "统一社会信用代码", "所属乡镇", "行业领域", "规模", "类别"]
CLEAN_ROWS = [
    ["晋城市泽州县兴华钢铁有限公司", "914403001922038216", "巴公镇", "冶金", "规模以上", "含高炉的金属冶炼企业"],
    ["泽州县金鼎铸造有限公司", "91440300708461136T", "北义城镇", "机械", "规模以下", "其他金属冶炼企业"],
    ["山西晋城(泽州)食品有限公司", "", "金村镇", "轻工", "规模以上", ""],
    ["泽州县南村镇腾飞面粉厂", "", "南村镇", "轻工", "规模以下", None],
]


def xlsx(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER,
         tweak: Callable[[Any], None] | None = None, title: str | None = None) -> bytes:
    """A real workbook: optional title row, header, rows; `tweak(sheet)` edits it last.
    Strings are written as text even when they start with '='."""
    book = Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    if tweak:
        tweak(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def credit_code(rng: random.Random) -> str:
    first = "9" + "1" + "".join(rng.choice("0123456789") for _ in range(6))
    first += "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    return first + credit_check_char(first)


def generated_rows(count: int, seed: int = 11) -> list[list[str]]:
    """`count` distinct plausible enterprises, for the bench and the size tests."""
    rng = random.Random(seed)
    towns = ["巴公镇", "北义城镇", "金村镇", "南村镇", "高都镇", "大东沟镇", "周村镇", "下村镇"]
    kinds = ["钢铁", "铸造", "食品", "面粉", "纺织", "建材", "机械", "商贸"]
    industries = ["冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸", "其他"]
    rows = []
    for index in range(count):
        town = rng.choice(towns)
        name = f"泽州县{town}{rng.choice(kinds)}第{index + 1}有限公司"
        code = credit_code(rng) if rng.random() < 0.7 else ""
        category = rng.choice(["", "", "", "含高炉的金属冶炼企业", "其他金属冶炼企业"])
        rows.append([name, code, town, rng.choice(industries), rng.choice(["规模以上", "规模以下"]), category])
    return rows
