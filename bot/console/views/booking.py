"""Room bookings in the console: a centre's day as a calendar (rooms across, time down), the approvals
waiting, a booking's page, cancelling with a reason and blocking a time.

Who may act on a centre is the booking store's rule (``may_manage_centre``: a manager of one of its rooms,
or community staff of its community or above), the same as in chat. Every action runs the chat's own step
functions (``handlers.booking.staff``) on a console handler context, so the rules are checked by the store
and the resident is told exactly as in chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from math import gcd
from typing import Any

from aiohttp import web
from sqlalchemy import select

import handlers.booking.staff as booking_staff
import models.booking.store as store
from bot.console.app import SECURITY_HEADERS
from bot.console.page import BadForm, NotFound, Page, Routes, Section, redirect, refused, render
from bot.console.staff import Staff
from bot.console.xlsx import download, workbook_of
from handlers.booking.text import Speaker
from models.booking.store import Booking, BookingStatus, Centre, Room
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS, Person

BASE = "/console/bookings"
ROW_MINUTES = 30  # the calendar's row, unless a room books in finer slots
ROOMS_PER_CALENDAR = 8  # the widest grid console.css lays out; more rooms continue in a second grid
BLOCK_HORIZON_DAYS = 366
CLOCK = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


def visible(staff: Staff) -> bool:
    return staff.manages_rooms or staff.has(COMMUNITY_MANAGERS)


# --- scope ----------------------------------------------------------------------------------------------


async def my_centres(page: Page) -> list[Centre]:
    return await store.managed_centres(page.session, page.staff.person)


async def managed_booking(page: Page, booking_id: int) -> tuple[Booking, Room, Centre]:
    """The booking if this person may run its room; ``NotFound`` otherwise (missing or not theirs alike)."""
    booking = await store.get_booking(page.session, booking_id, lock=page.request.method == "POST")
    found = await store.room_with_centre(page.session, booking.room_id) if booking is not None else None
    if booking is None or found is None:
        raise NotFound()
    room, centre = found
    if not await store.may_manage_room(page.session, page.staff.person, room, centre):
        raise NotFound()
    return booking, room, centre


def _booking_id(page: Page) -> int:
    return page.path_id()


def calendar_url(centre_id: int, day: date) -> str:
    return f"{BASE}?centre={centre_id}&day={day.isoformat()}"


def _today(page: Page) -> date:
    return page.local_date(page.now)


def _parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as error:
        raise BadForm("console-bookings-bad-day") from error


# --- the calendar ---------------------------------------------------------------------------------------


@dataclass
class Cell:
    kind: str = "free"  # free, closed, booked, pending, blocked
    first: bool = False  # the row where the booking or block begins: its label is shown there
    title: str = ""
    lines: list[str] = field(default_factory=list)
    link: str = ""


@dataclass
class Grid:
    rooms: list[Room]
    rows: list[tuple[str, list[Cell]]]


def clock_of(minute: int) -> str:
    """Minutes after midnight as the calendar writes them: 510 is "08:30"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def row_minutes(rooms: list[Room]) -> int:
    return max(5, reduce(gcd, [room.slot_minutes for room in rooms], ROW_MINUTES))


def _kind(line: store.ScheduleLine) -> str:
    """How a line of the day is drawn: a block, a booking awaiting approval, or a confirmed one."""
    if line.booking is None:
        return "blocked"
    return "pending" if line.booking.status is BookingStatus.pending else "booked"


def _label(page: Page, speak: Speaker, line: store.ScheduleLine, cell: Cell) -> None:
    span = f"{speak.clock(line.starts_at)}–{speak.clock(line.ends_at)}"
    if line.booking is not None:
        booking = line.booking
        cell.title = f"{booking.number} · {span}"
        holder = line.holder.display_name if line.holder else ""
        cell.lines = [part for part in (booking.purpose, holder, speak.status(booking)) if part]
        cell.link = f"{BASE}/{booking.id}"
    else:
        reason = line.blackout.reason if line.blackout is not None else ""
        cell.title = page.t("console-bookings-blocked", time=span)
        cell.lines = [reason] if reason else []


