"""An acknowledged answer survives kill -9.

A child process answers items in a loop and prints each item id only after
`put_answer` has returned (that is when the bot would confirm to the
inspector). The test SIGKILLs it mid-stream, reopens the database and checks
that every acknowledged answer is there and the file is intact. Two rounds:
the second resumes the inspection the first one left in progress.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from checklists.inspection import Status
from storage import Storage

REPO = Path(__file__).resolve().parents[1]
ITEMS = 400
ACKS_BEFORE_KILL = 60

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from checklists.inspection import Answer, Position, User
    from checklists.loader import load_text
    from checklists.model import Hazard, Result
    from storage import Storage

    def checklist_yaml(count):
        items = "".join(
            f"      - id: item-{n}\\n        content: 内容{n}\\n        evidence: 查资料：证明{n}\\n"
            for n in range(count)
        )
        return ("id: crash\\nversion: 1\\ntitle: 崩溃测试\\nshort_title: 崩溃\\n"
                "groups:\\n  - title: 全部\\n    items:\\n" + items)

    async def main(data_dir, count):
        storage = await Storage.open(Path(data_dir))
        inspector = User(7, "测试员")
        inspection = await storage.active_inspection(inspector.id)
        if inspection is None:
            checklist = load_text(checklist_yaml(count), "crash.yaml")
            inspection = await storage.start_inspection(inspector, checklist, Position("item", "item-0"))
        done = await storage.answers(inspection.id)
        print("ready", flush=True)
        for item in inspection.checklist.items:
            if item.id in done:
                continue
            answer = Answer(item.id, Result.PROBLEM, problem="=1+1 " + item.id, hazard=Hazard.GENERAL)
            await storage.put_answer(inspection.id, answer, Position("item", item.id))
            print(item.id, flush=True)
        print("finished", flush=True)
        await asyncio.sleep(3600)  # wait for the kill

    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
    """
)


def run_until_killed(data_dir: Path) -> list[str]:
    """Start the writer, collect acknowledged item ids, SIGKILL it mid-write."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", CHILD, str(data_dir), str(ITEMS)]
    acked: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO, text=True
    ) as child:
        watchdog = threading.Timer(30, child.kill)  # a hung writer fails the test, not CI
        watchdog.start()
        try:
            assert child.stdout is not None and child.stderr is not None
            if child.stdout.readline().strip() != "ready":
                child.kill()
                raise AssertionError("writer did not start:\n" + child.stderr.read())
            while len(acked) < ACKS_BEFORE_KILL:
                line = child.stdout.readline().strip()
                assert line and line != "finished", "writer stopped early"
                acked.append(line)
        finally:
            child.send_signal(signal.SIGKILL)  # no atexit, no close(), no flush
            child.wait(10)
            watchdog.cancel()
    assert child.returncode == -signal.SIGKILL
    return acked


def check_database(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


async def test_acknowledged_answers_survive_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    acked: list[str] = []
    for _ in range(2):
        acked += await asyncio.to_thread(run_until_killed, data_dir)
        storage = await Storage.open(data_dir)
        try:
            inspection = await storage.active_inspection(7)
            assert inspection is not None and inspection.status is Status.IN_PROGRESS
            answers = await storage.answers(inspection.id)
            missing = [item_id for item_id in acked if item_id not in answers]
            assert not missing, f"acknowledged but lost: {missing}"
            assert all(answers[i].problem == "=1+1 " + i for i in acked)
        finally:
            await storage.close()
        check_database(storage.db_path)
    assert len(set(acked)) == len(acked) == 2 * ACKS_BEFORE_KILL
