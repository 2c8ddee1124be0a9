"""Linli on a WeChat Official Account, end to end: followers post signed XML (plain and safe mode) to the
real server; what they see comes back in WeChat's answer and through the fake's API."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import func, select, update

from bot.channels.webchat.channel import chat_id_of
from bot.channels.wechat.channel import MAX_WAITING_PER_PERSON
from handlers.core.messages import Incoming, Outcome, Reply
from handlers.core.scope import notify_person
from models.base import utcnow
from models.booking.store import Booking, BookingStatus
from models.conversation import ConversationState
from models.grid.store import GridCase, case_number, photos_of
from models.media import load_media
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person
from models.places import place_by_code
from models.seed import DEMO_CHANNEL
from models.wechat import WAITING_FOR_WINDOW, WeChatContact, WeChatToken
from tests.e2e.wechat_bot import RunningWeChat, running_wechat, wechat_settings
from tests.fakes.wechat_api import FakeWeChat, Follower

PHOTO = b"\xff\xd8\xff\xe0" + b"a rooftop shed, seen from building 3" * 20


async def onboard(follower: Follower, *, scene: str = "c-yuntang") -> None:
    await follower.follow(scene)
    await follower.expect("请选择语言")
    await follower.tap("中文")
    await follower.expect("哪一栋")
    await follower.tap("格兰小镇3栋")
    await follower.expect("门牌号")
    await follower.send("2单元301")
    await follower.expect("隐私说明")
    await follower.tap("同意")
    await follower.expect("欢迎加入")


async def test_scan_a_qr_code_join_and_pledge(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-wang")
    await onboard(follower)
    await follower.tap("居民公约")
    await follower.expect("云塘社区居民公约")
    await follower.tap("我承诺遵守")
    await follower.expect("位居民承诺")


async def test_a_typed_label_or_place_presses_a_choice(wechat: RunningWeChat) -> None:
    """Residents who do not tap: typing the choice's words, or its place in the list (full-width too),
    does what the tap would; a number the flow itself asks for stays a number."""
    follower = wechat.follower("o-typist")
    await follower.follow("c-yuntang")
    await follower.expect("请选择语言")
    await follower.send("中文")  # the label, typed
    await follower.expect("哪一栋")
    await follower.send("３")  # the third building, typed full-width
    await follower.expect("门牌号")
    async with wechat.linli.sessionmaker() as session:
        state = await session.scalar(select(ConversationState).where(ConversationState.chat_id == "o-typist"))
        assert state is not None
        building = await place_by_code(session, "yuntang-b3")
        assert building is not None
        assert state.data["building"] == building.id


async def test_a_forged_choice_id_is_only_text(wechat: RunningWeChat) -> None:
    """A ``msgmenuid`` that was never given to this person presses nothing: it is answered as text."""
    wang, li = wechat.follower("o-wang2"), wechat.follower("o-li2")
    await onboard(wang)
    await li.follow("c-yuntang")
    await li.expect("请选择语言")
    wang_choice = next(number for message in wang.messages for label, number in message.choices if "居民公约" in label)
    await li.tap_id("📜 居民公约", wang_choice)
    await li.expect("请点")  # "please use the buttons": the language question is still open
    assert not li.seen("云塘社区居民公约")


async def test_book_a_room_to_its_number_and_get_the_calendar_file(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-booker")
    await onboard(follower)
    await follower.tap("预约活动室")
    await follower.expect("请选择服务中心")
    await follower.tap("云塘社区党群服务中心")
    await follower.expect("请选择活动室")
    await follower.tap("阅览室")
    days = await follower.expect("请选择日期")
    await follower.tap(days.choices[1][0])  # tomorrow: the reading room is open every day, today may be over
    times = await follower.expect("空闲的开始时间")
    await follower.tap([label for label, _ in times.choices if ":" in label][-1])
    await follower.expect("用多长时间")
    await follower.tap("1 小时")
    await follower.expect("用来做什么")
    await follower.send("读书会")
    await follower.expect("多少人")
    await follower.send("6")  # a number the flow asks for is that number, not the sixth choice
    await follower.expect("请确认预约信息")
    await follower.tap("确认预约")
    done = await follower.expect("预约成功")
    async with wechat.linli.sessionmaker() as session:
        booking = await session.scalar(select(Booking).where(Booking.purpose == "读书会"))
    assert booking is not None
    assert booking.status is BookingStatus.confirmed
    assert booking.attendees == 6
    assert booking.number in done.content

    await follower.tap("加入手机日历")
    offered = await follower.expect(".ics")
    link = offered.links[0]
    async with aiohttp.ClientSession() as http:
        async with http.get(link) as response:
            assert response.status == 200
            assert (await response.read()).startswith(b"BEGIN:VCALENDAR")
        async with http.get(link.replace("/file/", "/file/1")) as response:  # another file, same signature
            assert response.status == 404


async def test_grid_report_with_a_photo_and_a_location(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-reporter")
    await onboard(follower)
    await follower.click("cmd:report")  # from the account's menu
    await follower.expect("请选择类别")
    await follower.tap("违章搭建")
    await follower.expect("说说情况")
    await follower.send("楼顶有人在搭铁皮棚")
    await follower.expect("已收到 0 张")
    await follower.send_photo(PHOTO)
    await follower.expect("已收到 1 张")
    await follower.tap("照片发完了")
    await follower.expect("问题在哪里")
    await follower.send_location(28.1003, 112.9800, "格兰小镇")
    await follower.expect("请核对")
    await follower.tap("匿名提交")
    done = await follower.expect("已提交,案件编号")
    async with wechat.linli.sessionmaker() as session:
        case = await session.scalar(select(GridCase).order_by(GridCase.id.desc()).limit(1))
        assert case is not None
        assert case.pinned
        photos = [await load_media(session, photo.media_id) for photo in await photos_of(session, case.id)]
    assert case_number(case.id) in done.content
    assert [photo.content for photo in photos if photo is not None] == [PHOTO]


async def test_what_wechat_cannot_pass_on_gets_an_answer(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-voice")
    await onboard(follower)
    before = len(follower.messages)
    await follower.send_voice()
    await follower.wait_until(lambda: len(follower.messages) > before)
    assert follower.messages[-1].content.strip()


async def age(wechat: RunningWeChat, follower: Follower, hours: float) -> None:
    """The follower last wrote ``hours`` ago (for Linli and for WeChat alike)."""
    async with wechat.linli.sessionmaker() as session, session.begin():
        await session.execute(
            update(WeChatContact)
            .where(WeChatContact.openid == follower.openid)
            .values(last_inbound_at=utcnow() - timedelta(hours=hours))
        )
    follower.account.last_inbound -= hours * 3600


async def push(wechat: RunningWeChat, openid: str, kind: str, text: str) -> int:
    linli = wechat.linli
    async with linli.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == openid))
        assert person is not None
        await notify_person(session, person, kind, lambda _language: Reply(text))
        row_id = await session.scalar(select(func.max(OutboxMessage.id)).where(OutboxMessage.chat_id == openid))
    linli.wake_outbox()
    assert row_id is not None
    return int(row_id)


async def outbox_row(wechat: RunningWeChat, row_id: int, settled: bool = True) -> OutboxMessage:
    for _ in range(100):
        async with wechat.linli.sessionmaker() as session:
            row = await session.get(OutboxMessage, row_id)
        assert row is not None
        if not settled or row.status is not OutboxStatus.pending or row.last_error:
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"outbox row {row_id} still pending")


async def test_a_notice_inside_and_outside_the_48_hours(wechat: RunningWeChat) -> None:
    recent, away, quiet = wechat.follower("o-recent"), wechat.follower("o-away"), wechat.follower("o-quiet")
    for follower in (recent, away, quiet):
        await onboard(follower)
    await age(wechat, away, 49)
    await age(wechat, quiet, 49)

    inside = await push(wechat, "o-recent", "notice", "📢 停水通知\n明天 9:00-12:00 格兰小镇停水。")
    outside = await push(wechat, "o-away", "notice", "📢 停水通知\n明天 9:00-12:00 格兰小镇停水。")
    no_template = await push(wechat, "o-quiet", "booking-reminder", "明天 9:00 阅览室的预约")

    assert (await outbox_row(wechat, inside)).delivered_as is None
    await recent.expect("格兰小镇停水")
    assert recent.last is not None
    assert recent.last.kind == "text"

    row = await outbox_row(wechat, outside)
    assert (row.status, row.delivered_as) == (OutboxStatus.sent, "template")
    template = await away.expect("停水通知")
    assert template.kind == "template"
    assert template.body["template_id"] == "TPL-NOTICE"
    assert template.body["data"]["thing1"]["value"] == "📢 停水通知"
    assert len(template.body["data"]["thing2"]["value"]) <= 20  # a "thing" field holds 20 characters
    assert template.body["url"] == wechat.base + "/"

    # No template for this kind: it waits, and says so, until the person writes again.
    waiting = await outbox_row(wechat, no_template)
    assert (waiting.status, waiting.last_error) == (OutboxStatus.pending, WAITING_FOR_WINDOW)
    assert not quiet.seen("阅览室的预约")
    await quiet.send("你好")
    await quiet.wait_until(lambda: quiet.seen("阅览室的预约"))
    delivered = await outbox_row(wechat, no_template, settled=False)
    for _ in range(50):
        if delivered.status is OutboxStatus.sent:
            break
        await asyncio.sleep(0.05)
        delivered = await outbox_row(wechat, no_template, settled=False)
    assert (delivered.status, delivered.delivered_as) == (OutboxStatus.sent, None)


async def test_someone_who_left_is_unreachable_until_they_follow_again(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-leaver")
    await onboard(follower)
    shown = len(follower.messages)
    await follower.unfollow()
    assert len(follower.messages) == shown  # nothing is said to someone who left
    async with wechat.linli.sessionmaker() as session:
        account = await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == "o-leaver"))
        assert account is not None
        assert account.unreachable_at is not None
    row = await push(wechat, "o-leaver", "notice", "通知")
    assert (await outbox_row(wechat, row)).status is OutboxStatus.unreachable
    await follower.follow()
    await follower.expect("欢迎回来")
    async with wechat.linli.sessionmaker() as session:
        account = await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == "o-leaver"))
        assert account is not None
        assert account.unreachable_at is None


async def test_a_retried_message_is_handled_once(wechat: RunningWeChat) -> None:
    """WeChat sends a message again when our answer is slow or lost: the copies get the first copy's
    answer, and the message is handled once (a second handling would answer the next question with it)."""
    follower = wechat.follower("o-retry")
    await follower.follow("c-yuntang")
    await follower.tap("中文")
    await follower.expect("哪一栋")
    await follower.tap("格兰小镇3栋")
    await follower.expect("门牌号")
    body = follower._xml("text", {"Content": "2单元301"})
    copies = [follower.post(body, retries=0) for _ in range(3)]
    first, again, third = await asyncio.gather(*copies)
    await follower.expect("隐私说明")
    assert first == again == third  # every copy got the same answer
    assert "隐私说明" in first
    assert not follower.seen("请点上面")  # had a copy been handled as the answer to the privacy question


async def test_what_is_not_ready_in_time_goes_by_the_customer_service_api(
    fake_wechat: FakeWeChat, tmp_path: Path
) -> None:
    settings = wechat_settings(fake_wechat, tmp_path, wechat_reply_seconds=0.3)
    async with running_wechat(settings, fake_wechat) as wechat:
        handle = wechat.linli.core.handle

        async def slow(incoming: Incoming) -> Outcome:
            await asyncio.sleep(0.6)
            return await handle(incoming)

        wechat.linli.core.handle = slow  # type: ignore[method-assign]
        follower = wechat.follower("o-slow")
        answer = await follower.follow("c-yuntang")
        assert answer == "success"  # nothing ready within the time: WeChat is told not to wait
        await follower.expect("请选择语言")
        assert follower.last is not None
        assert not follower.last.passive
        assert follower.posts == 1  # answered in time: WeChat did not send it again


async def test_calls_without_the_signature_are_refused(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-forger")
    body = follower._xml("text", {"Content": "/start"})
    query, sealed = follower.signed_query(body)
    async with aiohttp.ClientSession() as http:
        forged = {**query, "signature": "0" * 40}
        async with http.post(wechat.endpoint, params=forged, data=sealed.encode()) as response:
            assert response.status == 403
        unsigned = {key: value for key, value in query.items() if key not in ("signature", "msg_signature")}
        async with http.post(wechat.endpoint, params=unsigned, data=sealed.encode()) as response:
            assert response.status == 403
        async with http.post(wechat.endpoint, params=query, data=b"<xml><oops") as response:
            assert response.status == 400
        if wechat.safe:  # the URL is signed but the message's own signature is not
            async with http.post(
                wechat.endpoint, params={**query, "msg_signature": "1" * 40}, data=sealed.encode()
            ) as response:
                assert response.status == 400
        verify = {**follower.signed_query("")[0], "echostr": "8472365"}
        async with http.get(wechat.endpoint, params=verify) as response:
            assert (response.status, await response.text()) == (200, "8472365")
        async with http.get(wechat.endpoint, params={**verify, "signature": "f" * 40}) as response:
            assert response.status == 403
    async with wechat.linli.sessionmaker() as session:
        assert await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == "o-forger")) is None


async def test_an_expired_token_is_fetched_again_once(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-token")
    await follower.follow("c-yuntang")
    await follower.tap("中文")  # two replies: the second goes by the API, which fetched the token
    await follower.expect("哪一栋")
    assert wechat.fake.token_fetches == 1
    wechat.fake.expire_tokens()
    await follower.tap("格兰小镇3栋")
    await follower.send("2单元301")
    await follower.tap("同意")
    await follower.expect("欢迎加入")
    row = await push(wechat, "o-token", "notice", "令牌过期之后的通知")
    await follower.expect("令牌过期之后的通知")
    assert (await outbox_row(wechat, row)).status is OutboxStatus.sent
    assert wechat.fake.token_fetches == 2  # once more, and only once, for everything after
    async with wechat.linli.sessionmaker() as session:
        stored = await session.scalar(select(WeChatToken))
    assert stored is not None
    assert stored.token in wechat.fake.tokens


WECHAT_BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile MicroMessenger/8.0.50.2701"


async def test_the_web_chat_opened_in_wechat_is_the_same_person(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-webby")
    await onboard(follower)
    wechat.fake.signed_in_as = "o-webby"
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"User-Agent": WECHAT_BROWSER}) as http:
        async with http.get(wechat.base + "/") as response:
            assert response.status == 200
            hops = [str(hop.url).split("?")[0] for hop in response.history]
        assert hops == [
            wechat.base + "/",
            wechat.fake.base_url + "/connect/oauth2/authorize",
            wechat.endpoint + "/oauth",
        ]
        visitor = {cookie.key: cookie.value for cookie in jar}["linli_visitor"]
        async with http.get(wechat.base + "/") as response:  # once is enough
            assert response.status == 200
            assert not response.history
    async with wechat.linli.sessionmaker() as session:
        accounts = (
            await session.execute(
                select(ChannelAccount.channel, ChannelAccount.person_id).where(
                    ChannelAccount.external_id.in_(["o-webby", chat_id_of(visitor)])
                )
            )
        ).all()
    assert {channel for channel, _ in accounts} == {"wechat", "web"}
    assert len({person for _, person in accounts}) == 1


async def test_a_used_sign_in_code_links_nothing(wechat: RunningWeChat) -> None:
    follower = wechat.follower("o-replay")
    await onboard(follower)
    made_up = {"code": "made-up", "state": "chat"}
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http,
        http.get(wechat.endpoint + "/oauth", params=made_up) as response,
    ):
        assert response.status == 200  # the page, for anyone
    async with wechat.linli.sessionmaker() as session:
        web = await session.scalar(
            select(func.count()).select_from(ChannelAccount).where(ChannelAccount.channel == "web")
        )
    assert web == 0


async def on_wechat_as(wechat: RunningWeChat, handle: str, openid: str) -> None:
    """A demo person (staff) also follows the account, as ``openid``."""
    async with wechat.linli.sessionmaker() as session, session.begin():
        person = await session.scalar(
            select(Person)
            .join(ChannelAccount)
            .where(ChannelAccount.channel == DEMO_CHANNEL, ChannelAccount.external_id == handle)
        )
        assert person is not None
        session.add(ChannelAccount(person_id=person.id, channel="wechat", external_id=openid, chat_id=openid))


async def test_staff_opening_the_console_in_wechat_are_signed_in(wechat: RunningWeChat) -> None:
    await on_wechat_as(wechat, "zhou", "o-zhou")
    wechat.fake.signed_in_as = "o-zhou"
    async with (
        aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"User-Agent": WECHAT_BROWSER}
        ) as http,
        http.get(wechat.base + "/console/login") as response,
    ):
        assert response.status == 200
        assert str(response.url) == wechat.base + "/console"
    wechat.fake.signed_in_as = "o-webby-not-staff"
    resident = wechat.follower("o-webby-not-staff")
    await onboard(resident)
    async with (
        aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"User-Agent": WECHAT_BROWSER}
        ) as http,
        http.get(wechat.base + "/console/login") as response,
    ):
        assert response.status == 200
        assert str(response.url) == wechat.base + "/console/login"  # a resident is not signed in


async def test_a_flood_from_one_follower_is_refused_with_an_answer(fake_wechat: FakeWeChat, tmp_path: Path) -> None:
    settings = wechat_settings(fake_wechat, tmp_path, wechat_reply_seconds=0.2)
    async with running_wechat(settings, fake_wechat) as wechat:
        handle = wechat.linli.core.handle
        handled: list[str] = []

        async def slow(incoming: Incoming) -> Outcome:
            handled.append(incoming.text or "")
            await asyncio.sleep(0.3)
            return await handle(incoming)

        wechat.linli.core.handle = slow  # type: ignore[method-assign]
        flooder, neighbour = wechat.follower("o-flood"), wechat.follower("o-calm")
        flooder.account.following = neighbour.account.following = True
        answers = await asyncio.gather(*(flooder.send(f"/help {n}") for n in range(16)))
        refused = [answer for answer in answers if "发得太快" in answer]
        assert len(refused) == 16 - MAX_WAITING_PER_PERSON
        await neighbour.send("/help")  # someone else is answered meanwhile
        await neighbour.expect("帮助", timeout=10)
        await flooder.wait_until(lambda: sum("帮助" in m.content for m in flooder.messages) == 10, timeout=15)
    assert len(handled) == MAX_WAITING_PER_PERSON + 1


async def test_a_chart_arrives_as_a_picture_then_its_text(wechat: RunningWeChat) -> None:
    """Staff on WeChat: /stats sends the chart as an image message (uploaded once) and the figures as text."""
    await on_wechat_as(wechat, "zhou", "o-zhou-stats")
    follower = wechat.follower("o-zhou-stats")
    follower.account.following = True
    await follower.send("/stats")
    await follower.wait_until(lambda: any(m.kind == "image" for m in follower.messages))
    image = next(m for m in follower.messages if m.kind == "image")
    assert image.passive  # the first part goes back in WeChat's own answer
    content, mime = wechat.fake.media[image.content]
    assert content.startswith(b"\x89PNG")
    assert mime == "image/png"
    await follower.wait_until(lambda: follower.last is not None and follower.last.kind == "text")
    await follower.send("/stats")
    await follower.wait_until(lambda: sum(m.kind == "image" for m in follower.messages) == 2)
    assert len(wechat.fake.calls_of("/cgi-bin/media/upload")) == 1  # the same chart is not uploaded twice
