"""models/web.py on both databases: one-time codes, console sessions, sign-in attempts, passwords, audit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.people import Person, Role, grant_role
from models.places import PlaceKind, add_place
from models.web import (
    AuditEntry,
    CodePurpose,
    OneTimeCode,
    check_password,
    digest,
    end_sessions_of,
    end_web_session,
    failures_since,
    find_web_session,
    is_console_user,
    issue_code,
    issue_link_token,
    record_attempt,
    record_audit,
    redeem_code,
    set_password,
    start_web_session,
)

NOW = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
TTL = timedelta(minutes=10)
Maker = async_sessionmaker[AsyncSession]


async def add_person(sessionmaker: Maker, name: str = "周丽华") -> int:
    async with sessionmaker() as session, session.begin():
        person = Person(display_name=name, language="zh")
        session.add(person)
        await session.flush()
        return person.id


async def test_a_code_works_once_and_only_for_its_person(sessionmaker: Maker) -> None:
    zhou, other = await add_person(sessionmaker), await add_person(sessionmaker, "唐文涛")
    async with sessionmaker() as session, session.begin():
        code = await issue_code(session, zhou, CodePurpose.console, NOW, TTL)
    assert len(code) == 6
    assert code.isdigit()
    async with sessionmaker() as session, session.begin():
        assert await redeem_code(session, CodePurpose.console, code, NOW, person_id=other) is None
        assert await redeem_code(session, CodePurpose.link, code, NOW) is None  # another purpose
        assert await redeem_code(session, CodePurpose.console, f" {code} ", NOW, person_id=zhou) == zhou
    async with sessionmaker() as session, session.begin():
        assert await redeem_code(session, CodePurpose.console, code, NOW, person_id=zhou) is None
        # Only the digest is stored: the code itself is nowhere in the table.
        stored = (await session.scalars(select(OneTimeCode.code_hash))).all()
        assert digest(code) in stored
        assert code not in stored


async def test_two_concurrent_redeems_of_one_code_succeed_once(sessionmaker: Maker) -> None:
    zhou = await add_person(sessionmaker)
    async with sessionmaker() as session, session.begin():
        token = await issue_link_token(session, zhou, CodePurpose.console, NOW, TTL)
    # PostgreSQL: both transactions have found the live code before either marks it used. (SQLite has one
    # writer at a time by design, a pool of one connection: the second simply runs after the first.)
    racing = sessionmaker.kw["bind"].dialect.name != "sqlite"
    both_read = asyncio.Barrier(2)

    async def redeem() -> int | None:
        async with sessionmaker() as session, session.begin():
            await session.scalar(select(OneTimeCode.id).where(OneTimeCode.code_hash == digest(token)))
            if racing:
                await both_read.wait()
            return await redeem_code(session, CodePurpose.console, token, NOW)

    results = await asyncio.gather(redeem(), redeem())
    assert sorted(results, key=lambda r: r is None) == [zhou, None]


async def test_codes_expire(sessionmaker: Maker) -> None:
    zhou = await add_person(sessionmaker)
    async with sessionmaker() as session, session.begin():
        code = await issue_code(session, zhou, CodePurpose.console, NOW, TTL)
        token = await issue_link_token(session, zhou, CodePurpose.console, NOW, TTL)
    async with sessionmaker() as session, session.begin():
        assert await redeem_code(session, CodePurpose.console, code, NOW + TTL, person_id=zhou) is None
        assert await redeem_code(session, CodePurpose.console, token, NOW + TTL) is None
        assert await redeem_code(session, CodePurpose.console, token, NOW + TTL - timedelta(seconds=1)) == zhou


async def test_a_new_code_revokes_the_older_ones(sessionmaker: Maker) -> None:
    zhou, other = await add_person(sessionmaker), await add_person(sessionmaker, "唐文涛")
    async with sessionmaker() as session, session.begin():
        first = await issue_code(session, zhou, CodePurpose.console, NOW, TTL)
        link = await issue_link_token(session, zhou, CodePurpose.console, NOW, TTL)
        others = await issue_code(session, other, CodePurpose.console, NOW, TTL)
        joining = await issue_code(session, zhou, CodePurpose.link, NOW, TTL)
    async with sessionmaker() as session, session.begin():
        second = await issue_code(session, zhou, CodePurpose.console, NOW + timedelta(minutes=1), TTL)
    later = NOW + timedelta(minutes=2)
    async with sessionmaker() as session, session.begin():
        if first != second:
            assert await redeem_code(session, CodePurpose.console, first, later, person_id=zhou) is None
        assert await redeem_code(session, CodePurpose.console, link, later) is None
        assert await redeem_code(session, CodePurpose.console, second, later, person_id=zhou) == zhou
        # Someone else's code, and this person's code of another purpose, are untouched.
        assert await redeem_code(session, CodePurpose.console, others, later, person_id=other) == other
        assert await redeem_code(session, CodePurpose.link, joining, later) == zhou


async def test_sessions_slide_then_end_at_the_hard_limit(sessionmaker: Maker) -> None:
    zhou = await add_person(sessionmaker)
    idle, lifetime = timedelta(minutes=60), timedelta(hours=12)
    async with sessionmaker() as session, session.begin():
        token, row = await start_web_session(session, zhou, NOW, lifetime)
        assert row.token_hash == digest(token)
        assert len(row.csrf_token) >= 24
    moment = NOW
    while moment + timedelta(minutes=50) < NOW + lifetime:
        moment += timedelta(minutes=50)
        async with sessionmaker() as session, session.begin():
            assert await find_web_session(session, token, moment, idle) is not None, moment
    async with sessionmaker() as session, session.begin():
        assert await find_web_session(session, token, NOW + lifetime, idle) is None
        assert await find_web_session(session, "not-a-token", NOW, idle) is None
    # Idle: an hour without use ends it even though the hard limit is far.
    async with sessionmaker() as session, session.begin():
        token2, _ = await start_web_session(session, zhou, NOW, lifetime)
    async with sessionmaker() as session, session.begin():
        assert await find_web_session(session, token2, NOW + idle - timedelta(seconds=1), idle) is not None
    async with sessionmaker() as session, session.begin():
        assert await find_web_session(session, token2, NOW + idle - timedelta(seconds=1) + idle, idle) is None


async def test_ending_sessions(sessionmaker: Maker) -> None:
    zhou = await add_person(sessionmaker)
    async with sessionmaker() as session, session.begin():
        one, _ = await start_web_session(session, zhou, NOW, timedelta(hours=1))
        two, _ = await start_web_session(session, zhou, NOW, timedelta(hours=1))
        three, _ = await start_web_session(session, zhou, NOW, timedelta(hours=1))
    async with sessionmaker() as session, session.begin():
        await end_web_session(session, one)
    async with sessionmaker() as session, session.begin():
        assert await find_web_session(session, one, NOW, timedelta(hours=1)) is None
        assert await find_web_session(session, two, NOW, timedelta(hours=1)) is not None
        await end_sessions_of(session, zhou)
    async with sessionmaker() as session, session.begin():
        assert await find_web_session(session, three, NOW, timedelta(hours=1)) is None


async def test_failures_are_counted_per_key_in_the_window(sessionmaker: Maker) -> None:
    async with sessionmaker() as session, session.begin():
        await record_attempt(session, ["ip:1.2.3.4", "who:zhou"], NOW - timedelta(minutes=20), succeeded=False)
        await record_attempt(session, ["ip:1.2.3.4", "who:zhou"], NOW, succeeded=False)
        await record_attempt(session, ["ip:1.2.3.4"], NOW, succeeded=True)
    async with sessionmaker() as session:
        since = NOW - timedelta(minutes=15)
        assert await failures_since(session, "ip:1.2.3.4", since) == 1
        assert await failures_since(session, "who:zhou", NOW - timedelta(hours=1)) == 2
        assert await failures_since(session, "who:tang", since) == 0


async def test_passwords(sessionmaker: Maker) -> None:
    zhou = await add_person(sessionmaker)
    async with sessionmaker() as session, session.begin():
        assert not await check_password(session, zhou, "anything at all")
        with pytest.raises(ValueError, match="at least"):
            await set_password(session, zhou, "short", NOW)
        await set_password(session, zhou, "correct horse battery", NOW)
    async with sessionmaker() as session, session.begin():
        assert await check_password(session, zhou, "correct horse battery")
        assert not await check_password(session, zhou, "correct horse batter")
        await set_password(session, zhou, "another long one", NOW)
    async with sessionmaker() as session:
        assert not await check_password(session, zhou, "correct horse battery")
        assert await check_password(session, zhou, "another long one")


async def test_console_users_and_audit(sessionmaker: Maker) -> None:
    zhou, chen = await add_person(sessionmaker), await add_person(sessionmaker, "陈晓燕")
    async with sessionmaker() as session, session.begin():
        place = await add_place(session, PlaceKind.district, "tx", "天心区", "Tianxin")
        for person_id, role in ((zhou, Role.community_staff), (chen, Role.volunteer)):
            person = await session.get(Person, person_id)
            assert person is not None
            await grant_role(session, person, role, place)
        await record_audit(session, zhou, "grid.accept", NOW, object_type="grid_case", object_id=7, place_id=place.id)
    async with sessionmaker() as session:
        assert await is_console_user(session, zhou)
        assert not await is_console_user(session, chen)  # volunteers use the chat
        entry = await session.scalar(select(AuditEntry))
        assert entry is not None
        assert (entry.action, entry.object_id, entry.detail) == ("grid.accept", "7", {})
