"""The booking store on SQLite and PostgreSQL: the no-overlap invariant under real concurrency, every rule
enforced in the store, waitlist offers, no-shows and suspension, statistics."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.booking.store as store
import models.timers as timers
from models.booking.store import Booking, BookingPolicy, BookingStatus, WaitStatus
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.people import Person
from models.places import PlaceKind, add_place
from models.seed import add_demo_person

POLICY = BookingPolicy()
TZ = POLICY.tz
# Monday 2 March 2026, 08:00 in Shanghai.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=TZ).astimezone(UTC)
ROOM = {
    "code": "hall",
    "name_zh": "活动厅",
    "name_en": "Hall",
    "capacity": 20,
    "hours": {"mon-fri": "08:00-21:00", "sat": "09:00-12:00"},
    "slot_minutes": 30,
    "min_minutes": 60,
    "max_minutes": 180,
    "horizon_days": 14,
    "notice_minutes": 60,
    "weekly_quota_hours": 4,
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Local time on March ``day`` 2026, as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ).astimezone(UTC)


async def setup(session: AsyncSession, people: int = 2, **room: Any) -> tuple[int, list[Person]]:
    district = await add_place(session, PlaceKind.district, "d", "区", "D")
    street = await add_place(session, PlaceKind.street, "s", "街道", "S", district)
    community = await add_place(session, PlaceKind.community, "c", "社区", "C", street)
    await add_place(session, PlaceKind.community, "other", "别的社区", "Other", street)
    centre = await store.add_centre(session, community, {"code": "cc", "name_zh": "中心", "name_en": "Centre"}, 0)
    made = await store.add_room(session, centre, {**ROOM, **room}, 0)
    persons = [
        await add_demo_person(session, {"handle": f"p{n}", "name": f"居民{n}", "community": "c"}) for n in range(people)
    ]
    return made.id, persons


async def book(
    session: AsyncSession, room_id: int, person: Person, start: datetime, minutes: int = 60, **kw: Any
) -> Booking:
    return await store.book_room(
        session,
        room_id,
        person,
        start,
        start + timedelta(minutes=minutes),
        kw.pop("purpose", "开会"),
        kw.pop("attendees", 5),
        kw.pop("now", NOW),
        POLICY,
        **kw,
    )


async def refusal(
    session: AsyncSession, room_id: int, person: Person, start: datetime, minutes: int = 60, **kw: Any
) -> str:
    with pytest.raises(DomainError) as caught:
        async with session.begin_nested():
            await book(session, room_id, person, start, minutes, **kw)
    return caught.value.message_id


# --- the invariant ----------------------------------------------------------------------------------------


async def test_fifty_concurrent_attempts_one_succeeds(db_url: str) -> None:
    """50 people press confirm for the same slot at once, each on its own connection: exactly one wins."""
    setup_engine = make_engine(db_url)
    async with make_sessionmaker(setup_engine)() as session, session.begin():
        room_id, people = await setup(session, people=50)
        ids = [person.id for person in people]
    await setup_engine.dispose()
    # Separate connections: on SQLite several engines (each has one connection), on PostgreSQL a pool.
    sqlite = db_url.startswith("sqlite")
    engines = (
        [make_engine(db_url) for _ in range(10)] if sqlite else [make_engine(db_url, pool_size=25, max_overflow=30)]
    )
    makers = [make_sessionmaker(engine) for engine in engines]
    start = at(3, 10)
    barrier = asyncio.Event()

    async def attempt(n: int) -> str:
        await barrier.wait()
        try:
            async with makers[n % len(makers)]() as session, session.begin():
                person = await session.get(Person, ids[n])
                assert person is not None
                await book(session, room_id, person, start, 90 if n % 2 else 60)
            return "booked"
        except DomainError as refused:
            return refused.message_id

    tasks = [asyncio.create_task(attempt(n)) for n in range(50)]
    await asyncio.sleep(0)
    barrier.set()
    results = await asyncio.gather(*tasks)
    for engine in engines:
        await engine.dispose()
    assert sorted(results) == ["booked"] + ["booking-err-taken"] * 49
    check = make_engine(db_url)
    async with make_sessionmaker(check)() as session:
        assert await session.scalar(select(func.count(Booking.id))) == 1
    await check.dispose()


async def test_overlaps_refused_adjacent_allowed(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (a, b) = await setup(session)
        await book(session, room_id, a, at(3, 10), 90)  # 10:00–11:30
        assert await refusal(session, room_id, b, at(3, 11)) == "booking-err-taken"
        assert await refusal(session, room_id, b, at(3, 9), 120) == "booking-err-taken"
        await book(session, room_id, b, at(3, 11, 30))  # right after: fine
        await book(session, room_id, b, at(3, 9))  # right before: fine


async def test_rules_are_enforced_in_the_store(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (a, _b) = await setup(session)
        assert await refusal(session, room_id, a, at(2, 7)) == "booking-err-past"
        assert await refusal(session, room_id, a, at(2, 8, 30)) == "booking-err-notice"
        assert await refusal(session, room_id, a, at(17, 10)) == "booking-err-horizon"
        assert await refusal(session, room_id, a, at(3, 20, 30)) == "booking-err-closed"  # ends after 21:00
        assert await refusal(session, room_id, a, at(8, 10)) == "booking-err-closed"  # Sunday
        assert await refusal(session, room_id, a, at(3, 10, 15)) == "booking-err-granularity"
        assert await refusal(session, room_id, a, at(3, 10), 30) == "booking-err-duration"
        assert await refusal(session, room_id, a, at(3, 10), 240) == "booking-err-duration"
        assert await refusal(session, room_id, a, at(3, 10), attendees=21) == "booking-err-capacity"
        assert await refusal(session, room_id, a, at(3, 10), purpose="  ") == "booking-err-purpose"
        # Quota: 4 hours a week. 3 h on Tuesday, then 1.5 h more the same week is over it.
        await book(session, room_id, a, at(3, 9), 180)
        assert await refusal(session, room_id, a, at(4, 9), 90) == "booking-err-quota"
        await book(session, room_id, a, at(4, 9), 60)
        await book(session, room_id, a, at(10, 9), 180)  # next week counts afresh
        staff = a
        await store.block_time(session, room_id, staff, at(5, 12), at(5, 14), "维修", NOW, POLICY)
        other = await add_demo_person(session, {"handle": "z", "name": "z", "community": "c"})
        assert await refusal(session, room_id, other, at(5, 13)) == "booking-err-blackout"


async def test_who_may_book(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (_a,) = await setup(session, people=1)
        outsider = await add_demo_person(session, {"handle": "o", "name": "外人", "community": "other"})
        assert await refusal(session, room_id, outsider, at(3, 10)) == "booking-err-not-allowed"
        room = await session.get(store.Room, room_id)
        assert room is not None
        room.open_to = store.OpenTo.anyone
        await book(session, room_id, outsider, at(3, 10))


async def test_approval_and_timers(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (a, staff) = await setup(session, needs_approval=True)
        pending = await book(session, room_id, a, at(4, 10))
        assert pending.status is BookingStatus.pending
        assert await timers.due_at(session, store.EXPIRE, pending.id) == at(4, 10)
        assert await timers.due_at(session, store.REMIND_DAY, pending.id) is None
        await store.decide(session, pending, staff, True, NOW, POLICY)
        assert pending.status is BookingStatus.confirmed
        assert await timers.due_at(session, store.EXPIRE, pending.id) is None
        assert await timers.due_at(session, store.REMIND_DAY, pending.id) == at(3, 10)
        assert await timers.due_at(session, store.REMIND_HOUR, pending.id) == at(4, 9)
        assert await timers.due_at(session, store.RELEASE, pending.id) == at(4, 10, 15)
        with pytest.raises(DomainError, match="booking-err-decided"):
            await store.decide(session, pending, staff, False, NOW, POLICY, "no")
        await store.cancel_booking(session, pending, NOW, POLICY)
        for kind in store.BOOKING_TIMERS:
            assert await timers.due_at(session, kind, pending.id) is None  # no reminders for cancelled ones
        assert pending.sequence == 2


async def test_series_lists_clashes_and_books_the_rest(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (a, b) = await setup(session, horizon_days=45)
        await book(session, room_id, b, at(17, 9, 30))  # week 3 is taken
        await store.block_time(session, room_id, b, at(24, 0), at(25, 0), "节假日", NOW, POLICY)  # week 4 closed
        preview = await store.book_series(session, room_id, a, at(3, 9), 90, 8, "舞蹈", 20, NOW, POLICY, dry_run=True)
        assert preview.booked == []
        assert [(start, e.message_id) for start, e in preview.clashes] == [
            (at(17, 9), "booking-err-taken"),
            (at(24, 9), "booking-err-blackout"),
            (datetime(2026, 4, 21, 9, tzinfo=TZ).astimezone(UTC), "booking-err-horizon"),
        ]
        outcome = await store.book_series(session, room_id, a, at(3, 9), 90, 8, "舞蹈", 20, NOW, POLICY)
        assert len(outcome.booked) == 5
        assert len({booking.series for booking in outcome.booked}) == 1
        assert len(outcome.clashes) == 3


async def test_check_in_window_no_show_and_suspension(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (a, _b) = await setup(session, weekly_quota_hours=0)
        first = await book(session, room_id, a, at(3, 10))
        with pytest.raises(DomainError, match="booking-err-checkin-early"):
            await store.check_in(session, first, at(3, 9, 44), POLICY)
        await store.check_in(session, first, at(3, 9, 45), POLICY)
        assert await store.release_no_show(session, first, at(3, 10, 15), POLICY) is None
        late = await book(session, room_id, a, at(3, 14))
        with pytest.raises(DomainError, match="booking-err-checkin-late"):
            await store.check_in(session, late, at(3, 14, 16), POLICY)
        releases = []
        for day in (3, 4, 5):
            missed = late if day == 3 else await book(session, room_id, a, at(day, 14))
            releases.append(await store.release_no_show(session, missed, at(day, 14, 15), POLICY))
            assert missed.status is BookingStatus.no_show
        assert [r.no_shows for r in releases if r] == [1, 2, 3]
        assert releases[0] is not None
        assert releases[0].suspension is None
        assert releases[2] is not None
        assert releases[2].suspension is not None
        assert releases[2].suspension.ends_at == at(5, 14, 15) + timedelta(days=14)
        assert await refusal(session, room_id, a, at(9, 10), now=at(5, 15)) == "booking-err-suspended"


async def test_waitlist_offers_pass_down_the_line(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (holder, first, second, intruder) = await setup(session, people=4)
        taken = await book(session, room_id, holder, at(4, 10))
        with pytest.raises(DomainError, match="booking-err-free-now"):
            await store.join_waitlist(session, room_id, first, at(4, 14), at(4, 15), "x", 3, NOW, POLICY)
        one = await store.join_waitlist(session, room_id, first, at(4, 10), at(4, 11), "x", 3, NOW, POLICY)
        two = await store.join_waitlist(session, room_id, second, at(4, 10), at(4, 11), "y", 3, NOW, POLICY)
        assert await store.waitlist_position(session, two) == 2
        # Cancelling frees the time: the store offers it to the first in line, and notes the offer for
        # the feature to tell (once: a second look finds nothing new).
        await store.cancel_booking(session, taken, NOW, POLICY)
        assert await store.offers_made(session, NOW) == [one]
        assert await store.offers_made(session, NOW) == []
        assert one.offer_expires_at == NOW + timedelta(minutes=30)
        assert await timers.due_at(session, store.OFFER, one.id) == one.offer_expires_at
        # The offer holds the time: nobody else can book it meanwhile.
        assert await refusal(session, room_id, intruder, at(4, 10)) == "booking-err-taken"
        with pytest.raises(DomainError, match="booking-err-not-yours"):
            await store.claim_offer(session, one, second, NOW, POLICY)
        # It runs out: the next in line gets it, and claims it.
        later = NOW + timedelta(minutes=31)
        assert await store.end_offer(session, one, later, POLICY, declined=False)
        assert await store.offers_made(session, later) == [two]
        with pytest.raises(DomainError, match="booking-err-offer-gone"):
            await store.claim_offer(session, one, first, later, POLICY)
        booking = await store.claim_offer(session, two, second, later, POLICY)
        assert booking.person_id == second.id
        assert two.status is WaitStatus.claimed


FREEING = ("cancel", "staff-cancel", "reject", "lapse", "no-show", "block-beyond", "decline", "run-out", "leave")


@pytest.mark.parametrize("way", FREEING)
async def test_every_way_of_freeing_time_offers_it_to_the_first_in_line(
    sessionmaker: async_sessionmaker[AsyncSession], way: str
) -> None:
    """The waitlist cannot stall: whichever operation frees the time, the store makes the offer itself."""
    approval = way in ("reject", "lapse")
    async with sessionmaker() as session, session.begin():
        room_id, (holder, waiting, staff, other) = await setup(session, people=4, needs_approval=approval)
        # Held 10:00–12:00; someone waits for the second hour, which is what every way below frees.
        held = await book(session, room_id, holder, at(4, 10), 120)
        now = NOW
        if way in ("decline", "run-out", "leave"):
            # The time is already offered to ``other``; it passes on when their offer ends.
            first = await store.join_waitlist(session, room_id, other, at(4, 11), at(4, 12), "x", 3, NOW, POLICY)
        entry = await store.join_waitlist(session, room_id, waiting, at(4, 11), at(4, 12), "y", 3, NOW, POLICY)
        if way in ("decline", "run-out", "leave"):
            await store.cancel_booking(session, held, NOW, POLICY)
            assert await store.offers_made(session, NOW) == [first]
            if way == "decline":
                assert await store.end_offer(session, first, NOW, POLICY, declined=True)
            elif way == "run-out":
                now = NOW + timedelta(minutes=31)
                assert await store.end_offer(session, first, now, POLICY, declined=False)
            else:
                await store.leave_waitlist(session, first, NOW, POLICY)
        elif way == "cancel":
            await store.cancel_booking(session, held, NOW, POLICY)
        elif way == "staff-cancel":
            await store.cancel_booking(session, held, at(4, 10, 30), POLICY, reason="维修", by_staff=True)
            now = at(4, 10, 30)
        elif way == "reject":
            await store.decide(session, held, staff, False, NOW, POLICY, "no")
        elif way == "lapse":  # nobody approved it before it began: its second hour is still ahead
            now = at(4, 10)
            assert await store.expire_pending(session, held, now, POLICY)
        elif way == "no-show":
            now = at(4, 10, 15)
            assert await store.release_no_show(session, held, now, POLICY) is not None
        else:  # blocking the first hour cancels the booking; what it held beyond goes to the waitlist
            await store.block_time(session, room_id, staff, at(4, 10), at(4, 11), "维修", NOW, POLICY)
        assert await store.offers_made(session, now) == [entry]
        assert entry.status is WaitStatus.offered


async def test_only_days_that_lead_somewhere_are_bookable(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """A day button must end in a time to book or a booked time to wait for, never in "nothing left"."""
    async with sessionmaker() as session, session.begin():
        # Monday 08:00 with 48 hours' notice: Monday and Tuesday cannot be booked; Wednesday can, from 08:00.
        room_id, (me, other, staff) = await setup(session, people=3, notice_minutes=48 * 60, weekly_quota_hours=3)
        room = await session.get(store.Room, room_id)
        assert room is not None
        days = await store.bookable_days(session, room, me, NOW, POLICY)
        assert days[:3] == [date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 6)]
        # Thursday blocked all day: neither a free time nor anything to wait for.
        await store.block_time(session, room_id, staff, at(5, 8), at(5, 21), "维修", NOW, POLICY)
        assert date(2026, 3, 5) not in await store.bookable_days(session, room, me, NOW, POLICY)
        # Saturday (09:00–12:00) taken whole by someone else: still offered, to wait for that time.
        await book(session, room_id, other, at(7, 9), 180)
        assert date(2026, 3, 7) in await store.bookable_days(session, room, me, NOW, POLICY)
        # ``other`` used this week's three hours: the rest of this week is not theirs to book, next week is.
        theirs = await store.bookable_days(session, room, other, NOW, POLICY)
        assert theirs[0] == date(2026, 3, 9)


async def test_usage_statistics(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        room_id, (a, b) = await setup(session, weekly_quota_hours=0)
        room = await session.get(store.Room, room_id)
        assert room is not None
        centre_id = room.centre_id
        await book(session, room_id, a, at(3, 10), 120)
        missed = await book(session, room_id, b, at(3, 14))
        await store.release_no_show(session, missed, at(3, 14, 15), POLICY)
        cancelled = await book(session, room_id, b, at(4, 14))
        await store.cancel_booking(session, cancelled, NOW, POLICY)
        (usage,) = await store.usage(session, centre_id, 2026, 3, TZ)
        # March 2026: 22 weekdays × 13 h + 4 Saturdays × 3 h = 298 open hours.
        assert (usage.bookings, usage.hours, usage.no_shows, usage.open_hours) == (2, 2.0, 1, 298.0)
        assert usage.utilisation == 1


async def test_staff_hold_a_room_for_an_event(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """A 说事 meeting or a hearing holds the room like a booking: no overlap, no quota, no no-show release."""
    from models.people import Role, grant_role
    from models.places import place_by_code

    async with sessionmaker() as session, session.begin():
        room_id, (resident, staff) = await setup(session, weekly_quota_hours=0)
        community = await place_by_code(session, "c")
        assert community is not None
        with pytest.raises(DomainError, match="booking-err-not-allowed"):
            await store.hold_room(session, room_id, resident, at(5, 14), at(5, 16), "说事会", 30, NOW, POLICY)
        await grant_role(session, staff, Role.community_staff, community)
        await book(session, room_id, resident, at(5, 9), 60)
        with pytest.raises(DomainError, match="booking-err-taken"):
            await store.hold_room(session, room_id, staff, at(5, 9), at(5, 11), "说事会", 30, NOW, POLICY)
        with pytest.raises(DomainError, match="booking-err-past"):
            await store.hold_room(session, room_id, staff, at(1, 9), at(1, 11), "说事会", 30, NOW, POLICY)
        # Five hours, beyond the room's 3-hour maximum and a quota of 0: staff events are not residents' bookings.
        held = await store.hold_room(session, room_id, staff, at(6, 9), at(6, 14), "居民说事会", 30, NOW, POLICY)
        assert held.status is BookingStatus.confirmed
        assert held.person_id == staff.id
        assert await timers.due_at(session, store.RELEASE, held.id) is None
        assert await timers.due_at(session, store.REMIND_DAY, held.id) is not None
        assert await refusal(session, room_id, resident, at(6, 10)) == "booking-err-taken"
