"""`Storage`: the one object the bot talks to for everything it keeps.

Each method is one transaction, committed before the awaited call returns,
so whatever the bot acknowledges to an inspector is already on disk. Only
domain objects (checklists.inspection) come out; rows stay in storage/.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from checklists.inspection import (
    Answer, Delivery, Enterprise, FilledInspection, Inspection, InspectionSummary, Location, Photo,
    Position, Status, User,
)
from checklists.model import Checklist
from checklists.roster import RosterRow
from storage import enterprises, evidence, inspections, outbox, people
from storage.enterprises import ImportResult
from storage.db import DB_FILE, Database, prepare_dir, utcnow
from storage.hazard_store import HazardStore
from storage.report_store import ReportStore
from storage.images import ImageInfo
from storage.media import MediaStore


class Storage:
    def __init__(self, db: Database, media: MediaStore) -> None:
        self._db = db
        self.db_path: Path = db.path
        self.media = media
        self._snapshots = inspections.SnapshotCache()
        self.hazards = HazardStore(db, media)  # the hazard register (隐患闭环)
        self.reports = ReportStore(db)  # reports owed upward (seed 003 annexes, seed 000 weekly)

    @classmethod
    async def open(cls, data_dir: Path) -> Storage:
        """Open (creating and migrating as needed) `{data_dir}/checklist-bot.sqlite3`."""
        data_dir = Path(data_dir)
        prepare_dir(data_dir)
        prepare_dir(data_dir / "media")
        db = await Database.open(data_dir / DB_FILE)
        return cls(db, MediaStore(data_dir / "media"))

    async def close(self) -> None:
        await self._db.close()

    # -- people ---------------------------------------------------------------

    async def upsert_user(self, user: User) -> None:
        async with self._db.transaction() as conn:
            await people.upsert_user(conn, user)

    async def enterprise_by_name(self, name: str) -> Enterprise:
        """Get or create; blanks are normalised so one company is one row."""
        async with self._db.transaction() as conn:
            return await people.enterprise_by_name(conn, name)

    async def recent_enterprises(self, user_id: int, limit: int = 5) -> list[Enterprise]:
        async with self._db.transaction(write=False) as conn:
            return await people.recent_enterprises(conn, user_id, limit)

    # -- the enterprise roster (storage/enterprises.py) -------------------------

    async def search_enterprises(self, text: str, limit: int = 8) -> list[Enterprise]:
        """Names containing `text` (2+ characters), prefix matches and shorter names first.
        An unknown name is added, fields unknown, by `enterprise_by_name`."""
        async with self._db.transaction(write=False) as conn:
            return await enterprises.search(conn, text, limit)

    async def find_enterprise(self, name: str) -> Enterprise | None:
        """By exact name (blanks and brackets normalised), never creating one."""
        async with self._db.transaction(write=False) as conn:
            return await enterprises.find(conn, name)

    async def enterprise(self, enterprise_id: int) -> Enterprise | None:
        async with self._db.transaction(write=False) as conn:
            return await enterprises.get(conn, enterprise_id)

    async def roster(self) -> list[Enterprise]:
        async with self._db.transaction(write=False) as conn:
            return await enterprises.roster(conn)

    async def import_roster(self, rows: Sequence[RosterRow], now: datetime | None = None) -> ImportResult:
        """All rows or none: conflicts with stored enterprises come back as problems."""
        async with self._db.transaction() as conn:
            return await enterprises.import_rows(conn, rows, now or utcnow())

    # -- inspections ----------------------------------------------------------

    async def start_inspection(
        self, inspector: User, checklist: Checklist, position: Position, now: datetime | None = None
    ) -> Inspection:
        """Raises AlreadyInProgress if the inspector has one running."""
        async with self._db.transaction() as conn:
            await people.upsert_user(conn, inspector)
            inspection_id = await inspections.insert(conn, inspector, checklist, position, now or utcnow())
            inspection = await inspections.get(conn, inspection_id, self._snapshots)
        assert inspection is not None
        return inspection

    async def inspection(self, inspection_id: int) -> Inspection | None:
        async with self._db.transaction(write=False) as conn:
            return await inspections.get(conn, inspection_id, self._snapshots)

    async def active_inspection(self, user_id: int) -> Inspection | None:
        async with self._db.transaction(write=False) as conn:
            return await inspections.active(conn, user_id, self._snapshots)

    async def history(self, user_id: int | None, limit: int = 10) -> list[InspectionSummary]:
        """One inspector's inspections (or everyone's, for None), newest first, not cancelled."""
        async with self._db.transaction(write=False) as conn:
            return await inspections.history(conn, user_id, limit)

    async def set_enterprise(self, inspection_id: int, enterprise: Enterprise, position: Position) -> None:
        async with self._db.transaction() as conn:
            await inspections.set_enterprise(conn, inspection_id, enterprise.id)
            await inspections.set_position(conn, inspection_id, position)

    async def set_position(self, inspection_id: int, position: Position) -> None:
        async with self._db.transaction() as conn:
            await inspections.set_position(conn, inspection_id, position)

    async def set_principal(self, inspection_id: int, name: str, position: Position) -> None:
        async with self._db.transaction() as conn:
            await inspections.set_principal(conn, inspection_id, name)
            await inspections.set_position(conn, inspection_id, position)

    async def set_location(self, inspection_id: int, location: Location) -> None:
        async with self._db.transaction() as conn:
            await inspections.set_location(conn, inspection_id, location)

    async def cancel(self, inspection_id: int) -> None:
        async with self._db.transaction() as conn:
            await inspections.cancel(conn, inspection_id, utcnow())

    # -- answers and photos ---------------------------------------------------

    async def put_answer(self, inspection_id: int, answer: Answer, position: Position) -> None:
        """The answer and the next question are stored together: a crash between
        them would otherwise ask a question already answered, or skip one."""
        async with self._db.transaction() as conn:
            await inspections.set_position(conn, inspection_id, position)
            await evidence.put_answer(conn, inspection_id, answer, utcnow())

    async def conversation(
        self, inspection_id: int
    ) -> tuple[Inspection, dict[str, Answer], dict[str | None, int]] | None:
        """The inspection, its answers and photo counts from one snapshot: what a
        button press decides from and what the next question shows."""
        async with self._db.transaction(write=False) as conn:
            inspection = await inspections.get(conn, inspection_id, self._snapshots)
            if inspection is None:
                return None
            return inspection, await evidence.answers(conn, inspection_id), await evidence.photo_counts(conn, inspection_id)

    async def answers(self, inspection_id: int) -> dict[str, Answer]:
        async with self._db.transaction(write=False) as conn:
            return await evidence.answers(conn, inspection_id)

    async def add_photo(
        self, inspection_id: int, item_id: str | None, data: bytes, info: ImageInfo, *,
        caption: str | None = None, file_unique_id: str | None = None,
        media_group_id: str | None = None, now: datetime | None = None,
    ) -> tuple[Photo, bool]:
        """Returns (photo, created); the same picture on the same item is stored once.

        The file is made durable before the row that points at it, so a row
        never refers to a missing file (a crash in between leaves at worst an
        unreferenced file). The open check first avoids writing a file for a
        photo sent to a closed inspection.
        """
        async with self._db.transaction(write=False) as conn:
            await inspections.require_open(conn, inspection_id)
        sha256 = await asyncio.to_thread(self.media.write, data)
        async with self._db.transaction() as conn:
            await inspections.require_open(conn, inspection_id)
            existing = await evidence.find_photo(conn, inspection_id, item_id, sha256)
            if existing is not None:
                return existing, False
            extra = (caption, file_unique_id, media_group_id)
            photo = await evidence.insert_photo(
                conn, inspection_id, item_id, sha256, len(data), info, extra, now or utcnow()
            )
        return photo, True

    async def photos(self, inspection_id: int) -> list[Photo]:
        async with self._db.transaction(write=False) as conn:
            return await evidence.photos(conn, inspection_id)

    async def filled(self, inspection_id: int) -> FilledInspection | None:
        """Inspection, answers and photos from one consistent snapshot."""
        async with self._db.transaction(write=False) as conn:
            inspection = await inspections.get(conn, inspection_id, self._snapshots)
            if inspection is None:
                return None
            answers = await evidence.answers(conn, inspection_id)
            photos = await evidence.photos(conn, inspection_id)
        return FilledInspection(inspection=inspection, answers=answers, photos=tuple(photos))

    # -- submission and the outbox --------------------------------------------

    async def submit(
        self, inspection_id: int, deliveries: Sequence[tuple[int, str, str]], now: datetime,
        found_on: date | None = None,
    ) -> bool:
        """Mark submitted and queue (chat_id, caption, file_name) deliveries, atomically.

        False if it was already submitted (a double tap): nothing is queued
        again. A cancelled inspection raises InspectionClosed. Its 存在问题
        answers become hazards in the same transaction, found on `found_on`
        (the local date; default the UTC date of `now`).
        """
        async with self._db.transaction() as conn:
            if await inspections.status_of(conn, inspection_id) is Status.SUBMITTED:
                return False
            await inspections.mark_submitted(conn, inspection_id, now)
            await outbox.enqueue(conn, inspection_id, deliveries, now)
            await self.hazards.create_in(conn, inspection_id, found_on or now.date(), now)
        return True

    async def due_deliveries(self, now: datetime) -> list[Delivery]:
        async with self._db.transaction(write=False) as conn:
            return await outbox.due(conn, now)

    async def next_delivery_at(self) -> datetime | None:
        async with self._db.transaction(write=False) as conn:
            return await outbox.next_at(conn)

    async def mark_delivered(self, delivery_id: int, message_id: int) -> None:
        async with self._db.transaction() as conn:
            await outbox.mark_delivered(conn, delivery_id, message_id, utcnow())

    async def mark_attempt_failed(self, delivery_id: int, error: str, retry_at: datetime | None) -> None:
        async with self._db.transaction() as conn:
            await outbox.mark_attempt_failed(conn, delivery_id, error, retry_at)

    async def fail_form(self, inspection_id: int, error: str) -> list[int]:
        """The form cannot be produced: give up its pending deliveries; the chats they were for."""
        async with self._db.transaction() as conn:
            return await outbox.fail_pending(conn, inspection_id, error)

    async def undelivered(self, inspector_id: int | None, limit: int = 10) -> list[Delivery]:
        """Failed or still-retrying deliveries (one inspector's, or everyone's for None)."""
        async with self._db.transaction(write=False) as conn:
            return await outbox.undelivered(conn, inspector_id, limit)
