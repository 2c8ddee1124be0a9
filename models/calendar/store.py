"""Calendar feeds: one secret, revocable address per person that calendar apps subscribe to.

The address carries a long random token; only its SHA-256 is stored, so a copy of the database does not
open anyone's calendar. A new address retires the old one at once (a phone that was lost, a link passed
on by mistake); stopping the feed removes it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime

TOKEN_BYTES = 24  # 32 characters: not guessable, short enough for a calendar app's "subscribe" field


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(Base):
    __tablename__ = "calendar_feeds"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def feed_of(session: AsyncSession, person_id: int) -> CalendarFeed | None:
    return await session.get(CalendarFeed, person_id)


async def new_feed(session: AsyncSession, person_id: int, now: datetime) -> str:
    """A fresh address's token for the person; the one before stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = await session.get(CalendarFeed, person_id)
    if feed is None:
        session.add(CalendarFeed(person_id=person_id, token_hash=digest(token), created_at=now))
    else:
        feed.token_hash, feed.created_at = digest(token), now
    await session.flush()
    return token


async def person_of_feed(session: AsyncSession, token: str) -> int | None:
    return await session.scalar(select(CalendarFeed.person_id).where(CalendarFeed.token_hash == digest(token)))


async def stop_feed(session: AsyncSession, person_id: int) -> bool:
    result = await session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == person_id))
    return bool(getattr(result, "rowcount", 0))
