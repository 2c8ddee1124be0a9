"""The console's bookings section over real HTTP: a centre's day calendar, approvals, cancelling and
blocking — scoped to the centres a person runs, checked by the booking store's rules, and the holders told
through the outbox exactly as in chat."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

import models.booking.store as store
from bot.app import Linli
from handlers.booking.text import policy_of
from models.booking.store import Blackout, Booking, BookingStatus, Centre, Room, WaitStatus
from models.outbox import OutboxMessage
from tests.console.conftest import SignIn, audited, demo_person, signed_in, told
from tests.harness import t

Client = TestClient[web.Request, web.Application]

# Monday 4 March 2030, 10:00 in Changsha: far from the demo's own weekly classes, whatever day it is today.
NOW = datetime(2030, 3, 4, 2, 0, tzinfo=UTC)
WEDNESDAY = date(2030, 3, 6)
SUNDAY = date(2030, 3, 10)
BLOCK_FORM = 'action="/console/bookings/block"'  # the calendar comes before it


class Booked:
    def __init__(self, centre: Centre, pending: Booking, confirmed: Booking) -> None:
        self.centre = centre
        self.pending = pending  # 罗建华's hall booking, waiting for 徐桂芳's approval
        self.confirmed = confirmed  # 罗建华's art-room booking; 徐桂芳 waits for the same time


async def _room(app: Linli, code: str) -> Room:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Room).where(Room.code == code))
        assert found is not None
        return found


@pytest.fixture
async def booked(app: Linli) -> Booked:
    app.set_clock(lambda: NOW)
    policy = policy_of(app.settings)
    tz = policy.tz
    hall, art = await _room(app, "qiaotou-hall"), await _room(app, "qiaotou-art")
    luojh, xugf = await demo_person(app, "luojh"), await demo_person(app, "xugf")
    async with app.sessionmaker() as session, session.begin():
        luojh = await session.merge(luojh)
        xugf = await session.merge(xugf)
        hall_at = store.at_minutes(WEDNESDAY, 14 * 60 + 30, tz)
        pending = await store.book_room(
            session, hall.id, luojh, hall_at, hall_at + timedelta(hours=2), "重阳节汇演彩排", 60, NOW, policy
        )
        art_at = store.at_minutes(WEDNESDAY, 9 * 60, tz)
        confirmed = await store.book_room(
            session, art.id, luojh, art_at, art_at + timedelta(hours=1), "书法练习", 10, NOW, policy
        )
        await store.join_waitlist(session, art.id, xugf, art_at, art_at + timedelta(hours=1), "国画", 6, NOW, policy)
        centre = await session.get(Centre, hall.centre_id)
        assert centre is not None
    assert pending.status is BookingStatus.pending
    assert confirmed.status is BookingStatus.confirmed
    return Booked(centre, pending, confirmed)


async def status_of(app: Linli, booking_id: int) -> BookingStatus:
    async with app.sessionmaker() as session:
        found = await session.get(Booking, booking_id)
        assert found is not None
        return found.status


async def post(client: Client, path: str, csrf: str, **fields: str) -> tuple[int, str]:
    response = await client.post(path, data={"csrf": csrf, **fields}, allow_redirects=False)
    return response.status, await response.text()


def day_url(booked: Booked, day: date = WEDNESDAY) -> str:
    return f"/console/bookings?centre={booked.centre.id}&day={day.isoformat()}"


# --- who gets in ----------------------------------------------------------------------------------------


async def test_signed_out_goes_to_sign_in(console: Client) -> None:
    response = await console.get("/console/bookings", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/console/login")


@pytest.mark.parametrize("handle", ["li", "hotline", "liushifu"])
async def test_roles_without_the_section_are_refused(console: Client, sign_in: SignIn, handle: str) -> None:
    await sign_in(console, handle)
    assert (await console.get("/console/bookings")).status == 403


async def test_other_communities_get_404(app: Linli, sign_in: SignIn, booked: Booked) -> None:
    for handle in ("fangmin", "zhou"):  # 湘园's and 云塘's staff; the bookings are 桥头's
        async with signed_in(app, sign_in, handle) as (client, csrf):
            assert (await client.get(day_url(booked))).status == 404
            assert (await client.get(f"/console/bookings/{booked.pending.id}")).status == 404
            status, _ = await post(client, f"/console/bookings/{booked.pending.id}/approve", csrf)
            assert status == 404
            art = await _room(app, "qiaotou-art")
            status, _ = await post(
                client, "/console/bookings/block", csrf, room=str(art.id), day=WEDNESDAY.isoformat(), reason="x"
            )
            assert status == 404
            assert booked.pending.number not in await (await client.get("/console/bookings")).text()
    assert await status_of(app, booked.pending.id) is BookingStatus.pending
    async with signed_in(app, sign_in, "admin") as (client, _csrf):  # the street's admin runs both centres
        assert (await client.get(f"/console/bookings/{booked.pending.id}")).status == 200


# --- the calendar ---------------------------------------------------------------------------------------


async def test_day_calendar_with_rooms_across_and_slots_down(app: Linli, sign_in: SignIn, booked: Booked) -> None:
    async with signed_in(app, sign_in, "xugf") as (client, _csrf):
        response = await client.get(f"/console/bookings?day={WEDNESDAY.isoformat()}")
        assert response.status == 200
        page = await response.text()
        assert "calendar rooms-5" in page
        for room in ("舞蹈教室(三楼)", "书画教室(二楼)", "多功能厅(五楼)"):
            assert room in page
        assert f'href="/console/bookings/{booked.confirmed.id}">{booked.confirmed.number} · 09:00–10:00' in page
        assert f'href="/console/bookings/{booked.pending.id}">{booked.pending.number} · 14:30–16:30' in page
        assert 'class="cell booked"' in page
        assert 'class="cell pending"' in page
        assert 'class="cell closed"' in page
        assert "罗建华" in page
        assert "重阳节汇演彩排" in page
        assert f'href="/console/bookings?centre={booked.centre.id}&amp;day=2030-03-05"' in page  # previous day
        assert f'href="/console/bookings?centre={booked.centre.id}&amp;day=2030-03-07"' in page  # next day
        assert f'action="/console/bookings/{booked.pending.id}/approve"' in page  # the approvals list

        other = await (await client.get(day_url(booked, WEDNESDAY + timedelta(days=1)))).text()
        assert booked.pending.number not in other.split(BLOCK_FORM)[0]

        for bad in ("day=2030-02-30", "day=tomorrow", "centre=abc"):
            response = await client.get(f"/console/bookings?{bad}")
            assert response.status in (400, 404), bad
        response = await client.get("/console/bookings?day=2030-02-30")
        assert t(app, "zh", "console-bookings-bad-day") in await response.text()


# --- approvals ------------------------------------------------------------------------------------------


async def test_approve_tells_the_holder_and_a_second_approval_is_stale(
    app: Linli, sign_in: SignIn, booked: Booked
) -> None:
    path = f"/console/bookings/{booked.pending.id}"
    async with signed_in(app, sign_in, "xugf") as (client, csrf):
        response = await client.post(f"{path}/approve", data={"csrf": csrf}, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"] == day_url(booked)
        assert await status_of(app, booked.pending.id) is BookingStatus.confirmed
        assert await told(app, "luojh", "booking-approved") == 1
        flashed = await (await client.get(day_url(booked))).text()
        assert booked.pending.number in flashed.split("</main>")[0]
        assert 'class="flash"' in flashed

        status, text = await post(client, f"{path}/approve", csrf)
        assert status == 409
        assert t(app, "zh", "booking-err-decided") in text
        status, text = await post(client, f"{path}/reject", csrf, reason="重复")
        assert status == 409
        assert t(app, "zh", "booking-err-decided") in text
    assert await told(app, "luojh", "booking-approved") == 1
    assert await told(app, "luojh", "booking-rejected") == 0
    entries = await audited(app, "booking.approve")
    assert len(entries) == 1
    assert entries[0].object_id == str(booked.pending.id)
    assert entries[0].detail == {"room": "qiaotou-hall", "status": "confirmed"}


async def test_reject_needs_a_reason_and_tells_it(app: Linli, sign_in: SignIn, booked: Booked) -> None:
    path = f"/console/bookings/{booked.pending.id}"
    async with signed_in(app, sign_in, "xugf") as (client, csrf):
        status, text = await post(client, f"{path}/reject", csrf)
        assert status == 400
        assert t(app, "zh", "console-error-field-required") in text
        status, _ = await post(client, f"{path}/reject", csrf, reason="长" * 201)
        assert status == 400
        assert await status_of(app, booked.pending.id) is BookingStatus.pending

        status, _ = await post(client, f"{path}/reject", csrf, reason="当天大厅已安排街道会议")
        assert status == 303
    assert await status_of(app, booked.pending.id) is BookingStatus.rejected
    assert await told(app, "luojh", "booking-rejected") == 1
    async with app.sessionmaker() as session:
        message = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking-rejected"))
        assert message is not None
        assert "当天大厅已安排街道会议" in message.payload["text"]
    entries = await audited(app, "booking.reject")
    assert len(entries) == 1
    assert "街道会议" not in str(entries[0].detail)


# --- cancelling and blocking ----------------------------------------------------------------------------


async def test_cancel_tells_the_holder_and_offers_the_time_to_the_waitlist(
    app: Linli, sign_in: SignIn, booked: Booked
) -> None:
    path = f"/console/bookings/{booked.confirmed.id}"
    async with signed_in(app, sign_in, "xugf") as (client, csrf):
        page = await (await client.get(path)).text()
        assert f'action="{path}/cancel"' in page
        assert f'action="{path}/approve"' not in page
        status, _ = await post(client, f"{path}/cancel", csrf, reason=" ")
        assert status == 400
        assert await status_of(app, booked.confirmed.id) is BookingStatus.confirmed

        status, _ = await post(client, f"{path}/cancel", csrf, reason="教室漏水维修")
        assert status == 303
        assert await status_of(app, booked.confirmed.id) is BookingStatus.cancelled
        status, text = await post(client, f"{path}/cancel", csrf, reason="again")
        assert status == 409
        assert t(app, "zh", "booking-err-not-active") in text
    assert await told(app, "luojh", "booking-cancelled") == 1
    assert await told(app, "xugf", "booking-offer") == 1  # first in line for 09:00–10:00
    assert len(await audited(app, "booking.cancel")) == 1


async def test_block_a_time_cancels_what_is_in_it(app: Linli, sign_in: SignIn, booked: Booked) -> None:
    art = await _room(app, "qiaotou-art")
    day = WEDNESDAY.isoformat()
    async with signed_in(app, sign_in, "xugf") as (client, csrf):
        bad = [
            ({"day": "2030-03-03"}, "console-bookings-block-past"),
            ({"day": SUNDAY.isoformat()}, "console-bookings-block-closed"),
            ({"day": "2031-12-01"}, "console-bookings-block-far"),
            ({"day": "3/6"}, "console-bookings-bad-day"),
            ({"day": day, "start": "9am"}, "console-bookings-bad-time"),
            ({"day": day, "start": "07:00", "end": "09:00"}, "console-bookings-block-hours"),
            ({"day": day, "start": "12:00", "end": "11:00"}, "console-bookings-block-hours"),
            ({"day": day, "reason": ""}, "console-error-field-required"),
            ({"day": day, "room": "999999"}, None),  # no such room: 404
        ]
        for fields, message_id in bad:
            form = {"room": str(art.id), "reason": "设备检修", **fields}
            status, text = await post(client, "/console/bookings/block", csrf, **form)
            if message_id is None:
                assert status == 404
                continue
            assert status == 400, fields
            expected = t(app, "zh", message_id, days=366, open="08:30", close="17:30")
            assert expected in text, fields
        assert await status_of(app, booked.confirmed.id) is BookingStatus.confirmed

        response = await client.post(
            "/console/bookings/block",
            data={
                "csrf": csrf,
                "room": str(art.id),
                "day": day,
                "start": "08:30",
                "end": "12:00",
                "reason": "设备检修",
            },
            allow_redirects=False,
        )
        assert response.status == 303
        assert response.headers["Location"] == day_url(booked)
        page = await (await client.get(day_url(booked))).text()
        assert 'class="cell blocked"' in page
        assert "设备检修" in page
        assert booked.confirmed.number not in page.split(BLOCK_FORM)[0]

        # Today, with the times left empty: the whole opening hours (some of them already past).
        today = NOW.astimezone(policy_of(app.settings).tz).date().isoformat()
        status, _ = await post(client, "/console/bookings/block", csrf, room=str(art.id), day=today, reason="停电")
        assert status == 303
    assert await status_of(app, booked.confirmed.id) is BookingStatus.cancelled
    assert await told(app, "luojh", "booking-cancelled") == 1
    async with app.sessionmaker() as session:
        blocks = (await session.scalars(select(Blackout).where(Blackout.room_id == art.id))).all()
        assert sorted(b.reason for b in blocks) == ["停电", "设备检修"]
        waiting = await session.scalar(select(store.WaitlistEntry).where(store.WaitlistEntry.room_id == art.id))
        assert waiting is not None
        assert waiting.status is WaitStatus.waiting
    entries = await audited(app, "booking.block")
    assert [entry.detail["day"] for entry in entries] == [day, today]


async def test_csrf_is_required(app: Linli, sign_in: SignIn, booked: Booked) -> None:
    async with signed_in(app, sign_in, "xugf") as (client, _csrf):
        response = await client.post(f"/console/bookings/{booked.pending.id}/approve", data={})
        assert response.status == 403
        response = await client.post(
            f"/console/bookings/{booked.confirmed.id}/cancel", data={"csrf": "forged", "reason": "x"}
        )
        assert response.status == 403
    assert await status_of(app, booked.pending.id) is BookingStatus.pending
    assert await status_of(app, booked.confirmed.id) is BookingStatus.confirmed
    assert await told(app, "luojh", "booking-approved") == 0
