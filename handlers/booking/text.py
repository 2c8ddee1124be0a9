"""Saying booking things in one person's language: days, times, durations, a booking in one line.

``Speaker`` is what both a handler step (``Speaker.of(ctx)``) and a timer or notification (the recipient's
language) use, so a booking reads the same in a reply and in a reminder.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

import handlers.core.scope as core_scope
from config.i18n import BABEL_LOCALE
from config.settings import Settings
from models.booking.store import Booking, BookingPolicy, BookingStatus, Centre, Room


def policy_of(settings: Settings) -> BookingPolicy:
    return BookingPolicy(
        tz=settings.tz,
        checkin_minutes=settings.booking_checkin_minutes,
        offer_minutes=settings.booking_offer_minutes,
        no_show_limit=settings.booking_no_show_limit,
        no_show_window_days=settings.booking_no_show_window_days,
        suspension_days=settings.booking_suspension_days,
        remind_day_before_hours=settings.booking_remind_day_hours,
        remind_hour_before_minutes=settings.booking_remind_minutes,
    )


class Speaker(core_scope.Speaker):
    """The core speaker with room booking's phrases: days, spans, durations, bookings."""

    # --- dates and times ------------------------------------------------------------------------------

    def day(self, day: date) -> str:
        pattern = "M月d日 EEE" if self.language == "zh" else "EEE d MMM"
        return str(format_date(day, pattern, locale=BABEL_LOCALE[self.language]))

    def clock(self, moment: datetime) -> str:
        return f"{moment.astimezone(self.services.settings.tz):%H:%M}"

    def moment(self, at: datetime) -> str:
        """'3月5日 周二 10:00'."""
        return f"{self.day(at.astimezone(self.services.settings.tz).date())} {self.clock(at)}"

    def span(self, starts_at: datetime, ends_at: datetime) -> str:
        """'3月5日 周二 09:00–10:30'."""
        day = starts_at.astimezone(self.services.settings.tz).date()
        return f"{self.day(day)} {self.clock(starts_at)}–{self.clock(ends_at)}"

    def duration(self, minutes: int) -> str:
        return self.t("booking-duration", hours=minutes // 60, minutes=minutes % 60)

    # --- bookings --------------------------------------------------------------------------------------

    def status(self, booking: Booking) -> str:
        if booking.status is BookingStatus.confirmed and booking.checked_in_at is not None:
            return self.t("booking-status-checked-in")
        return self.t(
            "booking-status",
            status=booking.status.value,
        )

    def line(self, booking: Booking, room: Room, centre: Centre) -> str:
        """One booking in one line: number, time, room, status."""
        return self.t(
            "booking-line",
            number=booking.number,
            when=self.span(booking.starts_at, booking.ends_at),
            room=room.name(self.language),
            centre=centre.name(self.language),
            status=self.status(booking),
        )

    def details(self, booking: Booking, room: Room, centre: Centre) -> str:
        return self.t(
            "booking-details",
            number=booking.number,
            when=self.span(booking.starts_at, booking.ends_at),
            room=room.name(self.language),
            centre=centre.name(self.language),
            address=centre.address(self.language) or "",
            purpose=booking.purpose,
            attendees=booking.attendees,
            status=self.status(booking),
        )
