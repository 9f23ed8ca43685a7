"""Around the register: drafts being composed, evidence photos, enterprise
contacts and their invites, and the record of reminders sent.

Drafts live in SQLite so a restart mid-report loses nothing. Invite tokens
are stored only as their SHA-256: a stolen database copy cannot be used to
join. Functions run inside a transaction the caller opened and never commit.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import aiosqlite

from checklists.hazards import Contact, Draft, HazardPhoto
from storage.db import execute, fetch_all, fetch_one, from_text, to_text
from storage.images import ImageInfo


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# -- drafts ---------------------------------------------------------------------


async def start_draft(
    conn: aiosqlite.Connection, user_id: int, chat_id: int, hazard_id: int, kind: str, version: int, now: datetime
) -> None:
    """A new draft replaces any other of this user; its unsent photos go with it."""
    await drop_draft(conn, user_id)
    await execute(
        conn,
        "INSERT INTO hazard_drafts (user_id, hazard_id, kind, version, chat_id, started_at) VALUES (?, ?, ?, ?, ?, ?)",
        (user_id, hazard_id, kind, version, chat_id, to_text(now)),
    )


async def drop_draft(conn: aiosqlite.Connection, user_id: int) -> None:
    await execute(conn, "DELETE FROM hazard_photos WHERE added_by = ? AND event_id IS NULL", (user_id,))
    await execute(conn, "DELETE FROM hazard_drafts WHERE user_id = ?", (user_id,))


async def set_draft_text(conn: aiosqlite.Connection, user_id: int, text: str) -> None:
    await execute(conn, "UPDATE hazard_drafts SET text = ? WHERE user_id = ?", (text, user_id))


async def draft(conn: aiosqlite.Connection, user_id: int) -> Draft | None:
    row = await fetch_one(
        conn,
        """
        SELECT d.*, (SELECT count(*) FROM hazard_photos AS p
                     WHERE p.hazard_id = d.hazard_id AND p.added_by = d.user_id AND p.event_id IS NULL) AS n
        FROM hazard_drafts AS d WHERE d.user_id = ?
        """,
        (user_id,),
    )
    if row is None:
        return None
    return Draft(row["user_id"], row["hazard_id"], row["kind"], row["version"], row["text"], int(row["n"]))


async def drafting_users(conn: aiosqlite.Connection) -> list[int]:
    return [row["user_id"] for row in await fetch_all(conn, "SELECT user_id FROM hazard_drafts")]


# -- photos ---------------------------------------------------------------------


async def add_photo(
    conn: aiosqlite.Connection, hazard_id: int, user_id: int, sha256: str, size: int, info: ImageInfo,
    now: datetime,
) -> bool:
    """An after-photo in the user's draft; False if this picture is already on the hazard."""
    changed, _ = await execute(
        conn,
        """
        INSERT INTO hazard_photos (hazard_id, sha256, size, format, width, height, added_by, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hazard_id, sha256) DO NOTHING
        """,
        (hazard_id, sha256, size, info.format, info.width, info.height, user_id, to_text(now)),
    )
    return changed > 0


async def photos(conn: aiosqlite.Connection, hazard_id: int) -> list[HazardPhoto]:
    """Before-photos (the inspection's photos of the item), then submitted after-photos."""
    rows = await fetch_all(
        conn,
        """
        SELECT p.id, NULL AS hazard_id, p.sha256, 'before' AS stage FROM photos AS p
        JOIN hazards AS h ON h.inspection_id = p.inspection_id AND h.item_id = p.item_id
        WHERE h.id = ?
        UNION ALL
        SELECT id, hazard_id, sha256, 'after' FROM hazard_photos WHERE hazard_id = ? AND event_id IS NOT NULL
        ORDER BY stage DESC, id
        """,
        (hazard_id, hazard_id),
    )
    return [HazardPhoto(r["id"], r["hazard_id"], r["sha256"], r["stage"]) for r in rows]


async def event_photos(conn: aiosqlite.Connection, hazard_id: int) -> list[HazardPhoto]:
    """After-photos of the latest report: what a reviewer must see."""
    rows = await fetch_all(
        conn,
        """
        SELECT id, hazard_id, sha256 FROM hazard_photos WHERE hazard_id = ? AND event_id =
            (SELECT max(event_id) FROM hazard_photos WHERE hazard_id = ?)
        ORDER BY id
        """,
        (hazard_id, hazard_id),
    )
    return [HazardPhoto(r["id"], r["hazard_id"], r["sha256"], "after") for r in rows]


# -- invites and contacts ------------------------------------------------------


async def create_invite(
    conn: aiosqlite.Connection, token: str, enterprise_id: int, by: int, now: datetime, expires: datetime
) -> int:
    _, invite_id = await execute(
        conn,
        "INSERT INTO hazard_invites (token_hash, enterprise_id, created_by, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (token_hash(token), enterprise_id, by, to_text(now), to_text(expires)),
    )
    assert invite_id is not None
    return invite_id


