"""Volunteers and tasks for coordinators (community staff and the admins above them): applications to
approve or reject, who volunteers and their hours, the tasks with their offers, a new task dispatched to
volunteers, the month's ranking.

Actions call the chat's own functions (``handlers.volunteers.staff``, ``handlers.volunteers.dispatch``), so
an applicant, a volunteer offered a task or one whose task is cancelled is told exactly as from chat.
Every query is limited to the communities the person coordinates; anything else is "not found".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import func, select

import handlers.volunteers.staff as volunteers_staff
from bot.console.app import SECURITY_HEADERS
from bot.console.page import NotFound, Page, Routes, Section, redirect, refused, render
from bot.console.staff import Staff
from bot.console.xlsx import download, workbook
from handlers.volunteers.dispatch import dispatch_task, hours_text, task_text, window_text
from handlers.volunteers.staff import LENGTH_CHOICES, month_bounds, parse_day, parse_time
from handlers.volunteers.text import parse_hours
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS, Person
from models.places import Place, PlaceKind, tree_sorted
from models.volunteers.store import (
    ANY_SKILL,
    MAX_PLACES,
    MAX_TITLE,
    OPEN_TASKS,
    SKILLS,
    OfferStatus,
    VolunteerOffer,
    VolunteerProfile,
    VolunteerStatus,
    VolunteerTask,
    create_task,
    monthly_ranking,
    offers_of,
)

PATH = "/console/volunteers"
MAX_TASKS = 50
MAX_REASON = 200
MAX_MONTHS_BACK = 24


def may_coordinate(staff: Staff) -> bool:
    return staff.has(COMMUNITY_MANAGERS)


# --- scope ------------------------------------------------------------------------------------------


async def coordinated_communities(page: Page) -> list[Place]:
    """The communities the person coordinates: those beneath their community-manager grants."""
    return await page.communities(COMMUNITY_MANAGERS)


async def community_of_id(page: Page, community_id: int) -> Place:
    community = await page.session.get(Place, community_id)
    if community is None or community.kind is not PlaceKind.community:
        raise NotFound()
    if not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()
    return community


async def chosen_community(page: Page) -> tuple[Place, list[Place]]:
    """The community named by ``?community=`` (the first one coordinated when absent)."""
    communities = await coordinated_communities(page)
    if not communities:
        raise NotFound()
    raw = page.query.get("community", "")
    if not raw:
        return communities[0], communities
    if not raw.isdigit():
        raise NotFound()
    return await community_of_id(page, int(raw)), communities


def path_id(page: Page, name: str) -> int:
    return page.path_id(name)


async def scoped_profile(page: Page) -> VolunteerProfile:
    profile = await page.session.get(VolunteerProfile, path_id(page, "profile_id"))
    if profile is None:
        raise NotFound()
    await community_of_id(page, profile.community_id)
    return profile


async def scoped_task(page: Page) -> tuple[VolunteerTask, Place]:
    task = await page.session.get(VolunteerTask, path_id(page, "task_id"))
    if task is None:
        raise NotFound()
    return task, await community_of_id(page, task.community_id)


# --- the overview -------------------------------------------------------------------------------------


@dataclass
class VolunteerRow:
    profile: VolunteerProfile
    person: Person
    skills: str
    areas: str
    time: str
    hours: str = "0"
    services: int = 0


@dataclass
class TaskRow:
    task: VolunteerTask
    when: str
    place: str


@dataclass
class Overview:
    pending: list[VolunteerRow] = field(default_factory=list)
    volunteers: list[VolunteerRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)


async def volunteer_rows(page: Page, community: Place) -> list[VolunteerRow]:
    rows = await page.session.execute(
        select(VolunteerProfile, Person)
        .join(Person, Person.id == VolunteerProfile.person_id)
        .where(VolunteerProfile.community_id == community.id, Person.forgotten_at.is_(None))
        .order_by(VolunteerProfile.id)
    )
    found = [(profile, person) for profile, person in rows]
    area_ids = {area for profile, _person in found for area in profile.areas}
    names = {}
    if area_ids:
        places = await page.session.scalars(select(Place).where(Place.id.in_(area_ids)))
        names = {place.id: place.name(page.language) for place in places}
    separator = page.t("list-separator")
    credited = func.coalesce(VolunteerOffer.verified_minutes, VolunteerOffer.minutes, 0)
    totals = {
        profile_id: (int(minutes or 0), int(count))
        for profile_id, minutes, count in await page.session.execute(
            select(VolunteerOffer.profile_id, func.sum(credited), func.count())
            .join(VolunteerProfile, VolunteerProfile.id == VolunteerOffer.profile_id)
            .where(VolunteerProfile.community_id == community.id, VolunteerOffer.status == OfferStatus.done)
            .group_by(VolunteerOffer.profile_id)
        )
    }
    result = []
    for profile, person in found:
        minutes, services = totals.get(profile.id, (0, 0))
        days = separator.join(page.t("volunteers-day", day=day) for day in profile.days)
        slots = separator.join(page.t("volunteers-slot", slot=slot) for slot in profile.slots)
        result.append(
            VolunteerRow(
                profile=profile,
                person=person,
                skills=separator.join(page.t("volunteers-skill", skill=skill) for skill in profile.skills),
                areas=separator.join(names[area] for area in profile.areas if area in names) or "—",
                time=page.t("volunteers-time", days=days, slots=slots),
                hours=hours_text(minutes),
                services=services,
            )
        )
    return result


async def task_rows(page: Page, community: Place) -> list[TaskRow]:
    tasks = await page.session.scalars(
        select(VolunteerTask)
        .where(VolunteerTask.community_id == community.id)
        .order_by(VolunteerTask.starts_at.desc(), VolunteerTask.id.desc())
        .limit(MAX_TASKS)
    )
    places = {community.id: community.name(page.language)}
    rows = []
    for task in tasks:
        place_id = task.place_id or task.community_id
        if place_id not in places:
            place = await page.session.get(Place, place_id)
            places[place_id] = place.name(page.language) if place else "—"
        rows.append(TaskRow(task, window_text(page.services, page.language, task), places[place_id]))
    return rows


async def overview(page: Page) -> web.StreamResponse:
    community, communities = await chosen_community(page)
    raw_back = page.query.get("month", "0")
    back = int(raw_back) if raw_back.isdigit() and int(raw_back) <= MAX_MONTHS_BACK else 0
    start, end, label = month_bounds(page.now, page.services.settings.tz, back)
    ranking = await monthly_ranking(page.session, community.id, start, end)
    everyone = await volunteer_rows(page, community)
    return render(
        page,
        "volunteers/index.html",
        community=community,
        communities=communities,
        pending=[row for row in everyone if row.profile.status is VolunteerStatus.pending],
        volunteers=[row for row in everyone if row.profile.status is not VolunteerStatus.pending],
        tasks=await task_rows(page, community),
        ranking=[(row, hours_text(row.minutes)) for row in ranking],
        ranking_total=hours_text(sum(row.minutes for row in ranking)),
        month=label,
        back=back,
        max_back=MAX_MONTHS_BACK,
        max_reason=MAX_REASON,
    )


async def export_hours(page: Page) -> web.StreamResponse:
    """The month's volunteer hours of a community (the ranking), as Excel: hours as a number."""
    community, _communities = await chosen_community(page)
    raw_back = page.query.get("month", "0")
    back = int(raw_back) if raw_back.isdigit() and int(raw_back) <= MAX_MONTHS_BACK else 0
    start, end, label = month_bounds(page.now, page.services.settings.tz, back)
    ranking = await monthly_ranking(page.session, community.id, start, end)
    await page.audit("volunteers.export_hours", object_type="place", object_id=community.id, place_id=community.id)
    t = page.t
    headers = [
        t("console-volunteers-rank"),
        t("console-volunteers-name"),
        t("console-volunteers-hours-number"),
        t("console-volunteers-services"),
        t("console-volunteers-public"),
    ]
    table = [
        [
            index,
            row.name,
            round(row.minutes / 60, 2),
            row.services,
            t("console-volunteers-in-ranking", shown="yes" if row.in_ranking else "no"),
        ]
        for index, row in enumerate(ranking, start=1)
    ]
    title = t("console-volunteers-hours-sheet", community=community.name(page.language), month=label)
    content = workbook(title, headers, table, page.services.settings.tz)
    return download(
        content,
        f"volunteer-hours-{community.code}-{start.astimezone(page.services.settings.tz):%Y%m}.xlsx",
        SECURITY_HEADERS,
    )


