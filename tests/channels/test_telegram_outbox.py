"""The outbox's direct path to the Bot API (``bot.channels.telegram.outbox``), against the fake Bot API over real HTTP:
what goes out (text, buttons, pieces, attachments uploaded once), how Telegram's answers map to what the
sender does next, and that every request holds a pacer slot."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build
from bot.channels.outbox import Rejected, RetryLater, Unreachable
from bot.channels.pacing import Pacer
from bot.channels.telegram.channel import TelegramChannel, build_application
from bot.channels.telegram.http import AiohttpRequest
from bot.channels.telegram.outbox import DirectDelivery, SentFiles, outbox_failure
from config.settings import Settings
from handlers.core.messages import MAX_MESSAGE_CHARS, Button, Document, Reply
from tests.fakes.bot_api import FakeBotAPI, UploadedFile

TOKEN = "424242:DIRECT"
CHAT = 7001
PNG = b"\x89PNG\r\n\x1a\n" + b"picture one"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN) as api:
        api.user(CHAT)
        yield api


@pytest.fixture
async def request_pool() -> AsyncIterator[AiohttpRequest]:
    pool = AiohttpRequest(connection_pool_size=4)
    await pool.initialize()
    yield pool
    await pool.shutdown()


def direct(fake: FakeBotAPI, pool: AiohttpRequest, *, pacer: Pacer | None = None, paid: bool = False) -> DirectDelivery:
    return DirectDelivery(pool, fake.base_url + TOKEN, pacer or Pacer(0), SentFiles(), paid_broadcasts=paid)


BUTTONS = ((Button("已收到 / I've read it", "n:ack:1"), Button("菜单", "menu")),)


async def test_text_with_buttons_goes_out_as_one_json_request(fake: FakeBotAPI, request_pool: AiohttpRequest) -> None:
    await direct(fake, request_pool).deliver(str(CHAT), Reply("明天上午停水", BUTTONS))
    (call,) = fake.calls_of("sendMessage")
    assert call.ok
    assert call.params["chat_id"] == CHAT
    assert call.params["text"] == "明天上午停水"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "已收到 / I've read it", "callback_data": "n:ack:1"}, {"text": "菜单", "callback_data": "menu"}]
        ]
    }
    assert "allow_paid_broadcast" not in call.params
    assert fake.user(CHAT).messages[-1]["text"] == "明天上午停水"


async def test_a_long_text_goes_in_pieces_with_the_buttons_on_the_last(
    fake: FakeBotAPI, request_pool: AiohttpRequest
) -> None:
    text = "\n".join(f"第{n}行 " + "字" * 60 for n in range(150))  # about 9,500 characters
    await direct(fake, request_pool).deliver(str(CHAT), Reply(text, BUTTONS))
    calls = fake.calls_of("sendMessage")
    assert len(calls) == 3
    assert all(call.ok and len(call.params["text"]) <= MAX_MESSAGE_CHARS for call in calls)
    assert "".join(call.params["text"] for call in calls).replace("\n", "") == text.replace("\n", "")
    assert [("reply_markup" in call.params) for call in calls] == [False, False, True]


async def test_a_photo_is_uploaded_once_then_sent_by_its_file_id(
    fake: FakeBotAPI, request_pool: AiohttpRequest
) -> None:
    fake.user(CHAT + 1)
    delivery = direct(fake, request_pool)
    reply = Reply("停水通知", BUTTONS, photo=Document("notice.png", PNG, "image/png"))
    await delivery.deliver(str(CHAT), reply)
    await delivery.deliver(str(CHAT + 1), reply)
    first, second = fake.calls_of("sendPhoto")
    assert isinstance(first.params["photo"], UploadedFile)
    assert first.params["photo"].content == PNG
    assert first.params["caption"] == "停水通知"
    assert first.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "n:ack:1"
    assert second.params["photo"] == fake.files[0].file_id  # not uploaded again
    assert [sent.content for sent in fake.files] == [PNG, PNG]
    assert not fake.calls_of("sendMessage")  # the text was the caption


async def test_two_files_with_one_name_are_two_files(fake: FakeBotAPI, request_pool: AiohttpRequest) -> None:
    """Every grid chart is called stats.png: a second chart must not be sent as the first one's id."""
    delivery = direct(fake, request_pool)
    await delivery.deliver(str(CHAT), Reply("一月", photo=Document("stats.png", PNG, "image/png")))
    await delivery.deliver(str(CHAT), Reply("二月", photo=Document("stats.png", PNG + b"two", "image/png")))
    assert [sent.content for sent in fake.files] == [PNG, PNG + b"two"]
    assert all(isinstance(call.params["photo"], UploadedFile) for call in fake.calls_of("sendPhoto"))


