"""Long-lived services, created at start-up and closed at shutdown (rules-bot style)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.albums import AlbumBuffer
from bot.config import Settings
from bot.textjoin import TextJoiner
from bot.membercache import MemberCache
from bot.prompts import Prompt
from checklists.loader import Catalog
from storage import Storage

if TYPE_CHECKING:
    from bot.delivery import DeliveryWorker

KEY = "services"


@dataclass
class Services:
    settings: Settings
    storage: Storage
    catalog: Catalog
    delivery: "DeliveryWorker | None" = None
    member_cache: MemberCache = field(default_factory=MemberCache)
    albums: AlbumBuffer = field(default_factory=AlbumBuffer)
    known_users: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    texts: TextJoiner = field(default_factory=TextJoiner)



def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[KEY]


async def send_prompt(context: ContextTypes.DEFAULT_TYPE, chat_id: int, prompt: Prompt) -> None:
    """All questions go out as HTML with user text already escaped by `prompts`."""
    await context.bot.send_message(
        chat_id, prompt.text, parse_mode=ParseMode.HTML, reply_markup=prompt.markup
    )
