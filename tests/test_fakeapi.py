"""The fake Bot API server itself, driven by PTB's own `telegram.Bot` over real HTTP.

If these pass, an end-to-end test failing against the fake server means the
bot did something Telegram would refuse (or behave differently on), not that
the fake is wrong.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import telegram
from PIL import Image
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter

import fakeapi.spec
from fakeapi import FakeBotAPI, load_spec, tiny_jpeg

needs_spec = pytest.mark.skipif(load_spec() is None, reason="Bot API spec not available on this machine")
CHAT = 5550001


@pytest.fixture
async def bot(botapi: FakeBotAPI) -> AsyncIterator[telegram.Bot]:
    instance = telegram.Bot(botapi.token, base_url=f"{botapi.url}/bot", base_file_url=f"{botapi.url}/file/bot")
    async with instance:
        yield instance


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"b{i}", callback_data=d)] for i, d in enumerate(data)])


def jpeg_with_exif(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (10, 200, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


async def test_send_message_html_is_stored_as_shown(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    sent = await bot.send_message(CHAT, "<b>Fire</b> exits &amp; <i>doors</i>", parse_mode="HTML")
    assert sent.text == "Fire exits & doors"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 4), ("italic", 13, 5)]
    assert botapi.messages(CHAT)[-1].text == "Fire exits & doors"
    assert botapi.violations == []


@pytest.mark.parametrize(
    "markup",
    ["a < b", "Tom & Jerry", "<b>open", "<b>x</i>", "<p>x</p>", "<span>x</span>", "&nbsp;", "</b>"],
)
async def test_bad_html_is_refused_and_recorded(botapi: FakeBotAPI, bot: telegram.Bot, markup: str) -> None:
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(CHAT, markup, parse_mode="HTML")
    assert botapi.messages(CHAT) == []
    assert len(botapi.violations) == 1 and "can't parse entities" in botapi.violations[0]


async def test_markdown_v2_reserved_characters(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    ok = await bot.send_message(CHAT, r"*Done* in 1\.5 s", parse_mode="MarkdownV2")
    assert ok.text == "Done in 1.5 s"
    with pytest.raises(BadRequest, match="reserved"):
        await bot.send_message(CHAT, "Done in 1.5 s", parse_mode="MarkdownV2")


async def test_callback_data_is_limited_to_64_bytes(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    await bot.send_message(CHAT, "ok", reply_markup=keyboard("x" * 64, "确" * 21))
    assert botapi.violations == []
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(CHAT, "too long", reply_markup=keyboard("确" * 22))  # 66 bytes
    assert len(botapi.violations) == 1


@needs_spec
async def test_unknown_parameter_is_refused(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="colour"):
        await bot.send_message(CHAT, "hi", api_kwargs={"colour": "red"})
    assert 'unexpected parameter "colour"' in botapi.violations[0]


async def test_text_length_counts_after_entity_parsing(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    await bot.send_message(CHAT, "x" * 4096)
    await bot.send_message(CHAT, "&lt;" * 4096, parse_mode="HTML")
    assert botapi.messages(CHAT)[-1].text == "<" * 4096
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(CHAT, "<b> </b>", parse_mode="HTML")
    assert len(botapi.violations) == 2


async def test_get_updates_long_polls_until_an_update_arrives(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann")
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=5, allowed_updates=["message", "callback_query"]))
    await asyncio.sleep(0.3)
    assert not poll.done()
    botapi.send_text(user, "hello")
    updates = await poll
    assert loop.time() - started < 2
    assert [u.message.text for u in updates] == ["hello"]
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert botapi.pending_updates() == 0


async def test_get_updates_respects_allowed_updates(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann")
    message = await bot.send_message(CHAT, "pick", reply_markup=keyboard("a"))
    botapi.press(user, message.message_id, "a")
    botapi.send_text(user, "text")
    updates = await bot.get_updates(timeout=0, allowed_updates=["message"])
    assert [u.message.text for u in updates] == ["text"]


async def test_newer_poll_terminates_older_one(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with telegram.Bot(botapi.token, base_url=f"{botapi.url}/bot") as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict):
        await older
    assert botapi.violations == []


async def test_press_delivers_callback_query_and_tracks_answer(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann", username="ann")
    sent = await bot.send_message(CHAT, "Fire exits clear?", reply_markup=keyboard("yes", "no"))
    query_id = botapi.press(user, sent.message_id, "yes")
    assert botapi.unanswered_callbacks() == [query_id]
    (update,) = await bot.get_updates(timeout=1)
    query = update.callback_query
    assert (query.id, query.data, query.from_user.username) == (query_id, "yes", "ann")
    assert query.message.text == "Fire exits clear?" and query.message.reply_markup == keyboard("yes", "no")
    await query.answer("Saved")
    assert botapi.answered(query_id) and botapi.unanswered_callbacks() == []
    assert botapi.answer_of(query_id) == {"text": "Saved"}
    with pytest.raises(BadRequest, match="too old"):
        await query.answer()
    with pytest.raises(AssertionError, match="no button"):
        botapi.press(user, sent.message_id, "maybe", check=True)
    forged = botapi.press(user, sent.message_id, "forged")  # tampering clients can send anything
    assert botapi.unanswered_callbacks() == [forged]


async def test_edits_and_not_modified(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    sent = await bot.send_message(CHAT, "Q1", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Q1", CHAT, sent.message_id, reply_markup=keyboard("a"))
    await bot.edit_message_text("Q1 <b>done</b>", CHAT, sent.message_id, parse_mode="HTML")
    shown = botapi.messages(CHAT)[0]
    assert (shown.text, shown.buttons) == ("Q1 done", [])  # no reply_markup: keyboard removed
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("b"))
    assert botapi.messages(CHAT)[0].buttons == [("b0", "b")]
    await bot.delete_message(CHAT, sent.message_id)
    assert botapi.messages(CHAT) == []
    with pytest.raises(BadRequest, match="not found"):
        await bot.delete_message(CHAT, sent.message_id)


async def test_wait_for_message_reads_like_a_person(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann")
    await bot.send_message(CHAT, "old news")
    botapi.send_command(user, "/new fire")
    later = asyncio.create_task(botapi.wait_for_message(CHAT, lambda m: "second" in (m.text or ""), timeout=3))
    await bot.send_message(CHAT, "first")
    await bot.send_message(CHAT, "second")
    assert (await later).text == "second"
    with pytest.raises(AssertionError, match="second"):
        await botapi.wait_for_message(CHAT, timeout=0.2)  # everything shown is read
    (update,) = await bot.get_updates(timeout=0)
    assert update.message.entities[0].type == "bot_command" and update.message.entities[0].length == 4


async def test_photo_and_document_round_trip(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann")
    original = jpeg_with_exif(2000, 1500)
    botapi.send_photo(user, original, caption="crack")
    botapi.send_document(user, original, "IMG_1.jpg", "image/jpeg")
    photo_update, document_update = await bot.get_updates(timeout=0)
    sizes = photo_update.message.photo
    assert [(s.width, s.height) for s in sizes] == [(90, 68), (320, 240), (800, 600), (1280, 960)]
    photo = bytes(await (await sizes[-1].get_file()).download_as_bytearray())
    assert Image.open(io.BytesIO(photo)).size == (1280, 960)
    assert not Image.open(io.BytesIO(photo)).getexif()
    document = document_update.message.document
    assert (document.file_name, document.mime_type) == ("IMG_1.jpg", "image/jpeg")
    assert bytes(await (await document.get_file()).download_as_bytearray()) == original


async def test_album_shares_media_group(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann")
    botapi.send_album(user, [tiny_jpeg(), tiny_jpeg(color=(0, 0, 0)), tiny_jpeg(320, 200)])
    updates = await bot.get_updates(timeout=0)
    assert len({u.message.media_group_id for u in updates}) == 1 and len(updates) == 3


async def test_get_file_refuses_files_over_20_mb(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    user = botapi.user(CHAT, "Ann")
    botapi.send_document(user, bytes(20 * 1024 * 1024 + 1), "huge.zip", "application/zip")
    (update,) = await bot.get_updates(timeout=0)
    with pytest.raises(BadRequest, match="(?i)file is too big"):
        await update.message.document.get_file()


async def test_send_document_stores_bytes(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    payload = b"PK\x03\x04 spreadsheet bytes"
    sent = await bot.send_document(CHAT, payload, filename="report.xlsx", caption="<b>Report</b>", parse_mode="HTML")
    assert sent.document.file_name == "report.xlsx" and sent.caption == "Report"
    (document,) = botapi.documents(CHAT)
    assert (document.data, document.file_name, document.caption) == (payload, "report.xlsx", "Report")
    assert botapi.violations == []


def _seconds(value: int | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_injected_faults_store_nothing(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    botapi.fail("sendMessage", chat_id=CHAT, status=429, retry_after=7)
    with warnings.catch_warnings():  # PTB 22 warns about int -> timedelta inside RetryAfter itself
        warnings.simplefilter("ignore")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(CHAT, "hi")
        assert _seconds(caught.value.retry_after) == 7
    botapi.fail("sendDocument", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_document(CHAT, b"x", filename="a.txt")
    assert botapi.messages(CHAT) == [] and botapi.violations == []
    await bot.send_message(CHAT, "hi")
    assert [m.text for m in botapi.messages(CHAT)] == ["hi"]


@needs_spec
async def test_spec_types_are_checked_recursively(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    raw = {"inline_keyboard": [{"text": "flat", "callback_data": "x"}]}  # not an array of arrays
    with pytest.raises(BadRequest, match="(?i)inline_keyboard"):
        await bot.send_message(CHAT, "x", api_kwargs={"reply_markup": raw})
    with pytest.raises(BadRequest, match="(?i)disable_notification"):
        await bot.send_message(CHAT, "x", api_kwargs={"disable_notification": "yes"})
    with pytest.raises(BadRequest, match="(?i)chat_id"):
        await bot.set_my_commands([("new", "New")], api_kwargs={"scope": {"type": "chat"}})
    await bot.set_my_commands([("new", "New")], scope=telegram.BotCommandScopeChat(CHAT))
    assert len(botapi.violations) == 3


@needs_spec
async def test_server_responses_match_the_spec(botapi: FakeBotAPI, bot: telegram.Bot) -> None:
    spec = botapi.spec
    assert spec is not None
    user = botapi.user(CHAT, "Ann")
    botapi.set_member(-1001, CHAT, "administrator")
    await bot.send_message(CHAT, "hi", reply_markup=keyboard("a"))
    photo_id = botapi.send_photo(user, tiny_jpeg()).extra["photo"][-1]["file_id"]
    botapi.press(user, 1, "a")
    checks: list[tuple[str, dict[str, Any], str]] = [
        ("getMe", {}, "User"),
        ("getUpdates", {"timeout": 0}, "Array of Update"),
        ("getChatMember", {"chat_id": -1001, "user_id": CHAT}, "ChatMember"),
        ("getChat", {"chat_id": CHAT}, "ChatFullInfo"),
        ("sendDocument", {"chat_id": CHAT, "document": photo_id}, "Message"),
    ]
    async with aiohttp.ClientSession() as session:
        for method, params, expected in checks:
            async with session.post(f"{botapi.url}/bot{botapi.token}/{method}", json=params) as response:
                body = await response.json()
            assert body["ok"], body
            assert spec.check_value(body["result"], [expected], method) is None
    assert botapi.violations == []


async def test_raw_http_errors_look_like_telegram(botapi: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{botapi.url}/bot123:wrong/getMe") as response:
            assert response.status == 401 and (await response.json())["description"] == "Unauthorized"
        async with session.get(f"{botapi.url}/bot{botapi.token}/sendMessage?chat_id=1&text=hi") as response:
            assert (await response.json())["result"]["text"] == "hi"
        if botapi.validating:
            async with session.post(f"{botapi.url}/bot{botapi.token}/sendMesage", data={}) as response:
                assert response.status == 404


async def test_without_spec_the_server_still_serves(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fakeapi.spec, "SPEC_PATH", tmp_path / "missing" / "api.min.json")
    async with FakeBotAPI() as server:
        assert not server.validating
        async with telegram.Bot(server.token, base_url=f"{server.url}/bot") as offline_bot:
            sent = await offline_bot.send_message(CHAT, "<i>hi</i>", parse_mode="HTML")
            assert sent.text == "hi"
            with pytest.raises(BadRequest):
                await offline_bot.send_message(CHAT, "a < b", parse_mode="HTML")  # limits still apply
        assert len(server.violations) == 1
