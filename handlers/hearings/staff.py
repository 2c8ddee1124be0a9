"""Staff and hearings: the list and one hearing in chat (who confirmed, how many opinions), and what the
console's actions do beyond the store: publishing the notice tells the community, the outcome and a
cancellation tell everyone concerned. Creating a hearing and reading the opinions is the console's work
(a form with many fields; opinions with their authors, audited).
"""

from __future__ import annotations

from handlers.booking.text import policy_of
from handlers.core.access import home_community
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, MenuEntry
from handlers.core.menu import menu_button
from handlers.core.messages import Button
from handlers.core.scope import Scope
from handlers.hearings.buttons import HearingStaffView
from handlers.hearings.text import (
    Speaker,
    cancelled_render,
    invitation_render,
    notice_render,
    outcome_render,
    venue_of,
)
from models.hearings.store import (
    Hearing,
    cancel_hearing,
    concerned,
    hearings_of,
    invitations,
    may_manage,
    opinion_count,
    publish_notice,
    publish_outcome,
    residents_of,
)
from models.people import Person
from models.places import Place

NOTICE_KIND = "hearing-notice"
INVITATION_KIND = "hearing-invitation"
OUTCOME_KIND = "hearing-outcome"
CANCELLED_KIND = "hearing-cancelled"


# --- what the console's actions tell people ---------------------------------------------------------------


async def publish_and_notify(scope: Scope, hearing: Hearing) -> tuple[int, int]:
    """Start the notice period: every resident of the community gets the notice, the invited representatives
    their invitation instead (it carries the notice too). Returns (residents told, representatives invited)."""
    hearing = await publish_notice(scope.session, hearing, scope.now)
    venue = await venue_of(scope.session, hearing)
    invited = {person.id: person for _invitation, person in await invitations(scope.session, hearing.id)}
    notice = notice_render(scope.services, hearing, venue)
    invitation = invitation_render(scope.services, hearing, venue)
    told = 0
    for person in await residents_of(scope.session, hearing.community_id):
        if person.id not in invited:
            await scope.notify(person, NOTICE_KIND, notice, quiet=True)
            told += 1
    for person in invited.values():
        if person.forgotten_at is None:
            await scope.notify(person, INVITATION_KIND, invitation, quiet=True)
    return told, len(invited)


async def outcome_and_notify(scope: Scope, hearing: Hearing, staff: Person, text: str) -> int:
    """Publish the outcome; whoever wrote an opinion and every invited representative is told."""
    hearing, people = await publish_outcome(scope.session, hearing, staff, text, scope.now)
    render = outcome_render(scope.services, hearing)
    for person in people:
        await scope.notify(person, OUTCOME_KIND, render, quiet=True)
    return len(people)


async def cancel_and_notify(scope: Scope, hearing: Hearing, reason: str = "") -> int:
    """Call the hearing off and give the room back; if it was public, those concerned are told."""
    hearing = await cancel_hearing(scope.session, hearing, scope.now, policy_of(scope.services.settings), reason)
    if not hearing.is_public:
        return 0
    people = await concerned(scope.session, hearing.id)
    render = cancelled_render(scope.services, hearing)
    for person in people:
        await scope.notify(person, CANCELLED_KIND, render)
    return len(people)


# --- staff in chat ------------------------------------------------------------------------------------


async def run_manage(ctx: Ctx) -> None:
    """The hearings of my community, newest first, each with where it stands."""
    community = await home_community(ctx)
    assert community is not None  # the command is for the community's managers
    hearings = await hearings_of(ctx.session, [community.id], limit=15)
    speak = Speaker.of(ctx)
    rows: list[list[Button]] = [
        [
            ctx.button(
                "hearings-staff-line",
                HearingStaffView(hearing.id),
                subject=hearing.subject[:24],
                phase=speak.phase(hearing, ctx.now),
            )
        ]
        for hearing in hearings
    ]
    rows.append(menu_button(ctx))
    ctx.say("hearings-staff-list" if hearings else "hearings-staff-none", rows, community=community.name(ctx.language))


async def on_staff_view(ctx: Ctx, item: HearingStaffView) -> None:
    hearing = await ctx.session.get(Hearing, item.hearing)
    community = await ctx.session.get(Place, hearing.community_id) if hearing is not None else None
    if hearing is None or community is None or not await may_manage(ctx.session, ctx.person.id, community):
        raise InvalidButton("not a hearing I manage")
    speak = Speaker.of(ctx)
    venue = await venue_of(ctx.session, hearing)
    answers = [
        ctx.t("hearings-staff-invitee", name=person.display_name, answer=invitation.status.value)
        for invitation, person in await invitations(ctx.session, hearing.id)
    ]
    text = ctx.t(
        "hearings-staff-page",
        subject=hearing.subject,
        phase=speak.phase(hearing, ctx.now),
        time=speak.span(hearing),
        place=venue.name(ctx.language),
        until=ctx.when(hearing.notice_ends_at),
        opinions=await opinion_count(ctx.session, hearing.id),
        invited=len(answers),
        answers="\n".join(answers),
    )
    rows = [[ctx.button("hearings-staff-back", MenuAction("managehearings"))], menu_button(ctx)]
    ctx.reply(text, rows, edit=True)


COMMANDS = [Command("managehearings", run_manage, None, Audience.managers)]
BUTTONS: dict[type[Payload], ButtonFn] = {HearingStaffView: on_staff_view}
MENU = [MenuEntry("menu-hearings-staff", "managehearings", Audience.managers, 69, staff=True)]
