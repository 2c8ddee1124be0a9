"""Room booking in the community centres: centres, rooms and their rules, bookings, waitlist, no-shows.

The invariant: two bookings of one room that hold it (pending or confirmed) never overlap in time. Every
operation that can make a booking (``book_room``, ``book_series``, ``claim_offer``) first takes the room's
lock, then checks, then inserts, inside the caller's transaction:

- PostgreSQL: ``SELECT … FROM booking_rooms … FOR UPDATE`` on the room row. Concurrent attempts at the
  same room queue on that row; each one's overlap check runs after the previous holder committed (READ
  COMMITTED takes a fresh snapshot per statement), so it sees the booking that won.
- SQLite: ``models.db`` begins every transaction with ``BEGIN IMMEDIATE``, so the transaction already holds
  the database's single write lock when it reads the room; nobody can insert in between.

All the room's rules (who may book, notice, horizon, opening hours, slot size, duration, capacity, quota,
blackouts, suspension) are checked here, not only in the menus: a stale or forged button cannot skip them.
Times are stored in UTC; the rules that speak of days and hours use the community's zone (``policy.tz``).
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

import models.timers as timers
from models.base import Base, UTCDateTime, utcnow
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS, Person, Role, RoleGrant, has_role
from models.places import Place

MAX_PURPOSE = 100
MAX_REASON = 200

# Timer kinds (the handlers register what each does).
REMIND_DAY = "booking.remind-day"
REMIND_HOUR = "booking.remind-hour"
RELEASE = "booking.release"  # check-in window closed: a no-show unless checked in
EXPIRE = "booking.expire"  # a pending booking nobody decided on before it began
OFFER = "booking.offer"  # a waitlist offer ran out
BOOKING_TIMERS = (REMIND_DAY, REMIND_HOUR, RELEASE, EXPIRE)


class BookingStatus(enum.StrEnum):
    pending = "pending"  # waits for staff approval; holds the slot meanwhile
    confirmed = "confirmed"
    cancelled = "cancelled"
    rejected = "rejected"
    expired = "expired"  # was pending when it began
    no_show = "no_show"  # not checked in: the room was released


HOLDING = (BookingStatus.pending, BookingStatus.confirmed)


class WaitStatus(enum.StrEnum):
    waiting = "waiting"
    offered = "offered"
    claimed = "claimed"
    expired = "expired"  # an offer ran out or was declined
    left = "left"  # the person left the list


class OpenTo(enum.StrEnum):
    community = "community"  # residents of the centre's community
    anyone = "anyone"  # anyone registered with Linli


class Centre(Base):
    __tablename__ = "booking_centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    address_zh: Mapped[str] = mapped_column(String(200), default="")
    address_en: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh

    def address(self, language: str) -> str:
        return self.address_en if language == "en" and self.address_en else self.address_zh


class Room(Base):
    __tablename__ = "booking_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("booking_centres.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[int]
    equipment_zh: Mapped[str] = mapped_column(String(300), default="")
    equipment_en: Mapped[str] = mapped_column(String(300), default="")
    # Seven entries, Monday first: [open, close] in minutes after local midnight, or null when closed.
    hours: Mapped[list[Any]] = mapped_column(JSON)
    slot_minutes: Mapped[int] = mapped_column(default=30)
    min_minutes: Mapped[int] = mapped_column(default=30)
    max_minutes: Mapped[int] = mapped_column(default=180)
    horizon_days: Mapped[int] = mapped_column(default=14)
    notice_minutes: Mapped[int] = mapped_column(default=60)
    open_to: Mapped[OpenTo] = mapped_column(Enum(OpenTo, native_enum=False, length=16), default=OpenTo.community)
    needs_approval: Mapped[bool] = mapped_column(default=False)
    weekly_quota_minutes: Mapped[int] = mapped_column(default=0)  # per person and week; 0 = no limit
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh

    def equipment(self, language: str) -> str:
        return self.equipment_en if language == "en" and self.equipment_en else self.equipment_zh

    def opening(self, weekday: int) -> tuple[int, int] | None:
        entry = self.hours[weekday] if 0 <= weekday < len(self.hours) else None
        return (int(entry[0]), int(entry[1])) if entry else None


class Blackout(Base):
    """A time the room cannot be booked: a holiday, maintenance, or a time staff blocked."""

    __tablename__ = "booking_blackouts"
    __table_args__ = (Index("ix_booking_blackouts_room_start", "room_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("booking_rooms.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(MAX_REASON), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_room_start", "room_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("booking_rooms.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[BookingStatus] = mapped_column(Enum(BookingStatus, native_enum=False, length=16))
    purpose: Mapped[str] = mapped_column(String(MAX_PURPOSE))
    attendees: Mapped[int]
    series: Mapped[str | None] = mapped_column(String(16))  # shared by the occurrences of a weekly booking
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(String(MAX_REASON))  # why rejected or cancelled by staff
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # iCalendar SEQUENCE: grows with every change a calendar app must pick up (cancelled, approved…).
    sequence: Mapped[int] = mapped_column(default=0)

    @property
    def number(self) -> str:
        return f"B{self.id:06d}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class WaitlistEntry(Base):
    __tablename__ = "booking_waitlist"
    __table_args__ = (Index("ix_booking_waitlist_room_start", "room_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("booking_rooms.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    purpose: Mapped[str] = mapped_column(String(MAX_PURPOSE))
    attendees: Mapped[int]
    status: Mapped[WaitStatus] = mapped_column(Enum(WaitStatus, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))


class Suspension(Base):
    """No booking for this person until ``ends_at`` (too many no-shows)."""

    __tablename__ = "booking_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    no_shows: Mapped[int]


# --- policy and local time ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingPolicy:
    """The deployment-wide settings the store needs (rooms carry their own rules)."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    checkin_minutes: int = 15
    offer_minutes: int = 30
    no_show_limit: int = 3
    no_show_window_days: int = 30
    suspension_days: int = 14
    remind_day_before_hours: int = 24
    remind_hour_before_minutes: int = 60


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def shown(moment: datetime, tz: ZoneInfo) -> str:
    """A language-neutral local time for refusal messages made here (the store knows no language)."""
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def at_minutes(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """``minutes`` after local midnight of ``day``, as UTC."""
    return (datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=minutes)).astimezone(UTC)