def build_grids(page: Page, rooms: list[Room], day: date, lines: list[store.ScheduleLine]) -> list[Grid]:
    """Rows of ``row_minutes`` from the earliest opening to the latest closing of the day's rooms."""
    tz = page.services.settings.tz
    openings = {room.id: room.opening(day.weekday()) for room in rooms}
    spans = [opening for opening in openings.values() if opening is not None]
    if not spans:
        return []
    step = row_minutes(rooms)
    first, last = min(s[0] for s in spans) // step * step, max(s[1] for s in spans)
    speak = Speaker.of(page)
    labelled: set[int] = set()  # id() of the lines already labelled
    rows: list[tuple[str, list[Cell]]] = []
    for minute in range(first, last, step):
        start, end = store.at_minutes(day, minute, tz), store.at_minutes(day, minute + step, tz)
        cells = []
        for room in rooms:
            opening = openings[room.id]
            here = [line for line in lines if line.room.id == room.id and line.starts_at < end and line.ends_at > start]
            # A booking wins over a block drawn on the same slot (a no-show left behind under a later block).
            here.sort(key=lambda line: line.booking is None)
            if here:
                line = here[0]
                cell = Cell(_kind(line))
                if id(line) not in labelled:
                    labelled.add(id(line))
                    cell.first = True
                    _label(page, speak, line, cell)
            elif opening is None or not opening[0] <= minute < opening[1]:
                cell = Cell("closed")
            else:
                cell = Cell("free")
            cells.append(cell)
        rows.append((clock_of(minute), cells))
    grids = []
    for offset in range(0, len(rooms), ROOMS_PER_CALENDAR):
        chosen = rooms[offset : offset + ROOMS_PER_CALENDAR]
        grids.append(Grid(chosen, [(clock, cells[offset : offset + ROOMS_PER_CALENDAR]) for clock, cells in rows]))
    return grids


@dataclass
class AgendaRoom:
    """One room's day as a list: what a phone shows instead of the grid, which needs a column per room."""

    name: str
    hours: str  # "09:00–21:00", or "" when the room is closed that day
    items: list[Cell]


def build_agenda(page: Page, rooms: list[Room], day: date, lines: list[store.ScheduleLine]) -> list[AgendaRoom]:
    speak = Speaker.of(page)
    agenda = []
    for room in rooms:
        opening = room.opening(day.weekday())
        hours = f"{clock_of(opening[0])}–{clock_of(opening[1])}" if opening else ""
        items = []
        for line in sorted((line for line in lines if line.room.id == room.id), key=lambda line: line.starts_at):
            cell = Cell(_kind(line), first=True)
            _label(page, speak, line, cell)
            items.append(cell)
        agenda.append(AgendaRoom(room.name(page.language), hours, items))
    return agenda


@dataclass(frozen=True)
class Pending:
    booking: Booking
    room: str
    centre: str
    when: str
    holder: str


async def pending_list(page: Page, speak: Speaker) -> list[Pending]:
    found = []
    for listed in await store.pending_for(page.session, page.staff.person, page.now):
        holder = await page.session.get(Person, listed.booking.person_id)
        found.append(
            Pending(
                listed.booking,
                listed.room.name(page.language),
                listed.centre.name(page.language),
                speak.span(listed.booking.starts_at, listed.booking.ends_at),
                holder.display_name if holder else "",
            )
        )
    return found


async def calendar(page: Page) -> web.StreamResponse:
    centres = await my_centres(page)
    raw_centre = page.query.get("centre", "")
    if raw_centre and not raw_centre.isdigit():
        raise NotFound()
    day = _parse_day(page.query["day"]) if page.query.get("day") else _today(page)
    speak = Speaker.of(page)
    centre = None
    if raw_centre:
        centre = next((c for c in centres if c.id == int(raw_centre)), None)
        if centre is None:
            raise NotFound()
    elif centres:
        centre = centres[0]
    rooms = list(await store.rooms_of(page.session, centre.id)) if centre else []
    lines = await store.centre_schedule(page.session, centre.id, day, page.services.settings.tz) if centre else []
    return render(
        page,
        "booking/calendar.html",
        centres=[(c.id, c.name(page.language)) for c in centres],
        centre=centre,
        centre_name=centre.name(page.language) if centre else "",
        day=day,
        day_label=speak.day(day),
        previous=calendar_url(centre.id, day - timedelta(days=1)) if centre else "",
        following=calendar_url(centre.id, day + timedelta(days=1)) if centre else "",
        today=calendar_url(centre.id, _today(page)) if centre else "",
        grids=build_grids(page, rooms, day, lines),
        agenda=build_agenda(page, rooms, day, lines),
        rooms=[(room.id, room.name(page.language)) for room in rooms],
        pending=await pending_list(page, speak),
        max_reason=store.MAX_REASON,
    )


