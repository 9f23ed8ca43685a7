"""Roster .xlsx files as supervisors make them, for the roster tests and bench."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook

from bench.roster import generated_rows

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


__all__ = ["CLEAN_ROWS", "HEADER", "generated_rows", "xlsx"]
