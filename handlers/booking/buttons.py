"""Room booking's button payloads: the ones that must work outside a flow (in /mybookings, in notifications).

Every prefix starts with "b" (room booking's letter). Ids are database ids; the handlers re-read and
re-check everything a payload names (it may be stale, or someone else's).
"""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("bc")
@dataclasses.dataclass(frozen=True)
class BookingCancel(Payload):
    """Asks "cancel this booking?"."""

    booking: int


@payload("by")
@dataclasses.dataclass(frozen=True)
class BookingCancelYes(Payload):
    booking: int


@payload("bn")
@dataclasses.dataclass(frozen=True)
class BookingCheckIn(Payload):
    booking: int


@payload("bi")
@dataclasses.dataclass(frozen=True)
class BookingCalendar(Payload):
    """An iCalendar file: of one booking, or (0) of all my bookings."""

    booking: int


@payload("bh")
@dataclasses.dataclass(frozen=True)
class BookingHistory(Payload):
    page: int


@payload("ba")
@dataclasses.dataclass(frozen=True)
class BookingApprove(Payload):
    booking: int


@payload("br")
@dataclasses.dataclass(frozen=True)
class BookingReject(Payload):
    booking: int


@payload("bw")
@dataclasses.dataclass(frozen=True)
class WaitClaim(Payload):
    entry: int


@payload("bwd")
@dataclasses.dataclass(frozen=True)
class WaitDecline(Payload):
    entry: int


@payload("bwl")
@dataclasses.dataclass(frozen=True)
class WaitLeave(Payload):
    entry: int


@payload("bs")
@dataclasses.dataclass(frozen=True)
class StaffCentre(Payload):
    centre: int


@payload("bd")
@dataclasses.dataclass(frozen=True)
class StaffDay(Payload):
    """A centre's schedule for one day (``day`` is the date's ordinal)."""

    centre: int
    day: int


@payload("bx")
@dataclasses.dataclass(frozen=True)
class StaffCancel(Payload):
    booking: int


@payload("bm")
@dataclasses.dataclass(frozen=True)
class StaffStats(Payload):
    centre: int
    month: int  # year * 100 + month


@payload("bb")
@dataclasses.dataclass(frozen=True)
class StaffBlock(Payload):
    centre: int
