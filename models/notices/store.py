"""Staff notices: who may tell whom, the audience as one SQL query, queueing it into the outbox in chunks,
the ledger of what happened to every message, acknowledgements, and the topics residents mute.

A notice's audience is never loaded into Python: counting it is one ``SELECT count(*)``, queueing it is
``INSERT INTO outbox … SELECT … FROM people JOIN channel_accounts`` over a range of person ids at a time
(``queue_cursor`` remembers how far it got, so a crash mid-way resumes rather than starts again).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Enum,
    ForeignKey,
    Index,
    Select,
    Text,
    UniqueConstraint,
    and_,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

import models.timers as timers
from models.base import Base, UTCDateTime, utcnow
from models.errors import DomainError
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person, Role, RoleGrant
from models.places import Place, PlaceKind, tree_sorted
from models.wechat import WAITING_FOR_WINDOW

MAX_NOTICE_CHARS = 2000
QUEUE_CHUNK = 20_000  # people per queueing transaction: SQLite's write lock is held for one chunk only
NOTICE_KIND = "notice"
REMINDER_KIND = "notice-reminder"


class Urgency(enum.StrEnum):
    normal = "normal"  # held during quiet hours
    urgent = "urgent"  # goes out at once, day or night
    critical = "critical"  # at once, and each recipient is asked to confirm they read it


class Topic(enum.StrEnum):
    activities = "activities"
    outages = "outages"
    safety = "safety"
    volunteering = "volunteering"
    general = "general"


# Outages and safety notices addressed to a resident's own building (or its grid) reach them muted or not.
UNMUTABLE_LOCALLY = frozenset({Topic.outages, Topic.safety})
LOCAL_KINDS = frozenset({PlaceKind.grid, PlaceKind.building})


class NoticeStatus(enum.StrEnum):
    scheduled = "scheduled"  # waiting for its send time
    queueing = "queueing"  # its audience is being written into the outbox
    sending = "sending"  # all queued; the outbox is delivering
    done = "done"  # nothing left to deliver; the author got the report
    cancelled = "cancelled"


class AudienceRole(enum.StrEnum):
    """Role audiences staff can pick (staff = every staff role)."""

    volunteers = "volunteers"
    grid_workers = "grid_workers"
    staff = "staff"


ROLE_GROUPS: dict[AudienceRole, tuple[Role, ...]] = {
    AudienceRole.volunteers: (Role.volunteer,),
    AudienceRole.grid_workers: (Role.grid_worker,),
    AudienceRole.staff: (Role.grid_worker, Role.community_staff, Role.street_admin, Role.district_admin),
}
# The timer that writes a notice's audience into the outbox (handlers.notices.jobs runs it).
QUEUE_TIMER = "notices.queue"
# Who may send notices, and to which place: a role held on a place lets one notify everyone beneath it.
NOTICE_SENDERS = (Role.grid_worker, Role.community_staff, Role.street_admin, Role.district_admin)


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_scope_created", "scope_place_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    # The place the author speaks for; every chosen place lies within it.
    scope_place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    # {"places": [place ids] (empty: the whole scope), "roles": [AudienceRole], "language": "zh" | "en" | null}
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")
    media_id: Mapped[int | None] = mapped_column()  # a models.media file, sent with the text
    urgency: Mapped[Urgency] = mapped_column(Enum(Urgency, native_enum=False, length=16))
    topic: Mapped[Topic] = mapped_column(Enum(Topic, native_enum=False, length=16))
    status: Mapped[NoticeStatus] = mapped_column(
        Enum(NoticeStatus, native_enum=False, length=16), default=NoticeStatus.scheduled
    )
    send_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recipients: Mapped[int] = mapped_column(default=0)  # people queued so far
    queue_cursor: Mapped[int] = mapped_column(default=0)  # the last person id queued
    remind_hours: Mapped[int] = mapped_column(default=0)  # critical: remind non-acknowledgers after this
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # One button the feature that sent the notice puts under it (a 说事 meeting's "sign up"), per language:
    # {"zh": [label, packed payload], "en": [...]}. Packed payloads are signed, so stored ones stay valid.
    action: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    def text(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_zh

    @property
    def is_open(self) -> bool:
        return self.status in (NoticeStatus.scheduled, NoticeStatus.queueing, NoticeStatus.sending)


class NoticeAck(Base):
    __tablename__ = "notice_acks"
    __table_args__ = (UniqueConstraint("notice_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NoticeMute(Base):
    __tablename__ = "notice_mutes"
    __table_args__ = (UniqueConstraint("person_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    topic: Mapped[Topic] = mapped_column(Enum(Topic, native_enum=False, length=16))


# --- who may notify whom --------------------------------------------------------------------------


async def notice_scopes(session: AsyncSession, person_id: int) -> list[Place]:
    """The places this person may send notices to (grid worker: their grid; community staff: their
    community; street or district admin: their street or district), widest first."""
    rows = await session.scalars(
        select(Place)
        .join(RoleGrant, RoleGrant.place_id == Place.id)
        .where(RoleGrant.person_id == person_id, RoleGrant.role.in_(NOTICE_SENDERS))
        .order_by(Place.path)
    )
    places: list[Place] = []
    for place in rows.unique():
        if not any(wider.contains(place) for wider in places):  # a grid under my community adds nothing
            places.append(place)
    return places


async def may_manage(session: AsyncSession, person_id: int, notice: Notice) -> bool:
    """The author, or anyone who may send notices to the notice's place (or a wider one)."""
    if notice.author_id == person_id:
        return True
    scope = await session.get(Place, notice.scope_place_id)
    return scope is not None and any(place.contains(scope) for place in await notice_scopes(session, person_id))


