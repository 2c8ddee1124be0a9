"""How a poll reads, in one person's language: its heading, a household's label, the result in words."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.scope import Speaker
from models.people import Person
from models.places import Place
from models.polls.store import Poll, PollKind, PollOption, Tally, ranked, star_counts


async def place_name(session: AsyncSession, place_id: int | None, language: str) -> str:
    place = await session.get(Place, place_id) if place_id is not None else None
    return place.name(language) if place is not None else ""


async def flat_label(session: AsyncSession, person: Person, language: str) -> str:
    """ "3栋 201": the person's own flat, shown only to the person (a member of that household)."""
    building = await place_name(session, person.building_id, language)
    return " ".join(part for part in (building, (person.unit or "").strip()) if part)


async def heading(speak: Speaker, session: AsyncSession, poll: Poll) -> str:
    return speak.t(
        "polls-heading",
        title=poll.title(speak.language),
        place=await place_name(session, poll.place_id, speak.language),
        kind=poll.kind.value,
        unit=poll.ballot_unit.value,
        most=poll.max_choices,
        closes=speak.when(poll.closes_at),
    )


def percent(result: Tally) -> int:
    return round((result.turnout or 0) * 100)


def results_text(speak: Speaker, poll: Poll, options: Sequence[PollOption], result: Tally) -> str:
    if poll.kind is PollKind.score:
        lines = [speak.t("polls-star-line", stars=star, count=count) for star, count in star_counts(result)]
        average = result.average
        if average is not None:
            lines.append(speak.t("polls-average", average=f"{average:.1f}"))
    else:
        lines = [
            speak.t("polls-result-line", option=option.text(speak.language), count=count)
            for option, count in ranked(options, result)
        ]
    turnout = speak.t(
        "polls-turnout",
        unit=poll.ballot_unit.value,
        ballots=result.ballots,
        eligible=result.eligible,
        percent=percent(result),
    )
    return "\n".join([*lines, turnout])
