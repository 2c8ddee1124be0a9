"""/evaluation for staff: the results of the communities in their scope. One community: its trend over the
last rounds as a chart and the latest round in words; several (street and district admins): a bar per
community for the latest period, and a button to each community's own results.

Every figure comes through ``Group``, which hides itself below ``MIN_SHOWN`` answers; comments come without
authors, and only from rounds with enough of them.
"""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.buttons import Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, MenuEntry
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document, in_rows
from handlers.evaluation.buttons import EvaluationResults
from handlers.evaluation.chart import compare_chart, trend_chart
from handlers.evaluation.text import Speaker
from models.evaluation.store import (
    Kind,
    community_trend,
    compare_communities,
    latest_period,
    scope_communities,
)
from models.people import COMMUNITY_MANAGERS, RoleGrant
from models.places import Place

TREND_ROUNDS = 4
COMMUNITY_BUTTONS = 20


async def manages_a_community(ctx: Ctx) -> bool:
    """The menu entry: for community staff and the admins above (grid workers may still type /evaluation)."""
    found = await ctx.session.scalar(
        select(RoleGrant.id)
        .where(RoleGrant.person_id == ctx.person.id, RoleGrant.role.in_(COMMUNITY_MANAGERS))
        .limit(1)
    )
    return found is not None


async def run_evaluation(ctx: Ctx) -> None:
    communities = await scope_communities(ctx.session, ctx.person.id)
    if not communities:
        ctx.say("evaluation-staff-only", [menu_button(ctx)])
    elif len(communities) == 1:
        await show_community(ctx, communities[0])
    else:
        await show_comparison(ctx, communities)


async def on_results(ctx: Ctx, item: EvaluationResults) -> None:
    """Re-checked when pressed: a kept button does not outlive the role that made it."""
    community = next((c for c in await scope_communities(ctx.session, ctx.person.id) if c.id == item.community), None)
    if community is None:
        ctx.say("evaluation-staff-only", [menu_button(ctx)])
        return
    await show_community(ctx, community)


async def show_community(ctx: Ctx, community: Place) -> None:
    speak = Speaker.of(ctx)
    results = await community_trend(ctx.session, community.id, TREND_ROUNDS)
    if not results:
        ctx.say("evaluation-none-yet", [menu_button(ctx)], community=community.name(ctx.language))
        return
    drawn = await trend_chart(speak, community, results)
    trend = "\n".join(
        ctx.t("evaluation-trend-line", period=speak.round_period(result), score=speak.score(result.group(Kind.overall)))
        for result in results
    )
    ctx.reply(drawn.title, photo=Document("evaluation.png", drawn.png, "image/png"))
    ctx.say("evaluation-staff-community", [menu_button(ctx)], summary=speak.summary(results[-1]), trend=trend)


async def show_comparison(ctx: Ctx, communities: list[Place]) -> None:
    speak = Speaker.of(ctx)
    buttons = [
        ctx.button("evaluation-community-button", EvaluationResults(c.id), community=c.name(ctx.language))
        for c in communities[:COMMUNITY_BUTTONS]
    ]
    rows: list[list[Button]] = [*in_rows(buttons, 2), menu_button(ctx)]
    period_start = await latest_period(ctx.session, [c.id for c in communities])
    if period_start is None:
        ctx.say("evaluation-none-anywhere", rows)
        return
    compared = await compare_communities(ctx.session, communities, period_start)
    months = next((result.round.period_months for _c, result in compared if result is not None), 3)
    period = speak.period(period_start.year, period_start.month, months)
    drawn = await compare_chart(speak, period, compared)
    lines = [
        ctx.t(
            "evaluation-compare-line",
            community=community.name(ctx.language),
            score=speak.score(result.group(Kind.overall)) if result is not None else "",
        )
        for community, result in compared
    ]
    ctx.reply(drawn.title, photo=Document("evaluation.png", drawn.png, "image/png"))
    ctx.say("evaluation-staff-compare", rows, period=period, lines="\n".join(lines))


COMMANDS = [Command("evaluation", run_evaluation, None, Audience.residents, keywords=("群众评", "满意度评价"))]
BUTTONS: dict[type[Payload], ButtonFn] = {EvaluationResults: on_results}
MENU = [MenuEntry("evaluation-menu", "evaluation", Audience.residents, 74, staff=True, shown=manages_a_community)]