# --- the audience -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Whom a notice is for: people living in ``places`` (the scope itself when empty), or holders of
    ``roles`` within the scope; optionally only those reading ``language``."""

    scope_path: str
    place_paths: tuple[str, ...] = ()
    local_paths: tuple[str, ...] = ()  # chosen grids/buildings (outages and safety there cannot be muted)
    roles: tuple[AudienceRole, ...] = ()
    language: str | None = None
    topic: Topic = Topic.general


async def audience_of(session: AsyncSession, notice: Notice) -> Audience:
    scope = await session.get(Place, notice.scope_place_id)
    assert scope is not None
    spec = notice.audience
    places = [place for place in await _places(session, spec.get("places") or []) if scope.contains(place)]
    if not places:
        places = [scope]
    return Audience(
        scope_path=scope.path,
        place_paths=tuple(place.path for place in places),
        local_paths=tuple(place.path for place in places if place.kind in LOCAL_KINDS),
        roles=tuple(AudienceRole(role) for role in spec.get("roles") or []),
        language=spec.get("language"),
        topic=notice.topic,
    )


async def _places(session: AsyncSession, ids: Sequence[int]) -> Sequence[Place]:
    if not ids:
        return []
    return await tree_sorted(session, await session.scalars(select(Place).where(Place.id.in_(ids))))


def _audience_where(audience: Audience) -> tuple[Any, list[ColumnElement[bool]]]:
    """The home place alias to join and the conditions on Person that select the audience."""
    home = aliased(Place)
    conditions: list[ColumnElement[bool]] = [Person.forgotten_at.is_(None)]
    if audience.language:
        conditions.append(Person.language == audience.language)
    muted = exists().where(NoticeMute.person_id == Person.id, NoticeMute.topic == audience.topic)
    if audience.roles:
        roles = sorted({role.value for group in audience.roles for role in ROLE_GROUPS[group]})
        grant_place = aliased(Place)
        conditions.append(
            exists()
            .where(RoleGrant.person_id == Person.id, RoleGrant.role.in_(roles))
            .where(grant_place.id == RoleGrant.place_id, grant_place.path.startswith(audience.scope_path))
        )
        conditions.append(~muted)
        return None, conditions
    conditions += [Person.consented_at.is_not(None), Person.community_id.is_not(None)]
    conditions.append(or_(*(home.path.startswith(path) for path in audience.place_paths)))
    local = (
        or_(*(home.path.startswith(path) for path in audience.local_paths))
        if audience.topic in UNMUTABLE_LOCALLY and audience.local_paths
        else false()
    )
    conditions.append(or_(~muted, local))
    return home, conditions


def _people(audience: Audience, *columns: Any) -> Select[*tuple[Any, ...]]:
    home, conditions = _audience_where(audience)
    query = select(*columns).select_from(Person)
    if home is not None:
        query = query.join(home, home.id == func.coalesce(Person.building_id, Person.community_id))
    return query.where(*conditions)


async def count_audience(session: AsyncSession, audience: Audience) -> int:
    """How many people the notice would reach (the preview's exact number)."""
    return int(await session.scalar(_people(audience, func.count(Person.id))) or 0)


def _json_value(session: AsyncSession, payload: dict[str, Any]) -> ColumnElement[Any]:
    text = json.dumps(payload, ensure_ascii=False)
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return cast(literal(text), JSON) if dialect == "postgresql" else literal(text)


async def queue_chunk(
    session: AsyncSession,
    notice: Notice,
    audience: Audience,
    payloads: dict[str, dict[str, Any]],
    not_before: datetime,
    now: datetime,
    chunk: int = QUEUE_CHUNK,
) -> bool:
    """Write the next ``chunk`` people of the audience into the outbox (one row per channel account; an
    account known to be unreachable is recorded as such at once). Returns True when all are queued: the
    notice is then being sent (``sending``, queued at ``now``); until then it is ``queueing``."""
    notice.status = NoticeStatus.queueing
    after = notice.queue_cursor
    upper = await session.scalar(
        _people(audience, Person.id).where(Person.id > after).order_by(Person.id).offset(chunk - 1).limit(1)
    )
    in_range = [Person.id > after] + ([Person.id <= upper] if upper is not None else [])
    people = _people(audience, Person.id).where(*in_range).subquery()
    payload = case(
        (Person.language == "en", _json_value(session, payloads["en"])), else_=_json_value(session, payloads["zh"])
    )
    reachable = ChannelAccount.unreachable_at.is_(None)
    rows = (
        select(
            ChannelAccount.channel,
            ChannelAccount.chat_id,
            Person.id,
            literal(NOTICE_KIND),
            payload,
            case((reachable, literal(OutboxStatus.pending.name)), else_=literal(OutboxStatus.unreachable.name)),
            literal(0),
            literal(not_before, UTCDateTime()),
            literal(now, UTCDateTime()),
            literal(notice.id),
            case((reachable, None), else_=literal("unreachable")),
        )
        .select_from(Person)
        .join(ChannelAccount, ChannelAccount.person_id == Person.id)
        .where(Person.id.in_(select(people.c.id)))
    )
    columns = ["channel", "chat_id", "person_id", "kind", "payload", "status", "attempts"]
    columns += ["not_before", "created_at", "notice_id", "last_error"]
    await session.execute(insert(OutboxMessage).from_select(columns, rows))
    counted = await session.scalar(_people(audience, func.count(Person.id)).where(*in_range))
    notice.recipients += int(counted or 0)
    if upper is None:
        notice.queue_cursor = 2**31 - 1
        notice.status = NoticeStatus.sending
        notice.queued_at = now
        return True
    notice.queue_cursor = upper
    return False


# --- the ledger -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ledger:
    recipients: int  # people
    sent: int  # people with at least one message delivered
    pending: int  # people still waiting for a delivery
    failed: int  # people whose messages all failed
    unreachable: int  # people who blocked the bot or whose chat is gone
    cancelled: int  # people never sent to because the notice was cancelled
    acknowledged: int

    @property
    def settled(self) -> bool:
        return self.pending == 0


# A person's outcome is the best of their messages' (two accounts: delivered on either counts).
_RANK = {
    OutboxStatus.sent: 5,
    OutboxStatus.pending: 4,
    OutboxStatus.failed: 3,
    OutboxStatus.unreachable: 2,
    OutboxStatus.cancelled: 1,
}
_BY_RANK = {rank: status for status, rank in _RANK.items()}


async def ledger(session: AsyncSession, notice_id: int) -> Ledger:
    rank = case(*((OutboxMessage.status == status.name, value) for status, value in _RANK.items()), else_=0)
    best = (
        select(func.max(rank).label("rank"))
        .where(OutboxMessage.notice_id == notice_id, OutboxMessage.kind == NOTICE_KIND)
        .group_by(OutboxMessage.person_id)
        .subquery()
    )
    counts: dict[OutboxStatus, int] = dict.fromkeys(OutboxStatus, 0)
    for value, number in await session.execute(select(best.c.rank, func.count()).group_by(best.c.rank)):
        if value in _BY_RANK:
            counts[_BY_RANK[value]] = int(number)
    acknowledged = await session.scalar(
        select(func.count()).select_from(NoticeAck).where(NoticeAck.notice_id == notice_id)
    )
    return Ledger(
        recipients=sum(counts.values()),
        sent=counts[OutboxStatus.sent],
        pending=counts[OutboxStatus.pending],
        failed=counts[OutboxStatus.failed],
        unreachable=counts[OutboxStatus.unreachable],
        cancelled=counts[OutboxStatus.cancelled],
        acknowledged=int(acknowledged or 0),
    )


# Channels that deliver only when their person next opens them (the terminal chat of the demo): their rows
# stay pending in the ledger but do not keep a notice from completing.
ON_DEMAND_CHANNELS = ("terminal",)


async def pending_messages(session: AsyncSession, notice_id: int) -> int:
    """Messages still to be pushed out (what a notice waits for before it is done)."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.notice_id == notice_id,
                OutboxMessage.status == OutboxStatus.pending,
                OutboxMessage.channel.not_in(ON_DEMAND_CHANNELS),
                # WeChat followers outside the 48 hours without a template: theirs go when they next write.
                OutboxMessage.last_error.is_distinct_from(WAITING_FOR_WINDOW),
            )
        )
        or 0
    )


def ledger_rows(notice_id: int) -> Select[*tuple[Any, ...]]:
    """Every message of a notice with its outcome, for the CSV export (streamed, not loaded)."""
    query: Select[*tuple[Any, ...]] = (
        select(
            OutboxMessage.id,
            OutboxMessage.person_id,
            Person.display_name,
            Person.language,
            OutboxMessage.channel,
            OutboxMessage.kind,
            OutboxMessage.status,
            OutboxMessage.attempts,
            OutboxMessage.sent_at,
            OutboxMessage.last_error,
            NoticeAck.acknowledged_at,
            OutboxMessage.delivered_as,
        )
        .outerjoin(Person, Person.id == OutboxMessage.person_id)
        .outerjoin(NoticeAck, and_(NoticeAck.notice_id == notice_id, NoticeAck.person_id == OutboxMessage.person_id))
        .where(OutboxMessage.notice_id == notice_id)
        .order_by(OutboxMessage.id)
    )
    return query


# --- changes ----------------------------------------------------------------------------------------


def delivered(notice: Notice, now: datetime) -> None:
    """Nothing of the notice is left to deliver: it is done (its author gets the report)."""
    notice.status = NoticeStatus.done
    notice.completed_at = now


async def cancel_notice(session: AsyncSession, notice: Notice, now: datetime) -> int:
    """Stop a scheduled or running notice; what went out stays recorded. Returns messages withdrawn."""
    if not notice.is_open:
        raise DomainError("notices-not-open")
    notice.status = NoticeStatus.cancelled
    notice.cancelled_at = now
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.notice_id == notice.id, OutboxMessage.status == OutboxStatus.pending)
        .values(status=OutboxStatus.cancelled, last_error="notice cancelled")
    )
    await session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]


async def in_audience(session: AsyncSession, notice: Notice, person_id: int) -> bool:
    """Is this person in the notice's audience (as it stands now)?"""
    audience = await audience_of(session, notice)
    return await session.scalar(_people(audience, Person.id).where(Person.id == person_id).limit(1)) is not None


async def was_meant_for(session: AsyncSession, notice: Notice, person_id: int) -> bool:
    """A message of the notice was queued for the person, or they are in its audience."""
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.notice_id == notice.id,
            OutboxMessage.person_id == person_id,
            OutboxMessage.kind == NOTICE_KIND,
        )
        .limit(1)
    )
    return found is not None or await in_audience(session, notice, person_id)


