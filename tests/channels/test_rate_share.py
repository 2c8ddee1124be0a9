"""Several sender processes for one bot share its rate: each paces to rate / live senders, a newcomer
waits until the others have lowered theirs, and one that leaves or dies gives its share back."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.pacing import Pacer
from bot.channels.rate_share import RateShare
from tests.channels.test_pacing import most_within_a_second

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


async def test_a_lower_rate_holds_from_the_change_on_and_requests_in_flight_keep_their_slots() -> None:
    pacer = Pacer(20)
    granted: list[float] = []
    release = asyncio.Event()

    async def send(hold: asyncio.Event | None = None) -> None:
        async with pacer.slot() as moment:
            granted.append(moment)
            if hold is not None:
                await hold.wait()

    held = [asyncio.ensure_future(send(release)) for _ in range(5)]
    await asyncio.sleep(0.3)  # five granted, still in flight
    assert len(granted) == 5
    changed = time.monotonic()
    pacer.set_rate(6)  # another process joined: 20 → 2 × 10; say 6 here to keep the test short
    assert pacer.rate == 6
    assert pacer.size == 6
    later = [asyncio.ensure_future(send()) for _ in range(6)]
    await asyncio.sleep(0.5)
    assert len(granted) == 5  # nothing new within a window of the change
    release.set()
    await asyncio.gather(*held, *later)
    after = [moment for moment in granted if moment > changed]
    assert len(after) == 6
    assert min(after) >= changed + 1.0 - 1e-3
    assert most_within_a_second(after) <= 6
    # The five that were in flight came back without raising the number of slots above the new six.
    assert len(pacer._free) + pacer._in_flight == 6


async def test_an_unlimited_pacer_is_not_shared() -> None:
    pacer = Pacer(0)
    pacer.set_rate(15)
    assert pacer.rate == 0


async def test_two_senders_share_the_rate_and_a_newcomer_waits_for_the_others(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    clock = [NOW]
    first, second = Pacer(30), Pacer(30)
    a = RateShare(sessionmaker, "telegram", "host:1:a", 30, first, heartbeat=0.05, clock=lambda: clock[0])
    b = RateShare(sessionmaker, "telegram", "host:2:b", 30, second, heartbeat=0.05, clock=lambda: clock[0])
    await a.join()
    assert (first.rate, first.paused_for) == (30, 0.0)  # alone: the whole rate, at once
    await b.join()
    assert second.rate == 15
    assert second.paused_for > 0  # waits one heartbeat: a has not lowered its share yet
    assert first.rate == 30
    await a.beat()
    assert first.rate == 15  # the sum is the rate again

    # b stops cleanly: a takes the whole rate at its next heartbeat.
    stop_b = asyncio.Event()
    running_b = asyncio.create_task(b.run(stop_b))
    await asyncio.sleep(0.12)
    stop_b.set()
    await running_b
    assert await a.beat() == 1
    assert first.rate == 30


async def test_a_dead_sender_gives_its_share_back_once_it_is_forgotten(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    clock = [NOW]
    first, dead = Pacer(30), Pacer(30)
    a = RateShare(sessionmaker, "telegram", "host:1:a", 30, first, clock=lambda: clock[0])
    killed = RateShare(sessionmaker, "telegram", "host:2:killed", 30, dead, clock=lambda: clock[0])
    await killed.join()
    await a.join()
    assert first.rate == 15
    clock[0] = NOW + timedelta(seconds=10)  # killed -9: no more heartbeats, no goodbye
    assert await a.beat() == 2  # still counted: until then the rate is undershot, never overshot
    clock[0] = NOW + timedelta(seconds=16)
    assert await a.beat() == 1
    assert first.rate == 30
