"""The timer runner: fires what is due on the services' clock, once, in its own transaction; retries."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.outbox as outbox
import models.timers as timers
from bot.app import Linli
from config.i18n import default_catalog
from config.settings import Settings
from handlers.core.jobs import Job, TimerFn, TimerRunner
from handlers.core.messages import Reply
from handlers.core.scope import Services, after_quiet_hours
from models.outbox import OutboxMessage
from models.people import Person
from tests.harness import AppFactory, demo_person

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # 16:00 in Shanghai


def _services(clock: list[datetime]) -> Services:
    return Services(settings=Settings(), catalog=default_catalog(), button_key=b"k" * 16, clock=lambda: clock[0])


async def _record(job: Job) -> None:
    """The effect of a fired timer: one outbox row naming it."""
    outbox.enqueue(
        job.session, channel="test", chat_id=job.ref, person_id=None, kind=job.kind, payload={"text": job.ref}
    )


async def _effects(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessionmaker() as session:
        return sorted((await session.scalars(select(OutboxMessage.chat_id))).all())


async def test_fires_only_what_is_due_and_only_once(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    clock = [NOW]
    runner = TimerRunner(lambda: _services(clock), sessionmaker, {"t.record": _record})
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "t.record", "a", NOW - timedelta(seconds=1))
        await timers.schedule(session, "t.record", "b", NOW + timedelta(hours=1))
        await timers.schedule(session, "t.unknown", "c", NOW)  # a kind nobody handles stays put
    assert await runner.run_due() == 1
    assert await runner.run_due() == 0
    assert await _effects(sessionmaker) == ["a"]
    clock[0] = NOW + timedelta(hours=1)
    assert await runner.run_due() == 1
    assert await _effects(sessionmaker) == ["a", "b"]
    async with sessionmaker() as session:
        assert await timers.due_at(session, "t.unknown", "c") == NOW


async def test_a_failing_timer_keeps_nothing_and_is_retried_later(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    clock = [NOW]
    failures = [2]

    async def flaky(job: Job) -> None:
        await _record(job)
        if failures[0]:
            failures[0] -= 1
            raise RuntimeError("provider API down")

    runner = TimerRunner(lambda: _services(clock), sessionmaker, {"t.flaky": flaky})
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "t.flaky", "x", NOW)
    assert await runner.run_due() == 0
    assert await _effects(sessionmaker) == []  # the failed attempt's writes were rolled back
    async with sessionmaker() as session:
        first_retry = await timers.due_at(session, "t.flaky", "x")
    assert first_retry == NOW + timedelta(minutes=1)
    clock[0] = first_retry
    assert await runner.run_due() == 0
    async with sessionmaker() as session:
        second_retry = await timers.due_at(session, "t.flaky", "x")
    assert second_retry == first_retry + timedelta(minutes=2)  # backing off
    clock[0] = second_retry
    assert await runner.run_due() == 1
    assert await _effects(sessionmaker) == ["x"]


async def test_a_timer_may_schedule_itself_again(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """An escalation that stays overdue fires again a day later: re-scheduling inside the handler sticks."""
    clock = [NOW]

    async def again(job: Job) -> None:
        await _record(job)
        await timers.schedule(job.session, job.kind, job.ref, job.now + timedelta(days=1))

    runner = TimerRunner(lambda: _services(clock), sessionmaker, {"t.again": again})
    async with sessionmaker() as session, session.begin():
        await timers.schedule(session, "t.again", "case-1", NOW)
    assert await runner.run_due() == 1
    async with sessionmaker() as session:
        assert await timers.due_at(session, "t.again", "case-1") == NOW + timedelta(days=1)


async def test_racing_runners_fire_each_timer_once(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    clock = [NOW]
    handlers: dict[str, TimerFn] = {"t.record": _record}
    runners = [TimerRunner(lambda: _services(clock), sessionmaker, handlers) for _ in range(3)]
    async with sessionmaker() as session, session.begin():
        for ref in range(60):
            await timers.schedule(session, "t.record", f"{ref:03d}", NOW)
    fired = await asyncio.gather(*(runner.run_due(limit=5) for runner in runners))
    assert sum(fired) == 60
    assert await _effects(sessionmaker) == [f"{ref:03d}" for ref in range(60)]


async def test_a_notification_from_a_timer_speaks_the_recipients_language(app: Linli) -> None:
    emma = await demo_person(app, "emma")

    async def remind(job: Job) -> None:
        person = await job.session.get(Person, int(job.ref))
        assert person is not None
        await job.notify(person, "test", lambda language: Reply(job.services.catalog.t(language, "button-menu")))

    runner = TimerRunner(lambda: app.services, app.sessionmaker, {"t.remind": remind})
    woken: list[bool] = []
    runner.on_outbox = lambda: woken.append(True)
    async with app.sessionmaker() as session, session.begin():
        await timers.schedule(session, "t.remind", emma.id, app.services.clock())
    assert await runner.run_due() == 1
    async with app.sessionmaker() as session:
        (row,) = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "test"))).all()
    assert row.payload["text"] == app.services.catalog.t("en", "button-menu")
    assert woken == [True]


async def test_timers_survive_a_restart(make_app: AppFactory, tmp_path: Path) -> None:
    first = await make_app(fresh=True, data_dir=tmp_path / "kept")
    async with first.sessionmaker() as session, session.begin():
        await timers.schedule(session, "t.record", "kept", NOW)
    await first.close()
    second = await make_app(fresh=True, data_dir=tmp_path / "kept")
    runner = TimerRunner(lambda: second.services, second.sessionmaker, {"t.record": _record})
    assert await runner.run_due() == 1
    async with second.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_runner_follows_the_apps_clock(app: Linli) -> None:
    later = NOW + timedelta(days=3)
    app.set_clock(lambda: later)
    assert app.timers.services.clock() == later


@pytest.mark.parametrize(
    ("utc", "held_until"),
    [
        (datetime(2026, 3, 1, 13, 59, tzinfo=UTC), None),  # 21:59 Shanghai: not yet quiet
        (datetime(2026, 3, 1, 14, 0, tzinfo=UTC), datetime(2026, 3, 1, 23, 0, tzinfo=UTC)),  # 22:00 -> 07:00
        (datetime(2026, 3, 1, 18, 30, tzinfo=UTC), datetime(2026, 3, 1, 23, 0, tzinfo=UTC)),  # 02:30 -> 07:00
        (datetime(2026, 3, 1, 23, 0, tzinfo=UTC), None),  # 07:00: morning
    ],
)
def test_quiet_hours(utc: datetime, held_until: datetime | None) -> None:
    assert after_quiet_hours(utc, Settings()) == held_until


def test_quiet_hours_can_be_turned_off() -> None:
    settings = Settings(quiet_hours_start=0, quiet_hours_end=0)
    assert after_quiet_hours(datetime(2026, 3, 1, 18, 30, tzinfo=UTC), settings) is None


async def test_quiet_notifications_wait_for_the_morning(app: Linli) -> None:
    night = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    app.set_clock(lambda: night)
    wang = await demo_person(app, "wang")

    async def tell(job: Job) -> None:
        person = await job.session.get(Person, int(job.ref))
        assert person is not None
        await job.notify(person, "quiet", lambda language: Reply("x"), quiet=True)
        await job.notify(person, "urgent", lambda language: Reply("y"))

    runner = TimerRunner(lambda: app.services, app.sessionmaker, {"t.tell": tell})
    async with app.sessionmaker() as session, session.begin():
        await timers.schedule(session, "t.tell", wang.id, night)
    await runner.run_due()
    async with app.sessionmaker() as session:
        rows = {row.kind: row.not_before for row in (await session.scalars(select(OutboxMessage))).all()}
    assert rows == {"quiet": datetime(2026, 3, 1, 23, 0, tzinfo=UTC), "urgent": night}


def test_services_replace_keeps_the_runner_in_step(app: Linli) -> None:
    app.core.services = dataclasses.replace(app.core.services, clock=lambda: NOW)
    assert app.timers.services.clock() == NOW
