"""The residents' evaluation (群众评): a round per community and period, who was invited, anonymous answers.

Anonymity is in the schema, not only in the views. ``evaluation_invitations`` knows that a person was
invited to a round and whether they answered (so nobody answers twice and reminders skip those who did);
``evaluation_answers`` has no person column, no time and a random key, so nothing joins an answer back to
whoever gave it, not even the order of the rows. A person's scores are not linked to each other either:
each score and the comment are rows of their own.

Every count and average leaves the store as a ``Group`` that hides itself below ``MIN_SHOWN`` answers;
comments are handed out only when the round has at least ``MIN_SHOWN`` of them.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert
from models.booking.store import Booking, BookingStatus, Room
from models.errors import DomainError
from models.grid.store import GridCase, GridCategory
from models.hotline.cases import HotlineRequest, RequestStatus
from models.hotline.catalogue import HotlineService
from models.people import STAFF_ROLES, ChannelAccount, Person, RoleGrant
from models.places import Place, PlaceKind, community_of, tree_sorted

MIN_SHOWN = 5  # fewer answers than this and a figure could point at someone: not shown at all
MAX_COMMENT = 300
SCORES = (1, 2, 3, 4, 5)
OPEN_HOUR = 9  # a round opens at 09:00 local on the first day of the next period, not at midnight
REMIND_BEFORE = timedelta(days=3)

# Timer kinds (handlers/evaluation/jobs.py says what each does).
TIMER_OPEN = "evaluation.open"  # ref: a community id; opens its next round and schedules the one after
TIMER_REMIND = "evaluation.remind"  # ref: a round id; reminds, once, those who have not answered
TIMER_CLOSE = "evaluation.close"  # ref: a round id


class Kind(enum.StrEnum):
    """What a score is about: the community's work overall, or one kind of service the person used."""

    overall = "overall"
    booking = "booking"
    hotline = "hotline"
    grid = "grid"


SERVICE_KINDS = (Kind.booking, Kind.hotline, Kind.grid)
COMMENT = "comment"  # the kind of an answer row that holds a comment and no score


class EvaluationRound(Base):
    __tablename__ = "evaluation_rounds"
    __table_args__ = (UniqueConstraint("community_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date())  # first day of the period evaluated (local)
    period_months: Mapped[int]
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))  # None: the timer
    invited: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)  # a count only: who answered is in the invitations

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.closes_at


class EvaluationInvitation(Base):
    """That a person was invited to a round and whether they answered; never what they answered."""

    __tablename__ = "evaluation_invitations"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The day only: a minute would let whoever sees both tables guess whose answers came in just then.
    answered_on: Mapped[date | None] = mapped_column(Date())


class EvaluationAnswer(Base):
    """One score (or the comment) of one answer, with no person, no time and a key that keeps no order."""

    __tablename__ = "evaluation_answers"
    __table_args__ = (
        Index("ix_evaluation_answers_round_kind", "round_id", "kind"),
        CheckConstraint("score IS NULL OR (score >= 1 AND score <= 5)", name="score_range"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True, default=lambda: secrets.token_hex(8))
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    kind: Mapped[str] = mapped_column(String(16))  # a Kind, or COMMENT
    score: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)


# --- periods ---------------------------------------------------------------------------------------------


def period_start_of(day: date, months: int) -> date:
    """The first day of the period (of ``months`` months, counted from January) that holds ``day``."""
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def next_period_start(start: date, months: int) -> date:
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_end_at(start: date, months: int, tz: ZoneInfo) -> datetime:
    """When the period starting on ``start`` ends: midnight local, as an aware time."""
    return datetime.combine(next_period_start(start, months), time(0), tzinfo=tz)


def next_opening(now: datetime, months: int, tz: ZoneInfo) -> datetime:
    """When the automatic round for the period running at ``now`` opens: the next period's first day, 09:00."""
    start = period_start_of(now.astimezone(tz).date(), months)
    return datetime.combine(next_period_start(start, months), time(OPEN_HOUR), tzinfo=tz)


# --- rounds and invitations ---------------------------------------------------------------------------------


async def round_of(session: AsyncSession, community_id: int, period_start: date) -> EvaluationRound | None:
    return await session.scalar(
        select(EvaluationRound).where(
            EvaluationRound.community_id == community_id, EvaluationRound.period_start == period_start
        )
    )


