"""Residents and polls: the open polls of my place, voting (and changing my vote until the close), being
told that my household has voted, nominating a model household, the result once it is out.

Voting is a one-step flow, so its choices are ``Pick`` buttons that go stale as soon as it moves on; a
kept ``PollOpen`` button from a notification is re-checked against the poll and the person each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handlers.core.buttons import InvalidButton, MenuAction, Payload, ProfileAction
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document, in_rows
from handlers.core.scope import Speaker
from handlers.polls.buttons import PollNominate, PollOpen, PollResults
from handlers.polls.chart import results_chart
from handlers.polls.notify import ask_staff_to_moderate
from handlers.polls.text import flat_label, heading, results_text
from models.errors import DomainError
from models.media import load_media
from models.polls.store import (
    MAX_OPTION_CHARS,
    STARS,
    Cast,
    Phase,
    Poll,
    PollKind,
    PollOption,
    Tally,
    ballot_key,
    cast_ballot,
    choices_of,
    has_live_poll,
    household_ballot,
    live_polls,
    may_vote,
    options_of,
    propose_option,
    tally,
)

VOTE_FLOW = "poll-vote"
UNIT_FLOW = "poll-unit"
NOMINATE_FLOW = "poll-nominate"
MAX_UNIT_CHARS = 40
SUBMIT = "submit"


async def run_polls(ctx: Ctx) -> None:
    polls = await live_polls(ctx.session, ctx.person, ctx.now)
    rows = [[ctx.button("polls-open-button", PollOpen(poll.id), title=poll.title(ctx.language))] for poll in polls]
    if polls:
        ctx.say("polls-list", [*rows, menu_button(ctx)], count=len(polls))
    else:
        ctx.say("polls-none", [menu_button(ctx)])


async def _my_poll(ctx: Ctx, poll_id: int) -> Poll:
    """A poll this person may take part in; anything else (forged, another place's) is a stale button."""
    poll = await ctx.session.get(Poll, poll_id)
    if poll is None or not may_vote(poll, ctx.person):
        raise InvalidButton("not a poll of mine")
    return poll


async def on_open(ctx: Ctx, item: PollOpen) -> None:
    if not ctx.person.is_registered:
        ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        return
    poll = await _my_poll(ctx, item.poll)
    await show_poll(ctx, poll)


async def show_poll(ctx: Ctx, poll: Poll) -> None:
    phase = poll.phase(ctx.now)
    speak = Speaker.of(ctx)
    if phase is Phase.closed:
        await show_results(ctx, poll)
        return
    if phase is Phase.nominating:
        assert poll.nominating_until is not None
        ctx.say(
            "polls-nominating",
            [[ctx.button("polls-nominate-button", PollNominate(poll.id))], menu_button(ctx)],
            poll=await heading(speak, ctx.session, poll),
            until=ctx.when(poll.nominating_until),
        )
        return
    if phase is Phase.scheduled:
        ctx.say("polls-not-open-yet", [menu_button(ctx)])
        return
    try:
        ballot_key(poll, ctx.person)
    except DomainError as missing:
        if missing.message_id == "polls-need-building":
            ctx.say(
                "polls-need-building",
                [[ctx.button("polls-address-button", ProfileAction("address"))], menu_button(ctx)],
            )
            return
        ctx.enter(UNIT_FLOW, "unit", poll=poll.id)
        await ask_unit(ctx)
        return
    ballot = await household_ballot(ctx.session, poll, ctx.person)
    if ballot is not None and ballot.person_id != ctx.person.id:
        await _tell_household_voted(ctx, poll, ballot.cast_at)
        return
    chosen = await choices_of(ctx.session, ballot.id) if ballot is not None else []
    ctx.enter(VOTE_FLOW, "choose", poll=poll.id, chosen=chosen, voted=ballot is not None)
    await ask_choose(ctx)


async def _tell_household_voted(ctx: Ctx, poll: Poll, cast_at: datetime) -> None:
    """Another member cast the flat's ballot: when, and the flat's own label (this person's home)."""
    rows = [[ctx.button("polls-results-button", PollResults(poll.id))]] if not poll.results_hidden else []
    ctx.say(
        "polls-household-voted",
        [*rows, menu_button(ctx)],
        flat=await flat_label(ctx.session, ctx.person, ctx.language),
        when=ctx.when(cast_at),
        closes=ctx.when(poll.closes_at),
    )


# --- voting -------------------------------------------------------------------------------------------


async def _load_flow_poll(ctx: Ctx) -> Poll | None:
    poll = await ctx.session.get(Poll, int(ctx.data.get("poll", 0)))
    return poll if poll is not None and may_vote(poll, ctx.person) else None


async def _flow_poll(ctx: Ctx) -> Poll:
    """The poll the flow is about, for a button step: gone (or no longer mine) is a stale button."""
    poll = await _load_flow_poll(ctx)
    if poll is None:
        ctx.leave()
        raise InvalidButton("the poll is gone")
    return poll


async def _flow_poll_or_none(ctx: Ctx) -> Poll | None:
    """The same for a typed answer, which no stale-button reply covers: None, and the flow ends, saying so."""
    poll = await _load_flow_poll(ctx)
    if poll is None:
        ctx.leave()
        ctx.say("polls-gone", [menu_button(ctx)])
    return poll


async def ask_choose(ctx: Ctx) -> None:
    poll = await _flow_poll(ctx)
    chosen = set(ctx.data.get("chosen") or [])
    if poll.kind is PollKind.score:
        buttons = [
            ctx.pick(("✅ " if star in chosen else "") + ctx.t("polls-stars", stars=star), star) for star in STARS
        ]
        rows = in_rows(buttons, 3)
    else:
        options = await options_of(ctx.session, poll.id)
        rows = [
            [ctx.pick(("✅ " if option.id in chosen else "") + option.text(ctx.language), option.id)]
            for option in options
        ]
        if poll.kind is PollKind.multiple:
            rows.append([ctx.pick(ctx.t("polls-submit", count=len(chosen), most=poll.max_choices), SUBMIT)])
    ctx.say(
        "polls-ask-choice",
        [*rows, menu_button(ctx)],
        edit=bool(ctx.incoming.button),
        poll=await heading(Speaker.of(ctx), ctx.session, poll),
        voted="yes" if ctx.data.get("voted") else "no",
    )


async def on_choose(ctx: Ctx, value: str) -> None:
    poll = await _flow_poll(ctx)
    if value == SUBMIT and poll.kind is PollKind.multiple:
        chosen = list(ctx.data.get("chosen") or [])
        if not chosen:
            ctx.say("polls-choose-one")
            await ask_choose(ctx)
            return
        await _cast(ctx, poll, option_ids=chosen)
        return
    if not value.isdigit():
        raise InvalidButton("not a choice")
    number = int(value)
    if poll.kind is PollKind.score:
        if number not in STARS:
            raise InvalidButton("no such star")
        await _cast(ctx, poll, score=number)
        return
    if number not in {option.id for option in await options_of(ctx.session, poll.id)}:
        raise InvalidButton("no such option")
    if poll.kind is PollKind.single:
        await _cast(ctx, poll, option_ids=[number])
        return
    toggled: set[int] = set(ctx.data.get("chosen") or []) ^ {number}
    if len(toggled) > poll.max_choices:
        ctx.say("polls-too-many-choices", max=poll.max_choices)
        await ask_choose(ctx)
        return
    ctx.remember(chosen=sorted(toggled))
    await ask_choose(ctx)


async def _cast(ctx: Ctx, poll: Poll, *, option_ids: list[int] | None = None, score: int | None = None) -> None:
    result = await cast_ballot(ctx.session, poll.id, ctx.person, ctx.now, option_ids=option_ids or [], score=score)
    ctx.leave()
    if result.outcome is Cast.taken:
        await _tell_household_voted(ctx, poll, result.ballot.cast_at)
        return
    rows: list[list[Button]] = [[ctx.button("polls-change-button", PollOpen(poll.id))]]
    running = ""
    if not poll.results_hidden:
        options = await options_of(ctx.session, poll.id)
        running = results_text(Speaker.of(ctx), poll, options, await tally(ctx.session, poll))
    ctx.say(
        "polls-voted",
        [*rows, menu_button(ctx)],
        changed="yes" if result.outcome is Cast.changed else "no",
        household="yes" if poll.household else "no",
        closes=ctx.when(poll.closes_at),
        running=running,
    )


# --- a missing unit -----------------------------------------------------------------------------------


async def ask_unit(ctx: Ctx) -> None:
    ctx.say("polls-ask-unit", [menu_button(ctx)], max=MAX_UNIT_CHARS)


async def on_unit(ctx: Ctx, text: str) -> None:
    """Kept on the person, as /me's address change does, and the vote goes on."""
    poll = await _flow_poll_or_none(ctx)
    if poll is None:
        return
    ctx.person.unit = text
    ctx.leave()
    ctx.say("polls-unit-saved", unit=text)
    await show_poll(ctx, poll)


# --- results ------------------------------------------------------------------------------------------


async def on_results(ctx: Ctx, item: PollResults) -> None:
    poll = await _my_poll(ctx, item.poll)
    await show_results(ctx, poll)


async def show_results(ctx: Ctx, poll: Poll) -> None:
    speak = Speaker.of(ctx)
    closed = poll.phase(ctx.now) is Phase.closed
    if poll.results_hidden and poll.final is None:
        ctx.say("polls-results-hidden", [menu_button(ctx)], closes=ctx.when(poll.closes_at))
        return
    options = await options_of(ctx.session, poll.id)
    result = await tally(ctx.session, poll)
    text = ctx.t(
        "polls-results",
        poll=await heading(speak, ctx.session, poll),
        results=results_text(speak, poll, options, result),
        final="yes" if closed else "no",
    )
    ctx.reply(text, [menu_button(ctx)], photo=await _chart(ctx, poll, options, result))


async def _chart(ctx: Ctx, poll: Poll, options: Sequence[PollOption], result: Tally) -> Document:
    """A closed poll's chart as kept at the close (the one the voters got); a running one's drawn now."""
    kept = (poll.final or {}).get("charts", {}).get(ctx.language)
    media = await load_media(ctx.session, int(kept)) if kept is not None else None
    if media is not None:
        return Document(f"poll-{poll.id}.png", media.content, media.mime_type)
    png = await results_chart(Speaker.of(ctx), poll, options, result)
    return Document(f"poll-{poll.id}.png", png, "image/png")


# --- nominations --------------------------------------------------------------------------------------


async def on_nominate(ctx: Ctx, item: PollNominate) -> None:
    poll = await _my_poll(ctx, item.poll)
    if poll.phase(ctx.now) is not Phase.nominating:
        ctx.say(
            "polls-nominations-closed",
            [[ctx.button("polls-open-button", PollOpen(poll.id), title=poll.title(ctx.language))], menu_button(ctx)],
        )
        return
    ctx.enter(NOMINATE_FLOW, "text", poll=poll.id)
    await ask_nomination(ctx)


async def ask_nomination(ctx: Ctx) -> None:
    ctx.say("polls-ask-nomination", [menu_button(ctx)], max=MAX_OPTION_CHARS)


async def on_nomination(ctx: Ctx, text: str) -> None:
    poll = await _flow_poll_or_none(ctx)
    if poll is None:
        return
    option = await propose_option(ctx.session, poll.id, ctx.person, text, ctx.now)
    ctx.leave()
    await ask_staff_to_moderate(ctx, poll, option)
    ctx.say("polls-nominated", [menu_button(ctx)], option=option.text_zh)


async def shows_polls(ctx: Ctx) -> bool:
    return await has_live_poll(ctx.session, ctx.person, ctx.now)


COMMANDS = [
    Command("polls", run_polls, "polls-cmd", Audience.residents, keywords=("投票", "表决", "评选", "poll", "vote")),
]
BUTTONS: dict[type[Payload], ButtonFn] = {PollOpen: on_open, PollResults: on_results, PollNominate: on_nominate}
FLOWS = [
    Flow(VOTE_FLOW, {"choose": Step(ask_choose, on_pick=on_choose)}),
    Flow(UNIT_FLOW, {"unit": Step(ask_unit, on_text=on_unit, max_text=MAX_UNIT_CHARS, text_hint="polls-unit-hint")}),
    Flow(NOMINATE_FLOW, {"text": Step(ask_nomination, on_text=on_nomination, max_text=MAX_OPTION_CHARS)}),
]
MENU = [MenuEntry("menu-polls", "polls", Audience.residents, 42, shown=shows_polls)]
