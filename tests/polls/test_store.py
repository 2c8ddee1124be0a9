"""The polls store on SQLite and PostgreSQL: one ballot per household under real concurrency, per-person
polls, changing a vote, a closed poll refusing (and its frozen result), choice limits, scores, nominations."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.polls.store as store
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.people import Person
from models.places import Place, PlaceKind, add_place
from models.polls.store import BallotUnit, Cast, OptionText, Phase, PollBallot, PollDraft, PollKind
from models.seed import add_demo_person

NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=7)


async def places(session: AsyncSession) -> tuple[Place, Place, Place]:
    district = await add_place(session, PlaceKind.district, "d", "区", "D")
    street = await add_place(session, PlaceKind.street, "s", "街道", "S", district)
    community = await add_place(session, PlaceKind.community, "c", "社区", "C", street)
    grid = await add_place(session, PlaceKind.grid, "g", "网格", "G", community)
    building = await add_place(session, PlaceKind.building, "b3", "3栋", "Building 3", grid)
    other = await add_place(session, PlaceKind.building, "b4", "4栋", "Building 4", grid)
    return community, building, other


async def resident(session: AsyncSession, handle: str, building: str = "b3", unit: str | None = "201") -> Person:
    return await add_demo_person(
        session, {"handle": handle, "name": handle, "community": "c", "building": building, "unit": unit}
    )


def draft(where: Place, **overrides: object) -> PollDraft:
    values: dict[str, object] = {
        "place": where,
        "kind": PollKind.single,
        "ballot_unit": BallotUnit.household,
        "title_zh": "停车位划线方案",
        "closes_at": LATER,
        "options": [OptionText("方案一"), OptionText("方案二"), OptionText("方案三")],
    }
    values.update(overrides)
    return PollDraft(**values)  # type: ignore[arg-type]


async def refusal(session: AsyncSession, poll_id: int, person: Person, now: datetime = NOW, **kw: object) -> str:
    with pytest.raises(DomainError) as caught:
        async with session.begin_nested():
            await store.cast_ballot(session, poll_id, person, now, **kw)  # type: ignore[arg-type]
    return caught.value.message_id


# --- the invariant ----------------------------------------------------------------------------------------


async def test_a_hundred_and_twenty_members_of_one_flat_at_once_leave_one_ballot(db_url: str) -> None:
    """120 members of flat 3栋 201 (its unit written several ways) vote at the same moment, each on their
    own connection: exactly one ballot, cast by one of them; the others are told the flat has voted."""
    setup_engine = make_engine(db_url)
    spellings = ("201", "201室", " 201 ", "２０１", "201号")
    async with make_sessionmaker(setup_engine)() as session, session.begin():
        community, _building, _other = await places(session)
        members = [await resident(session, f"m{n}", unit=spellings[n % len(spellings)]) for n in range(120)]
        poll = await store.create_poll(session, draft(community), NOW, None)
        options = [option.id for option in await store.options_of(session, poll.id)]
        ids, poll_id = [member.id for member in members], poll.id
    await setup_engine.dispose()
    sqlite = db_url.startswith("sqlite")
    engines = (
        [make_engine(db_url) for _ in range(10)] if sqlite else [make_engine(db_url, pool_size=40, max_overflow=40)]
    )
    makers = [make_sessionmaker(engine) for engine in engines]
    barrier = asyncio.Event()

    async def vote(n: int) -> str:
        await barrier.wait()
        async with makers[n % len(makers)]() as session, session.begin():
            person = await session.get(Person, ids[n])
            assert person is not None
            result = await store.cast_ballot(session, poll_id, person, NOW, option_ids=[options[n % 3]])
            return result.outcome.value

    tasks = [asyncio.create_task(vote(n)) for n in range(120)]
    await asyncio.sleep(0)
    barrier.set()
    outcomes = await asyncio.gather(*tasks)
    for engine in engines:
        await engine.dispose()
    assert sorted(outcomes) == ["cast"] + ["taken"] * 119
    check = make_engine(db_url)
    async with make_sessionmaker(check)() as session:
        ballots = (await session.scalars(select(PollBallot).where(PollBallot.poll_id == poll_id))).all()
        assert len(ballots) == 1
        assert ballots[0].person_id in ids
        assert ballots[0].ballot_key == f"h:{members[0].building_id}:201"
        closed = await session.get(store.Poll, poll_id)
        assert closed is not None
        result = await store.tally(session, closed)
        assert result.ballots == 1
        assert sum(result.counts.values()) == 1
        assert result.eligible == 1  # one flat
    await check.dispose()


# --- households, persons, changing ---------------------------------------------------------------------


async def test_household_and_person_polls_count_differently(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _building, _other = await places(session)
        mother, son = await resident(session, "mother"), await resident(session, "son", unit="201室")
        neighbour = await resident(session, "neighbour", unit="202")
        by_flat = await store.create_poll(session, draft(community), NOW, None)
        by_person = await store.create_poll(session, draft(community, ballot_unit=BallotUnit.person), NOW, None)
        first = (await store.options_of(session, by_flat.id))[0].id
        first_person = (await store.options_of(session, by_person.id))[0].id
        for person in (mother, son, neighbour):
            await store.cast_ballot(session, by_person.id, person, NOW, option_ids=[first_person])
        assert (await store.cast_ballot(session, by_flat.id, mother, NOW, option_ids=[first])).outcome is Cast.cast
        taken = await store.cast_ballot(session, by_flat.id, son, NOW + timedelta(hours=1), option_ids=[first])
        assert taken.outcome is Cast.taken
        assert taken.ballot.person_id == mother.id
        assert taken.ballot.cast_at == NOW
        await store.cast_ballot(session, by_flat.id, neighbour, NOW, option_ids=[first])
        flat_result = await store.tally(session, by_flat)
        person_result = await store.tally(session, by_person)
        assert (flat_result.ballots, flat_result.eligible, flat_result.count(first)) == (2, 2, 2)
        assert (person_result.ballots, person_result.eligible, person_result.count(first_person)) == (3, 3, 3)
        assert flat_result.turnout == 1.0


async def test_the_caster_changes_their_vote_until_the_close(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _building, _other = await places(session)
        mother = await resident(session, "mother")
        poll = await store.create_poll(session, draft(community), NOW, None)
        one, two, _three = [option.id for option in await store.options_of(session, poll.id)]
        await store.cast_ballot(session, poll.id, mother, NOW, option_ids=[one])
        changed = await store.cast_ballot(session, poll.id, mother, NOW + timedelta(days=1), option_ids=[two])
        assert changed.outcome is Cast.changed
        assert await store.choices_of(session, changed.ballot.id) == [two]
        result = await store.tally(session, poll)
        assert (result.count(one), result.count(two), result.ballots) == (0, 1, 1)
        assert await refusal(session, poll.id, mother, LATER, option_ids=[one]) == "polls-closed"


async def test_a_closed_poll_refuses_and_its_result_is_frozen(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _building, _other = await places(session)
        mother, neighbour = await resident(session, "mother"), await resident(session, "neighbour", unit="202")
        poll = await store.create_poll(session, draft(community), NOW, None)
        one = (await store.options_of(session, poll.id))[0].id
        await store.cast_ballot(session, poll.id, mother, NOW, option_ids=[one])
        closed = await store.close_poll(session, poll.id, NOW + timedelta(hours=2))
        assert closed is not None
        assert closed.phase(NOW + timedelta(hours=2)) is Phase.closed
        assert await store.close_poll(session, poll.id, NOW + timedelta(hours=3)) is None  # once only
        # Before the closing time, but closed: refused, by the store.
        assert await refusal(session, poll.id, neighbour, NOW + timedelta(hours=3), option_ids=[one]) == "polls-closed"
        assert await refusal(session, poll.id, mother, NOW + timedelta(hours=3), option_ids=[one]) == "polls-closed"
        # A ballot slipped in behind the store's back does not change the announced result either.
        session.add(PollBallot(poll_id=poll.id, ballot_key="h:0:x", person_id=None, cast_at=NOW))
        await session.flush()
        result = await store.tally(session, closed)
        assert (result.ballots, result.count(one), result.eligible) == (1, 1, 2)


async def test_multiple_choice_limit_and_score(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _building, _other = await places(session)
        mother, neighbour = await resident(session, "mother"), await resident(session, "neighbour", unit="202")
        several = await store.create_poll(session, draft(community, kind=PollKind.multiple, max_choices=2), NOW, None)
        a, b, c = [option.id for option in await store.options_of(session, several.id)]
        assert await refusal(session, several.id, mother, option_ids=[a, b, c]) == "polls-too-many-choices"
        assert await refusal(session, several.id, mother, option_ids=[]) == "polls-choose-one"
        assert await refusal(session, several.id, mother, option_ids=[a, 999999]) == "polls-option-gone"
        await store.cast_ballot(session, several.id, mother, NOW, option_ids=[a, c])
        result = await store.tally(session, several)
        assert (result.count(a), result.count(b), result.count(c), result.ballots) == (1, 0, 1, 1)

        stars = await store.create_poll(session, draft(community, kind=PollKind.score, options=[]), NOW, None)
        assert await refusal(session, stars.id, mother, score=6) == "polls-choose-stars"
        assert await refusal(session, stars.id, mother, option_ids=[a]) == "polls-choose-stars"
        await store.cast_ballot(session, stars.id, mother, NOW, score=4)
        await store.cast_ballot(session, stars.id, neighbour, NOW, score=5)
        scored = await store.tally(session, stars)
        assert store.star_counts(scored) == [(1, 0), (2, 0), (3, 0), (4, 1), (5, 1)]
        assert scored.average == 4.5


async def test_who_may_vote_and_what_a_poll_needs(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, building, _other = await places(session)
        inside = await resident(session, "inside")
        outside = await resident(session, "outside", building="b4", unit="101")
        no_unit = await resident(session, "nounit", unit=None)
        poll = await store.create_poll(session, draft(building), NOW, None)
        assert poll.community_id == community.id
        one = (await store.options_of(session, poll.id))[0].id
        assert await refusal(session, poll.id, outside, option_ids=[one]) == "polls-not-eligible"
        assert await refusal(session, poll.id, no_unit, option_ids=[one]) == "polls-need-unit"
        await store.cast_ballot(session, poll.id, inside, NOW, option_ids=[one])
        assert await store.has_live_poll(session, inside, NOW)
        assert not await store.has_live_poll(session, outside, NOW)
        assert [p.id for p in await store.live_polls(session, inside, NOW)] == [poll.id]
        assert not await store.has_live_poll(session, inside, LATER)
        for bad, message in (
            ({"closes_at": NOW - timedelta(minutes=1)}, "polls-close-in-past"),
            ({"options": [OptionText("只有一个")]}, "polls-option-count"),
            ({"options": [OptionText("同"), OptionText("同")]}, "polls-option-twice"),
            ({"title_zh": " "}, "polls-need-title"),
            ({"place": await session.get(Place, community.parent_id)}, "polls-bad-place"),
        ):
            with pytest.raises(DomainError) as caught:
                await store.create_poll(session, draft(community, **bad), NOW, None)
            assert caught.value.message_id == message


async def test_nominations_then_voting(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _building, _other = await places(session)
        mother, neighbour = await resident(session, "mother"), await resident(session, "neighbour", unit="202")
        until = NOW + timedelta(days=2)
        poll = await store.create_poll(session, draft(community, options=[], nominating_until=until), NOW, None)
        assert poll.phase(NOW) is Phase.nominating
        assert await store.has_live_poll(session, mother, NOW)
        assert await refusal(session, poll.id, mother, option_ids=[1]) == "polls-not-open-yet"
        first = await store.propose_option(session, poll.id, mother, "  3栋 201 张家 ", NOW)
        assert first.text_zh == "3栋 201 张家"
        second = await store.propose_option(session, poll.id, neighbour, "5栋 101 李家", NOW)
        with pytest.raises(DomainError) as caught:
            await store.propose_option(session, poll.id, neighbour, "3栋 201 张家", NOW)
        assert caught.value.message_id == "polls-option-twice"
        assert await store.options_of(session, poll.id) == []  # nothing on the ballot before staff approve
        await store.moderate_option(session, first.id, True, NOW)
        await store.moderate_option(session, second.id, False, NOW)
        with pytest.raises(DomainError) as caught:
            await store.moderate_option(session, second.id, True, NOW)
        assert caught.value.message_id == "polls-option-moderated"
        with pytest.raises(DomainError) as caught:
            await store.propose_option(session, poll.id, mother, "太晚了", until)
        assert caught.value.message_id == "polls-nominations-closed"
        assert [o.id for o in await store.options_of(session, poll.id)] == [first.id]
        await store.cast_ballot(session, poll.id, neighbour, until, option_ids=[first.id])
        assert (await store.tally(session, poll)).count(first.id) == 1


def test_units_are_normalised() -> None:
    assert store.normalise_unit(" 2单元 301室 ") == store.normalise_unit("２单元３０１") == "2单元301"
    assert store.normalise_unit("B-12号") == "b-12"
    assert store.normalise_unit(None) == ""


async def test_voters_are_the_casters(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        community, _building, _other = await places(session)
        mother, son = await resident(session, "mother"), await resident(session, "son")
        poll = await store.create_poll(session, draft(community), NOW, None)
        one = (await store.options_of(session, poll.id))[0].id
        await store.cast_ballot(session, poll.id, son, NOW, option_ids=[one])
        await store.cast_ballot(session, poll.id, mother, NOW, option_ids=[one])
        assert [p.id for p in await store.voters(session, poll.id)] == [son.id]
        assert {p.id for p in await store.residents_of(session, poll)} == {mother.id, son.id}
        assert await session.scalar(select(func.count()).select_from(PollBallot)) == 1
