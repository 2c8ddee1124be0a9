"""Answers sent, marked in the database in batches (``models.inbound.replied_at``).

A delivery's answers are kept with it when it is handled; marking them sent is what stops a restart from
sending them again. One UPDATE per interval for everything answered meanwhile, not one per message: a
process killed within the interval sends those few answers twice, which is the bounded price of losing none.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.base import utcnow
from models.inbound import mark_replied

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 0.1


class RepliedMarks:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], channel: str) -> None:
        self.sessionmaker = sessionmaker
        self.channel = channel
        self._pending: list[str] = []
        self._wake = asyncio.Event()

    def add(self, key: str) -> None:
        self._pending.append(key)
        self._wake.set()

    async def flush(self) -> None:
        keys, self._pending = self._pending, []
        if not keys:
            return
        try:
            async with self.sessionmaker() as session, session.begin():
                await mark_replied(session, self.channel, keys, utcnow())
        except Exception:  # the database is away: marked with the next batch (answered twice at worst)
            log.exception("could not mark %d answers sent; will try again", len(keys))
            self._pending[:0] = keys

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 5.0)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), INTERVAL_SECONDS)  # gather a batch
            await self.flush()
        await self.flush()
