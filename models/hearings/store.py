"""Hearings (听证): a subject heard in a held room on a set date, after a public notice period (公示) in
which the community's residents may each write one opinion; invited resident representatives confirm that
they will attend; staff publish the outcome afterwards.

What residents see is the hearing's public text (subject, description), its time and place, and counts.
What identifies an applicant (a 低保 application's name, phone, address) lives in ``applicant_details``,
which only the console's staff pages render. Every rule is checked here, not only in the menus: a stale or
forged button, or a console form posted twice, meets the same checks. Changes of state take the hearing's
row lock on PostgreSQL (SQLite's transactions already hold the write lock, see ``models.booking.store``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Enum, ForeignKey, Index, Select, String, Text, UniqueConstraint, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

import models.timers as timers
from models.base import Base, UTCDateTime, utcnow
from models.booking.store import (
    HOLDING,
    Booking,
    BookingPolicy,
    cancel_booking,
    get_booking,
    hold_room,
    room_with_centre,
)
from models.errors import DomainError, NotAllowed
from models.people import COMMUNITY_MANAGERS, Person, has_role
from models.places import Place, PlaceKind

MAX_SUBJECT = 100
MAX_DESCRIPTION = 2000
MAX_APPLICANT = 300
MAX_OPINION = 1000
MAX_OUTCOME = 2000
MAX_REPRESENTATIVES = 30
REMIND = "hearings.remind"  # the day before: invited representatives who have not declined
REMIND_BEFORE = timedelta(hours=24)


class HearingKind(enum.StrEnum):
    allowance = "allowance"  # 低保: a subsistence-allowance application
    repair = "repair"  # a building's shared repair and the use of its repair fund
    other = "other"


class HearingStatus(enum.StrEnum):
    draft = "draft"  # created, room held, not yet public
    noticed = "noticed"  # the notice is published: opinions until notice_ends_at, then the hearing
    decided = "decided"  # the outcome is published
    cancelled = "cancelled"


class InvitationStatus(enum.StrEnum):
    invited = "invited"
    confirmed = "confirmed"
    declined = "declined"


class Hearing(Base):
    __tablename__ = "hearings"
    __table_args__ = (Index("ix_hearings_community_starts", "community_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    kind: Mapped[HearingKind] = mapped_column(Enum(HearingKind, native_enum=False, length=16))
    status: Mapped[HearingStatus] = mapped_column(Enum(HearingStatus, native_enum=False, length=16))
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT))  # public
    description: Mapped[str] = mapped_column(Text, default="")  # public
    # Personal data of an applicant: staff only, never rendered to residents, never logged or audited.
    applicant_details: Mapped[str] = mapped_column(String(MAX_APPLICANT), default="")
    room_id: Mapped[int] = mapped_column(ForeignKey("booking_rooms.id"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    notice_ends_at: Mapped[datetime] = mapped_column(UTCDateTime())  # opinions are taken until then
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the notice period's start
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_public(self) -> bool:
        """Its notice was published (a hearing cancelled afterwards stays on the residents' list, as such)."""
        return self.published_at is not None

    def opinions_open(self, now: datetime) -> bool:
        return self.status is HearingStatus.noticed and now < self.notice_ends_at

    def invitations_open(self, now: datetime) -> bool:
        return self.status is HearingStatus.noticed and now < self.starts_at


class HearingInvitation(Base):
    __tablename__ = "hearing_invitations"
    __table_args__ = (UniqueConstraint("hearing_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[InvitationStatus] = mapped_column(Enum(InvitationStatus, native_enum=False, length=16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HearingOpinion(Base):
    __tablename__ = "hearing_opinions"
    __table_args__ = (UniqueConstraint("hearing_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# --- creating and publishing ------------------------------------------------------------------------


@dataclass(frozen=True)
class HearingPlan:
    """What staff fill in to call a hearing."""

    kind: HearingKind
    subject: str
    description: str
    room_id: int
    starts_at: datetime
    ends_at: datetime
    notice_ends_at: datetime
    representative_ids: Sequence[int] = ()
    applicant_details: str = ""


async def may_manage(session: AsyncSession, person_id: int, community: Place) -> bool:
    return await has_role(session, person_id, COMMUNITY_MANAGERS, community)


async def _representatives(session: AsyncSession, community: Place, ids: Iterable[int]) -> list[Person]:
    """The invited: registered residents of the community, each once."""
    wanted = sorted(set(ids))
    if len(wanted) > MAX_REPRESENTATIVES:
        raise DomainError("hearings-err-too-many", max=MAX_REPRESENTATIVES)
    if not wanted:
        return []
    found = list((await session.scalars(_residents(community.id).where(Person.id.in_(wanted)))).all())
    if len(found) != len(wanted):
        raise DomainError("hearings-err-representative")
    return found


def _residents(community_id: int) -> Select[Person]:
    return (
        select(Person)
        .where(Person.community_id == community_id, Person.consented_at.is_not(None), Person.forgotten_at.is_(None))
        .order_by(Person.id)
    )


def _cleaned(text: str, limit: int, *, required: bool) -> str | None:
    """The text without surrounding space, or None when it is missing (and required) or too long."""
    text = text.replace("\r\n", "\n").strip()
    return None if (required and not text) or len(text) > limit else text


async def create_hearing(
    session: AsyncSession, community: Place, staff: Person, plan: HearingPlan, now: datetime, policy: BookingPolicy
) -> Hearing:
    """A draft hearing with its room held in the staff member's name and its representatives invited."""
    if community.kind is not PlaceKind.community:
        raise ValueError("a hearing belongs to a community")
    if not await may_manage(session, staff.id, community):
        raise NotAllowed("hearings-err-not-allowed")
    subject = _cleaned(" ".join(plan.subject.split()), MAX_SUBJECT, required=True)
    if subject is None:
        raise DomainError("hearings-err-subject", max=MAX_SUBJECT)
    description = _cleaned(plan.description, MAX_DESCRIPTION, required=False)
    if description is None:
        raise DomainError("hearings-err-description", max=MAX_DESCRIPTION)
    applicant = _cleaned(plan.applicant_details, MAX_APPLICANT, required=False)
    if applicant is None:
        raise DomainError("hearings-err-applicant", max=MAX_APPLICANT)
    if plan.starts_at <= now:
        raise DomainError("hearings-err-past")
    if plan.ends_at <= plan.starts_at:
        raise DomainError("hearings-err-ends")
    if plan.notice_ends_at <= now:
        raise DomainError("hearings-err-notice-past")
    if plan.starts_at <= plan.notice_ends_at:
        raise DomainError("hearings-err-notice-after")
    found = await room_with_centre(session, plan.room_id)
    if found is None or found[1].community_id != community.id:
        raise DomainError("hearings-err-room")
    representatives = await _representatives(session, community, plan.representative_ids)
    purpose = f"听证会 {subject}"[:100]  # the room's calendar, read by the centre's staff
    try:
        booking = await hold_room(
            session, plan.room_id, staff, plan.starts_at, plan.ends_at, purpose, len(representatives) + 1, now, policy
        )
    except DomainError as refusal:
        if refusal.message_id == "booking-err-taken":  # said to staff, about a room, not to a resident in a queue
            raise DomainError("hearings-err-room-taken") from refusal
        raise
    hearing = Hearing(
        community_id=community.id,
        kind=plan.kind,
        status=HearingStatus.draft,
        subject=subject,
        description=description,
        applicant_details=applicant,
        room_id=plan.room_id,
        booking_id=booking.id,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        notice_ends_at=plan.notice_ends_at,
        created_by_id=staff.id,
        created_at=now,
    )
    session.add(hearing)
    await session.flush()
    session.add_all(
        HearingInvitation(hearing_id=hearing.id, person_id=person.id, status=InvitationStatus.invited)
        for person in representatives
    )
    await session.flush()
    return hearing


async def lock_hearing(session: AsyncSession, hearing_id: int) -> Hearing | None:
    """The hearing read fresh, under its row lock on PostgreSQL: two staff pressing at once take turns."""
    query = select(Hearing).where(Hearing.id == hearing_id).execution_options(populate_existing=True)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    return await session.scalar(query)


async def _locked(session: AsyncSession, hearing: Hearing) -> Hearing:
    fresh = await lock_hearing(session, hearing.id)
    assert fresh is not None
    return fresh


async def publish_notice(session: AsyncSession, hearing: Hearing, now: datetime) -> Hearing:
    """The notice (公示) starts now; the representatives' reminder is set for the day before."""
    hearing = await _locked(session, hearing)
    if hearing.status is not HearingStatus.draft:
        raise DomainError("hearings-err-not-draft")
    if hearing.notice_ends_at <= now:
        raise DomainError("hearings-err-notice-past")
    hearing.status = HearingStatus.noticed
    hearing.published_at = now
    remind_at = hearing.starts_at - REMIND_BEFORE
    if remind_at > now:
        await timers.schedule(session, REMIND, hearing.id, remind_at)
    await session.flush()
    return hearing


async def cancel_hearing(
    session: AsyncSession, hearing: Hearing, now: datetime, policy: BookingPolicy, reason: str = ""
) -> Hearing:
    """Call it off: the room is given back (its time goes to the room's waitlist), the reminder ends."""
    hearing = await _locked(session, hearing)
    if hearing.status in (HearingStatus.decided, HearingStatus.cancelled):
        raise DomainError("hearings-err-closed")
    hearing.status = HearingStatus.cancelled
    hearing.cancelled_at = now
    if hearing.booking_id is not None:
        booking = await get_booking(session, hearing.booking_id, lock=True)
        if booking is not None and booking.status in HOLDING and booking.ends_at > now:
            await cancel_booking(session, booking, now, policy, reason=reason or None, by_staff=True)
    await timers.cancel(session, REMIND, hearing.id)
    await session.flush()
    return hearing


# --- representatives and residents ----------------------------------------------------------------------


async def invitation_of(session: AsyncSession, hearing_id: int, person_id: int) -> HearingInvitation | None:
    return await session.scalar(
        select(HearingInvitation).where(
            HearingInvitation.hearing_id == hearing_id, HearingInvitation.person_id == person_id
        )
    )


async def answer_invitation(
    session: AsyncSession, hearing: Hearing, person_id: int, accept: bool, now: datetime
) -> bool:
    """Confirm or decline attendance (either may be changed until the hearing begins). True if it changed."""
    invitation = await invitation_of(session, hearing.id, person_id)
    if invitation is None:
        raise DomainError("hearings-err-not-invited")
    if not hearing.invitations_open(now):
        raise DomainError("hearings-err-invitation-closed")
    status = InvitationStatus.confirmed if accept else InvitationStatus.declined
    changed = invitation.status is not status
    invitation.status = status
    invitation.answered_at = now
    await session.flush()
    return changed


def may_see(hearing: Hearing, person: Person) -> bool:
    """A resident sees the public hearings of their own community."""
    return hearing.is_public and person.is_registered and person.community_id == hearing.community_id


async def opinion_of(session: AsyncSession, hearing_id: int, person_id: int) -> HearingOpinion | None:
    return await session.scalar(
        select(HearingOpinion).where(HearingOpinion.hearing_id == hearing_id, HearingOpinion.person_id == person_id)
    )


async def submit_opinion(session: AsyncSession, hearing: Hearing, person: Person, text: str, now: datetime) -> bool:
    """One opinion per person and hearing, editable until the notice period ends. True if it is new."""
    if not may_see(hearing, person):
        raise DomainError("hearings-err-not-yours")
    if not hearing.opinions_open(now):
        raise DomainError("hearings-err-opinions-closed")
    cleaned = _cleaned(text, MAX_OPINION, required=True)
    if cleaned is None:
        raise DomainError("hearings-err-opinion-length", max=MAX_OPINION)
    text = cleaned
    existing = await opinion_of(session, hearing.id, person.id)
    if existing is None:
        try:
            async with session.begin_nested():
                opinion = HearingOpinion(hearing_id=hearing.id, person_id=person.id, text=text)
                opinion.created_at = opinion.updated_at = now
                session.add(opinion)
                await session.flush()
            return True
        except IntegrityError:  # a second submission that raced the first: it becomes the edit
            existing = await opinion_of(session, hearing.id, person.id)
            assert existing is not None
    existing.text = text
    existing.updated_at = now
    await session.flush()
    return False


async def publish_outcome(
    session: AsyncSession, hearing: Hearing, staff: Person, text: str, now: datetime
) -> tuple[Hearing, list[Person]]:
    """The outcome, once the hearing has been held; returns the hearing and who is to be told (everyone who
    wrote an opinion and every invited representative)."""
    hearing = await _locked(session, hearing)
    if hearing.status is not HearingStatus.noticed:
        raise DomainError("hearings-err-outcome-state")
    if hearing.starts_at > now:
        raise DomainError("hearings-err-not-held-yet")
    outcome = _cleaned(text, MAX_OUTCOME, required=True)
    if outcome is None:
        raise DomainError("hearings-err-outcome-length", max=MAX_OUTCOME)
    hearing.outcome = outcome
    hearing.outcome_at = now
    hearing.outcome_by_id = staff.id
    hearing.status = HearingStatus.decided
    await timers.cancel(session, REMIND, hearing.id)
    await session.flush()
    return hearing, await concerned(session, hearing.id)


async def concerned(session: AsyncSession, hearing_id: int) -> list[Person]:
    """Whoever wrote an opinion or was invited: told of the outcome or of a cancellation."""
    wrote = select(HearingOpinion.person_id).where(HearingOpinion.hearing_id == hearing_id)
    invited = select(HearingInvitation.person_id).where(HearingInvitation.hearing_id == hearing_id)
    result = await session.scalars(
        select(Person)
        .where(or_(Person.id.in_(wrote), Person.id.in_(invited)), Person.forgotten_at.is_(None))
        .order_by(Person.id)
    )
    return list(result.all())


# --- reading --------------------------------------------------------------------------------------------


async def residents_of(session: AsyncSession, community_id: int) -> Sequence[Person]:
    """Registered residents of a community: whom a notice is for, and whom staff may invite."""
    return (await session.scalars(_residents(community_id))).all()


async def public_hearings(session: AsyncSession, community_id: int, limit: int = 10) -> Sequence[Hearing]:
    result = await session.scalars(
        select(Hearing)
        .where(Hearing.community_id == community_id, Hearing.published_at.is_not(None))
        .order_by(Hearing.starts_at.desc(), Hearing.id.desc())
        .limit(limit)
    )
    return result.all()


async def has_current_hearing(session: AsyncSession, community_id: int, now: datetime) -> bool:
    """A hearing in its notice period or still to come (one indexed query: the main menu asks it)."""
    found = await session.scalar(
        select(Hearing.id)
        .where(Hearing.community_id == community_id, Hearing.status == HearingStatus.noticed, Hearing.ends_at > now)
        .limit(1)
    )
    return found is not None


async def hearings_of(session: AsyncSession, community_ids: Sequence[int], limit: int = 50) -> Sequence[Hearing]:
    """Every hearing of these communities, newest first (staff)."""
    if not community_ids:
        return []
    result = await session.scalars(
        select(Hearing)
        .where(Hearing.community_id.in_(community_ids))
        .order_by(Hearing.starts_at.desc(), Hearing.id.desc())
        .limit(limit)
    )
    return result.all()


async def opinion_count(session: AsyncSession, hearing_id: int) -> int:
    query = select(func.count()).select_from(HearingOpinion).where(HearingOpinion.hearing_id == hearing_id)
    return int(await session.scalar(query) or 0)


async def opinion_counts(session: AsyncSession, hearing_ids: Sequence[int]) -> dict[int, int]:
    if not hearing_ids:
        return {}
    rows = await session.execute(
        select(HearingOpinion.hearing_id, func.count())
        .where(HearingOpinion.hearing_id.in_(hearing_ids))
        .group_by(HearingOpinion.hearing_id)
    )
    return {hearing_id: int(count) for hearing_id, count in rows}


@dataclass(frozen=True)
class Attendance:
    invited: int = 0
    confirmed: int = 0
    declined: int = 0


async def attendance(session: AsyncSession, hearing_ids: Sequence[int]) -> dict[int, Attendance]:
    """Per hearing: how many were invited, confirmed, declined."""
    if not hearing_ids:
        return {}
    rows = await session.execute(
        select(HearingInvitation.hearing_id, HearingInvitation.status, func.count())
        .where(HearingInvitation.hearing_id.in_(hearing_ids))
        .group_by(HearingInvitation.hearing_id, HearingInvitation.status)
    )
    counts: dict[int, dict[InvitationStatus, int]] = {}
    for hearing_id, status, count in rows:
        counts.setdefault(hearing_id, {})[InvitationStatus(status)] = int(count)
    return {
        hearing_id: Attendance(
            invited=sum(by_status.values()),
            confirmed=by_status.get(InvitationStatus.confirmed, 0),
            declined=by_status.get(InvitationStatus.declined, 0),
        )
        for hearing_id, by_status in counts.items()
    }


async def invitations(session: AsyncSession, hearing_id: int) -> list[tuple[HearingInvitation, Person]]:
    rows = await session.execute(
        select(HearingInvitation, Person)
        .join(Person, Person.id == HearingInvitation.person_id)
        .where(HearingInvitation.hearing_id == hearing_id)
        .order_by(HearingInvitation.id)
    )
    return [(invitation, person) for invitation, person in rows]


async def opinions(session: AsyncSession, hearing_id: int) -> list[tuple[HearingOpinion, Person]]:
    """Opinions with their authors: for staff only."""
    rows = await session.execute(
        select(HearingOpinion, Person)
        .join(Person, Person.id == HearingOpinion.person_id)
        .where(HearingOpinion.hearing_id == hearing_id)
        .order_by(HearingOpinion.created_at, HearingOpinion.id)
    )
    return [(opinion, person) for opinion, person in rows]


async def held_booking(session: AsyncSession, hearing: Hearing) -> Booking | None:
    return await session.get(Booking, hearing.booking_id) if hearing.booking_id is not None else None
