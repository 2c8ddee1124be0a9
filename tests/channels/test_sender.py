"""The outbox sender's overlapped rounds: the next batch is leased while the last goes out, and nothing
goes out twice from one sender even when a lease runs out while its batch waits."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.outbox import OutboxSender
from config.settings import Settings
from handlers.core.messages import Reply
from models.base import utcnow
from models.outbox import OutboxMessage, OutboxStatus


async def test_a_lease_running_out_while_a_batch_waits_sends_nothing_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Leases far shorter than a batch takes: every claim after the first finds this sender's own rows
    due again (waiting, going out, or sent and not yet recorded). Each chat still hears exactly once,
    and one chat's two messages arrive in order although they are in different batches."""
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for number in range(60):
            payload = Reply(f"m{number}").to_payload()
            session.add(
                OutboxMessage(channel="telegram", chat_id=str(number), kind="t", payload=payload, not_before=now)
            )
        session.add(OutboxMessage(channel="telegram", chat_id="0", kind="t", payload=Reply("m0 again").to_payload()))
    heard: list[tuple[str, str]] = []

    async def deliver(chat_id: str, reply: Reply) -> None:
        await asyncio.sleep(0.01)
        heard.append((chat_id, reply.text))

    sender = OutboxSender(
        sessionmaker, Settings(), "telegram", deliver, concurrency=4, batch=10, lease=timedelta(milliseconds=5)
    )
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    try:
        async with asyncio.timeout(30):
            while len(heard) < 61:  # noqa: ASYNC110 (the deliveries are the signal)
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)  # anything sent twice would have arrived by now
    finally:
        stop.set()
        await running
    copies = Counter(heard)
    assert len(heard) == 61
    assert set(copies.values()) == {1}
    assert [text for chat, text in heard if chat == "0"] == ["m0", "m0 again"]
    async with sessionmaker() as session:
        statuses = dict(
            (await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all()
        )
    assert statuses == {OutboxStatus.sent: 61}


async def test_slow_deliveries_are_recorded_within_a_second_not_after_a_hundred(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """At the paced 30/s, a hundred deliveries take over three seconds: recorded only every hundred, a
    crash would send all of them again. Each is recorded within about a second instead."""
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for number in range(8):
            session.add(
                OutboxMessage(
                    channel="telegram", chat_id=str(number), kind="t", payload=Reply(f"m{number}").to_payload(),
                    not_before=now,
                )
            )  # fmt: skip
    recorded_while_sending: list[int] = []

    async def deliver(chat_id: str, reply: Reply) -> None:
        async with sessionmaker() as session:
            sent = await session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.sent)
            )
        recorded_while_sending.append(sent or 0)
        await asyncio.sleep(0.3)

    sender = OutboxSender(sessionmaker, Settings(), "telegram", deliver, batch=8)
    assert await sender.drain_once() == 8
    # Deliveries end at 0.3 s, 0.6 s…: once the first has waited a second (about when the fifth is done,
    # 1.5 s in) those so far are recorded in one statement, and the rest at the end of the round.
    assert recorded_while_sending[:3] == [0, 0, 0]  # not one by one
    assert 3 <= recorded_while_sending[-1] < 8  # mid-round, not only at its end


async def test_a_sender_takes_the_next_batch_when_this_one_is_nearly_out_not_before(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Senders in several processes share the bot's rate: one that leased the next batch as soon as it
    started a batch would hold twice what it can send, while another sat idle on its half of the rate."""
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for number in range(40):
            session.add(
                OutboxMessage(
                    channel="telegram", chat_id=str(number), kind="t", payload=Reply("m").to_payload(),
                    not_before=now,
                )
            )  # fmt: skip
    delivered = 0
    claimed = 0
    outstanding_at_claims: list[int] = []

    async def deliver(chat_id: str, reply: Reply) -> None:
        nonlocal delivered
        await asyncio.sleep(0.02)
        delivered += 1

    class Watched(OutboxSender):
        async def _claim(self) -> list[tuple[int, str, int, dict[str, object], str]]:
            nonlocal claimed
            outstanding_at_claims.append(claimed - delivered)
            rows = await super()._claim()
            claimed += len(rows)
            return rows

    sender = Watched(sessionmaker, Settings(), "telegram", deliver, concurrency=2, batch=10)
    assert await sender._drain_overlapped(asyncio.Event()) == 40
    assert delivered == 40
    # Each claim after the first finds at most a quarter of the batch before it still going out (and
    # the two deliveries in flight).
    assert outstanding_at_claims[0] == 0
    assert max(outstanding_at_claims) <= 10 // 4 + 2