async def export_month(page: Page) -> web.StreamResponse:
    """A centre's bookings in the month of the day shown, and each room's use, as Excel."""
    centres = await my_centres(page)
    raw_centre = page.query.get("centre", "")
    centre = next((c for c in centres if raw_centre.isdigit() and c.id == int(raw_centre)), None)
    if centre is None:
        raise NotFound()
    day = _parse_day(page.query["day"]) if page.query.get("day") else _today(page)
    tz = page.services.settings.tz
    first = datetime.combine(day.replace(day=1), time(), tz)
    following = datetime.combine((day.replace(day=1) + timedelta(days=32)).replace(day=1), time(), tz)
    rows = await page.session.execute(
        select(Booking, Room, Person)
        .join(Room, Room.id == Booking.room_id)
        .join(Person, Person.id == Booking.person_id)
        .where(Room.centre_id == centre.id, Booking.starts_at >= first, Booking.starts_at < following)
        .order_by(Booking.starts_at, Room.id)
    )
    await page.audit("bookings.export", object_type="centre", object_id=centre.id)
    speak, t = Speaker.of(page), page.t
    timed = [
        t("console-export-time-column", column=t(name), zone=page.services.settings.timezone)
        for name in ("console-bookings-col-start", "console-bookings-col-end", "console-bookings-col-checked-in")
    ]
    headers = [
        t("console-bookings-col-number"),
        t("console-bookings-col-room"),
        timed[0],
        timed[1],
        t("console-bookings-col-hours"),
        t("console-bookings-col-status"),
        t("console-bookings-col-purpose"),
        t("console-bookings-col-attendees"),
        t("console-bookings-col-holder"),
        timed[2],
    ]
    table: list[list[Any]] = []
    use: dict[int, list[Any]] = {}
    for booking, room, holder in rows:
        hours = round((booking.ends_at - booking.starts_at).total_seconds() / 3600, 2)
        table.append(
            [
                booking.number,
                room.name(page.language),
                booking.starts_at,
                booking.ends_at,
                hours,
                speak.status(booking),
                booking.purpose,
                booking.attendees,
                holder.display_name if holder.forgotten_at is None else "",
                booking.checked_in_at,
            ]
        )
        summary = use.setdefault(room.id, [room.name(page.language), 0, 0.0, 0, 0])
        if booking.status is BookingStatus.confirmed:
            summary[1] += 1
            summary[2] = round(summary[2] + hours, 2)
            summary[3] += booking.attendees
            summary[4] += 1 if booking.checked_in_at is not None else 0
    month = f"{first:%Y-%m}"
    usage_headers = [
        t("console-bookings-col-room"),
        t("console-bookings-col-count"),
        t("console-bookings-col-hours"),
        t("console-bookings-col-attendees"),
        t("console-bookings-col-checked-in-count"),
    ]
    content = workbook_of(
        [
            (t("console-bookings-sheet", month=month), headers, table),
            (t("console-bookings-usage-sheet", month=month), usage_headers, list(use.values())),
        ],
        tz,
    )
    return download(content, f"bookings-{centre.id}-{first:%Y%m}.xlsx", SECURITY_HEADERS)


# --- one booking ----------------------------------------------------------------------------------------


async def show_booking(page: Page) -> web.StreamResponse:
    booking, room, centre = await managed_booking(page, _booking_id(page))
    speak = Speaker.of(page)
    holder = await page.session.get(Person, booking.person_id)
    decider = await page.session.get(Person, booking.decided_by_id) if booking.decided_by_id else None
    day = booking.starts_at.astimezone(page.services.settings.tz).date()
    return render(
        page,
        "booking/booking.html",
        booking=booking,
        details=speak.details(booking, room, centre),
        holder=holder.display_name if holder else "",
        decider=decider.display_name if decider else "",
        back=calendar_url(centre.id, day),
        can_decide=booking.status is BookingStatus.pending and booking.starts_at > page.now,
        can_cancel=booking.status in store.HOLDING and booking.ends_at > page.now,
        max_reason=store.MAX_REASON,
    )


# --- actions --------------------------------------------------------------------------------------------


async def _audit(page: Page, action: str, booking: Booking, room: Room, centre: Centre) -> None:
    await page.audit(
        action,
        object_type="booking",
        object_id=booking.id,
        place_id=centre.community_id,
        detail={"room": room.code, "status": booking.status.value},
    )


def _back(booking: Booking, centre: Centre, page: Page) -> str:
    return calendar_url(centre.id, booking.starts_at.astimezone(page.services.settings.tz).date())