# --- applications ------------------------------------------------------------------------------------


async def approve(page: Page) -> web.StreamResponse:
    profile = await scoped_profile(page)
    try:
        person = await volunteers_staff.approve(page, profile=profile, by=page.staff.person)
    except DomainError as refusal:
        raise refused(refusal) from refusal
    await page.audit(
        "volunteers.approve", object_type="volunteer_profile", object_id=profile.id, place_id=profile.community_id
    )
    flash = page.t("volunteers-approved-staff", name=person.display_name)
    return redirect(page, f"{PATH}?community={profile.community_id}", flash=flash)


async def reject(page: Page) -> web.StreamResponse:
    profile = await scoped_profile(page)
    reason = page.field("reason", max_chars=MAX_REASON)
    try:
        person = await volunteers_staff.reject(page, profile=profile, by=page.staff.person, reason=reason)
    except DomainError as refusal:
        raise refused(refusal) from refusal
    await page.audit(
        "volunteers.reject", object_type="volunteer_profile", object_id=profile.id, place_id=profile.community_id
    )
    flash = page.t("volunteers-rejected-staff", name=person.display_name)
    return redirect(page, f"{PATH}?community={profile.community_id}", flash=flash)


# --- tasks -------------------------------------------------------------------------------------------


async def task_page(page: Page) -> web.StreamResponse:
    task, community = await scoped_task(page)
    offers = [(offer, person) for offer, _profile, person in await offers_of(page.session, task.id)]
    return render(
        page,
        "volunteers/task.html",
        task=task,
        community=community,
        facts=await task_text(page.session, page.services, page.language, task),
        offers=offers,
        way=lambda offer: offer.status is OfferStatus.accepted and offer.on_way_at is not None,
        hours=lambda offer: hours_text(offer.credited_minutes) if offer.status is OfferStatus.done else "",
        cancellable=task.status in OPEN_TASKS,
    )


