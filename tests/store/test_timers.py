"""Timers: keyed scheduling, leases, and a claim that only its holder can complete."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.timers as timers
from models.timers import Timer

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


async def _count(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Timer)) or 0)


async def test_schedule_is_keyed_and_moves_the_timer(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "booking.reminder", 7, NOW + timedelta(hours=1))
        await timers.schedule(session, "booking.reminder", 7, NOW + timedelta(hours=2))
        await timers.schedule(session, "booking.offer", 7, NOW)
    assert await _count(sessionmaker) == 2
    async with sessionmaker() as session:
        assert await timers.due_at(session, "booking.reminder", "7") == NOW + timedelta(hours=2)
        assert await timers.due_at(session, "booking.reminder", 8) is None


async def test_only_due_timers_are_claimed_oldest_first(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "k", "later", NOW + timedelta(minutes=1))
        await timers.schedule(session, "k", "second", NOW - timedelta(minutes=1))
        await timers.schedule(session, "k", "first", NOW - timedelta(minutes=2))
        await timers.schedule(session, "other", "x", NOW - timedelta(minutes=3))
    async with sessionmaker() as session, session.begin():
        claimed = await timers.claim_due(session, NOW, LEASE, 10, {"k"})
    assert [c.ref for c in claimed] == ["first", "second"]
    assert all(c.attempts == 1 for c in claimed)
    async with sessionmaker() as session, session.begin():  # leased: not claimable again until it runs out
        assert await timers.claim_due(session, NOW + timedelta(seconds=30), LEASE, 10, {"k"}) == []
        again = await timers.claim_due(session, NOW + LEASE + timedelta(seconds=1), LEASE, 10, {"k"})
    assert [c.ref for c in again] == ["first", "second", "later"]


async def test_a_claim_taken_over_cannot_complete(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "k", 1, NOW)
    async with sessionmaker() as session, session.begin():
        (stale,) = await timers.claim_due(session, NOW, LEASE, 10)
    async with sessionmaker() as session, session.begin():
        (fresh,) = await timers.claim_due(session, NOW + LEASE * 2, LEASE, 10)
    async with sessionmaker() as session, session.begin():
        assert not await timers.complete(session, stale)
        assert await timers.complete(session, fresh)
    assert await _count(sessionmaker) == 0


async def test_rescheduling_during_a_claim_wins_over_the_claim(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """A booking moved while its reminder was being claimed: the old claim must not delete the new time."""
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "k", 1, NOW)
    async with sessionmaker() as session, session.begin():
        (claimed,) = await timers.claim_due(session, NOW, LEASE, 10)
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "k", 1, NOW + timedelta(days=1))
    async with sessionmaker() as session, session.begin():
        assert not await timers.complete(session, claimed)
        await timers.retry(session, claimed, NOW + timedelta(minutes=1), "Boom")
        assert await timers.due_at(session, "k", 1) == NOW + timedelta(days=1)


async def test_retry_moves_the_timer_and_clears_the_lease(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "k", 1, NOW)
    async with sessionmaker() as session, session.begin():
        (claimed,) = await timers.claim_due(session, NOW, LEASE, 10)
    async with sessionmaker() as session, session.begin():
        await timers.retry(session, claimed, NOW + timedelta(minutes=1), "ValueError")
    async with sessionmaker() as session, session.begin():
        assert await timers.claim_due(session, NOW + timedelta(seconds=30), LEASE, 10) == []
        (again,) = await timers.claim_due(session, NOW + timedelta(minutes=1), LEASE, 10)
    assert again.attempts == 2


async def test_cancel(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "k", 1, NOW)
        assert await timers.cancel(session, "k", 1)
        assert not await timers.cancel(session, "k", 1)
    assert await _count(sessionmaker) == 0


async def test_concurrent_claimers_never_share_a_timer(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        for ref in range(200):
            await timers.schedule(session, "k", ref, NOW)

    async def claimer() -> list[str]:
        taken: list[str] = []
        while True:
            async with sessionmaker() as session, session.begin():
                batch = await timers.claim_due(session, NOW, LEASE, 7)
            if not batch:
                return taken
            taken.extend(c.ref for c in batch)

    results = await asyncio.gather(*(claimer() for _ in range(4)))
    everything = [ref for taken in results for ref in taken]
    assert sorted(everything, key=int) == [str(ref) for ref in range(200)]
