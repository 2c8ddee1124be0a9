"""Bookings as an iCalendar file (RFC 5545), for the resident's calendar app, written by the ``icalendar``
library (it escapes text, folds long lines at 75 octets without splitting a character and ends lines in CRLF).

Each booking is one VEVENT whose UID is derived from the booking id and the deployment's host name, so
it never changes: importing a newer file (a higher SEQUENCE, STATUS:CANCELLED) updates the same event
instead of adding a second one. A file of one cancelled booking says METHOD:CANCEL, which calendar apps
treat as "remove this event"; everything else is METHOD:PUBLISH.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy.ext.asyncio import AsyncSession

import models.booking.store as store
from handlers.booking.text import Speaker
from models.booking.store import Booking, BookingStatus

PRODID = "-//Linli//Room booking//ZH"
UID_DOMAIN = "booking.linli"
FEED_REFRESH = timedelta(hours=1)  # how often a subscribed calendar app is asked to look again


@dataclass(frozen=True)
class CalendarEvent:
    booking: Booking
    summary: str
    location: str
    description: str


def events_of(speak: Speaker, listed: Sequence[store.Listed]) -> list[CalendarEvent]:
    """Bookings as calendar events, in the reader's language."""
    return [
        CalendarEvent(
            entry.booking,
            summary=speak.t("booking-ics-summary", room=entry.room.name(speak.language), purpose=entry.booking.purpose),
            location=f"{entry.centre.name(speak.language)} {entry.centre.address(speak.language)}".strip(),
            description=speak.details(entry.booking, entry.room, entry.centre),
        )
        for entry in listed
    ]


async def listed_for_calendar(session: AsyncSession, person_id: int, now: datetime) -> list[store.Listed]:
    """What a person's calendar shows: what is coming, and the last weeks' (cancellations included, so a
    calendar that had the event removes it)."""
    listed = await store.bookings_of(session, person_id, now, upcoming=True, limit=200)
    listed += await store.bookings_of(session, person_id, now, upcoming=False, limit=50)
    return listed


def last_change(booking: Booking) -> datetime:
    """When the booking last changed: the DTSTAMP of its event in a feed, so an unchanged feed reads the
    same (and keeps its ETag) however often it is fetched."""
    moments = [booking.created_at, booking.decided_at, booking.cancelled_at, booking.checked_in_at]
    return max(moment for moment in moments if moment is not None)


async def feed_events(session: AsyncSession, speak: Speaker, person_id: int, now: datetime) -> list[Event]:
    """Room booking's part of the person's calendar feed (``Feature.calendar``)."""
    listed = await listed_for_calendar(session, person_id, now)
    return [vevent(event, last_change(event.booking)) for event in events_of(Speaker.of(speak), listed)]


def uid(booking: Booking) -> str:
    return f"{booking.number}@{UID_DOMAIN}"


STATUS = {
    BookingStatus.pending: "TENTATIVE",
    BookingStatus.confirmed: "CONFIRMED",
}


def add_feed_properties(document: Calendar, name: str) -> None:
    """What a subscribed calendar shows as its name, and how often the app should fetch it again."""
    document.add("x-wr-calname", name)
    document.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    document.add("x-published-ttl", FEED_REFRESH)


def vevent(event: CalendarEvent, stamp: datetime) -> Event:
    booking = event.booking
    item = Event()
    item.add("uid", uid(booking))
    item.add("dtstamp", stamp.astimezone(UTC))
    item.add("dtstart", booking.starts_at.astimezone(UTC))
    item.add("dtend", booking.ends_at.astimezone(UTC))
    item.add("sequence", booking.sequence)
    item.add("status", STATUS.get(booking.status, "CANCELLED"))
    item.add("summary", event.summary)
    item.add("location", event.location)
    item.add("description", event.description)
    return item


def calendar(
    events: Sequence[CalendarEvent], now: datetime, *, method: str | None = None, name: str | None = None
) -> bytes:
    """The whole VCALENDAR, CRLF-terminated, UTF-8. ``name``: a subscribed feed's title in calendar apps."""
    if method is None:
        single_cancel = len(events) == 1 and events[0].booking.status not in STATUS
        method = "CANCEL" if single_cancel else "PUBLISH"
    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", method)
    if name is not None:
        add_feed_properties(document, name)
    for event in events:
        document.add_component(vevent(event, now))
    return bytes(document.to_ical())