async def cancel(page: Page) -> web.StreamResponse:
    task, community = await scoped_task(page)
    try:
        told = await volunteers_staff.cancel(page, task=task)
    except DomainError as refusal:
        raise refused(refusal) from refusal
    await page.audit("volunteers.task_cancel", object_type="volunteer_task", object_id=task.id, place_id=community.id)
    return redirect(page, f"{PATH}/tasks/{task.id}", flash=page.t("volunteers-cancelled-staff", told=told))


@dataclass
class TaskForm:
    title: str = ""
    skill: str = ""
    place: str = ""
    day: str = ""
    time: str = ""
    length: str = "2"
    estimate: str = ""
    places: str = "1"


def task_form(page: Page) -> TaskForm:
    form = page.form
    values = {name: str(form.get(name, "")).strip() if form is not None else "" for name in TaskForm.__annotations__}
    return TaskForm(**values)


async def task_places(page: Page, community: Place) -> list[tuple[Place, int]]:
    """The community, its grids and their buildings, in tree order, with their depth below it."""
    result = await page.session.scalars(select(Place).where(Place.path.startswith(community.path)))
    ordered = await tree_sorted(page.session, result.all())
    return [(place, len(place.ancestor_ids) - len(community.ancestor_ids)) for place in ordered]


async def show_task_form(
    page: Page, community: Place, values: TaskForm, *, error: str = "", status: int = 200
) -> web.Response:
    today = page.local_date(page.now)
    return render(
        page,
        "volunteers/new_task.html",
        status=status,
        community=community,
        values=values,
        error=error,
        skills=[*SKILLS, ANY_SKILL],
        places=await task_places(page, community),
        lengths=LENGTH_CHOICES,
        max_title=MAX_TITLE,
        max_places=MAX_PLACES,
        today=today.isoformat(),
    )


