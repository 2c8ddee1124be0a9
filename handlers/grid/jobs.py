"""Grid management's timers and demo.

Timers are derived from each case's stored deadlines (``models.grid.store.plan_timers``): ``grid.warn`` at
75% of the running deadline tells the handlers (yellow); ``grid.overdue`` at 100% escalates one level and
comes back every ``grid_escalate_every_hours`` while the case stays overdue; ``grid.autoclose`` closes a
resolved case the reporter never answered. Each re-reads the case: a timer for a case that moved on does
nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import models.timers as timers
from config.demo import load_feature_demo
from handlers.core.feature import TimerFn
from handlers.core.jobs import Job
from handlers.grid.notify import tell_escalation, tell_warning, tell_watchers
from handlers.grid.text import Speaker, case_facts
from models.base import utcnow
from models.grid.store import (
    LEVELS,
    TIMER_AUTOCLOSE,
    TIMER_OVERDUE,
    TIMER_WARN,
    EventKind,
    GridCase,
    NewCase,
    accept_case,
    add_category,
    add_event,
    auto_close,
    building_location,
    escalate,
    follow_case,
    set_building_location,
    sla_colour,
    submit_case,
)
from models.people import ChannelAccount, Person, Role
from models.places import place_by_code
from models.seed import add_demo_person


async def _case(job: Job) -> GridCase | None:
    return await job.session.get(GridCase, int(job.ref)) if job.ref.isdigit() else None


async def fire_warn(job: Job) -> None:
    case = await _case(job)
    if case is None or sla_colour(case, job.now) != "yellow":
        return  # accepted, resolved or moved meanwhile
    add_event(job.session, case, EventKind.warned, job.now, detail=case.state.value)
    await tell_warning(job, Speaker(job.services), job.session, await case_facts(job.session, case))


async def fire_overdue(job: Job) -> None:
    case = await _case(job)
    if case is None or not await escalate(job.session, case, job.now):
        return
    await tell_escalation(job, Speaker(job.services), job.session, await case_facts(job.session, case))
    if case.level < len(LEVELS) - 1:  # still overdue then: one more level up
        every = timedelta(hours=job.services.settings.grid_escalate_every_hours)
        await timers.schedule(job.session, TIMER_OVERDUE, case.id, job.now + every)


async def fire_autoclose(job: Job) -> None:
    case = await _case(job)
    if case is None or not await auto_close(job.session, case, job.now):
        return
    await tell_watchers(job, Speaker(job.services), job.session, await case_facts(job.session, case), "closed")


TIMERS: dict[str, TimerFn] = {TIMER_WARN: fire_warn, TIMER_OVERDUE: fire_overdue, TIMER_AUTOCLOSE: fire_autoclose}


# --- demo --------------------------------------------------------------------------------------------


async def _demo_person(session: AsyncSession, handle: str) -> Person:
    person = await session.scalar(
        select(Person)
        .join(ChannelAccount)
        .where(ChannelAccount.channel == "terminal", ChannelAccount.external_id == handle)
    )
    assert person is not None, f"demo person {handle}"
    return person


async def load_grid_demo(session: AsyncSession) -> None:
    """Categories with their deadlines and routing, building coordinates, handlers, a few open cases."""
    data: dict[str, Any] = load_feature_demo("grid")
    for item in data.get("people", []):
        await add_demo_person(session, item)
    by_code = {}
    for item in data["categories"]:
        by_code[item["code"]] = await add_category(
            session,
            item["code"],
            item["name_zh"],
            item["name_en"],
            item["accept_hours"],
            item["resolve_days"],
            Role(item.get("role", "grid_worker")),
            urgent=item.get("urgent", False),
        )
    for code, (latitude, longitude) in data["buildings"].items():
        building = await place_by_code(session, code)
        assert building is not None, code
        await set_building_location(session, building, latitude, longitude)
    now = utcnow()
    for item in data.get("cases", []):
        building = await place_by_code(session, item["building"])
        assert building is not None
        spot = await building_location(session, building.id)
        created = now - timedelta(hours=item.get("hours_ago", 1))
        new = NewCase(
            category=by_code[item["category"]],
            description=item["description"],
            building=building,
            latitude=spot.latitude if spot else None,
            longitude=spot.longitude if spot else None,
            pinned=False,
            share_contact=item.get("share_contact", False),
        )
        case = await submit_case(session, await _demo_person(session, item["reporter"]), new, created)
        if item.get("accepted_by"):
            await accept_case(
                session, case, await _demo_person(session, item["accepted_by"]), created + timedelta(hours=1)
            )
        for handle in item.get("followers", []):
            await follow_case(session, case, await _demo_person(session, handle), created + timedelta(hours=2))
