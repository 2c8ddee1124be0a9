"""居民说事 (residents' talk): matters residents raise for their community, supports, staff's public answers,
and the 说事 meetings where matters on the agenda are decided.

The invariants live here, each held by the database rather than by the caller's care:
- a person supports a matter once (the support's primary key; the matter's count grows only when the
  support row was really inserted, in the same statement's transaction);
- a matter crosses its community's support threshold once: the move to the agenda is one conditional
  UPDATE (``status = 'open' AND supports >= threshold``), so of any number of concurrent supports exactly
  one sees a row changed and tells the supporters;
- a meeting holds its room through the booking store (``hold_room``), so nobody else books it meanwhile;
- what a meeting decided about a matter (its minutes) is written once the meeting has begun, and only for
  the matters on its agenda.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Index, String, Text, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert, utcnow
from models.booking.store import Booking, BookingPolicy, BookingStatus, cancel_booking, get_booking, hold_room
from models.errors import DomainError
from models.people import Person

MAX_TITLE = 40
MAX_BODY = 500
MAX_ANSWER = 500
MAX_MINUTES = 2000
MAX_MEETING_TITLE = 60
MIN_TITLE = 4
SIMILAR_AT = 0.3  # share of the title's character pairs another open matter's title has too


class MatterStatus(enum.StrEnum):
    open = "open"  # waiting for staff, open to supports
    agenda = "agenda"  # on the agenda of the next 说事 meeting (by staff, or by reaching the threshold)
    accepted = "accepted"  # staff took it on, and said what will be done
    declined = "declined"  # staff said no, and why
    decided = "decided"  # a meeting decided on it (its minutes say what)


SUPPORTABLE = (MatterStatus.open, MatterStatus.agenda)
ANSWERABLE = (MatterStatus.open, MatterStatus.agenda)
ANSWERED = (MatterStatus.accepted, MatterStatus.declined, MatterStatus.decided)


class MeetingStatus(enum.StrEnum):
    scheduled = "scheduled"
    held = "held"  # minutes published
    cancelled = "cancelled"


class Matter(Base):
    __tablename__ = "talk_matters"
    __table_args__ = (Index("ix_talk_matters_community_status", "community_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    body: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[int | None] = mapped_column()  # a models.media file
    status: Mapped[MatterStatus] = mapped_column(
        Enum(MatterStatus, native_enum=False, length=16), default=MatterStatus.open
    )
    supports: Mapped[int] = mapped_column(default=0)  # the author's own counts: they support what they raise
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)  # staff's public answer: what will be done, or why not
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    grid_case_id: Mapped[int | None] = mapped_column(ForeignKey("grid_cases.id", ondelete="SET NULL"))
    hotline_request_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_requests.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("talk_meetings.id", ondelete="SET NULL"), index=True)
    agenda_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    by_threshold: Mapped[bool] = mapped_column(Boolean, default=False)  # went on the agenda by its supports
    outcome: Mapped[str | None] = mapped_column(Text)  # what the meeting decided
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def number(self) -> str:
        return f"S{self.id:05d}"


class Support(Base):
    __tablename__ = "talk_supports"

    matter_id: Mapped[int] = mapped_column(ForeignKey("talk_matters.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Meeting(Base):
    __tablename__ = "talk_meetings"
    __table_args__ = (Index("ix_talk_meetings_community_start", "community_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    title: Mapped[str] = mapped_column(String(MAX_MEETING_TITLE))
    room_id: Mapped[int] = mapped_column(ForeignKey("booking_rooms.id"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[MeetingStatus] = mapped_column(
        Enum(MeetingStatus, native_enum=False, length=16), default=MeetingStatus.scheduled
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    notice_id: Mapped[int | None] = mapped_column()  # the invitation, a notices.Notice
    minutes: Mapped[str | None] = mapped_column(Text)  # the meeting's summary, published with the outcomes
    minutes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_upcoming(self) -> bool:
        return self.status is MeetingStatus.scheduled


class SignUp(Base):
    __tablename__ = "talk_signups"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("talk_meetings.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# --- raising a matter --------------------------------------------------------------------------------------


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if len(title) < MIN_TITLE or len(title) > MAX_TITLE:
        raise DomainError("talk-err-title", least=MIN_TITLE, most=MAX_TITLE)
    return title


def clean_body(text: str) -> str:
    body = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    if len(body) > MAX_BODY:
        raise DomainError("talk-err-body", most=MAX_BODY)
    return body


async def raise_matter(
    session: AsyncSession, person: Person, title: str, body: str, photo_id: int | None, now: datetime
) -> Matter:
    """A registered resident's matter for their own community, supported by its author."""
    if person.community_id is None:
        raise DomainError("talk-err-not-resident")
    matter = Matter(
        community_id=person.community_id,
        author_id=person.id,
        title=clean_title(title),
        body=clean_body(body),
        photo_id=photo_id,
        status=MatterStatus.open,
        supports=1,
        created_at=now,
    )
    session.add(matter)
    await session.flush()
    session.add(Support(matter_id=matter.id, person_id=person.id, created_at=now))
    await session.flush()
    return matter


