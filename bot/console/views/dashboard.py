"""The console's first page: what needs attention, and charts of the person's places.

Each figure is shown only to staff whose roles it concerns (issues to grid roles and community managers,
room use to those who run rooms, volunteer hours to coordinators, notice reach to those who send notices),
and every figure is scoped to the places of those roles. The "needs attention" counts link to their section
only when that section exists and the person may open it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from aiohttp import web
from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import QueryableAttribute, aliased

from bot.console.page import Page, Routes, Section, render
from bot.console.staff import Staff
from handlers.core.charts import Drawn, Series, Shown, bar_chart, draw, gauge, horizontal_bar_chart, line_chart
from models.booking.store import managed_centres, pending_for, usage
from models.grid.store import ACTIVE_STATES, HANDLER_ROLES, CaseState, GridCase, GridCategory
from models.hotline.cases import HotlineRequest, RequestStatus
from models.notices.store import NOTICE_SENDERS, ledger, notices_of_places
from models.people import COMMUNITY_MANAGERS, Role
from models.places import Place
from models.volunteers.store import OfferStatus, VolunteerOffer, VolunteerProfile, VolunteerStatus, VolunteerTask

WEEKS = 8
GRID_ROLES = frozenset({*HANDLER_ROLES, *COMMUNITY_MANAGERS})
OPERATORS = frozenset({Role.hotline_operator})
MAX_ROOMS = 12  # a street admin's many rooms: the first ones, in the centres' order
MAX_NOTICES = 6


@dataclass(frozen=True)
class Attention:
    label: str
    count: int
    url: str  # "" when no section the person may open shows these


def week_starts(today: date) -> list[date]:
    """The Mondays of the last ``WEEKS`` weeks, oldest first, this week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=WEEKS - 1 - index) for index in range(WEEKS)]


def week_label(day: date) -> str:
    return f"{day.month}/{day.day}"


def local_midnight(page: Page, day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=page.services.settings.tz)


def week_index(page: Page, weeks: list[date], moment: datetime) -> int | None:
    day = page.local_date(moment)
    index = (day - weeks[0]).days // 7
    return index if 0 <= index < len(weeks) else None


def case_scope(staff: Staff, grid_path: ColumnElement[str] | QueryableAttribute[str]) -> ColumnElement[bool]:
    """The cases a staff member handles, the chat's rule (models.grid.store.visible_cases): community managers
    every case beneath their places, grid roles the cases of their role beneath theirs."""
    conditions: list[ColumnElement[bool]] = []
    for role, place in staff.grants:
        if role in COMMUNITY_MANAGERS:
            conditions.append(grid_path.startswith(place.path))
        elif role in HANDLER_ROLES:
            conditions.append(and_(grid_path.startswith(place.path), GridCase.role == role.value))
    return or_(*conditions) if conditions else false()


def section_url(page: Page, name: str) -> str:
    return next((section.path for section in page.nav if section.name == name), "")


# --- needs attention ----------------------------------------------------------------------------------


async def attention(page: Page) -> list[Attention]:
    staff, session, now = page.staff, page.session, page.now
    items: list[Attention] = []
    if staff.has(GRID_ROLES):
        grid = aliased(Place)
        cases = select(func.count(GridCase.id)).join(grid, grid.id == GridCase.grid_id)
        cases = cases.where(case_scope(staff, grid.path), GridCase.state.in_([s.value for s in ACTIVE_STATES]))
        overdue = or_(
            and_(GridCase.state == CaseState.submitted, GridCase.accept_due_at < now),
            and_(GridCase.state.in_([CaseState.accepted, CaseState.in_progress]), GridCase.resolve_due_at < now),
        )
        url = section_url(page, "cases")
        items.append(Attention(page.t("console-dashboard-open-cases"), int(await session.scalar(cases) or 0), url))
        late = int(await session.scalar(cases.where(overdue)) or 0)
        items.append(Attention(page.t("console-dashboard-overdue-cases"), late, url))
    if staff.manages_rooms or staff.has(COMMUNITY_MANAGERS):
        pending = await pending_for(session, staff.person, now)
        items.append(
            Attention(page.t("console-dashboard-pending-bookings"), len(pending), section_url(page, "bookings"))
        )
    if staff.has(COMMUNITY_MANAGERS):
        community = aliased(Place)
        applications = (
            select(func.count(VolunteerProfile.id))
            .join(community, community.id == VolunteerProfile.community_id)
            .where(VolunteerProfile.status == VolunteerStatus.pending)
            .where(staff.place_filter(community.path, COMMUNITY_MANAGERS))
        )
        items.append(
            Attention(
                page.t("console-dashboard-pending-volunteers"),
                int(await session.scalar(applications) or 0),
                section_url(page, "volunteers"),
            )
        )
    if staff.has(OPERATORS):
        community = aliased(Place)
        queued = (
            select(func.count(HotlineRequest.id))
            .join(community, community.id == HotlineRequest.community_id)
            .where(HotlineRequest.status == RequestStatus.queued, staff.place_filter(community.path, OPERATORS))
        )
        items.append(
            Attention(
                page.t("console-dashboard-queued-requests"),
                int(await session.scalar(queued) or 0),
                section_url(page, "requests"),
            )
        )
    return items


