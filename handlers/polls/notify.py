"""Messages to staff about a poll: a nomination waiting for approval goes to whoever opened the poll (or,
if nobody did from chat, the community's staff), with the buttons to approve or reject it there."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from handlers.core.messages import Reply
from handlers.core.scope import Scope, Speaker
from handlers.polls.buttons import PollManage, PollModerate
from models.people import Person, Role, RoleGrant
from models.polls.store import Poll, PollOption


async def moderators(scope: Scope, poll: Poll) -> Sequence[Person]:
    if poll.created_by_id is not None:
        creator = await scope.session.get(Person, poll.created_by_id)
        if creator is not None and creator.forgotten_at is None:
            return [creator]
    result = await scope.session.scalars(
        select(Person)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(RoleGrant.role == Role.community_staff, RoleGrant.place_id == poll.community_id)
        .order_by(Person.id)
    )
    return result.unique().all()


async def ask_staff_to_moderate(scope: Scope, poll: Poll, option: PollOption) -> int:
    """The nomination's text and the poll's title only: who proposed it is not said."""

    def render(language: str) -> Reply:
        speak = Speaker(scope.services, language)
        return Reply(
            speak.t("polls-moderate-request", title=poll.title(language), option=option.text_zh),
            (
                (
                    speak.button("polls-approve-button", PollModerate(option.id, 1)),
                    speak.button("polls-reject-button", PollModerate(option.id, 0)),
                ),
                (speak.button("polls-manage-button", PollManage(poll.id)),),
            ),
        )

    told = 0
    for person in await moderators(scope, poll):
        told += await scope.notify(person, "poll-nomination", render)
    return told
