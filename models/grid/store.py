"""Grid management: residents report problems, grid workers handle them, overdue cases escalate.

A case lives in one grid (the place it is about) and is handled by the people holding the category's
role there (grid workers unless the category says mediator or property supervisor). Its deadlines are
stored on the row; timers (``grid.warn``, ``grid.overdue``, ``grid.autoclose``) are derived from them
in the same transaction as every change, so nothing depends on a process staying up. Escalation is a
compare-and-set on the case's level, so two runners can never raise the same case twice.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

import models.timers as timers
from models.base import Base, UTCDateTime, utcnow
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS, Person, Role, RoleGrant
from models.places import Place, PlaceKind

# --- constants of the product (issue 5) ------------------------------------------------------------

DUPLICATE_RADIUS_M = 50.0
MAX_PHOTOS = 3
WARN_SHARE = 0.75  # yellow from 75% of a deadline, red from 100%
LEVELS = ("grid", "community", "street", "district")
LEVEL_KIND = {
    "grid": PlaceKind.grid,
    "community": PlaceKind.community,
    "street": PlaceKind.street,
    "district": PlaceKind.district,
}
LEVEL_ROLE = {
    "community": Role.community_staff,
    "street": Role.street_admin,
    "district": Role.district_admin,
}
TIMER_WARN = "grid.warn"
TIMER_OVERDUE = "grid.overdue"
TIMER_AUTOCLOSE = "grid.autoclose"


class CaseState(enum.StrEnum):
    submitted = "submitted"
    accepted = "accepted"
    in_progress = "in_progress"
    resolved = "resolved"
    closed = "closed"
    rejected = "rejected"


OPEN_STATES = (CaseState.submitted, CaseState.accepted, CaseState.in_progress)
ACTIVE_STATES = (*OPEN_STATES, CaseState.resolved)  # not finished: shown in /cases


class EventKind(enum.StrEnum):
    submitted = "submitted"
    followed = "followed"
    accepted = "accepted"
    question = "question"
    answer = "answer"
    transferred = "transferred"
    note = "note"
    resolved = "resolved"
    rejected = "rejected"
    confirmed = "confirmed"
    closed = "closed"
    reopened = "reopened"
    warned = "warned"
    escalated = "escalated"


# Roles a category may route to; grid workers are the default.
HANDLER_ROLES = (Role.grid_worker, Role("mediator"), Role("property_supervisor"))


# --- tables ------------------------------------------------------------------------------------------


class GridCategory(Base):
    __tablename__ = "grid_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(60))
    accept_hours: Mapped[int] = mapped_column(default=24)
    resolve_days: Mapped[int] = mapped_column(default=7)
    # Who handles it in the grid: grid_worker, mediator, property_supervisor.
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=24), default=Role.grid_worker)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # safety: handlers are told even at night
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh


class BuildingLocation(Base):
    """Where a building stands: for location pins (nearest building) and duplicates by distance."""

    __tablename__ = "grid_building_locations"

    building_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class GridCase(Base):
    __tablename__ = "grid_cases"
    __table_args__ = (Index("ix_grid_cases_state_grid", "state", "grid_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("grid_categories.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # located by a shared pin, not a building
    grid_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)  # who handles it now
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=24))
    level: Mapped[int] = mapped_column(default=0)  # index into LEVELS: how far up it has been escalated
    state: Mapped[CaseState] = mapped_column(Enum(CaseState, native_enum=False, length=16))
    share_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    question_open: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    clock_started_at: Mapped[datetime] = mapped_column(UTCDateTime())  # submission or last reopen
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())  # submission, transfer or reopen
    accept_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolve_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_on_time: Mapped[bool | None] = mapped_column(Boolean)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopen_count: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[bool | None] = mapped_column(Boolean)

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]

    @property
    def stage_due(self) -> datetime | None:
        """The deadline that runs now: accepting while submitted, resolving while being handled."""
        if self.state is CaseState.submitted:
            return self.accept_due_at
        if self.state in (CaseState.accepted, CaseState.in_progress):
            return self.resolve_due_at
        return None

    @property
    def stage_start(self) -> datetime:
        return self.assigned_at if self.state is CaseState.submitted else self.clock_started_at


class GridCaseFollower(Base):
    __tablename__ = "grid_case_followers"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("grid_cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GridCasePhoto(Base):
    __tablename__ = "grid_case_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("grid_cases.id", ondelete="CASCADE"), index=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id"))
    evidence: Mapped[bool] = mapped_column(Boolean, default=False)  # False: the reporter's, True: a handler's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GridCaseEvent(Base):
    """The case's history: every status change, question, answer, transfer, note and escalation."""

    __tablename__ = "grid_case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("grid_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(Enum(EventKind, native_enum=False, length=16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(String(80))  # a level, a grid code, a role, a place to go
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def case_number(case_id: int) -> str:
    """The number residents and staff quote: G000042."""
    return f"G{case_id:06d}"


# --- geometry --------------------------------------------------------------------------------------


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    radius = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


async def set_building_location(session: AsyncSession, building: Place, latitude: float, longitude: float) -> None:
    found = await session.get(BuildingLocation, building.id)
    if found is None:
        session.add(BuildingLocation(building_id=building.id, latitude=latitude, longitude=longitude))
    else:
        found.latitude, found.longitude = latitude, longitude
    await session.flush()


async def building_location(session: AsyncSession, building_id: int) -> BuildingLocation | None:
    return await session.get(BuildingLocation, building_id)


async def nearest_building(session: AsyncSession, latitude: float, longitude: float) -> tuple[Place, float] | None:
    """The building nearest to a pin, with its distance in metres (None when no building has coordinates)."""
    rows = (await session.execute(select(Place, BuildingLocation).join(BuildingLocation))).all()
    best: tuple[Place, float] | None = None
    for place, spot in rows:
        distance = haversine_m(latitude, longitude, spot.latitude, spot.longitude)
        if best is None or distance < best[1]:
            best = (place, distance)
    return best


# --- categories -------------------------------------------------------------------------------------


async def categories(session: AsyncSession, *, active_only: bool = True) -> Sequence[GridCategory]:
    query = select(GridCategory).order_by(GridCategory.sort_order, GridCategory.id)
    if active_only:
        query = query.where(GridCategory.active.is_(True))
    return (await session.scalars(query)).all()


async def add_category(
    session: AsyncSession,
    code: str,
    name_zh: str,
    name_en: str,
    accept_hours: int,
    resolve_days: int,
    role: Role = Role.grid_worker,
    *,
    urgent: bool = False,
) -> GridCategory:
    if role not in HANDLER_ROLES:
        raise DomainError("grid-category-bad-role")
    if not (1 <= accept_hours <= 24 * 30 and 1 <= resolve_days <= 365):
        raise DomainError("grid-category-bad-deadline")
    taken = await session.scalar(
        select(GridCategory.id).where(or_(GridCategory.code == code, GridCategory.name_zh == name_zh))
    )
    if taken is not None:
        raise DomainError("grid-category-exists", name=name_zh)
    last = await session.scalar(select(func.max(GridCategory.sort_order)))
    category = GridCategory(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        accept_hours=accept_hours,
        resolve_days=resolve_days,
        role=role,
        urgent=urgent,
        sort_order=(last or 0) + 1,
        active=True,
    )
    session.add(category)
    await session.flush()
    return category


# --- who handles what -------------------------------------------------------------------------------


async def grid_of(session: AsyncSession, place: Place) -> Place | None:
    """The grid a building lies in (itself if it is a grid)."""
    if place.kind is PlaceKind.grid:
        return place
    return await session.scalar(select(Place).where(Place.kind == PlaceKind.grid, Place.id.in_(place.ancestor_ids)))


async def level_place(session: AsyncSession, grid: Place, level: int) -> Place | None:
    """The place of an escalation level above a grid (the grid itself, its community, street, district)."""
    kind = LEVEL_KIND[LEVELS[level]]
    if kind is PlaceKind.grid:
        return grid
    return await session.scalar(select(Place).where(Place.kind == kind, Place.id.in_(grid.ancestor_ids)))


async def holders(session: AsyncSession, roles: Iterable[Role], place_ids: Iterable[int]) -> Sequence[Person]:
    """Everyone holding one of ``roles`` on one of the places, once each, not forgotten."""
    result = await session.scalars(
        select(Person)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(
            RoleGrant.role.in_([role.value for role in roles]),
            RoleGrant.place_id.in_(list(place_ids)),
            Person.forgotten_at.is_(None),
        )
        .distinct()
        .order_by(Person.id)
    )
    return result.all()


async def handlers_of(session: AsyncSession, case: GridCase) -> Sequence[Person]:
    """Who is told about a case: its role in its grid (or the community above, where supervisors sit);
    when nobody holds that role there, the community's staff, so a case is never nobody's."""
    grid = await session.get(Place, case.grid_id)
    assert grid is not None
    found = await holders(session, [case.role], grid.ancestor_ids[-2:])
    if found:
        return found
    community = await level_place(session, grid, 1)
    return await holders(session, [Role.community_staff], [community.id] if community else [])


async def may_handle(session: AsyncSession, person_id: int, case: GridCase) -> bool:
    """A grid worker acts on their own grid's cases only; a mediator or supervisor on cases routed to
    their role where they serve; community staff and the admins above on everything beneath them."""
    grid = await session.get(Place, case.grid_id)
    assert grid is not None
    found = await session.scalar(
        select(RoleGrant.id)
        .where(
            RoleGrant.person_id == person_id,
            RoleGrant.place_id.in_(grid.ancestor_ids),
            or_(
                RoleGrant.role.in_([role.value for role in COMMUNITY_MANAGERS]),
                RoleGrant.role == case.role.value,
            ),
        )
        .limit(1)
    )
    return found is not None


async def staff_scopes(session: AsyncSession, person_id: int) -> list[tuple[Role, Place]]:
    """The (role, place) grants that let a person see cases."""
    rows = await session.execute(
        select(RoleGrant.role, Place)
        .join(Place, Place.id == RoleGrant.place_id)
        .where(
            RoleGrant.person_id == person_id,
            RoleGrant.role.in_([r.value for r in (*HANDLER_ROLES, *COMMUNITY_MANAGERS)]),
        )
    )
    return [(Role(role), place) for role, place in rows]


@dataclass(frozen=True)
class CaseFilter:
    grid_id: int = 0  # 0: any
    category_id: int = 0
    state: str = "open"  # "open" (every unfinished state) or one CaseState value


async def visible_cases(
    session: AsyncSession, person_id: int, where: CaseFilter = CaseFilter(), limit: int = 20
) -> Sequence[GridCase]:
    """The cases a staff member may handle, soonest deadline first (finished stages last)."""
    scopes = await staff_scopes(session, person_id)
    if not scopes:
        return []
    grid = aliased(Place)
    conditions = []
    for role, place in scopes:
        inside = grid.path.startswith(place.path)
        conditions.append(inside if role in COMMUNITY_MANAGERS else inside & (GridCase.role == role.value))
    query = select(GridCase).join(grid, grid.id == GridCase.grid_id).where(or_(*conditions))
    if where.state == "open":
        query = query.where(GridCase.state.in_([s.value for s in ACTIVE_STATES]))
    else:
        query = query.where(GridCase.state == where.state)
    if where.grid_id:
        query = query.where(GridCase.grid_id == where.grid_id)
    if where.category_id:
        query = query.where(GridCase.category_id == where.category_id)
    found = list((await session.scalars(query.order_by(GridCase.id))).all())
    far = datetime.max.replace(tzinfo=found[0].created_at.tzinfo) if found else None
    found.sort(key=lambda case: (case.stage_due or far, case.id))
    return found[:limit]


# --- SLA --------------------------------------------------------------------------------------------


def sla_colour(case: GridCase, now: datetime) -> str:
    """green / yellow (75% of the running deadline used) / red (past it) / none (no deadline runs)."""
    due = case.stage_due
    if due is None:
        return "none"
    start = case.stage_start
    span = (due - start).total_seconds()
    used = (now - start).total_seconds() / span if span > 0 else 1.0
    if used >= 1:
        return "red"
    if used >= WARN_SHARE:
        return "yellow"
    return "green"


async def plan_timers(session: AsyncSession, case: GridCase, now: datetime) -> None:
    """Derive the case's timers from its stored deadlines: warn at 75%, overdue at 100%; auto-close."""
    due = case.stage_due
    if due is None:
        await timers.cancel(session, TIMER_WARN, case.id)
        await timers.cancel(session, TIMER_OVERDUE, case.id)
    else:
        start = case.stage_start
        warn_at = start + (due - start) * WARN_SHARE
        if warn_at > now:
            await timers.schedule(session, TIMER_WARN, case.id, warn_at)
        else:
            await timers.cancel(session, TIMER_WARN, case.id)
        await timers.schedule(session, TIMER_OVERDUE, case.id, max(due, now))
    if case.state is not CaseState.resolved:
        await timers.cancel(session, TIMER_AUTOCLOSE, case.id)


# --- the lifecycle ----------------------------------------------------------------------------------


def add_event(
    session: AsyncSession,
    case: GridCase,
    kind: EventKind,
    now: datetime,
    actor_id: int | None = None,
    text: str | None = None,
    detail: str | None = None,
) -> GridCaseEvent:
    event = GridCaseEvent(case_id=case.id, kind=kind, actor_id=actor_id, text=text, detail=detail, created_at=now)
    session.add(event)
    return event


@dataclass(frozen=True)
class NewCase:
    category: GridCategory
    description: str
    building: Place
    latitude: float | None
    longitude: float | None
    pinned: bool
    share_contact: bool
    photo_ids: Sequence[int] = ()


async def submit_case(session: AsyncSession, reporter: Person, new: NewCase, now: datetime) -> GridCase:
    grid = await grid_of(session, new.building)
    if grid is None:
        raise DomainError("grid-no-grid")
    case = GridCase(
        category_id=new.category.id,
        reporter_id=reporter.id,
        description=new.description,
        building_id=new.building.id,
        latitude=new.latitude,
        longitude=new.longitude,
        pinned=new.pinned,
        grid_id=grid.id,
        role=new.category.role,
        level=0,
        state=CaseState.submitted,
        share_contact=new.share_contact,
        question_open=False,
        created_at=now,
        clock_started_at=now,
        assigned_at=now,
        accept_due_at=now + timedelta(hours=new.category.accept_hours),
        resolve_due_at=now + timedelta(days=new.category.resolve_days),
        reopen_count=0,
    )
    session.add(case)
    await session.flush()
    for media_id in list(dict.fromkeys(new.photo_ids))[:MAX_PHOTOS]:
        session.add(GridCasePhoto(case_id=case.id, media_id=media_id, evidence=False, created_at=now))
    add_event(session, case, EventKind.submitted, now, reporter.id)
    await plan_timers(session, case, now)
    await session.flush()
    return case


async def nearby_open_cases(
    session: AsyncSession,
    category_id: int,
    building_id: int | None,
    latitude: float | None,
    longitude: float | None,
    radius_m: float = DUPLICATE_RADIUS_M,
) -> Sequence[GridCase]:
    """Open cases of the same category in the same building or within ``radius_m`` of the spot."""
    candidates = (
        await session.scalars(
            select(GridCase)
            .where(GridCase.category_id == category_id, GridCase.state.in_([s.value for s in OPEN_STATES]))
            .order_by(GridCase.created_at.desc())
        )
    ).all()
    found = []
    for case in candidates:
        same_building = building_id is not None and case.building_id == building_id
        near = (
            latitude is not None
            and longitude is not None
            and case.latitude is not None
            and case.longitude is not None
            and haversine_m(latitude, longitude, case.latitude, case.longitude) <= radius_m
        )
        if same_building or near:
            found.append(case)
    return found[:5]


async def follow_case(session: AsyncSession, case: GridCase, person: Person, now: datetime) -> bool:
    """+1: the person is told of every change as the reporter is. False when already following."""
    if case.reporter_id == person.id:
        return False
    existing = await session.scalar(
        select(GridCaseFollower.id).where(GridCaseFollower.case_id == case.id, GridCaseFollower.person_id == person.id)
    )
    if existing is not None:
        return False
    session.add(GridCaseFollower(case_id=case.id, person_id=person.id, created_at=now))
    add_event(session, case, EventKind.followed, now, person.id)
    await session.flush()
    return True


async def follower_count(session: AsyncSession, case_id: int) -> int:
    count = await session.scalar(select(func.count(GridCaseFollower.id)).where(GridCaseFollower.case_id == case_id))
    return int(count or 0)


async def followers(session: AsyncSession, case_id: int) -> Sequence[Person]:
    result = await session.scalars(
        select(Person)
        .join(GridCaseFollower, GridCaseFollower.person_id == Person.id)
        .where(GridCaseFollower.case_id == case_id, Person.forgotten_at.is_(None))
        .order_by(GridCaseFollower.id)
    )
    return result.all()


async def is_follower(session: AsyncSession, case_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(GridCaseFollower.id).where(GridCaseFollower.case_id == case_id, GridCaseFollower.person_id == person_id)
    )
    return found is not None


async def watchers(session: AsyncSession, case: GridCase) -> list[Person]:
    """The reporter and the followers: they get every status change."""
    reporter = await session.get(Person, case.reporter_id)
    people = [reporter] if reporter is not None and reporter.forgotten_at is None else []
    return people + list(await followers(session, case.id))


def _require(case: GridCase, *states: CaseState) -> None:
    if case.state not in states:
        raise DomainError("grid-wrong-state", case=case_number(case.id))


async def accept_case(session: AsyncSession, case: GridCase, actor: Person, now: datetime) -> None:
    _require(case, CaseState.submitted)
    case.state = CaseState.accepted
    case.first_accepted_at = case.first_accepted_at or now
    add_event(session, case, EventKind.accepted, now, actor.id)
    await plan_timers(session, case, now)


async def add_note(session: AsyncSession, case: GridCase, actor: Person, text: str, now: datetime) -> None:
    """A progress note: news for the reporter, not a resolution; the first moves the case in progress."""
    _require(case, CaseState.accepted, CaseState.in_progress)
    case.state = CaseState.in_progress
    add_event(session, case, EventKind.note, now, actor.id, text)
    await plan_timers(session, case, now)


async def ask_reporter(session: AsyncSession, case: GridCase, actor: Person, text: str, now: datetime) -> None:
    _require(case, *OPEN_STATES)
    case.question_open = True
    add_event(session, case, EventKind.question, now, actor.id, text)


async def answer_question(session: AsyncSession, case: GridCase, reporter: Person, text: str, now: datetime) -> None:
    if case.reporter_id != reporter.id or not case.question_open:
        raise DomainError("grid-no-question", case=case_number(case.id))
    case.question_open = False
    add_event(session, case, EventKind.answer, now, reporter.id, text)


async def transfer_case(
    session: AsyncSession, case: GridCase, actor: Person, grid: Place, role: Role, reason: str, now: datetime
) -> None:
    """To another grid or role: the new handlers must accept it again, with a fresh accept deadline."""
    _require(case, *OPEN_STATES)
    if grid.kind is not PlaceKind.grid or role not in HANDLER_ROLES:
        raise DomainError("grid-transfer-bad-target")
    if grid.id == case.grid_id and role == case.role:
        raise DomainError("grid-transfer-same")
    category = await session.get(GridCategory, case.category_id)
    assert category is not None
    case.grid_id, case.role = grid.id, role
    case.state = CaseState.submitted
    case.assigned_at = now
    case.accept_due_at = now + timedelta(hours=category.accept_hours)
    add_event(session, case, EventKind.transferred, now, actor.id, reason, f"{grid.code}/{role.value}")
    await plan_timers(session, case, now)


async def resolve_case(
    session: AsyncSession,
    case: GridCase,
    actor: Person,
    note: str,
    evidence_media_id: int,
    now: datetime,
    autoclose_after: timedelta,
) -> None:
    _require(case, CaseState.accepted, CaseState.in_progress)
    case.state = CaseState.resolved
    case.resolved_at = now
    case.first_resolved_at = case.first_resolved_at or now
    if case.resolved_on_time is None or case.reopen_count == 0:
        case.resolved_on_time = now <= case.resolve_due_at
    case.question_open = False
    session.add(GridCasePhoto(case_id=case.id, media_id=evidence_media_id, evidence=True, created_at=now))
    add_event(session, case, EventKind.resolved, now, actor.id, note)
    await plan_timers(session, case, now)
    await timers.schedule(session, TIMER_AUTOCLOSE, case.id, now + autoclose_after)


async def reject_case(
    session: AsyncSession, case: GridCase, actor: Person, reason: str, go_instead: str, now: datetime
) -> None:
    _require(case, *OPEN_STATES)
    case.state = CaseState.rejected
    case.closed_at = now
    case.question_open = False
    add_event(session, case, EventKind.rejected, now, actor.id, reason, go_instead[:80])
    await plan_timers(session, case, now)


async def confirm_case(session: AsyncSession, case: GridCase, person: Person, satisfied: bool, now: datetime) -> None:
    """The reporter says it is fixed (satisfied or not): closed."""
    if case.reporter_id != person.id:
        raise DomainError("grid-not-reporter", case=case_number(case.id))
    _require(case, CaseState.resolved)
    case.state = CaseState.closed
    case.closed_at = now
    case.satisfied = satisfied
    add_event(session, case, EventKind.confirmed, now, person.id, detail="satisfied" if satisfied else "unsatisfied")
    await timers.cancel(session, TIMER_AUTOCLOSE, case.id)


async def auto_close(session: AsyncSession, case: GridCase, now: datetime) -> bool:
    if case.state is not CaseState.resolved:
        return False
    case.state = CaseState.closed
    case.closed_at = now
    add_event(session, case, EventKind.closed, now, detail="auto")
    return True


async def reopen_case(
    session: AsyncSession, case: GridCase, person: Person, reason: str, now: datetime, window: timedelta
) -> None:
    """ "It's back": the reporter or a follower, within the window after the resolution."""
    if case.reporter_id != person.id and not await is_follower(session, case.id, person.id):
        raise DomainError("grid-not-yours", case=case_number(case.id))
    _require(case, CaseState.resolved, CaseState.closed)
    if case.resolved_at is None or now > case.resolved_at + window:
        raise DomainError("grid-reopen-too-late", case=case_number(case.id), days=window.days)
    category = await session.get(GridCategory, case.category_id)
    assert category is not None
    case.state = CaseState.submitted
    case.reopen_count += 1
    case.closed_at = None
    case.resolved_at = None
    case.satisfied = None
    case.clock_started_at = case.assigned_at = now
    case.accept_due_at = now + timedelta(hours=category.accept_hours)
    case.resolve_due_at = now + timedelta(days=category.resolve_days)
    add_event(session, case, EventKind.reopened, now, person.id, reason)
    await plan_timers(session, case, now)


async def escalate(session: AsyncSession, case: GridCase, now: datetime) -> bool:
    """One level up if still overdue; a compare-and-set on the level, so a second runner changes nothing."""
    due = case.stage_due
    if due is None or due > now or case.level >= len(LEVELS) - 1:
        return False
    result = await session.execute(
        update(GridCase)
        .where(GridCase.id == case.id, GridCase.level == case.level)
        .values(level=case.level + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await session.refresh(case)
    add_event(session, case, EventKind.escalated, now, detail=LEVELS[case.level])
    return True


async def events_of(session: AsyncSession, case_id: int) -> Sequence[GridCaseEvent]:
    result = await session.scalars(
        select(GridCaseEvent).where(GridCaseEvent.case_id == case_id).order_by(GridCaseEvent.id)
    )
    return result.all()


async def photos_of(session: AsyncSession, case_id: int) -> Sequence[GridCasePhoto]:
    result = await session.scalars(
        select(GridCasePhoto).where(GridCasePhoto.case_id == case_id).order_by(GridCasePhoto.id)
    )
    return result.all()


async def my_cases(session: AsyncSession, person_id: int, limit: int = 10) -> Sequence[GridCase]:
    """Cases I reported or follow, newest first."""
    followed = select(GridCaseFollower.case_id).where(GridCaseFollower.person_id == person_id)
    result = await session.scalars(
        select(GridCase)
        .where(or_(GridCase.reporter_id == person_id, GridCase.id.in_(followed)))
        .order_by(GridCase.id.desc())
        .limit(limit)
    )
    return result.all()
