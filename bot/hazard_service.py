"""The hazard register's long-lived state on the bot side, kept in bot_data.

`drafting` and `contacts` mirror tables (hazard_drafts, hazard_contacts) so
that the synchronous handler filters and the access gate can ask "is this
person composing a report / an enterprise contact?" without a query per
update; the database stays the truth and they are reloaded at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from telegram import Message
from telegram.ext import ContextTypes, filters

from bot.config import Settings
from checklists.hazard_flow import Actor, Role
from checklists.hazards import Contact
from storage.hazard_store import HazardStore

KEY = "hazard_service"
DRAFTING_KEY = "hazard_drafting"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class HazardService:
    store: HazardStore
    settings: Settings
    drafting: set[int] = field(default_factory=set)
    contacts: dict[int, Contact] = field(default_factory=dict)
    clock: Callable[[], datetime] = utcnow  # injected by tests

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.settings.tz).date()

    def actor(self, user_id: int) -> Actor:
        """Who this is for the rules: a contact (one enterprise), a supervisor, or staff."""
        contact = self.contacts.get(user_id)
        if contact is not None:
            return Actor(user_id, Role.CONTACT, contact.enterprise_id)
        if user_id in self.settings.admin_ids:
            return Actor(user_id, Role.SUPERVISOR)
        return Actor(user_id, Role.STAFF)

    async def load(self) -> None:
        self.drafting.clear()
        self.drafting.update(await self.store.drafting_users())
        self.contacts = {c.user_id: c for c in await self.store.active_contacts()}


def hazard_service(context: ContextTypes.DEFAULT_TYPE) -> HazardService:
    return context.application.bot_data[KEY]


class Drafting(filters.MessageFilter):
    """Messages from someone composing a rectification report or an extension request."""

    def __init__(self, drafting: set[int]) -> None:
        super().__init__(name="hazard_drafting")
        self._drafting = drafting

    def filter(self, message: Message) -> bool:
        return message.from_user is not None and message.from_user.id in self._drafting
