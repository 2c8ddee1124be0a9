"""Volunteers: who they are and can do, tasks dispatched to them in waves, visits to the elderly, hours.

The rules live here; the handlers only talk. Three things matter most:

- Accepting is one guarded UPDATE of the task's ``places_taken`` counter (``... WHERE places_taken <
  places_needed``), so however many volunteers press "accept" at once, no more than the places are taken
  (PostgreSQL re-checks the condition on the row it waited for; SQLite has one writer at a time).
- Every offer row stays: a decline or an unanswered offer means that volunteer is never offered that task
  again, and the coordinator can be told exactly who declined and who never answered.
- The schedule (answer windows, reminders, the end of a task, the next visit of a pairing) is kept as
  timers next to the rows they belong to, so dispatch carries on after a restart.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

import models.timers as timers
from models.base import Base, UTCDateTime, utcnow
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS, Person, Role, RoleGrant, grant_role
from models.places import Place, PlaceKind

# The Hunan article's "eight roles" (八大员), then the Jizhou article's services (结对三送 and more).
ROLE_SKILLS = ("property", "mediation", "customs", "facilities", "policy", "civility", "pets", "sanitation")
SERVICE_SKILLS = ("companion", "meals", "housework", "health", "tutoring", "patrol")
SKILLS = ROLE_SKILLS + SERVICE_SKILLS
ANY_SKILL = "any"
VISIT_SKILL = "companion"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Local hours each slot of the weekly availability covers, [start, end).
SLOTS = {"am": (8, 12), "pm": (12, 18), "eve": (18, 21)}
MAX_PLACES = 30
MAX_TITLE = 60
MAX_TEXT = 300


class VolunteerStatus(enum.StrEnum):
    pending = "pending"
    active = "active"
    paused = "paused"
    rejected = "rejected"


class TaskKind(enum.StrEnum):
    task = "task"
    visit = "visit"  # a visit to an elderly resident: wellbeing score and a note for the next volunteer


class TaskStatus(enum.StrEnum):
    open = "open"  # places left, offers going out
    filled = "filled"
    escalated = "escalated"  # the waves are spent; the coordinator has been told
    done = "done"
    missed = "missed"  # a visit nobody reported doing
    cancelled = "cancelled"


class OfferStatus(enum.StrEnum):
    offered = "offered"
    assigned = "assigned"  # put forward by the coordinator directly; waits for the volunteer to confirm
    accepted = "accepted"
    declined = "declined"
    expired = "expired"  # never answered within the window
    withdrawn = "withdrawn"  # accepted, then "can't make it"
    done = "done"
    cancelled = "cancelled"  # the task was cancelled


TAKING = (OfferStatus.accepted, OfferStatus.done)  # offers that hold a place
WAITING = (OfferStatus.offered, OfferStatus.assigned)
OPEN_TASKS = (TaskStatus.open, TaskStatus.filled, TaskStatus.escalated)

# timer kinds
T_DISPATCH = "volunteers.dispatch"
T_WINDOW = "volunteers.window"
T_REMINDER = "volunteers.reminder"
T_END = "volunteers.end"
T_PAIRING = "volunteers.pairing"


class VolunteerProfile(Base):
    __tablename__ = "volunteer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    status: Mapped[VolunteerStatus] = mapped_column(Enum(VolunteerStatus, native_enum=False, length=16))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    areas: Mapped[list[int]] = mapped_column(JSON, default=list)  # place ids: community, grids, buildings
    days: Mapped[list[str]] = mapped_column(JSON, default=list)
    slots: Mapped[list[str]] = mapped_column(JSON, default=list)
    share_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    in_ranking: Mapped[bool] = mapped_column(Boolean, default=False)  # may appear in resident-facing rankings
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class VolunteerPairing(Base):
    """结对: one or more volunteers who visit one elderly resident every ``every_days`` days."""

    __tablename__ = "volunteer_pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    volunteer_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # VolunteerProfile ids
    every_days: Mapped[int] = mapped_column(default=7)
    next_visit_at: Mapped[datetime] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class VolunteerTask(Base):
    __tablename__ = "volunteer_tasks"
    __table_args__ = (Index("ix_volunteer_tasks_community_starts", "community_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    kind: Mapped[TaskKind] = mapped_column(Enum(TaskKind, native_enum=False, length=16))
    title: Mapped[str] = mapped_column(String(100))
    skill: Mapped[str] = mapped_column(String(16))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))  # None: anywhere in the community
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    places_needed: Mapped[int] = mapped_column()
    places_taken: Mapped[int] = mapped_column(default=0)
    estimated_minutes: Mapped[int] = mapped_column()
    status: Mapped[TaskStatus] = mapped_column(Enum(TaskStatus, native_enum=False, length=16))
    wave: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # whom a visit is for
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer_pairings.id"))
    source: Mapped[str] = mapped_column(String(32), default="staff")  # which feature made it

    @property
    def places_left(self) -> int:
        return max(self.places_needed - self.places_taken, 0)


class VolunteerOffer(Base):
    """One volunteer and one task: offered, answered, done, hours reported and verified."""

    __tablename__ = "volunteer_offers"
    __table_args__ = (UniqueConstraint("task_id", "profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("volunteer_tasks.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("volunteer_profiles.id", ondelete="CASCADE"), index=True)
    wave: Mapped[int] = mapped_column(default=1)  # 0: assigned directly by the coordinator
    status: Mapped[OfferStatus] = mapped_column(Enum(OfferStatus, native_enum=False, length=16))
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    on_way_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None] = mapped_column()  # reported by the volunteer
    outcome: Mapped[str | None] = mapped_column(String(300))
    wellbeing: Mapped[int | None] = mapped_column()  # visits: 1 (worrying) … 5 (very well)
    note: Mapped[str | None] = mapped_column(String(300))  # visits: for the next volunteer
    verified_minutes: Mapped[int | None] = mapped_column()
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def credited_minutes(self) -> int:
        """What counts: the verified figure once staff have looked, else what was reported."""
        if self.verified_minutes is not None:
            return self.verified_minutes
        return self.minutes or 0


# --- profiles -------------------------------------------------------------------------------------


async def profile_of(session: AsyncSession, person_id: int) -> VolunteerProfile | None:
    return await session.scalar(select(VolunteerProfile).where(VolunteerProfile.person_id == person_id))


def _clean_profile(skills: Iterable[str], days: Iterable[str], slots: Iterable[str]) -> None:
    if not [s for s in skills if s in SKILLS]:
        raise DomainError("volunteers-need-skill")
    if not [d for d in days if d in DAYS] or not [s for s in slots if s in SLOTS]:
        raise DomainError("volunteers-need-time")


async def submit_profile(
    session: AsyncSession,
    person: Person,
    *,
    skills: Sequence[str],
    areas: Sequence[int],
    days: Sequence[str],
    slots: Sequence[str],
    share_phone: bool,
    in_ranking: bool,
) -> VolunteerProfile:
    """Register (or re-apply after a rejection): the profile waits for community staff."""
    if person.community_id is None:
        raise DomainError("need-registration")
    _clean_profile(skills, days, slots)
    profile = await profile_of(session, person.id)
    if profile is not None and profile.status is not VolunteerStatus.rejected:
        raise DomainError("volunteers-already-registered")
    if profile is None:
        profile = VolunteerProfile(person_id=person.id, community_id=person.community_id)
        session.add(profile)
    profile.community_id = person.community_id
    profile.status = VolunteerStatus.pending
    profile.skills = [s for s in SKILLS if s in skills]
    profile.areas = list(dict.fromkeys(areas)) or [person.community_id]
    profile.days = [d for d in DAYS if d in days]
    profile.slots = [s for s in SLOTS if s in slots]
    profile.share_phone = share_phone
    profile.in_ranking = in_ranking
    profile.reject_reason = None
    profile.reviewed_at = None
    profile.reviewed_by_id = None
    await session.flush()
    return profile


async def review_profile(
    session: AsyncSession,
    profile: VolunteerProfile,
    reviewer: Person,
    *,
    approve: bool,
    reason: str = "",
    now: datetime,
) -> None:
    """Community staff approve (the volunteer role is granted on the community) or reject with a reason."""
    if profile.status is not VolunteerStatus.pending:
        raise DomainError("volunteers-review-done")
    profile.reviewed_at = now
    profile.reviewed_by_id = reviewer.id
    if approve:
        profile.status = VolunteerStatus.active
        community = await session.get(Place, profile.community_id)
        person = await session.get(Person, profile.person_id)
        assert community is not None
        assert person is not None
        await grant_role(session, person, Role.volunteer, community)
    else:
        profile.status = VolunteerStatus.rejected
        profile.reject_reason = reason[:200]
    await session.flush()


def set_paused(profile: VolunteerProfile, paused: bool) -> None:
    if profile.status not in (VolunteerStatus.active, VolunteerStatus.paused):
        raise DomainError("volunteers-not-active")
    profile.status = VolunteerStatus.paused if paused else VolunteerStatus.active


def is_available(profile: VolunteerProfile, moment: datetime, tz: ZoneInfo) -> bool:
    """Does the weekly availability include this moment (local time)?"""
    local = moment.astimezone(tz)
    if DAYS[local.weekday()] not in profile.days:
        return False
    return any(SLOTS[slot][0] <= local.hour < SLOTS[slot][1] for slot in profile.slots if slot in SLOTS)


def covers(area_paths: Sequence[str], place: Place | None) -> bool:
    """Does one of the areas (their place paths) cover the task's place? Overlap either way counts: a
    volunteer for building 3 can do a task 'anywhere in grid 1', and one for grid 1 a task in building 3."""
    if place is None:
        return True
    return any(place.path.startswith(path) or path.startswith(place.path) for path in area_paths)


async def pending_profiles(session: AsyncSession, community_id: int) -> Sequence[VolunteerProfile]:
    result = await session.scalars(
        select(VolunteerProfile)
        .where(VolunteerProfile.community_id == community_id, VolunteerProfile.status == VolunteerStatus.pending)
        .order_by(VolunteerProfile.id)
    )
    return result.all()


async def active_profiles(session: AsyncSession, community_id: int) -> Sequence[VolunteerProfile]:
    """Volunteers who can be asked: approved, not paused, still living in the community and not erased."""
    result = await session.scalars(
        select(VolunteerProfile)
        .join(Person, Person.id == VolunteerProfile.person_id)
        .where(
            VolunteerProfile.community_id == community_id,
            VolunteerProfile.status == VolunteerStatus.active,
            Person.community_id == community_id,
            Person.forgotten_at.is_(None),
        )
        .order_by(VolunteerProfile.id)
    )
    return result.all()


async def coordinators(session: AsyncSession, community: Place) -> Sequence[Person]:
    """Who coordinates volunteers of a community: its staff; if it has none, the admins above it."""
    for places in ([community.id], community.ancestor_ids):
        result = await session.scalars(
            select(Person)
            .join(RoleGrant, RoleGrant.person_id == Person.id)
            .where(RoleGrant.role.in_(COMMUNITY_MANAGERS), RoleGrant.place_id.in_(places))
            .distinct()
            .order_by(Person.id)
        )
        found = result.all()
        if found:
            return found
    return []


# --- tasks ----------------------------------------------------------------------------------------


async def create_task(
    session: AsyncSession,
    community: Place,
    *,
    title: str,
    skill: str,
    starts_at: datetime,
    ends_at: datetime,
    places_needed: int,
    estimated_minutes: int,
    now: datetime,
    place: Place | None = None,
    created_by: Person | None = None,
    kind: TaskKind = TaskKind.task,
    resident: Person | None = None,
    pairing: VolunteerPairing | None = None,
    source: str = "staff",
) -> VolunteerTask:
    """Create a task to be dispatched. The public entry for other features (a hotline service marked
    "volunteer-served", a dispute sent to mediators): ``source`` names the feature. Dispatch starts by
    itself within a timer round (a ``volunteers.dispatch`` timer due now); a handler that wants the
    offers out in the same transaction calls ``handlers.volunteers.resident.dispatch_task`` right after."""
    if community.kind is not PlaceKind.community:
        raise ValueError("a volunteer task belongs to a community")
    if place is not None and not community.contains(place):
        raise ValueError("the task's place is outside its community")
    if skill != ANY_SKILL and skill not in SKILLS:
        raise ValueError(f"unknown skill {skill}")
    title = " ".join(title.split())[:MAX_TITLE]
    if not title:
        raise DomainError("volunteers-task-no-title")
    if starts_at <= now:
        raise DomainError("volunteers-task-past")
    if ends_at <= starts_at:
        raise DomainError("volunteers-task-bad-window")
    if not 1 <= places_needed <= MAX_PLACES:
        raise DomainError("volunteers-task-bad-places", max=MAX_PLACES)
    task = VolunteerTask(
        community_id=community.id,
        kind=kind,
        title=title,
        skill=skill,
        place_id=place.id if place else None,
        starts_at=starts_at,
        ends_at=ends_at,
        places_needed=places_needed,
        places_taken=0,
        estimated_minutes=max(estimated_minutes, 0),
        status=TaskStatus.open,
        wave=0,
        created_by_id=created_by.id if created_by else None,
        created_at=now,
        resident_id=resident.id if resident else None,
        pairing_id=pairing.id if pairing else None,
        source=source[:32],
    )
    session.add(task)
    await session.flush()
    await timers.schedule(session, T_DISPATCH, task.id, now)
    await timers.schedule(session, T_END, task.id, ends_at)
    return task


async def offers_of(session: AsyncSession, task_id: int) -> Sequence[tuple[VolunteerOffer, VolunteerProfile, Person]]:
    rows = await session.execute(
        select(VolunteerOffer, VolunteerProfile, Person)
        .join(VolunteerProfile, VolunteerProfile.id == VolunteerOffer.profile_id)
        .join(Person, Person.id == VolunteerProfile.person_id)
        .where(VolunteerOffer.task_id == task_id)
        .order_by(VolunteerOffer.id)
    )
    return [(offer, profile, person) for offer, profile, person in rows]


async def recent_task_counts(session: AsyncSession, profile_ids: Sequence[int], since: datetime) -> dict[int, int]:
    """Tasks each volunteer took on (accepted or done) that started since ``since``: spreads the work."""
    if not profile_ids:
        return {}
    rows = await session.execute(
        select(VolunteerOffer.profile_id, func.count())
        .join(VolunteerTask, VolunteerTask.id == VolunteerOffer.task_id)
        .where(
            VolunteerOffer.profile_id.in_(profile_ids),
            VolunteerOffer.status.in_(TAKING),
            VolunteerTask.starts_at >= since,
        )
        .group_by(VolunteerOffer.profile_id)
    )
    return {profile_id: count for profile_id, count in rows}


@dataclass(frozen=True)
class Candidate:
    profile: VolunteerProfile
    skill: bool
    area: bool
    available: bool
    recent: int

    @property
    def sort_key(self) -> tuple[int, int, int, int, int]:
        # Best first: the right skill, in their area, free then, and the fewest recent tasks.
        return (not self.skill, not self.area, not self.available, self.recent, self.profile.id)


async def rank_candidates(
    session: AsyncSession, task: VolunteerTask, tz: ZoneInfo, recent_since: datetime
) -> list[Candidate]:
    """Every active volunteer of the task's community not yet asked about it, best match first."""
    asked = set(
        (await session.scalars(select(VolunteerOffer.profile_id).where(VolunteerOffer.task_id == task.id))).all()
    )
    profiles = [p for p in await active_profiles(session, task.community_id) if p.id not in asked]
    if task.resident_id is not None:  # nobody visits themselves
        profiles = [p for p in profiles if p.person_id != task.resident_id]
    place = await session.get(Place, task.place_id) if task.place_id else None
    area_ids = {area for p in profiles for area in p.areas}
    paths = {area.id: area.path for area in (await session.scalars(select(Place).where(Place.id.in_(area_ids)))).all()}
    recent = await recent_task_counts(session, [p.id for p in profiles], recent_since)
    candidates = [
        Candidate(
            profile=p,
            skill=task.skill == ANY_SKILL or task.skill in p.skills,
            area=covers([paths[a] for a in p.areas if a in paths], place),
            available=is_available(p, task.starts_at, tz),
            recent=recent.get(p.id, 0),
        )
        for p in profiles
    ]
    return sorted(candidates, key=lambda c: c.sort_key)


