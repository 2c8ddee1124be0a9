"""The evaluation's timers and the opening of a round, which the timer and the console share.

``evaluation.open`` (ref: a community) opens the round about the period just ended, invites the
community's residents through the outbox (quiet: held past the quiet hours) and schedules itself for
the end of the next period, so a community, once started, has a round every period.
``evaluation.remind`` reminds, once, whoever has not answered; ``evaluation.close`` ends the round.
Each re-reads its round or community: a timer for something gone or already done does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

import models.timers as timers
from handlers.core.feature import TimerFn
from handlers.core.jobs import Job
from handlers.core.messages import Reply
from handlers.core.scope import Scope
from handlers.evaluation.text import Speaker
from models.errors import DomainError
from models.evaluation.store import (
    REMIND_BEFORE,
    TIMER_CLOSE,
    TIMER_OPEN,
    TIMER_REMIND,
    EvaluationRound,
    close_round,
    invite,
    next_opening,
    not_answered,
    open_round,
    period_start_of,
    residents_to_invite,
    round_of,
)
from models.people import Person
from models.places import Place, PlaceKind


def _render(scope: Scope, evaluation: EvaluationRound, community: Place, *, reminder: bool) -> Callable[[str], Reply]:
    def in_language(language: str) -> Reply:
        speak = Speaker(scope.services, language)
        start = evaluation.period_start
        text = speak.t(
            "evaluation-remind" if reminder else "evaluation-invite",
            community=community.name(language),
            period=speak.period(start.year, start.month, evaluation.period_months),
            until=speak.when(evaluation.closes_at),
        )
        return Reply(text, ((speak.start_button(evaluation.id),), (speak.menu_button(),)))

    return in_language


async def schedule_next_opening(scope: Scope, community: Place) -> None:
    settings = scope.services.settings
    due = next_opening(scope.now, settings.evaluation_months, settings.tz)
    await timers.schedule(scope.session, TIMER_OPEN, community.id, due)


async def open_and_invite(
    scope: Scope, community: Place, period_start: date, opened_by: Person | None = None
) -> tuple[EvaluationRound, int]:
    """Open the round about the period starting ``period_start`` and invite every resident; refused
    (``DomainError``) if that period has its round already. Returns the round and how many were invited."""
    settings = scope.services.settings
    evaluation = await open_round(
        scope.session,
        community,
        period_start,
        settings.evaluation_months,
        scope.now,
        settings.evaluation_open_days,
        opened_by,
    )
    people = await residents_to_invite(scope.session, community.id)
    await invite(scope.session, evaluation, people, scope.now)
    render = _render(scope, evaluation, community, reminder=False)
    for person in people:
        await scope.notify(person, "evaluation-invite", render, quiet=True)
    remind_at = evaluation.closes_at - REMIND_BEFORE
    if remind_at > scope.now:
        await timers.schedule(scope.session, TIMER_REMIND, evaluation.id, remind_at)
    await timers.schedule(scope.session, TIMER_CLOSE, evaluation.id, evaluation.closes_at)
    await schedule_next_opening(scope, community)
    return evaluation, len(people)


async def start_cadence(scope: Scope) -> int:
    """Put every community without one on the automatic cadence (its next round at the end of the period
    now running); returns how many. Idempotent: a community with its opening planned keeps it. For start-up
    or an operator: nothing calls it on its own, so the demo and the tests keep an empty outbox."""
    communities = await scope.session.scalars(select(Place).where(Place.kind == PlaceKind.community))
    started = 0
    for community in communities.all():
        if await timers.due_at(scope.session, TIMER_OPEN, community.id) is None:
            await schedule_next_opening(scope, community)
            started += 1
    return started


async def fire_open(job: Job) -> None:
    community = await job.session.get(Place, int(job.ref)) if job.ref.isdigit() else None
    if community is None or community.kind is not PlaceKind.community:
        return
    settings = job.services.settings
    # The period that ended as the timer came due (a late run still evaluates that one).
    ended = period_start_of((job.due_at - timedelta(days=1)).astimezone(settings.tz).date(), settings.evaluation_months)
    if await round_of(job.session, community.id, ended) is not None:  # opened early by hand
        await schedule_next_opening(job, community)
        return
    try:
        async with job.session.begin_nested():
            await open_and_invite(job, community, ended)
    except DomainError:  # opened meanwhile by someone else
        await schedule_next_opening(job, community)


async def fire_remind(job: Job) -> None:
    evaluation = await job.session.get(EvaluationRound, int(job.ref)) if job.ref.isdigit() else None
    if evaluation is None or evaluation.reminded_at is not None or not evaluation.is_open(job.now):
        return
    community = await job.session.get(Place, evaluation.community_id)
    assert community is not None
    evaluation.reminded_at = job.now
    render = _render(job, evaluation, community, reminder=True)
    for person in await not_answered(job.session, evaluation.id):
        await job.notify(person, "evaluation-remind", render, quiet=True)


async def fire_close(job: Job) -> None:
    evaluation = await job.session.get(EvaluationRound, int(job.ref)) if job.ref.isdigit() else None
    if evaluation is not None:
        await close_round(job.session, evaluation, job.now)


TIMERS: dict[str, TimerFn] = {TIMER_OPEN: fire_open, TIMER_REMIND: fire_remind, TIMER_CLOSE: fire_close}
