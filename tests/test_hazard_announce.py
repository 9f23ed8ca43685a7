"""announce_open_hazards, the hook the inspection flow calls when an enterprise is
chosen: silent without open hazards, otherwise one notice with the 复查 button."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.config import Settings
from bot.hazard_callbacks import Act, parse
from bot.hazard_service import KEY, HazardService
from bot.hazards import announce_open_hazards
from tests.test_hazard_reminders import Recorder, prepared
from storage import Storage


class Bot(Recorder):
    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None, **_: Any) -> None:
        self.sent.append(("message", chat_id, text))
        self.markup = reply_markup


async def test_announce_only_when_open_hazards(tmp_path: Path) -> None:
    await prepared(tmp_path / "data")
    store = await Storage.open(tmp_path / "data")
    hz = HazardService(store=store.hazards, settings=Settings(group_id=-1, digest_at=time(9)))
    bot = Bot()
    context = SimpleNamespace(bot=bot, application=SimpleNamespace(bot_data={KEY: hz}))
    quiet = await store.enterprise_by_name("没有隐患的公司")
    await announce_open_hazards(context, 77, quiet.id)
    assert bot.sent == []
    busy = await store.enterprise_by_name("某公司")
    await announce_open_hazards(context, 77, busy.id)
    assert len(bot.sent) == 1 and "1</b> 条未销号隐患" in bot.sent[0][2] and "整改销号后方可复产" in bot.sent[0][2]
    button = bot.markup.inline_keyboard[0][0]
    assert parse(button.callback_data).act is Act.WALK and parse(button.callback_data).id == busy.id
    await store.close()