async def new_task_form(page: Page) -> web.StreamResponse:
    community, _communities = await chosen_community(page)
    tomorrow = page.local_date(page.now) + timedelta(days=1)
    return await show_task_form(page, community, TaskForm(day=tomorrow.isoformat(), time="09:00", estimate="1"))


class TaskFormError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_task_form(page: Page, values: TaskForm, community: Place, places: dict[int, Place]) -> dict[str, Any]:
    """The task the form describes, read with the chat's own parsers; TaskFormError says what is wrong."""
    if not values.title:
        raise TaskFormError(page.t("volunteers-task-no-title"))
    if len(values.title) > MAX_TITLE:
        raise TaskFormError(page.t("console-error-field-too-long", limit=MAX_TITLE))
    if values.skill not in (*SKILLS, ANY_SKILL):
        raise TaskFormError(page.t("console-volunteers-pick-skill"))
    place = places.get(int(values.place)) if values.place.isdigit() else None
    if place is None:
        raise TaskFormError(page.t("console-volunteers-pick-place"))
    today = page.local_date(page.now)
    day = parse_day(values.day, today) if len(values.day) <= 20 else None
    moment = parse_time(values.time) if len(values.time) <= 10 else None
    if day is None:
        raise TaskFormError(page.t("console-volunteers-bad-date"))
    if moment is None:
        raise TaskFormError(page.t("console-volunteers-bad-time"))
    starts = datetime.combine(day, time(moment.hour, moment.minute), tzinfo=page.services.settings.tz)
    if starts <= page.now:
        raise TaskFormError(page.t("volunteers-date-past"))
    if not values.length.isdigit() or int(values.length) not in LENGTH_CHOICES:
        raise TaskFormError(page.t("console-volunteers-pick-length"))
    estimate = parse_hours(values.estimate) if len(values.estimate) <= 20 else None
    if estimate is None:
        raise TaskFormError(page.t("console-volunteers-bad-hours"))
    if not values.places.isdigit() or not 1 <= int(values.places) <= MAX_PLACES:
        raise TaskFormError(page.t("volunteers-task-bad-places", max=MAX_PLACES))
    starts_utc = starts.astimezone(UTC)
    return {
        "title": values.title,
        "skill": values.skill,
        "place": place if place.id != community.id else None,
        "starts_at": starts_utc,
        "ends_at": starts_utc + timedelta(hours=int(values.length)),
        "places_needed": int(values.places),
        "estimated_minutes": estimate,
    }


async def create(page: Page) -> web.StreamResponse:
    community_id = page.int_field("community")
    assert community_id is not None
    community = await community_of_id(page, community_id)
    values = task_form(page)
    places = {place.id: place for place, _depth in await task_places(page, community)}
    try:
        details = read_task_form(page, values, community, places)
    except TaskFormError as problem:
        return await show_task_form(page, community, values, error=problem.message, status=400)
    try:
        async with page.session.begin_nested():  # a refusal keeps nothing of the half-made task
            task = await create_task(page.session, community, now=page.now, created_by=page.staff.person, **details)
            sent = await dispatch_task(page, task)
    except DomainError as refusal:
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return await show_task_form(page, community, values, error=message, status=400)
    await page.audit(
        "volunteers.task_create",
        object_type="volunteer_task",
        object_id=task.id,
        place_id=community.id,
        detail={"offers": sent, "places": task.places_needed, "skill": task.skill},
    )
    return redirect(page, f"{PATH}/tasks/{task.id}", flash=page.t("volunteers-task-created", id=task.id, sent=sent))


def routes(r: Routes) -> None:
    r.get(PATH, overview)
    r.get(PATH + "/hours.xlsx", export_hours)
    r.post(PATH + "/applications/{profile_id}/approve", approve)
    r.post(PATH + "/applications/{profile_id}/reject", reject)
    r.get(PATH + "/tasks/new", new_task_form)
    r.post(PATH + "/tasks/new", create)
    r.get(PATH + "/tasks/{task_id}", task_page)
    r.post(PATH + "/tasks/{task_id}/cancel", cancel)


SECTION = Section("volunteers", "console-volunteers-nav", PATH, 40, may_coordinate, routes)