async def test_a_file_id_telegram_no_longer_knows_is_uploaded_again(
    fake: FakeBotAPI, request_pool: AiohttpRequest
) -> None:
    delivery = direct(fake, request_pool)
    attached = Document("notice.png", PNG, "image/png")
    delivery.files.remember("photo", attached, "FILE-FROM-ANOTHER-BOT")
    await delivery.deliver(str(CHAT), Reply("通知", photo=attached))
    stale, uploaded = fake.calls_of("sendPhoto")
    assert (stale.status, stale.params["photo"]) == (400, "FILE-FROM-ANOTHER-BOT")
    assert uploaded.ok
    assert isinstance(uploaded.params["photo"], UploadedFile)
    assert delivery.files.get("photo", attached) == fake.files[0].file_id


async def test_a_long_text_with_a_document_follows_it(fake: FakeBotAPI, request_pool: AiohttpRequest) -> None:
    text = "活动安排 " * 300  # over a caption's 1024 characters
    calendar = Document("booking.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    await direct(fake, request_pool).deliver(str(CHAT), Reply(text, BUTTONS, document=calendar))
    (document,) = fake.calls_of("sendDocument")
    assert "caption" not in document.params
    assert "reply_markup" not in document.params  # the buttons go with the text
    (message,) = fake.calls_of("sendMessage")
    assert message.params["text"] == text
    assert "reply_markup" in message.params


async def test_paid_broadcasts_say_so_on_every_request(fake: FakeBotAPI, request_pool: AiohttpRequest) -> None:
    delivery = direct(fake, request_pool, paid=True)
    await delivery.deliver(str(CHAT), Reply("通知", photo=Document("n.png", PNG, "image/png")))
    await delivery.deliver(str(CHAT), Reply("通知"))
    (photo,) = fake.calls_of("sendPhoto")
    (message,) = fake.calls_of("sendMessage")
    assert photo.params["allow_paid_broadcast"] is True  # a multipart field "true", as Telegram reads it
    assert message.params["allow_paid_broadcast"] is True


async def test_every_request_holds_a_pacer_slot(fake: FakeBotAPI, request_pool: AiohttpRequest) -> None:
    pacer = Pacer(1000)
    pacer.log = []
    delivery = direct(fake, request_pool, pacer=pacer)
    await delivery.deliver(str(CHAT), Reply("长" * (MAX_MESSAGE_CHARS + 10)))  # two requests
    await delivery.deliver(str(CHAT), Reply("x" * 2000, photo=Document("n.png", PNG, "image/png")))  # two more
    assert len(pacer.log) == 4 == len(fake.calls)


async def test_telegrams_answers_become_what_the_sender_does_next(
    fake: FakeBotAPI, request_pool: AiohttpRequest
) -> None:
    delivery = direct(fake, request_pool)
    fake.flood(7)
    with pytest.raises(RetryLater) as flood:
        await delivery.deliver(str(CHAT), Reply("a"))
    assert (flood.value.seconds, flood.value.flood) == (7.0, True)

    fake.block(CHAT)
    with pytest.raises(Unreachable, match="blocked"):
        await delivery.deliver(str(CHAT), Reply("b"))
    fake.unblock(CHAT)

    with pytest.raises(Unreachable, match="chat not found"):
        await delivery.deliver("999999", Reply("c"))

    fake.fail_next("sendMessage", 400, "Bad Request: message text is empty")
    with pytest.raises(Rejected, match="text is empty"):
        await delivery.deliver(str(CHAT), Reply("d"))

    fake.fail_next("sendMessage", 502, "Bad Gateway")
    with pytest.raises(ConnectionError, match="502"):
        await delivery.deliver(str(CHAT), Reply("e"))

    wrong_token = DirectDelivery(request_pool, fake.base_url + "1:WRONG", Pacer(0), SentFiles())
    with pytest.raises(ConnectionError, match="401"):  # retried with backoff until the operator fixes it
        await wrong_token.deliver(str(CHAT), Reply("f"))

    await delivery.deliver(str(CHAT), Reply("g"))
    assert [call.params["text"] for call in fake.calls_of("sendMessage") if call.ok] == ["g"]


async def test_a_server_that_is_down_or_not_telegram_is_a_connection_error(request_pool: AiohttpRequest) -> None:
    closed = DirectDelivery(request_pool, f"http://127.0.0.1:9/bot{TOKEN}", Pacer(0), SentFiles())
    with pytest.raises(ConnectionError) as down:
        await closed.deliver(str(CHAT), Reply("a"))
    assert TOKEN not in str(down.value)  # the address holds the token: never in an error, so never in a log


def test_failures_map_as_telegram_documents_them() -> None:
    assert isinstance(outbox_failure(403, "Forbidden: user is deactivated", None), Unreachable)
    later = outbox_failure(429, "Too Many Requests", None)
    assert isinstance(later, RetryLater)
    assert later.seconds == 1.0  # no retry_after: a second, not zero
    assert isinstance(outbox_failure(400, "Bad Request: Chat not found", None), Unreachable)
    assert isinstance(outbox_failure(400, "Bad Request: can't parse entities", None), Rejected)
    assert isinstance(outbox_failure(500, "Internal Server Error", None), ConnectionError)


def test_an_upload_sends_objects_as_json_fields() -> None:
    from bot.channels.telegram.outbox import _multipart

    form = _multipart({"chat_id": 5, "reply_markup": {"inline_keyboard": []}}, "photo", Document("a.png", PNG))
    fields = {options["name"]: value for options, _headers, value in form._fields}
    assert fields["chat_id"] == "5"
    assert json.loads(fields["reply_markup"]) == {"inline_keyboard": []}
    assert fields["photo"] == PNG


async def test_replies_and_the_outbox_share_what_telegram_already_has(fake: FakeBotAPI, tmp_path: Path) -> None:
    """Interactive replies (through PTB) keep files apart by content too, and a picture uploaded by one
    path is named by its id on the other."""
    settings = Settings(
        data_dir=tmp_path, telegram_token=TOKEN, telegram_api_url=fake.base_url, telegram_file_url=fake.base_file_url
    )
    linli = await build(settings)
    try:
        async with build_application(linli, webhook=True) as application:
            channel = TelegramChannel(linli, application)
            january = Document("stats.png", PNG, "image/png")
            await channel.send(CHAT, Reply("一月", photo=january))
            await channel.send(CHAT, Reply("二月", photo=Document("stats.png", PNG + b"two", "image/png")))
            await channel.direct.deliver(str(CHAT), Reply("一月", photo=january))
    finally:
        await linli.close()
    first, second, third = fake.calls_of("sendPhoto")
    assert isinstance(first.params["photo"], UploadedFile)
    assert isinstance(second.params["photo"], UploadedFile)  # same name, other picture: uploaded
    assert third.params["photo"] == fake.files[0].file_id
    assert [sent.content for sent in fake.files] == [PNG, PNG + b"two", PNG]
