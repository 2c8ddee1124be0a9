"""The 居民说事 store on SQLite and PostgreSQL: supports counted once per person and the threshold crossed
once, under real concurrency; similar matters; answers; a meeting holds its room, takes the waiting agenda,
and its minutes decide exactly the matters on it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.booking.store import Booking, BookingPolicy, BookingStatus, add_centre, add_room, book_room
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.people import Person, Role, grant_role
from models.places import Place, PlaceKind, add_place
from models.seed import add_demo_person
from models.talk.store import (
    Decision,
    Matter,
    MatterStatus,
    MeetingStatus,
    Support,
    agenda_of,
    answer_matter,
    cancel_meeting,
    publish_minutes,
    raise_matter,
    schedule_meeting,
    sign_up,
    similar_open,
    support,
)

POLICY = BookingPolicy()
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
ROOM = {
    "code": "meet",
    "name_zh": "会议室",
    "name_en": "Meeting room",
    "capacity": 40,
    "hours": {"mon-sun": "08:00-21:00"},
}


async def setup(session: AsyncSession, people: int = 3) -> tuple[Place, int, list[Person]]:
    district = await add_place(session, PlaceKind.district, "d", "区", "D")
    street = await add_place(session, PlaceKind.street, "s", "街道", "S", district)
    community = await add_place(session, PlaceKind.community, "c", "社区", "C", street)
    await add_place(session, PlaceKind.community, "other", "别的社区", "Other", street)
    centre = await add_centre(session, community, {"code": "cc", "name_zh": "中心", "name_en": "Centre"}, 0)
    room = await add_room(session, centre, ROOM, 0)
    persons = [
        await add_demo_person(session, {"handle": f"p{n}", "name": f"居民{n}", "community": "c"}) for n in range(people)
    ]
    return community, room.id, persons


async def test_raise_and_support_once(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _community, _room, (a, b, c) = await setup(session)
        matter = await raise_matter(session, a, "小区东门路灯坏了", "晚上很黑", None, NOW)
        assert matter.supports == 1  # its author's
        assert (await support(session, matter, a, 10, NOW)).added is False  # the author again
        first = await support(session, matter, b, 10, NOW)
        again = await support(session, matter, b, 10, NOW)
        assert (first.added, first.supports) == (True, 2)
        assert (again.added, again.supports) == (False, 2)
        outsider = await add_demo_person(session, {"handle": "o", "name": "外人", "community": "other"})
        with pytest.raises(DomainError, match="talk-err-other-community"):
            await support(session, matter, outsider, 10, NOW)
        with pytest.raises(DomainError, match="talk-err-title"):
            await raise_matter(session, c, "短", "", None, NOW)
        with pytest.raises(DomainError, match="talk-err-body"):
            await raise_matter(session, c, "一个正常的标题", "长" * 501, None, NOW)


async def test_similar_titles_are_found(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _room, (a, _b, _c) = await setup(session)
        lights = await raise_matter(session, a, "小区东门的路灯坏了", "", None, NOW)
        await raise_matter(session, a, "希望增加电动车充电桩", "", None, NOW)
        found = await similar_open(session, community.id, "东门路灯不亮")
        assert [m.id for m in found] == [lights.id]
        assert await similar_open(session, community.id, "广场舞噪音扰民") == []


async def test_threshold_is_crossed_once_under_concurrency(db_url: str) -> None:
    """60 neighbours press "support" at the same moment, some twice: every person counted once, and the
    matter goes on the agenda exactly once (one support sees the crossing)."""
    engine = make_engine(db_url)
    async with make_sessionmaker(engine)() as session, session.begin():
        _community, _room, people = await setup(session, people=60)
        matter = await raise_matter(session, people[0], "楼道里堆满杂物", "", None, NOW)
        ids, matter_id = [p.id for p in people], matter.id
    await engine.dispose()
    sqlite = db_url.startswith("sqlite")
    engines = (
        [make_engine(db_url) for _ in range(8)] if sqlite else [make_engine(db_url, pool_size=30, max_overflow=40)]
    )
    makers = [make_sessionmaker(e) for e in engines]
    barrier = asyncio.Event()

    async def press(n: int) -> bool:
        await barrier.wait()
        async with makers[n % len(makers)]() as session, session.begin():
            person = await session.get(Person, ids[n % len(ids)])
            target = await session.get(Matter, matter_id)
            assert person is not None
            assert target is not None
            return (await support(session, target, person, 20, NOW)).crossed

    tasks = [asyncio.create_task(press(n)) for n in range(1, 90)]  # persons 1..59, then 30 of them again
    await asyncio.sleep(0)
    barrier.set()
    crossings = await asyncio.gather(*tasks)
    for e in engines:
        await e.dispose()
    assert crossings.count(True) == 1
    check = make_engine(db_url)
    async with make_sessionmaker(check)() as session:
        after = await session.get(Matter, matter_id)
        assert after is not None
        rows = await session.scalar(select(func.count()).select_from(Support).where(Support.matter_id == matter_id))
        assert after.supports == rows == 60
        assert after.status is MatterStatus.agenda
        assert after.by_threshold
    await check.dispose()


async def test_answers(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _community, _room, (a, staff, _c) = await setup(session)
        matter = await raise_matter(session, a, "希望增设休息座椅", "", None, NOW)
        with pytest.raises(DomainError, match="talk-err-answer-needed"):
            await answer_matter(session, matter, staff, Decision.decline, "  ", NOW)
        with pytest.raises(DomainError, match="talk-err-answer-long"):
            await answer_matter(session, matter, staff, Decision.accept, "办" * 501, NOW)
        await answer_matter(session, matter, staff, Decision.accept, "12月中旬安装4张长椅", NOW)
        assert matter.status is MatterStatus.accepted
        assert matter.answered_by_id == staff.id
        with pytest.raises(DomainError, match="talk-err-answered"):
            await answer_matter(session, matter, staff, Decision.decline, "改主意了", NOW)
        with pytest.raises(DomainError, match="talk-err-closed"):
            await support(session, matter, _c, 10, NOW)


async def test_meeting_holds_the_room_takes_the_agenda_and_decides_it(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        community, room_id, (a, staff, b) = await setup(session)
        await grant_role(session, staff, Role.community_staff, community)
        waiting = await raise_matter(session, a, "电动车充电桩不够用", "", None, NOW)
        await answer_matter(session, waiting, staff, Decision.agenda, "", NOW)
        assert waiting.status is MatterStatus.agenda
        assert waiting.meeting_id is None  # no meeting yet: waits for the next one
        starts = NOW + timedelta(days=5)
        with pytest.raises(DomainError, match="booking-err-not-allowed"):
            await schedule_meeting(
                session, a, community.id, room_id, "说事会", starts, starts + timedelta(hours=1), NOW, POLICY
            )
        meeting = await schedule_meeting(
            session, staff, community.id, room_id, "12月说事会", starts, starts + timedelta(hours=2), NOW, POLICY
        )
        assert [m.id for m in await agenda_of(session, meeting.id)] == [waiting.id]
        booking = await session.get(Booking, meeting.booking_id)
        assert booking is not None
        assert booking.status is BookingStatus.confirmed
        with pytest.raises(DomainError, match="booking-err-taken"):
            await book_room(session, room_id, b, starts, starts + timedelta(hours=1), "跳舞", 5, NOW, POLICY)
        # A matter put on the agenda now goes to this meeting.
        later = await raise_matter(session, b, "垃圾投放点气味大", "", None, NOW)
        await answer_matter(session, later, staff, Decision.agenda, "", NOW)
        assert later.meeting_id == meeting.id
        assert await sign_up(session, meeting, a, NOW) is True
        assert await sign_up(session, meeting, a, NOW) is False
        with pytest.raises(DomainError, match="talk-err-minutes-early"):
            await publish_minutes(session, meeting, staff, "纪要", {}, NOW)
        after = starts + timedelta(hours=2)
        with pytest.raises(DomainError, match="talk-err-outcome"):
            await publish_minutes(session, meeting, staff, "纪要", {waiting.id: "增设一处"}, after)
        decided = await publish_minutes(
            session, meeting, staff, "到会23人", {waiting.id: "增设一处", later.id: "加装除臭设备"}, after
        )
        assert {m.id for m in decided} == {waiting.id, later.id}
        assert meeting.status is MeetingStatus.held
        assert {m.status for m in decided} == {MatterStatus.decided}
        with pytest.raises(DomainError, match="talk-err-minutes-done"):
            await publish_minutes(session, meeting, staff, "again", {}, after)


async def test_cancelled_meeting_frees_the_room_and_its_agenda_waits(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        community, room_id, (a, staff, _b) = await setup(session)
        await grant_role(session, staff, Role.community_staff, community)
        starts = NOW + timedelta(days=2)
        meeting = await schedule_meeting(
            session, staff, community.id, room_id, "说事会", starts, starts + timedelta(hours=1), NOW, POLICY
        )
        matter = await raise_matter(session, a, "电梯经常故障停运", "", None, NOW)
        await answer_matter(session, matter, staff, Decision.agenda, "", NOW)
        await sign_up(session, meeting, a, NOW)
        told = await cancel_meeting(session, meeting, NOW, POLICY, "场地维修")
        assert told == [a.id]
        assert meeting.status is MeetingStatus.cancelled
        await session.refresh(matter)
        assert matter.meeting_id is None
        assert matter.status is MatterStatus.agenda
        booking = await session.get(Booking, meeting.booking_id)
        assert booking is not None
        assert booking.status is BookingStatus.cancelled
        with pytest.raises(DomainError, match="talk-err-meeting-closed"):
            await sign_up(session, meeting, a, NOW)
