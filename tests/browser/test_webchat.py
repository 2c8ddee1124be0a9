"""A resident opens the web chat on a phone, joins their community and books a room, in a real browser."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.channels.webchat import WebChat
from bot.channels.webchat.channel import CHANNEL
from handlers.core.messages import Incoming
from handlers.core.router import Outcome
from models.booking.store import Booking, BookingStatus
from models.people import ChannelAccount, Person
from tests.browser.conftest import RunningSite, Screenshot

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=TZ).astimezone(UTC)  # Monday 08:00: the day buttons are known
TIMEOUT_MS = 10_000


async def answered(page: Any) -> None:
    """Wait until Linli has answered everything sent (the "…" bubble is gone)."""
    await page.locator(".typing").wait_for(state="detached", timeout=TIMEOUT_MS)


async def press(page: Any, label: str) -> None:
    keyboard = page.locator(".msg.bot.has-buttons").last
    await keyboard.get_by_role("button", name=label, exact=True).click()
    await answered(page)


async def type_in(page: Any, text: str) -> None:
    await page.locator("#text").fill(text)
    await page.locator("#text").press("Enter")
    await answered(page)


async def last_text(page: Any) -> str:
    return str(await page.locator(".msg.bot").last.inner_text())


# How many lines a piece of a button's label is drawn on, by the line boxes of the text range that holds it.
LINES_OF = """(words) => {
  const button = [...document.querySelectorAll('button.choice:not(.stale)')].find(b => b.textContent.includes(words));
  if (!button) return -1;
  const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  }
  return -1;
}"""


async def open_and_give_the_unit(page: Any, url: str, unit: str) -> None:
    """A newcomer opens the chat and joins 云塘社区, 格兰小镇3栋, sending the unit without waiting for the answer."""
    await page.goto(url + "/")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    await press(page, "中文")
    await press(page, "云塘社区")
    await press(page, "格兰小镇3栋")
    await page.locator("#text").fill(unit)
    await page.locator("#text").press("Enter")


async def lines_of(page: Any, words: str) -> int:
    return int(await page.evaluate(LINES_OF, words))


async def test_resident_joins_and_books_a_room(server: RunningSite, page: Any, screenshot: Screenshot) -> None:
    linli = server.linli
    linli.set_clock(lambda: NOW)
    t = linli.services.catalog.t
    await page.goto(server.url + "/")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    assert await page.title() == t("zh", "webchat-title")
    assert t("zh", "onboard-welcome").splitlines()[0] in await last_text(page)
    await screenshot(page, "webchat-01-welcome")

    await press(page, "中文")
    await press(page, "云塘社区")
    assert await lines_of(page, "格兰小镇3栋") == 1  # two to a row: no building name breaks over two lines
    await press(page, "格兰小镇3栋")
    await type_in(page, "2单元301")
    assert t("zh", "onboard-privacy").splitlines()[0] in await last_text(page)
    await screenshot(page, "webchat-02-consent")
    await press(page, t("zh", "button-agree"))
    assert "云塘社区" in await last_text(page)
    await screenshot(page, "webchat-03-menu")
    assert await lines_of(page, "便民服务") == 1  # "🛎 12343 / 便民服务" may wrap between its words, not inside

    await press(page, t("zh", "menu-book"))
    await press(page, "云塘社区党群服务中心")
    await press(page, "会议室")
    await press(page, "3月5日 周二")
    await screenshot(page, "webchat-04-times")
    await press(page, "10:00")
    await press(page, "1 小时(到 11:00)")
    await press(page, t("zh", "booking-purpose-meeting"))
    await type_in(page, "8")
    summary = await last_text(page)
    assert "人数:8 人" in summary
    await screenshot(page, "webchat-05-confirm")
    await press(page, t("zh", "booking-confirm-button"))
    assert "🎉 预约成功!" in await last_text(page)
    await screenshot(page, "webchat-06-booked")

    async with linli.sessionmaker() as session:
        booking = await session.scalar(
            select(Booking)
            .join(Person, Person.id == Booking.person_id)
            .join(ChannelAccount, ChannelAccount.person_id == Person.id)
            .where(ChannelAccount.channel == CHANNEL)
        )
        assert booking is not None
        assert booking.status is BookingStatus.confirmed
        assert booking.starts_at == datetime(2030, 3, 5, 10, 0, tzinfo=TZ).astimezone(UTC)
    assert booking.number in await last_text(page)

    # The page fits a 360 px phone: nothing wider than the screen.
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


async def test_page_follows_the_language_and_survives_a_reload(
    server: RunningSite, page: Any, screenshot: Screenshot
) -> None:
    t = server.linli.services.catalog.t
    await page.goto(server.url + "/")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    assert await page.locator("#text").get_attribute("placeholder") == t("zh", "webchat-placeholder")
    await press(page, "English")
    # The page's own words follow the choice made in the chat, without a reload.
    assert await page.locator("#text").get_attribute("placeholder") == t("en", "webchat-placeholder")
    assert await page.locator("#send-button").inner_text() == t("en", "webchat-send")
    await press(page, "Yuntang Community")
    await screenshot(page, "webchat-07-english")
    # A reload (phones do that to background tabs) shows the question the chat is at.
    await page.reload()
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    assert t("en", "onboard-building") in await last_text(page)
    assert await page.locator("html").get_attribute("lang") == "en"


async def test_a_text_too_long_is_said_before_sending_and_kept(
    server: RunningSite, page: Any, screenshot: Screenshot
) -> None:
    """A pasted text longer than a message may be is neither cut silently nor sent: the page says so, and
    the text stays in the box to shorten."""
    t = server.linli.services.catalog.t
    await page.goto(server.url + "/")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    sent_before = await page.locator(".msg.mine").count()
    long_text = "楼" * 5000
    await page.locator("#text").fill(long_text)
    await page.locator("#text").press("Enter")
    notice = page.locator(".notice").last
    await notice.wait_for(timeout=TIMEOUT_MS)
    assert await notice.inner_text() == t("zh", "webchat-text-too-long-local", {"max": 4096})
    assert await page.locator("#text").input_value() == long_text
    assert await page.locator(".msg.mine").count() == sent_before
    await screenshot(page, "webchat-08-too-long")


async def test_answers_to_earlier_questions_stop_looking_pressable(
    server: RunningSite, page: Any, screenshot: Screenshot
) -> None:
    await page.goto(server.url + "/")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    await press(page, "中文")
    first = page.locator(".msg.bot.has-buttons").first
    await press(page, "云塘社区")  # the community question is answered: the language one is behind us
    stale = first.locator("button.choice.stale")
    assert await stale.count() == await first.locator("button[data-pick]").count() > 0
    current = page.locator(".msg.bot.has-buttons").last
    assert await current.locator("button.stale").count() == 0
    await screenshot(page, "webchat-09-stale-answers")


async def test_a_posters_code_opens_joining_that_building(server: RunningSite, page: Any) -> None:
    """A phone's camera opens the poster's address: the building is known, the address bar is cleaned so a
    reload does not start again."""
    t = server.linli.services.catalog.t
    await page.goto(server.url + "/?start=b-yuntang-b3")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    assert page.url == server.url + "/"
    await press(page, "中文")
    shown = await page.locator(".msg.bot").all_inner_texts()
    assert any("格兰小镇3栋" in text for text in shown)
    assert t("zh", "onboard-unit") in await last_text(page)


async def test_a_message_lost_with_its_socket_is_sent_again_after_a_reload(server: RunningSite, page: Any) -> None:
    """The resident types, the connection is gone before the message reaches Linli, and she reloads the page
    (what people do when a page seems stuck): the reloaded page sends it again from the tab's storage, and it
    is answered, once."""
    t = server.linli.services.catalog.t
    dropped: list[str] = []

    def between(route: Any) -> None:  # the page's socket, passed through except for the one frame lost
        server_side = route.connect_to_server()

        async def to_server(message: str | bytes) -> None:
            if isinstance(message, str) and "5单元909" in message and not dropped:
                dropped.append(message)
                await route.close()  # lost on the way, and the socket with it
                return
            server_side.send(message)

        route.on_message(to_server)

    await page.route_web_socket("**/chat/ws", between)
    await open_and_give_the_unit(page, server.url, "5单元909")
    for _ in range(200):  # the page's frame reaches the route on its own time
        if dropped:
            break
        await asyncio.sleep(0.05)
    assert dropped
    await page.reload()
    privacy = page.locator(".msg.bot", has_text=t("zh", "onboard-privacy").splitlines()[0])
    await privacy.first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    assert await privacy.count() == 1
    await press(page, t("zh", "button-agree"))
    async with server.linli.sessionmaker() as session:
        units = (
            await session.scalars(
                select(Person.unit)
                .join(ChannelAccount, ChannelAccount.person_id == Person.id)
                .where(ChannelAccount.channel == CHANNEL)
            )
        ).all()
    assert units == ["5单元909"]
    assert await page.evaluate("() => JSON.parse(sessionStorage.getItem('linli-unanswered')).frames.length") == 0


async def test_an_answer_cut_off_by_a_dropped_connection_still_comes_once(
    server: RunningSite, page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection drops after Linli kept the step and before the answer left (a restart, a phone between
    cells): the page sends the message again on its next socket, and the answer comes, once, without the
    step being taken twice."""
    t = server.linli.services.catalog.t
    # The web chat mount_web made, found by the wake-up it registered (a bound method of it).
    chat = next(
        owner
        for owner in (getattr(listener, "__self__", None) for listener in server.linli.outbox_listeners)
        if isinstance(owner, WebChat)
    )
    handle = server.linli.core.handle
    cut: list[str | None] = []

    async def handle_then_drop(incoming: Incoming) -> Outcome:
        outcome = await handle(incoming)
        if incoming.text == "5单元909" and not cut:
            cut.append(incoming.delivery)
            for visitor in list(chat.visitors.values()):
                for socket in list(visitor.sockets):
                    await socket.close()
        return outcome

    monkeypatch.setattr(server.linli.core, "handle", handle_then_drop)
    await open_and_give_the_unit(page, server.url, "5单元909")
    privacy = page.locator(".msg.bot", has_text=t("zh", "onboard-privacy").splitlines()[0])
    await privacy.first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    assert cut
    assert cut[0] is not None  # the page named its message, so the copy could be known
    assert await privacy.count() == 1
    await press(page, t("zh", "button-agree"))
    assert "云塘社区" in await last_text(page)
    async with server.linli.sessionmaker() as session:
        people = (
            await session.scalars(
                select(Person)
                .join(ChannelAccount, ChannelAccount.person_id == Person.id)
                .where(ChannelAccount.channel == CHANNEL)
            )
        ).all()
        assert [(person.unit, person.is_registered) for person in people] == [("5单元909", True)]
