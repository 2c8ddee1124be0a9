"""Periodic clean-up that no single message triggers: conversation states nobody came back to."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.base import utcnow
from models.conversation import purge_expired_states

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 600.0


async def purge_once(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session, session.begin():
        return await purge_expired_states(session, utcnow())


async def run_housekeeping(
    sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event, interval: float = INTERVAL_SECONDS
) -> None:
    while not stop.is_set():
        try:
            purged = await purge_once(sessionmaker)
            if purged:
                log.info("purged %d expired conversation states", purged)
        except Exception:
            log.exception("housekeeping failed; will try again")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
