"""The residents' evaluation for staff: the communities of their scope compared (a bar each, for the latest
period), one community's trend over its last rounds with every figure in a table, the latest round's
comments, and (community managers) opening a round now, audited.

What the chat shows, the console shows: the same ``Group``s, hidden below ``MIN_SHOWN`` answers, the same
anonymous comments, the same charts (``handlers.evaluation.chart``) without their titles (the card has one).
"""

from __future__ import annotations

from aiohttp import web

from bot.console.page import NotFound, Page, Routes, Section, redirect, refused, render
from bot.console.staff import Staff
from bot.console.views.dashboard import Chart
from handlers.evaluation.chart import compare_chart, trend_chart
from handlers.evaluation.jobs import open_and_invite
from handlers.evaluation.text import Speaker
from models.errors import DomainError
from models.evaluation.store import (
    MIN_SHOWN,
    Kind,
    community_trend,
    compare_communities,
    latest_period,
    period_start_of,
    scope_communities,
)
from models.people import COMMUNITY_MANAGERS, STAFF_ROLES
from models.places import Place

PATH = "/console/evaluation"
TREND_ROUNDS = 6


def may_see(staff: Staff) -> bool:
    return staff.has(STAFF_ROLES)


def speaker(page: Page) -> Speaker:
    return Speaker(page.services, page.language)


async def scoped_community(page: Page) -> Place:
    """The community in the path, if it is one of this person's; else simply not found."""
    wanted = page.path_id("community_id")
    community = next((c for c in await scope_communities(page.session, page.staff.person.id) if c.id == wanted), None)
    if community is None:
        raise NotFound()
    return community


async def index(page: Page) -> web.StreamResponse:
    speak = speaker(page)
    communities = await scope_communities(page.session, page.staff.person.id)
    period_start = await latest_period(page.session, [c.id for c in communities])
    chart, rows, period = None, [], ""
    if period_start is not None:
        compared = await compare_communities(page.session, communities, period_start)
        months = next((result.round.period_months for _c, result in compared if result is not None), 3)
        period = speak.period(period_start.year, period_start.month, months)
        rows = [
            (community, result, speak.score(result.group(Kind.overall)) if result is not None else "—")
            for community, result in compared
        ]
        if len(communities) > 1:
            drawn = await compare_chart(speak, period, compared, titled=False)
            chart = Chart(
                "compare",
                page.t("console-evaluation-compare-title", period=period),
                drawn,
                page.t("console-evaluation-caption", min=MIN_SHOWN),
            )
    return render(page, "evaluation/index.html", communities=communities, rows=rows, chart=chart, period=period)


async def community_page(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    speak = speaker(page)
    results = await community_trend(page.session, community.id, TREND_ROUNDS)
    chart = None
    if results:
        drawn = await trend_chart(speak, community, results, titled=False)
        chart = Chart(
            "trend",
            page.t("console-evaluation-trend-title", community=community.name(page.language)),
            drawn,
            page.t("console-evaluation-caption", min=MIN_SHOWN),
        )
    table = [
        (
            speak.round_period(result),
            result,
            [speak.score(result.group(kind)) for kind in Kind],
            speak.answered(result),
        )
        for result in reversed(results)  # the latest first, as a table is read
    ]
    return render(
        page,
        "evaluation/community.html",
        community=community,
        chart=chart,
        table=table,
        kinds=[speak.kind(kind) for kind in Kind],
        latest=results[-1] if results else None,
        may_open=page.staff.covers(community, COMMUNITY_MANAGERS),
        current=speak.period(*_current(page)),
        min_shown=MIN_SHOWN,
        now=page.now,
    )


def _current(page: Page) -> tuple[int, int, int]:
    months = page.services.settings.evaluation_months
    start = period_start_of(page.local_date(page.now), months)
    return start.year, start.month, months


async def open_post(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    if not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()  # a grid worker sees the results, but opening a round is the community's decision
    months = page.services.settings.evaluation_months
    period_start = period_start_of(page.local_date(page.now), months)
    try:
        async with page.session.begin_nested():
            evaluation, invited = await open_and_invite(page, community, period_start, page.staff.person)
    except DomainError as refusal:
        raise refused(refusal) from refusal
    await page.audit(
        "evaluation.open",
        object_type="evaluation_round",
        object_id=evaluation.id,
        place_id=community.id,
        detail={"period": period_start.isoformat(), "invited": invited},
    )
    period = speaker(page).period(period_start.year, period_start.month, months)
    return redirect(
        page, f"{PATH}/{community.id}", flash=page.t("console-evaluation-opened", period=period, invited=invited)
    )


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + "/{community_id}", community_page)
    r.post(PATH + "/{community_id}/open", open_post)


SECTION = Section("evaluation", "console-evaluation-nav", PATH, 58, may_see, routes)
