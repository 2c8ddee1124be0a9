"""Bookings as an iCalendar file (RFC 5545), for the resident's calendar app.

Each booking is one VEVENT whose UID is derived from the booking id and the deployment's host name, so
it never changes: importing a newer file (a higher SEQUENCE, STATUS:CANCELLED) updates the same event
instead of adding a second one. A file of one cancelled booking says METHOD:CANCEL, which calendar apps
treat as "remove this event"; everything else is METHOD:PUBLISH.

Text values are escaped (backslash, semicolon, comma, newline), lines end in CRLF, and lines longer than
75 octets are folded (CRLF and one space) without splitting a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from models.booking.store import Booking, BookingStatus

PRODID = "-//Linli//Room booking//ZH"
UID_DOMAIN = "booking.linli"
MAX_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    booking: Booking
    summary: str
    location: str
    description: str


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets; continuation pieces start with a space."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1
            limit = MAX_OCTETS
        current += char
        size += width
    pieces.append(current)
    return pieces


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(booking: Booking) -> str:
    return f"{booking.number}@{UID_DOMAIN}"


STATUS = {
    BookingStatus.pending: "TENTATIVE",
    BookingStatus.confirmed: "CONFIRMED",
}


def calendar(events: Sequence[CalendarEvent], now: datetime, *, method: str | None = None) -> bytes:
    """The whole VCALENDAR, CRLF-terminated, UTF-8."""
    if method is None:
        single_cancel = len(events) == 1 and events[0].booking.status not in STATUS
        method = "CANCEL" if single_cancel else "PUBLISH"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    for event in events:
        booking = event.booking
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(booking)}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(booking.starts_at)}",
            f"DTEND:{_stamp(booking.ends_at)}",
            f"SEQUENCE:{booking.sequence}",
            f"STATUS:{STATUS.get(booking.status, 'CANCELLED')}",
            f"SUMMARY:{escape(event.summary)}",
            f"LOCATION:{escape(event.location)}",
            f"DESCRIPTION:{escape(event.description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in fold(line)).encode("utf-8")
