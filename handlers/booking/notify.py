"""Room booking's messages to other people (staff asked to approve, a resident told) and its timers.

Everything here is queued through the outbox in the recipient's language. Each function takes the
``Scope`` it runs in: a chat step's ``ctx``, a timer's ``job`` or a console page.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

import models.booking.store as store
from handlers.booking.buttons import (
    BookingApprove,
    BookingCalendar,
    BookingCancel,
    BookingReject,
    WaitClaim,
    WaitDecline,
)
from handlers.booking.text import Speaker, policy_of
from handlers.core.buttons import MenuAction
from handlers.core.jobs import Job
from handlers.core.messages import Button, Reply
from handlers.core.scope import Scope
from models.booking.store import Booking, Centre, Room, WaitlistEntry
from models.people import Person


async def _parts(session: AsyncSession, booking: Booking) -> tuple[Room, Centre, Person]:
    found = await store.room_with_centre(session, booking.room_id)
    person = await session.get(Person, booking.person_id)
    assert found is not None
    assert person is not None
    return found[0], found[1], person


def _mine(speak: Speaker) -> tuple[tuple[Button, ...], ...]:
    return ((speak.button("booking-mine-button", MenuAction("mybookings")),),)


async def ask_approval(scope: Scope, booking: Booking) -> int:
    """Send the room's staff the pending booking with approve / reject buttons. Returns how many were asked."""
    services, session = scope.services, scope.session
    room, centre, holder = await _parts(session, booking)

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t(
            "booking-approval-request",
            name=holder.display_name,
            details=speak.details(booking, room, centre),
        )
        return Reply(
            text,
            (
                (
                    speak.button("booking-approve", BookingApprove(booking.id)),
                    speak.button("booking-reject", BookingReject(booking.id)),
                ),
            ),
        )

    asked = 0
    for staff in await store.room_staff(session, room, centre):
        if await scope.notify(staff, "booking-approval", render):
            asked += 1
    return asked


async def tell_holder(scope: Scope, booking: Booking, what: str) -> None:
    """Tell the booking's holder what happened to it: approved, rejected, cancelled by staff, expired."""
    services, session = scope.services, scope.session
    room, centre, holder = await _parts(session, booking)

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        line = speak.line(booking, room, centre)
        reason = booking.reason or ""
        if what == "approved":
            text = speak.t("booking-told-approved", booking=line)
            buttons = ((speak.button("booking-calendar-one", BookingCalendar(booking.id)),),)
        elif what == "rejected":
            text = speak.t("booking-told-rejected", booking=line, reason=reason)
            buttons = ((speak.button("booking-book-again", MenuAction("book")),),)
        elif what == "cancelled":
            text = speak.t("booking-told-cancelled", booking=line, reason=reason)
            buttons = ((speak.button("booking-calendar-update", BookingCalendar(booking.id)),),)
        else:
            text = speak.t("booking-told-expired", booking=line)
            buttons = ((speak.button("booking-book-again", MenuAction("book")),),)
        return Reply(text, (*buttons, *_mine(speak)))

    await scope.notify(holder, f"booking-{what}", render)


async def tell_offers(scope: Scope) -> None:
    """The booking feature's ``settle``: whoever the store offered freed time in this transaction (a
    cancellation, a rejection, a no-show, a lapsed approval, an offer declined or run out) is told, once.
    No path that frees time has to remember to do it."""
    for entry in await store.offers_made(scope.session, scope.now):
        await _send_offer(scope, entry)


async def _send_offer(scope: Scope, entry: WaitlistEntry) -> None:
    services, session = scope.services, scope.session
    found = await store.room_with_centre(session, entry.room_id)
    person = await session.get(Person, entry.person_id)
    assert found is not None
    assert person is not None
    assert entry.offer_expires_at is not None
    room, centre = found
    expires = entry.offer_expires_at

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        return Reply(
            speak.t(
                "booking-offer",
                room=room.name(language),
                centre=centre.name(language),
                when=speak.span(entry.starts_at, entry.ends_at),
                until=speak.clock(expires),
            ),
            (
                (
                    speak.button("booking-offer-claim", WaitClaim(entry.id)),
                    speak.button("booking-offer-decline", WaitDecline(entry.id)),
                ),
            ),
        )

    await scope.notify(person, "booking-offer", render)


# --- timers ---------------------------------------------------------------------------------------------


async def _booking_of(job: Job) -> Booking | None:
    return await store.get_booking(job.session, int(job.ref), lock=True)


async def fire_reminder(job: Job) -> None:
    """The day before and an hour before; only for a booking that still stands (cancelled ones have none)."""
    booking = await _booking_of(job)
    if booking is None or booking.status is not store.BookingStatus.confirmed or booking.starts_at <= job.now:
        return
    room, centre, holder = await _parts(job.session, booking)
    services = job.services
    soon = job.kind == store.REMIND_HOUR

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t(
            "booking-reminder",
            soon="yes" if soon else "no",
            details=speak.details(booking, room, centre),
            window=services.settings.booking_checkin_minutes,
        )
        return Reply(
            text,
            (
                (speak.button("booking-cancel-button", BookingCancel(booking.id)),),
                *_mine(speak),
            ),
        )

    # The day-before reminder may wait for the morning; the hour-before one may not.
    await job.notify(holder, "booking-reminder", render, quiet=not soon)


async def fire_release(job: Job) -> None:
    """The check-in window closed: a no-show releases the room (and may suspend booking)."""
    booking = await _booking_of(job)
    if booking is None:
        return
    policy = policy_of(job.services.settings)
    released = await store.release_no_show(job.session, booking, job.now, policy)
    if released is None:
        return
    room, centre, holder = await _parts(job.session, booking)
    services = job.services
    suspension = released.suspension

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = speak.t(
            "booking-no-show",
            booking=speak.line(booking, room, centre),
            count=released.no_shows,
            limit=policy.no_show_limit,
            days=policy.no_show_window_days,
        )
        if suspension is not None:
            text += "\n\n" + speak.t(
                "booking-suspended", until=speak.day(suspension.ends_at.astimezone(policy.tz).date())
            )
        return Reply(text, _mine(speak))

    await job.notify(holder, "booking-no-show", render)


async def fire_expire(job: Job) -> None:
    booking = await _booking_of(job)
    policy = policy_of(job.services.settings)
    if booking is None or not await store.expire_pending(job.session, booking, job.now, policy):
        return
    await tell_holder(job, booking, "expired")


async def fire_offer_end(job: Job) -> None:
    """Nobody claimed the offer in time: tell them (the store offers the time to the next in line)."""
    entry = await job.session.get(WaitlistEntry, int(job.ref))
    policy = policy_of(job.services.settings)
    if entry is None or not await store.end_offer(job.session, entry, job.now, policy, declined=False):
        return
    person = await job.session.get(Person, entry.person_id)
    found = await store.room_with_centre(job.session, entry.room_id)
    assert person is not None
    assert found is not None
    room = found[0]
    services = job.services

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        return Reply(
            speak.t("booking-offer-expired", room=room.name(language), when=speak.span(entry.starts_at, entry.ends_at)),
            _mine(speak),
        )

    await job.notify(person, "booking-offer-expired", render)


TIMERS = {
    store.REMIND_DAY: fire_reminder,
    store.REMIND_HOUR: fire_reminder,
    store.RELEASE: fire_release,
    store.EXPIRE: fire_expire,
    store.OFFER: fire_offer_end,
}
