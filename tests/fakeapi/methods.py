"""Bot-side methods that create or change messages, with Telegram's refusals.

Each handler gets the server and the call's Params and returns the `result`
JSON; raising ApiError produces Telegram's error response instead. Nothing is
stored before every check has passed, so a refused call leaves no trace.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .files import MAX_DOWNLOAD, StoredFile
from .limits import message_caption, message_text
from .params import ApiError, Params, Upload, bad_request
from .state import StoredMessage

if TYPE_CHECKING:
    from .server import FakeBotAPI

Handler = Callable[["FakeBotAPI", Params], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def handles(name: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[name] = function
        return function

    return register


def target_chat(api: FakeBotAPI, p: Params) -> int:
    """The chat a send goes to, refusing chats the bot may not write to."""
    chat_id = p.chat_id()
    if chat_id in api.state.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat_id


def inline_markup(p: Params) -> dict[str, Any] | None:
    """Only inline keyboards belong to the message; reply keyboards live in the client."""
    markup = p.get_json("reply_markup")
    if isinstance(markup, dict) and markup.get("inline_keyboard"):
        return markup
    return None


def reply_extra(api: FakeBotAPI, chat_id: int, p: Params) -> dict[str, Any]:
    parameters = p.get_json("reply_parameters")
    if not isinstance(parameters, dict) or "message_id" not in parameters:
        return {}
    target = api.state.find(int(parameters.get("chat_id", chat_id)), int(parameters["message_id"]))
    if target is None:
        if parameters.get("allow_sending_without_reply"):
            return {}
        raise bad_request("message to be replied not found")
    quoted = target.to_json()
    quoted.pop("reply_to_message", None)
    return {"reply_to_message": quoted}


@handles("sendMessage")
async def send_message(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat_id = target_chat(api, p)
    parsed = message_text(p)
    extra = reply_extra(api, chat_id, p)
    message = api.state.add_message(
        chat_id, api.bot_user, text=parsed.text, entities=parsed.entities or None,
        raw_text=p.get_str("text"), reply_markup=inline_markup(p), extra=extra,
    )
    return message.to_json()


def editable(api: FakeBotAPI, p: Params) -> StoredMessage:
    if p.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the fake server")
    message = api.state.find(p.chat_id(), p.need_int("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _edited(api: FakeBotAPI, message: StoredMessage) -> None:
    message.edit_date = int(time.time())
    api.state.changed.notify()


def _same_markup(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    return (old or {}).get("inline_keyboard") == (new or {}).get("inline_keyboard")


@handles("editMessageText")
async def edit_message_text(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    """Omitting reply_markup removes the keyboard, exactly as on Telegram."""
    message = editable(api, p)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    parsed = message_text(p)
    markup = inline_markup(p)
    unchanged = parsed.text == message.text and (parsed.entities or None) == message.entities
    if unchanged and _same_markup(message.reply_markup, markup):
        raise bad_request(NOT_MODIFIED)
    message.text, message.entities, message.raw_text = parsed.text, parsed.entities or None, p.get_str("text")
    message.reply_markup = markup
    _edited(api, message)
    api.state.shown_again(message)
    return message.to_json()


@handles("editMessageReplyMarkup")
async def edit_message_reply_markup(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    message = editable(api, p)
    markup = inline_markup(p)
    if _same_markup(message.reply_markup, markup):
        raise bad_request(NOT_MODIFIED)
    message.reply_markup = markup
    _edited(api, message)
    return message.to_json()


@handles("deleteMessage")
async def delete_message(api: FakeBotAPI, p: Params) -> bool:
    message = api.state.find(p.chat_id(), p.need_int("message_id"))
    if message is None:
        raise bad_request("message to delete not found")
    if not message.from_bot and message.chat_id < 0:
        raise bad_request("message can't be deleted")
    message.deleted = True
    api.state.changed.notify()
    return True


def uploaded_file(api: FakeBotAPI, p: Params, name: str) -> Upload | StoredFile:
    """An upload, or a file_id the server issued; URLs can't be fetched offline."""
    source = p.get_file(name)
    if isinstance(source, Upload):
        if len(source.data) > 50 * 1024 * 1024:
            raise ApiError(413, "Request Entity Too Large")
        return source
    stored = api.files.get(source or "")
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


@handles("sendDocument")
async def send_document(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat_id = target_chat(api, p)
    source = uploaded_file(api, p, "document")
    caption = message_caption(p)
    extra = reply_extra(api, chat_id, p)
    if isinstance(source, Upload):
        name = source.filename or "document"
        extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
        source = api.files.add(source.data, "documents", extension, name, source.content_type)
    message = api.state.add_message(
        chat_id, api.bot_user, document=source, caption=caption.text if caption else None,
        entities=(caption.entities or None) if caption else None,
        reply_markup=inline_markup(p), extra=extra,
    )
    return message.to_json()


@handles("sendPhoto")
async def send_photo(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat_id = target_chat(api, p)
    source = uploaded_file(api, p, "photo")
    caption = message_caption(p)
    extra = reply_extra(api, chat_id, p)
    try:
        sizes = api.files.add_photo(source.data)
    except OSError:
        raise bad_request("IMAGE_PROCESS_FAILED") from None
    message = api.state.add_message(
        chat_id, api.bot_user, caption=caption.text if caption else None,
        entities=(caption.entities or None) if caption else None,
        reply_markup=inline_markup(p), extra={"photo": sizes, **extra},
    )
    return message.to_json()


@handles("getFile")
async def get_file(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    stored = api.files.get(p.get_str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return stored.file_json()
