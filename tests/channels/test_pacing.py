"""The pacer: the overall limit and the per-chat spacing hold where the platform counts, at the receiver,
however long requests take; evenly spaced grants; pauses on flood errors."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.outbox import OutboxSender
from bot.channels.pacing import ChatPacer, Pacer, Pacing, batch_for, concurrency_for, effective_rate
from config.settings import Settings
from handlers.core.messages import Reply
from models.base import utcnow
from models.outbox import OutboxMessage


def most_within_a_second(moments: list[float]) -> int:
    ordered = sorted(moments)
    return max(sum(1 for later in ordered[index:] if later - start < 1.0) for index, start in enumerate(ordered))


async def test_never_more_than_the_rate_arrive_within_a_second_whatever_the_latency() -> None:
    """A request reaches the platform somewhere between its grant and its response. Here one second's
    requests arrive late (just before their response) and the next second's at once, the way HTTP
    jitter can squeeze them: counting grants alone, the first of the second batch would be granted a
    second after the first of the first, and arrive a quarter of a second too soon."""
    rate = 10
    pacer = Pacer(rate)
    arrivals: list[float] = []
    uplink = itertools.cycle([0.25] * rate + [0.0] * rate)  # a second's worth late, then on time

    async def send() -> None:
        async with pacer.slot():
            await asyncio.sleep(next(uplink))
            arrivals.append(time.monotonic())
            await asyncio.sleep(0.02)  # the response travels back

    began = time.monotonic()
    await asyncio.gather(*(send() for _ in range(4 * rate)))
    took = time.monotonic() - began
    assert most_within_a_second(arrivals) <= rate
    # What holding the slots costs: a slot turns over every second plus the request's time (0.27 s at
    # worst here); bulk sends leave one slot for replies (REPLY_RESERVE), so 40 requests are 4.4 turns.
    assert 3.0 <= took < 4 * 1.27 + 1.0


async def test_grants_are_evenly_spaced_and_a_flood_error_pauses_every_later_one() -> None:
    pacer = Pacer(50)
    granted: list[float] = []

    async def send() -> None:
        async with pacer.slot() as moment:
            granted.append(moment)

    await asyncio.gather(*(send() for _ in range(10)))
    # All ten waiting at once go out one interval apart. A grant that came late may be followed by one
    # on schedule (the interval is not stretched by the lateness), but never two in one interval.
    granted.sort()
    interval = 1 / 50 - 1e-6
    assert granted[-1] - granted[0] >= 8 * interval
    assert all(later - earlier >= interval for earlier, later in zip(granted, granted[2:], strict=False))
    waiting = asyncio.ensure_future(send())
    pacer.pause(0.3)
    paused_at = time.monotonic()
    await waiting
    assert granted[-1] - paused_at >= 0.29
    assert pacer.paused_for == 0.0


async def test_a_slot_comes_back_a_window_after_its_request_failed() -> None:
    pacer = Pacer(1)
    began = time.monotonic()
    try:
        async with pacer.slot():
            await asyncio.sleep(0.1)
            raise ConnectionError("network down")
    except ConnectionError:
        pass
    async with pacer.slot() as second:
        pass
    assert second - began >= 1.1  # the failed request may have arrived just before it failed


async def test_unlimited_does_not_wait_and_chats_wait_a_second() -> None:
    pacer = Pacer(0)
    began = time.monotonic()
    for _ in range(1000):
        async with pacer.slot():
            pass
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


async def test_one_chat_hears_at_most_once_a_second_at_the_receiver(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Three messages each to three chats through the outbox sender. The first message to a chat arrives
    late (just before its response) and the next at once: counted from the grant, they would arrive
    less than a second apart; counted from the response, they cannot."""
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for number, chat in itertools.product(range(3), ("1", "2", "3")):
            payload = Reply(f"{chat}-{number}").to_payload()
            session.add(OutboxMessage(channel="telegram", chat_id=chat, kind="t", payload=payload, not_before=now))
    arrivals: dict[str, list[float]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)

    async def deliver(chat_id: str, reply: Reply) -> None:
        await asyncio.sleep(0.3 if len(arrivals[chat_id]) % 2 == 0 else 0.0)
        arrivals[chat_id].append(time.monotonic())
        texts[chat_id].append(reply.text)
        await asyncio.sleep(0.01)

    sender = OutboxSender(
        sessionmaker, Settings(), "telegram", deliver, pacing=Pacing.at_rate(30), concurrency=8, clock=lambda: now
    )
    assert await sender.drain_once() == 9
    for chat, moments in arrivals.items():
        assert texts[chat] == [f"{chat}-{number}" for number in range(3)]  # in order
        assert min(later - earlier for earlier, later in itertools.pairwise(moments)) >= 1.0


