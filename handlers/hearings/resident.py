"""Residents and hearings: /hearings (the public hearings of my community), a hearing's page, writing or
changing my opinion during the notice period, and a representative's answer to an invitation.
"""

from __future__ import annotations

from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button
from handlers.hearings.buttons import HearingAnswer, HearingOpinionButton, HearingView
from handlers.hearings.text import Speaker, venue_of
from models.hearings.store import (
    MAX_OPINION,
    Hearing,
    answer_invitation,
    has_current_hearing,
    invitation_of,
    may_manage,
    may_see,
    opinion_count,
    opinion_of,
    public_hearings,
    submit_opinion,
)
from models.places import Place

OPINION_FLOW = "hearing-opinion"
CANCEL = "cancel"


async def _visible(ctx: Ctx, hearing_id: int) -> Hearing:
    """A public hearing of my community, or the button is not mine to press (stale, forged, moved away)."""
    hearing = await ctx.session.get(Hearing, hearing_id)
    if hearing is None or not may_see(hearing, ctx.person):
        raise InvalidButton("not a hearing of my community")
    return hearing


async def run_hearings(ctx: Ctx) -> None:
    community_id = ctx.person.community_id
    assert community_id is not None  # the command is for registered residents
    hearings = await public_hearings(ctx.session, community_id)
    speak = Speaker.of(ctx)
    rows: list[list[Button]] = [
        [
            ctx.button(
                "hearings-list-button",
                HearingView(hearing.id),
                subject=hearing.subject[:24],
                phase=speak.phase(hearing, ctx.now),
            )
        ]
        for hearing in hearings
    ]
    community = await ctx.session.get(Place, community_id)
    if community is not None and await may_manage(ctx.session, ctx.person.id, community):
        rows.append([ctx.button("hearings-manage-button", MenuAction("managehearings"))])
    rows.append(menu_button(ctx))
    ctx.say("hearings-list" if hearings else "hearings-list-none", rows)


async def on_view(ctx: Ctx, item: HearingView) -> None:
    hearing = await _visible(ctx, item.hearing)
    speak = Speaker.of(ctx)
    venue = await venue_of(ctx.session, hearing)
    parts = [
        speak.phase(hearing, ctx.now),
        speak.page(hearing, venue, await opinion_count(ctx.session, hearing.id)),
    ]
    rows: list[list[Button]] = []
    mine = await opinion_of(ctx.session, hearing.id, ctx.person.id)
    if mine is not None:
        parts.append(ctx.t("hearings-your-opinion", text=mine.text))
    if hearing.opinions_open(ctx.now):
        rows.append([speak.opinion_button(hearing, edit=mine is not None)])
    invitation = await invitation_of(ctx.session, hearing.id, ctx.person.id)
    if invitation is not None:
        parts.append(ctx.t("hearings-your-answer", answer=invitation.status.value))
        if hearing.invitations_open(ctx.now):
            rows.append(list(speak.answer_row(hearing)))
    rows.append([ctx.button("hearings-back-button", MenuAction("hearings"))])
    rows.append(menu_button(ctx))
    ctx.reply("\n\n".join(parts), rows)


# --- my opinion -------------------------------------------------------------------------------------------


def _closed(ctx: Ctx, hearing: Hearing) -> None:
    ctx.say(
        "hearings-opinions-closed",
        [[Speaker.of(ctx).view_button(hearing)], menu_button(ctx)],
        until=ctx.when(hearing.notice_ends_at),
    )


async def on_opinion(ctx: Ctx, item: HearingOpinionButton) -> None:
    hearing = await _visible(ctx, item.hearing)
    if not hearing.opinions_open(ctx.now):
        _closed(ctx, hearing)
        return
    ctx.enter(OPINION_FLOW, "text", hearing=hearing.id)
    await ask_opinion(ctx)


async def ask_opinion(ctx: Ctx) -> None:
    hearing = await ctx.session.get(Hearing, int(ctx.data["hearing"]))
    if hearing is None or not may_see(hearing, ctx.person):  # asked again after the hearing went away
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("button-expired"))
        return
    mine = await opinion_of(ctx.session, hearing.id, ctx.person.id)
    ctx.say(
        "hearings-ask-opinion",
        [[ctx.pick(ctx.t("button-cancel"), CANCEL)]],
        subject=hearing.subject,
        until=ctx.when(hearing.notice_ends_at),
        max=MAX_OPINION,
        current=mine.text if mine is not None else "",
    )


async def on_opinion_pick(ctx: Ctx, value: str) -> None:
    if value != CANCEL:
        raise InvalidButton("unexpected choice")
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("cancelled"))


async def on_opinion_text(ctx: Ctx, text: str) -> None:
    hearing = await ctx.session.get(Hearing, int(ctx.data["hearing"]))
    if hearing is None or not may_see(hearing, ctx.person):
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("button-expired"))
        return
    if not hearing.opinions_open(ctx.now):  # the notice period ended while they wrote
        ctx.leave()
        _closed(ctx, hearing)
        return
    new = await submit_opinion(ctx.session, hearing, ctx.person, text, ctx.now)
    ctx.leave()
    ctx.say(
        "hearings-opinion-saved",
        [[Speaker.of(ctx).view_button(hearing)], menu_button(ctx)],
        new="yes" if new else "no",
        until=ctx.when(hearing.notice_ends_at),
    )


# --- a representative's answer ----------------------------------------------------------------------------


async def on_answer(ctx: Ctx, item: HearingAnswer) -> None:
    if item.accept not in (0, 1):
        raise InvalidButton("unexpected answer")
    hearing = await _visible(ctx, item.hearing)
    if await invitation_of(ctx.session, hearing.id, ctx.person.id) is None:
        raise InvalidButton("not invited")
    speak = Speaker.of(ctx)
    if not hearing.invitations_open(ctx.now):
        ctx.say("hearings-invitation-closed", [[speak.view_button(hearing)], menu_button(ctx)])
        return
    await answer_invitation(ctx.session, hearing, ctx.person.id, bool(item.accept), ctx.now)
    venue = await venue_of(ctx.session, hearing)
    change = HearingAnswer(hearing.id, 0 if item.accept else 1)
    ctx.say(
        "hearings-answered",
        [
            [ctx.button("hearings-change-answer", change, answer="declined" if item.accept else "confirmed")],
            [speak.view_button(hearing)],
            menu_button(ctx),
        ],
        answer="confirmed" if item.accept else "declined",
        subject=hearing.subject,
        time=speak.span(hearing),
        place=venue.name(ctx.language),
    )


async def has_hearings(ctx: Ctx) -> bool:
    """The menu offers hearings while one of my community's is in its notice period or still to come."""
    community_id = ctx.person.community_id
    return community_id is not None and await has_current_hearing(ctx.session, community_id, ctx.now)


COMMANDS = [
    Command("hearings", run_hearings, "hearings-cmd", Audience.residents, keywords=("听证", "hearing", "hearings"))
]
BUTTONS: dict[type[Payload], ButtonFn] = {
    HearingView: on_view,
    HearingOpinionButton: on_opinion,
    HearingAnswer: on_answer,
}
FLOWS = [
    Flow(
        OPINION_FLOW,
        {"text": Step(ask_opinion, on_pick=on_opinion_pick, on_text=on_opinion_text, max_text=MAX_OPINION)},
    )
]
MENU = [MenuEntry("menu-hearings", "hearings", Audience.residents, 43, shown=has_hearings)]
