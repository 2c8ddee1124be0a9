"""Polls and votes (投票表决) of a community or a building, and model-household nominations (文明家庭评选).

One ballot per household or per person, chosen per poll. A ballot is keyed ``h:<building_id>:<unit>`` (the
unit normalised, so "201室" and "２０１" are one flat) or ``p:<person_id>``; the UNIQUE (poll_id, ballot_key)
constraint and an INSERT … ON CONFLICT DO NOTHING are what leave exactly one ballot however many members of
a flat press at once, on however many channels. The member who cast it may change it until the close.

Closing freezes the result into the poll row (``final``): ballots are refused from then on, and nothing
that arrives later can change what was announced. Casting takes the poll row FOR SHARE (PostgreSQL), closing
takes it FOR UPDATE, so a ballot is either in the frozen count or refused, never lost in between.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    ForeignKey,
    String,
    UniqueConstraint,
    delete,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert, utcnow
from models.errors import DomainError
from models.people import Person
from models.places import Place, PlaceKind

MAX_TITLE_CHARS = 80
MAX_OPTION_CHARS = 40
MIN_OPTIONS = 2
MAX_OPTIONS = 10
MAX_PROPOSALS_PER_PERSON = 3
STARS = (1, 2, 3, 4, 5)


class PollKind(enum.StrEnum):
    single = "single"
    multiple = "multiple"  # up to ``max_choices`` options
    score = "score"  # 1–5 stars


class BallotUnit(enum.StrEnum):
    household = "household"  # one ballot per flat
    person = "person"


class Phase(enum.StrEnum):
    nominating = "nominating"  # residents propose options
    scheduled = "scheduled"  # not open yet
    open = "open"
    closed = "closed"


class OptionStatus(enum.StrEnum):
    proposed = "proposed"  # a resident's nomination, waiting for staff
    approved = "approved"  # on the ballot
    rejected = "rejected"


class Poll(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)  # a community or a building
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    kind: Mapped[PollKind] = mapped_column(Enum(PollKind, native_enum=False, length=16))
    ballot_unit: Mapped[BallotUnit] = mapped_column(Enum(BallotUnit, native_enum=False, length=16))
    title_zh: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    title_en: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS * 2), default="")
    max_choices: Mapped[int] = mapped_column(default=1)
    results_hidden: Mapped[bool] = mapped_column(Boolean, default=True)
    nominating_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The result as it stood at the close: {"counts": {key: n}, "ballots": n, "eligible": n}.
    final: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_zh

    def phase(self, now: datetime) -> Phase:
        if self.closed_at is not None or now >= self.closes_at:
            return Phase.closed
        if self.nominating_until is not None and now < self.nominating_until:
            return Phase.nominating
        if now < self.opens_at:
            return Phase.scheduled
        return Phase.open

    @property
    def household(self) -> bool:
        return self.ballot_unit is BallotUnit.household


class PollOption(Base):
    __tablename__ = "poll_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    text_zh: Mapped[str] = mapped_column(String(MAX_OPTION_CHARS))
    text_en: Mapped[str] = mapped_column(String(MAX_OPTION_CHARS * 2), default="")
    status: Mapped[OptionStatus] = mapped_column(Enum(OptionStatus, native_enum=False, length=16))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def text(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_zh


class PollBallot(Base):
    __tablename__ = "poll_ballots"
    __table_args__ = (UniqueConstraint("poll_id", "ballot_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    ballot_key: Mapped[str] = mapped_column(String(80))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))  # for turnout by building
    score: Mapped[int | None]
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PollBallotChoice(Base):
    __tablename__ = "poll_ballot_choices"

    ballot_id: Mapped[int] = mapped_column(ForeignKey("poll_ballots.id", ondelete="CASCADE"), primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_options.id", ondelete="CASCADE"), primary_key=True)


# --- households ---------------------------------------------------------------------------------------


def normalise_unit(unit: str | None) -> str:
    """ "2单元 301室", "２单元301" and "2单元301号" are one flat: NFKC, no spaces, lower case, no trailing 室/号."""
    text = unicodedata.normalize("NFKC", unit or "")
    text = "".join(text.split()).lower()
    while text and text[-1] in "室号":
        text = text[:-1]
    return text


def ballot_key(poll: Poll, person: Person) -> str:
    if not poll.household:
        return f"p:{person.id}"
    unit = normalise_unit(person.unit)
    if person.building_id is None:
        raise DomainError("polls-need-building")
    if not unit:
        raise DomainError("polls-need-unit")
    return f"h:{person.building_id}:{unit}"[:80]


# --- creating -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionText:
    zh: str
    en: str = ""


@dataclass(frozen=True)
class PollDraft:
    place: Place
    kind: PollKind
    ballot_unit: BallotUnit
    title_zh: str
    closes_at: datetime
    options: Sequence[OptionText] = ()
    title_en: str = ""
    max_choices: int = 1
    results_hidden: bool = True
    opens_at: datetime | None = None  # None: now (or when nominations end)
    nominating_until: datetime | None = None


def _check_draft(draft: PollDraft, now: datetime) -> None:
    if draft.place.kind not in (PlaceKind.community, PlaceKind.building):
        raise DomainError("polls-bad-place")
    if not draft.title_zh.strip():
        raise DomainError("polls-need-title")
    if len(draft.title_zh) > MAX_TITLE_CHARS or len(draft.title_en) > MAX_TITLE_CHARS * 2:
        raise DomainError("polls-title-too-long", max=MAX_TITLE_CHARS)
    if draft.closes_at <= now:
        raise DomainError("polls-close-in-past")
    if draft.nominating_until is not None:
        if draft.kind is PollKind.score:
            raise DomainError("polls-score-no-nominations")
        if not now < draft.nominating_until < draft.closes_at:
            raise DomainError("polls-nominations-window")
    opens_at = draft.opens_at or draft.nominating_until or now
    if opens_at >= draft.closes_at:
        raise DomainError("polls-close-before-open")
    texts = [option.zh.strip() for option in draft.options]
    if any(len(text) > MAX_OPTION_CHARS or not text for text in texts):
        raise DomainError("polls-option-too-long", max=MAX_OPTION_CHARS)
    if len(set(texts)) != len(texts):
        raise DomainError("polls-option-twice")
    if draft.kind is PollKind.score:
        if texts:
            raise DomainError("polls-score-no-options")
        return
    least = 0 if draft.nominating_until is not None else MIN_OPTIONS
    if not least <= len(texts) <= MAX_OPTIONS:
        raise DomainError("polls-option-count", least=MIN_OPTIONS, most=MAX_OPTIONS)
    if draft.kind is PollKind.multiple and not 2 <= draft.max_choices <= max(len(texts), MAX_OPTIONS):
        raise DomainError("polls-bad-max-choices")


async def create_poll(session: AsyncSession, draft: PollDraft, now: datetime, created_by: Person | None) -> Poll:
    _check_draft(draft, now)
    community = draft.place
    if draft.place.kind is PlaceKind.building:
        found = await session.scalar(
            select(Place).where(Place.id.in_(draft.place.ancestor_ids), Place.kind == PlaceKind.community)
        )
        if found is None:
            raise DomainError("polls-bad-place")
        community = found
    poll = Poll(
        place_id=draft.place.id,
        community_id=community.id,
        kind=draft.kind,
        ballot_unit=draft.ballot_unit,
        title_zh=draft.title_zh.strip(),
        title_en=draft.title_en.strip(),
        max_choices=draft.max_choices if draft.kind is PollKind.multiple else 1,
        results_hidden=draft.results_hidden,
        nominating_until=draft.nominating_until,
        opens_at=draft.opens_at or draft.nominating_until or now,
        closes_at=draft.closes_at,
        created_by_id=created_by.id if created_by else None,
        created_at=now,
    )
    session.add(poll)
    await session.flush()
    session.add_all(
        PollOption(poll_id=poll.id, text_zh=option.zh.strip(), text_en=option.en.strip(), status=OptionStatus.approved)
        for option in draft.options
    )
    await session.flush()
    return poll


# --- who may vote, what is open ---------------------------------------------------------------------


def may_vote(poll: Poll, person: Person) -> bool:
    """Registered residents of the poll's place (its community, or the building for a building poll)."""
    if not person.is_registered or person.community_id != poll.community_id:
        return False
    return poll.place_id in (person.community_id, person.building_id)


