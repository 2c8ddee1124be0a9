"""What a platform delivered, kept before it is confirmed, and handled exactly once.

Telegram delivers at least once: a webhook call not answered 200 is sent again, and updates fetched by
polling come again until a later ``getUpdates`` confirms them. Linli writes each update here as it arrives
(one multi-row INSERT per batch) and only then confirms it (answers 200, or asks for the next batch), so a
process killed with updates in its queue loses none of them: the next start hands them to the core again.

Handling takes the update's row in the same transaction as everything the step wrote, with the replies it
made (``take``): a copy — a redelivery, a replay, a second process — finds it taken, changes nothing, and
gets the kept replies if they were never marked sent (``mark_replied``, batched after sending), so a
process killed between its commit and its answer loses no answer either. What that costs: a reply sent
but not yet marked is sent again after a crash (bounded by the marking interval; counted by bench.faults).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert


class InboundUpdate(Base):
    __tablename__ = "inbound_updates"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # Telegram: the update_id
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the update as delivered, to hand over again
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # Reply.to_payload() of each, when handled
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# Built once per dialect, with bound parameters: they run for every update, and building (and keying)
# an upsert per call cost more than executing it.
_STATEMENTS: dict[str, tuple[Any, Any]] = {}


def _statements(session: AsyncSession) -> tuple[Any, Any]:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect not in _STATEMENTS:
        table = InboundUpdate.__table__  # Core, not ORM: its result has the rowcount
        kept = upsert_insert(session, table)
        # A copy is ignored; an update handled before it was kept (the journal runs beside the handling)
        # gets its body, so it can still be handed on if its answers were never marked sent.
        keep = kept.on_conflict_do_update(
            index_elements=["channel", "key"], set_={"body": kept.excluded.body}, where=table.c.body.is_(None)
        )
        insert = upsert_insert(session, table).values(
            channel=bindparam("channel"),
            key=bindparam("key"),
            received_at=bindparam("now"),
            handled_at=bindparam("now"),
            replies=bindparam("replies", type_=JSON),
        )
        take = insert.on_conflict_do_update(
            index_elements=["channel", "key"],
            set_={"handled_at": insert.excluded.handled_at, "replies": insert.excluded.replies},
            where=table.c.handled_at.is_(None),
        )
        _STATEMENTS[dialect] = (keep, take)
    return _STATEMENTS[dialect]


async def journal(
    session: AsyncSession, channel: str, updates: Sequence[tuple[str, dict[str, Any]]], now: datetime
) -> None:
    """Keep what arrived (copies of kept ones are ignored)."""
    if not updates:
        return
    keep, _take = _statements(session)
    rows = [{"channel": channel, "key": key, "body": body, "received_at": now} for key, body in updates]
    await session.execute(keep, rows)


async def take(session: AsyncSession, channel: str, key: str, now: datetime, replies: list[dict[str, Any]]) -> bool:
    """Mark the update handled with the replies it made, at the end of the handling's transaction: True for
    the first handling; False for a copy (its transaction is to be rolled back). An update that was never
    journaled (a channel that does not journal) is taken as it is marked. One statement on the hot path."""
    _keep, statement = _statements(session)
    result = await session.execute(statement, {"channel": channel, "key": key, "now": now, "replies": replies})
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def unsent_replies(session: AsyncSession, channel: str, key: str) -> list[dict[str, Any]]:
    """For a copy of a handled update: the replies the first handling made, unless they were sent."""
    row = await session.get(InboundUpdate, (channel, key))
    if row is None or row.replied_at is not None:
        return []
    return list(row.replies or [])


async def mark_replied(session: AsyncSession, channel: str, keys: Sequence[str], now: datetime) -> None:
    if keys:
        await session.execute(
            update(InboundUpdate)
            .where(InboundUpdate.channel == channel, InboundUpdate.key.in_(list(keys)))
            .values(replied_at=now)
        )


async def unhandled(
    session: AsyncSession, channel: str, since: datetime, limit: int = 10_000, *, before: datetime | None = None
) -> list[InboundUpdate]:
    """Updates kept but not answered (their process stopped first: before handling them, or after handling
    and before its answers were marked sent), oldest first; ``before``: only those kept before then."""
    conditions = [
        InboundUpdate.channel == channel,
        InboundUpdate.replied_at.is_(None),
        InboundUpdate.received_at >= since,
        InboundUpdate.body.is_not(None),
    ]
    if before is not None:
        conditions.append(InboundUpdate.received_at < before)
    rows = await session.scalars(
        select(InboundUpdate).where(*conditions).order_by(InboundUpdate.received_at, InboundUpdate.key).limit(limit)
    )
    return list(rows)


async def purge_inbound(session: AsyncSession, before: datetime) -> int:
    """Forget updates older than any platform redelivers (Telegram keeps them 24 hours)."""
    result = await session.execute(delete(InboundUpdate).where(InboundUpdate.received_at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