async def acknowledge(session: AsyncSession, notice_id: int, person_id: int, now: datetime) -> bool:
    """Record that the person read a critical notice; False if they had already said so."""
    existing = await session.scalar(
        select(NoticeAck.id).where(NoticeAck.notice_id == notice_id, NoticeAck.person_id == person_id)
    )
    if existing is not None:
        return False
    session.add(NoticeAck(notice_id=notice_id, person_id=person_id, acknowledged_at=now))
    await session.flush()
    return True


async def queue_reminders(
    session: AsyncSession, notice: Notice, payloads: dict[str, dict[str, Any]], now: datetime
) -> int:
    """Queue a reminder to every recipient of a critical notice who received it and has not acknowledged."""
    acked = exists().where(NoticeAck.notice_id == notice.id, NoticeAck.person_id == OutboxMessage.person_id)
    delivered = (
        select(OutboxMessage.person_id)
        .where(
            OutboxMessage.notice_id == notice.id,
            OutboxMessage.kind == NOTICE_KIND,
            OutboxMessage.status == OutboxStatus.sent,
            ~acked,
        )
        .distinct()
        .subquery()
    )
    payload = case(
        (Person.language == "en", _json_value(session, payloads["en"])), else_=_json_value(session, payloads["zh"])
    )
    rows = (
        select(
            ChannelAccount.channel,
            ChannelAccount.chat_id,
            Person.id,
            literal(REMINDER_KIND),
            payload,
            literal(OutboxStatus.pending.name),
            literal(0),
            literal(now, UTCDateTime()),
            literal(now, UTCDateTime()),
            literal(notice.id),
        )
        .select_from(Person)
        .join(ChannelAccount, ChannelAccount.person_id == Person.id)
        .where(Person.id.in_(select(delivered.c.person_id)), ChannelAccount.unreachable_at.is_(None))
    )
    columns = ["channel", "chat_id", "person_id", "kind", "payload", "status", "attempts"]
    columns += ["not_before", "created_at", "notice_id"]
    result = await session.execute(insert(OutboxMessage).from_select(columns, rows))
    notice.reminded_at = now
    return int(result.rowcount)  # type: ignore[attr-defined]


