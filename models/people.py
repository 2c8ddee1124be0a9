"""People, the channel accounts they talk through, and the roles they hold per place."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow
from models.calendar.store import stop_feed
from models.conversation import ConversationState
from models.outbox import OutboxMessage, OutboxStatus
from models.places import Place
from models.wechat import CHANNEL as WECHAT
from models.wechat import forget_chat


class Role(enum.StrEnum):
    volunteer = "volunteer"
    grid_worker = "grid_worker"
    community_staff = "community_staff"
    street_admin = "street_admin"
    district_admin = "district_admin"
    mediator = "mediator"  # 矛盾纠纷调解员: neighbour disputes of a grid (grid management)
    property_supervisor = "property_supervisor"  # 物业服务监督员: property-service complaints
    hotline_operator = "hotline_operator"  # 12343 接线员: takes calls, watches the queue and deadlines


STAFF_ROLES = frozenset({Role.grid_worker, Role.community_staff, Role.street_admin, Role.district_admin})
# Who may speak for a community as a whole (publish its pact, later broadcast to it).
COMMUNITY_MANAGERS = frozenset({Role.community_staff, Role.street_admin, Role.district_admin})

FORGOTTEN_NAME = "—"


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(8), default="zh")
    # Personal data: shown only to the person and to staff who need it, never logged.
    phone: Mapped[str | None] = mapped_column(String(20))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    unit: Mapped[str | None] = mapped_column(String(40))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_registered(self) -> bool:
        """Joined a community and agreed to the privacy notice."""
        return self.consented_at is not None and self.community_id is not None


class ChannelAccount(Base):
    __tablename__ = "channel_accounts"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the platform says the person blocked us; cleared when they write again.
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RoleGrant(Base):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("person_id", "role", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=24))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Built once: it runs for every incoming message, and SQLAlchemy memoizes a statement's cache key on the
# statement object, so reusing it skips rebuilding the query and its key each time.
_IDENTIFY = (
    select(Person, ChannelAccount, ConversationState)
    .join(ChannelAccount, ChannelAccount.person_id == Person.id)
    .outerjoin(
        ConversationState,
        (ConversationState.channel == bindparam("channel")) & (ConversationState.chat_id == bindparam("chat_id")),
    )
    .where(ChannelAccount.channel == bindparam("channel"), ChannelAccount.external_id == bindparam("external_id"))
)


@dataclass
class Identity:
    person: Person
    account: ChannelAccount
    is_new: bool
    state: ConversationState | None  # this chat's conversation state row, if it has one


async def identify(
    session: AsyncSession,
    channel: str,
    external_id: str,
    chat_id: str,
    display_name: str,
    language: str,
) -> Identity:
    """The person behind a channel account (created on first contact), with the chat's state row.

    One query for both: this runs for every incoming message.
    """
    parameters = {"channel": channel, "chat_id": chat_id, "external_id": external_id}
    row = (await session.execute(_IDENTIFY, parameters)).first()
    if row is not None:
        person, account, state = row
        if account.unreachable_at is not None:
            account.unreachable_at = None  # they wrote to us, so they can be reached again
        if account.chat_id != chat_id:
            account.chat_id = chat_id
        return Identity(person, account, False, state)
    person = Person(display_name=display_name[:100], language=language)
    try:
        # A savepoint: two processes may see the same newcomer at once; the loser re-reads.
        async with session.begin_nested():
            session.add(person)
            await session.flush()
            account = ChannelAccount(person_id=person.id, channel=channel, external_id=external_id, chat_id=chat_id)
            session.add(account)
            await session.flush()
    except IntegrityError:
        return await identify(session, channel, external_id, chat_id, display_name, language)
    return Identity(person, account, True, await session.get(ConversationState, (channel, chat_id)))


async def grants_of(session: AsyncSession, person_id: int) -> Sequence[tuple[RoleGrant, Place]]:
    rows = await session.execute(
        select(RoleGrant, Place)
        .join(Place, Place.id == RoleGrant.place_id)
        .where(RoleGrant.person_id == person_id)
        .order_by(RoleGrant.id)
    )
    return [(grant, place) for grant, place in rows]


_HAS_ROLE = (
    select(RoleGrant.id)
    .where(
        RoleGrant.person_id == bindparam("person_id"),
        RoleGrant.role.in_(bindparam("roles", expanding=True)),
        RoleGrant.place_id.in_(bindparam("places", expanding=True)),
    )
    .limit(1)
)


async def has_role(session: AsyncSession, person_id: int, roles: Iterable[Role], place: Place) -> bool:
    """A role held on the place itself or on any place above it (a street admin manages its communities)."""
    parameters = {"person_id": person_id, "roles": [role.value for role in roles], "places": place.ancestor_ids}
    return await session.scalar(_HAS_ROLE, parameters) is not None


async def is_staff(session: AsyncSession, person_id: int) -> bool:
    found = await session.scalar(
        select(RoleGrant.id).where(RoleGrant.person_id == person_id, RoleGrant.role.in_(STAFF_ROLES)).limit(1)
    )
    return found is not None


async def grant_role(session: AsyncSession, person: Person, role: Role, place: Place) -> RoleGrant:
    existing = await session.scalar(
        select(RoleGrant).where(
            RoleGrant.person_id == person.id, RoleGrant.role == role, RoleGrant.place_id == place.id
        )
    )
    if existing is not None:
        return existing
    grant = RoleGrant(person_id=person.id, role=role, place_id=place.id)
    session.add(grant)
    await session.flush()
    return grant


async def revoke_role(session: AsyncSession, person: Person, role: Role, place: Place) -> bool:
    result = await session.execute(
        delete(RoleGrant).where(
            RoleGrant.person_id == person.id, RoleGrant.role == role, RoleGrant.place_id == place.id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def accounts_of(session: AsyncSession, person_id: int) -> Sequence[ChannelAccount]:
    result = await session.scalars(select(ChannelAccount).where(ChannelAccount.person_id == person_id))
    return result.all()


async def forget_person(session: AsyncSession, person: Person) -> None:
    """Erase what identifies the person; keep the anonymous row that others' records point to.

    Pledges stay (the pact's count is a public fact), but nothing links them to a name, a home or an
    account any more. The next message from the same account starts afresh as a stranger.
    """
    accounts = await accounts_of(session, person.id)
    for account in accounts:
        await session.execute(
            delete(ConversationState).where(
                ConversationState.channel == account.channel, ConversationState.chat_id == account.chat_id
            )
        )
    await session.execute(delete(OutboxMessage).where(OutboxMessage.person_id == person.id))
    await forget_chat(session, [account.chat_id for account in accounts if account.channel == WECHAT])
    await stop_feed(session, person.id)
    await session.execute(delete(ChannelAccount).where(ChannelAccount.person_id == person.id))
    await session.execute(delete(RoleGrant).where(RoleGrant.person_id == person.id))
    person.display_name = FORGOTTEN_NAME
    person.phone = None
    person.community_id = None
    person.building_id = None
    person.unit = None
    person.consented_at = None
    person.forgotten_at = utcnow()
    await session.flush()


async def mark_account_unreachable(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> None:
    """The platform says this chat cannot be reached (blocked us, deleted): stop trying until they write."""
    await session.execute(
        update(ChannelAccount)
        .where(ChannelAccount.channel == channel, ChannelAccount.chat_id == chat_id)
        .values(unreachable_at=now)
    )
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status == OutboxStatus.pending,
        )
        .values(status=OutboxStatus.unreachable, leased_until=None, last_error="unreachable")
    )
