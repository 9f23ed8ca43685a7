"""The person side of the chat: what a user can do in a Telegram client.

Every action first marks the chat as read up to now, so a later
`wait_for_message` only sees what the bot says *in answer to* this action.
Actions are synchronous: they just queue the update the bot will poll.
"""

from __future__ import annotations

import io
import secrets
import time
from typing import Any

from PIL import Image

from .files import FileStore
from .markup import utf16_len
from .service import MEMBER_STATUSES
from .state import State, StoredMessage, User


class UserSide:
    """Mixin for FakeBotAPI; relies on its `state` and `files`."""

    state: State
    files: FileStore

    def user(
        self, user_id: int, first_name: str, username: str | None = None, language_code: str | None = "en"
    ) -> User:
        person = User(user_id, first_name, username, language_code=language_code)
        self.state.users[user_id] = person
        return person

    def group(self, chat_id: int, title: str) -> int:
        """Name a group chat (negative id; -100... makes it a supergroup)."""
        self.state.titles[chat_id] = title
        return chat_id

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember reports; Telegram's statuses, 'left' by default."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}")
        self.state.members[(chat_id, user_id)] = status

    def block(self, user_id: int, blocked: bool = True) -> None:
        """The user blocked the bot: sends to them get 403."""
        (self.state.blocked.add if blocked else self.state.blocked.discard)(user_id)

    def _post(self, user: User, chat_id: int | None, **content: Any) -> StoredMessage:
        chat = user.id if chat_id is None else chat_id
        self.state.users.setdefault(user.id, user)
        self.state.mark_read(chat)
        message = self.state.add_message(chat, user, **content)
        self.state.enqueue("message", message.to_json())
        return message

    def send_text(self, user: User, text: str, chat_id: int | None = None) -> StoredMessage:
        return self._post(user, chat_id, text=text)

    def send_command(self, user: User, command: str, chat_id: int | None = None) -> StoredMessage:
        """'/cmd args' with the bot_command entity clients attach."""
        if not command.startswith("/"):
            raise ValueError("a command starts with '/'")
        head = command.split(maxsplit=1)[0]
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(head)}
        return self._post(user, chat_id, text=command, entities=[entity])

    def press(
        self, user: User, message_id: int, data: str, chat_id: int | None = None, check: bool = False
    ) -> str:
        """Tap an inline button; returns the callback query id to check it was answered.

        Any data is sent by default: a stale client or a tampering one can send
        callback_data the message no longer shows, and bots must cope. With
        check=True the message must currently show a button with this data.
        """
        chat = user.id if chat_id is None else chat_id
        message = self.state.find(chat, message_id)
        if message is None:
            raise AssertionError(f"no message {message_id} in chat {chat} to press a button on")
        rows = (message.reply_markup or {}).get("inline_keyboard", [])
        offered = [button.get("callback_data") for row in rows for button in row]
        if check and data not in offered:
            raise AssertionError(f"message {message_id} has no button {data!r}; buttons: {message.buttons}")
        self.state.users.setdefault(user.id, user)
        self.state.mark_read(chat)
        record = self.state.new_callback(user, message, data)
        payload = {
            "id": record.id,
            "from": user.to_json(),
            "message": message.to_json(),
            "chat_instance": str(abs(chat) * 7919 + 1_000_003),
            "data": data,
        }
        self.state.enqueue("callback_query", payload)
        return record.id

    def send_photo(
        self, user: User, data: bytes, caption: str | None = None,
        media_group_id: str | None = None, chat_id: int | None = None,
    ) -> StoredMessage:
        """A photo as Telegram delivers it: re-encoded sizes, no EXIF (see files.py)."""
        extra: dict[str, Any] = {"photo": self.files.add_photo(data)}
        if media_group_id:
            extra["media_group_id"] = media_group_id
        return self._post(user, chat_id, caption=caption, extra=extra)

    def send_document(
        self, user: User, data: bytes, file_name: str, mime_type: str, caption: str | None = None,
        media_group_id: str | None = None, chat_id: int | None = None,
    ) -> StoredMessage:
        """A file sent 'as file': the bot gets the exact bytes, EXIF and all."""
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.files.add(data, "documents", extension, file_name, mime_type)
        extra = {"media_group_id": media_group_id} if media_group_id else {}
        return self._post(user, chat_id, document=stored, caption=caption, extra=extra)

    def send_album(
        self, user: User, photos: list[bytes], caption: str | None = None, chat_id: int | None = None
    ) -> list[StoredMessage]:
        """Several photos at once: one update each, sharing a media_group_id."""
        group_id = str(13_000_000_000_000_000 + secrets.randbelow(10**15))
        return [
            self.send_photo(user, data, caption if index == 0 else None, group_id, chat_id)
            for index, data in enumerate(photos)
        ]

    def send_sticker(self, user: User, emoji: str = "👍", chat_id: int | None = None) -> StoredMessage:
        stored = self.files.add(_webp(), "stickers", "webp")
        sticker = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": stored.size,
            "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False,
            "emoji": emoji,
        }
        return self._post(user, chat_id, extra={"sticker": sticker})

    def send_voice(self, user: User, duration: int = 3, chat_id: int | None = None) -> StoredMessage:
        stored = self.files.add(b"OggS" + bytes(60), "voice", "oga", mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "duration": duration, "mime_type": "audio/ogg", "file_size": stored.size,
        }
        return self._post(user, chat_id, extra={"voice": voice})

    def send_location(
        self, user: User, latitude: float, longitude: float, chat_id: int | None = None
    ) -> StoredMessage:
        return self._post(user, chat_id, extra={"location": {"latitude": latitude, "longitude": longitude}})

    def edit_text(self, user: User, message_id: int, new_text: str, chat_id: int | None = None) -> StoredMessage:
        """The user edits one of their own text messages: an edited_message update."""
        chat = user.id if chat_id is None else chat_id
        message = self.state.find(chat, message_id)
        if message is None or message.from_bot or message.text is None:
            raise AssertionError(f"message {message_id} in chat {chat} is not a text message by the user")
        self.state.mark_read(chat)
        message.text, message.entities = new_text, None
        message.edit_date = max(int(time.time()), message.date)
        self.state.enqueue("edited_message", message.to_json())
        return message


def _webp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (512, 512), (255, 200, 0, 255)).save(buffer, format="WEBP")
    return buffer.getvalue()
