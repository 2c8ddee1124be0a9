"""The hearings store on SQLite and PostgreSQL: the room is really held (and a clash refused), the notice
period's rules, one editable opinion per person until the notice period ends, invitations, the outcome."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.booking.store as booking_store
import models.timers as timers
from models.booking.store import BookingPolicy, BookingStatus
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.hearings.store import (
    MAX_OPINION,
    REMIND,
    Hearing,
    HearingKind,
    HearingOpinion,
    HearingPlan,
    HearingStatus,
    InvitationStatus,
    answer_invitation,
    cancel_hearing,
    create_hearing,
    has_current_hearing,
    invitation_of,
    opinion_count,
    opinion_of,
    publish_notice,
    publish_outcome,
    submit_opinion,
)
from models.people import Person
from models.places import Place, PlaceKind, add_place
from models.seed import add_demo_person

POLICY = BookingPolicy()
TZ = POLICY.tz
# Monday 2 March 2026, 08:00 in Shanghai.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=TZ).astimezone(UTC)
ROOM = {
    "name_zh": "议事厅",
    "name_en": "Hall",
    "capacity": 40,
    "hours": {"mon-fri": "08:00-21:00"},
    "max_minutes": 120,
    "weekly_quota_hours": 1,
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Local time on March ``day`` 2026, as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ).astimezone(UTC)


class Town:
    """A community with a centre and a room, its staff, three residents; another community with its own room
    and a resident."""

    community: Place
    room_id: int
    other_room_id: int
    staff: Person
    residents: list[Person]
    outsider: Person


async def build(session: AsyncSession) -> Town:
    town = Town()
    district = await add_place(session, PlaceKind.district, "d", "区", "D")
    street = await add_place(session, PlaceKind.street, "s", "街道", "S", district)
    town.community = await add_place(session, PlaceKind.community, "c", "社区", "C", street)
    other = await add_place(session, PlaceKind.community, "o", "别的社区", "Other", street)
    for place, code in ((town.community, "c"), (other, "o")):
        about = {"code": f"{code}-cc", "name_zh": "中心", "name_en": "C"}
        centre = await booking_store.add_centre(session, place, about, 0)
        room = await booking_store.add_room(session, centre, {**ROOM, "code": f"{code}-hall"}, 0)
        if code == "c":
            town.room_id = room.id
        else:
            town.other_room_id = room.id
    town.staff = await add_demo_person(
        session,
        {"handle": "staff", "name": "周", "community": "c", "roles": [{"role": "community_staff", "place": "c"}]},
    )
    town.residents = [
        await add_demo_person(session, {"handle": f"r{n}", "name": f"居民{n}", "community": "c"}) for n in range(3)
    ]
    town.outsider = await add_demo_person(session, {"handle": "x", "name": "外人", "community": "o"})
    return town


def plan(town: Town, **changes: object) -> HearingPlan:
    made = HearingPlan(
        kind=HearingKind.allowance,
        subject="低保申请听证会",
        description="对一户低保申请进行公开听证。",
        room_id=town.room_id,
        starts_at=at(12, 14),
        ends_at=at(12, 16),
        notice_ends_at=at(10, 18),
        representative_ids=[town.residents[0].id, town.residents[1].id],
        applicant_details="申请人:赵某,电话 13800000099",
    )
    return replace(made, **changes)  # type: ignore[arg-type]


async def published(session: AsyncSession, town: Town, **changes: object) -> Hearing:
    hearing = await create_hearing(session, town.community, town.staff, plan(town, **changes), NOW, POLICY)
    return await publish_notice(session, hearing, NOW)


async def refusal(session: AsyncSession, town: Town, **changes: object) -> str:
    with pytest.raises(DomainError) as raised:
        async with session.begin_nested():
            await create_hearing(session, town.community, town.staff, plan(town, **changes), NOW, POLICY)
    return raised.value.message_id


async def test_the_room_is_held_and_a_clash_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        hearing = await create_hearing(session, town.community, town.staff, plan(town), NOW, POLICY)
        assert hearing.status is HearingStatus.draft
        booking = await booking_store.get_booking(session, hearing.booking_id or 0)
        assert booking is not None
        assert booking.status is BookingStatus.confirmed
        assert (booking.person_id, booking.room_id) == (town.staff.id, town.room_id)
        assert (booking.starts_at, booking.ends_at) == (at(12, 14), at(12, 16))
        # Another hearing, or a resident's booking, at an overlapping time: the room is taken.
        assert await refusal(session, town, starts_at=at(12, 15), ends_at=at(12, 17)) == "hearings-err-room-taken"
        with pytest.raises(DomainError, match="booking-err-taken"):
            await booking_store.book_room(
                session, town.room_id, town.residents[2], at(12, 15), at(12, 16), "读书会", 5, at(9, 9), POLICY
            )
        # Cancelling the hearing gives the room back.
        await cancel_hearing(session, hearing, NOW, POLICY, "改期")
        assert hearing.status is HearingStatus.cancelled
        await session.refresh(booking)
        assert booking.status is BookingStatus.cancelled
        again = await create_hearing(
            session, town.community, town.staff, plan(town, starts_at=at(12, 15), ends_at=at(12, 17)), NOW, POLICY
        )
        assert again.booking_id is not None
        with pytest.raises(DomainError, match="hearings-err-closed"):
            await cancel_hearing(session, hearing, NOW, POLICY)


async def test_times_room_people_and_who_may_call_it(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        assert await refusal(session, town, starts_at=NOW - timedelta(hours=1)) == "hearings-err-past"
        assert await refusal(session, town, ends_at=at(12, 13)) == "hearings-err-ends"
        assert await refusal(session, town, notice_ends_at=NOW - timedelta(minutes=1)) == "hearings-err-notice-past"
        # It must start after its notice period ends (equal is not after).
        assert await refusal(session, town, notice_ends_at=at(12, 15)) == "hearings-err-notice-after"
        assert await refusal(session, town, notice_ends_at=at(12, 14)) == "hearings-err-notice-after"
        assert await refusal(session, town, room_id=town.other_room_id) == "hearings-err-room"
        assert await refusal(session, town, representative_ids=[town.outsider.id]) == "hearings-err-representative"
        assert await refusal(session, town, subject="  ") == "hearings-err-subject"
        assert await refusal(session, town, description="长" * 2001) == "hearings-err-description"
        with pytest.raises(DomainError, match="hearings-err-not-allowed"):
            await create_hearing(session, town.community, town.residents[0], plan(town), NOW, POLICY)
        # Nothing was kept by the refusals: the room is still free at that time.
        made = await create_hearing(session, town.community, town.staff, plan(town), NOW, POLICY)
        invited = [await invitation_of(session, made.id, person.id) for person in town.residents]
        assert [i.status if i else None for i in invited] == [InvitationStatus.invited, InvitationStatus.invited, None]


async def test_publishing_opens_the_notice_period(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        hearing = await create_hearing(session, town.community, town.staff, plan(town), NOW, POLICY)
        assert not await has_current_hearing(session, town.community.id, NOW)  # a draft is not public
        with pytest.raises(DomainError, match="hearings-err-not-yours"):
            await submit_opinion(session, hearing, town.residents[2], "意见", NOW)
        with pytest.raises(DomainError, match="hearings-err-notice-past"):
            await publish_notice(session, hearing, at(11, 9))
        await publish_notice(session, hearing, NOW)
        assert (hearing.status, hearing.published_at) == (HearingStatus.noticed, NOW)
        assert await timers.due_at(session, REMIND, hearing.id) == at(11, 14)
        assert await has_current_hearing(session, town.community.id, NOW)
        assert await has_current_hearing(session, town.community.id, at(12, 15))  # not yet over
        assert not await has_current_hearing(session, town.community.id, at(12, 16))
        with pytest.raises(DomainError, match="hearings-err-not-draft"):
            await publish_notice(session, hearing, NOW)


async def test_one_opinion_per_person_until_the_notice_period_ends(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        hearing = await published(session, town)
        writer = town.residents[2]
        assert await submit_opinion(session, hearing, writer, "  同意纳入低保。 ", at(3, 9)) is True
        assert await submit_opinion(session, hearing, writer, "同意,但请核实收入。", at(4, 9)) is False
        mine = await opinion_of(session, hearing.id, writer.id)
        assert mine is not None
        assert (mine.text, mine.created_at, mine.updated_at) == ("同意,但请核实收入。", at(3, 9), at(4, 9))
        assert await opinion_count(session, hearing.id) == 1
        with pytest.raises(DomainError, match="hearings-err-opinion-length"):
            await submit_opinion(session, hearing, writer, "长" * (MAX_OPINION + 1), at(4, 9))
        with pytest.raises(DomainError, match="hearings-err-opinion-length"):
            await submit_opinion(session, hearing, writer, "   ", at(4, 9))
        with pytest.raises(DomainError, match="hearings-err-not-yours"):
            await submit_opinion(session, hearing, town.outsider, "外人的意见", at(4, 9))
        with pytest.raises(DomainError, match="hearings-err-opinions-closed"):
            await submit_opinion(session, hearing, town.residents[0], "晚了", at(10, 18))
        assert await opinion_count(session, hearing.id) == 1


async def test_representatives_answer_until_it_begins(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        hearing = await published(session, town)
        first, second, uninvited = town.residents
        assert await answer_invitation(session, hearing, first.id, True, at(3, 9)) is True
        assert await answer_invitation(session, hearing, first.id, True, at(3, 10)) is False
        assert await answer_invitation(session, hearing, second.id, False, at(3, 10)) is True
        answers = [await invitation_of(session, hearing.id, p.id) for p in (first, second)]
        assert [a.status if a else None for a in answers] == [InvitationStatus.confirmed, InvitationStatus.declined]
        with pytest.raises(DomainError, match="hearings-err-not-invited"):
            await answer_invitation(session, hearing, uninvited.id, True, at(3, 9))
        with pytest.raises(DomainError, match="hearings-err-invitation-closed"):
            await answer_invitation(session, hearing, second.id, True, at(12, 14))


async def test_the_outcome_after_the_hearing_tells_those_concerned(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        hearing = await published(session, town, representative_ids=[town.residents[0].id])
        await submit_opinion(session, hearing, town.residents[2], "同意", at(3, 9))
        with pytest.raises(DomainError, match="hearings-err-not-held-yet"):
            await publish_outcome(session, hearing, town.staff, "同意纳入低保。", at(12, 13))
        with pytest.raises(DomainError, match="hearings-err-outcome-length"):
            await publish_outcome(session, hearing, town.staff, " ", at(12, 17))
        hearing, told = await publish_outcome(session, hearing, town.staff, "同意纳入低保。", at(12, 17))
        assert (hearing.status, hearing.outcome) == (HearingStatus.decided, "同意纳入低保。")
        assert hearing.outcome_at == at(12, 17)
        assert [person.id for person in told] == [town.residents[0].id, town.residents[2].id]
        assert await timers.due_at(session, REMIND, hearing.id) is None
        with pytest.raises(DomainError, match="hearings-err-outcome-state"):
            await publish_outcome(session, hearing, town.staff, "再来一次", at(12, 18))
        with pytest.raises(DomainError, match="hearings-err-closed"):
            await cancel_hearing(session, hearing, at(12, 18), POLICY)
        assert not await has_current_hearing(session, town.community.id, at(12, 18))


async def test_a_room_time_passed_is_not_given_back(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Cancelling after the room's time has passed does not touch the booking (it is history)."""
    async with sessionmaker() as session, session.begin():
        town = await build(session)
        hearing = await published(session, town)
        later = at(12, 17)
        await cancel_hearing(session, hearing, later, POLICY)
        booking = await booking_store.get_booking(session, hearing.booking_id or 0)
        assert booking is not None
        assert booking.status is BookingStatus.confirmed
        assert hearing.cancelled_at == later.astimezone(UTC)


