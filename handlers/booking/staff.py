"""Room booking for staff and room managers: approvals, a centre's schedule for any day, cancelling with a
reason, blocking a time, usage statistics per room and month.

Who may act on a centre: a manager of one of its rooms, or staff of its community (or above). Every
button re-checks that, so a forwarded staff message does nothing in a resident's hands.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import models.booking.store as store
from handlers.booking.buttons import (
    BookingApprove,
    BookingReject,
    StaffBlock,
    StaffCancel,
    StaffCentre,
    StaffDay,
    StaffStats,
)
from handlers.booking.notify import tell_holder
from handlers.booking.text import Speaker, policy_of
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.charts import Series, draw, horizontal_bar_chart
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, Document, in_rows
from handlers.core.scope import Scope
from models.booking.store import Booking, Centre, Room
from models.errors import DomainError
from models.people import Person

REASON_FLOW = "booking-reason"
BLOCK_FLOW = "booking-block"
MAX_SCHEDULE_BUTTONS = 12
MAX_PENDING_SHOWN = 10
BLOCK_DAYS = 14
BLOCK_LENGTHS = (60, 120, 180, 240)


async def _not_staff(ctx: Ctx) -> None:
    ctx.say("booking-not-staff", [menu_button(ctx)])


async def _centre(ctx: Ctx, centre_id: int) -> Centre | None:
    """The centre, if this person may run it (None: they were told they may not)."""
    centre = await ctx.session.get(Centre, centre_id)
    if centre is None:
        raise InvalidButton("no such centre")
    if not await store.may_manage_centre(ctx.session, ctx.person, centre):
        await _not_staff(ctx)
        return None
    return centre


async def _managed_booking(ctx: Ctx, booking_id: int) -> tuple[Booking, Room, Centre] | None:
    booking = await store.get_booking(ctx.session, booking_id, lock=True)
    if booking is None:
        raise InvalidButton("no such booking")
    found = await store.room_with_centre(ctx.session, booking.room_id)
    assert found is not None
    room, centre = found
    if not await store.may_manage_room(ctx.session, ctx.person, room, centre):
        await _not_staff(ctx)
        return None
    return booking, room, centre


# --- the centre's page ----------------------------------------------------------------------------------


async def run_rooms(ctx: Ctx) -> None:
    centres = await store.managed_centres(ctx.session, ctx.person)
    if not centres:
        await _not_staff(ctx)
        return
    if len(centres) == 1:
        await show_centre(ctx, centres[0], edit=False)
        return
    rows = [[ctx.button("booking-staff-centre-button", StaffCentre(c.id), name=c.name(ctx.language))] for c in centres]
    ctx.say("booking-staff-choose", [*rows, menu_button(ctx)])


async def on_centre(ctx: Ctx, item: StaffCentre) -> None:
    centre = await _centre(ctx, item.centre)
    if centre is not None:
        await show_centre(ctx, centre, edit=True)


async def show_centre(ctx: Ctx, centre: Centre, *, edit: bool) -> None:
    today = ctx.now.astimezone(ctx.services.settings.tz).date()
    pending = [p for p in await store.pending_for(ctx.session, ctx.person, ctx.now) if p.centre.id == centre.id]
    this_month = today.year * 100 + today.month
    ctx.say(
        "booking-staff-centre",
        [
            [ctx.button("booking-staff-today", StaffDay(centre.id, today.toordinal()))],
            [ctx.button("booking-staff-tomorrow", StaffDay(centre.id, today.toordinal() + 1))],
            [ctx.button("booking-staff-block", StaffBlock(centre.id))],
            [ctx.button("booking-staff-stats", StaffStats(centre.id, this_month))],
            [ctx.button("booking-staff-pending", MenuAction("approvals"), count=len(pending))],
            menu_button(ctx),
        ],
        edit=edit,
        centre=centre.name(ctx.language),
        pending=len(pending),
    )


# --- schedule -------------------------------------------------------------------------------------------


async def on_day(ctx: Ctx, item: StaffDay) -> None:
    if not date.min.toordinal() <= item.day <= date.max.toordinal():
        raise InvalidButton("no such day")
    centre = await _centre(ctx, item.centre)
    if centre is None:
        return
    day = date.fromordinal(item.day)
    speak = Speaker.of(ctx)
    lines = []
    cancel_buttons: list[list[Button]] = []
    for line in await store.centre_schedule(ctx.session, centre.id, day, ctx.services.settings.tz):
        span = f"{speak.clock(line.starts_at)}–{speak.clock(line.ends_at)}"
        if line.booking is None:
            reason = line.blackout.reason if line.blackout is not None else ""
            lines.append(
                ctx.t("booking-schedule-blocked", time=span, room=line.room.name(ctx.language), reason=reason or "")
            )
            continue
        booking = line.booking
        lines.append(
            ctx.t(
                "booking-schedule-line",
                time=span,
                room=line.room.name(ctx.language),
                purpose=booking.purpose,
                attendees=booking.attendees,
                name=line.holder.display_name if line.holder else "",
                number=booking.number,
                status=speak.status(booking),
            )
        )
        if booking.status in store.HOLDING and booking.ends_at > ctx.now and len(cancel_buttons) < MAX_SCHEDULE_BUTTONS:
            cancel_buttons.append(
                [ctx.button("booking-staff-cancel", StaffCancel(booking.id), number=booking.number, time=span)]
            )
    navigation = [
        ctx.button("booking-staff-previous-day", StaffDay(centre.id, item.day - 1)),
        ctx.button("booking-staff-next-day", StaffDay(centre.id, item.day + 1)),
        ctx.button("booking-staff-next-week", StaffDay(centre.id, item.day + 7)),
    ]
    rows = [*cancel_buttons, navigation, [ctx.button("booking-staff-back", StaffCentre(centre.id))], menu_button(ctx)]
    if not lines:
        ctx.say("booking-schedule-empty", rows, edit=True, centre=centre.name(ctx.language), day=speak.day(day))
        return
    ctx.say(
        "booking-schedule",
        rows,
        edit=True,
        centre=centre.name(ctx.language),
        day=speak.day(day),
        lines="\n".join(lines),
    )


# --- approvals ------------------------------------------------------------------------------------------


async def run_approvals(ctx: Ctx) -> None:
    if not await store.managed_centres(ctx.session, ctx.person):
        await _not_staff(ctx)
        return
    pending = await store.pending_for(ctx.session, ctx.person, ctx.now)
    if not pending:
        ctx.say("booking-pending-none", [menu_button(ctx)])
        return
    speak = Speaker.of(ctx)
    ctx.say("booking-pending-title", count=len(pending))
    for listed in pending[:MAX_PENDING_SHOWN]:
        holder = await ctx.session.get(Person, listed.booking.person_id)
        ctx.reply(
            ctx.t(
                "booking-pending-item",
                name=holder.display_name if holder else "",
                details=speak.details(listed.booking, listed.room, listed.centre),
            ),
            [
                [
                    ctx.button("booking-approve", BookingApprove(listed.booking.id)),
                    ctx.button("booking-reject", BookingReject(listed.booking.id)),
                ]
            ],
        )
    ctx.say("booking-pending-end", [menu_button(ctx)], more=max(0, len(pending) - MAX_PENDING_SHOWN))


async def on_approve(ctx: Ctx, item: BookingApprove) -> None:
    found = await _managed_booking(ctx, item.booking)
    if found is None:
        return
    booking, room, centre = found
    await approve(ctx, booking=booking, by=ctx.person)
    ctx.say(
        "booking-approved",
        [
            [ctx.button("booking-staff-pending", MenuAction("approvals"), count=len(await _pending(ctx)))],
            menu_button(ctx),
        ],
        edit=True,
        booking=Speaker.of(ctx).line(booking, room, centre),
    )


async def _pending(ctx: Ctx) -> list[store.Listed]:
    return await store.pending_for(ctx.session, ctx.person, ctx.now)


async def on_reject(ctx: Ctx, item: BookingReject) -> None:
    found = await _managed_booking(ctx, item.booking)
    if found is None:
        return
    booking, _room, _centre = found
    if booking.status is not store.BookingStatus.pending:
        raise DomainError("booking-err-decided")
    ctx.enter(REASON_FLOW, "reason", action="reject", booking=booking.id)
    await ask_reason(ctx)


async def on_staff_cancel(ctx: Ctx, item: StaffCancel) -> None:
    found = await _managed_booking(ctx, item.booking)
    if found is None:
        return
    booking, _room, _centre = found
    if booking.status not in store.HOLDING or booking.ends_at <= ctx.now:
        raise DomainError("booking-err-not-active")
    ctx.enter(REASON_FLOW, "reason", action="cancel", booking=booking.id)
    await ask_reason(ctx)


async def ask_reason(ctx: Ctx) -> None:
    booking = await store.get_booking(ctx.session, int(ctx.data["booking"]))
    found = await store.room_with_centre(ctx.session, booking.room_id) if booking else None
    if booking is None or found is None:
        raise DomainError("booking-err-gone")
    ctx.say(
        "booking-ask-reason",
        [[ctx.pick(ctx.t("button-cancel"), "back")]],
        action=ctx.data["action"],
        booking=Speaker.of(ctx).line(booking, *found),
        max=store.MAX_REASON,
    )


async def on_reason_pick(ctx: Ctx, value: str) -> None:
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("cancelled"))


async def on_reason_text(ctx: Ctx, text: str) -> None:
    found = await _managed_booking(ctx, int(ctx.data["booking"]))
    if found is None:
        ctx.leave()
        return
    booking, room, centre = found
    action = ctx.data["action"]
    ctx.leave()
    if action == "reject":
        await reject(ctx, booking=booking, by=ctx.person, reason=text)
    else:
        await cancel(ctx, booking=booking, reason=text)
    ctx.say(
        "booking-staff-done",
        [[ctx.button("booking-staff-back", StaffCentre(centre.id))], menu_button(ctx)],
        action=action,
        booking=Speaker.of(ctx).line(booking, room, centre),
    )


# --- blocking a time ------------------------------------------------------------------------------------


async def on_block(ctx: Ctx, item: StaffBlock) -> None:
    centre = await _centre(ctx, item.centre)
    if centre is None:
        return
    ctx.enter(BLOCK_FLOW, "room", centre=centre.id)
    await ask_block_room(ctx)


async def _block_rooms(ctx: Ctx) -> list[Room]:
    return list(await store.rooms_of(ctx.session, int(ctx.data["centre"])))


async def _block_room(ctx: Ctx) -> Room:
    room = await ctx.session.get(Room, int(ctx.data["room"]))
    if room is None:
        raise DomainError("booking-err-gone")
    return room


async def ask_block_room(ctx: Ctx) -> None:
    rows = [[ctx.pick(room.name(ctx.language), room.id)] for room in await _block_rooms(ctx)]
    ctx.say("booking-block-room", [*rows, [ctx.pick(ctx.t("button-cancel"), "no")]])


async def on_block_room(ctx: Ctx, value: str) -> None:
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    if value not in {str(room.id) for room in await _block_rooms(ctx)}:
        raise InvalidButton("room not offered")
    await ctx.advance("day", ask_block_day, room=int(value))


def _block_days(ctx: Ctx, room: Room) -> list[date]:
    today = ctx.now.astimezone(ctx.services.settings.tz).date()
    days = [today + timedelta(days=n) for n in range(BLOCK_DAYS * 2)]
    return [day for day in days if room.opening(day.weekday())][:BLOCK_DAYS]


async def ask_block_day(ctx: Ctx) -> None:
    room = await _block_room(ctx)
    speak = Speaker.of(ctx)
    buttons = [ctx.pick(speak.day(day), day.isoformat()) for day in _block_days(ctx, room)]
    rows = in_rows(buttons, 2)
    ctx.say("booking-block-day", [*rows, [ctx.pick(ctx.t("button-cancel"), "no")]], room=room.name(ctx.language))


async def on_block_day(ctx: Ctx, value: str) -> None:
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    room = await _block_room(ctx)
    if value not in {day.isoformat() for day in _block_days(ctx, room)}:
        raise InvalidButton("day not offered")
    await ctx.advance("start", ask_block_start, day=value)


def _block_starts(ctx: Ctx, room: Room) -> list[int]:
    day = date.fromisoformat(ctx.data["day"])
    opening = room.opening(day.weekday())
    if opening is None:
        return []
    return list(range(opening[0], opening[1], room.slot_minutes))


async def ask_block_start(ctx: Ctx) -> None:
    room = await _block_room(ctx)
    buttons = [ctx.pick(f"{m // 60:02d}:{m % 60:02d}", m) for m in _block_starts(ctx, room)]
    rows = [[ctx.pick(ctx.t("booking-block-whole-day"), "day")]]
    rows += in_rows(buttons, 4)
    ctx.say("booking-block-start", [*rows, [ctx.pick(ctx.t("button-cancel"), "no")]])


async def on_block_start(ctx: Ctx, value: str) -> None:
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    room = await _block_room(ctx)
    starts = _block_starts(ctx, room)
    day = date.fromisoformat(ctx.data["day"])
    opening = room.opening(day.weekday())
    assert opening is not None
    if value == "day":
        await ctx.advance("reason", ask_block_reason, start=opening[0], end=opening[1])
        return
    if not value.isdigit() or int(value) not in starts:
        raise InvalidButton("start not offered")
    await ctx.advance("length", ask_block_length, start=int(value))


def _block_lengths(ctx: Ctx, room: Room) -> list[int]:
    day = date.fromisoformat(ctx.data["day"])
    opening = room.opening(day.weekday())
    assert opening is not None
    left = opening[1] - int(ctx.data["start"])
    return sorted({*[m for m in BLOCK_LENGTHS if m < left], left})


async def ask_block_length(ctx: Ctx) -> None:
    room = await _block_room(ctx)
    speak = Speaker.of(ctx)
    start = int(ctx.data["start"])
    rows = [
        [
            ctx.pick(
                ctx.t(
                    "booking-duration-choice",
                    duration=speak.duration(m),
                    until=f"{(start + m) // 60:02d}:{(start + m) % 60:02d}",
                ),
                m,
            )
        ]
        for m in _block_lengths(ctx, room)
    ]
    ctx.say("booking-block-length", [*rows, [ctx.pick(ctx.t("button-cancel"), "no")]])


async def on_block_length(ctx: Ctx, value: str) -> None:
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    room = await _block_room(ctx)
    if not value.isdigit() or int(value) not in _block_lengths(ctx, room):
        raise InvalidButton("length not offered")
    await ctx.advance("reason", ask_block_reason, end=int(ctx.data["start"]) + int(value))


async def ask_block_reason(ctx: Ctx) -> None:
    rows = [
        [ctx.pick(ctx.t("booking-block-maintenance"), "maintenance")],
        [ctx.pick(ctx.t("booking-block-holiday"), "holiday")],
        [ctx.pick(ctx.t("booking-block-event"), "event")],
        [ctx.pick(ctx.t("button-cancel"), "no")],
    ]
    ctx.say("booking-block-reason", rows, max=store.MAX_REASON)


async def on_block_reason_pick(ctx: Ctx, value: str) -> None:
    reasons = {
        "maintenance": ctx.t("booking-block-maintenance"),
        "holiday": ctx.t("booking-block-holiday"),
        "event": ctx.t("booking-block-event"),
    }
    if value == "no":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    if value not in reasons:
        raise InvalidButton("no such reason")
    await on_block_reason_text(ctx, reasons[value])


async def on_block_reason_text(ctx: Ctx, text: str) -> None:
    room = await _block_room(ctx)
    found = await store.room_with_centre(ctx.session, room.id)
    assert found is not None
    centre = found[1]
    if not await store.may_manage_centre(ctx.session, ctx.person, centre):
        ctx.leave()
        await _not_staff(ctx)
        return
    tz = ctx.services.settings.tz
    day = date.fromisoformat(ctx.data["day"])
    starts_at = store.at_minutes(day, int(ctx.data["start"]), tz)
    ends_at = store.at_minutes(day, int(ctx.data["end"]), tz)
    ctx.leave()
    cancelled = await block(ctx, room=room, by=ctx.person, starts_at=starts_at, ends_at=ends_at, reason=text)
    speak = Speaker.of(ctx)
    ctx.say(
        "booking-blocked",
        [[ctx.button("booking-staff-back", StaffCentre(centre.id))], menu_button(ctx)],
        room=room.name(ctx.language),
        when=speak.span(starts_at, ends_at),
        cancelled=len(cancelled),
    )


# --- staff actions: chat steps and console pages both call these; the people concerned are told here ---------


async def approve(scope: Scope, *, booking: Booking, by: Person) -> None:
    """A pending booking confirmed: its holder is told, with the calendar entry one press away."""
    await store.decide(scope.session, booking, by, True, scope.now, policy_of(scope.services.settings))
    await tell_holder(scope, booking, "approved")


async def reject(scope: Scope, *, booking: Booking, by: Person, reason: str) -> None:
    """A pending booking refused: its holder is told why, and the time goes to the first in line."""
    policy = policy_of(scope.services.settings)
    await store.decide(scope.session, booking, by, False, scope.now, policy, reason)
    await tell_holder(scope, booking, "rejected")


async def cancel(scope: Scope, *, booking: Booking, reason: str) -> None:
    """Staff cancel a booking: its holder is told why, and the time goes to the first in line."""
    policy = policy_of(scope.services.settings)
    await store.cancel_booking(scope.session, booking, scope.now, policy, reason=reason, by_staff=True)
    await tell_holder(scope, booking, "cancelled")


async def block(
    scope: Scope, *, room: Room, by: Person, starts_at: datetime, ends_at: datetime, reason: str
) -> list[Booking]:
    """Close a room for a time (repairs, a community event): the bookings in it are cancelled and their
    holders told. Returns the cancelled bookings."""
    policy = policy_of(scope.services.settings)
    _blackout, cancelled = await store.block_time(
        scope.session, room.id, by, starts_at, ends_at, reason, scope.now, policy
    )
    for booking in cancelled:
        await tell_holder(scope, booking, "cancelled")
    return list(cancelled)


# --- statistics -----------------------------------------------------------------------------------------


async def on_stats(ctx: Ctx, item: StaffStats) -> None:
    year, month = divmod(item.month, 100)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise InvalidButton("no such month")
    centre = await _centre(ctx, item.centre)
    if centre is None:
        return
    rows = await store.usage(ctx.session, centre.id, year, month, ctx.services.settings.tz)
    lines = [
        ctx.t(
            "booking-stats-line",
            room=usage.room.name(ctx.language),
            bookings=usage.bookings,
            hours=usage.hours,
            percent=usage.utilisation,
            noshows=usage.no_shows,
        )
        for usage in rows
    ]
    previous = (year - 1) * 100 + 12 if month == 1 else year * 100 + month - 1
    following = (year + 1) * 100 + 1 if month == 12 else year * 100 + month + 1
    buttons = [
        [
            ctx.button("booking-stats-previous", StaffStats(centre.id, previous)),
            ctx.button("booking-stats-next", StaffStats(centre.id, following)),
        ],
        [ctx.button("booking-staff-back", StaffCentre(centre.id))],
        menu_button(ctx),
    ]
    text = ctx.t("booking-stats", centre=centre.name(ctx.language), month=f"{year}-{month:02d}", lines="\n".join(lines))
    if not rows:
        ctx.reply(text, buttons, edit=True)
        return
    drawn = await draw(
        horizontal_bar_chart,
        [usage.room.name(ctx.language) for usage in rows],
        [Series(ctx.t("booking-stats-chart-use"), [float(usage.utilisation) for usage in rows])],
        title=ctx.t("booking-stats-chart-title", centre=centre.name(ctx.language), month=f"{year}-{month:02d}"),
        x_label=ctx.t("booking-stats-chart-axis"),
        unit="%",
    )
    # A picture cannot replace a text message in place: it comes as a new message.
    ctx.reply(text, buttons, photo=Document("rooms.png", drawn.png, "image/png"))


BUTTONS: dict[type[Payload], ButtonFn] = {
    StaffCentre: on_centre,
    StaffDay: on_day,
    StaffCancel: on_staff_cancel,
    StaffStats: on_stats,
    StaffBlock: on_block,
    BookingApprove: on_approve,
    BookingReject: on_reject,
}

FLOWS = [
    Flow(
        REASON_FLOW,
        {"reason": Step(ask_reason, on_pick=on_reason_pick, on_text=on_reason_text, max_text=store.MAX_REASON)},
    ),
    Flow(
        BLOCK_FLOW,
        {
            "room": Step(ask_block_room, on_pick=on_block_room),
            "day": Step(ask_block_day, on_pick=on_block_day),
            "start": Step(ask_block_start, on_pick=on_block_start),
            "length": Step(ask_block_length, on_pick=on_block_length),
            "reason": Step(
                ask_block_reason, on_pick=on_block_reason_pick, on_text=on_block_reason_text, max_text=store.MAX_REASON
            ),
        },
    ),
]
COMMANDS = [
    Command("rooms", run_rooms, None, Audience.residents),
    Command("approvals", run_approvals, None, Audience.residents),
]
MENU = [MenuEntry("menu-rooms", "rooms", Audience.managers, 66, staff=True)]
