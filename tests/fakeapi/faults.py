"""Injected failures, for testing how the bot copes with Telegram having a bad day."""

from __future__ import annotations

from dataclasses import dataclass

from .params import ApiError

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    """The next `times` calls of `method` (to `chat_id`, if given) fail with `status`,
    after `delay` seconds (longer than the client's timeout: the call times out)."""

    method: str
    chat_id: int | None
    times: int
    status: int
    retry_after: int
    description: str | None
    delay: float = 0.0

    def matches(self, method: str, chat_id: int | None) -> bool:
        same_chat = self.chat_id is None or self.chat_id == chat_id
        return self.times > 0 and self.method.lower() == method.lower() and same_chat

    def error(self) -> ApiError:
        template = self.description or _DEFAULT_DESCRIPTIONS.get(self.status, "Injected failure")
        description = template.format(retry_after=self.retry_after)
        parameters = {"retry_after": self.retry_after} if self.status == 429 else None
        return ApiError(self.status, description, parameters, violation=False)


class FaultPlan:
    """Pending faults, consumed in the order they were planned."""

    def __init__(self) -> None:
        self.pending: list[Fault] = []
        self.fired: list[tuple[str, int | None, int]] = []  # (method, chat_id, status)

    def add(self, fault: Fault) -> None:
        self.pending.append(fault)

    def cancel(self, method: str, chat_id: int | None) -> None:
        for fault in self.pending:
            if fault.method.lower() == method.lower() and chat_id in (None, fault.chat_id):
                fault.times = 0

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.pending:
            if fault.matches(method, chat_id):
                fault.times -= 1
                self.fired.append((method, chat_id, fault.status))
                return fault
        return None
