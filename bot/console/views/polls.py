"""Polls for community managers: the polls of the communities in scope, a poll with its turnout by building
(and its counts, unless they are hidden until the close), opening a poll, closing it early, approving or
rejecting nominations.

Opening goes through ``handlers.polls.staff.open_poll`` and closing through
``handlers.polls.jobs.close_and_announce``, as in chat: the same timers, the same announcement to the
residents, the same result sent to the voters. Who proposed a nomination is not shown: only its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from sqlalchemy import select

from bot.console.page import BadForm, NotFound, Page, Routes, Section, redirect, refused, render
from bot.console.staff import Staff
from handlers.polls.jobs import close_and_announce
from handlers.polls.staff import open_poll
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS
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
    moderate_option,
    options_of,
    polls_of_communities,
    ranked,
    star_counts,
    tally,
)

PATH = "/console/polls"
MAX_LISTED = 100


def may_manage(staff: Staff) -> bool:
    return staff.has(COMMUNITY_MANAGERS)


async def managed_poll(page: Page) -> Poll:
    poll = await page.session.get(Poll, page.path_id("poll_id"))
    community = await page.session.get(Place, poll.community_id) if poll is not None else None
    if poll is None or not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()
    return poll


# --- the list and one poll -------------------------------------------------------------------------------


@dataclass
class Row:
    poll: Poll
    place: str
    phase: Phase
    ballots: int
    eligible: int


async def names_of(page: Page, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    places = await page.session.scalars(select(Place).where(Place.id.in_(ids)))
    return {place.id: place.name(page.language) for place in places}


async def index(page: Page) -> web.StreamResponse:
    communities = await page.communities(COMMUNITY_MANAGERS)
    polls = await polls_of_communities(page.session, [c.id for c in communities], limit=MAX_LISTED)
    names = await names_of(page, {poll.place_id for poll in polls})
    rows = []
    for poll in polls:
        result = await tally(page.session, poll)
        rows.append(Row(poll, names.get(poll.place_id, "—"), poll.phase(page.now), result.ballots, result.eligible))
    return render(page, "polls/index.html", rows=rows)


async def poll_page(page: Page) -> web.StreamResponse:
    poll = await managed_poll(page)
    phase = poll.phase(page.now)
    result = await tally(page.session, poll)
    hidden = poll.results_hidden and poll.final is None
    options = await options_of(page.session, poll.id)
    counts = [] if hidden or poll.kind is PollKind.score else ranked(options, result)
    stars = [] if hidden or poll.kind is not PollKind.score else star_counts(result)
    buildings = await names_of(page, set(result.by_building))
    return render(
        page,
        "polls/poll.html",
        poll=poll,
        phase=phase.value,
        place=(await names_of(page, {poll.place_id})).get(poll.place_id, "—"),
        result=result,
        percent=round((result.turnout or 0) * 100),
        hidden=hidden,
        options=options,
        counts=counts,
        stars=stars,
        by_building=sorted(
            ((buildings.get(key, "—"), count) for key, count in result.by_building.items()), key=lambda pair: pair[0]
        ),
        proposed=await options_of(page.session, poll.id, OptionStatus.proposed),
        is_open=phase is not Phase.closed,
    )


# --- opening -----------------------------------------------------------------------------------------------


@dataclass
class Draft:
    place: str = ""
    kind: str = PollKind.single.value
    ballot: str = BallotUnit.household.value
    title_zh: str = ""
    title_en: str = ""
    options_zh: str = ""
    options_en: str = ""
    max_choices: str = "2"
    closes_at: str = ""
    nominating_until: str = ""
    results_hidden: bool = True


async def places_in_scope(page: Page) -> list[Place]:
    """Each community in scope, then its buildings: a poll is for one of them."""
    places: list[Place] = []
    for community in await page.communities(COMMUNITY_MANAGERS):
        places.append(community)
        places.extend(await buildings_of_community(page.session, community))
    return places


def show_form(page: Page, draft: Draft, places: list[Place], *, error: str = "", status: int = 200) -> web.Response:
    return render(
        page,
        "polls/new.html",
        status=status,
        draft=draft,
        places=places,
        kinds=[kind.value for kind in PollKind],
        units=[unit.value for unit in BallotUnit],
        error=error,
        max_title=MAX_TITLE_CHARS,
        max_options=MAX_OPTIONS,
        max_option=MAX_OPTION_CHARS,
    )


async def new_form(page: Page) -> web.StreamResponse:
    return show_form(page, Draft(), await places_in_scope(page))


def posted(page: Page) -> Draft:
    def text(name: str, limit: int) -> str:
        return page.field(name, required=False, max_chars=limit)

    return Draft(
        place=text("place", 20),
        kind=text("kind", 20),
        ballot=text("ballot", 20),
        title_zh=text("title_zh", MAX_TITLE_CHARS),
        title_en=text("title_en", MAX_TITLE_CHARS * 2),
        options_zh=text("options_zh", MAX_OPTIONS * (MAX_OPTION_CHARS + 2)),
        options_en=text("options_en", MAX_OPTIONS * (MAX_OPTION_CHARS * 2 + 2)),
        max_choices=text("max_choices", 3),
        closes_at=text("closes_at", 20),
        nominating_until=text("nominating_until", 20),
        results_hidden=bool(text("results_hidden", 5)),
    )


def local_time(page: Page, raw: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return None if moment.tzinfo is not None else moment.replace(tzinfo=page.services.settings.tz)


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def poll_draft(page: Page, draft: Draft, places: list[Place]) -> PollDraft:
    place = next((p for p in places if str(p.id) == draft.place), None)
    if place is None:
        raise DomainError("console-polls-choose-place")
    if draft.kind not in {kind.value for kind in PollKind} or draft.ballot not in {u.value for u in BallotUnit}:
        raise DomainError("console-error-bad-request")
    closes = local_time(page, draft.closes_at)
    if closes is None:
        raise DomainError("console-polls-bad-time")
    nominating = local_time(page, draft.nominating_until) if draft.nominating_until else None
    if draft.nominating_until and nominating is None:
        raise DomainError("console-polls-bad-time")
    chinese, english = lines(draft.options_zh), lines(draft.options_en)
    if english and len(english) != len(chinese):
        raise DomainError("console-polls-options-mismatch")
    if not draft.max_choices.isdigit():
        raise DomainError("console-error-not-a-number")
    return PollDraft(
        place=place,
        kind=PollKind(draft.kind),
        ballot_unit=BallotUnit(draft.ballot),
        title_zh=draft.title_zh,
        title_en=draft.title_en,
        closes_at=closes,
        options=[OptionText(zh, english[i] if english else "") for i, zh in enumerate(chinese)],
        max_choices=int(draft.max_choices),
        results_hidden=draft.results_hidden,
        nominating_until=nominating,
    )


async def new_post(page: Page) -> web.StreamResponse:
    places = await places_in_scope(page)
    draft = posted(page)
    try:
        checked = poll_draft(page, draft, places)
        async with page.session.begin_nested():
            poll = await open_poll(page, checked, page.staff.person)
    except DomainError as refusal:
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return show_form(page, draft, places, error=message, status=400)
    await page.audit(
        "poll.create",
        object_type="poll",
        object_id=poll.id,
        place_id=poll.community_id,
        detail={"kind": poll.kind.value, "ballot": poll.ballot_unit.value, "options": len(checked.options)},
    )
    return redirect(page, f"{PATH}/{poll.id}", flash=page.t("console-polls-created"))


# --- closing and nominations ------------------------------------------------------------------------------


async def close(page: Page) -> web.StreamResponse:
    poll = await managed_poll(page)
    if await close_and_announce(page, poll.id) is None:
        raise refused(DomainError("polls-closed"))
    await page.audit("poll.close", object_type="poll", object_id=poll.id, place_id=poll.community_id)
    return redirect(page, f"{PATH}/{poll.id}", flash=page.t("console-polls-closed-flash"))


async def moderate(page: Page) -> web.StreamResponse:
    poll = await managed_poll(page)
    option = await page.session.get(PollOption, page.path_id("option_id"))
    if option is None or option.poll_id != poll.id:
        raise NotFound()
    decision = page.field("decision", max_chars=10)
    if decision not in ("approve", "reject"):
        raise BadForm()
    try:
        async with page.session.begin_nested():
            await moderate_option(page.session, option.id, decision == "approve", page.now)
    except DomainError as refusal:
        raise refused(refusal) from refusal
    await page.audit(
        f"poll.option_{decision}", object_type="poll_option", object_id=option.id, place_id=poll.community_id
    )
    return redirect(page, f"{PATH}/{poll.id}", flash=page.t("console-polls-moderated"))


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + "/new", new_form)
    r.post(PATH + "/new", new_post)
    r.get(PATH + "/{poll_id}", poll_page)
    r.post(PATH + "/{poll_id}/close", close)
    r.post(PATH + "/{poll_id}/options/{option_id}", moderate)


SECTION = Section("polls", "console-polls-nav", PATH, 55, may_manage, routes)
