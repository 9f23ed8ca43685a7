"""End to end: getChatMember failing or hanging must not lock members out.

A failure to check is not a "no": the bot says it cannot check right now
and to retry in a minute, stores nothing, and lets the member in as soon
as Telegram answers again. Outsiders are still refused and leave no trace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e_support import GROUP_ID, Inspector, eventually
from tests.test_e2e_inspection import assert_clean, member, running_bot

REFUSED = "没有使用本机器人的权限"
UNVERIFIED = "暂时无法核实您的身份"


def _stored_people(proc: Any) -> int:
    with proc.db() as db:
        return sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("users", "inspections"))


async def test_failed_membership_check_is_not_a_refusal(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 4001, "郑专家")
    outsider = Inspector(botapi, botapi.user(4002, "路人"))
    async with running_bot(botapi, tmp_path / "data") as proc:
        botapi.fail("getChatMember", chat_id=GROUP_ID, times=3, status=502)
        for who in (insp, outsider):
            reply = await who.say("/new")
            assert UNVERIFIED in reply.text and REFUSED not in reply.text
        query = botapi.press(insp.user, 1, "c1:rs:1:1:o")  # a button press is answered too
        await eventually(lambda: botapi.answered(query))
        assert UNVERIFIED in (botapi.answer_of(query) or {}).get("text", "")
        botapi.fail("getChatMember", chat_id=GROUP_ID, times=1, status=502, delay=7.0)  # hangs: times out
        reply = await insp.say("/new")
        assert UNVERIFIED in reply.text
        assert _stored_people(proc) == 0
        await insp.say("/new", expect="清单")  # Telegram answers again: the member is in
        assert REFUSED in (await outsider.say("/new")).text  # and an outsider is still out
        assert "getChatMember" in proc.log() and "CHECKLIST_BOT_GROUP_ID" in proc.log()
    with proc.db() as db:
        assert db.execute("SELECT id FROM users").fetchall() == [(insp.user.id,)]
    assert_clean(botapi)
