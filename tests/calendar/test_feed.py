"""/calendar: a secret address calendar apps subscribe to, served with an ETag, renewed and stopped."""

from __future__ import annotations

import re

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar

from bot.app import Linli
from bot.feeds import setup_feeds
from tests.booking.test_flows import NOW, book_meeting_room, person_driver
from tests.harness import t

ADDRESS = re.compile(r"(http://\S+/calendar/([A-Za-z0-9_-]+)\.ics)")


def feed_app(linli: Linli) -> web.Application:
    app = web.Application()
    setup_feeds(app, linli)
    return app


async def test_a_subscribed_calendar_follows_the_bookings(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = person_driver(app, "wang")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    await wang.press("加入手机日历")
    await wang.press("订阅到手机日历")
    found = ADDRESS.search(wang.text)
    assert found is not None, wang.text
    assert "webcal://" in wang.text
    path = found.group(1).split("8080", 1)[1]

    async with TestClient(TestServer(feed_app(app))) as client:
        first = await client.get(path)
        assert first.status == 200
        assert first.content_type == "text/calendar"
        etag = first.headers["ETag"]
        parsed = Calendar.from_ical(await first.read())
        assert parsed["X-WR-CALNAME"] == "邻里 · 我的日程"
        [event] = parsed.walk("VEVENT")
        assert str(event["STATUS"]) == "CONFIRMED"
        assert "会议室" in str(event["SUMMARY"])

        again = await client.get(path, headers={"If-None-Match": etag})
        assert again.status == 304  # nothing changed: the app keeps what it has

        await wang.send("/mybookings")
        await wang.press("取消 B")
        await wang.press("确定取消")
        changed = await client.get(path, headers={"If-None-Match": etag})
        assert changed.status == 200
        assert changed.headers["ETag"] != etag
        [event] = Calendar.from_ical(await changed.read()).walk("VEVENT")
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1

        # A new address: the old one stops working at once.
        await wang.send("/calendar")
        assert t(app, "zh", "calendar-have-one", since="x").split("x")[0][:6] in wang.text
        await wang.press("换一个新地址")
        renewed = ADDRESS.search(wang.text)
        assert renewed is not None
        assert (await client.get(path)).status == 404
        new_path = renewed.group(1).split("8080", 1)[1]
        assert (await client.get(new_path)).status == 200

        await wang.send("/calendar")
        await wang.press("停止日历订阅")
        assert (await client.get(new_path)).status == 200  # asked first: nothing stopped yet
        await wang.press("确定停止")
        assert (await client.get(new_path)).status == 404
        assert (await client.get("/calendar/not-a-token.ics")).status == 404
        assert (await client.get("/calendar/" + "A" * 32 + ".ics")).status == 404


async def test_someone_elses_bookings_are_not_in_my_calendar(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, emma = person_driver(app, "wang"), person_driver(app, "emma")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    await emma.send("/calendar")
    found = ADDRESS.search(emma.text)
    assert found is not None, emma.text
    async with TestClient(TestServer(feed_app(app))) as client:
        response = await client.get(found.group(1).split("8080", 1)[1])
        assert response.status == 200
        parsed = Calendar.from_ical(await response.read())
    assert parsed.walk("VEVENT") == []
    assert parsed["X-WR-CALNAME"] == "Linli · My schedule"  # in emma's language