def minutes_of_day(moment: datetime, tz: ZoneInfo) -> int:
    here = moment.astimezone(tz)
    return here.hour * 60 + here.minute


def week_of(moment: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The local Monday-to-Monday week holding ``moment``, as UTC bounds (quotas count per week)."""
    here = moment.astimezone(tz).date()
    monday = here - timedelta(days=here.weekday())
    return day_start(monday, tz), day_start(monday + timedelta(days=7), tz)


# --- reading --------------------------------------------------------------------------------------------


async def centres_of(session: AsyncSession, community_id: int) -> Sequence[Centre]:
    result = await session.scalars(
        select(Centre).where(Centre.community_id == community_id).order_by(Centre.sort_order, Centre.id)
    )
    return result.all()


async def centres_for(session: AsyncSession, person: Person) -> Sequence[Centre]:
    """Centres with a room this person may book: their own community's first, then ones open to anyone."""
    query = (
        select(Centre)
        .join(Room, Room.centre_id == Centre.id)
        .where((Centre.community_id == person.community_id) | (Room.open_to == OpenTo.anyone))
        .distinct()
    )
    found = (await session.scalars(query)).all()
    return sorted(found, key=lambda c: (c.community_id != person.community_id, c.sort_order, c.id))


async def rooms_of(session: AsyncSession, centre_id: int) -> Sequence[Room]:
    result = await session.scalars(select(Room).where(Room.centre_id == centre_id).order_by(Room.sort_order, Room.id))
    return result.all()


def may_book(room: Room, centre: Centre, person: Person) -> bool:
    if not person.is_registered:
        return False
    return room.open_to is OpenTo.anyone or person.community_id == centre.community_id


async def room_with_centre(session: AsyncSession, room_id: int) -> tuple[Room, Centre] | None:
    row = (await session.execute(select(Room, Centre).join(Centre).where(Room.id == room_id))).first()
    return (row[0], row[1]) if row else None


async def may_manage_room(session: AsyncSession, person: Person, room: Room, centre: Centre) -> bool:
    """The room's manager, or staff of its community (or above it)."""
    if room.manager_id == person.id:
        return True
    return await may_manage_centre(session, person, centre)


async def may_manage_centre(session: AsyncSession, person: Person, centre: Centre) -> bool:
    if await session.scalar(select(Room.id).where(Room.centre_id == centre.id, Room.manager_id == person.id).limit(1)):
        return True
    community = await session.get(Place, centre.community_id)
    return community is not None and await has_role(session, person.id, COMMUNITY_MANAGERS, community)


async def managed_centres(session: AsyncSession, person: Person) -> list[Centre]:
    """Every centre this person may run: as a room's manager, or as staff of its community or above."""
    result = []
    for centre in (await session.scalars(select(Centre).order_by(Centre.sort_order, Centre.id))).all():
        if await may_manage_centre(session, person, centre):
            result.append(centre)
    return result


async def room_staff(session: AsyncSession, room: Room, centre: Centre) -> list[Person]:
    """Who is asked to approve: the room's manager, or else the community's staff."""
    if room.manager_id is not None:
        manager = await session.get(Person, room.manager_id)
        if manager is not None and manager.forgotten_at is None:
            return [manager]
    result = await session.scalars(
        select(Person)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(RoleGrant.place_id == centre.community_id, RoleGrant.role == Role.community_staff)
        .distinct()
        .order_by(Person.id)
    )
    return list(result.all())


@dataclass(frozen=True)
class Busy:
    starts_at: datetime
    ends_at: datetime


async def busy_times(
    session: AsyncSession,
    room_id: int,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    *,
    except_entry: int | None = None,
) -> list[Busy]:
    """What holds the room between the two moments: bookings, blackouts and open waitlist offers."""
    spans: list[Busy] = []
    rows = await session.execute(
        select(Booking.starts_at, Booking.ends_at).where(
            Booking.room_id == room_id,
            Booking.status.in_(HOLDING),
            Booking.starts_at < ends_at,
            Booking.ends_at > starts_at,
        )
    )
    spans += [Busy(a, b) for a, b in rows]
    rows = await session.execute(
        select(Blackout.starts_at, Blackout.ends_at).where(
            Blackout.room_id == room_id, Blackout.starts_at < ends_at, Blackout.ends_at > starts_at
        )
    )
    spans += [Busy(a, b) for a, b in rows]
    offers = select(WaitlistEntry.starts_at, WaitlistEntry.ends_at).where(
        WaitlistEntry.room_id == room_id,
        WaitlistEntry.status == WaitStatus.offered,
        WaitlistEntry.offer_expires_at > now,
        WaitlistEntry.starts_at < ends_at,
        WaitlistEntry.ends_at > starts_at,
    )
    if except_entry is not None:
        offers = offers.where(WaitlistEntry.id != except_entry)
    spans += [Busy(a, b) for a, b in await session.execute(offers)]
    return sorted(spans, key=lambda span: span.starts_at)


def _is_free(spans: Sequence[Busy], starts_at: datetime, ends_at: datetime) -> bool:
    return not any(span.starts_at < ends_at and span.ends_at > starts_at for span in spans)


def open_days(room: Room, now: datetime, policy: BookingPolicy, count: int, skip: int = 0) -> list[date]:
    """The next ``count`` days (after ``skip`` of them) the room is open and within its horizon."""
    today = local(now, policy.tz).date()
    days = [
        today + timedelta(days=n)
        for n in range(room.horizon_days + 1)
        if room.opening((today + timedelta(days=n)).weekday())
    ]
    return days[skip : skip + count]


async def bookable_days(
    session: AsyncSession, room: Room, person: Person, now: datetime, policy: BookingPolicy
) -> list[date]:
    """The open days within the horizon on which this person can do something: start a booking (free,
    past the notice, within their weekly quota) or wait for a booked time. A day offered as a button
    always leads somewhere. Three queries whatever the horizon."""
    days = open_days(room, now, policy, room.horizon_days + 1)
    if not days:
        return []
    tz = policy.tz
    since, until = day_start(days[0], tz), day_start(days[-1] + timedelta(days=1), tz)
    spans = await busy_times(session, room.id, since, until, now)
    earliest = now + timedelta(minutes=room.notice_minutes)
    held = await session.scalars(
        select(Booking.starts_at).where(
            Booking.room_id == room.id,
            Booking.status.in_(HOLDING),
            Booking.starts_at >= earliest,
            Booking.starts_at < until,
        )
    )
    waitable = {local(start, tz).date() for start in held}
    used = await _minutes_per_week(session, room, person, since, until, tz)
    found = []
    for day in days:
        week = week_of(day_start(day, tz), tz)[0]
        if room.weekly_quota_minutes and used.get(week, 0) + room.min_minutes > room.weekly_quota_minutes:
            continue  # this week's quota is spent: neither booking nor waiting would end in a booking
        if _starts_in(room, day, spans, earliest, tz) or day in waitable:
            found.append(day)
    return found


async def _minutes_per_week(
    session: AsyncSession, room: Room, person: Person, since: datetime, until: datetime, tz: ZoneInfo
) -> dict[datetime, int]:
    """Minutes this person holds in the room per local week (keyed by the week's start, UTC)."""
    if not room.weekly_quota_minutes:
        return {}
    week_since = week_of(since, tz)[0]
    rows = await session.execute(
        select(Booking.starts_at, Booking.ends_at).where(
            Booking.room_id == room.id,
            Booking.person_id == person.id,
            Booking.status.in_(HOLDING),
            Booking.starts_at >= week_since,
            Booking.starts_at < until,
        )
    )
    used: dict[datetime, int] = {}
    for starts_at, ends_at in rows:
        week = week_of(starts_at, tz)[0]
        used[week] = used.get(week, 0) + int((ends_at - starts_at).total_seconds() // 60)
    return used


def _starts_in(room: Room, day: date, spans: Sequence[Busy], earliest: datetime, tz: ZoneInfo) -> list[datetime]:
    opening = room.opening(day.weekday())
    if opening is None:
        return []
    open_at, close_at = at_minutes(day, opening[0], tz), at_minutes(day, opening[1], tz)
    starts = []
    moment = open_at
    step, least = timedelta(minutes=room.slot_minutes), timedelta(minutes=room.min_minutes)
    while moment + least <= close_at:
        if moment >= earliest and _is_free(spans, moment, moment + least):
            starts.append(moment)
        moment += step
    return starts


async def free_starts(
    session: AsyncSession, room: Room, day: date, now: datetime, policy: BookingPolicy
) -> list[datetime]:
    """Start times on ``day`` from which at least the room's minimum duration is free and allowed."""
    opening = room.opening(day.weekday())
    if opening is None:
        return []
    tz = policy.tz
    spans = await busy_times(session, room.id, at_minutes(day, opening[0], tz), at_minutes(day, opening[1], tz), now)
    return _starts_in(room, day, spans, now + timedelta(minutes=room.notice_minutes), tz)


async def free_durations(
    session: AsyncSession, room: Room, starts_at: datetime, now: datetime, policy: BookingPolicy
) -> list[int]:
    """Durations (minutes) that fit from ``starts_at``: free, within the opening hours and the room's limits."""
    day = local(starts_at, policy.tz).date()
    opening = room.opening(day.weekday())
    if opening is None:
        return []
    close_at = at_minutes(day, opening[1], policy.tz)
    spans = await busy_times(session, room.id, starts_at, close_at, now)
    result = []
    minutes = room.min_minutes
    while minutes <= room.max_minutes and starts_at + timedelta(minutes=minutes) <= close_at:
        if not _is_free(spans, starts_at, starts_at + timedelta(minutes=minutes)):
            break
        result.append(minutes)
        minutes += room.slot_minutes
    return result


async def taken_spans(session: AsyncSession, room: Room, day: date, now: datetime, policy: BookingPolicy) -> list[Busy]:
    """Booked times on ``day`` that have not begun (and are past the notice): what a waitlist can wait for."""
    opening = room.opening(day.weekday())
    if opening is None:
        return []
    open_at, close_at = at_minutes(day, opening[0], policy.tz), at_minutes(day, opening[1], policy.tz)
    earliest = now + timedelta(minutes=room.notice_minutes)
    rows = await session.execute(
        select(Booking.starts_at, Booking.ends_at)
        .where(
            Booking.room_id == room.id,
            Booking.status.in_(HOLDING),
            Booking.starts_at >= max(open_at, earliest),
            Booking.starts_at < close_at,
        )
        .order_by(Booking.starts_at)
    )
    return [Busy(a, b) for a, b in rows]


# --- the rules ------------------------------------------------------------------------------------------


async def _lock_room(session: AsyncSession, room_id: int) -> tuple[Room, Centre]:
    """Take the room's lock (see the module docstring) and read it fresh."""
    query = select(Room).where(Room.id == room_id).execution_options(populate_existing=True)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    room = await session.scalar(query)
    if room is None:
        raise DomainError("booking-err-gone")
    centre = await session.get(Centre, room.centre_id)
    assert centre is not None
    return room, centre


async def suspended_until(session: AsyncSession, person_id: int, now: datetime) -> datetime | None:
    return await session.scalar(
        select(func.max(Suspension.ends_at)).where(Suspension.person_id == person_id, Suspension.ends_at > now)
    )


async def _check_rules(
    session: AsyncSession,
    room: Room,
    centre: Centre,
    person: Person,
    starts_at: datetime,
    ends_at: datetime,
    attendees: int,
    now: datetime,
    policy: BookingPolicy,
) -> None:
    """Everything but the overlap; raises DomainError naming the first rule broken."""
    tz = policy.tz
    if not may_book(room, centre, person):
        raise DomainError("booking-err-not-allowed")
    until = await suspended_until(session, person.id, now)
    if until is not None:
        raise DomainError("booking-err-suspended", until=shown(until, tz))
    if ends_at <= starts_at:
        raise DomainError("booking-err-duration", min=room.min_minutes, max=room.max_minutes)
    if starts_at <= now:
        raise DomainError("booking-err-past")
    if starts_at < now + timedelta(minutes=room.notice_minutes):
        raise DomainError("booking-err-notice", minutes=room.notice_minutes)
    day = local(starts_at, tz).date()
    if (day - local(now, tz).date()).days > room.horizon_days:
        raise DomainError("booking-err-horizon", days=room.horizon_days)
    opening = room.opening(day.weekday())
    start_minute = minutes_of_day(starts_at, tz)
    end_minute = start_minute + int((ends_at - starts_at).total_seconds() // 60)
    if opening is None or start_minute < opening[0] or end_minute > opening[1]:
        raise DomainError("booking-err-closed")
    minutes = end_minute - start_minute
    if (start_minute - opening[0]) % room.slot_minutes or minutes % room.slot_minutes or starts_at.second:
        raise DomainError("booking-err-granularity", slot=room.slot_minutes)
    if not room.min_minutes <= minutes <= room.max_minutes:
        raise DomainError("booking-err-duration", min=room.min_minutes, max=room.max_minutes)
    if not 1 <= attendees <= room.capacity:
        raise DomainError("booking-err-capacity", capacity=room.capacity)
    if room.weekly_quota_minutes:
        week_start, week_end = week_of(starts_at, tz)
        used = (await _minutes_per_week(session, room, person, week_start, week_end, tz)).get(week_start, 0)
        if used + minutes > room.weekly_quota_minutes:
            raise DomainError("booking-err-quota", quota=_hours(room.weekly_quota_minutes), used=_hours(used))
    blackout = await session.scalar(
        select(Blackout).where(Blackout.room_id == room.id, Blackout.starts_at < ends_at, Blackout.ends_at > starts_at)
    )
    if blackout is not None:
        raise DomainError("booking-err-blackout", start=shown(blackout.starts_at, tz), end=shown(blackout.ends_at, tz))


def _hours(minutes: int) -> str:
    """Hours as people say them: 2, 1.5."""
    return f"{minutes / 60:g}"


async def _check_free(
    session: AsyncSession, room: Room, starts_at: datetime, ends_at: datetime, now: datetime, except_entry: int | None
) -> None:
    spans = await busy_times(session, room.id, starts_at, ends_at, now, except_entry=except_entry)
    if not _is_free(spans, starts_at, ends_at):
        raise DomainError("booking-err-taken")


def _clean_purpose(purpose: str) -> str:
    purpose = " ".join(purpose.split())
    if not purpose:
        raise DomainError("booking-err-purpose", max=MAX_PURPOSE)
    if len(purpose) > MAX_PURPOSE:
        raise DomainError("booking-err-purpose", max=MAX_PURPOSE)
    return purpose


async def book_room(
    session: AsyncSession,
    room_id: int,
    person: Person,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    attendees: int,
    now: datetime,
    policy: BookingPolicy,
    *,
    series: str | None = None,
    except_entry: int | None = None,
) -> Booking:
    """Book the room, or raise DomainError saying which rule forbids it. Pending when it needs approval."""
    purpose = _clean_purpose(purpose)
    room, centre = await _lock_room(session, room_id)
    await _check_rules(session, room, centre, person, starts_at, ends_at, attendees, now, policy)
    await _check_free(session, room, starts_at, ends_at, now, except_entry)
    return await _insert_booking(session, room, person, starts_at, ends_at, purpose, attendees, series, now, policy)


async def _insert_booking(
    session: AsyncSession,
    room: Room,
    person: Person,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    attendees: int,
    series: str | None,
    now: datetime,
    policy: BookingPolicy,
) -> Booking:
    """A booking whose rules and freedom were checked under the room's lock; flushed, so the next
    occurrence of a series sees it, with its reminders and check-in release scheduled."""
    booking = Booking(
        room_id=room.id,
        person_id=person.id,
        starts_at=starts_at,
        ends_at=ends_at,
        status=BookingStatus.pending if room.needs_approval else BookingStatus.confirmed,
        purpose=purpose,
        attendees=attendees,
        series=series,
        created_at=now,
    )
    session.add(booking)
    await session.flush()
    await _schedule_timers(session, booking, now, policy)
    return booking


async def hold_room(
    session: AsyncSession,
    room_id: int,
    staff: Person,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    attendees: int,
    now: datetime,
    policy: BookingPolicy,
) -> Booking:
    """Staff hold a room for a community event (a 居民说事 meeting, a hearing): a confirmed booking in the
    staff member's name, checked against the room's bookings and blackouts under the room's lock like any
    booking, but not against the residents' quotas and notice periods, and never released for a missing
    check-in (the event is announced; the people who come to it do not check in). Cancelled like a booking."""
    if ends_at <= starts_at or starts_at <= now:
        raise DomainError("booking-err-past")
    purpose = _clean_purpose(purpose)
    room, centre = await _lock_room(session, room_id)
    if not await may_manage_room(session, staff, room, centre):
        raise DomainError("booking-err-not-allowed")
    await _check_free(session, room, starts_at, ends_at, now, None)
    booking = Booking(
        room_id=room.id,
        person_id=staff.id,
        starts_at=starts_at,
        ends_at=ends_at,
        status=BookingStatus.confirmed,
        purpose=purpose,
        attendees=max(1, attendees),
        created_at=now,
        decided_by_id=staff.id,
        decided_at=now,
    )
    session.add(booking)
    await session.flush()
    day_before = starts_at - timedelta(hours=policy.remind_day_before_hours)
    if day_before > now:
        await timers.schedule(session, REMIND_DAY, booking.id, day_before)
    return booking


@dataclass
class SeriesOutcome:
    booked: list[Booking]
    clashes: list[tuple[datetime, DomainError]]  # occurrence start, and why it cannot be booked


def weekly_starts(starts_at: datetime, weeks: int, tz: ZoneInfo) -> list[datetime]:
    """The same local time on the same weekday for ``weeks`` weeks (local arithmetic: zones with DST)."""
    here = starts_at.astimezone(tz)
    return [(here + timedelta(weeks=n)).astimezone(UTC) for n in range(weeks)]


async def book_series(
    session: AsyncSession,
    room_id: int,
    person: Person,
    starts_at: datetime,
    minutes: int,
    weeks: int,
    purpose: str,
    attendees: int,
    now: datetime,
    policy: BookingPolicy,
    *,
    dry_run: bool = False,
) -> SeriesOutcome:
    """Book every week's occurrence that is allowed and free; list the others with the reason.

    Under one room lock, so the preview a person saw may differ from what is booked only if someone
    booked in between; the outcome always says exactly what was booked.
    """
    if not 1 <= weeks <= 52:
        raise DomainError("booking-err-weeks")
    purpose = _clean_purpose(purpose)
    room, centre = await _lock_room(session, room_id)
    token = secrets.token_hex(8)
    outcome = SeriesOutcome([], [])
    planned: list[Busy] = []
    for start in weekly_starts(starts_at, weeks, policy.tz):
        end = start + timedelta(minutes=minutes)
        try:
            await _check_rules(session, room, centre, person, start, end, attendees, now, policy)
            await _check_free(session, room, start, end, now, None)
            if dry_run:
                _check_planned_quota(room, planned, start, end, policy)
        except DomainError as refusal:
            outcome.clashes.append((start, refusal))
            continue
        if dry_run:
            planned.append(Busy(start, end))
            continue
        booking = await _insert_booking(session, room, person, start, end, purpose, attendees, token, now, policy)
        outcome.booked.append(booking)
    return outcome


def _check_planned_quota(
    room: Room, planned: Sequence[Busy], start: datetime, end: datetime, policy: BookingPolicy
) -> None:
    """In a preview nothing is inserted, so occurrences of the same week count here (weekly: none do)."""
    if not room.weekly_quota_minutes:
        return
    week = week_of(start, policy.tz)
    same_week = [span for span in planned if week[0] <= span.starts_at < week[1]]
    if same_week:  # cannot happen for weekly series; kept so the preview never promises more than the store
        raise DomainError("booking-err-quota", quota=_hours(room.weekly_quota_minutes), used=_hours(0))


# --- timers ---------------------------------------------------------------------------------------------


async def _schedule_timers(session: AsyncSession, booking: Booking, now: datetime, policy: BookingPolicy) -> None:
    if booking.status is BookingStatus.pending:
        await timers.schedule(session, EXPIRE, booking.id, booking.starts_at)
        return
    if booking.status is not BookingStatus.confirmed:
        return
    day_before = booking.starts_at - timedelta(hours=policy.remind_day_before_hours)
    hour_before = booking.starts_at - timedelta(minutes=policy.remind_hour_before_minutes)
    if day_before > now:
        await timers.schedule(session, REMIND_DAY, booking.id, day_before)
    if hour_before > now:
        await timers.schedule(session, REMIND_HOUR, booking.id, hour_before)
    await timers.schedule(session, RELEASE, booking.id, booking.starts_at + timedelta(minutes=policy.checkin_minutes))


async def _cancel_timers(session: AsyncSession, booking: Booking) -> None:
    for kind in BOOKING_TIMERS:
        await timers.cancel(session, kind, booking.id)


# --- changing a booking ---------------------------------------------------------------------------------


async def get_booking(session: AsyncSession, booking_id: int, *, lock: bool = False) -> Booking | None:
    query = select(Booking).where(Booking.id == booking_id).execution_options(populate_existing=True)
    if lock and session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    return await session.scalar(query)


async def cancel_booking(
    session: AsyncSession,
    booking: Booking,
    now: datetime,
    policy: BookingPolicy,
    *,
    reason: str | None = None,
    by_staff: bool = False,
) -> None:
    """Cancel a booking that still holds the room (a resident: only before it begins). Its time goes to
    the first in line for it."""
    if booking.status not in HOLDING or booking.ends_at <= now:
        raise DomainError("booking-err-not-active")
    if not by_staff and booking.starts_at <= now:
        raise DomainError("booking-err-started")
    booking.status = BookingStatus.cancelled
    booking.cancelled_at = now
    booking.reason = reason[:MAX_REASON] if reason else None
    booking.sequence += 1
    await _cancel_timers(session, booking)
    await session.flush()
    await _time_freed(session, booking.room_id, now, policy)


async def decide(
    session: AsyncSession,
    booking: Booking,
    staff: Person,
    approve: bool,
    now: datetime,
    policy: BookingPolicy,
    reason: str | None = None,
) -> None:
    """Approve or reject a pending booking (it held the slot while pending: no new overlap is possible)."""
    if booking.status is not BookingStatus.pending:
        raise DomainError("booking-err-decided")
    if booking.starts_at <= now:
        raise DomainError("booking-err-started")
    await timers.cancel(session, EXPIRE, booking.id)
    booking.decided_by_id = staff.id
    booking.decided_at = now
    booking.sequence += 1
    if approve:
        booking.status = BookingStatus.confirmed
        await session.flush()
        await _schedule_timers(session, booking, now, policy)
    else:
        booking.status = BookingStatus.rejected
        booking.reason = (reason or "")[:MAX_REASON] or None
        await session.flush()
        await _time_freed(session, booking.room_id, now, policy)


async def expire_pending(session: AsyncSession, booking: Booking, now: datetime, policy: BookingPolicy) -> bool:
    """Nobody approved the booking in time: it lapses, and the time it held goes to the first in line."""
    if booking.status is not BookingStatus.pending:
        return False
    booking.status = BookingStatus.expired
    booking.sequence += 1
    await session.flush()
    await _time_freed(session, booking.room_id, now, policy)
    return True


async def check_in(session: AsyncSession, booking: Booking, now: datetime, policy: BookingPolicy) -> None:
    window = timedelta(minutes=policy.checkin_minutes)
    if booking.status is not BookingStatus.confirmed:
        raise DomainError("booking-err-not-active")
    if booking.checked_in_at is not None:
        return
    if now < booking.starts_at - window:
        raise DomainError("booking-err-checkin-early", opens=shown(booking.starts_at - window, policy.tz))
    if now > booking.starts_at + window:
        raise DomainError("booking-err-checkin-late")
    booking.checked_in_at = now
    await timers.cancel(session, RELEASE, booking.id)
    await session.flush()


@dataclass(frozen=True)
class Release:
    no_shows: int  # in the window, this one included
    suspension: Suspension | None


async def release_no_show(
    session: AsyncSession, booking: Booking, now: datetime, policy: BookingPolicy
) -> Release | None:
    """The check-in window closed without a check-in: release the room, count a no-show, maybe suspend."""
    if booking.status is not BookingStatus.confirmed or booking.checked_in_at is not None:
        return None
    booking.status = BookingStatus.no_show
    booking.sequence += 1
    await session.flush()
    await _time_freed(session, booking.room_id, now, policy)
    since = now - timedelta(days=policy.no_show_window_days)
    count = await session.scalar(
        select(func.count(Booking.id)).where(
            Booking.person_id == booking.person_id,
            Booking.status == BookingStatus.no_show,
            Booking.starts_at >= since,
        )
    )
    suspension = None
    if (count or 0) >= policy.no_show_limit and await suspended_until(session, booking.person_id, now) is None:
        suspension = Suspension(
            person_id=booking.person_id,
            starts_at=now,
            ends_at=now + timedelta(days=policy.suspension_days),
            no_shows=int(count or 0),
        )
        session.add(suspension)
        await session.flush()
    return Release(int(count or 0), suspension)


async def block_time(
    session: AsyncSession,
    room_id: int,
    staff: Person,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
    now: datetime,
    policy: BookingPolicy,
) -> tuple[Blackout, list[Booking]]:
    """Staff block a time: a blackout, and the bookings in it cancelled (returned, to tell their holders)."""
    if ends_at <= starts_at or ends_at <= now:
        raise DomainError("booking-err-past")
    room, _centre = await _lock_room(session, room_id)
    blackout = Blackout(
        room_id=room.id, starts_at=starts_at, ends_at=ends_at, reason=reason[:MAX_REASON], created_by_id=staff.id
    )
    session.add(blackout)
    clashing = await bookings_between(session, room.id, starts_at, ends_at)
    for booking in clashing:
        # What a cancelled booking held beyond the blocked time goes to the waitlist.
        await cancel_booking(session, booking, now, policy, reason=reason, by_staff=True)
    await session.flush()
    return blackout, clashing


async def bookings_between(
    session: AsyncSession, room_id: int, starts_at: datetime, ends_at: datetime
) -> list[Booking]:
    result = await session.scalars(
        select(Booking)
        .where(
            Booking.room_id == room_id,
            Booking.status.in_(HOLDING),
            Booking.starts_at < ends_at,
            Booking.ends_at > starts_at,
        )
        .order_by(Booking.starts_at)
    )
    return list(result.all())


# --- the waitlist ---------------------------------------------------------------------------------------


async def join_waitlist(
    session: AsyncSession,
    room_id: int,
    person: Person,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    attendees: int,
    now: datetime,
    policy: BookingPolicy,
) -> WaitlistEntry:
    """Wait for a taken time. The rules are checked now (they are checked again when it is claimed)."""
    purpose = _clean_purpose(purpose)
    room, centre = await _lock_room(session, room_id)
    await _check_rules(session, room, centre, person, starts_at, ends_at, attendees, now, policy)
    spans = await busy_times(session, room.id, starts_at, ends_at, now)
    if _is_free(spans, starts_at, ends_at):
        raise DomainError("booking-err-free-now")
    already = await session.scalar(
        select(WaitlistEntry.id).where(
            WaitlistEntry.room_id == room.id,
            WaitlistEntry.person_id == person.id,
            WaitlistEntry.status.in_((WaitStatus.waiting, WaitStatus.offered)),
            WaitlistEntry.starts_at < ends_at,
            WaitlistEntry.ends_at > starts_at,
        )
    )
    if already is not None:
        raise DomainError("booking-err-already-waiting")
    entry = WaitlistEntry(
        room_id=room.id,
        person_id=person.id,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        attendees=attendees,
        status=WaitStatus.waiting,
        created_at=now,
    )
    session.add(entry)
    await session.flush()
    return entry


async def waitlist_position(session: AsyncSession, entry: WaitlistEntry) -> int:
    ahead = await session.scalar(
        select(func.count(WaitlistEntry.id)).where(
            WaitlistEntry.room_id == entry.room_id,
            WaitlistEntry.status.in_((WaitStatus.waiting, WaitStatus.offered)),
            WaitlistEntry.starts_at < entry.ends_at,
            WaitlistEntry.ends_at > entry.starts_at,
            WaitlistEntry.id < entry.id,
        )
    )
    return int(ahead or 0) + 1


# Where the offers made in a transaction wait for the feature to tell the people they went to.
OFFERS_MADE = "booking.offers_made"


async def _time_freed(session: AsyncSession, room_id: int, now: datetime, policy: BookingPolicy) -> None:
    """Every operation that frees time in a room ends here, so no way of freeing it can stall the
    waitlist: the first in line for each now-free time gets a timed offer, noted on the session."""
    offered = await make_offers(session, room_id, now, policy)
    session.info.setdefault(OFFERS_MADE, []).extend(entry.id for entry in offered)


async def offers_made(session: AsyncSession, now: datetime) -> list[WaitlistEntry]:
    """The offers made since the last call and still open (a rolled-back savepoint may have undone some).
    The feature tells their holders once, before the transaction commits."""
    ids = session.info.pop(OFFERS_MADE, [])
    if not ids:
        return []
    rows = await session.scalars(
        select(WaitlistEntry)
        .where(
            WaitlistEntry.id.in_(ids),
            WaitlistEntry.status == WaitStatus.offered,
            WaitlistEntry.offer_expires_at > now,
        )
        .order_by(WaitlistEntry.id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def make_offers(session: AsyncSession, room_id: int, now: datetime, policy: BookingPolicy) -> list[WaitlistEntry]:
    """Something freed in this room: offer each now-free waited-for time to the first in line for it."""
    room, _centre = await _lock_room(session, room_id)
    waiting = (
        await session.scalars(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.room_id == room.id,
                WaitlistEntry.status == WaitStatus.waiting,
                WaitlistEntry.starts_at > now,
            )
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
    ).all()
    offered = []
    for entry in waiting:
        spans = await busy_times(session, room.id, entry.starts_at, entry.ends_at, now)
        if not _is_free(spans, entry.starts_at, entry.ends_at):
            continue  # still taken, or already offered to someone ahead
        expires = min(now + timedelta(minutes=policy.offer_minutes), entry.starts_at)
        entry.status = WaitStatus.offered
        entry.offer_expires_at = expires
        await session.flush()  # the next entry's check sees this offer holding the time
        await timers.schedule(session, OFFER, entry.id, expires)
        offered.append(entry)
    return offered


async def claim_offer(
    session: AsyncSession, entry: WaitlistEntry, person: Person, now: datetime, policy: BookingPolicy
) -> Booking:
    if entry.person_id != person.id:
        raise DomainError("booking-err-not-yours")
    if entry.status is not WaitStatus.offered or entry.offer_expires_at is None or entry.offer_expires_at <= now:
        raise DomainError("booking-err-offer-gone")
    booking = await book_room(
        session,
        entry.room_id,
        person,
        entry.starts_at,
        entry.ends_at,
        entry.purpose,
        entry.attendees,
        now,
        policy,
        except_entry=entry.id,
    )
    entry.status = WaitStatus.claimed
    entry.booking_id = booking.id
    await timers.cancel(session, OFFER, entry.id)
    await session.flush()
    return booking


async def end_offer(
    session: AsyncSession, entry: WaitlistEntry, now: datetime, policy: BookingPolicy, *, declined: bool
) -> bool:
    """An offer ran out or was declined: the time goes to the next in line."""
    if entry.status is not WaitStatus.offered:
        return False
    entry.status = WaitStatus.left if declined else WaitStatus.expired
    await timers.cancel(session, OFFER, entry.id)
    await session.flush()
    await _time_freed(session, entry.room_id, now, policy)
    return True


async def leave_waitlist(session: AsyncSession, entry: WaitlistEntry, now: datetime, policy: BookingPolicy) -> None:
    """Off the waitlist; an offer this person held goes to the next in line."""
    if entry.status not in (WaitStatus.waiting, WaitStatus.offered):
        raise DomainError("booking-err-offer-gone")
    held_offer = entry.status is WaitStatus.offered
    entry.status = WaitStatus.left
    await timers.cancel(session, OFFER, entry.id)
    await session.flush()
    if held_offer:
        await _time_freed(session, entry.room_id, now, policy)


# --- listings and statistics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    booking: Booking
    room: Room
    centre: Centre


async def bookings_of(
    session: AsyncSession, person_id: int, now: datetime, *, upcoming: bool, limit: int = 20
) -> list[Listed]:
    query = (
        select(Booking, Room, Centre)
        .join(Room, Room.id == Booking.room_id)
        .join(Centre)
        .where(Booking.person_id == person_id)
    )
    if upcoming:
        query = query.where(Booking.ends_at > now, Booking.status.in_(HOLDING)).order_by(Booking.starts_at)
    else:
        query = query.where((Booking.ends_at <= now) | Booking.status.not_in(HOLDING)).order_by(
            Booking.starts_at.desc()
        )
    rows = await session.execute(query.limit(limit))
    return [Listed(b, r, c) for b, r, c in rows]


async def waits_of(session: AsyncSession, person_id: int, now: datetime) -> list[tuple[WaitlistEntry, Room]]:
    rows = await session.execute(
        select(WaitlistEntry, Room)
        .join(Room, Room.id == WaitlistEntry.room_id)
        .where(
            WaitlistEntry.person_id == person_id,
            WaitlistEntry.status.in_((WaitStatus.waiting, WaitStatus.offered)),
            WaitlistEntry.starts_at > now,
        )
        .order_by(WaitlistEntry.starts_at)
    )
    return [(entry, room) for entry, room in rows]


async def pending_for(session: AsyncSession, staff: Person, now: datetime) -> list[Listed]:
    """Every pending booking this person may decide on, soonest first."""
    centres = {centre.id for centre in await managed_centres(session, staff)}
    if not centres:
        return []
    rows = await session.execute(
        select(Booking, Room, Centre)
        .join(Room, Room.id == Booking.room_id)
        .join(Centre)
        .where(Centre.id.in_(sorted(centres)), Booking.status == BookingStatus.pending, Booking.starts_at > now)
        .order_by(Booking.starts_at)
    )
    return [Listed(b, r, c) for b, r, c in rows]


@dataclass(frozen=True)
class ScheduleLine:
    starts_at: datetime
    ends_at: datetime
    room: Room
    booking: Booking | None  # None: a blackout
    holder: Person | None
    blackout: Blackout | None


async def centre_schedule(session: AsyncSession, centre_id: int, day: date, tz: ZoneInfo) -> list[ScheduleLine]:
    start, end = day_start(day, tz), day_start(day + timedelta(days=1), tz)
    lines: list[ScheduleLine] = []
    rows = await session.execute(
        select(Booking, Room, Person)
        .join(Room, Room.id == Booking.room_id)
        .join(Person, Person.id == Booking.person_id)
        .where(
            Room.centre_id == centre_id,
            Booking.status.in_((*HOLDING, BookingStatus.no_show)),
            Booking.starts_at < end,
            Booking.ends_at > start,
        )
    )
    lines += [ScheduleLine(b.starts_at, b.ends_at, r, b, p, None) for b, r, p in rows]
    rows2 = await session.execute(
        select(Blackout, Room)
        .join(Room, Room.id == Blackout.room_id)
        .where(Room.centre_id == centre_id, Blackout.starts_at < end, Blackout.ends_at > start)
    )
    lines += [ScheduleLine(max(b.starts_at, start), min(b.ends_at, end), r, None, None, b) for b, r in rows2]
    return sorted(lines, key=lambda line: (line.starts_at, line.room.sort_order, line.room.id))


@dataclass(frozen=True)
class RoomUsage:
    room: Room
    bookings: int  # confirmed or no-show, begun in the month
    hours: float  # booked hours that were used or held (confirmed)
    open_hours: float
    no_shows: int

    @property
    def utilisation(self) -> int:
        return round(100 * self.hours / self.open_hours) if self.open_hours else 0


def month_bounds(year: int, month: int, tz: ZoneInfo) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following


async def usage(session: AsyncSession, centre_id: int, year: int, month: int, tz: ZoneInfo) -> list[RoomUsage]:
    first, following = month_bounds(year, month, tz)
    start, end = day_start(first, tz), day_start(following, tz)
    result = []
    for room in await rooms_of(session, centre_id):
        rows = (
            await session.execute(
                select(Booking.status, Booking.starts_at, Booking.ends_at).where(
                    Booking.room_id == room.id,
                    Booking.status.in_((BookingStatus.confirmed, BookingStatus.no_show)),
                    Booking.starts_at >= start,
                    Booking.starts_at < end,
                )
            )
        ).all()
        hours = sum((b - a).total_seconds() / 3600 for status, a, b in rows if status is BookingStatus.confirmed)
        no_shows = sum(1 for status, _a, _b in rows if status is BookingStatus.no_show)
        open_minutes = 0
        day = first
        while day < following:
            opening = room.opening(day.weekday())
            if opening:
                open_minutes += opening[1] - opening[0]
            day += timedelta(days=1)
        result.append(RoomUsage(room, len(rows), round(hours, 1), open_minutes / 60, no_shows))
    return result


# --- demo -----------------------------------------------------------------------------------------------


def parse_hours(spec: dict[str, str]) -> list[Any]:
    """``{"mon-fri": "08:30-21:00", "sat": "09:00-17:00"}`` -> seven [open, close] minute pairs or None."""
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    hours: list[Any] = [None] * 7
    for days, span in spec.items():
        first, _, last = days.partition("-")
        indices = range(names.index(first), names.index(last or first) + 1)
        opens, _, closes = span.partition("-")
        pair = [_minutes(opens), _minutes(closes)]
        if pair[0] >= pair[1]:
            raise ValueError(f"opening hours {span!r} close before they open")
        for index in indices:
            hours[index] = pair
    return hours


def _minutes(clock: str) -> int:
    hour, _, minute = clock.strip().partition(":")
    return int(hour) * 60 + int(minute or 0)


async def add_centre(session: AsyncSession, community: Place, item: dict[str, Any], order: int) -> Centre:
    centre = Centre(
        community_id=community.id,
        code=item["code"],
        name_zh=item["name_zh"],
        name_en=item["name_en"],
        address_zh=item.get("address_zh", ""),
        address_en=item.get("address_en", ""),
        sort_order=order,
    )
    session.add(centre)
    await session.flush()
    return centre


async def add_room(
    session: AsyncSession, centre: Centre, item: dict[str, Any], order: int, manager: Person | None = None
) -> Room:
    room = Room(
        centre_id=centre.id,
        code=item["code"],
        name_zh=item["name_zh"],
        name_en=item["name_en"],
        capacity=int(item["capacity"]),
        equipment_zh=item.get("equipment_zh", ""),
        equipment_en=item.get("equipment_en", ""),
        hours=parse_hours(item["hours"]),
        slot_minutes=int(item.get("slot_minutes", 30)),
        min_minutes=int(item.get("min_minutes", 30)),
        max_minutes=int(item.get("max_minutes", 180)),
        horizon_days=int(item.get("horizon_days", 14)),
        notice_minutes=int(item.get("notice_minutes", 60)),
        open_to=OpenTo(item.get("open_to", "community")),
        needs_approval=bool(item.get("needs_approval", False)),
        weekly_quota_minutes=round(float(item.get("weekly_quota_hours", 0)) * 60),
        manager_id=manager.id if manager else None,
        sort_order=order,
    )
    if room.min_minutes % room.slot_minutes or room.max_minutes < room.min_minutes:
        raise ValueError(f"room {room.code}: durations must be whole slots, min ≤ max")
    session.add(room)
    await session.flush()
    return room
