"""Answers and photos: SQL and the mapping of their rows.

Functions here run inside a transaction the caller opened and never commit;
the caller checks the inspection is still open in that same transaction.
Free text is bound as a parameter and read back as TEXT, so "=1+1" or
"0012" come back exactly as typed.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from datetime import datetime

import aiosqlite

from checklists.inspection import Answer, Photo
from checklists.model import Hazard, Result
from storage.db import date_from_text, execute, fetch_all, fetch_one, from_text, to_text
from storage.images import ImageInfo

_ANSWER_COLUMNS = "item_id, result, value, problem, advice, hazard, deadline, rectification, updated_at"


async def put_answer(conn: aiosqlite.Connection, inspection_id: int, answer: Answer, now: datetime) -> None:
    """Replace the whole answer: the bot always sends the complete new state."""
    await execute(
        conn,
        f"""
        INSERT INTO answers (inspection_id, {_ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (inspection_id, item_id) DO UPDATE SET
            result = excluded.result, value = excluded.value, problem = excluded.problem, advice = excluded.advice,
            hazard = excluded.hazard, deadline = excluded.deadline,
            rectification = excluded.rectification, updated_at = excluded.updated_at
        """,
        (
            inspection_id, answer.item_id, Result(answer.result).value, _json(answer.value), answer.problem, answer.advice,
            None if answer.hazard is None else Hazard(answer.hazard).value,
            None if answer.deadline is None else answer.deadline.isoformat(),
            answer.rectification, to_text(now),
        ),
    )


def _json(value: Any) -> str | None:
    """Question types keep plain JSON data; NaN and the like are refused here."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


async def answers(conn: aiosqlite.Connection, inspection_id: int) -> dict[str, Answer]:
    rows = await fetch_all(
        conn,
        f"SELECT {_ANSWER_COLUMNS} FROM answers WHERE inspection_id = ? ORDER BY updated_at, item_id",
        (inspection_id,),
    )
    return {row["item_id"]: _answer(row) for row in rows}


def _answer(row: sqlite3.Row) -> Answer:
    return Answer(
        item_id=row["item_id"],
        result=Result(row["result"]),
        value=None if row["value"] is None else json.loads(row["value"]),
        problem=row["problem"],
        advice=row["advice"],
        hazard=None if row["hazard"] is None else Hazard(row["hazard"]),
        deadline=date_from_text(row["deadline"]),
        rectification=row["rectification"],
        updated_at=from_text(row["updated_at"]),
    )


_PHOTO_COLUMNS = (
    "id, inspection_id, item_id, sha256, size, format, width, height, "
    "caption, file_unique_id, media_group_id, received_at"
)


async def find_photo(
    conn: aiosqlite.Connection, inspection_id: int, item_id: str | None, sha256: str
) -> Photo | None:
    row = await fetch_one(
        conn,
        f"SELECT {_PHOTO_COLUMNS} FROM photos WHERE inspection_id = ? AND item_id IS ? AND sha256 = ?",
        (inspection_id, item_id, sha256),
    )
    return None if row is None else _photo(row)


async def insert_photo(
    conn: aiosqlite.Connection, inspection_id: int, item_id: str | None, sha256: str, size: int,
    info: ImageInfo, extra: tuple[str | None, str | None, str | None], now: datetime,
) -> Photo:
    """`extra` is (caption, file_unique_id, media_group_id) as Telegram sent them."""
    _, photo_id = await execute(
        conn,
        f"INSERT INTO photos ({_PHOTO_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (inspection_id, item_id, sha256, size, info.format, info.width, info.height, *extra, to_text(now)),
    )
    row = await fetch_one(conn, f"SELECT {_PHOTO_COLUMNS} FROM photos WHERE id = ?", (photo_id,))
    assert row is not None
    return _photo(row)


async def photo_counts(conn: aiosqlite.Connection, inspection_id: int) -> dict[str | None, int]:
    """Photos per item (None: the site in general), without reading their rows."""
    rows = await fetch_all(
        conn, "SELECT item_id, count(*) AS n FROM photos WHERE inspection_id = ? GROUP BY item_id", (inspection_id,)
    )
    return {row["item_id"]: row["n"] for row in rows}


async def photos(conn: aiosqlite.Connection, inspection_id: int) -> list[Photo]:
    rows = await fetch_all(
        conn, f"SELECT {_PHOTO_COLUMNS} FROM photos WHERE inspection_id = ? ORDER BY id", (inspection_id,)
    )
    return [_photo(row) for row in rows]


def _photo(row: sqlite3.Row) -> Photo:
    received_at = from_text(row["received_at"])
    assert received_at is not None  # NOT NULL column
    return Photo(
        id=row["id"],
        inspection_id=row["inspection_id"],
        item_id=row["item_id"],
        sha256=row["sha256"],
        size=row["size"],
        format=row["format"],
        width=row["width"],
        height=row["height"],
        received_at=received_at,
        caption=row["caption"],
        telegram_file_unique_id=row["file_unique_id"],
        media_group_id=row["media_group_id"],
    )
