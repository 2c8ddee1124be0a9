"""Staff and polls in chat: ``/newpoll`` (a short flow: place, kind, one vote per household or person,
title, options, closing time, results hidden or running), the polls of my community with their turnout,
approving nominations, closing a poll early.

A poll is stored and timed exactly as the console does it (``open_poll``): the ``polls.open`` timer tells
the place's residents, ``polls.close`` freezes the result and sends it to the voters.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.core.access import home_community, is_manager
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, in_rows
from handlers.core.scope import Scope, Speaker
from handlers.core.times import parse_local_time
from handlers.polls.buttons import PollCloseButton, PollManage, PollModerate
from handlers.polls.jobs import close_and_announce, schedule_poll
from handlers.polls.text import heading, percent
from models.people import COMMUNITY_MANAGERS, Person, has_role
from models.places import Place, buildings_of_community
from models.polls.store import (
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_TITLE_CHARS,
    BallotUnit,
    OptionStatus,
    OptionText,
    Phase,
    Poll,
    PollDraft,
    PollKind,
    PollOption,
    create_poll,
    moderate_option,
    options_of,
    polls_of_communities,
    tally,
)

FLOW = "poll-new"
NOMINATION = "nomination"
CANCEL = "cancel"
DAYS = (3, 7, 14)
MAX_AHEAD = timedelta(days=90)
MAX_LISTED = 10


async def open_poll(scope: Scope, draft: PollDraft, created_by: Person | None) -> Poll:
    """Store the poll and set its timers: the one way a poll is opened, from chat and from the console."""
    poll = await create_poll(scope.session, draft, scope.now, created_by)
    await schedule_poll(scope.session, poll, scope.now)
    return poll


async def may_manage(scope: Scope, person: Person, poll: Poll) -> bool:
    community = await scope.session.get(Place, poll.community_id)
    return community is not None and await has_role(scope.session, person.id, COMMUNITY_MANAGERS, community)


# --- /newpoll ------------------------------------------------------------------------------------------


async def run_new_poll(ctx: Ctx) -> None:
    ctx.enter(FLOW, "place")
    await ask_place(ctx)


async def _community(ctx: Ctx) -> Place:
    community = await home_community(ctx)
    if community is None or not await is_manager(ctx):
        ctx.leave()
        raise InvalidButton("no longer a manager")
    return community


def _cancel(ctx: Ctx) -> Button:
    return ctx.pick(ctx.t("button-cancel"), CANCEL)


async def _abandon(ctx: Ctx) -> None:
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("cancelled"))


async def ask_place(ctx: Ctx) -> None:
    community = await _community(ctx)
    buildings = await buildings_of_community(ctx.session, community)
    rows = [[ctx.pick(ctx.t("polls-place-community", community=community.name(ctx.language)), community.id)]]
    rows += in_rows([ctx.pick(building.name(ctx.language), building.id) for building in buildings], 2)
    ctx.say("polls-ask-place", [*rows, [_cancel(ctx)]])


async def on_place(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    community = await _community(ctx)
    allowed = {community.id} | {b.id for b in await buildings_of_community(ctx.session, community)}
    if not value.isdigit() or int(value) not in allowed:
        raise InvalidButton("not a place of my community")
    await ctx.advance("kind", ask_kind, place=int(value))


async def ask_kind(ctx: Ctx) -> None:
    rows = [[ctx.pick(ctx.t("polls-kind-label", kind=kind), kind)] for kind in ("single", "multiple", "score")]
    rows.append([ctx.pick(ctx.t("polls-kind-label", kind=NOMINATION), NOMINATION)])
    ctx.say("polls-ask-kind", [*rows, [_cancel(ctx)]])


async def on_kind(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    if value not in (*(kind.value for kind in PollKind), NOMINATION):
        raise InvalidButton("unknown kind")
    await ctx.advance("unit", ask_unit, kind=value)


async def ask_unit(ctx: Ctx) -> None:
    rows = [[ctx.pick(ctx.t("polls-unit-label", unit=unit.value), unit.value)] for unit in BallotUnit]
    ctx.say("polls-ask-ballot-unit", [*rows, [_cancel(ctx)]])


async def on_unit(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    if value not in {unit.value for unit in BallotUnit}:
        raise InvalidButton("unknown ballot unit")
    await ctx.advance("title", ask_title, unit=value)


async def ask_title(ctx: Ctx) -> None:
    ctx.say("polls-ask-title", [[_cancel(ctx)]], max=MAX_TITLE_CHARS)


async def on_title(ctx: Ctx, text: str) -> None:
    if ctx.data["kind"] in ("single", "multiple"):
        await ctx.advance("options", ask_options, title=text)
    else:
        await ctx.advance("closes", ask_closes, title=text, options=[])


async def on_cancel_pick(ctx: Ctx, value: str) -> None:
    if value != CANCEL:
        raise InvalidButton("unexpected choice")
    await _abandon(ctx)


async def ask_options(ctx: Ctx) -> None:
    ctx.say("polls-ask-options", [[_cancel(ctx)]], most=MAX_OPTIONS, max=MAX_OPTION_CHARS)


async def on_options(ctx: Ctx, text: str) -> None:
    options = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not 2 <= len(options) <= MAX_OPTIONS or len(set(options)) != len(options):
        ctx.say("polls-option-count", least=2, most=MAX_OPTIONS)
        await ask_options(ctx)
        return
    if any(len(option) > MAX_OPTION_CHARS for option in options):
        ctx.say("polls-option-too-long", max=MAX_OPTION_CHARS)
        await ask_options(ctx)
        return
    if ctx.data["kind"] == PollKind.multiple.value:
        await ctx.advance("most", ask_most, options=options)
    else:
        await ctx.advance("closes", ask_closes, options=options)


async def ask_most(ctx: Ctx) -> None:
    count = len(ctx.data["options"])
    buttons = [ctx.pick(ctx.t("polls-most-label", most=most), most) for most in range(2, count + 1)]
    ctx.say("polls-ask-most", [*in_rows(buttons, 3), [_cancel(ctx)]])


async def on_most(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    if not value.isdigit() or not 2 <= int(value) <= len(ctx.data["options"]):
        raise InvalidButton("bad limit")
    await ctx.advance("closes", ask_closes, most=int(value))


def _in_days(ctx: Ctx, days: int) -> datetime:
    """``days`` from today, at 20:00 local: after work, when most residents have had the time."""
    local = (ctx.now + timedelta(days=days)).astimezone(ctx.services.settings.tz)
    return local.replace(hour=20, minute=0, second=0, microsecond=0)


async def ask_closes(ctx: Ctx) -> None:
    rows = [[ctx.pick(ctx.t("polls-closes-in", days=days, time=ctx.when(_in_days(ctx, days))), days)] for days in DAYS]
    ctx.say("polls-ask-closes", [*rows, [_cancel(ctx)]])


async def on_closes_pick(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    if not value.isdigit() or int(value) not in DAYS:
        raise InvalidButton("unknown closing time")
    await ctx.advance("results", ask_results, closes=_in_days(ctx, int(value)).isoformat())


async def on_closes_text(ctx: Ctx, text: str) -> None:
    moment = parse_local_time(text, ctx.now.astimezone(ctx.services.settings.tz))
    if moment is None:
        ctx.say("polls-time-unclear")
        await ask_closes(ctx)
        return
    if moment <= ctx.now + timedelta(hours=1):
        ctx.say("polls-close-in-past")
        await ask_closes(ctx)
        return
    if moment - ctx.now > MAX_AHEAD:
        ctx.say("polls-time-too-far", days=MAX_AHEAD.days)
        await ask_closes(ctx)
        return
    await ctx.advance("results", ask_results, closes=moment.isoformat())


async def ask_results(ctx: Ctx) -> None:
    ctx.say(
        "polls-ask-results",
        [
            [ctx.pick(ctx.t("polls-results-hidden-label"), "hidden")],
            [ctx.pick(ctx.t("polls-results-running-label"), "running")],
            [_cancel(ctx)],
        ],
    )


async def on_results(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    if value not in ("hidden", "running"):
        raise InvalidButton("unknown results choice")
    await ctx.advance("confirm", ask_confirm, hidden=value == "hidden")


async def _draft(ctx: Ctx) -> PollDraft:
    await _community(ctx)
    place = await ctx.session.get(Place, int(ctx.data["place"]))
    if place is None:
        raise InvalidButton("place gone")
    closes = datetime.fromisoformat(ctx.data["closes"])
    nominating = ctx.data["kind"] == NOMINATION
    return PollDraft(
        place=place,
        kind=PollKind.single if nominating else PollKind(ctx.data["kind"]),
        ballot_unit=BallotUnit(ctx.data["unit"]),
        title_zh=ctx.data["title"],
        closes_at=closes,
        options=[OptionText(text) for text in ctx.data.get("options") or []],
        max_choices=int(ctx.data.get("most") or 1),
        results_hidden=bool(ctx.data["hidden"]),
        # Nominations take the first half of the time, voting the second.
        nominating_until=(ctx.now + (closes - ctx.now) / 2).replace(second=0, microsecond=0) if nominating else None,
    )


async def ask_confirm(ctx: Ctx) -> None:
    draft = await _draft(ctx)
    options = "\n".join(f"· {option.zh}" for option in draft.options)
    ctx.say(
        "polls-preview",
        [[ctx.pick(ctx.t("polls-confirm-open"), "open"), _cancel(ctx)]],
        title=draft.title_zh,
        place=draft.place.name(ctx.language),
        kind=NOMINATION if draft.nominating_until else draft.kind.value,
        unit=draft.ballot_unit.value,
        most=draft.max_choices,
        options=options,
        nominations=ctx.when(draft.nominating_until) if draft.nominating_until else "",
        closes=ctx.when(draft.closes_at),
        hidden="yes" if draft.results_hidden else "no",
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value == CANCEL:
        await _abandon(ctx)
        return
    if value != "open":
        raise InvalidButton("unexpected choice")
    draft = await _draft(ctx)
    poll = await open_poll(ctx, draft, ctx.person)
    ctx.leave()
    ctx.say(
        "polls-opened",
        [[ctx.button("polls-manage-button", PollManage(poll.id))], menu_button(ctx)],
        title=poll.title(ctx.language),
        closes=ctx.when(poll.closes_at),
    )


# --- managing ------------------------------------------------------------------------------------------


async def run_manage_polls(ctx: Ctx) -> None:
    community = await home_community(ctx)
    if community is None:
        ctx.say("staff-only", [menu_button(ctx)])
        return
    polls = await polls_of_communities(ctx.session, [community.id], limit=MAX_LISTED)
    rows = [
        [
            ctx.button(
                "polls-manage-line",
                PollManage(poll.id),
                title=poll.title(ctx.language),
                phase=poll.phase(ctx.now).value,
            )
        ]
        for poll in polls
    ]
    rows.append([ctx.button("polls-new-button", MenuAction("newpoll"))])
    ctx.say("polls-manage-list" if polls else "polls-manage-none", [*rows, menu_button(ctx)])


async def _managed(ctx: Ctx, poll_id: int) -> Poll:
    poll = await ctx.session.get(Poll, poll_id)
    if poll is None or not await may_manage(ctx, ctx.person, poll):
        raise InvalidButton("not a poll I manage")
    return poll


async def on_manage(ctx: Ctx, item: PollManage) -> None:
    poll = await _managed(ctx, item.poll)
    phase = poll.phase(ctx.now)
    result = await tally(ctx.session, poll)
    rows: list[list[Button]] = []
    proposed = await options_of(ctx.session, poll.id, OptionStatus.proposed)
    for option in proposed:
        rows.append([ctx.button("polls-approve-line", PollModerate(option.id, 1), option=option.text_zh)])
        rows.append([ctx.button("polls-reject-button", PollModerate(option.id, 0))])
    if phase is not Phase.closed:
        rows.append([ctx.button("polls-close-button", PollCloseButton(poll.id, 0))])
    rows.append([ctx.button("polls-manage-all", MenuAction("managepolls"))])
    ctx.say(
        "polls-manage",
        [*rows, menu_button(ctx)],
        edit=True,
        poll=await heading(Speaker.of(ctx), ctx.session, poll),
        phase=phase.value,
        ballots=result.ballots,
        eligible=result.eligible,
        percent=percent(result),
        pending=len(proposed),
    )


async def on_moderate(ctx: Ctx, item: PollModerate) -> None:
    option = await ctx.session.get(PollOption, item.option)
    if option is None or item.approve not in (0, 1):
        raise InvalidButton("no such nomination")
    poll = await _managed(ctx, option.poll_id)
    await moderate_option(ctx.session, option.id, bool(item.approve), ctx.now)
    ctx.say(
        "polls-moderated",
        [[ctx.button("polls-manage-button", PollManage(poll.id))], menu_button(ctx)],
        option=option.text_zh,
        approved="yes" if item.approve else "no",
    )


async def on_close(ctx: Ctx, item: PollCloseButton) -> None:
    poll = await _managed(ctx, item.poll)
    if poll.final is not None:
        ctx.say("polls-closed", [[ctx.button("polls-manage-button", PollManage(poll.id))], menu_button(ctx)])
        return
    if not item.confirmed:
        ctx.say(
            "polls-close-confirm",
            [
                [ctx.button("polls-close-yes", PollCloseButton(poll.id, 1))],
                [ctx.button("polls-manage-button", PollManage(poll.id))],
            ],
            edit=True,
            title=poll.title(ctx.language),
        )
        return
    await close_and_announce(ctx, poll.id)
    ctx.say(
        "polls-closed-now",
        [[ctx.button("polls-manage-button", PollManage(poll.id))], menu_button(ctx)],
        title=poll.title(ctx.language),
    )


COMMANDS = [
    Command("newpoll", run_new_poll, "polls-newpoll-cmd", Audience.managers),
    Command("managepolls", run_manage_polls, None, Audience.managers),
]
BUTTONS: dict[type[Payload], ButtonFn] = {
    PollManage: on_manage,
    PollModerate: on_moderate,
    PollCloseButton: on_close,
}
FLOWS = [
    Flow(
        FLOW,
        {
            "place": Step(ask_place, on_pick=on_place),
            "kind": Step(ask_kind, on_pick=on_kind),
            "unit": Step(ask_unit, on_pick=on_unit),
            "title": Step(ask_title, on_pick=on_cancel_pick, on_text=on_title, max_text=MAX_TITLE_CHARS),
            "options": Step(
                ask_options, on_pick=on_cancel_pick, on_text=on_options, max_text=MAX_OPTIONS * (MAX_OPTION_CHARS + 1)
            ),
            "most": Step(ask_most, on_pick=on_most),
            "closes": Step(ask_closes, on_pick=on_closes_pick, on_text=on_closes_text, text_hint="polls-time-unclear"),
            "results": Step(ask_results, on_pick=on_results),
            "confirm": Step(ask_confirm, on_pick=on_confirm),
        },
    )
]
MENU = [MenuEntry("menu-polls-manage", "managepolls", Audience.managers, 74, staff=True)]
