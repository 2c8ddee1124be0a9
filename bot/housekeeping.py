"""Periodic clean-up that no single message triggers: conversation states nobody came back to, web
visitors who never returned, and personal data past its retention period (models/retention.py).

Each part runs in its own transaction, so one failing does not hold back the others; the log says what
was done in counts, never whose data it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.webchat.protocol import CHANNEL as WEB
from config.settings import Settings
from models.base import utcnow
from models.conversation import purge_expired_states
from models.inbound import purge_inbound
from models.retention import Erased, erase_case_contacts, erase_case_photos, erase_sign_ins
from models.webchat import blank_old_addresses, expire_visitors

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 600.0
INBOUND_KEPT = timedelta(days=2)  # Telegram redelivers for 24 hours; a day more for a long outage


async def purge_once(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session, session.begin():
        return await purge_expired_states(session, utcnow())


async def expire_visitors_once(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime, settings: Settings
) -> int:
    """Stand-ins of web visitors unseen for ``web_visitor_days`` go; addresses kept for the visitor limit
    are blanked after a day."""
    async with sessionmaker() as session, session.begin():
        await blank_old_addresses(session, now)
        return await expire_visitors(session, WEB, now, settings.web_visitor_days)


async def retention_once(sessionmaker: async_sessionmaker[AsyncSession], now: datetime, settings: Settings) -> Erased:
    erased = Erased()
    async with sessionmaker() as session, session.begin():
        erased.photos = await erase_case_photos(session, now - timedelta(days=settings.retain_case_photos_days))
    async with sessionmaker() as session, session.begin():
        erased.contacts = await erase_case_contacts(session, now - timedelta(days=settings.retain_contact_days))
    async with sessionmaker() as session, session.begin():
        erased.sign_ins = await erase_sign_ins(session, now - timedelta(days=settings.retain_sign_ins_days))
    return erased


async def housekeep_once(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, now: datetime | None = None
) -> None:
    purged = await purge_once(sessionmaker)
    if purged:
        log.info("purged %d expired conversation states", purged)
    now = now or utcnow()
    visitors = await expire_visitors_once(sessionmaker, now, settings)
    if visitors:
        log.info("removed %d web visitors not seen for %d days", visitors, settings.web_visitor_days)
    async with sessionmaker() as session, session.begin():
        forgotten = await purge_inbound(session, now - INBOUND_KEPT)
    if forgotten:
        log.info("forgot %d delivered updates older than any redelivery", forgotten)
    erased = await retention_once(sessionmaker, now, settings)
    if erased:
        log.info(
            "retention: erased %d case photos, %d cases' contact details, %d sign-in records",
            erased.photos,
            erased.contacts,
            erased.sign_ins,
        )


async def run_housekeeping(
    sessionmaker: async_sessionmaker[AsyncSession],
    stop: asyncio.Event,
    settings: Settings,
    interval: float = INTERVAL_SECONDS,
) -> None:
    while not stop.is_set():
        try:
            await housekeep_once(sessionmaker, settings)
        except Exception:
            log.exception("housekeeping failed; will try again")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