async def muted_topics(session: AsyncSession, person_id: int) -> set[Topic]:
    return set((await session.scalars(select(NoticeMute.topic).where(NoticeMute.person_id == person_id))).all())


async def set_muted(session: AsyncSession, person_id: int, topic: Topic, muted: bool) -> None:
    if muted:
        if topic not in await muted_topics(session, person_id):
            session.add(NoticeMute(person_id=person_id, topic=topic))
    else:
        await session.execute(delete(NoticeMute).where(NoticeMute.person_id == person_id, NoticeMute.topic == topic))
    await session.flush()


async def notices_for(session: AsyncSession, person: Person, now: datetime, limit: int = 8) -> list[Notice]:
    """The recent notices that were meant for this person, newest first: those sent to a place they live
    in (or to a grid or building of their community), for which they are in the audience."""
    homes = [place_id for place_id in (person.building_id, person.community_id) if place_id is not None]
    if not homes:
        return []
    home_places = (await session.scalars(select(Place).where(Place.id.in_(homes)))).all()
    ancestors = {ancestor for place in home_places for ancestor in place.ancestor_ids}
    community = next((place for place in home_places if place.kind is PlaceKind.community), None)
    scope = aliased(Place)
    near: list[ColumnElement[bool]] = [Notice.scope_place_id.in_(sorted(ancestors))]
    if community is not None:
        near.append(scope.path.startswith(community.path))
    candidates = await session.scalars(
        select(Notice)
        .join(scope, scope.id == Notice.scope_place_id)
        .where(Notice.status.in_([NoticeStatus.sending, NoticeStatus.done]), Notice.send_at <= now, or_(*near))
        .order_by(Notice.send_at.desc(), Notice.id.desc())
        .limit(limit * 4)
    )
    found: list[Notice] = []
    for notice in candidates.all():
        if await was_meant_for(session, notice, person.id):
            found.append(notice)
            if len(found) == limit:
                break
    return found