def _live_for(person: Person, now: datetime) -> Any:
    places = [place for place in (person.community_id, person.building_id) if place is not None]
    return (
        Poll.place_id.in_(places),
        Poll.community_id == person.community_id,
        Poll.closed_at.is_(None),
        Poll.closes_at > now,
        or_(Poll.opens_at <= now, Poll.nominating_until.is_not(None)),
    )


async def has_live_poll(session: AsyncSession, person: Person, now: datetime) -> bool:
    """A poll open (or taking nominations) for this person: one query, for the menu."""
    if not person.is_registered:
        return False
    return bool(await session.scalar(select(exists().where(*_live_for(person, now)))))


async def live_polls(session: AsyncSession, person: Person, now: datetime) -> Sequence[Poll]:
    if not person.is_registered:
        return []
    result = await session.scalars(select(Poll).where(*_live_for(person, now)).order_by(Poll.closes_at, Poll.id))
    return result.all()


async def polls_of_communities(session: AsyncSession, community_ids: Sequence[int], limit: int = 100) -> Sequence[Poll]:
    if not community_ids:
        return []
    result = await session.scalars(
        select(Poll)
        .where(Poll.community_id.in_(community_ids))
        .order_by(Poll.created_at.desc(), Poll.id.desc())
        .limit(limit)
    )
    return result.all()


