"""The one SQLite connection: opening it safely, and running transactions on it.

aiosqlite runs every statement on a worker thread, but statements from
different coroutines would interleave on the one connection; a transaction
opened by one handler would then swallow another handler's writes (or roll
them back). Every use of the connection therefore holds an asyncio lock for
the whole transaction.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import aiosqlite

from storage import migrations
from storage.errors import DatabaseUnusable

DB_FILE = "checklist-bot.sqlite3"
BUSY_TIMEOUT_MS = 5000  # another process (`checklist-bot export`) may hold the write lock briefly

Params = Sequence[Any] | Mapping[str, Any]  # positional ? or named :name placeholders


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_text(moment: datetime) -> str:
    """Fixed-width UTC text, so SQL comparisons and ORDER BY follow time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: storage needs an aware one")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_text(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def date_from_text(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


async def fetch_one(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> sqlite3.Row | None:
    """The first row, or None. Every row is read and the cursor closed in one trip
    to SQLite's thread: a half-read SELECT would keep a read transaction open and
    stop WAL checkpoints, and each extra trip is a turn of the event loop that a
    button press waits for (the queries here return a row or a few)."""
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)  # type: ignore[arg-type]


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    """All rows, in one trip to SQLite's thread (see fetch_one)."""
    return list(await conn.execute_fetchall(sql, params))


async def execute(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> tuple[int, int | None]:
    """(rows changed, last inserted rowid)."""
    async with conn.execute(sql, params) as cursor:
        return cursor.rowcount, cursor.lastrowid


def prepare_dir(directory: Path) -> None:
    """Create a private directory; an existing one keeps the mode its admin chose."""
    if not directory.exists():
        directory.mkdir(mode=0o700, parents=True)
        directory.chmod(0o700)  # mkdir's mode is filtered by the umask


def _create_private_file(path: Path) -> None:
    # SQLite gives the -wal and -shm files the mode of the main file, so
    # creating it 0600 keeps all three private.
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


class Database:
    """The connection, its path, and the lock that makes transactions atomic."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._closed = False

    @classmethod
    async def open(cls, path: Path) -> Database:
        if not path.exists():
            _create_private_file(path)
        # isolation_level=None: the sqlite3 module must not open transactions
        # behind our back; `transaction` issues BEGIN/COMMIT itself.
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            await _configure(conn, path)
            await migrations.migrate(conn, path)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    @asynccontextmanager
    async def transaction(self, write: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together before the block exits, or not at all.

        Writers take the write lock up front (BEGIN IMMEDIATE) so a busy
        database makes them wait at the start, never fail halfway; readers get
        one consistent snapshot across several SELECTs.
        """
        async with self._lock:
            await execute(self._conn, "BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield self._conn
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    async def close(self) -> None:
        """Idempotent, so shutdown paths may call it more than once."""
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                await execute(self._conn, "PRAGMA optimize")
            finally:
                await self._conn.close()


async def _configure(conn: aiosqlite.Connection, path: Path) -> None:
    """Per-connection settings, after checking the file is a database we can use."""
    await execute(conn, f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    try:
        found = await migrations.schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(path, str(exc)) from None
    migrations.refuse_newer(path, found)
    row = await fetch_one(conn, "PRAGMA journal_mode = WAL")
    if row is None or str(row[0]).lower() != "wal":
        raise DatabaseUnusable(path, f"cannot switch to WAL journal mode (got {row[0] if row else None})")
    # In WAL mode, NORMAL writes each commit into the WAL file (the OS page
    # cache) before COMMIT returns and fsyncs only at checkpoints. A killed
    # process (kill -9, OOM) therefore loses nothing acknowledged; only an OS
    # crash or power cut can drop the last commits, and the database stays
    # consistent even then. FULL would add an fsync to every answer.
    await execute(conn, "PRAGMA synchronous = NORMAL")
    await execute(conn, "PRAGMA foreign_keys = ON")