def _pairs(text: str) -> set[str]:
    """Character pairs of the text's letters and digits: Chinese has no spaces, and two characters
    (停车, 电梯, 路灯) are what a word mostly is; English words split into pairs just as well."""
    letters = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())
    return {letters[i : i + 2] for i in range(len(letters) - 1)} or ({letters} if letters else set())


def similarity(a: str, b: str) -> float:
    pairs_a, pairs_b = _pairs(a), _pairs(b)
    if not pairs_a or not pairs_b:
        return 0.0
    return len(pairs_a & pairs_b) / min(len(pairs_a), len(pairs_b))


async def similar_open(session: AsyncSession, community_id: int, title: str, limit: int = 3) -> list[Matter]:
    """Open matters of the community whose titles share enough of this one, the most alike first."""
    candidates = await session.scalars(
        select(Matter)
        .where(Matter.community_id == community_id, Matter.status.in_(SUPPORTABLE))
        .order_by(Matter.id.desc())
        .limit(300)
    )
    scored = [(similarity(title, f"{m.title} {m.body[:60]}"), m) for m in candidates]
    alike = [(score, m) for score, m in scored if score >= SIMILAR_AT]
    alike.sort(key=lambda pair: (-pair[0], -pair[1].supports))
    return [m for _score, m in alike[:limit]]


# --- supports ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Supported:
    added: bool  # False: this person had supported it already
    supports: int
    crossed: bool  # this support put the matter on the agenda (exactly one support ever does)


async def support(session: AsyncSession, matter: Matter, person: Person, threshold: int, now: datetime) -> Supported:
    if person.community_id != matter.community_id:
        raise DomainError("talk-err-other-community")
    if matter.status not in SUPPORTABLE:
        raise DomainError("talk-err-closed")
    inserted = await session.execute(
        upsert_insert(session, Support)
        .values(matter_id=matter.id, person_id=person.id, created_at=now)
        .on_conflict_do_nothing()
    )
    added = bool(inserted.rowcount)  # type: ignore[attr-defined]
    if added:
        count = await session.scalar(
            update(Matter).where(Matter.id == matter.id).values(supports=Matter.supports + 1).returning(Matter.supports)
        )
    else:
        count = await session.scalar(select(Matter.supports).where(Matter.id == matter.id))
    crossed = False
    if added and threshold > 0 and (count or 0) >= threshold:
        crossed = await _to_agenda(session, matter.id, now, by_threshold=True)
    await session.refresh(matter)
    return Supported(added, int(count or 0), crossed)