async def open_round(
    session: AsyncSession,
    community: Place,
    period_start: date,
    months: int,
    now: datetime,
    open_days: int,
    opened_by: Person | None = None,
) -> EvaluationRound:
    """A new round for ``community`` about the period starting ``period_start``; refused if there is one
    already (one statement, so two openers at once make one round and one refusal)."""
    if community.kind is not PlaceKind.community:
        raise ValueError("rounds are per community")
    inserted = await session.execute(
        upsert_insert(session, EvaluationRound)
        .values(
            community_id=community.id,
            period_start=period_start,
            period_months=months,
            opened_at=now,
            closes_at=now + timedelta(days=open_days),
            opened_by_id=opened_by.id if opened_by is not None else None,
            invited=0,
            answered=0,
        )
        .on_conflict_do_nothing(index_elements=["community_id", "period_start"])
    )
    if not inserted.rowcount:  # type: ignore[attr-defined]
        raise DomainError("evaluation-round-exists")
    found = await round_of(session, community.id, period_start)
    assert found is not None
    return found


async def residents_to_invite(session: AsyncSession, community_id: int) -> Sequence[Person]:
    """Registered, not forgotten residents of the community who can be reached on some channel."""
    reachable = select(ChannelAccount.person_id).where(ChannelAccount.person_id == Person.id).exists()
    result = await session.scalars(
        select(Person)
        .where(
            Person.community_id == community_id,
            Person.consented_at.is_not(None),
            Person.forgotten_at.is_(None),
            reachable,
        )
        .order_by(Person.id)
    )
    return result.all()


async def invite(session: AsyncSession, evaluation: EvaluationRound, people: Iterable[Person], now: datetime) -> int:
    """Record the invitations (again for the same person: nothing); returns how many are new."""
    added = 0
    for person in people:
        result = await session.execute(
            upsert_insert(session, EvaluationInvitation)
            .values(round_id=evaluation.id, person_id=person.id, invited_at=now)
            .on_conflict_do_nothing(index_elements=["round_id", "person_id"])
        )
        added += result.rowcount or 0  # type: ignore[attr-defined]
    evaluation.invited += added
    await session.flush()
    return added


async def invitation_of(session: AsyncSession, round_id: int, person_id: int) -> EvaluationInvitation | None:
    return await session.scalar(
        select(EvaluationInvitation).where(
            EvaluationInvitation.round_id == round_id, EvaluationInvitation.person_id == person_id
        )
    )


async def not_answered(session: AsyncSession, round_id: int) -> Sequence[Person]:
    """Who was invited and has not answered (a reminder's audience), forgotten people left out."""
    result = await session.scalars(
        select(Person)
        .join(EvaluationInvitation, EvaluationInvitation.person_id == Person.id)
        .where(
            EvaluationInvitation.round_id == round_id,
            EvaluationInvitation.answered_on.is_(None),
            Person.forgotten_at.is_(None),
        )
        .order_by(Person.id)
    )
    return result.all()


async def close_round(session: AsyncSession, evaluation: EvaluationRound, now: datetime) -> bool:
    if evaluation.closed_at is not None:
        return False
    evaluation.closed_at = now
    await session.flush()
    return True


# --- answering --------------------------------------------------------------------------------------------


async def _locked_round(session: AsyncSession, round_id: int) -> EvaluationRound | None:
    query = select(EvaluationRound).where(EvaluationRound.id == round_id)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()  # a closing timer waits for an answer that is being written
    return await session.scalar(query)


async def check_may_answer(session: AsyncSession, round_id: int, person_id: int, now: datetime) -> EvaluationRound:
    """The round is open and the person was invited and has not answered, or a ``DomainError`` says why."""
    evaluation = await session.get(EvaluationRound, round_id)
    if evaluation is None or not evaluation.is_open(now):
        raise DomainError("evaluation-closed")
    invitation = await invitation_of(session, round_id, person_id)
    if invitation is None:
        raise DomainError("evaluation-not-invited")
    if invitation.answered_on is not None:
        raise DomainError("evaluation-already")
    return evaluation


