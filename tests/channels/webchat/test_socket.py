"""The socket: a newcomer joins, buttons, edits, photos, locations, bad input, two tabs, greetings."""

from __future__ import annotations

import base64
import json
import struct
import zlib

from sqlalchemy import func, select

from bot.channels.webchat.channel import CHANNEL
from bot.channels.webchat.protocol import MAX_PHOTO_BYTES
from handlers.core.messages import MAX_MESSAGE_CHARS
from models.grid.store import GridCase
from models.inbound import InboundUpdate
from models.media import MediaFile
from models.people import ChannelAccount
from tests.channels.webchat.conftest import Site
from tests.harness import t

B1 = (28.100000, 112.980000)  # yuntang-b1 in config/demo/grid.toml


def png(width: int = 4, height: int = 3) -> bytes:
    """A real (tiny) PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


async def onboard(site: Site) -> None:
    tab = await site.open_tab()
    await tab.press("中文")
    await tab.press("云塘")
    await tab.press("格兰小镇3栋")
    await tab.say("2单元301")
    await tab.press("✅ 同意")
    await tab.close()


async def test_newcomer_joins_in_the_chat(site: Site) -> None:
    linli = site.linli
    await site.client.get("/")
    tab = await site.open_tab()
    # A new page starts the conversation: the welcome, with languages and the way to join a Telegram account.
    assert tab.text == t(linli, "zh", "onboard-welcome")
    assert tab.labels() == ["中文", "English", t(linli, "zh", "link-onboarding-button")]
    await tab.press("中文")
    assert tab.text == t(linli, "zh", "onboard-community")
    await tab.press("云塘")
    await tab.press("格兰小镇3栋")
    assert tab.text == t(linli, "zh", "onboard-unit")
    await tab.say("2单元301")
    assert tab.text == t(linli, "zh", "onboard-privacy")
    await tab.press("✅ 同意")
    assert t(linli, "zh", "menu-book") in tab.labels()  # the main menu of a resident
    person = await site.person()
    assert person is not None
    assert person.is_registered
    assert person.unit == "2单元301"
    async with linli.sessionmaker() as session:
        account = await session.scalar(select(ChannelAccount).where(ChannelAccount.person_id == person.id))
        assert account is not None
        assert account.chat_id == site.chat_id()

    # Coming back later: the page greets a resident with the menu, not the questions again.
    await tab.close()
    again = await site.open_tab()
    # No name was asked for on the web: the greeting leaves the name out rather than a placeholder.
    assert t(linli, "zh", "welcome-back", name="", named="no") in again.text
    assert "欢迎回来!" in again.text
    assert t(linli, "zh", "menu-book") in again.labels()


async def test_socket_without_page_gets_a_cookie(site: Site) -> None:
    tab = await site.open_tab()
    assert site.chat_id()  # set on the socket's handshake
    assert tab.text == site.linli.services.catalog.t("zh", "onboard-welcome")


async def test_socket_from_another_site_is_refused(site: Site) -> None:
    response = await site.client.get(
        "/chat/ws",
        headers={
            "Origin": "https://evil.example",
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": base64.b64encode(b"0123456789abcdef").decode(),
        },
    )
    assert response.status == 403
    same = await site.client.ws_connect("/chat/ws", headers={"Origin": str(site.client.make_url("/"))[:-1]})
    await same.send_json({"type": "hello", "fresh": True})
    assert json.loads((await same.receive()).data)["type"] == "message"
    await same.close()


async def test_language_choice_reaches_the_page(site: Site) -> None:
    tab = await site.open_tab(headers={"Accept-Language": "zh-CN"})
    await tab.press("English")
    assert {"type": "lang", "lang": "en"} in tab.batch
    assert tab.text.startswith(site.linli.services.catalog.t("en", "onboard-community"))


async def test_edit_replaces_the_pressed_message(site: Site) -> None:
    await onboard(site)
    tab = await site.open_tab()
    await tab.say("/lang")
    question = tab.keyboard()
    await tab.press("English")
    (answer,) = [frame for frame in tab.batch if frame["type"] == "message"]
    assert answer["replaces"] == question["id"]  # the language question becomes the menu
    assert answer["id"] != question["id"]
    await tab.say("/menu")
    (menu,) = [frame for frame in tab.batch if frame["type"] == "message"]
    assert menu["replaces"] is None


async def test_report_with_a_photo_and_a_location(site: Site) -> None:
    linli = site.linli
    await onboard(site)
    tab = await site.open_tab()
    await tab.say("/report")
    await tab.press("违章搭建")
    await tab.say("楼顶有人在搭铁皮棚")
    picture = png()
    await tab.send({"type": "photo", "mime": "image/png", "data": base64.b64encode(picture).decode()})
    assert "1" in tab.text  # "1 photo so far"
    await tab.press("照片发完了")
    await tab.send({"type": "location", "latitude": B1[0], "longitude": B1[1]})
    await tab.press("匿名提交")
    async with linli.sessionmaker() as session:
        stored = (await session.execute(select(MediaFile.content, MediaFile.mime_type))).all()
        assert [(content, mime) for content, mime in stored if content == picture] == [(picture, "image/png")]
        cases = (await session.scalars(select(GridCase).where(GridCase.description == "楼顶有人在搭铁皮棚"))).all()
        assert len(cases) == 1
        assert cases[0].latitude == B1[0]


async def test_a_chart_arrives_as_a_picture(site: Site) -> None:
    """Replies with a photo (a chart, a case photo) reach the page as an image it can show."""
    from bot.channels.webchat.protocol import render_reply
    from handlers.core.messages import Document, Reply

    frame = render_reply(Reply("chart", photo=Document("c.png", png(), "image/png")), 7)
    assert frame["photo"]["mime"] == "image/png"
    assert base64.b64decode(frame["photo"]["data"]) == png()
    # Something that is not an image type an <img> should show is offered as a download instead.
    svg = render_reply(Reply("x", photo=Document("x.svg", b"<svg/>", "image/svg+xml")), 8)
    assert "photo" not in svg
    assert svg["document"]["name"] == "x.svg"


async def test_bad_input_gets_an_answer_and_the_socket_stays(site: Site) -> None:
    linli = site.linli
    tab = await site.open_tab()
    bad = t(linli, "zh", "webchat-bad-message")
    cases: list[tuple[str | dict[str, object], str]] = [
        ("not json", bad),
        ("[1, 2]", bad),
        ({"type": "dance"}, bad),
        ({"text": "no type"}, bad),
        ({"type": "text", "text": 42}, bad),
        ({"type": "button", "data": None}, bad),
        ({"type": "button", "data": "x" * 500}, bad),
        (
            {"type": "text", "text": "字" * (MAX_MESSAGE_CHARS + 1)},
            t(linli, "zh", "text-too-long", length=MAX_MESSAGE_CHARS + 1, max=MAX_MESSAGE_CHARS),
        ),
        ({"type": "location", "latitude": 91, "longitude": 0}, t(linli, "zh", "webchat-bad-location")),
        ({"type": "location", "latitude": "28", "longitude": 112}, t(linli, "zh", "webchat-bad-location")),
        ({"type": "location", "latitude": float("nan"), "longitude": 112}, t(linli, "zh", "webchat-bad-location")),
        ({"type": "photo", "data": "@@@not base64"}, t(linli, "zh", "webchat-bad-photo")),
        ({"type": "photo", "data": base64.b64encode(b"just some text").decode()}, t(linli, "zh", "webchat-bad-photo")),
        (
            {"type": "photo", "data": base64.b64encode(b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES)).decode()},
            t(linli, "zh", "webchat-photo-too-big", max=MAX_PHOTO_BYTES // (1024 * 1024)),
        ),
    ]
    for frame, answer in cases:
        if isinstance(frame, dict):
            got = await tab.send(json.dumps(frame, allow_nan=True))
        else:
            got = await tab.send(frame)
        assert got == [{"type": "notice", "text": answer}], frame
    await tab.socket.send_bytes(b"\x00\x01")
    assert await tab.until("done") == [{"type": "notice", "text": bad}, {"type": "done"}]
    # Still connected, still in the flow: the language question is answered as before.
    await tab.press("中文")
    assert tab.text == t(linli, "zh", "onboard-community")


async def test_a_forged_or_stale_button_is_a_polite_answer(site: Site) -> None:
    tab = await site.open_tab()
    await tab.send({"type": "button", "data": "k:abc:zh~AAAAAAAA", "message": "not a number"})
    assert t(site.linli, "zh", "button-expired") in tab.text
    assert tab.keyboard()["buttons"]  # the question is asked again


async def test_two_tabs_share_the_chat(site: Site) -> None:
    linli = site.linli
    first = await site.open_tab()
    second = await site.open_tab()
    # Each new page is greeted on its own: the question the chat is at (with the hint for typing, as
    # the greeting is sent as an empty message).
    assert second.batch[-1]["text"] == t(linli, "zh", "onboard-welcome")
    await first.press("中文")
    # The other tab sees the answer (a button press has no message of its own to show).
    got = await second.until("message")
    assert got[-1]["text"] == t(linli, "zh", "onboard-community")
    await first.press("云塘")
    await second.until("message")
    await first.say("不知道")
    echoed = await second.until("message")
    assert {"type": "mine", "kind": "text", "text": "不知道"} in echoed
    # The second tab can carry on where the first left off.
    await second.press("格兰小镇3栋")
    assert second.batch[-1]["text"] == t(linli, "zh", "onboard-unit")
    mirrored = await first.until("message")
    assert mirrored[-1]["text"] == t(linli, "zh", "onboard-unit")


async def test_reloading_mid_flow_asks_the_question_again(site: Site) -> None:
    linli = site.linli
    tab = await site.open_tab()
    await tab.press("中文")
    await tab.press("云塘")
    await tab.close()
    again = await site.open_tab()
    # The question with its buttons, nothing else: a reload is not a wrong answer to scold.
    assert [message["text"] for message in again.batch] == [t(linli, "zh", "onboard-building")]
    assert again.batch[-1]["buttons"]
    await again.press("格兰小镇3栋")
    assert again.text == t(linli, "zh", "onboard-unit")
    # A reconnect (not a new page) is not greeted: its history is still on screen.
    third = await site.open_tab(fresh=False)
    assert third.batch == []


async def test_reloading_at_a_buttons_only_step_does_not_scold(site: Site) -> None:
    """Phones reload background tabs: at a step answered only by buttons, the reload shows the question
    and its buttons, not "please use the buttons above" with nothing above it."""
    linli = site.linli
    await onboard(site)
    tab = await site.open_tab()
    await tab.press("反映问题")  # the first step: choose a category, by button only
    asked = tab.batch[-1]["text"]
    await tab.close()
    again = await site.open_tab()
    assert [message["text"] for message in again.batch if message["type"] == "message"] == [asked]
    assert t(linli, "zh", "hint-use-buttons") not in again.text


async def test_people_are_counted_once_per_visitor(site: Site) -> None:
    await site.open_tab()
    await site.open_tab()
    site.new_visitor()
    await site.open_tab()
    async with site.linli.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(ChannelAccount).where(ChannelAccount.channel == CHANNEL)
        )
    assert count == 2


async def test_a_frame_sent_again_after_its_socket_closed_is_handled_once(site: Site) -> None:
    """The page keeps every frame until its "done" and sends it again, marked, on the next socket (the
    server was killed, the phone lost its network). Handled the first time, the copy changes nothing and
    gets the same answers back; a second handling would take "2单元301" as the answer to the next question."""
    linli = site.linli
    tab = await site.open_tab()
    await tab.press("中文")
    await tab.press("云塘")
    await tab.press("格兰小镇3栋")
    unit = {"type": "text", "text": "2单元301", "id": "p4ge-7"}
    first = await tab.send(unit)
    assert [(frame["text"], frame["re"]) for frame in first] == [(t(linli, "zh", "onboard-privacy"), "p4ge-7")]
    assert tab.frames[-1] == {"type": "done", "id": "p4ge-7"}  # what lets the page forget the frame
    await tab.close()

    again = await site.open_tab(fresh=False)
    copy = await again.send({**unit, "again": True})
    assert [(frame["text"], frame["re"]) for frame in copy] == [(t(linli, "zh", "onboard-privacy"), "p4ge-7")]
    assert again.frames[-1] == {"type": "done", "id": "p4ge-7"}
    await again.press("✅ 同意")
    assert t(linli, "zh", "menu-book") in again.labels()
    person = await site.person()
    assert person is not None
    assert person.unit == "2单元301"
    assert person.is_registered
    async with linli.sessionmaker() as session:
        kept = await session.scalar(
            select(func.count()).select_from(InboundUpdate).where(InboundUpdate.channel == CHANNEL)
        )
        assert kept == 1  # the text frame; the press had no id (an older page, a script)


async def test_a_frame_with_a_forged_id_is_refused_and_done(site: Site) -> None:
    linli = site.linli
    tab = await site.open_tab()
    for forged in ("", "x" * 33, "a/b", 7, ["p-1"]):
        got = await tab.send({"type": "text", "text": "你好", "id": forged})
        assert [frame["text"] for frame in got] == [t(linli, "zh", "webchat-bad-message")]
    # A bad frame with a good id is answered and done with that id, so the page stops sending it.
    await tab.send({"type": "dance", "id": "p-9"})
    assert tab.frames[-1] == {"type": "done", "id": "p-9"}