async def redeem_invite(
    conn: aiosqlite.Connection, token: str, user_id: int, full_name: str, now: datetime
) -> tuple[str | None, Contact | None]:
    """(refusal, contact): unknown, used, revoked or expired tokens change nothing."""
    row = await fetch_one(
        conn,
        "SELECT i.*, e.name FROM hazard_invites AS i JOIN enterprises AS e ON e.id = i.enterprise_id "
        "WHERE token_hash = ?",
        (token_hash(token),),
    )
    if row is None:
        return "unknown", None
    if row["used_by"] is not None or row["revoked_at"] is not None:
        return "used", None
    expires = from_text(row["expires_at"])
    if expires is None or expires <= now:
        return "expired", None
    await execute(conn, "UPDATE hazard_invites SET used_by = ?, used_at = ? WHERE id = ? AND used_by IS NULL",
                  (user_id, to_text(now), row["id"]))
    await execute(
        conn,
        """
        INSERT INTO hazard_contacts (user_id, enterprise_id, invite_id, full_name, joined_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET enterprise_id = excluded.enterprise_id,
            invite_id = excluded.invite_id, full_name = excluded.full_name,
            joined_at = excluded.joined_at, revoked_at = NULL
        """,
        (user_id, row["enterprise_id"], row["id"], full_name, to_text(now)),
    )
    return None, Contact(user_id, row["enterprise_id"], row["name"])


async def contact(conn: aiosqlite.Connection, user_id: int) -> Contact | None:
    row = await fetch_one(
        conn,
        "SELECT c.user_id, c.enterprise_id, e.name FROM hazard_contacts AS c "
        "JOIN enterprises AS e ON e.id = c.enterprise_id WHERE c.user_id = ? AND c.revoked_at IS NULL",
        (user_id,),
    )
    return None if row is None else Contact(row["user_id"], row["enterprise_id"], row["name"])


async def active_contacts(conn: aiosqlite.Connection) -> list[Contact]:
    rows = await fetch_all(
        conn,
        "SELECT c.user_id, c.enterprise_id, e.name FROM hazard_contacts AS c "
        "JOIN enterprises AS e ON e.id = c.enterprise_id WHERE c.revoked_at IS NULL",
    )
    return [Contact(r["user_id"], r["enterprise_id"], r["name"]) for r in rows]


async def revoke_by(conn: aiosqlite.Connection, inviter: int, now: datetime) -> tuple[int, list[int]]:
    """Revoke every unused invite of `inviter` and the contacts who joined through theirs.

    Returns (invites revoked, user ids of contacts revoked).
    """
    invites, _ = await execute(
        conn,
        "UPDATE hazard_invites SET revoked_at = ? WHERE created_by = ? AND used_by IS NULL AND revoked_at IS NULL",
        (to_text(now), inviter),
    )
    rows = await fetch_all(
        conn,
        "SELECT c.user_id FROM hazard_contacts AS c JOIN hazard_invites AS i ON i.id = c.invite_id "
        "WHERE i.created_by = ? AND c.revoked_at IS NULL",
        (inviter,),
    )
    users = [row["user_id"] for row in rows]
    await execute(
        conn,
        "UPDATE hazard_contacts SET revoked_at = ? WHERE revoked_at IS NULL AND invite_id IN "
        "(SELECT id FROM hazard_invites WHERE created_by = ?)",
        (to_text(now), inviter),
    )
    return invites, users


# -- reminders ---------------------------------------------------------------


async def claim_notice(conn: aiosqlite.Connection, kind: str, key: str, now: datetime) -> bool:
    """True once per (kind, key): the caller then sends. A second claim is refused."""
    changed, _ = await execute(
        conn,
        "INSERT INTO hazard_notices (kind, key, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (kind, key, to_text(now)),
    )
    return changed > 0


async def settle_notice(conn: aiosqlite.Connection, kind: str, key: str, now: datetime | None) -> None:
    """Mark sent (now) or release the claim (None) so a failed send is retried."""
    if now is None:
        await execute(conn, "DELETE FROM hazard_notices WHERE kind = ? AND key = ? AND sent_at IS NULL", (kind, key))
    else:
        await execute(conn, "UPDATE hazard_notices SET sent_at = ? WHERE kind = ? AND key = ?",
                      (to_text(now), kind, key))


async def unsettled_notices(conn: aiosqlite.Connection) -> list[tuple[str, str]]:
    """Claims whose send never confirmed (a crash mid-send): reported, not resent."""
    rows = await fetch_all(conn, "SELECT kind, key FROM hazard_notices WHERE sent_at IS NULL")
    return [(row["kind"], row["key"]) for row in rows]
