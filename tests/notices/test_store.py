"""The notices store on SQLite and PostgreSQL: audiences, chunked queueing, the ledger, cancelling, and
several outbox senders sharing one broadcast without sending anything twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.outbox import OutboxSender
from config.settings import Settings
from handlers.core.messages import Reply
from models.db import make_sessionmaker
from models.errors import DomainError
from models.notices.store import (
    Notice,
    NoticeStatus,
    Topic,
    Urgency,
    acknowledge,
    audience_of,
    cancel_notice,
    count_audience,
    ledger,
    notice_scopes,
    queue_chunk,
    set_muted,
)
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person
from models.places import place_by_code

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
PAYLOADS = {"zh": Reply("通知").to_payload(), "en": Reply("Notice").to_payload()}


async def _person(session: AsyncSession, handle: str) -> Person:
    person = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == handle))
    assert person is not None
    return person


async def _notice(session: AsyncSession, place: str, **audience: object) -> Notice:
    scope = await place_by_code(session, place)
    assert scope is not None
    notice = Notice(
        scope_place_id=scope.id,
        audience={"places": [], "roles": [], "language": None, **audience},
        text_zh="通知",
        text_en="Notice",
        urgency=Urgency.urgent,
        topic=Topic.general,
        status=NoticeStatus.queueing,
        send_at=NOW,
        recipients=0,
        queue_cursor=0,
        remind_hours=0,
    )
    session.add(notice)
    await session.flush()
    return notice


async def test_scopes_follow_roles_and_places(demo_db: AsyncEngine) -> None:
    async with make_sessionmaker(demo_db)() as session:
        scopes = {
            handle: [place.code for place in await notice_scopes(session, (await _person(session, handle)).id)]
            for handle in ("li", "zhou", "admin", "wang", "chen")
        }
    assert scopes == {"li": ["yuntang-g1"], "zhou": ["yuntang"], "admin": ["muyun"], "wang": [], "chen": []}


async def test_queueing_in_chunks_reaches_everyone_once_and_respects_mutes(demo_db: AsyncEngine) -> None:
    async with make_sessionmaker(demo_db)() as session, session.begin():
        wang = await _person(session, "wang")
        await set_muted(session, wang.id, Topic.general, True)
        notice = await _notice(session, "muyun")
        audience = await audience_of(session, notice)
        expected = await count_audience(session, audience)
        rounds = 0
        while not await queue_chunk(session, notice, audience, PAYLOADS, NOW, NOW, chunk=2):
            rounds += 1
        rows = (await session.scalars(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id))).all()
        people = [row.person_id for row in rows]
        emma = await _person(session, "emma")
        he = await _person(session, "he")
    assert rounds >= 2  # several chunks were needed
    assert len(people) == len(set(people)) == expected == notice.recipients  # one terminal account each
    assert wang.id not in people  # muted
    assert he.id not in people  # another street
    assert emma.id in people
    assert next(row for row in rows if row.person_id == emma.id).payload == PAYLOADS["en"]


async def test_ledger_counts_people_by_their_best_outcome(demo_db: AsyncEngine) -> None:
    async with make_sessionmaker(demo_db)() as session, session.begin():
        notice = await _notice(session, "yuntang")
        audience = await audience_of(session, notice)
        await queue_chunk(session, notice, audience, PAYLOADS, NOW, NOW)
        rows = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.notice_id == notice.id).order_by(OutboxMessage.id)
            )
        ).all()
        rows[0].status = OutboxStatus.sent
        rows[1].status = OutboxStatus.unreachable
        rows[2].status = OutboxStatus.failed
        await acknowledge(session, notice.id, rows[0].person_id or 0, NOW)
        assert not await acknowledge(session, notice.id, rows[0].person_id or 0, NOW)
        await session.flush()
        counts = await ledger(session, notice.id)
        assert (counts.recipients, counts.sent, counts.unreachable, counts.failed) == (len(rows), 1, 1, 1)
        assert (counts.pending, counts.acknowledged) == (len(rows) - 3, 1)
        withdrawn = await cancel_notice(session, notice, NOW)
        assert withdrawn == len(rows) - 3
        counts = await ledger(session, notice.id)
        assert (counts.sent, counts.cancelled, counts.pending) == (1, len(rows) - 3, 0)
        with pytest.raises(DomainError):
            await cancel_notice(session, notice, NOW)


async def test_several_senders_share_a_broadcast_without_sending_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Three senders (three processes' worth, each with its own connection on PostgreSQL) drain 600 rows
    concurrently: every message is delivered exactly once."""
    total = 600
    async with sessionmaker() as session, session.begin():
        for number in range(total):
            session.add(
                OutboxMessage(
                    channel="telegram",
                    chat_id=str(10_000 + number),
                    person_id=None,
                    kind="notice",
                    payload=Reply(f"n{number}").to_payload(),
                    not_before=NOW,
                )
            )
    delivered: list[str] = []

    async def deliver(chat_id: str, reply: Reply) -> None:
        await asyncio.sleep(0.001)  # a platform round trip: let the others claim meanwhile
        delivered.append(chat_id)

    settings = Settings(outbox_batch=40)
    senders = [
        OutboxSender(sessionmaker, settings, "telegram", deliver, concurrency=8, clock=lambda: NOW) for _ in range(3)
    ]

    async def drain(sender: OutboxSender) -> None:
        while await sender.drain_once():
            pass

    await asyncio.gather(*(drain(sender) for sender in senders))
    assert len(delivered) == len(set(delivered)) == total
    async with sessionmaker() as session:
        statuses = dict(
            (await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all()
        )
    assert statuses == {OutboxStatus.sent: total}