def first_wave(candidates: Sequence[Candidate], places_left: int, factor: int) -> list[VolunteerProfile]:
    """The best matches only: right skill, area and time; a few more than the places left."""
    strict = [c.profile for c in candidates if c.skill and c.area and c.available]
    return strict[: max(places_left * factor, 1)]


def second_wave(candidates: Sequence[Candidate]) -> list[VolunteerProfile]:
    """Wider: everyone with the skill, wherever and whenever they said they could help."""
    return [c.profile for c in candidates if c.skill]


async def add_offers(
    session: AsyncSession, task: VolunteerTask, profiles: Sequence[VolunteerProfile], now: datetime, window: timedelta
) -> list[VolunteerOffer]:
    """Offer the task to these volunteers in a new wave (the task is open again if it had been escalated);
    the answer window is one timer for the task."""
    task.status = TaskStatus.open
    task.wave += 1
    answer_by = min(now + window, task.starts_at) if task.starts_at > now else now + window
    offers = [
        VolunteerOffer(
            task_id=task.id,
            profile_id=profile.id,
            wave=task.wave,
            status=OfferStatus.offered,
            offered_at=now,
            answer_by=answer_by,
        )
        for profile in profiles
    ]
    session.add_all(offers)
    await session.flush()
    if offers:
        await timers.schedule(session, T_WINDOW, task.id, answer_by)
    return offers