async def _to_agenda(session: AsyncSession, matter_id: int, now: datetime, *, by_threshold: bool) -> bool:
    """Onto the agenda of the community's next scheduled meeting (or of the next one scheduled), once."""
    community_id = select(Matter.community_id).where(Matter.id == matter_id).scalar_subquery()
    next_meeting = (
        select(Meeting.id)
        .where(
            Meeting.community_id == community_id,
            Meeting.status == MeetingStatus.scheduled,
            Meeting.starts_at > now,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
        .scalar_subquery()
    )
    moved = await session.execute(
        update(Matter)
        .where(Matter.id == matter_id, Matter.status == MatterStatus.open)
        .values(status=MatterStatus.agenda, agenda_at=now, by_threshold=by_threshold, meeting_id=next_meeting)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount)  # type: ignore[attr-defined]


async def supporter_ids(session: AsyncSession, matter_id: int) -> list[int]:
    rows = await session.scalars(
        select(Support.person_id).where(Support.matter_id == matter_id).order_by(Support.created_at)
    )
    return list(rows)


async def has_supported(session: AsyncSession, matter_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(Support.person_id).where(Support.matter_id == matter_id, Support.person_id == person_id)
    )
    return found is not None


# --- staff's answer ---------------------------------------------------------------------------------------


class Decision(enum.StrEnum):
    accept = "accept"
    agenda = "agenda"
    decline = "decline"


async def answer_matter(
    session: AsyncSession,
    matter: Matter,
    staff: Person,
    decision: Decision,
    text: str,
    now: datetime,
    *,
    grid_case_id: int | None = None,
    hotline_request_id: int | None = None,
) -> None:
    """Staff's public answer. Accepting says what will be done (and may name the grid case or hotline
    request doing it); declining says why; the agenda needs no text."""
    answer = " ".join(text.split()) if decision is not Decision.agenda else text.strip()
    if len(answer) > MAX_ANSWER:
        raise DomainError("talk-err-answer-long", most=MAX_ANSWER)
    if decision is not Decision.agenda and not answer:
        raise DomainError("talk-err-answer-needed")
    fresh = await session.scalar(
        select(Matter).where(Matter.id == matter.id).execution_options(populate_existing=True).with_for_update()
    )
    if fresh is None or fresh.status not in ANSWERABLE:
        raise DomainError("talk-err-answered")
    if decision is Decision.agenda:
        if fresh.status is MatterStatus.agenda:
            raise DomainError("talk-err-answered")
        await _to_agenda(session, matter.id, now, by_threshold=False)
        await session.refresh(matter)
        matter.answer = answer or None
    else:
        matter.status = MatterStatus.accepted if decision is Decision.accept else MatterStatus.declined
        matter.answer = answer
        matter.meeting_id = None
        matter.grid_case_id = grid_case_id
        matter.hotline_request_id = hotline_request_id
    matter.answered_at = now
    matter.answered_by_id = staff.id
    await session.flush()


# --- lists -------------------------------------------------------------------------------------------------


class Order(enum.StrEnum):
    newest = "new"
    supported = "top"


async def matters_of(
    session: AsyncSession,
    community_id: int,
    order: Order,
    *,
    statuses: Sequence[MatterStatus] = SUPPORTABLE,
    offset: int = 0,
    limit: int = 5,
) -> tuple[list[Matter], int]:
    """A page of the community's matters, and how many there are in all."""
    where = (Matter.community_id == community_id, Matter.status.in_(statuses))
    total = await session.scalar(select(func.count()).select_from(Matter).where(*where))
    by = (Matter.supports.desc(), Matter.id.desc()) if order is Order.supported else (Matter.id.desc(),)
    rows = await session.scalars(select(Matter).where(*where).order_by(*by).offset(offset).limit(limit))
    return list(rows), int(total or 0)


async def matters_by(session: AsyncSession, person_id: int, limit: int = 10) -> list[Matter]:
    rows = await session.scalars(
        select(Matter).where(Matter.author_id == person_id).order_by(Matter.id.desc()).limit(limit)
    )
    return list(rows)


async def agenda_of(session: AsyncSession, meeting_id: int) -> list[Matter]:
    rows = await session.scalars(
        select(Matter).where(Matter.meeting_id == meeting_id).order_by(Matter.supports.desc(), Matter.id)
    )
    return list(rows)


async def waiting_for_a_meeting(session: AsyncSession, community_id: int) -> list[Matter]:
    rows = await session.scalars(
        select(Matter)
        .where(
            Matter.community_id == community_id,
            Matter.status == MatterStatus.agenda,
            Matter.meeting_id.is_(None),
        )
        .order_by(Matter.supports.desc(), Matter.id)
    )
    return list(rows)


# --- meetings ----------------------------------------------------------------------------------------------


async def schedule_meeting(
    session: AsyncSession,
    staff: Person,
    community_id: int,
    room_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    policy: BookingPolicy,
) -> Meeting:
    """A 说事 meeting in a centre room, really held in the booking store; the matters waiting for a
    meeting go on its agenda."""
    title = " ".join(title.split())
    if not title or len(title) > MAX_MEETING_TITLE:
        raise DomainError("talk-err-meeting-title", most=MAX_MEETING_TITLE)
    booking = await hold_room(session, room_id, staff, starts_at, ends_at, title, 30, now, policy)
    meeting = Meeting(
        community_id=community_id,
        title=title,
        room_id=room_id,
        booking_id=booking.id,
        starts_at=starts_at,
        ends_at=ends_at,
        status=MeetingStatus.scheduled,
        created_by_id=staff.id,
        created_at=now,
    )
    session.add(meeting)
    await session.flush()
    await session.execute(
        update(Matter)
        .where(
            Matter.community_id == community_id,
            Matter.status == MatterStatus.agenda,
            Matter.meeting_id.is_(None),
        )
        .values(meeting_id=meeting.id)
        .execution_options(synchronize_session=False)
    )
    return meeting


async def upcoming_meetings(session: AsyncSession, community_id: int, now: datetime) -> list[Meeting]:
    rows = await session.scalars(
        select(Meeting)
        .where(
            Meeting.community_id == community_id,
            Meeting.status == MeetingStatus.scheduled,
            Meeting.ends_at > now,
        )
        .order_by(Meeting.starts_at)
    )
    return list(rows)


async def past_meetings(session: AsyncSession, community_id: int, limit: int = 5) -> list[Meeting]:
    rows = await session.scalars(
        select(Meeting)
        .where(Meeting.community_id == community_id, Meeting.status == MeetingStatus.held)
        .order_by(Meeting.starts_at.desc())
        .limit(limit)
    )
    return list(rows)


async def sign_up(session: AsyncSession, meeting: Meeting, person: Person, now: datetime) -> bool:
    """Sign up for a meeting (False: already signed up)."""
    if person.community_id != meeting.community_id:
        raise DomainError("talk-err-other-community")
    if meeting.status is not MeetingStatus.scheduled or meeting.starts_at <= now:
        raise DomainError("talk-err-meeting-closed")
    inserted = await session.execute(
        upsert_insert(session, SignUp)
        .values(meeting_id=meeting.id, person_id=person.id, created_at=now)
        .on_conflict_do_nothing()
    )
    return bool(inserted.rowcount)  # type: ignore[attr-defined]


async def withdraw(session: AsyncSession, meeting: Meeting, person: Person, now: datetime) -> bool:
    if meeting.status is not MeetingStatus.scheduled or meeting.starts_at <= now:
        raise DomainError("talk-err-meeting-closed")
    gone = await session.execute(delete(SignUp).where(SignUp.meeting_id == meeting.id, SignUp.person_id == person.id))
    return bool(gone.rowcount)  # type: ignore[attr-defined]


async def signed_up(session: AsyncSession, meeting_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(SignUp.person_id).where(SignUp.meeting_id == meeting_id, SignUp.person_id == person_id)
    )
    return found is not None


async def signup_ids(session: AsyncSession, meeting_id: int) -> list[int]:
    return list(await session.scalars(select(SignUp.person_id).where(SignUp.meeting_id == meeting_id)))


async def signup_counts(session: AsyncSession, meeting_ids: Sequence[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    rows = await session.execute(
        select(SignUp.meeting_id, func.count()).where(SignUp.meeting_id.in_(meeting_ids)).group_by(SignUp.meeting_id)
    )
    return {meeting_id: int(count) for meeting_id, count in rows}


async def lock_meeting(session: AsyncSession, meeting_id: int) -> Meeting | None:
    return await session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).execution_options(populate_existing=True).with_for_update()
    )


async def publish_minutes(
    session: AsyncSession,
    meeting: Meeting,
    staff: Person,
    summary: str,
    outcomes: dict[int, str],
    now: datetime,
) -> list[Matter]:
    """The meeting's minutes: a summary and, for each matter on its agenda, what was decided. Every matter on
    the agenda needs its outcome; the matters decided are returned, to tell their supporters."""
    fresh = await lock_meeting(session, meeting.id)
    if fresh is None or fresh.status is not MeetingStatus.scheduled:
        raise DomainError("talk-err-minutes-done")
    if fresh.starts_at > now:
        raise DomainError("talk-err-minutes-early")
    summary = summary.strip()
    if not summary or len(summary) > MAX_MINUTES:
        raise DomainError("talk-err-minutes", most=MAX_MINUTES)
    agenda = await agenda_of(session, meeting.id)
    decided = []
    for matter in agenda:
        outcome = " ".join(outcomes.get(matter.id, "").split())
        if not outcome or len(outcome) > MAX_ANSWER:
            raise DomainError("talk-err-outcome", number=matter.number, most=MAX_ANSWER)
        matter.outcome = outcome
        matter.outcome_at = now
        matter.status = MatterStatus.decided
        decided.append(matter)
    meeting.minutes = summary
    meeting.minutes_at = now
    meeting.status = MeetingStatus.held
    await session.flush()
    return decided


async def cancel_meeting(
    session: AsyncSession, meeting: Meeting, now: datetime, policy: BookingPolicy, reason: str
) -> list[int]:
    """Cancel an upcoming meeting: its room is given back, its agenda waits for the next meeting. Returns
    who had signed up, to tell them."""
    fresh = await lock_meeting(session, meeting.id)
    if fresh is None or fresh.status is not MeetingStatus.scheduled:
        raise DomainError("talk-err-meeting-closed")
    if meeting.booking_id is not None:
        booking = await get_booking(session, meeting.booking_id, lock=True)
        if booking is not None and booking.status is BookingStatus.confirmed and booking.ends_at > now:
            await cancel_booking(session, booking, now, policy, reason=reason, by_staff=True)
    meeting.status = MeetingStatus.cancelled
    meeting.cancelled_at = now
    await session.execute(
        update(Matter)
        .where(Matter.meeting_id == meeting.id, Matter.status == MatterStatus.agenda)
        .values(meeting_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
    return await signup_ids(session, meeting.id)


async def meeting_booking(session: AsyncSession, meeting: Meeting) -> Booking | None:
    return await session.get(Booking, meeting.booking_id) if meeting.booking_id is not None else None
