"""Request parameters as Telegram receives them, plus the error type every layer raises.

Form posts carry everything as strings (PTB JSON-encodes nested objects into a
string field), JSON bodies carry native values; `Params` hides that difference
from the method handlers so they read the same either way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_INT = re.compile(r"-?\d+")


class ApiError(Exception):
    """A Bot API error response; `violation` says whether the bot was at fault."""

    def __init__(
        self,
        status: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        violation: bool = True,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters
        self.violation = violation

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class Upload:
    """One multipart file part, kept whole so tests can compare bytes."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)


@dataclass
class Params:
    """Typed access to one call's parameters; malformed values become 400s."""

    raw: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.raw

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None:
            return default
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _INT.fullmatch(value):
            return int(value)
        raise bad_request(f"invalid {name} specified")

    def need_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return bool(value == "true")
        raise bad_request(f"invalid {name} specified")

    def get_json(self, name: str, default: Any = None) -> Any:
        """Nested objects arrive JSON-encoded in form posts and native in JSON bodies."""
        value = self.raw.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def chat_id(self, name: str = "chat_id") -> int:
        value = self.raw.get(name)
        if isinstance(value, str) and value.startswith("@"):
            raise bad_request("chat not found")
        return self.need_int(name)

    def get_file(self, name: str) -> Upload | str | None:
        """An upload under the field's own name, an attach:// reference, or a file_id/URL."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.raw.get(name)
        if isinstance(value, Upload):
            return value
        if isinstance(value, str) and value.startswith("attach://"):
            upload = self.uploads.get(value[len("attach://"):])
            if upload is None:
                raise bad_request(f"file {value} not found in the request")
            return upload
        return value if isinstance(value, str) else None


def attach_references(value: Any) -> set[str]:
    """Names of multipart parts referenced as attach://name anywhere inside a value."""
    found: set[str] = set()
    if isinstance(value, str):
        if value.startswith("attach://"):
            found.add(value[len("attach://"):])
        elif value.startswith(("[", "{")):
            try:
                found |= attach_references(json.loads(value))
            except ValueError:
                pass
    elif isinstance(value, dict):
        for item in value.values():
            found |= attach_references(item)
    elif isinstance(value, list):
        for item in value:
            found |= attach_references(item)
    return found
