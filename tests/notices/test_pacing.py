"""The pacer: evenly spaced slots at the overall rate, per-chat spacing, and pauses on flood errors."""

from __future__ import annotations

import asyncio
import time

from bot.pacing import ChatPacer, Pacer, batch_for, effective_rate


async def test_slots_are_spaced_and_never_more_than_the_rate_in_a_second() -> None:
    """What must hold however late the event loop wakes a sender: the rate over the run, and never more
    than ``rate`` grants within any one second (measured gaps between two grants may jitter)."""
    pacer = Pacer(40)
    began = time.monotonic()
    starts = sorted(await asyncio.gather(*(pacer.acquire() for _ in range(60))))
    assert starts[-1] - began >= 59 / 40  # no faster than asked over the run
    assert starts[-1] - began < 59 / 40 + 1.0  # and not much slower
    busiest = max(sum(1 for later in starts if start <= later < start + 1.0) for start in starts)
    assert busiest <= 40


async def test_a_flood_error_pauses_every_later_slot() -> None:
    pacer = Pacer(1000)
    await pacer.acquire()
    waiting = asyncio.ensure_future(pacer.acquire())
    pacer.pause(0.2)
    began = time.monotonic()
    await pacer.acquire()
    assert time.monotonic() - began >= 0.19
    await waiting


async def test_unlimited_does_not_wait_and_chats_wait_a_second() -> None:
    pacer = Pacer(0)
    began = time.monotonic()
    for _ in range(1000):
        await pacer.acquire()
    assert time.monotonic() - began < 0.1
    clock = [100.0]
    chats = ChatPacer(private_interval=1.0, group_interval=3.0, clock=lambda: clock[0])
    chats.sent("42", 100.0)
    assert chats.interval("42") == 1.0
    assert chats.interval("-1001") == 3.0
    clock[0] = 101.5
    began = time.monotonic()
    await chats.wait("42")  # a second has passed: no wait
    await chats.wait("7")  # never written to
    assert time.monotonic() - began < 0.05


def test_paid_broadcasts_raise_the_ceiling() -> None:
    assert effective_rate(30, False) == 30
    assert effective_rate(30, True) == 1000
    assert effective_rate(0, True) == 0  # unlimited stays unlimited
    assert (batch_for(30, 50), batch_for(1000, 50), batch_for(0, 50)) == (50, 1000, 1000)