async def approve(page: Page) -> web.StreamResponse:
    booking, room, centre = await managed_booking(page, _booking_id(page))
    try:
        await booking_staff.approve(page, booking=booking, by=page.staff.person)
    except DomainError as error:
        raise refused(error) from error
    await _audit(page, "booking.approve", booking, room, centre)
    line = Speaker.of(page).line(booking, room, centre)
    return redirect(page, _back(booking, centre, page), flash=page.t("booking-approved", booking=line))


async def _with_reason(page: Page, action: str) -> web.StreamResponse:
    """Reject or cancel, with the reason typed here: the holder is told, the waitlist offered the time."""
    booking, room, centre = await managed_booking(page, _booking_id(page))
    reason = page.field("reason", max_chars=store.MAX_REASON)
    try:
        if action == "reject":
            await booking_staff.reject(page, booking=booking, by=page.staff.person, reason=reason)
        else:
            await booking_staff.cancel(page, booking=booking, reason=reason)
    except DomainError as error:
        raise refused(error) from error
    await _audit(page, f"booking.{action}", booking, room, centre)
    line = Speaker.of(page).line(booking, room, centre)
    flash = page.t("booking-staff-done", action=action, booking=line)
    return redirect(page, _back(booking, centre, page), flash=flash)


async def reject(page: Page) -> web.StreamResponse:
    return await _with_reason(page, "reject")


async def cancel(page: Page) -> web.StreamResponse:
    return await _with_reason(page, "cancel")


def _clock_minutes(raw: str, default: int) -> int:
    if not raw:
        return default
    match = CLOCK.match(raw)
    if match is None:
        raise BadForm("console-bookings-bad-time")
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > 24 * 60:
        raise BadForm("console-bookings-bad-time")
    return minutes


async def block(page: Page) -> web.StreamResponse:
    room_id = page.int_field("room")
    day = _parse_day(page.field("day", max_chars=10))
    reason = page.field("reason", max_chars=store.MAX_REASON)
    found = await store.room_with_centre(page.session, room_id) if room_id is not None else None
    if found is None or not await store.may_manage_centre(page.session, page.staff.person, found[1]):
        raise NotFound()
    room, centre = found
    today = _today(page)
    if day < today:
        raise BadForm("console-bookings-block-past")
    if (day - today).days > BLOCK_HORIZON_DAYS:
        raise BadForm("console-bookings-block-far", days=BLOCK_HORIZON_DAYS)
    opening = room.opening(day.weekday())
    if opening is None:
        raise BadForm("console-bookings-block-closed")
    start = _clock_minutes(page.field("start", required=False, max_chars=5), opening[0])
    end = _clock_minutes(page.field("end", required=False, max_chars=5), opening[1])
    if not opening[0] <= start < end <= opening[1]:
        raise BadForm(
            "console-bookings-block-hours",
            open=f"{opening[0] // 60:02d}:{opening[0] % 60:02d}",
            close=f"{opening[1] // 60:02d}:{opening[1] % 60:02d}",
        )
    tz = page.services.settings.tz
    starts_at, ends_at = store.at_minutes(day, start, tz), store.at_minutes(day, end, tz)
    try:
        cancelled = await booking_staff.block(
            page, room=room, by=page.staff.person, starts_at=starts_at, ends_at=ends_at, reason=reason
        )
    except DomainError as error:
        raise refused(error) from error
    await page.audit(
        "booking.block",
        object_type="booking_room",
        object_id=room.id,
        place_id=centre.community_id,
        detail={"room": room.code, "day": day.isoformat(), "start": start, "end": end},
    )
    when = Speaker.of(page).span(starts_at, ends_at)
    flash = page.t("booking-blocked", room=room.name(page.language), when=when, cancelled=len(cancelled))
    return redirect(page, calendar_url(centre.id, day), flash=flash)


def routes(r: Routes) -> None:
    r.get(BASE, calendar)
    r.get(BASE + ".xlsx", export_month)
    r.get(BASE + r"/{id:\d{1,9}}", show_booking)
    r.post(BASE + r"/{id:\d{1,9}}/approve", approve)
    r.post(BASE + r"/{id:\d{1,9}}/reject", reject)
    r.post(BASE + r"/{id:\d{1,9}}/cancel", cancel)
    r.post(f"{BASE}/block", block)


SECTION = Section("bookings", "console-nav-bookings", BASE, 30, visible, routes)
