"""Bot-side methods that don't create messages: identity, polling, commands, members."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from .methods import handles, target_chat
from .params import ApiError, Params, bad_request
from .state import User

if TYPE_CHECKING:
    from .server import FakeBotAPI

DEFAULT_UPDATES = ("chat_member", "message_reaction", "message_reaction_count")  # opt-in only
MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


@handles("getMe")
async def get_me(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    return {
        **api.bot_user.to_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


@handles("deleteWebhook")
async def delete_webhook(api: FakeBotAPI, p: Params) -> bool:
    if p.get_bool("drop_pending_updates"):
        api.state.updates.clear()
    return True


@handles("getWebhookInfo")
async def get_webhook_info(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(api.state.updates)}


def _allowed(update: dict[str, Any], allowed: list[str] | None) -> bool:
    kind = next(key for key in update if key != "update_id")
    return kind in allowed if allowed else kind not in DEFAULT_UPDATES


@handles("getUpdates")
async def get_updates(api: FakeBotAPI, p: Params) -> list[dict[str, Any]]:
    """Long polling: hold the request until an update exists or `timeout` seconds pass.

    Passing offset confirms every earlier update; a newer getUpdates ends an
    older pending one with 409, as Telegram does when two instances poll.
    """
    state = api.state
    if p.has("allowed_updates"):
        api.allowed_updates = list(p.get_json("allowed_updates") or []) or None
    offset = p.get_int("offset") or 0
    if offset > 0:
        state.updates[:] = [u for u in state.updates if u["update_id"] >= offset]
    elif offset < 0:
        state.updates[:] = state.updates[offset:]
    limit = min(max(p.get_int("limit") or 100, 1), 100)
    api.poll_generation += 1
    mine = api.poll_generation
    state.changed.notify()  # wakes an older poll so it can see it was superseded
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(p.get_int("timeout") or 0, 0)
    while True:
        if api.poll_generation != mine:
            raise ApiError(409, CONFLICT, violation=False)
        state.updates[:] = [u for u in state.updates if _allowed(u, api.allowed_updates)]
        remaining = deadline - loop.time()
        if state.updates or api.closing or remaining <= 0:
            return state.updates[:limit]
        await state.changed.wait(remaining)


@handles("setMyCommands")
async def set_my_commands(api: FakeBotAPI, p: Params) -> bool:
    api.commands[_scope_key(p)] = list(p.get_json("commands") or [])
    return True


@handles("getMyCommands")
async def get_my_commands(api: FakeBotAPI, p: Params) -> list[dict[str, Any]]:
    return api.commands.get(_scope_key(p), [])


@handles("deleteMyCommands")
async def delete_my_commands(api: FakeBotAPI, p: Params) -> bool:
    api.commands.pop(_scope_key(p), None)
    return True


def _scope_key(p: Params) -> str:
    scope = p.get_json("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + (p.get_str("language_code") or "")


@handles("getChatMember")
async def get_chat_member(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat_id, user_id = p.chat_id(), p.need_int("user_id")
    user = api.state.users.get(user_id) or User(user_id, f"User {user_id}")
    return member_json(api.state.members.get((chat_id, user_id), "left"), user)


def member_json(status: str, user: User) -> dict[str, Any]:
    """A ChatMember of the given status with the fields its variant requires."""
    base: dict[str, Any] = {"status": status, "user": user.to_json()}
    if status == "creator":
        base["is_anonymous"] = False
    elif status == "administrator":
        base |= {"can_be_edited": False, "is_anonymous": False}
        base |= dict.fromkeys(
            ("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
             "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
             "can_edit_stories", "can_delete_stories"),
            True,
        )
    elif status == "restricted":
        base |= {"is_member": True, "until_date": 0}
        base |= dict.fromkeys(
            ("can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
             "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
             "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
             "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages", "can_manage_topics"),
            False,
        )
    elif status == "kicked":
        base["until_date"] = 0
    return base


@handles("getChat")
async def get_chat(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels")
    return {
        **api.state.chat_json(p.chat_id()),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys(gifts, False),
    }


@handles("answerCallbackQuery")
async def answer_callback_query(api: FakeBotAPI, p: Params) -> bool:
    """Each query can be answered once; an unknown or repeated id is Telegram's 'too old'."""
    record = api.state.callbacks.get(p.get_str("callback_query_id") or "")
    if record is None or record.answered:
        raise bad_request(QUERY_TOO_OLD)
    record.answered = True
    record.answer = {key: value for key, value in p.raw.items() if key != "callback_query_id"}
    api.state.changed.notify()
    return True


@handles("sendChatAction")
async def send_chat_action(api: FakeBotAPI, p: Params) -> bool:
    target_chat(api, p)
    return True
