"""The outbox: messages that are not direct replies, delivered by a worker that survives restarts.

A row is claimed with a lease (``leased_until``): a worker that dies mid-send leaves rows that another
worker picks up when the lease runs out. On PostgreSQL, claiming uses ``FOR UPDATE SKIP LOCKED`` so
several processes share the work without taking the same row; SQLite serialises writers anyway.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Table, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"
    unreachable = "unreachable"
    cancelled = "cancelled"  # its notice was cancelled before it went out


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "channel", "status", "not_before"),
        Index("ix_outbox_notice", "notice_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # A rendered Reply (text, buttons) in the recipient's language, ready for any channel adapter. A big
    # attachment is referenced, not copied: ``{"media": {"id", "kind", "filename", "mime_type"}}`` names a
    # models.media file the sender loads at delivery time (one copy for a notice to 100,000 people).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(OutboxStatus, native_enum=False, length=16), default=OutboxStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The platform's error text (never message content or personal data).
    last_error: Mapped[str | None] = mapped_column(String(200))
    # The staff notice this message belongs to (its delivery ledger), if any.
    notice_id: Mapped[int | None] = mapped_column()
    # How it went out when not as the channel's usual message: "template" (WeChat, outside the 48 hours).
    delivered_as: Mapped[str | None] = mapped_column(String(16))


def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    chat_id: str,
    person_id: int | None,
    kind: str,
    payload: dict[str, Any],
    not_before: datetime | None = None,
) -> OutboxMessage:
    message = OutboxMessage(
        channel=channel,
        chat_id=chat_id,
        person_id=person_id,
        kind=kind,
        payload=payload,
        not_before=not_before or utcnow(),
    )
    session.add(message)
    return message


_IDS_PER_STATEMENT = 1000  # bound parameters per statement stay far below the drivers' limits


class Leased(NamedTuple):
    """A claimed row, as plain values: a broadcast claims a thousand at a time, and ORM objects for them
    cost the sender's event loop about 50 ms a batch (identity map, then expiring them all at commit)."""

    id: int
    chat_id: str
    attempts: int  # this attempt included
    payload: dict[str, Any]
    kind: str
    status: OutboxStatus
    lease_owner: str
    leased_until: datetime


async def claim_due(
    session: AsyncSession,
    channel: str,
    owner: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    chat_id: str | None = None,
) -> list[Leased]:
    """Lease up to ``limit`` due rows of a channel (of one chat, for the terminal) to ``owner``, in id order.

    Two statements whatever the batch: the due ids, locked on PostgreSQL and skipping rows another worker
    holds, then one UPDATE … RETURNING that leases them all (Core statements: no ORM objects)."""
    table = cast(Table, OutboxMessage.__table__)
    query = (
        select(table.c.id)
        .where(
            table.c.channel == channel,
            table.c.status == OutboxStatus.pending,
            table.c.not_before <= now,
            or_(table.c.leased_until.is_(None), table.c.leased_until < now),
        )
        .order_by(table.c.id)
        .limit(limit)
    )
    if chat_id is not None:
        query = query.where(table.c.chat_id == chat_id)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = (await session.scalars(query)).all()
    leased: list[Leased] = []
    columns = [table.c[name] for name in Leased._fields]
    for start in range(0, len(ids), _IDS_PER_STATEMENT):
        rows = await session.execute(
            update(table)
            .where(table.c.id.in_(ids[start : start + _IDS_PER_STATEMENT]))
            .values(leased_until=now + lease, lease_owner=owner, attempts=table.c.attempts + 1)
            .returning(*columns)
        )
        leased.extend(Leased(*row) for row in rows)
    return sorted(leased, key=lambda row: row.id)


async def mark_sent(session: AsyncSession, message_id: int, now: datetime, delivered_as: str | None = None) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.sent, sent_at=now, leased_until=None, last_error=None, delivered_as=delivered_as)
    )


async def mark_sent_many(session: AsyncSession, message_ids: Sequence[int], now: datetime) -> None:
    """Record a round's deliveries in one statement (a broadcast sends hundreds a second)."""
    for start in range(0, len(message_ids), _IDS_PER_STATEMENT):
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(message_ids[start : start + _IDS_PER_STATEMENT]))
            .values(status=OutboxStatus.sent, sent_at=now, leased_until=None, last_error=None)
        )


async def mark_unreachable(session: AsyncSession, message_id: int, error: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.unreachable, leased_until=None, last_error=error[:200])
    )


async def retry_later(
    session: AsyncSession, message_id: int, attempts: int, not_before: datetime, error: str, max_attempts: int
) -> None:
    """Back to pending at ``not_before``, or failed for good once ``attempts`` (as leased) are spent."""
    status = OutboxStatus.failed if attempts >= max_attempts else OutboxStatus.pending
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=status, not_before=not_before, leased_until=None, last_error=error[:200])
    )


async def mark_failed(session: AsyncSession, message_id: int, error: str) -> None:
    """The platform refused this message for good; retrying would not help."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.failed, leased_until=None, last_error=error[:200])
    )


async def pending_count(session: AsyncSession, channel: str | None = None) -> int:
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.pending)
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    return int(await session.scalar(query) or 0)


# --- senders sharing one platform's rate ------------------------------------------------------------


class OutboxSenderSeen(Base):
    """A live sender of a channel, as its last heartbeat says: the platform's rate (Telegram's 30/s is per
    bot, whatever the number of processes) is shared among the senders seen recently."""

    __tablename__ = "outbox_senders"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def sender_heartbeat(session: AsyncSession, channel: str, owner: str, now: datetime, alive: timedelta) -> int:
    """Say this sender is alive, forget those not heard from within ``alive``, and count the live ones
    (this one included). Each sender writes only its own row, so an update-then-insert cannot race."""
    found = await session.execute(
        update(OutboxSenderSeen)
        .where(OutboxSenderSeen.channel == channel, OutboxSenderSeen.owner == owner)
        .values(seen_at=now)
    )
    if not cast(Any, found).rowcount:
        session.add(OutboxSenderSeen(channel=channel, owner=owner, seen_at=now))
        await session.flush()
    await session.execute(
        delete(OutboxSenderSeen).where(OutboxSenderSeen.channel == channel, OutboxSenderSeen.seen_at < now - alive)
    )
    live = await session.scalar(
        select(func.count()).select_from(OutboxSenderSeen).where(OutboxSenderSeen.channel == channel)
    )
    return max(1, int(live or 0))


async def sender_gone(session: AsyncSession, channel: str, owner: str) -> None:
    """A sender stopping cleanly: the others take its share at their next heartbeat."""
    await session.execute(
        delete(OutboxSenderSeen).where(OutboxSenderSeen.channel == channel, OutboxSenderSeen.owner == owner)
    )
