"""Several processes, one bot: the platform's rate shared among the senders alive.

Telegram's 30 messages a second (1000 with paid broadcasts) are per bot. Several `linli run` processes on
one PostgreSQL database already share the outbox rows (``FOR UPDATE SKIP LOCKED``); each pacing itself to
the whole rate would send N times too fast and collect flood errors. So every sender says it is alive in
the database every ``HEARTBEAT`` seconds (``models.outbox.sender_heartbeat``), counts the senders heard
from within ``ALIVE``, and paces itself to its share: rate / count.

Joining: a sender that finds others alive waits one heartbeat before sending, so they have lowered their
share before it starts (the sum never exceeds the rate). Leaving: a sender that stops says so and the others
take its share at their next heartbeat; one that dies is forgotten after ``ALIVE``, and until then the
others send at less than they could, never at more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.pacing import Pacer
from models.base import utcnow
from models.outbox import sender_gone, sender_heartbeat

log = logging.getLogger(__name__)

HEARTBEAT = 5.0  # seconds between two "alive" of one sender
ALIVE = timedelta(seconds=3 * HEARTBEAT)  # a sender not heard from for this long is gone


class RateShare:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        channel: str,
        owner: str,
        total_rate: float,
        pacer: Pacer,
        *,
        heartbeat: float = HEARTBEAT,
        alive: timedelta = ALIVE,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.channel = channel
        self.owner = owner
        self.total_rate = total_rate
        self.pacer = pacer
        self.heartbeat = heartbeat
        self.alive = alive
        self.clock = clock
        self.senders = 1

    async def beat(self) -> int:
        """One heartbeat: count the live senders and take this one's share. Returns the count."""
        async with self.sessionmaker() as session, session.begin():
            senders = await sender_heartbeat(session, self.channel, self.owner, self.clock(), self.alive)
        if senders != self.senders:
            log.info("%s: %d senders share %.0f/s", self.channel, senders, self.total_rate)
        self.senders = senders
        self.pacer.set_rate(self.total_rate / senders)
        return senders

    async def join(self) -> None:
        """Before the first send: take a share, and if others are sending, wait until they have seen us."""
        if await self.beat() > 1:
            self.pacer.pause(self.heartbeat)

    async def run(self, stop: asyncio.Event) -> None:
        """Heartbeats until ``stop``, then leave."""
        try:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.heartbeat)
                if stop.is_set():
                    break
                try:
                    await self.beat()
                except Exception:  # the database is away for a moment: keep the share we have
                    log.exception("%s: heartbeat failed; keeping a share of 1/%d", self.channel, self.senders)
        finally:
            try:
                async with self.sessionmaker() as session, session.begin():
                    await sender_gone(session, self.channel, self.owner)
            except Exception:  # forgotten after ALIVE anyway
                log.warning("%s: could not say this sender left", self.channel)