async def test_concurrent_presses_leave_one_opinion_and_one_outcome(db_url: str) -> None:
    """The same person sends from two devices at once, two staff publish the outcome at once, each on a
    connection of its own: one opinion row (the other press is the edit), one outcome (the other is refused)."""
    setup_engine = make_engine(db_url)
    async with make_sessionmaker(setup_engine)() as session, session.begin():
        town = await build(session)
        hearing_id = (await published(session, town)).id
        writer_id, staff_id = town.residents[2].id, town.staff.id
    await setup_engine.dispose()
    sqlite = db_url.startswith("sqlite")
    engines = [make_engine(db_url) for _ in range(6)] if sqlite else [make_engine(db_url, pool_size=8)]
    makers = [make_sessionmaker(engine) for engine in engines]
    barrier = asyncio.Event()

    async def write(n: int) -> bool:
        await barrier.wait()
        async with makers[n % len(makers)]() as session, session.begin():
            hearing, writer = await session.get(Hearing, hearing_id), await session.get(Person, writer_id)
            assert hearing is not None
            assert writer is not None
            return await submit_opinion(session, hearing, writer, f"意见 {n}", at(3, 9))

    async def decide(n: int) -> str:
        await barrier.wait()
        try:
            async with makers[n % len(makers)]() as session, session.begin():
                hearing, staff = await session.get(Hearing, hearing_id), await session.get(Person, staff_id)
                assert hearing is not None
                assert staff is not None
                await publish_outcome(session, hearing, staff, f"结果 {n}", at(12, 17))
            return "published"
        except DomainError as refused:
            return refused.message_id

    writes = [asyncio.create_task(write(n)) for n in range(6)]
    await asyncio.sleep(0)
    barrier.set()
    assert sorted(await asyncio.gather(*writes)) == [False] * 5 + [True]
    barrier.clear()
    decisions = [asyncio.create_task(decide(n)) for n in range(4)]
    await asyncio.sleep(0)
    barrier.set()
    assert sorted(await asyncio.gather(*decisions)) == ["hearings-err-outcome-state"] * 3 + ["published"]
    for engine in engines:
        await engine.dispose()
    check = make_engine(db_url)
    async with make_sessionmaker(check)() as session:
        assert await session.scalar(select(func.count(HearingOpinion.id))) == 1
    await check.dispose()
