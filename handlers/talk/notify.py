"""Who is told what in 居民说事: the community's staff of a new matter and of one that reached its
threshold; a matter's author and supporters of staff's answer, of the agenda and of the meeting's outcome;
those who signed up for a meeting of its reminder and of a cancellation. Shared by chat, timers and the
console. Residents' news is never urgent: it waits for the morning during quiet hours."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select

from handlers.core.messages import Reply
from handlers.core.scope import Scope, Speaker
from handlers.talk.buttons import TalkAnswer, TalkJoin, TalkMeeting, TalkView
from models.people import Person, Role, RoleGrant
from models.talk.store import Matter, MatterStatus, Meeting, supporter_ids

Render = Callable[[Speaker], Reply]


async def _people(scope: Scope, ids: Sequence[int]) -> list[Person]:
    if not ids:
        return []
    found = await scope.session.scalars(select(Person).where(Person.id.in_(set(ids)), Person.forgotten_at.is_(None)))
    return list(found)


async def _tell(scope: Scope, people: Sequence[Person], kind: str, render: Render, *, quiet: bool = True) -> int:
    told = 0
    for person in people:
        told += await scope.notify(
            person, kind, lambda language: render(Speaker(scope.services, language)), quiet=quiet
        )
    return told


async def community_staff(scope: Scope, community_id: int) -> list[Person]:
    """Who answers the community's matters: its own staff (the admins above see them in the console)."""
    ids = await scope.session.scalars(
        select(RoleGrant.person_id).where(RoleGrant.place_id == community_id, RoleGrant.role == Role.community_staff)
    )
    return await _people(scope, list(ids))


async def tell_staff_new(scope: Scope, matter: Matter) -> int:
    def render(speak: Speaker) -> Reply:
        return Reply(
            speak.t("talk-told-staff-new", number=matter.number, title=matter.title, body=matter.body[:200]),
            (
                (speak.button("talk-button-view", TalkView(matter.id)),),
                (
                    speak.button("talk-decide-accept", TalkAnswer(matter.id, "accept")),
                    speak.button("talk-decide-agenda", TalkAnswer(matter.id, "agenda")),
                    speak.button("talk-decide-decline", TalkAnswer(matter.id, "decline")),
                ),
            ),
        )

    return await _tell(scope, await community_staff(scope, matter.community_id), "talk.new", render, quiet=True)


async def tell_threshold(scope: Scope, matter: Matter) -> int:
    """The matter went on the agenda by its supports: its supporters, and the staff who will hold the meeting."""

    def render(speak: Speaker) -> Reply:
        return Reply(
            speak.t("talk-told-threshold", number=matter.number, title=matter.title, supports=matter.supports),
            ((speak.button("talk-button-view", TalkView(matter.id)), speak.menu_button()),),
        )

    supporters = await _people(scope, await supporter_ids(scope.session, matter.id))
    staff = await community_staff(scope, matter.community_id)
    return await _tell(scope, [*supporters, *staff], "talk.agenda", render)


async def tell_answer(scope: Scope, matter: Matter) -> int:
    """Staff's answer (accepted, on the agenda, declined), to the author and every supporter."""

    def render(speak: Speaker) -> Reply:
        if matter.status is MatterStatus.agenda:
            text = speak.t("talk-told-agenda", number=matter.number, title=matter.title)
        else:  # accepted or declined: the store made sure there is an answer
            text = speak.t(
                "talk-told-accepted" if matter.status is MatterStatus.accepted else "talk-told-declined",
                number=matter.number,
                title=matter.title,
                answer=str(matter.answer),
            )
        return Reply(text, ((speak.button("talk-button-view", TalkView(matter.id)), speak.menu_button()),))

    supporters = await _people(scope, await supporter_ids(scope.session, matter.id))
    return await _tell(scope, supporters, "talk.answer", render)


async def tell_outcomes(scope: Scope, meeting: Meeting, decided: Sequence[Matter], signups: Sequence[int]) -> int:
    """After the minutes: each matter's supporters get what was decided about it; those who signed up for
    the meeting and supported nothing on it get the minutes' summary."""
    told = 0
    reached: set[int] = set()
    for matter in decided:

        def render(speak: Speaker, matter: Matter = matter) -> Reply:
            return Reply(
                speak.t("talk-told-outcome", title=matter.title, meeting=meeting.title, outcome=str(matter.outcome)),
                ((speak.button("talk-button-meeting", TalkMeeting(meeting.id)), speak.menu_button()),),
            )

        ids = await supporter_ids(scope.session, matter.id)
        reached.update(ids)
        told += await _tell(scope, await _people(scope, ids), "talk.outcome", render)

    def summary(speak: Speaker) -> Reply:
        return Reply(
            speak.t("talk-told-minutes", meeting=meeting.title),
            ((speak.button("talk-button-meeting", TalkMeeting(meeting.id)), speak.menu_button()),),
        )

    rest = [person_id for person_id in signups if person_id not in reached]
    return told + await _tell(scope, await _people(scope, rest), "talk.minutes", summary)


async def tell_cancelled(scope: Scope, meeting: Meeting, signups: Sequence[int]) -> int:
    def render(speak: Speaker) -> Reply:
        return Reply(
            speak.t("talk-told-cancelled", meeting=meeting.title, when=speak.when(meeting.starts_at)),
            ((speak.button("talk-button-meetings", TalkMeeting(meeting.id)), speak.menu_button()),),
        )

    return await _tell(scope, await _people(scope, signups), "talk.cancelled", render, quiet=False)


async def tell_reminder(scope: Scope, meeting: Meeting, signups: Sequence[int], place: Callable[[str], str]) -> int:
    def render(speak: Speaker) -> Reply:
        return Reply(
            speak.t(
                "talk-told-reminder",
                meeting=meeting.title,
                when=speak.when(meeting.starts_at),
                place=place(speak.language),
            ),
            (
                (
                    speak.button("talk-button-meeting", TalkMeeting(meeting.id)),
                    speak.button("talk-withdraw", TalkJoin(meeting.id, 0)),
                ),
                (speak.menu_button(),),
            ),
        )

    return await _tell(scope, await _people(scope, signups), "talk.reminder", render)