# --- the charts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueFigures:
    weeks: list[date]
    by_category: dict[str, list[int]]  # category name -> cases reported per week
    resolved: int  # of the cases reported in the weeks shown
    on_time: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None


async def issue_figures(page: Page) -> IssueFigures:
    weeks = week_starts(page.local_date(page.now))
    grid = aliased(Place)
    rows = await page.session.execute(
        select(GridCase, GridCategory)
        .join(grid, grid.id == GridCase.grid_id)
        .join(GridCategory, GridCategory.id == GridCase.category_id)
        .where(case_scope(page.staff, grid.path), GridCase.created_at >= local_midnight(page, weeks[0]))
        .order_by(GridCategory.sort_order, GridCategory.id, GridCase.id)
    )
    by_category: dict[str, list[int]] = {}
    resolved = on_time = 0
    for case, category in rows:
        index = week_index(page, weeks, case.created_at)
        if index is None:
            continue
        name = category.name_en if page.language == "en" else category.name_zh
        by_category.setdefault(name, [0] * len(weeks))[index] += 1
        if case.first_resolved_at is not None:  # the same rule as models.grid.stats
            resolved += 1
            on_time += bool(case.resolved_on_time)
    return IssueFigures(weeks, by_category, resolved, on_time)


class Chart(NamedTuple):
    name: str
    title: str
    drawn: Drawn  # by handlers.core.charts: the picture and the figures it shows (a table under it)
    caption: str

    @property
    def image(self) -> str:
        """The PNG inline (the console's CSP allows data: images, and the page stays one request)."""
        return "data:image/png;base64," + base64.b64encode(self.drawn.png).decode("ascii")

    def number(self, shown: Shown) -> str:
        """A figure as the table under the chart says it: a share as a percentage, a count as it is."""
        if shown.kind == "share":
            return f"{round(shown.value * 100)}%"
        value = shown.value
        text = str(int(value)) if value == int(value) else f"{value:.1f}"
        return text + ("%" if self.drawn.unit == "%" else "")


async def issue_charts(page: Page) -> list[Chart]:
    figures = await issue_figures(page)
    labels = [week_label(day) for day in figures.weeks]
    series = [Series(name, values) for name, values in figures.by_category.items()]
    bars = await draw(
        bar_chart,
        labels,
        series,
        title=page.t("console-dashboard-issues-title"),
        show_title=False,  # the card's heading says it
        x_label=page.t("console-dashboard-week-axis"),
        y_label=page.t("console-dashboard-cases-axis"),
        stacked=True,
    )
    share = await draw(
        gauge,
        figures.on_time_share,
        title=page.t("console-dashboard-on-time-title"),
        caption=page.t("console-dashboard-on-time-caption", on_time=figures.on_time, resolved=figures.resolved),
        empty=page.t("console-dashboard-no-figure"),
    )
    total = sum(sum(values) for values in figures.by_category.values())
    return [
        Chart(
            "issues",
            page.t("console-dashboard-issues-title"),
            bars,
            page.t("console-dashboard-issues-caption", count=total, weeks=WEEKS),
        ),
        Chart(
            "on-time",
            page.t("console-dashboard-on-time-title"),
            share,
            page.t("console-dashboard-on-time-hint", weeks=WEEKS),
        ),
    ]


async def booking_chart(page: Page) -> Chart | None:
    tz = page.services.settings.tz
    today = page.local_date(page.now)
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    months = [(last.year, last.month), (today.year, today.month)]
    labels: list[str] = []
    values: list[list[float]] = [[], []]
    for centre in await managed_centres(page.session, page.staff.person):
        if not page.staff.manages_rooms and not await centre_in_places(page, centre.community_id):
            continue
        usages = [await usage(page.session, centre.id, year, month, tz) for year, month in months]
        for before, now in zip(*usages, strict=True):
            if len(labels) >= MAX_ROOMS:
                break
            labels.append(now.room.name_en if page.language == "en" else now.room.name_zh)
            values[0].append(before.utilisation)
            values[1].append(now.utilisation)
    if not labels:
        return None
    names = [page.t("console-dashboard-month", year=str(year), month=str(month)) for year, month in months]
    chart = await draw(
        horizontal_bar_chart,
        labels,
        [Series(name, figures) for name, figures in zip(names, values, strict=True)],
        title=page.t("console-dashboard-rooms-title"),
        show_title=False,  # the card's heading says it
        x_label=page.t("console-dashboard-utilisation-axis"),
        unit="%",
    )
    return Chart("rooms", page.t("console-dashboard-rooms-title"), chart, page.t("console-dashboard-rooms-caption"))