async def notices_of_places(session: AsyncSession, places: Sequence[Place], limit: int = 10) -> Sequence[Notice]:
    """Recent notices sent to any of these places or beneath them (a staff member's list)."""
    if not places:
        return []
    scope = aliased(Place)
    result = await session.scalars(
        select(Notice)
        .join(scope, scope.id == Notice.scope_place_id)
        .where(or_(*(scope.path.startswith(place.path) for place in places)))
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(limit)
    )
    return result.all()


async def acknowledged_by(session: AsyncSession, notice_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(NoticeAck.id).where(NoticeAck.notice_id == notice_id, NoticeAck.person_id == person_id)
    )
    return found is not None


__all__ = [
    "MAX_NOTICE_CHARS",
    "Audience",
    "AudienceRole",
    "Ledger",
    "Notice",
    "NoticeAck",
    "NoticeMute",
    "NoticeStatus",
    "Topic",
    "Urgency",
    "audience_of",
    "count_audience",
    "ledger",
    "queue_chunk",
]


async def post_notice(session: AsyncSession, notice: Notice, now: datetime) -> Notice:
    """Store a notice another feature wrote (a 说事 meeting's invitation) and have it queued at its time,
    as one composed in chat or in the console is."""
    session.add(notice)
    await session.flush()
    await timers.schedule(session, QUEUE_TIMER, notice.id, max(notice.send_at, now))
    return notice