async def _lock_task(session: AsyncSession, task_id: int) -> VolunteerTask | None:
    """The task, re-read (and on PostgreSQL row-locked): dispatch decisions follow its latest counter."""
    query = select(VolunteerTask).where(VolunteerTask.id == task_id).execution_options(populate_existing=True)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    return await session.scalar(query)


async def task_for_update(session: AsyncSession, task_id: int) -> VolunteerTask | None:
    return await _lock_task(session, task_id)


async def answer_offer(
    session: AsyncSession, offer_id: int, person_id: int, *, accept: bool, now: datetime
) -> VolunteerOffer:
    """A volunteer answers an offer (or confirms a direct assignment). Accepting takes a place atomically."""
    offer = await session.get(VolunteerOffer, offer_id, populate_existing=True)
    profile = await session.get(VolunteerProfile, offer.profile_id) if offer else None
    if offer is None or profile is None or profile.person_id != person_id:
        raise DomainError("volunteers-not-yours")
    task = await session.get(VolunteerTask, offer.task_id)
    assert task is not None
    if offer.status in TAKING and accept:
        raise DomainError("volunteers-already-accepted")
    if offer.status is OfferStatus.declined and not accept:
        raise DomainError("volunteers-already-declined")
    if task.status in (TaskStatus.cancelled, TaskStatus.done, TaskStatus.missed) or (task.starts_at <= now and accept):
        raise DomainError("volunteers-task-closed")
    # A late answer (the window has closed) is still welcome while places are left.
    answerable = (*WAITING, OfferStatus.expired) if accept else (*WAITING, OfferStatus.expired, OfferStatus.accepted)
    if offer.status not in answerable:
        raise DomainError("volunteers-offer-gone")
    if not accept:
        if offer.status is OfferStatus.accepted:
            raise DomainError("volunteers-offer-gone")  # "can't make it" is its own action
        offer.status = OfferStatus.declined
        offer.answered_at = now
        await session.flush()
        return offer
    # The guarded update is the whole concurrency story: it succeeds for at most places_needed offers.
    taken = await session.execute(
        update(VolunteerTask)
        .where(
            VolunteerTask.id == task.id,
            VolunteerTask.places_taken < VolunteerTask.places_needed,
            VolunteerTask.status.in_(OPEN_TASKS),
        )
        .values(places_taken=VolunteerTask.places_taken + 1)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("volunteers-task-full")
    moved = await session.execute(
        update(VolunteerOffer)
        .where(VolunteerOffer.id == offer.id, VolunteerOffer.status.in_(answerable))
        .values(status=OfferStatus.accepted, answered_at=now)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("volunteers-already-accepted")  # a double press; the router rolls the place back
    await session.refresh(offer)
    fresh = await _lock_task(session, task.id)
    assert fresh is not None
    if fresh.places_taken >= fresh.places_needed:
        fresh.status = TaskStatus.filled
        await _withdraw_waiting(session, fresh.id, now)
        await timers.cancel(session, T_WINDOW, fresh.id)
    await session.flush()
    return offer


async def _withdraw_waiting(session: AsyncSession, task_id: int, now: datetime) -> None:
    """The task is full: unanswered offers lapse (pressing them later says so)."""
    await session.execute(
        update(VolunteerOffer)
        .where(VolunteerOffer.task_id == task_id, VolunteerOffer.status.in_(WAITING))
        .values(status=OfferStatus.expired, answered_at=None)
    )


async def expire_wave(session: AsyncSession, task: VolunteerTask) -> None:
    """The answer window closed: offers nobody answered count as 'never answered'."""
    await session.execute(
        update(VolunteerOffer)
        .where(VolunteerOffer.task_id == task.id, VolunteerOffer.status == OfferStatus.offered)
        .values(status=OfferStatus.expired)
    )


async def withdraw(session: AsyncSession, offer: VolunteerOffer, now: datetime) -> VolunteerTask:
    """'Can't make it': the place is free again and the task open for offers."""
    if offer.status is not OfferStatus.accepted:
        raise DomainError("volunteers-offer-gone")
    task = await _lock_task(session, offer.task_id)
    assert task is not None
    if task.ends_at <= now:
        raise DomainError("volunteers-task-closed")
    offer.status = OfferStatus.withdrawn
    offer.answered_at = now
    task.places_taken = max(task.places_taken - 1, 0)
    if task.status in (TaskStatus.filled, TaskStatus.escalated):
        task.status = TaskStatus.open
    await session.flush()
    return task


async def mark_on_way(offer: VolunteerOffer, now: datetime) -> None:
    if offer.status is not OfferStatus.accepted:
        raise DomainError("volunteers-offer-gone")
    offer.on_way_at = now


async def report_done(
    session: AsyncSession,
    offer: VolunteerOffer,
    *,
    minutes: int,
    outcome: str,
    now: datetime,
    wellbeing: int | None = None,
    note: str = "",
) -> VolunteerTask:
    if offer.status is not OfferStatus.accepted:
        raise DomainError("volunteers-offer-gone")
    if not 0 < minutes <= 24 * 60:
        raise DomainError("volunteers-bad-hours")
    if wellbeing is not None and not 1 <= wellbeing <= 5:
        raise DomainError("volunteers-bad-wellbeing")
    task = await _lock_task(session, offer.task_id)
    assert task is not None
    offer.status = OfferStatus.done
    offer.done_at = now
    offer.minutes = minutes
    offer.outcome = outcome[:MAX_TEXT] or None
    offer.wellbeing = wellbeing
    offer.note = note[:MAX_TEXT] or None
    await session.flush()
    still_going = await session.scalar(
        select(func.count())
        .select_from(VolunteerOffer)
        .where(VolunteerOffer.task_id == task.id, VolunteerOffer.status == OfferStatus.accepted)
    )
    if (not still_going and task.places_left == 0) or task.status is TaskStatus.missed:
        task.status = TaskStatus.done
    await session.flush()
    return task


async def assign_directly(
    session: AsyncSession, task: VolunteerTask, profile: VolunteerProfile, now: datetime, window: timedelta
) -> VolunteerOffer:
    """The coordinator puts a volunteer forward; they still have to confirm (the accept path)."""
    if task.status not in OPEN_TASKS or task.starts_at <= now:
        raise DomainError("volunteers-task-closed")
    if task.places_left == 0:
        raise DomainError("volunteers-task-full")
    if profile.community_id != task.community_id or profile.status is not VolunteerStatus.active:
        raise DomainError("volunteers-not-active")
    offer = await session.scalar(
        select(VolunteerOffer).where(VolunteerOffer.task_id == task.id, VolunteerOffer.profile_id == profile.id)
    )
    if offer is not None and offer.status in TAKING:
        raise DomainError("volunteers-already-on-task")
    if offer is None:
        offer = VolunteerOffer(task_id=task.id, profile_id=profile.id, offered_at=now)
        session.add(offer)
    offer.wave = 0
    offer.status = OfferStatus.assigned
    offer.offered_at = now
    offer.answer_by = min(now + window, task.starts_at)
    offer.answered_at = None
    await session.flush()
    return offer


def escalate_task(task: VolunteerTask) -> None:
    """The waves are spent with places left: a coordinator has to step in."""
    task.status = TaskStatus.escalated


def settle_task(task: VolunteerTask, *, done: bool) -> None:
    """After the reporting grace: done if someone reported doing it, else missed (a visit nobody made)."""
    task.status = TaskStatus.done if done else TaskStatus.missed


async def cancel_task(session: AsyncSession, task: VolunteerTask) -> list[int]:
    """Cancel; returns the profile ids of volunteers who had a place (they are told)."""
    if task.status not in OPEN_TASKS:
        raise DomainError("volunteers-task-closed")
    holders = (
        await session.scalars(
            select(VolunteerOffer.profile_id).where(
                VolunteerOffer.task_id == task.id, VolunteerOffer.status == OfferStatus.accepted
            )
        )
    ).all()
    await session.execute(
        update(VolunteerOffer)
        .where(VolunteerOffer.task_id == task.id, VolunteerOffer.status.in_((*WAITING, OfferStatus.accepted)))
        .values(status=OfferStatus.cancelled)
    )
    task.status = TaskStatus.cancelled
    for kind in (T_DISPATCH, T_WINDOW, T_REMINDER, T_END):
        await timers.cancel(session, kind, task.id)
    await session.flush()
    return list(holders)


async def open_tasks(session: AsyncSession, community_id: int, since: datetime) -> Sequence[VolunteerTask]:
    """Tasks a coordinator watches: not finished, or ended recently."""
    result = await session.scalars(
        select(VolunteerTask)
        .where(
            VolunteerTask.community_id == community_id,
            (VolunteerTask.status.in_(OPEN_TASKS)) | (VolunteerTask.ends_at >= since),
        )
        .order_by(VolunteerTask.starts_at, VolunteerTask.id)
        .limit(20)
    )
    return result.all()


async def my_offers(
    session: AsyncSession, profile_id: int, now: datetime
) -> Sequence[tuple[VolunteerOffer, VolunteerTask]]:
    """A volunteer's current business: offers to answer, tasks taken that have not been reported done."""
    rows = await session.execute(
        select(VolunteerOffer, VolunteerTask)
        .join(VolunteerTask, VolunteerTask.id == VolunteerOffer.task_id)
        .where(
            VolunteerOffer.profile_id == profile_id,
            VolunteerOffer.status.in_((*WAITING, OfferStatus.accepted)),
            VolunteerTask.status.in_(OPEN_TASKS),
        )
        .order_by(VolunteerTask.starts_at)
        .limit(10)
    )
    return [(offer, task) for offer, task in rows if offer.status is OfferStatus.accepted or task.starts_at > now]


async def last_visit_note(session: AsyncSession, resident_id: int) -> VolunteerOffer | None:
    """The latest reported visit to this resident: its wellbeing score and note go to the next volunteer."""
    return await session.scalar(
        select(VolunteerOffer)
        .join(VolunteerTask, VolunteerTask.id == VolunteerOffer.task_id)
        .where(
            VolunteerTask.resident_id == resident_id,
            VolunteerTask.kind == TaskKind.visit,
            VolunteerOffer.status == OfferStatus.done,
        )
        .order_by(VolunteerOffer.done_at.desc(), VolunteerOffer.id.desc())
        .limit(1)
    )


# --- hours ----------------------------------------------------------------------------------------


async def verify_hours(
    session: AsyncSession, offer: VolunteerOffer, staff: Person, minutes: int, now: datetime
) -> None:
    if offer.status is not OfferStatus.done:
        raise DomainError("volunteers-offer-gone")
    if not 0 <= minutes <= 24 * 60:
        raise DomainError("volunteers-bad-hours")
    offer.verified_minutes = minutes
    offer.verified_by_id = staff.id
    offer.verified_at = now
    await session.flush()


async def unverified(
    session: AsyncSession, community_id: int
) -> Sequence[tuple[VolunteerOffer, VolunteerTask, Person]]:
    rows = await session.execute(
        select(VolunteerOffer, VolunteerTask, Person)
        .join(VolunteerTask, VolunteerTask.id == VolunteerOffer.task_id)
        .join(VolunteerProfile, VolunteerProfile.id == VolunteerOffer.profile_id)
        .join(Person, Person.id == VolunteerProfile.person_id)
        .where(
            VolunteerTask.community_id == community_id,
            VolunteerOffer.status == OfferStatus.done,
            VolunteerOffer.verified_at.is_(None),
        )
        .order_by(VolunteerOffer.done_at)
        .limit(10)
    )
    return [(offer, task, person) for offer, task, person in rows]


@dataclass(frozen=True)
class HoursSummary:
    services: int
    minutes: int
    verified_minutes: int
    by_month: list[tuple[str, int]]  # ("2026-05", minutes), newest first
    by_skill: list[tuple[str, int]]  # (skill, minutes), most first
    since: datetime | None


async def hours_summary(session: AsyncSession, profile_id: int, tz: ZoneInfo) -> HoursSummary:
    rows = await session.execute(
        select(VolunteerOffer, VolunteerTask)
        .join(VolunteerTask, VolunteerTask.id == VolunteerOffer.task_id)
        .where(VolunteerOffer.profile_id == profile_id, VolunteerOffer.status == OfferStatus.done)
    )
    months: dict[str, int] = {}
    skills: dict[str, int] = {}
    total = verified = count = 0
    since: datetime | None = None
    for offer, task in rows:
        minutes = offer.credited_minutes
        moment = offer.done_at or task.starts_at
        month = moment.astimezone(tz).strftime("%Y-%m")
        months[month] = months.get(month, 0) + minutes
        skill = VISIT_SKILL if task.kind is TaskKind.visit else task.skill
        skills[skill] = skills.get(skill, 0) + minutes
        total += minutes
        verified += offer.verified_minutes or 0
        count += 1
        since = task.starts_at if since is None or task.starts_at < since else since
    return HoursSummary(
        services=count,
        minutes=total,
        verified_minutes=verified,
        by_month=sorted(months.items(), reverse=True),
        by_skill=sorted(skills.items(), key=lambda item: (-item[1], item[0])),
        since=since,
    )


@dataclass(frozen=True)
class RankingRow:
    profile_id: int
    name: str
    minutes: int
    services: int
    in_ranking: bool


async def monthly_ranking(session: AsyncSession, community_id: int, start: datetime, end: datetime) -> list[RankingRow]:
    """Volunteers of a community by hours credited for services done in [start, end), most first."""
    rows = await session.execute(
        select(VolunteerOffer, VolunteerProfile, Person)
        .join(VolunteerProfile, VolunteerProfile.id == VolunteerOffer.profile_id)
        .join(Person, Person.id == VolunteerProfile.person_id)
        .where(
            VolunteerProfile.community_id == community_id,
            VolunteerOffer.status == OfferStatus.done,
            VolunteerOffer.done_at >= start,
            VolunteerOffer.done_at < end,
        )
    )
    totals: dict[int, RankingRow] = {}
    for offer, profile, person in rows:
        before = totals.get(profile.id)
        totals[profile.id] = RankingRow(
            profile.id,
            person.display_name,
            (before.minutes if before else 0) + offer.credited_minutes,
            (before.services if before else 0) + 1,
            profile.in_ranking,
        )
    return sorted(totals.values(), key=lambda row: (-row.minutes, -row.services, row.profile_id))


def public_ranking(rows: Sequence[RankingRow]) -> tuple[list[RankingRow], int, int]:
    """What residents may see: only volunteers who opted in; the rest only as a count and their hours."""
    shown = [row for row in rows if row.in_ranking]
    hidden = [row for row in rows if not row.in_ranking]
    return shown, len(hidden), sum(row.minutes for row in hidden)


# --- pairings -------------------------------------------------------------------------------------


async def create_pairing(
    session: AsyncSession,
    community: Place,
    resident: Person,
    profiles: Sequence[VolunteerProfile],
    *,
    every_days: int,
    first_visit_at: datetime,
    now: datetime,
    lead: timedelta,
    created_by: Person | None = None,
) -> VolunteerPairing:
    if not profiles:
        raise DomainError("volunteers-pairing-no-volunteers")
    if first_visit_at <= now:
        raise DomainError("volunteers-task-past")
    if not 1 <= every_days <= 90:
        raise ValueError("every_days out of range")
    if resident.community_id != community.id:
        raise DomainError("volunteers-not-yours")
    pairing = VolunteerPairing(
        community_id=community.id,
        resident_id=resident.id,
        volunteer_ids=[p.id for p in profiles if p.person_id != resident.id],
        every_days=every_days,
        next_visit_at=first_visit_at,
        active=True,
        created_by_id=created_by.id if created_by else None,
        created_at=now,
    )
    session.add(pairing)
    await session.flush()
    await timers.schedule(session, T_PAIRING, pairing.id, max(first_visit_at - lead, now))
    return pairing


async def stop_pairing(session: AsyncSession, pairing: VolunteerPairing) -> None:
    pairing.active = False
    await timers.cancel(session, T_PAIRING, pairing.id)
    await session.flush()


async def pairings_of(session: AsyncSession, community_id: int) -> Sequence[VolunteerPairing]:
    result = await session.scalars(
        select(VolunteerPairing)
        .where(VolunteerPairing.community_id == community_id, VolunteerPairing.active.is_(True))
        .order_by(VolunteerPairing.id)
    )
    return result.all()


async def create_due_visit(
    session: AsyncSession, pairing: VolunteerPairing, now: datetime, window: timedelta, lead: timedelta
) -> VolunteerTask | None:
    """The pairing's next visit becomes a task; the pairing moves on to the visit after. None when the
    resident is gone (forgotten, moved away): the pairing stops."""
    resident = await session.get(Person, pairing.resident_id)
    community = await session.get(Place, pairing.community_id)
    assert community is not None
    if resident is None or resident.forgotten_at is not None or resident.community_id != community.id:
        await stop_pairing(session, pairing)
        return None
    visit_at = pairing.next_visit_at
    while visit_at <= now:  # the service was down past a visit's start: the next one
        visit_at += timedelta(days=pairing.every_days)
    building = await session.get(Place, resident.building_id) if resident.building_id else None
    task = await create_task(
        session,
        community,
        title=resident.display_name,
        skill=VISIT_SKILL,
        starts_at=visit_at,
        ends_at=visit_at + window,
        places_needed=1,
        estimated_minutes=60,
        now=now,
        place=building,
        kind=TaskKind.visit,
        resident=resident,
        pairing=pairing,
        source="pairing",
    )
    pairing.next_visit_at = visit_at + timedelta(days=pairing.every_days)
    await timers.schedule(session, T_PAIRING, pairing.id, max(pairing.next_visit_at - lead, now))
    await session.flush()
    return task


async def paired_profiles(session: AsyncSession, pairing: VolunteerPairing) -> list[VolunteerProfile]:
    if not pairing.volunteer_ids:
        return []
    result = await session.scalars(
        select(VolunteerProfile).where(
            VolunteerProfile.id.in_(pairing.volunteer_ids), VolunteerProfile.status == VolunteerStatus.active
        )
    )
    return sorted(result.all(), key=lambda p: pairing.volunteer_ids.index(p.id))
