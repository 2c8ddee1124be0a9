"""Timers: "do this at that moment" that survive restarts and run once across several processes.

Features schedule a timer in the same transaction as the change that needs it (a booking's reminder,
an offer's expiry, a case's deadline), keyed by ``(kind, ref)`` so re-scheduling moves it and
cancelling needs no id. The runner (``handlers/core/jobs.py``) claims due timers with a lease, then fires
each in its own transaction that also deletes the row *with the claim's token*: if the lease ran out
and another process took the timer over, the delete finds nothing and the first process rolls back,
so a timer's effects are committed at most once, and at least once while any runner is alive.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Index, String, UniqueConstraint, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert


class Timer(Base):
    __tablename__ = "timers"
    __table_args__ = (
        UniqueConstraint("kind", "ref"),
        Index("ix_timers_due", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(80))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_token: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    # The exception's class name, never its text: it may quote personal data.
    last_error: Mapped[str | None] = mapped_column(String(200))


@dataclass(frozen=True)
class ClaimedTimer:
    id: int
    kind: str
    ref: str
    due_at: datetime
    token: str
    attempts: int


async def schedule(session: AsyncSession, kind: str, ref: str | int, due_at: datetime) -> None:
    """Set the timer ``(kind, ref)`` to fire at ``due_at``, moving it if it exists (one statement)."""
    values = {"kind": kind, "ref": str(ref), "due_at": due_at, "attempts": 0}
    fresh = {"due_at": due_at, "leased_until": None, "lease_token": None, "attempts": 0, "last_error": None}
    statement = (
        upsert_insert(session, Timer).values(**values).on_conflict_do_update(index_elements=["kind", "ref"], set_=fresh)
    )
    await session.execute(statement)


async def cancel(session: AsyncSession, kind: str, ref: str | int) -> bool:
    result = await session.execute(delete(Timer).where(Timer.kind == kind, Timer.ref == str(ref)))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def due_at(session: AsyncSession, kind: str, ref: str | int) -> datetime | None:
    """When ``(kind, ref)`` fires, or None if it is not scheduled (for tests and staff views)."""
    return await session.scalar(select(Timer.due_at).where(Timer.kind == kind, Timer.ref == str(ref)))


async def claim_due(
    session: AsyncSession, now: datetime, lease: timedelta, limit: int, kinds: set[str] | None = None
) -> list[ClaimedTimer]:
    """Lease up to ``limit`` due timers, oldest first, each with a fresh token."""
    query = (
        select(Timer)
        .where(Timer.due_at <= now, or_(Timer.leased_until.is_(None), Timer.leased_until < now))
        .order_by(Timer.due_at, Timer.id)
        .limit(limit)
    )
    if kinds is not None:
        query = query.where(Timer.kind.in_(sorted(kinds)))
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for timer in (await session.scalars(query)).all():
        timer.leased_until = now + lease
        timer.lease_token = secrets.token_hex(8)
        timer.attempts += 1
        claimed.append(ClaimedTimer(timer.id, timer.kind, timer.ref, timer.due_at, timer.lease_token, timer.attempts))
    await session.flush()
    return claimed


async def complete(session: AsyncSession, claimed: ClaimedTimer) -> bool:
    """Delete the timer if this claim still holds it; False when another runner took it over."""
    result = await session.execute(delete(Timer).where(Timer.id == claimed.id, Timer.lease_token == claimed.token))
    return result.rowcount == 1  # type: ignore[attr-defined]


async def retry(session: AsyncSession, claimed: ClaimedTimer, at: datetime, error: str) -> None:
    """The timer failed: fire again at ``at`` (unless it was re-scheduled or taken over meanwhile)."""
    await session.execute(
        update(Timer)
        .where(Timer.id == claimed.id, Timer.lease_token == claimed.token)
        .values(due_at=at, leased_until=None, lease_token=None, last_error=error[:200])
    )
