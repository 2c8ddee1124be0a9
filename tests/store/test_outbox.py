"""The outbox: leases, retries, final states, and claimers that never share a row."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.outbox as outbox
from models.outbox import (
    OutboxMessage,
    OutboxStatus,
    claim_due,
    mark_sent,
    mark_unreachable,
    pending_count,
    retry_later,
    sender_gone,
    sender_heartbeat,
)

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


def _add(session: AsyncSession, n: int, channel: str = "telegram", not_before: datetime = NOW) -> None:
    for i in range(n):
        outbox.enqueue(
            session,
            channel=channel,
            chat_id=str(100 + i),
            person_id=None,
            kind="test",
            payload={"text": f"message {i}", "buttons": []},
            not_before=not_before,
        )


async def _row(sessionmaker: async_sessionmaker[AsyncSession], message_id: int) -> OutboxMessage:
    async with sessionmaker() as session:
        row = await session.get(OutboxMessage, message_id)
        assert row is not None
        return row


async def test_enqueue_and_claim(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _add(session, 3)
        _add(session, 1, channel="terminal")
        _add(session, 1, not_before=NOW + timedelta(minutes=5))  # not yet due
    async with sessionmaker() as session, session.begin():
        assert await pending_count(session) == 5
        assert await pending_count(session, "telegram") == 4
        claimed = await claim_due(session, "telegram", "worker-a", NOW, LEASE, limit=2)
        assert [row.chat_id for row in claimed] == ["100", "101"]
        assert all(row.lease_owner == "worker-a" and row.attempts == 1 for row in claimed)
        assert all(row.leased_until == NOW + LEASE for row in claimed)
        rest = await claim_due(session, "telegram", "worker-a", NOW, LEASE, limit=10)
        assert [row.chat_id for row in rest] == ["102"]
        first = claimed[0]
        assert first.payload == {"text": "message 0", "buttons": []}
        assert first.status is OutboxStatus.pending
        assert first.kind == "test"
    async with sessionmaker() as session, session.begin():
        later = await claim_due(session, "telegram", "w", NOW + timedelta(minutes=5), LEASE, limit=10)
        # Five minutes on, the delayed row is due and the 60 s leases have run out: all four, in id order.
        assert [row.chat_id for row in later] == ["100", "101", "102", "100"]


async def test_claimed_row_waits_for_its_lease(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _add(session, 1)
    async with sessionmaker() as session, session.begin():
        (row,) = await claim_due(session, "telegram", "a", NOW, LEASE, limit=10)
        message_id = row.id
    async with sessionmaker() as session, session.begin():
        assert await claim_due(session, "telegram", "b", NOW + timedelta(seconds=30), LEASE, limit=10) == []
        assert await claim_due(session, "telegram", "b", NOW + LEASE, LEASE, limit=10) == []  # lease still ends later
    async with sessionmaker() as session, session.begin():
        (again,) = await claim_due(session, "telegram", "b", NOW + LEASE + timedelta(seconds=1), LEASE, limit=10)
        assert (again.id, again.lease_owner, again.attempts) == (message_id, "b", 2)


async def test_sent_and_unreachable_are_final(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        _add(session, 2)
    async with sessionmaker() as session, session.begin():
        sent, blocked = await claim_due(session, "telegram", "a", NOW, LEASE, limit=10)
        await mark_sent(session, sent.id, NOW + timedelta(seconds=1))
        await mark_unreachable(session, blocked.id, "Forbidden: bot was blocked by the user" + "!" * 300)
    row = await _row(sessionmaker, sent.id)
    assert (row.status, row.sent_at, row.leased_until, row.last_error) == (
        OutboxStatus.sent,
        NOW + timedelta(seconds=1),
        None,
        None,
    )
    row = await _row(sessionmaker, blocked.id)
    assert row.status is OutboxStatus.unreachable
    assert row.last_error is not None
    assert row.last_error.startswith("Forbidden: bot was blocked")
    assert len(row.last_error) == 200
    async with sessionmaker() as session, session.begin():
        assert await claim_due(session, "telegram", "a", NOW + timedelta(days=1), LEASE, limit=10) == []
        assert await pending_count(session) == 0


async def test_retry_later_then_failed(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    max_attempts = 3
    async with sessionmaker() as session, session.begin():
        _add(session, 1)
    moment = NOW
    for attempt in range(1, max_attempts + 1):
        async with sessionmaker() as session, session.begin():
            (row,) = await claim_due(session, "telegram", "a", moment, LEASE, limit=10)
            assert row.attempts == attempt
            retry_at = moment + timedelta(seconds=10)
            await retry_later(session, row.id, row.attempts, retry_at, f"timeout {attempt}", max_attempts)
        stored = await _row(sessionmaker, row.id)
        assert stored.last_error == f"timeout {attempt}"
        assert stored.leased_until is None
        if attempt < max_attempts:
            assert stored.status is OutboxStatus.pending
            assert stored.not_before == retry_at
            async with sessionmaker() as session, session.begin():
                # Not before the retry time.
                assert await claim_due(session, "telegram", "a", retry_at - timedelta(seconds=1), LEASE, 10) == []
            moment = retry_at
        else:
            assert stored.status is OutboxStatus.failed
    async with sessionmaker() as session, session.begin():
        assert await claim_due(session, "telegram", "a", NOW + timedelta(days=1), LEASE, limit=10) == []


async def test_concurrent_claimers_never_share_a_row(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Four workers, each on its own connection, drain 200 rows; on PostgreSQL their transactions
    overlap (each holds its claim open for a moment), so only SKIP LOCKED keeps them apart."""
    total, batch, workers = 200, 7, 4
    async with sessionmaker() as session, session.begin():
        _add(session, total)

    async def worker(name: str) -> list[int]:
        mine: list[int] = []
        while True:
            async with sessionmaker() as session, session.begin():
                rows = await claim_due(session, "telegram", name, NOW, LEASE, limit=batch)
                await asyncio.sleep(0.005)  # hold the claim open while the others try
                mine.extend(row.id for row in rows)
            if not rows:
                return mine

    results = await asyncio.gather(*(worker(f"w{i}") for i in range(workers)))
    claimed = [message_id for ids in results for message_id in ids]
    assert len(claimed) == len(set(claimed)), "a row was claimed twice"
    async with sessionmaker() as session:
        all_ids = set((await session.scalars(select(OutboxMessage.id))).all())
        attempts = set((await session.scalars(select(OutboxMessage.attempts))).all())
        owners = {row.id: row.lease_owner for row in (await session.scalars(select(OutboxMessage))).all()}
    assert set(claimed) == all_ids
    assert len(all_ids) == total
    assert attempts == {1}
    for name, ids in zip((f"w{i}" for i in range(workers)), results, strict=True):
        assert all(owners[message_id] == name for message_id in ids)


async def test_senders_say_they_are_alive_and_are_forgotten_when_silent(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    alive = timedelta(seconds=15)

    async def beat(owner: str, at: datetime, channel: str = "telegram") -> int:
        async with sessionmaker() as session, session.begin():
            return await sender_heartbeat(session, channel, owner, at, alive)

    assert await beat("a", NOW) == 1
    assert await beat("b", NOW + timedelta(seconds=1)) == 2
    assert await beat("a", NOW + timedelta(seconds=5)) == 2  # a heartbeat again: still two, not three
    assert await beat("x", NOW + timedelta(seconds=5), channel="web") == 1  # channels apart
    # b is silent (killed): once it has not been heard from for 15 s, a counts itself alone.
    assert await beat("a", NOW + timedelta(seconds=16)) == 2
    assert await beat("a", NOW + timedelta(seconds=17)) == 1
    assert await beat("b", NOW + timedelta(seconds=18)) == 2  # back (restarted under the same name)
    async with sessionmaker() as session, session.begin():
        await sender_gone(session, "telegram", "b")  # stopping cleanly
    assert await beat("a", NOW + timedelta(seconds=19)) == 1