async def options_of(
    session: AsyncSession, poll_id: int, status: OptionStatus | None = OptionStatus.approved
) -> Sequence[PollOption]:
    query = select(PollOption).where(PollOption.poll_id == poll_id)
    if status is not None:
        query = query.where(PollOption.status == status)
    return (await session.scalars(query.order_by(PollOption.id))).all()


# --- ballots ------------------------------------------------------------------------------------------


class Cast(enum.StrEnum):
    cast = "cast"  # a new ballot
    changed = "changed"  # the caster changed theirs
    taken = "taken"  # another member of the household voted already


@dataclass(frozen=True)
class CastResult:
    outcome: Cast
    ballot: PollBallot


async def _poll_for_ballot(session: AsyncSession, poll_id: int) -> Poll:
    """The poll row, re-read and held FOR SHARE: a close (FOR UPDATE) waits for this ballot, or this for it."""
    poll = await session.scalar(
        select(Poll).where(Poll.id == poll_id).with_for_update(read=True).execution_options(populate_existing=True)
    )
    if poll is None:
        raise DomainError("polls-gone")
    return poll


async def _valid_choices(session: AsyncSession, poll: Poll, option_ids: Sequence[int], score: int | None) -> list[int]:
    if poll.kind is PollKind.score:
        if score not in STARS or option_ids:
            raise DomainError("polls-choose-stars")
        return []
    if score is not None:
        raise DomainError("polls-choose-options")
    chosen = sorted(set(option_ids))
    if not chosen:
        raise DomainError("polls-choose-one")
    if len(chosen) > poll.max_choices:
        raise DomainError("polls-too-many-choices", max=poll.max_choices)
    allowed = {option.id for option in await options_of(session, poll.id)}
    if not set(chosen) <= allowed:
        raise DomainError("polls-option-gone")
    return chosen


async def household_ballot(session: AsyncSession, poll: Poll, person: Person) -> PollBallot | None:
    """The ballot that counts for this person (their household's, or their own); None if none yet."""
    try:
        key = ballot_key(poll, person)
    except DomainError:
        return None
    return await session.scalar(select(PollBallot).where(PollBallot.poll_id == poll.id, PollBallot.ballot_key == key))


