"""Logging that never prints the bot token.

httpx logs every request URL, and Telegram puts the token in the URL path;
exceptions from failed requests can carry it too. A filter on the root
handler rewrites any record (message, arguments and traceback text) that
contains the token, so no code path can leak it.
"""

from __future__ import annotations

import logging
import re
import sys

MASK = "<TOKEN>"
# Anything shaped like a bot token, for tokens we were not told about.
_TOKEN_SHAPE = re.compile(r"\d{5,12}:[A-Za-z0-9_-]{30,}")


class RedactTokenFilter(logging.Filter):
    """Replace the token (and anything token-shaped) in the final log text."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self._token = token or None

    def redact(self, text: str) -> str:
        if self._token:
            text = text.replace(self._token, MASK)
        return _TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str = "INFO", token: str | None = None) -> None:
    """Configure the root logger once; quiet httpx so request URLs are not logged."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokenFilter(token))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
