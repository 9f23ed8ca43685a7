"""Telegram's value limits that the schema cannot express.

These hold with or without the spec file: the schema says `text` is a String,
but Telegram also refuses an empty one, a 4097-character one, broken HTML, or
65 bytes of callback_data, and those are exactly the bugs that only show up
in production.
"""

from __future__ import annotations

import re
from typing import Any

from .markup import Parsed, parse
from .params import Params, bad_request

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
ANSWER_TEXT_LIMIT = 200
MAX_BUTTONS = 100
TEXT_METHODS = ("sendMessage", "editMessageText")
CHAT_ACTIONS = (
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)


def check_limits(method: str, p: Params) -> None:
    """Raise the 400 Telegram would give for the first limit the call breaks."""
    if method in TEXT_METHODS and p.has("text"):
        message_text(p)
    if p.has("caption") or (p.has("parse_mode") and method not in TEXT_METHODS):
        message_caption(p)
    if p.has("reply_markup"):
        check_reply_markup(p.get_json("reply_markup"))
    if method == "answerCallbackQuery" and len(p.get_str("text") or "") > ANSWER_TEXT_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")
    if method == "setMyCommands":
        check_commands(p.get_json("commands"))
    if method == "sendChatAction" and p.get_str("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")


def message_text(p: Params) -> Parsed:
    """The text as shown: 1-4096 characters after entity parsing, not blank."""
    parsed = parse(p.get_str("text") or "", p.get_str("parse_mode"))
    if p.has("entities") and not p.has("parse_mode"):
        parsed.entities = list(p.get_json("entities") or [])
    if not parsed.text.strip():
        raise bad_request("message text is empty")
    if len(parsed.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return parsed


def message_caption(p: Params) -> Parsed | None:
    """0-1024 characters after entity parsing; None when there is no caption."""
    if not p.has("caption"):
        parse("", p.get_str("parse_mode"))  # still rejects an unknown parse_mode
        return None
    parsed = parse(p.get_str("caption") or "", p.get_str("parse_mode"))
    if p.has("caption_entities") and not p.has("parse_mode"):
        parsed.entities = list(p.get_json("caption_entities") or [])
    if len(parsed.text) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    return parsed


def check_reply_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        labels = [b if isinstance(b, str) else b.get("text") for row in rows for b in row]
        if any(not label for label in labels):
            raise bad_request("keyboard button text must be non-empty")


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard: expected an Array of Array of InlineKeyboardButton")
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        _check_button(button)


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text") or "").strip():
        raise bad_request("can't parse inline keyboard button: text must be non-empty")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if len(actions) != 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of "
            f"url/callback_data/... must be set, got {actions or 'none'}"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: unsupported URL protocol")


def check_commands(commands: Any) -> None:
    """Up to 100 commands; an empty list is how a bot clears them, so it is allowed."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be 1-256 characters")