async def centre_in_places(page: Page, community_id: int) -> bool:
    community = await page.session.get(Place, community_id)
    return page.staff.covers(community, COMMUNITY_MANAGERS)


async def volunteer_hours(page: Page) -> tuple[list[date], list[float], list[float]]:
    weeks = week_starts(page.local_date(page.now))
    community = aliased(Place)
    rows = await page.session.execute(
        select(VolunteerOffer)
        .join(VolunteerTask, VolunteerTask.id == VolunteerOffer.task_id)
        .join(community, community.id == VolunteerTask.community_id)
        .where(
            VolunteerOffer.status == OfferStatus.done,
            VolunteerOffer.done_at >= local_midnight(page, weeks[0]),
            page.staff.place_filter(community.path, COMMUNITY_MANAGERS),
        )
    )
    credited, verified = [0.0] * len(weeks), [0.0] * len(weeks)
    for (offer,) in rows:
        index = week_index(page, weeks, offer.done_at) if offer.done_at else None
        if index is None:
            continue
        credited[index] += offer.credited_minutes / 60
        verified[index] += (offer.verified_minutes or 0) / 60
    return weeks, [round(hours, 1) for hours in credited], [round(hours, 1) for hours in verified]


async def volunteer_chart(page: Page) -> Chart:
    weeks, credited, verified = await volunteer_hours(page)
    chart = await draw(
        line_chart,
        [week_label(day) for day in weeks],
        [
            Series(page.t("console-dashboard-hours-credited"), credited),
            Series(page.t("console-dashboard-hours-verified"), verified),
        ],
        title=page.t("console-dashboard-hours-title"),
        show_title=False,  # the card's heading says it
        x_label=page.t("console-dashboard-week-axis"),
        y_label=page.t("console-dashboard-hours-axis"),
    )
    return Chart(
        "hours",
        page.t("console-dashboard-hours-title"),
        chart,
        page.t("console-dashboard-hours-caption", hours=round(sum(credited), 1), weeks=WEEKS),
    )


async def notice_chart(page: Page) -> Chart | None:
    notices = await notices_of_places(page.session, page.staff.places(NOTICE_SENDERS), limit=MAX_NOTICES)
    if not notices:
        return None
    labels: list[str] = []
    recipients: list[float] = []
    delivered: list[float] = []
    acknowledged: list[float] = []
    for notice in reversed(notices):  # oldest first, like the other charts' weeks
        figures = await ledger(page.session, notice.id)
        day = page.local_date(notice.send_at)
        labels.append(f"{day.month}/{day.day} {notice.text(page.language)[:16]}")
        recipients.append(figures.recipients)
        delivered.append(figures.sent)
        acknowledged.append(figures.acknowledged)
    chart = await draw(
        horizontal_bar_chart,
        labels,
        [
            Series(page.t("console-dashboard-reach-recipients"), recipients),
            Series(page.t("console-dashboard-reach-delivered"), delivered),
            Series(page.t("console-dashboard-reach-acknowledged"), acknowledged),
        ],
        title=page.t("console-dashboard-reach-title"),
        show_title=False,  # the card's heading says it
        x_label=page.t("console-dashboard-people-axis"),
    )
    return Chart(
        "reach",
        page.t("console-dashboard-reach-title"),
        chart,
        page.t("console-dashboard-reach-caption", count=len(notices)),
    )


async def charts(page: Page) -> list[Chart]:
    """Every chart this person's roles concern."""
    staff = page.staff
    found: list[Chart] = []
    if staff.has(GRID_ROLES):
        found += await issue_charts(page)
    if staff.manages_rooms or staff.has(COMMUNITY_MANAGERS):
        rooms = await booking_chart(page)
        if rooms is not None:
            found.append(rooms)
    if staff.has(COMMUNITY_MANAGERS):
        found.append(await volunteer_chart(page))
    if staff.has(NOTICE_SENDERS):
        reach = await notice_chart(page)
        if reach is not None:
            found.append(reach)
    return found


async def dashboard(page: Page) -> web.StreamResponse:
    return render(
        page,
        "dashboard.html",
        places=page.staff.places(),
        attention=await attention(page),
        charts=await charts(page),
    )


def routes(r: Routes) -> None:
    r.get("/console", dashboard)


SECTION = Section("dashboard", "console-nav-dashboard", "/console", 0, lambda staff: True, routes)
