"""Grid management's timers and demo.

Timers are derived from each case's stored deadlines (``models.grid.store.plan_timers``): ``grid.warn`` at
75% of the running deadline tells the handlers (yellow); ``grid.overdue`` at 100% escalates one level and
comes back every ``grid_escalate_every_hours`` while the case stays overdue; ``grid.autoclose`` closes a
resolved case the reporter never answered. Each re-reads the case: a timer for a case that moved on does
nothing.
"""

from __future__ import annotations

from datetime import timedelta

import models.timers as timers
from handlers.core.feature import TimerFn
from handlers.core.jobs import Job
from handlers.grid.notify import tell_escalation, tell_warning, tell_watchers
from handlers.grid.text import case_facts
from models.grid.store import (
    LEVELS,
    TIMER_AUTOCLOSE,
    TIMER_OVERDUE,
    TIMER_WARN,
    EventKind,
    GridCase,
    add_event,
    auto_close,
    escalate,
    sla_colour,
)


async def _case(job: Job) -> GridCase | None:
    return await job.session.get(GridCase, int(job.ref)) if job.ref.isdigit() else None


async def fire_warn(job: Job) -> None:
    case = await _case(job)
    if case is None or sla_colour(case, job.now) != "yellow":
        return  # accepted, resolved or moved meanwhile
    add_event(job.session, case, EventKind.warned, job.now, detail=case.state.value)
    await tell_warning(job, await case_facts(job.session, case))


async def fire_overdue(job: Job) -> None:
    case = await _case(job)
    if case is None or not await escalate(job.session, case, job.now):
        return
    await tell_escalation(job, await case_facts(job.session, case))
    if case.level < len(LEVELS) - 1:  # still overdue then: one more level up
        every = timedelta(hours=job.services.settings.grid_escalate_every_hours)
        await timers.schedule(job.session, TIMER_OVERDUE, case.id, job.now + every)


async def fire_autoclose(job: Job) -> None:
    case = await _case(job)
    if case is None or not await auto_close(job.session, case, job.now):
        return
    await tell_watchers(job, await case_facts(job.session, case), "closed")


TIMERS: dict[str, TimerFn] = {TIMER_WARN: fire_warn, TIMER_OVERDUE: fire_overdue, TIMER_AUTOCLOSE: fire_autoclose}
