"""Web chat visitors: how many new ones an address may bring, and forgetting those who never came back.

A web visitor is a cookie; the first socket makes a stand-in person for it (``identify``). A script that
throws its cookie away each time would make a person per request, so new visitors are counted per client
address per hour, in the database (several web processes agree). The address is kept only as a digest,
and only for a day: long enough to count with, then blanked.

A stand-in whose visitor has not been seen for the configured days, and who never registered, is removed
with its outbox rows, conversation state and account. A registered person is never removed here.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

from models.base import Base, UTCDateTime, upsert_insert
from models.link import delete_if_unreferenced
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person, RoleGrant, forget_person

WINDOW = timedelta(hours=1)  # new visitors are counted per address over this window
ADDRESS_KEPT = timedelta(days=1)  # then the address digest is blanked
SEEN_EVERY = timedelta(hours=1)  # last_seen_at is written at most this often (not on every socket)
EXPIRE_BATCH = 500  # stand-ins removed per round: one round is one short transaction


class WebVisitor(Base):
    __tablename__ = "web_visitors"
    __table_args__ = (Index("ix_web_visitors_address", "address_key", "first_seen_at"),)

    # The web channel's chat id (a digest of the cookie), which is also its account's external id.
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    address_key: Mapped[str | None] = mapped_column(String(64))  # sha256 of the client address; blanked later
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


def address_key(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


async def _has_account(session: AsyncSession, channel: str, chat_id: str) -> bool:
    found = await session.scalar(
        select(ChannelAccount.id).where(ChannelAccount.channel == channel, ChannelAccount.external_id == chat_id)
    )
    return found is not None


async def new_visitors_since(session: AsyncSession, key: str, since: datetime) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(WebVisitor)
            .where(WebVisitor.address_key == key, WebVisitor.first_seen_at >= since)
        )
        or 0
    )


async def admit_visitor(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    address: str,
    now: datetime,
    per_hour: int,
    *,
    record: bool = True,
) -> bool:
    """May this visitor talk? A known one always (its last visit is noted); a new one while its address
    has brought fewer than ``per_hour`` new visitors in the past hour (0 = no limit). ``record=False``
    only asks (the page), the socket records."""
    row = await session.get(WebVisitor, chat_id)
    if row is not None:
        if record and now - row.last_seen_at >= SEEN_EVERY:
            row.last_seen_at = now
        return True
    known = await _has_account(session, channel, chat_id)  # a visitor from before this table, or linked
    key = address_key(address)
    if not known and per_hour and await new_visitors_since(session, key, now - WINDOW) >= per_hour:
        return False
    if record:
        # Two tabs of one new visitor may arrive together: one row, the second insert does nothing.
        await session.execute(
            upsert_insert(session, WebVisitor)
            .values(chat_id=chat_id, address_key=None if known else key, first_seen_at=now, last_seen_at=now)
            .on_conflict_do_nothing(index_elements=["chat_id"])
        )
    return True


async def blank_old_addresses(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(
        update(WebVisitor)
        .where(WebVisitor.address_key.is_not(None), WebVisitor.first_seen_at < now - ADDRESS_KEPT)
        .values(address_key=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def expire_visitors(session: AsyncSession, channel: str, now: datetime, unseen_days: int) -> int:
    """Remove stand-ins of ``channel`` unseen for ``unseen_days``: never registered (no consent, no
    community), no roles, no other account. Returns how many people went. Also drops web outbox rows
    that waited that long for a page to open (registered people's too: a notice of a month ago is stale)."""
    cutoff = now - timedelta(days=unseen_days)
    other = aliased(ChannelAccount)
    last_seen = func.coalesce(WebVisitor.last_seen_at, ChannelAccount.created_at)
    candidates = (
        select(Person, ChannelAccount)
        .join(ChannelAccount, ChannelAccount.person_id == Person.id)
        .outerjoin(WebVisitor, WebVisitor.chat_id == ChannelAccount.external_id)
        .where(
            ChannelAccount.channel == channel,
            Person.consented_at.is_(None),
            Person.community_id.is_(None),
            Person.forgotten_at.is_(None),
            last_seen < cutoff,
            ~exists().where(other.person_id == Person.id, other.id != ChannelAccount.id),
            ~exists().where(RoleGrant.person_id == Person.id),
        )
        .order_by(Person.id)
        .limit(EXPIRE_BATCH)
    )
    removed = 0
    for person, account in (await session.execute(candidates)).all():
        chat_id = account.external_id
        await session.execute(delete(WebVisitor).where(WebVisitor.chat_id == chat_id))
        await forget_person(session, person)  # states, outbox, account; blanks what it held
        await delete_if_unreferenced(session, person)  # else kept as an anonymous row records point to
        removed += 1
    # A visitor row whose account went another way (/forget, /link to another person's account) and
    # who has not been back either.
    await session.execute(
        delete(WebVisitor).where(
            WebVisitor.last_seen_at < cutoff,
            ~exists().where(ChannelAccount.channel == channel, ChannelAccount.external_id == WebVisitor.chat_id),
        )
    )
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.channel == channel,
            OutboxMessage.created_at < cutoff,
            or_(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.status == OutboxStatus.unreachable),
        )
    )
    return removed
