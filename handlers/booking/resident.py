"""Room booking for residents: /book (centre → room → day → free time → duration → purpose → people →
confirm), weekly repeats, the waitlist, /mybookings (cancel, check in, history, calendar file).

Menus only ever offer what the store would accept right now, but the store checks every rule again when
the booking is made (a stale or forged choice gets a clear refusal, never a booking that breaks a rule).
Staff tools (schedules, approvals, blocking, statistics) live in handlers/booking/staff.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import models.booking.store as store
from handlers.booking.buttons import (
    BookingCalendar,
    BookingCancel,
    BookingCancelYes,
    BookingCheckIn,
    BookingHistory,
    WaitClaim,
    WaitDecline,
    WaitLeave,
)
from handlers.booking.ical import calendar, events_of, listed_for_calendar
from handlers.booking.notify import ask_approval
from handlers.booking.text import Speaker, policy_of
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, Document, in_rows
from models.booking.store import Booking, Centre, Room, WaitlistEntry
from models.errors import DomainError

FLOW = "booking"
TIMES_PER_ROW = 4
WEEK_CHOICES = (2, 4, 8, 12)
ATTENDEE_CHOICES = (1, 2, 5, 10, 20, 30, 50, 100)
HISTORY_PAGE = 10


# --- helpers --------------------------------------------------------------------------------------------


async def _room(ctx: Ctx) -> tuple[Room, Centre]:
    found = await store.room_with_centre(ctx.session, int(ctx.data["room"]))
    if found is None:
        raise DomainError("booking-err-gone")
    return found


def _start(ctx: Ctx) -> datetime:
    return datetime.fromtimestamp(int(ctx.data["start"]), UTC)


async def _step_back(ctx: Ctx, step: str) -> None:
    ctx.goto(step)
    await STEPS[step].ask(ctx)


def _refusal(ctx: Ctx, refusal: DomainError) -> str:
    return ctx.t(refusal.message_id, **refusal.args_for_message)


# --- /book ----------------------------------------------------------------------------------------------


async def run_book(ctx: Ctx) -> None:
    until = await store.suspended_until(ctx.session, ctx.person.id, ctx.now)
    if until is not None:
        speak = Speaker.of(ctx)
        ctx.say(
            "booking-suspended-now",
            [[ctx.button("booking-mine-button", MenuAction("mybookings"))], menu_button(ctx)],
            until=speak.day(until.astimezone(ctx.services.settings.tz).date()),
        )
        return
    centres = await store.centres_for(ctx.session, ctx.person)
    if not centres:
        ctx.say("booking-no-centres", [menu_button(ctx)])
        return
    ctx.enter(FLOW, "centre", mode="book")
    if len(centres) == 1:
        ctx.remember(centre=centres[0].id, single=True)
        await _step_back(ctx, "room")
        return
    await ask_centre(ctx)


async def ask_centre(ctx: Ctx) -> None:
    centres = await store.centres_for(ctx.session, ctx.person)
    rows = [[ctx.pick(centre.name(ctx.language), centre.id)] for centre in centres]
    if await store.managed_centres(ctx.session, ctx.person):
        rows.append([ctx.button("booking-staff-button", MenuAction("rooms"))])
    ctx.say("booking-ask-centre", [*rows, menu_button(ctx)])


async def on_centre(ctx: Ctx, value: str) -> None:
    centres = {str(centre.id) for centre in await store.centres_for(ctx.session, ctx.person)}
    if value not in centres:
        raise InvalidButton("centre not offered")
    ctx.remember(centre=int(value))
    await _step_back(ctx, "room")


async def _bookable_rooms(ctx: Ctx) -> tuple[Centre, list[Room]]:
    centre = await ctx.session.get(Centre, int(ctx.data["centre"]))
    if centre is None:
        raise DomainError("booking-err-gone")
    rooms = [room for room in await store.rooms_of(ctx.session, centre.id) if store.may_book(room, centre, ctx.person)]
    return centre, rooms


async def ask_room(ctx: Ctx) -> None:
    centre, rooms = await _bookable_rooms(ctx)
    lines = [
        ctx.t(
            "booking-room-line",
            name=room.name(ctx.language),
            capacity=room.capacity,
            equipment=room.equipment(ctx.language) or "",
            approval="yes" if room.needs_approval else "no",
        )
        for room in rooms
    ]
    rows = [[ctx.pick(room.name(ctx.language), room.id)] for room in rooms]
    back = [] if ctx.data.get("single") else [[ctx.pick(ctx.t("booking-back"), "back")]]
    if await store.managed_centres(ctx.session, ctx.person):
        back.append([ctx.button("booking-staff-button", MenuAction("rooms"))])
    ctx.say(
        "booking-ask-room",
        [*rows, *back, menu_button(ctx)],
        centre=centre.name(ctx.language),
        address=centre.address(ctx.language) or "",
        rooms="\n".join(lines),
    )


async def on_room(ctx: Ctx, value: str) -> None:
    if value == "back":
        await _step_back(ctx, "centre")
        return
    _centre, rooms = await _bookable_rooms(ctx)
    if value not in {str(room.id) for room in rooms}:
        raise InvalidButton("room not offered")
    ctx.remember(room=int(value), skip=0, mode="book")
    await _step_back(ctx, "day")


async def ask_day(ctx: Ctx) -> None:
    room, _centre = await _room(ctx)
    policy = policy_of(ctx.services.settings)
    count = ctx.services.settings.booking_day_buttons
    skip = int(ctx.data.get("skip", 0))
    bookable = await store.bookable_days(ctx.session, room, ctx.person, ctx.now, policy)
    days = bookable[skip : skip + count]
    speak = Speaker.of(ctx)
    rows = in_rows([ctx.pick(speak.day(day), day.isoformat()) for day in days], 2)
    paging = []
    if skip:
        paging.append(ctx.pick(ctx.t("booking-earlier-days"), "less"))
    if len(bookable) > skip + count:
        paging.append(ctx.pick(ctx.t("booking-later-days"), "more"))
    ctx.say(
        "booking-ask-day" if bookable else "booking-no-days",
        [*rows, paging, [ctx.pick(ctx.t("booking-back"), "back")], menu_button(ctx)],
        room=room.name(ctx.language),
        rules=_rules(ctx, room),
    )


def _rules(ctx: Ctx, room: Room) -> str:
    speak = Speaker.of(ctx)
    return ctx.t(
        "booking-rules",
        shortest=speak.duration(room.min_minutes),
        longest=speak.duration(room.max_minutes),
        notice=speak.duration(room.notice_minutes),
        horizon=room.horizon_days,
        quota=speak.duration(room.weekly_quota_minutes) if room.weekly_quota_minutes else "none",
        approval="yes" if room.needs_approval else "no",
    )


async def on_day(ctx: Ctx, value: str) -> None:
    count = ctx.services.settings.booking_day_buttons
    skip = int(ctx.data.get("skip", 0))
    if value in ("more", "less"):
        ctx.remember(skip=max(0, skip + (count if value == "more" else -count)))
        await _step_back(ctx, "day")
        return
    if value == "back":
        await _step_back(ctx, "room")
        return
    room, _centre = await _room(ctx)
    policy = policy_of(ctx.services.settings)
    allowed = {day.isoformat() for day in await store.bookable_days(ctx.session, room, ctx.person, ctx.now, policy)}
    if value not in allowed:
        raise InvalidButton("day not offered")
    ctx.remember(day=value, mode="book")
    await _step_back(ctx, "time")


async def ask_time(ctx: Ctx) -> None:
    room, _centre = await _room(ctx)
    policy = policy_of(ctx.services.settings)
    day = date.fromisoformat(ctx.data["day"])
    speak = Speaker.of(ctx)
    back = [ctx.pick(ctx.t("booking-other-day"), "back")]
    if ctx.data.get("mode") == "wait":
        taken = await store.taken_spans(ctx.session, room, day, ctx.now, policy)
        rows = [
            [ctx.pick(f"{speak.clock(span.starts_at)}–{speak.clock(span.ends_at)}", _span_value(span))]
            for span in taken
        ]
        ctx.say(
            "booking-ask-wait" if taken else "booking-nothing-to-wait",
            [*rows, back, menu_button(ctx)],
            day=speak.day(day),
            room=room.name(ctx.language),
        )
        return
    starts = await store.free_starts(ctx.session, room, day, ctx.now, policy)
    rows = in_rows([ctx.pick(speak.clock(start), int(start.timestamp())) for start in starts], TIMES_PER_ROW)
    if await store.taken_spans(ctx.session, room, day, ctx.now, policy):
        rows.append([ctx.pick(ctx.t("booking-waitlist-button"), "wait")])
    ctx.say(
        "booking-ask-time" if starts else "booking-no-times",
        [*rows, back, menu_button(ctx)],
        day=speak.day(day),
        room=room.name(ctx.language),
    )


def _span_value(span: store.Busy) -> str:
    return f"{int(span.starts_at.timestamp())}-{int(span.ends_at.timestamp())}"


async def on_time(ctx: Ctx, value: str) -> None:
    if value == "back":
        ctx.remember(mode="book")
        await _step_back(ctx, "day")
        return
    if value == "wait":
        ctx.remember(mode="wait")
        await _step_back(ctx, "time")
        return
    room, _centre = await _room(ctx)
    policy = policy_of(ctx.services.settings)
    day = date.fromisoformat(ctx.data["day"])
    if ctx.data.get("mode") == "wait":
        taken = {_span_value(span): span for span in await store.taken_spans(ctx.session, room, day, ctx.now, policy)}
        span = taken.get(value)
        if span is None:
            ctx.say("booking-time-gone")
            await ask_time(ctx)
            return
        minutes = int((span.ends_at - span.starts_at).total_seconds() // 60)
        ctx.remember(start=int(span.starts_at.timestamp()), minutes=minutes)
        await _step_back(ctx, "purpose")
        return
    starts = {str(int(s.timestamp())) for s in await store.free_starts(ctx.session, room, day, ctx.now, policy)}
    if value not in starts:
        ctx.say("booking-time-gone")
        await ask_time(ctx)
        return
    ctx.remember(start=int(value))
    await _step_back(ctx, "duration")


async def ask_duration(ctx: Ctx) -> None:
    room, _centre = await _room(ctx)
    start = _start(ctx)
    speak = Speaker.of(ctx)
    durations = await store.free_durations(ctx.session, room, start, ctx.now, policy_of(ctx.services.settings))
    rows = [
        [
            ctx.pick(
                ctx.t(
                    "booking-duration-choice",
                    duration=speak.duration(minutes),
                    until=speak.clock(start + timedelta(minutes=minutes)),
                ),
                minutes,
            )
        ]
        for minutes in durations
    ]
    ctx.say(
        "booking-ask-duration",
        [*rows, [ctx.pick(ctx.t("booking-back"), "back")], menu_button(ctx)],
        start=speak.moment(start),
    )


async def on_duration(ctx: Ctx, value: str) -> None:
    if value == "back":
        await _step_back(ctx, "time")
        return
    room, _centre = await _room(ctx)
    durations = await store.free_durations(ctx.session, room, _start(ctx), ctx.now, policy_of(ctx.services.settings))
    if value not in {str(minutes) for minutes in durations}:
        ctx.say("booking-time-gone")
        await _step_back(ctx, "time")
        return
    ctx.remember(minutes=int(value))
    await _step_back(ctx, "purpose")


def _purpose_choices(ctx: Ctx) -> list[str]:
    return [
        ctx.t("booking-purpose-meeting"),
        ctx.t("booking-purpose-class"),
        ctx.t("booking-purpose-activity"),
        ctx.t("booking-purpose-study"),
    ]


async def ask_purpose(ctx: Ctx) -> None:
    choices = _purpose_choices(ctx)
    rows = in_rows([ctx.pick(label, index) for index, label in enumerate(choices)], 2)
    ctx.say(
        "booking-ask-purpose",
        [*rows, [ctx.pick(ctx.t("booking-back"), "back")], menu_button(ctx)],
        max=store.MAX_PURPOSE,
    )


async def on_purpose_pick(ctx: Ctx, value: str) -> None:
    if value == "back":
        await _step_back(ctx, "time" if ctx.data.get("mode") == "wait" else "duration")
        return
    choices = _purpose_choices(ctx)
    if not value.isdigit() or int(value) >= len(choices):
        raise InvalidButton("no such purpose")
    await on_purpose_text(ctx, choices[int(value)])


async def on_purpose_text(ctx: Ctx, text: str) -> None:
    ctx.remember(purpose=" ".join(text.split()))
    await _step_back(ctx, "attendees")


async def ask_attendees(ctx: Ctx) -> None:
    room, _centre = await _room(ctx)
    choices = [n for n in ATTENDEE_CHOICES if n < room.capacity] + [room.capacity]
    rows = in_rows([ctx.pick(str(n), n) for n in choices], 4)
    ctx.say(
        "booking-ask-attendees",
        [*rows, [ctx.pick(ctx.t("booking-back"), "back")], menu_button(ctx)],
        capacity=room.capacity,
    )


async def on_attendees_pick(ctx: Ctx, value: str) -> None:
    if value == "back":
        await _step_back(ctx, "purpose")
        return
    await on_attendees_text(ctx, value)


async def on_attendees_text(ctx: Ctx, text: str) -> None:
    room, _centre = await _room(ctx)
    digits = text.strip().rstrip("人位 ")
    number = int(digits) if digits.isdecimal() and len(digits) <= 6 else 0  # isdecimal: ５ and 5 alike
    if not 1 <= number <= room.capacity:
        ctx.say("booking-bad-attendees", capacity=room.capacity)
        await ask_attendees(ctx)
        return
    ctx.remember(attendees=number)
    await _step_back(ctx, "confirm")


def _summary(ctx: Ctx, room: Room, centre: Centre) -> str:
    speak = Speaker.of(ctx)
    start = _start(ctx)
    return ctx.t(
        "booking-summary",
        room=room.name(ctx.language),
        centre=centre.name(ctx.language),
        when=speak.span(start, start + timedelta(minutes=int(ctx.data["minutes"]))),
        purpose=ctx.data["purpose"],
        attendees=int(ctx.data["attendees"]),
        approval="yes" if room.needs_approval else "no",
    )


async def ask_confirm(ctx: Ctx) -> None:
    room, centre = await _room(ctx)
    waiting = ctx.data.get("mode") == "wait"
    first = (
        ctx.pick(ctx.t("booking-join-waitlist"), "wait")
        if waiting
        else ctx.pick(ctx.t("booking-confirm-button"), "yes")
    )
    rows = [[first]]
    if not waiting:
        rows.append([ctx.pick(ctx.t("booking-weekly-button"), "weekly")])
    rows.append([ctx.pick(ctx.t("booking-back"), "back"), ctx.pick(ctx.t("button-cancel"), "no")])
    ctx.say("booking-ask-confirm", rows, summary=_summary(ctx, room, centre), waiting="yes" if waiting else "no")


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    if value == "back":
        await _step_back(ctx, "attendees")
        return
    if value == "weekly":
        await _step_back(ctx, "weeks")
        return
    if value == "wait":
        await _join_waitlist(ctx)
        return
    if value == "join":  # offered after "just taken": wait for the same time
        ctx.remember(mode="wait")
        await _join_waitlist(ctx)
        return
    if value != "yes":
        raise InvalidButton("no such answer")
    room, centre = await _room(ctx)
    start = _start(ctx)
    try:
        booking = await store.book_room(
            ctx.session,
            room.id,
            ctx.person,
            start,
            start + timedelta(minutes=int(ctx.data["minutes"])),
            ctx.data["purpose"],
            int(ctx.data["attendees"]),
            ctx.now,
            policy_of(ctx.services.settings),
        )
    except DomainError as refusal:  # nothing was written before the refusal: safe to keep the flow
        await _refused(ctx, refusal)
        return
    ctx.leave()
    await _booked(ctx, booking, room, centre)


async def _refused(ctx: Ctx, refusal: DomainError) -> None:
    ctx.goto("refused")  # before the picks: they carry the new step's nonce
    rows = [[ctx.pick(ctx.t("booking-other-time"), "time")]]
    if refusal.message_id == "booking-err-taken":
        rows.insert(0, [ctx.pick(ctx.t("booking-join-waitlist"), "join")])
    ctx.reply(_refusal(ctx, refusal), [*rows, menu_button(ctx)])


async def ask_refused(ctx: Ctx) -> None:
    await _step_back(ctx, "time")


async def on_refused(ctx: Ctx, value: str) -> None:
    if value == "join":
        ctx.remember(mode="wait")
        await _join_waitlist(ctx)
        return
    ctx.remember(mode="book")
    await _step_back(ctx, "time")


async def _booked(ctx: Ctx, booking: Booking, room: Room, centre: Centre) -> None:
    speak = Speaker.of(ctx)
    pending = booking.status is store.BookingStatus.pending
    if pending:
        await ask_approval(ctx, booking)
    ctx.say(
        "booking-done",
        [
            [ctx.button("booking-calendar-one", BookingCalendar(booking.id))],
            [ctx.button("booking-mine-button", MenuAction("mybookings"))],
            menu_button(ctx),
        ],
        pending="yes" if pending else "no",
        details=speak.details(booking, room, centre),
        window=ctx.services.settings.booking_checkin_minutes,
    )


async def _join_waitlist(ctx: Ctx) -> None:
    room, _centre = await _room(ctx)
    start = _start(ctx)
    try:
        entry = await store.join_waitlist(
            ctx.session,
            room.id,
            ctx.person,
            start,
            start + timedelta(minutes=int(ctx.data["minutes"])),
            ctx.data["purpose"],
            int(ctx.data["attendees"]),
            ctx.now,
            policy_of(ctx.services.settings),
        )
    except DomainError as refusal:
        if refusal.message_id == "booking-err-free-now":
            ctx.remember(mode="book")
            ctx.say("booking-err-free-now")
            await _step_back(ctx, "confirm")
            return
        await _refused(ctx, refusal)
        return
    ctx.leave()
    speak = Speaker.of(ctx)
    ctx.say(
        "booking-waitlist-joined",
        [[ctx.button("booking-mine-button", MenuAction("mybookings"))], menu_button(ctx)],
        room=room.name(ctx.language),
        when=speak.span(entry.starts_at, entry.ends_at),
        position=await store.waitlist_position(ctx.session, entry),
        minutes=ctx.services.settings.booking_offer_minutes,
    )


# --- weekly repeats -------------------------------------------------------------------------------------


async def ask_weeks(ctx: Ctx) -> None:
    speak = Speaker.of(ctx)
    start = _start(ctx)
    end = start + timedelta(minutes=int(ctx.data["minutes"]))
    rows = in_rows([ctx.pick(ctx.t("booking-weeks-choice", weeks=n), n) for n in WEEK_CHOICES], 2)
    ctx.say(
        "booking-ask-weeks",
        [*rows, [ctx.pick(ctx.t("booking-back"), "back")], menu_button(ctx)],
        weekday=speak.day(start.astimezone(ctx.services.settings.tz).date()),
        start=speak.clock(start),
        end=speak.clock(end),
    )


async def on_weeks(ctx: Ctx, value: str) -> None:
    if value == "back":
        await _step_back(ctx, "confirm")
        return
    if value not in {str(n) for n in WEEK_CHOICES}:
        raise InvalidButton("no such number of weeks")
    ctx.remember(weeks=int(value))
    await _step_back(ctx, "series")


async def _series(ctx: Ctx, *, dry_run: bool) -> store.SeriesOutcome:
    room, _centre = await _room(ctx)
    return await store.book_series(
        ctx.session,
        room.id,
        ctx.person,
        _start(ctx),
        int(ctx.data["minutes"]),
        int(ctx.data["weeks"]),
        ctx.data["purpose"],
        int(ctx.data["attendees"]),
        ctx.now,
        policy_of(ctx.services.settings),
        dry_run=dry_run,
    )


def _clash_lines(ctx: Ctx, outcome: store.SeriesOutcome) -> str:
    speak = Speaker.of(ctx)
    minutes = timedelta(minutes=int(ctx.data["minutes"]))
    return "\n".join(
        ctx.t("booking-clash-line", when=speak.span(start, start + minutes), why=_refusal(ctx, clash))
        for start, clash in outcome.clashes
    )


async def ask_series(ctx: Ctx) -> None:
    outcome = await _series(ctx, dry_run=True)
    weeks = int(ctx.data["weeks"])
    free = weeks - len(outcome.clashes)
    rows = []
    if free:
        rows.append([ctx.pick(ctx.t("booking-series-confirm", count=free), "yes")])
    rows.append([ctx.pick(ctx.t("booking-back"), "back"), ctx.pick(ctx.t("button-cancel"), "no")])
    ctx.say(
        "booking-series-preview",
        rows,
        weeks=weeks,
        free=free,
        clashes=_clash_lines(ctx, outcome) or "",
    )


async def on_series(ctx: Ctx, value: str) -> None:
    if value == "back":
        await _step_back(ctx, "weeks")
        return
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    if value != "yes":
        raise InvalidButton("no such answer")
    outcome = await _series(ctx, dry_run=False)
    if not outcome.booked:
        ctx.say("booking-series-none", clashes=_clash_lines(ctx, outcome) or "")
        await _step_back(ctx, "weeks")
        return
    room, centre = await _room(ctx)
    speak = Speaker.of(ctx)
    clashes = _clash_lines(ctx, outcome) or ""
    ctx.leave()
    for booking in outcome.booked:
        if booking.status is store.BookingStatus.pending:
            await ask_approval(ctx, booking)
    ctx.say(
        "booking-series-done",
        [
            [ctx.button("booking-calendar-all", BookingCalendar(0))],
            [ctx.button("booking-mine-button", MenuAction("mybookings"))],
            menu_button(ctx),
        ],
        count=len(outcome.booked),
        room=room.name(ctx.language),
        centre=centre.name(ctx.language),
        bookings="\n".join(speak.line(booking, room, centre) for booking in outcome.booked),
        clashes=clashes,
        pending="yes" if outcome.booked[0].status is store.BookingStatus.pending else "no",
    )


# --- /mybookings ----------------------------------------------------------------------------------------


async def run_mine(ctx: Ctx) -> None:
    speak = Speaker.of(ctx)
    upcoming = await store.bookings_of(ctx.session, ctx.person.id, ctx.now, upcoming=True)
    waits = await store.waits_of(ctx.session, ctx.person.id, ctx.now)
    window = timedelta(minutes=ctx.services.settings.booking_checkin_minutes)
    rows: list[list[Button]] = []
    lines = []
    for listed in upcoming:
        booking = listed.booking
        lines.append(speak.line(booking, listed.room, listed.centre))
        row = []
        can_check_in = booking.status is store.BookingStatus.confirmed and booking.checked_in_at is None
        if can_check_in and booking.starts_at - window <= ctx.now <= booking.starts_at + window:
            row.append(ctx.button("booking-checkin-button", BookingCheckIn(booking.id), number=booking.number))
        if booking.starts_at > ctx.now:
            row.append(ctx.button("booking-cancel-one", BookingCancel(booking.id), number=booking.number))
        if row:
            rows.append(row)
    for entry, room in waits:
        lines.append(
            ctx.t(
                "booking-wait-line",
                room=room.name(ctx.language),
                when=speak.span(entry.starts_at, entry.ends_at),
                offered="yes" if entry.status is store.WaitStatus.offered else "no",
            )
        )
        if entry.status is store.WaitStatus.offered:
            rows.append([ctx.button("booking-offer-claim", WaitClaim(entry.id))])
        rows.append([ctx.button("booking-wait-leave", WaitLeave(entry.id), when=speak.clock(entry.starts_at))])
    rows.append(
        [
            ctx.button("booking-history-button", BookingHistory(0)),
            ctx.button("booking-calendar-all", BookingCalendar(0)),
        ]
    )
    rows.append([ctx.button("booking-book-again", MenuAction("book"))])
    if not lines:
        ctx.say("booking-mine-empty", [*rows, menu_button(ctx)])
        return
    ctx.say("booking-mine", [*rows, menu_button(ctx)], bookings="\n".join(lines))


async def on_history(ctx: Ctx, item: BookingHistory) -> None:
    if item.page < 0 or item.page > 100:
        raise InvalidButton("no such page")
    speak = Speaker.of(ctx)
    past = await store.bookings_of(
        ctx.session, ctx.person.id, ctx.now, upcoming=False, limit=HISTORY_PAGE * (item.page + 1) + 1
    )
    shown = past[item.page * HISTORY_PAGE : (item.page + 1) * HISTORY_PAGE]
    rows = []
    if len(past) > (item.page + 1) * HISTORY_PAGE:
        rows.append([ctx.button("booking-history-more", BookingHistory(item.page + 1))])
    rows.append([ctx.button("booking-mine-button", MenuAction("mybookings"))])
    if not shown:
        ctx.say("booking-history-empty", [*rows, menu_button(ctx)])
        return
    ctx.say(
        "booking-history",
        [*rows, menu_button(ctx)],
        bookings="\n".join(speak.line(listed.booking, listed.room, listed.centre) for listed in shown),
    )


async def _my_booking(ctx: Ctx, booking_id: int) -> tuple[Booking, Room, Centre]:
    booking = await store.get_booking(ctx.session, booking_id, lock=True)
    if booking is None:
        raise InvalidButton("no such booking")
    if booking.person_id != ctx.person.id:
        raise DomainError("booking-err-not-yours")
    found = await store.room_with_centre(ctx.session, booking.room_id)
    assert found is not None
    return booking, found[0], found[1]


async def on_cancel(ctx: Ctx, item: BookingCancel) -> None:
    booking, room, centre = await _my_booking(ctx, item.booking)
    if booking.status not in store.HOLDING or booking.starts_at <= ctx.now:
        ctx.say("booking-err-not-active", [[ctx.button("booking-mine-button", MenuAction("mybookings"))]])
        return
    ctx.say(
        "booking-cancel-ask",
        [
            [ctx.button("booking-cancel-yes", BookingCancelYes(booking.id))],
            [ctx.button("booking-cancel-keep", MenuAction("mybookings"))],
        ],
        booking=Speaker.of(ctx).line(booking, room, centre),
    )


async def on_cancel_yes(ctx: Ctx, item: BookingCancelYes) -> None:
    booking, room, centre = await _my_booking(ctx, item.booking)
    await store.cancel_booking(ctx.session, booking, ctx.now, policy_of(ctx.services.settings))
    ctx.say(
        "booking-cancelled",
        [
            [ctx.button("booking-calendar-update", BookingCalendar(booking.id))],
            [ctx.button("booking-mine-button", MenuAction("mybookings"))],
            menu_button(ctx),
        ],
        edit=True,
        booking=Speaker.of(ctx).line(booking, room, centre),
    )


async def on_check_in(ctx: Ctx, item: BookingCheckIn) -> None:
    booking, room, centre = await _my_booking(ctx, item.booking)
    await store.check_in(ctx.session, booking, ctx.now, policy_of(ctx.services.settings))
    ctx.say(
        "booking-checked-in",
        [[ctx.button("booking-mine-button", MenuAction("mybookings"))], menu_button(ctx)],
        booking=Speaker.of(ctx).line(booking, room, centre),
    )


async def on_calendar(ctx: Ctx, item: BookingCalendar) -> None:
    if item.booking:
        booking, room, centre = await _my_booking(ctx, item.booking)
        listed = [store.Listed(booking, room, centre)]
        filename = f"linli-{booking.number}.ics"
    else:
        listed = await listed_for_calendar(ctx.session, ctx.person.id, ctx.now)
        filename = "linli-bookings.ics"
    if not listed:
        ctx.say("booking-mine-empty", [[ctx.button("booking-book-again", MenuAction("book"))], menu_button(ctx)])
        return
    events = events_of(Speaker.of(ctx), listed)
    ctx.reply(
        ctx.t("booking-ics-sent", count=len(events)),
        [
            [ctx.button("booking-mine-button", MenuAction("mybookings"))],
            [ctx.button("calendar-subscribe-button", MenuAction("calendar"))],
            menu_button(ctx),
        ],
        document=Document(filename, calendar(events, ctx.now), "text/calendar"),
    )


# --- waitlist offers ------------------------------------------------------------------------------------


async def _my_entry(ctx: Ctx, entry_id: int) -> WaitlistEntry:
    entry = await ctx.session.get(WaitlistEntry, entry_id)
    if entry is None:
        raise InvalidButton("no such waitlist entry")
    if entry.person_id != ctx.person.id:
        raise DomainError("booking-err-not-yours")
    return entry


async def on_claim(ctx: Ctx, item: WaitClaim) -> None:
    entry = await _my_entry(ctx, item.entry)
    booking = await store.claim_offer(ctx.session, entry, ctx.person, ctx.now, policy_of(ctx.services.settings))
    found = await store.room_with_centre(ctx.session, booking.room_id)
    assert found is not None
    await _booked(ctx, booking, *found)


async def on_decline(ctx: Ctx, item: WaitDecline) -> None:
    entry = await _my_entry(ctx, item.entry)
    if not await store.end_offer(ctx.session, entry, ctx.now, policy_of(ctx.services.settings), declined=True):
        raise DomainError("booking-err-offer-gone")
    await show_menu(ctx, intro=ctx.t("booking-offer-declined"))


async def on_leave(ctx: Ctx, item: WaitLeave) -> None:
    entry = await _my_entry(ctx, item.entry)
    await store.leave_waitlist(ctx.session, entry, ctx.now, policy_of(ctx.services.settings))
    ctx.say("booking-wait-left", [[ctx.button("booking-mine-button", MenuAction("mybookings"))], menu_button(ctx)])


# --- demo -----------------------------------------------------------------------------------------------


STEPS: dict[str, Step] = {
    "centre": Step(ask_centre, on_pick=on_centre),
    "room": Step(ask_room, on_pick=on_room),
    "day": Step(ask_day, on_pick=on_day),
    "time": Step(ask_time, on_pick=on_time),
    "duration": Step(ask_duration, on_pick=on_duration),
    "purpose": Step(ask_purpose, on_pick=on_purpose_pick, on_text=on_purpose_text, max_text=store.MAX_PURPOSE),
    "attendees": Step(ask_attendees, on_pick=on_attendees_pick, on_text=on_attendees_text, max_text=10),
    "confirm": Step(ask_confirm, on_pick=on_confirm),
    "refused": Step(ask_refused, on_pick=on_refused),
    "weeks": Step(ask_weeks, on_pick=on_weeks),
    "series": Step(ask_series, on_pick=on_series),
}


COMMANDS = [
    Command(
        "book",
        run_book,
        "cmd-book",
        Audience.residents,
        keywords=("预约", "订房", "订个房", "订场地", "借场地", "活动室", "会议室", "book", "room"),
    ),
    Command(
        "mybookings",
        run_mine,
        "cmd-mybookings",
        Audience.residents,
        keywords=("我的预约", "取消预约", "my booking", "my bookings"),
    ),
]
BUTTONS: dict[type[Payload], ButtonFn] = {
    BookingCancel: on_cancel,
    BookingCancelYes: on_cancel_yes,
    BookingCheckIn: on_check_in,
    BookingCalendar: on_calendar,
    BookingHistory: on_history,
    WaitClaim: on_claim,
    WaitDecline: on_decline,
    WaitLeave: on_leave,
}
FLOWS = [Flow(FLOW, STEPS)]
MENU = [
    MenuEntry("menu-book", "book", Audience.residents, 30),
    MenuEntry("menu-mybookings", "mybookings", Audience.residents, 31, mine=True),
]