async def submit_answers(
    session: AsyncSession,
    round_id: int,
    person_id: int,
    scores: Mapping[Kind, int | None],
    comment: str | None,
    now: datetime,
    tz: ZoneInfo,
) -> None:
    """Keep one person's answer. The invitation is marked answered by a conditional UPDATE, so of two
    submissions at once (two devices, a double tap) exactly one gets through; the other is refused."""
    evaluation = await _locked_round(session, round_id)
    if evaluation is None or not evaluation.is_open(now):
        raise DomainError("evaluation-closed")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise DomainError("evaluation-comment-too-long", max=MAX_COMMENT)
    marked = await session.execute(
        update(EvaluationInvitation)
        .where(
            EvaluationInvitation.round_id == round_id,
            EvaluationInvitation.person_id == person_id,
            EvaluationInvitation.answered_on.is_(None),
        )
        .values(answered_on=now.astimezone(tz).date())
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        invited = await invitation_of(session, round_id, person_id)
        raise DomainError("evaluation-already" if invited is not None else "evaluation-not-invited")
    await session.execute(
        update(EvaluationRound).where(EvaluationRound.id == round_id).values(answered=EvaluationRound.answered + 1)
    )
    for kind, score in scores.items():
        if score is None:
            continue
        if score not in SCORES:
            raise ValueError(f"a score is 1 to 5, not {score}")
        session.add(EvaluationAnswer(round_id=round_id, community_id=evaluation.community_id, kind=kind, score=score))
    if comment:
        session.add(
            EvaluationAnswer(round_id=round_id, community_id=evaluation.community_id, kind=COMMENT, comment=comment)
        )
    await session.flush()


# --- what the person used in the period -------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """One kind of service a person used in a period: how often, and the names of what it was."""

    kind: Kind
    count: int
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]

    def names(self, language: str) -> tuple[str, ...]:
        return self.names_en if language == "en" else self.names_zh


def _usage(kind: Kind, rows: Sequence[tuple[str, str]]) -> Usage | None:
    if not rows:
        return None
    zh = tuple(dict.fromkeys(row[0] for row in rows))
    en = tuple(dict.fromkeys(row[1] for row in rows))
    return Usage(kind, len(rows), zh, en)


async def usage_of(session: AsyncSession, person_id: int, since: datetime, until: datetime) -> list[Usage]:
    """The kinds of service the person used between ``since`` and ``until``, each named (rooms booked and
    kept, 12343 requests not cancelled, grid cases reported), in a fixed order; unused kinds are left out."""
    bookings = await session.execute(
        select(Room.name_zh, Room.name_en)
        .join(Booking, Booking.room_id == Room.id)
        .where(
            Booking.person_id == person_id,
            Booking.status == BookingStatus.confirmed,
            Booking.starts_at >= since,
            Booking.starts_at < until,
        )
        .order_by(Booking.starts_at)
    )
    requests = await session.execute(
        select(HotlineService.name_zh, HotlineService.name_en)
        .join(HotlineRequest, HotlineRequest.service_id == HotlineService.id)
        .where(
            HotlineRequest.requester_id == person_id,
            HotlineRequest.status != RequestStatus.cancelled,
            HotlineRequest.created_at >= since,
            HotlineRequest.created_at < until,
        )
        .order_by(HotlineRequest.created_at)
    )
    cases = await session.execute(
        select(GridCategory.name_zh, GridCategory.name_en)
        .join(GridCase, GridCase.category_id == GridCategory.id)
        .where(GridCase.reporter_id == person_id, GridCase.created_at >= since, GridCase.created_at < until)
        .order_by(GridCase.created_at)
    )
    found = [
        _usage(Kind.booking, [(a, b) for a, b in bookings]),
        _usage(Kind.hotline, [(a, b) for a, b in requests]),
        _usage(Kind.grid, [(a, b) for a, b in cases]),
    ]
    return [usage for usage in found if usage is not None]


