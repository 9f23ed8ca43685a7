"""What the bot remembers about who belongs to the bureau group.

Asking Telegram (getChatMember) for every update would be slow and would lock
everyone out whenever Telegram is unreachable, so verdicts are remembered.
Three things shape the memory:

- a verdict is *fresh* for a while (members longer than outsiders, so a newly
  added member waits at most a minute) and is then asked again;
- a member's positive verdict stays usable as a *fallback* for much longer: if
  Telegram cannot be asked, a person confirmed in the last day keeps working,
  because a failure to check is not a "no";
- the memory is bounded (least recently used verdicts go first), so strangers
  writing to the bot cannot make it grow without limit.

Pure: no Telegram, no clock of its own (callers pass `now`), so it is tested
directly.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum

MEMBER_FRESH = 600.0  # seconds a "member" verdict is trusted without asking again
OUTSIDER_FRESH = 60.0  # a newly added member waits at most this long
MEMBER_FALLBACK = 24 * 3600.0  # how long a confirmed member rides out a failed check
MAX_ENTRIES = 2048  # a bureau has dozens of inspectors; strangers are evicted first


class Verdict(Enum):
    """The answer to "may this person use the bot?" — including "cannot tell now"."""

    MEMBER = "member"
    OUTSIDER = "outsider"
    UNKNOWN = "unknown"  # the check failed and nothing recent is known


@dataclass(frozen=True)
class _Entry:
    member: bool
    checked_at: float


class MemberCache:
    """A bounded LRU of membership verdicts with expiry."""

    def __init__(
        self, max_entries: int = MAX_ENTRIES, member_fresh: float = MEMBER_FRESH,
        outsider_fresh: float = OUTSIDER_FRESH, member_fallback: float = MEMBER_FALLBACK,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._member_fresh, self._outsider_fresh = member_fresh, outsider_fresh
        self._fallback = max(member_fallback, member_fresh)
        self._entries: OrderedDict[int, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def fresh(self, user_id: int, now: float) -> Verdict | None:
        """The remembered verdict if it is recent enough to skip asking Telegram."""
        entry = self._entries.get(user_id)
        if entry is None:
            return None
        ttl = self._member_fresh if entry.member else self._outsider_fresh
        if now - entry.checked_at >= ttl:
            return None
        self._entries.move_to_end(user_id)
        return Verdict.MEMBER if entry.member else Verdict.OUTSIDER

    def fallback(self, user_id: int, now: float) -> Verdict:
        """When Telegram cannot be asked: a recent member stays in, anyone else is unknown.

        An outsider's old "no" is not reused either: they may have been added
        since, and "try again in a minute" is true for both.
        """
        entry = self._entries.get(user_id)
        if entry is not None and entry.member and now - entry.checked_at < self._fallback:
            self._entries.move_to_end(user_id)
            return Verdict.MEMBER
        return Verdict.UNKNOWN

    def remember(self, user_id: int, member: bool, now: float) -> None:
        """Store Telegram's answer, evicting the least recently used beyond the bound."""
        self._entries[user_id] = _Entry(member, now)
        self._entries.move_to_end(user_id)
        self._expire(now)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def _expire(self, now: float) -> None:
        """Drop the oldest entries that nothing can use any more (cheap: LRU order ~ age)."""
        while self._entries:
            user_id, entry = next(iter(self._entries.items()))
            useful_for = self._fallback if entry.member else self._outsider_fresh
            if now - entry.checked_at < useful_for:
                return
            del self._entries[user_id]
