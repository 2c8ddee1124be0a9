"""Residents answer a round: overall 1–5, then each kind of service they used in the period (named, e.g.
"您本季度预约过活动室(3次)"), then an optional comment. Nothing is kept until the end, and then in one
step that marks the invitation answered: a second answer, or one after the round closed, is refused.

The scores wait in the conversation state, which is the person's own and is cleared when the flow ends.
"""

from __future__ import annotations

from typing import Any

from handlers.core.buttons import InvalidButton, Payload
from handlers.core.context import Ctx
from handlers.core.feature import ButtonFn, Flow, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button
from handlers.evaluation.buttons import EvaluationStart
from handlers.evaluation.text import Speaker
from models.errors import DomainError
from models.evaluation.store import (
    MAX_COMMENT,
    SCORES,
    EvaluationRound,
    Kind,
    check_may_answer,
    submit_answers,
    usage_of,
    usage_window,
)
from models.places import Place

FLOW = "evaluation"
SKIP = "skip"


def _refuse(ctx: Ctx, refusal: DomainError) -> None:
    ctx.leave()
    ctx.say(refusal.message_id, [menu_button(ctx)], **refusal.args_for_message)


async def _round(ctx: Ctx) -> EvaluationRound:
    evaluation = await ctx.session.get(EvaluationRound, int(ctx.data["round"]))
    if evaluation is None:
        raise InvalidButton("round gone")
    return evaluation


async def on_start(ctx: Ctx, item: EvaluationStart) -> None:
    try:
        evaluation = await check_may_answer(ctx.session, item.round, ctx.person.id, ctx.now)
    except DomainError as refusal:
        _refuse(ctx, refusal)
        return
    since, until = usage_window(evaluation, ctx.services.settings.tz)
    used = await usage_of(ctx.session, ctx.person.id, since, until)
    ctx.enter(FLOW, "overall", round=evaluation.id, kinds=[usage.kind.value for usage in used], at=0, scores={})
    await ask_overall(ctx)


def _stars(ctx: Ctx) -> list[list[Button]]:
    """One big button a score, the best on top (as elderly residents read a list), then skip."""
    rows = [[ctx.pick(ctx.t("evaluation-star", score=score), score)] for score in reversed(SCORES)]
    rows.append([ctx.pick(ctx.t("button-skip"), SKIP)])
    return rows


async def ask_overall(ctx: Ctx) -> None:
    evaluation = await _round(ctx)
    community = await ctx.session.get(Place, evaluation.community_id)
    assert community is not None
    start = evaluation.period_start
    ctx.say(
        "evaluation-ask-overall",
        _stars(ctx),
        community=community.name(ctx.language),
        period=Speaker.of(ctx).period(start.year, start.month, evaluation.period_months),
    )


def _score(value: str) -> int | None:
    if value == SKIP:
        return None
    if not value.isdigit() or int(value) not in SCORES:
        raise InvalidButton("not a score")
    return int(value)


def _remember_score(ctx: Ctx, kind: str, value: str) -> None:
    ctx.remember(scores={**ctx.data["scores"], kind: _score(value)})


async def on_overall(ctx: Ctx, value: str) -> None:
    _remember_score(ctx, Kind.overall.value, value)
    await _next_question(ctx)


async def _next_question(ctx: Ctx) -> None:
    """The next kind of service used, or the comment when none is left."""
    if ctx.data["at"] < len(ctx.data["kinds"]):
        await ctx.advance("service", ask_service)
    else:
        await ctx.advance("comment", ask_comment)


async def ask_service(ctx: Ctx) -> None:
    evaluation = await _round(ctx)
    kind = Kind(ctx.data["kinds"][ctx.data["at"]])
    since, until = usage_window(evaluation, ctx.services.settings.tz)
    usage = next((u for u in await usage_of(ctx.session, ctx.person.id, since, until) if u.kind is kind), None)
    used = Speaker.of(ctx).usage(usage) if usage is not None else ""
    ctx.say("evaluation-ask-service", _stars(ctx), used=used, kind=kind.value)


async def on_service(ctx: Ctx, value: str) -> None:
    kind = ctx.data["kinds"][ctx.data["at"]]
    _remember_score(ctx, kind, value)
    ctx.remember(at=ctx.data["at"] + 1)
    await _next_question(ctx)


async def ask_comment(ctx: Ctx) -> None:
    ctx.say("evaluation-ask-comment", [[ctx.pick(ctx.t("button-skip"), SKIP)]], max=MAX_COMMENT)


async def on_comment_skip(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        raise InvalidButton("unknown choice")
    await _finish(ctx, None)


async def on_comment(ctx: Ctx, text: str) -> None:
    await _finish(ctx, text)


async def _finish(ctx: Ctx, comment: str | None) -> None:
    data: dict[str, Any] = dict(ctx.data)
    scores = {Kind(kind): score for kind, score in data["scores"].items()}
    try:
        async with ctx.session.begin_nested():
            await submit_answers(
                ctx.session, int(data["round"]), ctx.person.id, scores, comment, ctx.now, ctx.services.settings.tz
            )
    except DomainError as refusal:
        _refuse(ctx, refusal)
        return
    ctx.leave()
    ctx.say("evaluation-thanks", [menu_button(ctx)])


FLOWS = (
    Flow(
        FLOW,
        {
            "overall": Step(ask_overall, on_pick=on_overall, text_hint="evaluation-hint-stars"),
            "service": Step(ask_service, on_pick=on_service, text_hint="evaluation-hint-stars"),
            "comment": Step(ask_comment, on_pick=on_comment_skip, on_text=on_comment, max_text=MAX_COMMENT),
        },
    ),
)
BUTTONS: dict[type[Payload], ButtonFn] = {EvaluationStart: on_start}
