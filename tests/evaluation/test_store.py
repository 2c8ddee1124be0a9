"""The evaluation store on SQLite and PostgreSQL: one answer per person and round (even at once), answers
that carry no person, figures hidden below five, the services a person used, periods."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.booking.store as booking
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.evaluation.store import (
    MIN_SHOWN,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationRound,
    Group,
    Kind,
    community_trend,
    compare_communities,
    invite,
    next_opening,
    next_period_start,
    not_answered,
    open_round,
    period_start_of,
    residents_to_invite,
    scope_communities,
    submit_answers,
    usage_of,
)
from models.grid.store import CaseState, GridCase, GridCategory
from models.people import Person, Role, grant_role
from models.places import Place, PlaceKind, add_place
from models.seed import add_demo_person

TZ = ZoneInfo("Asia/Shanghai")
OPENED = datetime(2026, 10, 1, 9, 0, tzinfo=TZ).astimezone(UTC)
Q3 = date(2026, 7, 1)


async def places(session: AsyncSession) -> tuple[Place, Place, Place, Place]:
    district = await add_place(session, PlaceKind.district, "d", "区", "D")
    street = await add_place(session, PlaceKind.street, "s", "街道", "S", district)
    one = await add_place(session, PlaceKind.community, "c", "社区", "C", street, 0)
    two = await add_place(session, PlaceKind.community, "c2", "二社区", "C2", street, 1)
    return district, street, one, two


async def residents(session: AsyncSession, count: int, community: str = "c") -> list[Person]:
    return [
        await add_demo_person(session, {"handle": f"{community}-p{n}", "name": f"居民{n}", "community": community})
        for n in range(count)
    ]


async def opened(session: AsyncSession, community: Place, people: list[Person]) -> EvaluationRound:
    evaluation = await open_round(session, community, Q3, 3, OPENED, 14)
    await invite(session, evaluation, people, OPENED)
    return evaluation


async def answer(session: AsyncSession, round_id: int, person: Person, overall: int | None, **more: int) -> None:
    scores = {Kind.overall: overall, **{Kind(kind): score for kind, score in more.items()}}
    await submit_answers(session, round_id, person.id, scores, None, OPENED + timedelta(hours=1), TZ)


def test_periods() -> None:
    assert period_start_of(date(2026, 8, 15), 3) == Q3
    assert period_start_of(date(2026, 12, 31), 3) == date(2026, 10, 1)
    assert period_start_of(date(2026, 5, 2), 6) == date(2026, 1, 1)
    assert next_period_start(date(2026, 10, 1), 3) == date(2027, 1, 1)
    assert next_period_start(date(2026, 12, 1), 1) == date(2027, 1, 1)
    # The automatic round about Q4 opens on 1 January at 09:00 in Shanghai.
    moment = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    assert next_opening(moment, 3, TZ) == datetime(2027, 1, 1, 9, 0, tzinfo=TZ)


async def test_answers_carry_no_person(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """The schema itself: no column of the answers names or times a person; the invitation says only that."""
    async with sessionmaker() as session, session.begin():
        _d, _s, community, _two = await places(session)
        people = await residents(session, 2)
        evaluation = await opened(session, community, people)
        await submit_answers(
            session, evaluation.id, people[0].id, {Kind.overall: 4}, "很好", OPENED + timedelta(hours=1), TZ
        )
        columns = {column.name for column in EvaluationAnswer.__table__.columns}
        assert columns == {"id", "round_id", "community_id", "kind", "score", "comment"}
        foreign = {key.column.table.name for key in EvaluationAnswer.__table__.foreign_keys}
        assert foreign == {"evaluation_rounds", "places"}
        rows = (await session.scalars(select(EvaluationAnswer))).all()
        assert sorted((row.kind, row.score, row.comment) for row in rows) == [
            ("comment", None, "很好"),
            ("overall", 4, None),
        ]
        # The keys are random, not a sequence that would follow the order people answered in.
        assert all(len(row.id) == 16 and not row.id.isdigit() for row in rows)
        invitation = await session.scalar(
            select(EvaluationInvitation).where(EvaluationInvitation.person_id == people[0].id)
        )
        assert invitation is not None
        assert invitation.answered_on == date(2026, 10, 1)  # the day, not the minute
        assert {column.name for column in EvaluationInvitation.__table__.columns} == {
            "id",
            "round_id",
            "person_id",
            "invited_at",
            "answered_on",
        }


async def test_the_database_has_no_person_column_on_answers(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """The migrated schema, not only the model (a migration could add what the model lacks)."""
    async with sessionmaker() as session:
        connection = await session.connection()
        names = await connection.run_sync(
            lambda sync: {column["name"] for column in inspect(sync).get_columns("evaluation_answers")}
        )
    assert names == {"id", "round_id", "community_id", "kind", "score", "comment"}


async def test_answering_twice_is_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _d, _s, community, _two = await places(session)
        people = await residents(session, 2)
        evaluation = await opened(session, community, people[:1])
        await answer(session, evaluation.id, people[0], 5)
        with pytest.raises(DomainError) as again:
            async with session.begin_nested():
                await answer(session, evaluation.id, people[0], 1)
        assert again.value.message_id == "evaluation-already"
        with pytest.raises(DomainError) as stranger:
            async with session.begin_nested():
                await answer(session, evaluation.id, people[1], 1)
        assert stranger.value.message_id == "evaluation-not-invited"
        assert await session.scalar(select(func.count(EvaluationAnswer.id))) == 1
        assert evaluation.answered == 1
        assert [p.id for p in await not_answered(session, evaluation.id)] == []  # reminders skip who answered


async def test_answering_after_the_round_closed_is_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _d, _s, community, _two = await places(session)
        people = await residents(session, 1)
        evaluation = await opened(session, community, people)
        late = evaluation.closes_at + timedelta(minutes=1)
        with pytest.raises(DomainError) as closed:
            async with session.begin_nested():
                await submit_answers(session, evaluation.id, people[0].id, {Kind.overall: 3}, None, late, TZ)
        assert closed.value.message_id == "evaluation-closed"
        with pytest.raises(DomainError) as twice:
            async with session.begin_nested():
                await open_round(session, community, Q3, 3, OPENED, 14)
        assert twice.value.message_id == "evaluation-round-exists"


async def test_two_answers_at_once_one_is_kept(db_url: str) -> None:
    """The same person submits from two devices at the same moment, each on its own connection."""
    setup = make_engine(db_url)
    async with make_sessionmaker(setup)() as session, session.begin():
        _d, _s, community, _two = await places(session)
        people = await residents(session, 1)
        evaluation = await opened(session, community, people)
        round_id, person = evaluation.id, people[0]
    await setup.dispose()
    sqlite = db_url.startswith("sqlite")
    engines = [make_engine(db_url) for _ in range(4)] if sqlite else [make_engine(db_url, pool_size=10)]
    makers = [make_sessionmaker(engine) for engine in engines]
    barrier = asyncio.Event()

    async def attempt(n: int) -> str:
        await barrier.wait()
        try:
            async with makers[n % len(makers)]() as session, session.begin():
                await answer(session, round_id, person, 1 + n % 5)
            return "kept"
        except DomainError as refused:
            return refused.message_id

    tasks = [asyncio.create_task(attempt(n)) for n in range(8)]
    await asyncio.sleep(0)
    barrier.set()
    results = await asyncio.gather(*tasks)
    for engine in engines:
        await engine.dispose()
    assert sorted(results) == ["evaluation-already"] * 7 + ["kept"]
    check = make_engine(db_url)
    async with make_sessionmaker(check)() as session:
        assert await session.scalar(select(func.count(EvaluationAnswer.id))) == 1
        kept = await session.get(EvaluationRound, round_id)
        assert kept is not None
        assert kept.answered == 1
    await check.dispose()


async def test_figures_below_five_are_hidden(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _d, _s, community, other = await places(session)
        people = await residents(session, MIN_SHOWN)
        evaluation = await opened(session, community, people)
        for n, person in enumerate(people):
            more = {"booking": 4} if n < MIN_SHOWN - 1 else {}  # 4 booking scores: one short
            await submit_answers(
                session,
                evaluation.id,
                person.id,
                {Kind.overall: 3 + n % 3, **{Kind(k): v for k, v in more.items()}},
                f"意见{n}" if n < 3 else None,  # 3 comments: too few to show
                OPENED + timedelta(hours=1),
                TZ,
            )
        [result] = await community_trend(session, community.id)
        assert result.group(Kind.overall) == Group(5, 3 + 4 + 5 + 3 + 4)
        assert result.group(Kind.overall).average == pytest.approx(3.8)
        assert result.group(Kind.booking).count == 4
        assert result.group(Kind.booking).average is None
        assert result.group(Kind.booking).shown_count is None
        assert result.group(Kind.hotline).average is None
        assert result.answered.shown_count == MIN_SHOWN
        assert result.comments == []
        assert result.comments_hidden
        compared = await compare_communities(session, [community, other], Q3)
        assert [(place.code, found is not None) for place, found in compared] == [("c", True), ("c2", False)]


async def test_comments_shown_from_five(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _d, _s, community, _two = await places(session)
        people = await residents(session, MIN_SHOWN)
        evaluation = await opened(session, community, people)
        for n, person in enumerate(people):
            await submit_answers(
                session, evaluation.id, person.id, {Kind.overall: None}, f"意见{n}", OPENED + timedelta(hours=1), TZ
            )
        [result] = await community_trend(session, community.id)
        assert sorted(result.comments) == [f"意见{n}" for n in range(MIN_SHOWN)]
        assert result.group(Kind.overall).count == 0  # everyone skipped the score


async def test_only_kinds_used_in_the_period(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _d, _s, community, _two = await places(session)
        grid = await add_place(session, PlaceKind.grid, "g", "一网格", "G1", community)
        [person, other] = await residents(session, 2)
        since = datetime(2026, 7, 1, tzinfo=TZ)
        until = datetime(2026, 10, 1, tzinfo=TZ)
        assert await usage_of(session, person.id, since, until) == []
        centre = await booking.add_centre(session, community, {"code": "cc", "name_zh": "中心", "name_en": "Centre"}, 0)
        room = await booking.add_room(
            session,
            centre,
            {
                "code": "r",
                "name_zh": "活动室",
                "name_en": "Activity room",
                "capacity": 10,
                "hours": {"mon-fri": "08:00-21:00"},
            },
            0,
        )
        for day, status in ((2, booking.BookingStatus.confirmed), (9, booking.BookingStatus.confirmed)):
            start = datetime(2026, 8, day, 10, tzinfo=TZ)
            session.add(
                booking.Booking(
                    room_id=room.id,
                    person_id=person.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    status=status,
                    purpose="开会",
                    attendees=3,
                )
            )
        cancelled = datetime(2026, 8, 20, 10, tzinfo=TZ)
        session.add(
            booking.Booking(
                room_id=room.id,
                person_id=person.id,
                starts_at=cancelled,
                ends_at=cancelled + timedelta(hours=1),
                status=booking.BookingStatus.cancelled,
                purpose="开会",
                attendees=3,
            )
        )
        category = GridCategory(
            code="lamp", name_zh="路灯", name_en="Street lamp", accept_hours=4, resolve_days=3, role=Role.grid_worker
        )
        session.add(category)
        await session.flush()
        for reporter, moment in ((person, datetime(2026, 9, 1, tzinfo=TZ)), (other, datetime(2026, 9, 1, tzinfo=TZ))):
            session.add(
                GridCase(
                    category_id=category.id,
                    reporter_id=reporter.id,
                    description="灯坏了",
                    grid_id=grid.id,
                    role=Role.grid_worker,
                    state=CaseState.submitted,
                    created_at=moment,
                    clock_started_at=moment,
                    assigned_at=moment,
                    accept_due_at=moment + timedelta(hours=4),
                    resolve_due_at=moment + timedelta(days=3),
                )
            )
        early = datetime(2026, 6, 30, tzinfo=TZ)  # the period before: not asked about
        session.add(
            GridCase(
                category_id=category.id,
                reporter_id=other.id,
                description="早",
                grid_id=grid.id,
                role=Role.grid_worker,
                state=CaseState.submitted,
                created_at=early,
                clock_started_at=early,
                assigned_at=early,
                accept_due_at=early,
                resolve_due_at=early,
            )
        )
        await session.flush()
        used = await usage_of(session, person.id, since, until)
        assert [(u.kind, u.count, u.names("zh"), u.names("en")) for u in used] == [
            (Kind.booking, 2, ("活动室",), ("Activity room",)),
            (Kind.grid, 1, ("路灯",), ("Street lamp",)),
        ]
        assert [(u.kind, u.count) for u in await usage_of(session, other.id, since, until)] == [(Kind.grid, 1)]


async def test_whom_to_invite_and_whose_results(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _district, street, community, other = await places(session)
        grid = await add_place(session, PlaceKind.grid, "g", "一网格", "G1", community)
        people = await residents(session, 3)
        [plain] = await residents(session, 1, "c2")
        people[2].consented_at = None  # never agreed: not invited
        await session.flush()
        assert [p.id for p in await residents_to_invite(session, community.id)] == [people[0].id, people[1].id]
        worker, admin = people[0], people[1]
        await grant_role(session, worker, Role.grid_worker, grid)
        await grant_role(session, admin, Role.street_admin, street)
        assert [c.code for c in await scope_communities(session, worker.id)] == ["c"]
        assert [c.code for c in await scope_communities(session, admin.id)] == ["c", "c2"]
        assert await scope_communities(session, plain.id) == []
        assert other.kind is PlaceKind.community
