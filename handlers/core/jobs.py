"""Work that no message triggers: timers firing (reminders, offer expiries, deadlines, escalations).

A feature declares ``timers={"booking.reminder": fire_reminder}`` and schedules them with
``models.timers.schedule``. ``TimerRunner.run_due`` fires what is due, each timer in its own
transaction; ``run`` loops it in the bot process. Tests call ``run_due`` after moving the clock,
so nothing sleeps.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.timers as timers
from handlers.core.scope import Notifying, Scope, Services

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH = 50
RETRY_AFTER = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=1)


@dataclass
class Job(Notifying):
    """What a firing timer works with: the services, one open transaction, the moment, its key."""

    services: Services
    session: AsyncSession
    now: datetime
    kind: str
    ref: str
    due_at: datetime
    notified: int = field(default=0)


TimerFn = Callable[[Job], Awaitable[None]]


class TimerRunner:
    def __init__(
        self,
        services: Callable[[], Services],
        sessionmaker: async_sessionmaker[AsyncSession],
        handlers: Mapping[str, TimerFn],
        *,
        on_outbox: Callable[[], None] | None = None,
        settle: Callable[[Scope], Awaitable[None]] | None = None,
    ) -> None:
        self._services = services  # read at each round: tests move the clock by replacing the services
        self.sessionmaker = sessionmaker
        self.handlers = dict(handlers)
        self.on_outbox = on_outbox  # wakes the outbox sender when a timer queued messages
        self.settle = settle  # the features' end-of-transaction work (Feature.settle)
        self._wake = asyncio.Event()

    @property
    def services(self) -> Services:
        return self._services()

    def wake(self) -> None:
        self._wake.set()

    async def run_due(self, limit: int = BATCH) -> int:
        """Fire every timer due by the services' clock (batch after batch). Returns how many fired."""
        fired = 0
        while True:
            now = self.services.clock()
            async with self.sessionmaker() as session, session.begin():
                batch = await timers.claim_due(session, now, LEASE, limit, set(self.handlers))
            for claimed in batch:
                fired += await self._fire(claimed, now)
            if len(batch) < limit:
                return fired

    async def _fire(self, claimed: timers.ClaimedTimer, now: datetime) -> int:
        handler = self.handlers[claimed.kind]
        try:
            async with self.sessionmaker() as session, session.begin():
                if not await timers.complete(session, claimed):
                    return 0  # re-scheduled meanwhile, or another runner took it over after our lease
                job = Job(self.services, session, now, claimed.kind, claimed.ref, claimed.due_at)
                await handler(job)
                if self.settle is not None:
                    await self.settle(job)
        except Exception as error:
            delay = min(RETRY_AFTER * (2 ** min(claimed.attempts - 1, 10)), MAX_RETRY_DELAY)
            log.exception("timer %s %s failed (attempt %d)", claimed.kind, claimed.ref, claimed.attempts)
            async with self.sessionmaker() as session, session.begin():
                await timers.retry(session, claimed, now + delay, type(error).__name__)
            return 0
        if job.notified and self.on_outbox is not None:
            self.on_outbox()
        return 1

    async def run(self, stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception:
                log.exception("timer round failed; retrying")
            self._wake.clear()
            waiters: Sequence[asyncio.Future[Any]] = (
                asyncio.ensure_future(self._wake.wait()),
                asyncio.ensure_future(stop.wait()),
            )
            _done, pending = await asyncio.wait(waiters, timeout=poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