def test_paid_broadcasts_raise_the_ceiling() -> None:
    assert effective_rate(30, False) == 30
    assert effective_rate(30, True) == 1000
    assert effective_rate(0, True) == 0  # unlimited stays unlimited
    assert (batch_for(30, 50), batch_for(1000, 50), batch_for(0, 50), batch_for(1, 50)) == (300, 1000, 1000, 50)
    assert Pacer(0.5).window == 2.0  # below one a second: one per 1/rate seconds
    # In flight: the configured 16 at 30/s; at 1000/s enough to keep up with a 0.2 s round trip.
    assert (concurrency_for(30, 16), concurrency_for(1000, 16), concurrency_for(0, 16)) == (16, 200, 16)


async def test_at_paid_rates_grants_catch_up_on_a_late_event_loop_but_not_without_bound() -> None:
    """At 1000/s the interval is a millisecond, shorter than a busy event loop's turn: grants that fell
    behind are made up (up to 20 ms' worth), or paid broadcasts would lose a seventh of their rate. At 30/s
    nothing changes: one interval at most."""

    async def granted_without_waiting(rate: float, late_by: float) -> int:
        clock = [0.0]
        pacer = Pacer(rate, clock=lambda: clock[0])
        async with pacer.slot():
            pass
        clock[0] = late_by  # the loop comes back this late; the clock then stands still
        count = 0

        async def take() -> None:
            nonlocal count
            async with pacer.slot():
                count += 1

        takers = [asyncio.ensure_future(take()) for _ in range(100)]
        await asyncio.sleep(0.05)  # whatever needed no wait has been granted by now
        for taker in takers:
            taker.cancel()
        await asyncio.gather(*takers, return_exceptions=True)
        return count

    # Late by 10.5 ms: the ten grants due meanwhile go out at once.
    assert await granted_without_waiting(1000, 0.0105) == 10
    # Late by half a second: the one due first, then no more than 20 ms' worth.
    assert await granted_without_waiting(1000, 0.50075) == 21
    # At 30/s: the one due, and at most one interval made up, as before.
    assert await granted_without_waiting(30, 0.5) <= 2


async def test_replies_go_at_once_ahead_of_a_broadcast_which_yields_and_the_total_holds() -> None:
    """A broadcast keeps every slot busy; people write meanwhile. Each reply is sent at once (no waiting
    behind the queue of bulk sends), the broadcast slows down by as much, and in no second do bulk sends
    and replies together exceed the rate while the replies alone are within it."""
    rate = 10
    pacer = Pacer(rate)
    arrivals: list[tuple[str, float]] = []
    waits: list[float] = []

    async def bulk() -> None:
        async with pacer.slot():
            arrivals.append(("bulk", time.monotonic()))
            await asyncio.sleep(0.01)

    async def reply() -> None:
        asked = time.monotonic()
        async with pacer.reply_slot():
            waits.append(time.monotonic() - asked)
            arrivals.append(("reply", time.monotonic()))
            await asyncio.sleep(0.01)

    async def people() -> None:
        for _ in range(12):  # 4 replies a second for 3 s, while the broadcast runs
            await asyncio.sleep(0.25)
            await reply()

    began = time.monotonic()
    await asyncio.gather(*(bulk() for _ in range(40)), people())
    took = time.monotonic() - began
    assert max(waits) < 0.05  # a reply never queued behind the broadcast
    assert most_within_a_second([moment for _kind, moment in arrivals]) <= rate
    # The broadcast gave up the replies' share: 52 requests at 10 a second.
    assert took >= 4.0


async def test_replies_above_the_rate_still_go_and_bulk_sends_wait_for_them() -> None:
    rate = 5
    pacer = Pacer(rate)
    sent: list[tuple[str, float]] = []

    async def reply() -> None:
        async with pacer.reply_slot():
            sent.append(("reply", time.monotonic()))
            await asyncio.sleep(0.01)

    began = time.monotonic()
    await asyncio.gather(*(reply() for _ in range(3 * rate)))  # three times the rate, all at once
    assert time.monotonic() - began < 0.1  # none waited
    async with pacer.slot():  # a bulk send after them waits until they stop counting
        waited = time.monotonic() - began
    assert waited >= 1.0
    pacer.pause(0.3)
    paused = time.monotonic()
    async with pacer.reply_slot():  # a flood error holds replies too
        assert time.monotonic() - paused >= 0.3
