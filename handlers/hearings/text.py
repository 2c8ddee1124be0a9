"""How a hearing reads, in one person's language: its public page, the notice, the invitation, the
reminder, the outcome. Only public fields are used here (subject, description, time, place, counts,
outcome): ``Hearing.applicant_details`` is for the console's staff pages and never passes through this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import handlers.core.scope as core_scope
from handlers.core.messages import Button, Reply
from handlers.hearings.buttons import HearingAnswer, HearingOpinionButton, HearingView
from models.booking.store import Centre, Room
from models.hearings.store import Hearing, HearingStatus


@dataclass(frozen=True)
class Venue:
    """Where a hearing is held: the held room of a community centre."""

    room: Room
    centre: Centre

    def name(self, language: str) -> str:
        return f"{self.centre.name(language)} · {self.room.name(language)}"


async def venue_of(session: AsyncSession, hearing: Hearing) -> Venue:
    room = await session.get(Room, hearing.room_id)
    assert room is not None
    centre = await session.get(Centre, room.centre_id)
    assert centre is not None
    return Venue(room, centre)


class Speaker(core_scope.Speaker):
    """The core speaker with the hearings' phrases."""

    def span(self, hearing: Hearing) -> str:
        """ "12月14日 14:30–16:30" in the community's zone: the end on the same day needs only its time."""
        tz = self.services.settings.tz
        return f"{self.when(hearing.starts_at)}–{hearing.ends_at.astimezone(tz):%H:%M}"

    def kind(self, hearing: Hearing) -> str:
        return self.t("hearings-kind", kind=hearing.kind.value)

    def phase(self, hearing: Hearing, now: datetime) -> str:
        return self.t("hearings-phase", phase=phase_of(hearing, now))

    def page(self, hearing: Hearing, venue: Venue, opinions: int) -> str:
        """The public page: what every resident of the community may read."""
        text = self.t(
            "hearings-page",
            subject=hearing.subject,
            kind=self.kind(hearing),
            time=self.span(hearing),
            place=venue.name(self.language),
            address=venue.centre.address(self.language),
            notice_from=self.when(hearing.published_at) if hearing.published_at else "",
            notice_until=self.when(hearing.notice_ends_at),
            opinions=opinions,
            description=hearing.description,
        )
        if hearing.status is HearingStatus.decided and hearing.outcome:
            text += "\n\n" + self.t("hearings-page-outcome", outcome=hearing.outcome)
        elif hearing.status is HearingStatus.cancelled:
            text += "\n\n" + self.t("hearings-page-cancelled")
        return text

    def view_button(self, hearing: Hearing) -> Button:
        return self.button("hearings-read-button", HearingView(hearing.id))

    def opinion_button(self, hearing: Hearing, *, edit: bool = False) -> Button:
        return self.button("hearings-opinion-button", HearingOpinionButton(hearing.id), edit="yes" if edit else "no")

    def answer_row(self, hearing: Hearing) -> tuple[Button, ...]:
        return (
            self.button("hearings-confirm-button", HearingAnswer(hearing.id, 1)),
            self.button("hearings-decline-button", HearingAnswer(hearing.id, 0)),
        )


Render = Callable[[str], Reply]


def notice_render(services: core_scope.Services, hearing: Hearing, venue: Venue) -> Render:
    """The notice (公示) as each resident receives it: read it, write an opinion."""

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t(
            "hearings-notice",
            subject=hearing.subject,
            time=speak.span(hearing),
            place=venue.name(language),
            until=speak.when(hearing.notice_ends_at),
        )
        rows = ((speak.view_button(hearing),), (speak.opinion_button(hearing),), (speak.menu_button(),))
        return Reply(text, rows)

    return render


def invitation_render(services: core_scope.Services, hearing: Hearing, venue: Venue) -> Render:
    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t(
            "hearings-invitation",
            subject=hearing.subject,
            time=speak.span(hearing),
            place=venue.name(language),
            address=venue.centre.address(language),
        )
        rows = (speak.answer_row(hearing), (speak.view_button(hearing),), (speak.menu_button(),))
        return Reply(text, rows)

    return render


def reminder_render(services: core_scope.Services, hearing: Hearing, venue: Venue, *, answered: bool) -> Render:
    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t(
            "hearings-reminder",
            subject=hearing.subject,
            time=speak.span(hearing),
            place=venue.name(language),
            answered="yes" if answered else "no",
        )
        rows: list[tuple[Button, ...]] = [] if answered else [speak.answer_row(hearing)]
        rows += [(speak.view_button(hearing),), (speak.menu_button(),)]
        return Reply(text, tuple(rows))

    return render


def outcome_render(services: core_scope.Services, hearing: Hearing) -> Render:
    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t("hearings-outcome-told", subject=hearing.subject, outcome=str(hearing.outcome))
        return Reply(text, ((speak.view_button(hearing),), (speak.menu_button(),)))

    return render


def cancelled_render(services: core_scope.Services, hearing: Hearing) -> Render:
    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t("hearings-cancelled-told", subject=hearing.subject, time=speak.span(hearing))
        return Reply(text, ((speak.menu_button(),),))

    return render


def phase_of(hearing: Hearing, now: datetime) -> str:
    """Where a hearing stands, as people ask it: taking opinions, still to come, held and awaiting its outcome."""
    if hearing.status is not HearingStatus.noticed:
        return hearing.status.value  # draft, decided, cancelled
    if now < hearing.notice_ends_at:
        return "notice"
    return "upcoming" if now < hearing.starts_at else "held"
