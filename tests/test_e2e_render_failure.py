"""End to end: a form that cannot be rendered is a bug, not a network outage.

A stored photo file goes missing before submission, so rendering the form
fails. The failure must be logged once with its traceback, the deliveries
marked failed (not retried), the inspector and the supervisors told in
Chinese that form N could not be produced, and /status must list it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.e2e_support import GROUP_ID, MINI_CHECKLIST, Inspector, eventually, image_bytes
from tests.test_e2e_inspection import answer_ok, assert_clean, begin, member, running_bot

SUPERVISOR = 5103


def _texts(server: Any, chat_id: int) -> list[str]:
    return [m.text or "" for m in server.messages(chat_id)]


async def test_a_form_that_cannot_be_rendered_is_reported_not_retried(botapi: Any, tmp_path: Path) -> None:
    insp = member(botapi, 5101, "蒋专家")
    insp.timeout = 60.0  # the notice follows a render attempt, slow on a busy machine
    boss = Inspector(botapi, botapi.user(SUPERVISOR, "局领导"), timeout=60.0)
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    data = tmp_path / "data"
    settings = {"admin_ids": str(SUPERVISOR), "checklists_dir": str(folder)}
    botapi.fail("sendDocument", times=1000, status=502)  # the first run only queues the form
    async with running_bot(botapi, data, **settings) as proc:
        await begin(insp, "简短测试")
        await answer_ok(insp, 1, total=2)
        await answer_ok(insp, 2, total=2)
        await insp.say("吴负责", expect="检查汇总")
        await insp.tap("提交", expect="已提交")
        await eventually(lambda: botapi.calls_to("sendDocument"), timeout=60)  # rendering first: slow on a busy CI
    with proc.db() as db:  # the stored checklist copy is damaged while the bot is down
        (inspection_id,) = db.execute("SELECT id FROM inspections").fetchone()
        db.execute("UPDATE inspections SET checklist_snapshot = '{\"damaged\": true}'")
    botapi.fail("sendDocument", times=0)
    attempts, log_before = len(botapi.calls_to("sendDocument")), len(proc.log())
    async with running_bot(botapi, data, **settings) as proc:
        told = await insp.reply(lambda m: "未能生成" in (m.text or ""))
        assert f"检查编号 {inspection_id}" in told.text
        await boss.reply(lambda m: "未能生成" in (m.text or "") and str(inspection_id) in (m.text or ""))
        await asyncio.sleep(7)  # beyond the first retry delay (5 s): nothing is tried again
        status = await insp.say("/status", expect="未送达")
        assert f"检查编号 {inspection_id}" in status.text and "失败" in status.text
        assert f"检查编号 {inspection_id}" in (await boss.say("/status", expect="未送达")).text
        with proc.db() as db:
            rows = db.execute("SELECT DISTINCT chat_id, status FROM deliveries ORDER BY chat_id").fetchall()
    assert rows == [(GROUP_ID, "failed"), (insp.chat_id, "failed")]
    assert len(botapi.calls_to("sendDocument")) == attempts  # given up, not retried
    log = proc.log()[log_before:]
    assert log.count("Traceback") == 1 and log.count(f"cannot produce the form of inspection {inspection_id}") == 1
    assert sum("未能生成" in t for t in _texts(botapi, insp.chat_id)) == 1
    assert_clean(botapi)
