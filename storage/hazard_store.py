"""`HazardStore`: the hazard register's transactions, created by `Storage`.

Each method is one transaction, like Storage's own, and returns domain
objects only. Photo bytes are written durably before the row that points
at them (see Storage.add_photo for why).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import aiosqlite

from checklists.hazard_flow import Actor, Decision, Event, Payload, State
from checklists.hazards import Contact, Draft, HazardLogEntry, HazardPhoto, HazardRecord, MonthCounts, OverdueLine
from checklists.model import Hazard
from storage import hazard_extra as extra
from storage import evidence, hazards, inspections
from storage.db import Database, utcnow
from storage.images import ImageInfo
from storage.media import MediaStore


class HazardStore:
    def __init__(self, db: Database, media: MediaStore) -> None:
        self._db = db
        self._media = media
        self._snapshots = inspections.SnapshotCache(8)

    async def create_in(self, conn: aiosqlite.Connection, inspection_id: int, found_on: date, now: datetime) -> None:
        """Inside Storage.submit's transaction: the inspection's hazards, with it or not at all."""
        inspection = await inspections.get(conn, inspection_id, self._snapshots)
        if inspection is not None:
            answers = await evidence.answers(conn, inspection_id)
            await hazards.create_from_inspection(conn, inspection, answers, found_on, now)

    # -- the register --------------------------------------------------------

    async def get(self, hazard_id: int) -> HazardRecord | None:
        async with self._db.transaction(write=False) as conn:
            return await hazards.get(conn, hazard_id)

    async def by_number(self, year: int, seq: int) -> HazardRecord | None:
        async with self._db.transaction(write=False) as conn:
            return await hazards.by_number(conn, year, seq)

    async def open_page(
        self, *, finder: int | None = None, enterprise: int | None = None, limit: int = 10, offset: int = 0
    ) -> tuple[list[HazardRecord], int]:
        async with self._db.transaction(write=False) as conn:
            return await hazards.open_page(conn, finder=finder, enterprise=enterprise, limit=limit, offset=offset)

    async def enterprise_levels(self, enterprise_id: int) -> list[tuple[State, Hazard]]:
        async with self._db.transaction(write=False) as conn:
            return await hazards.enterprise_levels(conn, enterprise_id)

    async def overdue(self, today: date) -> list[OverdueLine]:
        async with self._db.transaction(write=False) as conn:
            return await hazards.overdue(conn, today)

    async def month_counts(self, month: str, start: datetime, end: datetime) -> MonthCounts:
        async with self._db.transaction(write=False) as conn:
            return await hazards.month_counts(conn, month, start, end)

    async def due_between(self, first: date, last: date) -> list[HazardRecord]:
        async with self._db.transaction(write=False) as conn:
            return await hazards.due_between(conn, first, last)

    async def history(self, hazard_id: int) -> tuple[list[HazardLogEntry], list[HazardPhoto]]:
        async with self._db.transaction(write=False) as conn:
            return await hazards.log(conn, hazard_id), await extra.photos(conn, hazard_id)

    async def report_photos(self, hazard_id: int) -> list[HazardPhoto]:
        async with self._db.transaction(write=False) as conn:
            return await extra.event_photos(conn, hazard_id)

    async def apply(
        self, hazard_id: int, version: int, event: Event, actor: Actor, payload: Payload = Payload(),
        now: datetime | None = None,
    ) -> tuple[Decision, HazardRecord | None]:
        """Change a hazard if the rules allow; a submitted draft of the actor goes with it."""
        async with self._db.transaction() as conn:
            decision, hazard = await hazards.apply(conn, hazard_id, version, event, actor, payload, now or utcnow())
            if decision.ok and event in (Event.REPORT, Event.SPOT_CLOSE, Event.REQUEST_EXTENSION):
                await extra.drop_draft(conn, actor.user_id)  # its photos are now the event's
            return decision, hazard

    # -- drafts ---------------------------------------------------------------

    async def start_draft(self, user_id: int, chat_id: int, hazard: HazardRecord, kind: str) -> None:
        async with self._db.transaction() as conn:
            await extra.start_draft(conn, user_id, chat_id, hazard.id, kind, hazard.version, utcnow())

    async def draft(self, user_id: int) -> Draft | None:
        async with self._db.transaction(write=False) as conn:
            return await extra.draft(conn, user_id)

    async def set_draft_text(self, user_id: int, text: str) -> None:
        async with self._db.transaction() as conn:
            await extra.set_draft_text(conn, user_id, text)

    async def drop_draft(self, user_id: int) -> None:
        async with self._db.transaction() as conn:
            await extra.drop_draft(conn, user_id)

    async def drafting_users(self) -> list[int]:
        async with self._db.transaction(write=False) as conn:
            return await extra.drafting_users(conn)

    async def add_draft_photo(self, user_id: int, data: bytes, info: ImageInfo) -> bool:
        """False when there is no draft any more, or the picture is already there."""
        sha256 = await asyncio.to_thread(self._media.write, data)
        async with self._db.transaction() as conn:
            current = await extra.draft(conn, user_id)
            if current is None:
                return False
            return await extra.add_photo(conn, current.hazard_id, user_id, sha256, len(data), info, utcnow())

    def photo_bytes(self, sha256: str) -> bytes:
        return self._media.read(sha256)

    # -- contacts -------------------------------------------------------------

    async def create_invite(self, token: str, enterprise_id: int, by: int, now: datetime, expires: datetime) -> int:
        async with self._db.transaction() as conn:
            return await extra.create_invite(conn, token, enterprise_id, by, now, expires)

    async def redeem_invite(
        self, token: str, user_id: int, full_name: str, now: datetime
    ) -> tuple[str | None, Contact | None]:
        async with self._db.transaction() as conn:
            return await extra.redeem_invite(conn, token, user_id, full_name, now)

    async def contact(self, user_id: int) -> Contact | None:
        async with self._db.transaction(write=False) as conn:
            return await extra.contact(conn, user_id)

    async def active_contacts(self) -> list[Contact]:
        async with self._db.transaction(write=False) as conn:
            return await extra.active_contacts(conn)

    async def revoke_by(self, inviter: int, now: datetime) -> tuple[int, list[int]]:
        async with self._db.transaction() as conn:
            return await extra.revoke_by(conn, inviter, now)

    # -- reminders --------------------------------------------------------------

    async def claim_notice(self, kind: str, key: str, now: datetime) -> bool:
        async with self._db.transaction() as conn:
            return await extra.claim_notice(conn, kind, key, now)

    async def settle_notice(self, kind: str, key: str, sent_at: datetime | None) -> None:
        async with self._db.transaction() as conn:
            await extra.settle_notice(conn, kind, key, sent_at)

    async def unsettled_notices(self) -> list[tuple[str, str]]:
        async with self._db.transaction(write=False) as conn:
            return await extra.unsettled_notices(conn)
