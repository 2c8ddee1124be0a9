"""The grid store on SQLite and PostgreSQL: duplicates by building and distance, escalation raced by two
runners (two engines, as two processes), statistics."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from config.i18n import default_catalog
from config.settings import Settings
from handlers.core.jobs import TimerRunner
from handlers.core.scope import Services
from handlers.grid.demo import load_grid_demo
from handlers.grid.jobs import TIMERS
from models.db import make_engine, make_sessionmaker
from models.grid.stats import grid_stats
from models.grid.store import (
    GridCase,
    GridCaseEvent,
    GridCategory,
    NewCase,
    accept_case,
    building_location,
    haversine_m,
    nearby_open_cases,
    resolve_case,
    submit_case,
)
from models.media import save_media
from models.people import ChannelAccount, Person
from models.places import place_by_code
from tests.grid.helpers import NOW

pytestmark = pytest.mark.store


async def _setup(engine: AsyncEngine) -> None:
    async with make_sessionmaker(engine)() as session, session.begin():
        await load_grid_demo(session)


async def _case(engine: AsyncEngine, category: str, building: str, pin: tuple[float, float] | None = None) -> int:
    async with make_sessionmaker(engine)() as session, session.begin():
        place = await place_by_code(session, building)
        assert place is not None
        spot = await building_location(session, place.id)
        assert spot is not None
        kind = await session.scalar(select(GridCategory).where(GridCategory.code == category))
        wang = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == "wang"))
        assert kind is not None
        assert wang is not None
        latitude, longitude = pin or (spot.latitude, spot.longitude)
        new = NewCase(kind, "描述", place, latitude, longitude, pin is not None, False)
        return (await submit_case(session, wang, new, NOW)).id


def test_haversine() -> None:
    assert haversine_m(28.1, 112.98, 28.1, 112.98) == 0
    assert 68 < haversine_m(28.1, 112.98, 28.1, 112.9807) < 70
    assert 110_000 < haversine_m(28.0, 112.98, 29.0, 112.98) < 112_000


async def test_duplicates_by_building_and_by_distance(demo_db: AsyncEngine) -> None:
    await _setup(demo_db)
    by_pin = await _case(demo_db, "pets", "yuntang-b1", pin=(28.1, 112.9803))
    async with make_sessionmaker(demo_db)() as session:
        pets = await session.scalar(select(GridCategory.id).where(GridCategory.code == "pets"))
        other = await session.scalar(select(GridCategory.id).where(GridCategory.code == "other"))
        b1 = await place_by_code(session, "yuntang-b1")
        b2 = await place_by_code(session, "yuntang-b2")
        assert pets is not None
        assert other is not None
        assert b1 is not None
        assert b2 is not None
        same_building = await nearby_open_cases(session, pets, b1.id, None, None)
        near = await nearby_open_cases(session, pets, b2.id, 28.1, 112.9804)  # ~10 m away
        far = await nearby_open_cases(session, pets, b2.id, 28.1, 112.9809)  # ~58 m away
        other_kind = await nearby_open_cases(session, other, b1.id, 28.1, 112.9803)
    assert [case.id for case in same_building] == [by_pin]
    assert [case.id for case in near] == [by_pin]
    assert far == []
    assert other_kind == []


async def test_two_runners_race_and_escalate_once(demo_db: AsyncEngine, db_url: str) -> None:
    await _setup(demo_db)
    case_id = await _case(demo_db, "safety", "yuntang-b3")  # accept within 2 hours
    clock = [NOW + timedelta(hours=2)]
    services = Services(Settings(), default_catalog(), b"k" * 16, clock=lambda: clock[0])
    engines = [make_engine(db_url), make_engine(db_url)]
    try:
        runners = [TimerRunner(lambda: services, make_sessionmaker(engine), TIMERS) for engine in engines]
        for _round in range(3):
            await asyncio.gather(*(runner.run_due() for runner in runners))
        async with make_sessionmaker(demo_db)() as session:
            case = await session.get(GridCase, case_id)
            assert case is not None
            assert case.level == 1
            escalated = (
                await session.scalars(
                    select(GridCaseEvent.detail).where(
                        GridCaseEvent.case_id == case_id, GridCaseEvent.kind == "escalated"
                    )
                )
            ).all()
        assert escalated == ["community"]
        # A day later both race again: one more level, once.
        clock[0] = NOW + timedelta(hours=26, minutes=1)
        await asyncio.gather(*(runner.run_due() for runner in runners))
        await asyncio.gather(*(runner.run_due() for runner in runners))
        async with make_sessionmaker(demo_db)() as session:
            case = await session.get(GridCase, case_id)
            assert case is not None
            assert case.level == 2
    finally:
        for engine in engines:
            await engine.dispose()


async def test_stats_medians_and_shares(demo_db: AsyncEngine) -> None:
    await _setup(demo_db)
    first = await _case(demo_db, "facility", "yuntang-b1")
    second = await _case(demo_db, "facility", "yuntang-b5")
    async with make_sessionmaker(demo_db)() as session, session.begin():
        li = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == "li"))
        assert li is not None
        for case_id, accept_after, resolve_after in ((first, 1, 2), (second, 3, 24 * 6)):
            case = await session.get(GridCase, case_id)
            assert case is not None
            await accept_case(session, case, li, NOW + timedelta(hours=accept_after))
            media = await _media(session)
            await resolve_case(session, case, li, "ok", media, NOW + timedelta(hours=resolve_after), timedelta(days=7))
        yuntang = await place_by_code(session, "yuntang")
        assert yuntang is not None
        stats = await grid_stats(session, yuntang, since=NOW - timedelta(hours=1))
    assert stats.total == 2
    assert [(row.code, row.count) for row in stats.by_grid] == [("yuntang-g1", 1), ("yuntang-g2", 1)]
    assert stats.median_accept_hours == 2.0
    assert stats.median_resolve_hours == (2 + 144) / 2
    assert stats.on_time_share == 0.5  # facility: 5 days to resolve; the second took 6
    assert stats.reopen_rate == 0.0
    assert stats.satisfaction is None


async def _media(session: AsyncSession) -> int:
    return (await save_media(session, b"evidence", "image/png", None)).id
