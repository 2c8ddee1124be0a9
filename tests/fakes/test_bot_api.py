"""FakeBotAPI driven by python-telegram-bot's real Bot over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.fakes.bot_api import (
    ERR_NOT_MODIFIED,
    SECRET_HEADER,
    FakeBotAPI,
    UploadedFile,
    parse_html,
)

TOKEN = "123456:TEST"
USER_ID = 4242
BOT_FROM = {"id": 123456, "is_bot": True, "first_name": "Linli", "username": "linli_test_bot"}


@pytest.fixture(autouse=True)
def _timedelta_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB warns (an error under -W error) when it builds RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN, webhook_retry_delay=0.01) as api:
        yield api


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as real_bot:
        yield real_bot


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)] for text, data in labels_and_data])


async def raw_post(url: str, **kwargs: Any) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
        return response.status, await response.json()


# --------------------------------------------------------------------------- basics


async def test_get_me_and_recording(fake: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.first_name, me.is_bot) == (123456, "linli_test_bot", "Linli", True)
    assert fake.base_url == f"{fake.url}/bot"
    assert fake.call_counts["getMe"] == 2  # Bot.initialize() called it once already
    call = fake.calls_of("getMe")[-1]
    assert (call.method, call.params, call.status, call.ok) == ("getMe", {}, 200, True)


async def test_wrong_token_and_unknown_method(fake: FakeBotAPI) -> None:
    status, body = await raw_post(f"{fake.base_url}999:WRONG/getMe")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})

    status, body = await raw_post(f"{fake.base_url}{TOKEN}/sendTelepathy")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})

    with pytest.raises(InvalidToken) as error:
        await Bot("999:WRONG", base_url=fake.base_url).__aenter__()  # closes itself on failure
    assert error.value.message == "The token `999:WRONG` was rejected by the server."


async def test_method_names_are_case_insensitive_and_json_bodies_work(fake: FakeBotAPI) -> None:
    user = fake.user(USER_ID)
    markup = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}

    status, body = await raw_post(
        f"{fake.base_url}{TOKEN}/SENDMESSAGE", json={"chat_id": USER_ID, "text": "42", "reply_markup": markup}
    )

    assert status == 200
    assert body["result"]["text"] == "42"  # a text is never JSON-decoded into a number
    assert user.last_message == {
        "message_id": 1,
        "from": BOT_FROM,
        "chat": {"id": USER_ID, "type": "private", "first_name": "Tester"},
        "date": body["result"]["date"],
        "text": "42",
        "reply_markup": markup,
    }
    assert fake.calls_of("sendMessage")[0].params == {
        "chat_id": USER_ID,
        "text": "42",
        "reply_markup": markup,
    }


# --------------------------------------------------------------------------- messages


async def test_send_message_with_inline_keyboard_is_seen_by_the_user(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID, first_name="阿明", language_code="zh-hans")

    first = await bot.send_message(USER_ID, "你好", reply_markup=keyboard(("报修", "fix:1"), ("活动", "events")))
    second = await bot.send_message(USER_ID, "Second")

    assert (first.message_id, second.message_id) == (1, 2)
    assert first.from_user is not None
    assert first.from_user.username == "linli_test_bot"
    assert first.chat.id == USER_ID
    assert first.chat.first_name == "阿明"
    assert first.reply_markup == keyboard(("报修", "fix:1"), ("活动", "events"))
    assert [m["text"] for m in user.messages] == ["你好", "Second"]
    assert user.messages[0]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "报修", "callback_data": "fix:1"}],
            [{"text": "活动", "callback_data": "events"}],
        ]
    }
    assert user.last_message is not None
    assert user.last_message["message_id"] == 2
    assert "reply_markup" not in user.last_message


async def test_message_ids_are_per_chat_and_shared_with_the_user(fake: FakeBotAPI, bot: Bot) -> None:
    ann, bob = fake.user(1, "Ann"), fake.user(2, "Bob")

    await ann.send("hi")  # takes message_id 1 in Ann's chat
    to_ann = await bot.send_message(1, "a")
    to_bob = await bot.send_message(2, "b")

    assert (to_ann.message_id, to_bob.message_id) == (2, 1)
    assert [m["text"] for m in bob.messages] == ["b"]


async def test_html_is_parsed_into_entities_and_trimmed(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)

    message = await bot.send_message(USER_ID, '  <b>Hi</b> &amp; <a href="https://x.org">link</a>  ', parse_mode="HTML")

    assert message.text == "Hi & link"
    assert user.last_message is not None
    assert user.last_message["entities"] == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "offset": 5, "length": 4, "url": "https://x.org"},
    ]
    with pytest.raises(BadRequest) as error:
        await bot.send_message(USER_ID, "line<br>next", parse_mode="HTML")
    assert error.value.message == 'Can\'t parse entities: unsupported start tag "br" at byte offset 4'


def test_parse_html_offsets_are_utf16() -> None:
    text, entities = parse_html("😀 <i>é</i><pre><code class='language-python'>x</code></pre>")

    assert text == "😀 éx"
    assert entities == [
        {"type": "italic", "offset": 3, "length": 1},
        {"type": "pre", "offset": 4, "length": 1, "language": "python"},
    ]


async def test_text_length_limits(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)

    longest = await bot.send_message(USER_ID, "字" * 4096)
    assert longest.text is not None
    assert len(longest.text) == 4096
    with pytest.raises(BadRequest) as too_long:
        await bot.send_message(USER_ID, "字" * 4097)
    assert too_long.value.message == "Message is too long"
    with pytest.raises(BadRequest) as empty:
        await bot.send_message(USER_ID, " \n ")  # Telegram trims, so this is empty
    assert empty.value.message == "Message text is empty"
    assert [call.status for call in fake.calls_of("sendMessage")] == [200, 400, 400]
    assert fake.calls_of("sendMessage")[1].error == "Bad Request: message is too long"


async def test_callback_data_is_limited_to_64_utf8_bytes(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)

    await bot.send_message(USER_ID, "fits", reply_markup=keyboard(("ok", "x" * 64), ("邻", "邻" * 21)))  # 63 bytes
    with pytest.raises(BadRequest) as ascii_error:
        await bot.send_message(USER_ID, "ascii", reply_markup=keyboard(("ok", "x" * 65)))
    with pytest.raises(BadRequest) as utf8_error:
        await bot.send_message(USER_ID, "utf8", reply_markup=keyboard(("邻", "邻" * 22)))  # 66 bytes

    assert ascii_error.value.message == utf8_error.value.message == "Button_data_invalid"
    assert [m["text"] for m in user.messages] == ["fits"]


async def test_chat_not_found_and_blocked(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)
    fake.block(USER_ID)

    with pytest.raises(BadRequest) as not_found:
        await bot.send_message(777, "hello?")
    with pytest.raises(Forbidden) as blocked:
        await bot.send_message(USER_ID, "hello?")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(USER_ID, "typing")

    assert not_found.value.message == "Chat not found"
    assert blocked.value.message == "Forbidden: bot was blocked by the user"
    fake.unblock(USER_ID)
    assert (await bot.send_message(USER_ID, "back")).message_id == 1


async def test_flood_control_raises_retry_after(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)
    fake.flood(7, times=2)

    for _ in range(2):
        with pytest.raises(RetryAfter) as error:
            await bot.send_message(USER_ID, "spam")
        assert error.value.retry_after == dtm.timedelta(seconds=7)
    await bot.get_me()  # not a send: never flood-limited
    sent = await bot.send_message(USER_ID, "finally")

    assert sent.message_id == 1
    assert [c.status for c in fake.calls_of("sendMessage")] == [429, 429, 200]
    assert fake.calls_of("sendMessage")[0].error == "Too Many Requests: retry after 7"


async def test_latency_delays_every_call() -> None:
    async with FakeBotAPI(TOKEN, latency=0.05) as slow:
        started = time.monotonic()
        status, body = await raw_post(f"{slow.base_url}{TOKEN}/getMe")
        elapsed = time.monotonic() - started

    assert (status, body["result"]["username"]) == (200, "linli_test_bot")
    assert elapsed >= 0.05


async def test_reply_keyboard_lives_on_the_chat_not_the_message(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    reply_keyboard = ReplyKeyboardMarkup([[KeyboardButton("分享位置")]], resize_keyboard=True)

    message = await bot.send_message(USER_ID, "choose", reply_markup=reply_keyboard)
    assert message.reply_markup is None  # Telegram only returns inline keyboards in a Message
    assert user.reply_keyboard == {"keyboard": [[{"text": "分享位置"}]], "resize_keyboard": True}

    await bot.send_message(USER_ID, "done", reply_markup=ReplyKeyboardRemove())
    assert user.reply_keyboard is None


# --------------------------------------------------------------------------- edits and callbacks


async def test_edit_message_text_and_markup(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    sent = await bot.send_message(USER_ID, "Step 1", reply_markup=keyboard(("Next", "next")))
    before = user.messages[0]

    edited = await bot.edit_message_text("Step 2", USER_ID, sent.message_id, reply_markup=keyboard(("Done", "done")))

    assert isinstance(edited, Message)
    assert edited.text == "Step 2"
    assert edited.edit_date is not None
    assert user.messages[0]["text"] == "Step 2"
    assert user.messages[0]["reply_markup"] == {"inline_keyboard": [[{"text": "Done", "callback_data": "done"}]]}
    assert before["text"] == "Step 1"  # dicts handed out earlier are snapshots

    await bot.edit_message_reply_markup(USER_ID, sent.message_id, reply_markup=None)
    assert "reply_markup" not in user.messages[0]
    await bot.edit_message_text("Step 3", USER_ID, sent.message_id)
    assert [m["text"] for m in user.messages] == ["Step 3"]


async def test_edit_without_markup_drops_the_inline_keyboard(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    sent = await bot.send_message(USER_ID, "pick", reply_markup=keyboard(("A", "a")))

    await bot.edit_message_text("picked A", USER_ID, sent.message_id)

    assert user.messages[0]["text"] == "picked A"
    assert "reply_markup" not in user.messages[0]


async def test_edit_errors(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    sent = await bot.send_message(USER_ID, "same", reply_markup=keyboard(("A", "a")))
    await user.send("from the user")

    with pytest.raises(BadRequest) as not_modified:
        await bot.edit_message_text("same", USER_ID, sent.message_id, reply_markup=keyboard(("A", "a")))
    with pytest.raises(BadRequest) as markup_not_modified:
        await bot.edit_message_reply_markup(USER_ID, sent.message_id, reply_markup=keyboard(("A", "a")))
    with pytest.raises(BadRequest) as missing:
        await bot.edit_message_text("new", USER_ID, 99)
    with pytest.raises(BadRequest) as users_message:
        await bot.edit_message_text("new", USER_ID, 2)

    expected = ERR_NOT_MODIFIED.removeprefix("Bad Request: ").capitalize()
    assert not_modified.value.message == markup_not_modified.value.message == expected
    assert expected.startswith("Message is not modified: specified new message content and reply markup")
    assert missing.value.message == "Message to edit not found"
    assert users_message.value.message == "Message can't be edited"


async def test_reply_parameters(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    question = await user.send("where is the office?")

    answer = await bot.send_message(USER_ID, "Room 101", reply_to_message_id=question["message_id"])
    with pytest.raises(BadRequest) as missing:
        await bot.send_message(USER_ID, "?", reply_to_message_id=99)
    tolerant = await bot.send_message(USER_ID, "ok", reply_to_message_id=99, allow_sending_without_reply=True)

    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "where is the office?"
    assert missing.value.message == "Message to be replied not found"
    assert tolerant.reply_to_message is None


async def test_delete_message(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    first = await bot.send_message(USER_ID, "one")
    await bot.send_message(USER_ID, "two")

    assert await bot.delete_message(USER_ID, first.message_id) is True
    with pytest.raises(BadRequest) as again:
        await bot.delete_message(USER_ID, first.message_id)
    with pytest.raises(BadRequest) as edit_deleted:
        await bot.edit_message_text("x", USER_ID, first.message_id)

    assert [m["text"] for m in user.messages] == ["two"]
    assert user.sent_count == 2
    assert again.value.message == "Message to delete not found"
    assert edit_deleted.value.message == "Message to edit not found"


async def test_press_button_delivers_a_callback_query(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID, first_name="Ann", language_code="en")
    await bot.send_message(USER_ID, "Menu", reply_markup=keyboard(("🛠 Repairs", "menu:fix"), ("📅 Events", "menu:ev")))
    await bot.send_message(USER_ID, "no keyboard here")

    query_id = await user.press_button("Events")
    (update,) = await bot.get_updates()

    query = update.callback_query
    assert query is not None
    assert (query.id, query.data, query.from_user.id, query.from_user.language_code) == (
        query_id,
        "menu:ev",
        USER_ID,
        "en",
    )
    assert query.message is not None
    assert query.message.message_id == 1
    assert await bot.answer_callback_query(query_id, text="OK") is True
    assert fake.answered_callbacks == {query_id}
    assert fake.callback_answers[query_id]["text"] == "OK"
    with pytest.raises(BadRequest) as twice:
        await bot.answer_callback_query(query_id)
    assert twice.value.message == "Query is too old and response timeout expired or query id is invalid"


async def test_press_button_explains_what_is_available(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)

    with pytest.raises(AssertionError, match="no bot message with an inline keyboard"):
        await user.press_button("Yes")
    await bot.send_message(USER_ID, "Sure?", reply_markup=keyboard(("Yes", "y"), ("Yes, always", "ya")))
    with pytest.raises(AssertionError, match=r"no button matching 'Maybe' .*\['Yes', 'Yes, always'\]"):
        await user.press_button("Maybe")
    with pytest.raises(AssertionError, match="2 buttons matching 'es'"):
        await user.press_button("es")

    await user.press_button("Yes")  # the exact label wins over "Yes, always"
    assert fake.pending_updates == 1


async def test_user_command_gets_a_bot_command_entity(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID, first_name="阿明")

    await user.send("/start c-yuntang")
    await user.send("plain words")
    first, second = await bot.get_updates()

    assert first.message is not None
    assert second.message is not None
    assert first.message.text == "/start c-yuntang"
    assert [(e.type, e.offset, e.length) for e in first.message.entities] == [("bot_command", 0, 6)]
    assert first.message.from_user is not None
    assert first.message.from_user.first_name == "阿明"
    assert second.message.entities == ()
    assert (first.update_id, second.update_id) == (1, 2)


async def test_wait_for_reply_wakes_on_the_answer(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    await bot.send_message(USER_ID, "earlier")

    async def answer_later() -> None:
        (update,) = await bot.get_updates(timeout=5)
        assert update.message is not None
        await bot.send_message(USER_ID, f"echo: {update.message.text}")

    responder = asyncio.create_task(answer_later())
    await user.send("ping")
    reply = await user.wait_for_reply(timeout=2)  # counted from the send: "earlier" is not it
    await responder

    assert reply["text"] == "echo: ping"
    assert reply == user.messages[1]
    with pytest.raises(AssertionError, match=r"(?s)timed out after 0.05s.*sendMessage .*echo: ping"):
        await user.wait_for_reply(after_count=user.sent_count, timeout=0.05)


# --------------------------------------------------------------------------- getUpdates


async def test_long_poll_returns_as_soon_as_a_user_sends(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_until(lambda: fake.waiting_polls == 1, timeout=2)

    await user.send("hello")
    updates = await poll

    assert time.monotonic() - started < 1.0
    assert [u.message.text for u in updates if u.message] == ["hello"]


async def test_only_one_long_poll_at_a_time(fake: FakeBotAPI, bot: Bot) -> None:
    assert await bot.get_updates(timeout=0) == ()
    started = time.monotonic()
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_until(lambda: fake.waiting_polls == 1, timeout=2)
    # PTB keeps one connection for getUpdates, so the second poller is a raw client.
    status, body = await raw_post(f"{fake.base_url}{TOKEN}/getUpdates")

    with pytest.raises(Conflict) as error:
        await first
    assert (status, body) == (200, {"ok": True, "result": []})
    assert time.monotonic() - started < 0.5
    assert error.value.message == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )


async def test_offset_confirms_and_limit_caps(fake: FakeBotAPI, bot: Bot) -> None:
    user = fake.user(USER_ID)
    for text in ("a", "b", "c"):
        await user.send(text)

    first_two = await bot.get_updates(limit=2)
    again = await bot.get_updates()
    rest = await bot.get_updates(offset=first_two[-1].update_id + 1)
    assert fake.pending_updates == 1
    empty = await bot.get_updates(offset=rest[-1].update_id + 1)

    assert [u.update_id for u in first_two] == [1, 2]
    assert [u.update_id for u in again] == [1, 2, 3]  # nothing confirmed without an offset
    assert [u.update_id for u in rest] == [3]
    assert empty == ()
    assert (fake.pending_updates, fake.updates_confirmed) == (0, 3)


async def test_raw_updates_and_bulk_injection(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)
    raw = fake.enqueue_update({"update_id": 100, "my_chat_member": None})
    count = fake.inject_many(
        [{"message": {"message_id": i, "date": 0, "chat": {"id": 1, "type": "private"}}} for i in range(150)]
    )

    first_batch = await bot.get_updates()
    assert raw["update_id"] == 100
    assert count == 150
    assert fake.pending_updates == 151
    assert len(first_batch) == 100  # Telegram never returns more than 100
    assert [first_batch[0].update_id, first_batch[-1].update_id] == [100, 199]
    with pytest.raises(ValueError, match="update_id 5"):
        fake.enqueue_update({"update_id": 5})

    sends = [bot.send_message(USER_ID, f"m{i}") for i in range(20)]
    await asyncio.gather(*sends)
    calls = await fake.wait_for_calls("sendMessage", 20, timeout=1)
    assert sorted(call.params["text"] for call in calls) == sorted(f"m{i}" for i in range(20))
    assert fake.call_counts["sendMessage"] == 20


# --------------------------------------------------------------------------- webhook


async def test_get_updates_conflicts_with_a_webhook(fake: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="s3cret", max_connections=5)
    info = await bot.get_webhook_info()
    assert (info.url, info.max_connections, info.pending_update_count) == ("http://127.0.0.1:9/hook", 5, 0)

    with pytest.raises(Conflict) as error:
        await bot.get_updates()
    assert error.value.message == (
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    )

    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()
    assert (await bot.get_webhook_info()).url == ""


async def test_webhook_delivery_with_secret_and_retry(fake: FakeBotAPI, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    statuses = iter([500])  # the first delivery fails, the rest succeed

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(status=next(statuses, 200))

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        user = fake.user(USER_ID)
        await user.send("before")  # pending before setWebhook: delivered too
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", secret_token="s3cret")
        await user.send("after")
        await fake.wait_until(lambda: fake.pending_updates == 0, timeout=2)
        info = await bot.get_webhook_info()
    finally:
        await runner.cleanup()

    texts = [update["message"]["text"] for _, update in received]
    assert texts == ["before", "before", "after"]  # retried in order
    assert {secret for secret, _ in received} == {"s3cret"}
    assert fake.webhook_responses == [500, 200, 200]
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert info.pending_update_count == 0


# --------------------------------------------------------------------------- files and commands


async def test_send_document_records_bytes(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)
    content = b"%PDF-1.4\n\x00\xffbinary"

    message = await bot.send_document(USER_ID, content, filename="report.pdf", caption="  月报  ")

    assert message.document is not None
    assert message.document.file_name == "report.pdf"
    assert message.caption == "月报"
    (sent,) = fake.files
    assert (sent.method, sent.chat_id, sent.filename, sent.content, sent.caption) == (
        "sendDocument",
        USER_ID,
        "report.pdf",
        content,
        "月报",
    )
    upload = fake.calls_of("sendDocument")[0].params["document"]
    assert isinstance(upload, UploadedFile)
    assert upload.content == content
    downloaded = await (await bot.get_file(message.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content


async def test_send_photo_and_resend_by_file_id(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)

    first = await bot.send_photo(USER_ID, b"\x89PNG fake", filename="map.png", caption="地图")
    again = await bot.send_photo(USER_ID, first.photo[-1].file_id)

    assert first.caption == "地图"
    assert again.caption is None
    assert again.photo[-1].file_id == first.photo[-1].file_id
    assert [(f.method, f.content) for f in fake.files] == [("sendPhoto", b"\x89PNG fake")] * 2
    with pytest.raises(BadRequest) as wrong:
        await bot.send_photo(USER_ID, "nonsense-id")
    assert wrong.value.message == "Wrong file identifier/http url specified"


async def test_my_commands_per_scope_and_language(fake: FakeBotAPI, bot: Bot) -> None:
    zh = [BotCommand("start", "开始"), BotCommand("help", "帮助")]
    en = [BotCommand("start", "Start")]
    private = [BotCommand("settings", "Settings")]

    assert await bot.set_my_commands(zh, language_code="zh-hans")
    assert await bot.set_my_commands(en)
    assert await bot.set_my_commands(private, scope=BotCommandScopeAllPrivateChats())

    assert await bot.get_my_commands(language_code="zh-hans") == tuple(zh)
    assert await bot.get_my_commands() == tuple(en)
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == tuple(private)
    assert await bot.get_my_commands(language_code="en") == ()
    assert fake.commands(language_code="zh-hans") == [
        {"command": "start", "description": "开始"},
        {"command": "help", "description": "帮助"},
    ]
    assert await bot.delete_my_commands(language_code="zh-hans")
    assert await bot.get_my_commands(language_code="zh-hans") == ()
    with pytest.raises(BadRequest) as invalid:
        await bot.set_my_commands([BotCommand("no spaces", "x")])
    assert invalid.value.message == "Bot_command_invalid"


async def test_chat_action_and_misc(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user(USER_ID)

    assert await bot.send_chat_action(USER_ID, "typing") is True
    with pytest.raises(BadRequest) as wrong_action:
        await bot.send_chat_action(USER_ID, "dancing")
    assert wrong_action.value.message == "Wrong parameter action in request"
    assert await bot.close() is True
    assert await bot.log_out() is True


# --------------------------------------------------------------------------- a real Application


async def test_application_polling_end_to_end(fake: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"args={context.args}", reply_markup=keyboard(("Join", "join")))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"joined via {query.data}")

    app = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).base_file_url(fake.base_file_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    user = fake.user(USER_ID)

    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        try:
            await user.send("/start c-yuntang")
            reply = await user.wait_for_reply(timeout=2)
            query_id = await user.press_button("Join")
            await user.wait_until(lambda: user.messages[0]["text"] == "joined via join", timeout=2)
        finally:
            await app.updater.stop()
            await app.stop()

    assert reply["text"] == "args=['c-yuntang']"
    assert fake.answered_callbacks == {query_id}
    assert fake.pending_updates == 0