async def cast_ballot(
    session: AsyncSession,
    poll_id: int,
    person: Person,
    now: datetime,
    *,
    option_ids: Sequence[int] = (),
    score: int | None = None,
) -> CastResult:
    """Cast (or change) the person's ballot. A closed poll, an ineligible person, a bad choice: DomainError.
    Another member of the household having voted is an outcome (``Cast.taken``), not an error."""
    poll = await _poll_for_ballot(session, poll_id)
    phase = poll.phase(now)
    if phase is Phase.closed:
        raise DomainError("polls-closed")
    if phase is not Phase.open:
        raise DomainError("polls-not-open-yet")
    if not may_vote(poll, person):
        raise DomainError("polls-not-eligible")
    key = ballot_key(poll, person)
    chosen = await _valid_choices(session, poll, option_ids, score)
    inserted = await session.scalar(
        upsert_insert(session, PollBallot)
        .values(
            poll_id=poll.id,
            ballot_key=key,
            person_id=person.id,
            building_id=person.building_id,
            score=score,
            cast_at=now,
        )
        .on_conflict_do_nothing(index_elements=["poll_id", "ballot_key"])
        .returning(PollBallot.id)
    )
    if inserted is not None:
        session.add_all(PollBallotChoice(ballot_id=inserted, option_id=option_id) for option_id in chosen)
        await session.flush()
        ballot = await session.get(PollBallot, inserted)
        assert ballot is not None
        return CastResult(Cast.cast, ballot)
    ballot = await session.scalar(
        select(PollBallot)
        .where(PollBallot.poll_id == poll.id, PollBallot.ballot_key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert ballot is not None  # the conflict was with this row, and ballots are never deleted while open
    if ballot.person_id != person.id:
        return CastResult(Cast.taken, ballot)
    await session.execute(delete(PollBallotChoice).where(PollBallotChoice.ballot_id == ballot.id))
    session.add_all(PollBallotChoice(ballot_id=ballot.id, option_id=option_id) for option_id in chosen)
    ballot.score = score
    ballot.changed_at = now
    await session.flush()
    return CastResult(Cast.changed, ballot)


async def choices_of(session: AsyncSession, ballot_id: int) -> list[int]:
    result = await session.scalars(
        select(PollBallotChoice.option_id)
        .where(PollBallotChoice.ballot_id == ballot_id)
        .order_by(PollBallotChoice.option_id)
    )
    return list(result.all())


# --- nominations --------------------------------------------------------------------------------------


async def propose_option(session: AsyncSession, poll_id: int, person: Person, text: str, now: datetime) -> PollOption:
    """A resident's nomination, waiting for staff to approve it onto the ballot."""
    poll = await _poll_for_ballot(session, poll_id)
    if poll.phase(now) is not Phase.nominating:
        raise DomainError("polls-nominations-closed")
    if not may_vote(poll, person):
        raise DomainError("polls-not-eligible")
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_OPTION_CHARS:
        raise DomainError("polls-option-too-long", max=MAX_OPTION_CHARS)
    mine = await session.scalar(
        select(func.count())
        .select_from(PollOption)
        .where(PollOption.poll_id == poll.id, PollOption.proposed_by_id == person.id)
    )
    if int(mine or 0) >= MAX_PROPOSALS_PER_PERSON:
        raise DomainError("polls-proposals-full", max=MAX_PROPOSALS_PER_PERSON)
    same = await session.scalar(
        select(PollOption.id).where(
            PollOption.poll_id == poll.id, PollOption.text_zh == cleaned, PollOption.status != OptionStatus.rejected
        )
    )
    if same is not None:
        raise DomainError("polls-option-twice")
    option = PollOption(
        poll_id=poll.id, text_zh=cleaned, status=OptionStatus.proposed, proposed_by_id=person.id, created_at=now
    )
    session.add(option)
    await session.flush()
    return option


async def moderate_option(session: AsyncSession, option_id: int, approve: bool, now: datetime) -> PollOption:
    option = await session.get(PollOption, option_id)
    if option is None:
        raise DomainError("polls-option-gone")
    poll = await _poll_for_ballot(session, option.poll_id)
    if poll.phase(now) is Phase.closed:
        raise DomainError("polls-closed")
    if option.status is not OptionStatus.proposed:
        raise DomainError("polls-option-moderated")
    if approve and poll.phase(now) is Phase.open:
        raise DomainError("polls-nominations-closed")  # the ballot does not change under voters' feet
    if approve and len(await options_of(session, poll.id)) >= MAX_OPTIONS:
        raise DomainError("polls-option-count", least=MIN_OPTIONS, most=MAX_OPTIONS)
    option.status = OptionStatus.approved if approve else OptionStatus.rejected
    await session.flush()
    return option


# --- results ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]  # option id (as text) or star ("1"…"5") -> ballots
    ballots: int
    eligible: int
    by_building: dict[int, int] = field(default_factory=dict)  # building id -> ballots

    @property
    def turnout(self) -> float | None:
        return self.ballots / self.eligible if self.eligible else None

    def count(self, key: int | str) -> int:
        return self.counts.get(str(key), 0)

    @property
    def average(self) -> float | None:
        """For a score poll: the mean number of stars."""
        total = sum(self.counts.get(str(star), 0) for star in STARS)
        return sum(star * self.counts.get(str(star), 0) for star in STARS) / total if total else None


async def eligible_count(session: AsyncSession, poll: Poll) -> int:
    """Households (flats of registered residents; one without a unit counts as its own) or persons."""
    place = Person.building_id if poll.place_id != poll.community_id else Person.community_id
    rows = await session.execute(
        select(Person.id, Person.building_id, Person.unit).where(
            place == poll.place_id, Person.consented_at.is_not(None), Person.forgotten_at.is_(None)
        )
    )
    if not poll.household:
        return len(rows.all())
    flats = set()
    for person_id, building_id, unit in rows:
        normalised = normalise_unit(unit)
        flats.add(f"{building_id}:{normalised}" if building_id is not None and normalised else f"p:{person_id}")
    return len(flats)


async def _count_now(session: AsyncSession, poll: Poll) -> Tally:
    if poll.kind is PollKind.score:
        rows = await session.execute(
            select(PollBallot.score, func.count()).where(PollBallot.poll_id == poll.id).group_by(PollBallot.score)
        )
    else:
        rows = await session.execute(
            select(PollBallotChoice.option_id, func.count())
            .join(PollBallot, PollBallot.id == PollBallotChoice.ballot_id)
            .where(PollBallot.poll_id == poll.id)
            .group_by(PollBallotChoice.option_id)
        )
    counts = {str(key): int(count) for key, count in rows if key is not None}
    buildings = await session.execute(
        select(PollBallot.building_id, func.count())
        .where(PollBallot.poll_id == poll.id)
        .group_by(PollBallot.building_id)
    )
    by_building = {int(building): int(count) for building, count in buildings if building is not None}
    ballots = int(await session.scalar(select(func.count()).where(PollBallot.poll_id == poll.id)) or 0)
    return Tally(counts, ballots, await eligible_count(session, poll), by_building)


async def tally(session: AsyncSession, poll: Poll) -> Tally:
    """The frozen result of a closed poll; the running count of an open one."""
    if poll.final is not None:
        final = poll.final
        by_building = {int(key): int(value) for key, value in final.get("by_building", {}).items()}
        return Tally(dict(final["counts"]), int(final["ballots"]), int(final["eligible"]), by_building)
    return await _count_now(session, poll)


async def close_poll(session: AsyncSession, poll_id: int, now: datetime) -> Poll | None:
    """Freeze the result; None if it was closed already (the timer and a staff member may both try)."""
    poll = await session.scalar(
        select(Poll).where(Poll.id == poll_id).with_for_update().execution_options(populate_existing=True)
    )
    if poll is None or poll.final is not None:
        return None
    result = await _count_now(session, poll)
    poll.final = {
        "counts": result.counts,
        "ballots": result.ballots,
        "eligible": result.eligible,
        "by_building": {str(key): value for key, value in result.by_building.items()},
    }
    poll.closed_at = min(now, poll.closes_at) if poll.closed_at is None else poll.closed_at
    await session.flush()
    return poll


async def voters(session: AsyncSession, poll_id: int, *, after: int = 0, limit: int | None = None) -> Sequence[Person]:
    """Who cast a ballot (for the household: the member who did), still known to us; by id, from ``after``."""
    result = await session.scalars(
        select(Person)
        .join(PollBallot, PollBallot.person_id == Person.id)
        .where(PollBallot.poll_id == poll_id, Person.forgotten_at.is_(None), Person.id > after)
        .order_by(Person.id)
        .limit(limit)
    )
    return result.all()


async def residents_of(
    session: AsyncSession, poll: Poll, *, after: int = 0, limit: int | None = None
) -> Sequence[Person]:
    """Everyone who may vote in the poll, for its announcement; by id, from ``after``."""
    place = Person.building_id if poll.place_id != poll.community_id else Person.community_id
    result = await session.scalars(
        select(Person)
        .where(
            place == poll.place_id,
            Person.community_id == poll.community_id,
            Person.consented_at.is_not(None),
            Person.forgotten_at.is_(None),
            Person.id > after,
        )
        .order_by(Person.id)
        .limit(limit)
    )
    return result.all()


def ranked(options: Sequence[PollOption], result: Tally) -> list[tuple[PollOption, int]]:
    return sorted(((option, result.count(option.id)) for option in options), key=lambda pair: (-pair[1], pair[0].id))


def star_counts(result: Tally) -> list[tuple[int, int]]:
    return [(star, result.count(star)) for star in STARS]
