"""The feed itself: every feature's events for one person, as one iCalendar document."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.scope import Services, Speaker
from models.people import Person

PRODID = "-//Linli//Calendar feed//ZH"
FEED_PATH = "/calendar"  # served by bot.feeds at FEED_PATH/<token>.ics


def feed_url(services: Services, token: str) -> str:
    return f"{services.settings.base_url}{FEED_PATH}/{token}.ics"


def webcal_url(services: Services, token: str) -> str:
    """The same address as calendar apps open it on a tap (webcal: is "subscribe", not "download")."""
    return "webcal://" + feed_url(services, token).split("://", 1)[1]


async def feed_document(session: AsyncSession, services: Services, person: Person, now: datetime) -> bytes:
    speak = Speaker(services, person.language if person.language in services.catalog.languages else "zh")
    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", speak.t("calendar-feed-name"))
    document.add("x-wr-timezone", services.settings.timezone)
    for events_of in services.calendars:
        for event in await events_of(session, speak, person.id, now):
            document.add_component(event)
    return bytes(document.to_ical())