def usage_window(evaluation: EvaluationRound, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """What a round asks about: from the period's start to its end, or to the opening if opened early."""
    since = datetime.combine(evaluation.period_start, time(0), tzinfo=tz)
    return since, min(period_end_at(evaluation.period_start, evaluation.period_months, tz), evaluation.opened_at)


# --- results ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The scores of one kind in one round; below ``MIN_SHOWN`` neither count nor average is given out."""

    count: int
    total: int

    @property
    def shown(self) -> bool:
        return self.count >= MIN_SHOWN

    @property
    def shown_count(self) -> int | None:
        return self.count if self.shown else None

    @property
    def average(self) -> float | None:
        return self.total / self.count if self.shown else None


@dataclass
class RoundResult:
    round: EvaluationRound
    community: Place
    groups: dict[Kind, Group] = field(default_factory=dict)
    answered: Group = field(default_factory=lambda: Group(0, 0))  # people who answered (count only)
    comments: list[str] = field(default_factory=list)  # empty unless there are at least MIN_SHOWN
    comments_hidden: bool = False  # some, but too few to show

    def group(self, kind: Kind) -> Group:
        return self.groups.get(kind, Group(0, 0))


async def round_results(session: AsyncSession, rounds: Sequence[EvaluationRound]) -> list[RoundResult]:
    """Each round's groups, answered count and comments, in the order given."""
    if not rounds:
        return []
    ids = [one.id for one in rounds]
    sums = await session.execute(
        select(EvaluationAnswer.round_id, EvaluationAnswer.kind, func.count(), func.sum(EvaluationAnswer.score))
        .where(EvaluationAnswer.round_id.in_(ids), EvaluationAnswer.kind != COMMENT)
        .group_by(EvaluationAnswer.round_id, EvaluationAnswer.kind)
    )
    groups: dict[int, dict[Kind, Group]] = {}
    for round_id, kind, count, total in sums:
        groups.setdefault(round_id, {})[Kind(kind)] = Group(int(count), int(total or 0))
    comments: dict[int, list[str]] = {}
    # Ordered by the random key: the order says nothing about who wrote first.
    for round_id, text in await session.execute(
        select(EvaluationAnswer.round_id, EvaluationAnswer.comment)
        .where(EvaluationAnswer.round_id.in_(ids), EvaluationAnswer.kind == COMMENT)
        .order_by(EvaluationAnswer.id)
    ):
        comments.setdefault(round_id, []).append(text or "")
    places = {
        place.id: place
        for place in await session.scalars(select(Place).where(Place.id.in_({r.community_id for r in rounds})))
    }
    results = []
    for one in rounds:
        said = comments.get(one.id, [])
        results.append(
            RoundResult(
                one,
                places[one.community_id],
                groups.get(one.id, {}),
                Group(one.answered, 0),
                said if len(said) >= MIN_SHOWN else [],
                0 < len(said) < MIN_SHOWN,
            )
        )
    return results


async def community_trend(session: AsyncSession, community_id: int, last: int = 4) -> list[RoundResult]:
    """The community's last ``last`` rounds, oldest first (as a trend is read)."""
    rounds = (
        await session.scalars(
            select(EvaluationRound)
            .where(EvaluationRound.community_id == community_id)
            .order_by(EvaluationRound.period_start.desc())
            .limit(last)
        )
    ).all()
    return await round_results(session, list(reversed(rounds)))


async def latest_period(session: AsyncSession, community_ids: Sequence[int]) -> date | None:
    if not community_ids:
        return None
    return await session.scalar(
        select(func.max(EvaluationRound.period_start)).where(EvaluationRound.community_id.in_(community_ids))
    )


async def compare_communities(
    session: AsyncSession, communities: Sequence[Place], period_start: date
) -> list[tuple[Place, RoundResult | None]]:
    """Each community's round of one period (None where it had none), in the order given."""
    rounds = (
        await session.scalars(
            select(EvaluationRound).where(
                EvaluationRound.community_id.in_([c.id for c in communities]),
                EvaluationRound.period_start == period_start,
            )
        )
    ).all()
    by_community = {result.community.id: result for result in await round_results(session, rounds)}
    return [(community, by_community.get(community.id)) for community in communities]


# --- whose results a staff member sees ----------------------------------------------------------------------


async def scope_communities(session: AsyncSession, person_id: int) -> list[Place]:
    """The communities a staff member's grants reach: a grid worker's is the community of their grid, a
    community's staff theirs, a street or district admin every community beneath."""
    grants = await session.scalars(
        select(Place)
        .join(RoleGrant, RoleGrant.place_id == Place.id)
        .where(RoleGrant.person_id == person_id, RoleGrant.role.in_(STAFF_ROLES))
    )
    found: dict[int, Place] = {}
    for place in grants.all():
        if place.kind in (PlaceKind.district, PlaceKind.street):
            beneath = await session.scalars(
                select(Place).where(Place.kind == PlaceKind.community, Place.path.startswith(place.path))
            )
            found.update({community.id: community for community in beneath})
        else:
            community = await community_of(session, place)
            if community is not None:
                found[community.id] = community
    return await tree_sorted(session, found.values())
