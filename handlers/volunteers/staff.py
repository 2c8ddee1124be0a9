"""Volunteers, the coordinator's side (community staff and the admins above them): applications, tasks
(create, watch, assign directly, cancel), pairings with elderly residents, verifying hours, the ranking."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from handlers.core.access import home_community
from handlers.core.buttons import InvalidButton, Payload
from handlers.core.charts import Series, draw, horizontal_bar_chart
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document, Reply
from handlers.core.scope import Scope
from handlers.volunteers.buttons import HoursAction, Mine, PairingAction, Review, StaffAction, TaskAction
from handlers.volunteers.dispatch import (
    Notifier,
    dispatch_task,
    hours_text,
    offer_render,
    person_of,
    task_coordinators,
    task_text,
)
from handlers.volunteers.text import parse_hours
from models.errors import DomainError
from models.people import COMMUNITY_MANAGERS, Person, has_role
from models.places import Place, PlaceKind, children
from models.volunteers.store import (
    ANY_SKILL,
    DAYS,
    MAX_PLACES,
    OPEN_TASKS,
    SKILLS,
    VISIT_SKILL,
    OfferStatus,
    TaskKind,
    VolunteerOffer,
    VolunteerPairing,
    VolunteerProfile,
    VolunteerStatus,
    VolunteerTask,
    active_profiles,
    assign_directly,
    cancel_task,
    coordinators,
    create_pairing,
    create_task,
    monthly_ranking,
    offers_of,
    open_tasks,
    pairings_of,
    pending_profiles,
    review_profile,
    stop_pairing,
    unverified,
    verify_hours,
)

TASK = "volunteers-task"
REJECT = "volunteers-reject"
ASSIGN = "volunteers-assign"
ADJUST = "volunteers-adjust"
PAIR = "volunteers-pair"
DAY_CHOICES = 7
TIME_CHOICES = ("08:00", "09:00", "10:00", "14:00", "15:00", "19:00")  # shown; sent as 8.00 (no ":" in buttons)
LENGTH_CHOICES = (1, 2, 3, 4)
ESTIMATE_CHOICES = ("0.5", "1", "1.5", "2", "3", "4")
PLACES_CHOICES = (1, 2, 3, 4, 5)
EVERY_CHOICES = (7, 14, 30)
MAX_LIST = 10


def _rows(buttons: list[Button], per_row: int = 2) -> list[list[Button]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def month_bounds(now: datetime, tz: ZoneInfo, back: int) -> tuple[datetime, datetime, str]:
    """[start, end) of the local month ``back`` months before now's, as UTC, and its label 2026-05."""
    local = now.astimezone(tz)
    year, month = local.year, local.month - back
    while month < 1:
        month += 12
        year -= 1
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC), f"{year}-{month:02d}"


async def _my_community(ctx: Ctx) -> Place:
    community = await home_community(ctx)
    if community is None:
        raise DomainError("staff-only")
    return community


async def _require_coordinator(ctx: Ctx, community_id: int) -> Place:
    """The place must be a community this person coordinates (its staff, or an admin above it)."""
    community = await ctx.session.get(Place, community_id)
    if community is None or not await has_role(ctx.session, ctx.person.id, COMMUNITY_MANAGERS, community):
        raise DomainError("staff-only")
    return community


def _back(ctx: Ctx) -> list[Button]:
    return [ctx.button("volunteers-staff-hub", StaffAction("hub", 0)), *menu_button(ctx)]


# --- the hub --------------------------------------------------------------------------------------


async def run_hub(ctx: Ctx) -> None:
    await show_hub(ctx)


async def show_hub(ctx: Ctx, *, edit: bool = False) -> None:
    community = await _my_community(ctx)
    pending = len(await pending_profiles(ctx.session, community.id))
    waiting = len(await unverified(ctx.session, community.id))
    tasks = [t for t in await open_tasks(ctx.session, community.id, ctx.now) if t.status in OPEN_TASKS]
    ctx.say(
        "volunteers-hub",
        [
            [ctx.button("volunteers-staff-new", StaffAction("new", 0))],
            [
                ctx.button("volunteers-staff-board", StaffAction("board", 0)),
                ctx.button("volunteers-staff-pending", StaffAction("pending", 0), count=pending),
            ],
            [
                ctx.button("volunteers-staff-pairings", StaffAction("pairings", 0)),
                ctx.button("volunteers-staff-hours", StaffAction("hours", 0), count=waiting),
            ],
            [ctx.button("volunteers-staff-ranking", StaffAction("ranking", 0)), *menu_button(ctx)],
        ],
        edit=edit,
        community=community.name(ctx.language),
        volunteers=len(await active_profiles(ctx.session, community.id)),
        pending=pending,
        tasks=len(tasks),
        hours=waiting,
    )


async def on_staff(ctx: Ctx, item: StaffAction) -> None:
    if not ctx.person.is_registered:
        raise DomainError("staff-only")
    community = await _require_coordinator(ctx, (await _my_community(ctx)).id)
    if item.action == "hub":
        await show_hub(ctx, edit=True)
    elif item.action == "pending":
        await show_pending(ctx, community)
    elif item.action == "board":
        await show_board(ctx, community)
    elif item.action == "new":
        await start_task(ctx)
    elif item.action == "pairings":
        await show_pairings(ctx, community)
    elif item.action == "newpair":
        ctx.enter(PAIR, "resident")
        await ask_resident(ctx)
    elif item.action == "hours":
        await show_unverified(ctx, community)
    elif item.action == "ranking" and 0 <= item.arg <= 24:
        await show_ranking(ctx, community, item.arg)
    else:
        raise InvalidButton(f"staff action {item.action}")


# --- applications ---------------------------------------------------------------------------------


async def application_text(ctx_or_language: tuple[Ctx, str], profile: VolunteerProfile, person: Person) -> str:
    ctx, language = ctx_or_language
    t = ctx.services.catalog.t
    separator = t(language, "list-separator")
    areas = []
    for area_id in profile.areas:
        place = await ctx.session.get(Place, area_id)
        if place is not None:
            areas.append(place.name(language))
    return t(
        language,
        "volunteers-application",
        {
            "name": person.display_name,
            "skills": separator.join(t(language, "volunteers-skill", {"skill": s}) for s in profile.skills),
            "areas": separator.join(areas),
            "time": t(
                language,
                "volunteers-time",
                {
                    "days": separator.join(t(language, "volunteers-day", {"day": d}) for d in profile.days),
                    "slots": separator.join(t(language, "volunteers-slot", {"slot": s}) for s in profile.slots),
                },
            ),
        },
    )


async def tell_about_application(ctx: Ctx, profile: VolunteerProfile) -> int:
    """A new application goes to the community's coordinators with approve / reject buttons."""
    community = await ctx.session.get(Place, profile.community_id)
    assert community is not None
    n = Notifier(ctx)
    texts = {lang: await application_text((ctx, lang), profile, ctx.person) for lang in ctx.services.catalog.languages}

    def render(language: str) -> Reply:
        return Reply(
            texts[language],
            (
                (
                    n.button(language, "volunteers-approve", Review(profile.id, "ok")),
                    n.button(language, "volunteers-reject-button", Review(profile.id, "no")),
                ),
                (n.menu(language),),
            ),
        )

    told = 0
    for person in await coordinators(ctx.session, community):
        await n.tell(person, "volunteers-application", render)
        told += 1
    return told


async def show_pending(ctx: Ctx, community: Place) -> None:
    profiles = await pending_profiles(ctx.session, community.id)
    if not profiles:
        ctx.say("volunteers-no-pending", [_back(ctx)])
        return
    for profile in profiles[:MAX_LIST]:
        _, person = await person_of(ctx.session, profile.id)
        ctx.reply(
            await application_text((ctx, ctx.language), profile, person),
            [
                [
                    ctx.button("volunteers-approve", Review(profile.id, "ok")),
                    ctx.button("volunteers-reject-button", Review(profile.id, "no")),
                ]
            ],
        )
    ctx.say("volunteers-list-end", [_back(ctx)], count=len(profiles))


async def on_review(ctx: Ctx, item: Review) -> None:
    profile = await ctx.session.get(VolunteerProfile, item.profile)
    if profile is None:
        raise InvalidButton("no such application")
    await _require_coordinator(ctx, profile.community_id)
    if profile.status is not VolunteerStatus.pending:
        raise DomainError("volunteers-review-done")
    if item.action == "ok":
        person = await approve(ctx, profile=profile, by=ctx.person)
        ctx.say("volunteers-approved-staff", [_back(ctx)], edit=True, name=person.display_name)
    elif item.action == "no":
        ctx.enter(REJECT, "reason", profile=profile.id)
        await ask_reason(ctx)
    else:
        raise InvalidButton("review action")


async def ask_reason(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-reason", [[ctx.pick(ctx.t("button-cancel"), "cancel")]])


async def on_reason(ctx: Ctx, text: str) -> None:
    profile = await ctx.session.get(VolunteerProfile, int(ctx.data["profile"]))
    if profile is None:
        raise InvalidButton("application gone")
    await _require_coordinator(ctx, profile.community_id)
    ctx.leave()
    person = await reject(ctx, profile=profile, by=ctx.person, reason=text)
    ctx.say("volunteers-rejected-staff", [_back(ctx)], name=person.display_name)


# --- staff actions: chat steps and console pages both call these; the people concerned are told here ---------


async def approve(scope: Scope, *, profile: VolunteerProfile, by: Person) -> Person:
    """Accept an application: the role is granted and the volunteer told. Returns the volunteer."""
    if profile.status is not VolunteerStatus.pending:
        raise DomainError("volunteers-review-done")
    await review_profile(scope.session, profile, by, approve=True, now=scope.now)
    _, person = await person_of(scope.session, profile.id)
    n = Notifier(scope)

    def render(language: str) -> Reply:
        return Reply(
            scope.services.catalog.t(language, "volunteers-approved"),
            ((n.button(language, "volunteers-page-button", Mine("page")),), (n.menu(language),)),
        )

    await n.tell(person, "volunteers-approved", render)
    return person


async def cancel(scope: Scope, *, task: VolunteerTask) -> int:
    """Call a task off: every volunteer who had a place is told. Returns how many were told."""
    holders = await cancel_task(scope.session, task)
    n = Notifier(scope)

    def render(language: str) -> Reply:
        text = scope.services.catalog.t(language, "volunteers-task-cancelled", {"title": task.title})
        return Reply(text, ((n.menu(language),),))

    for profile_id in holders:
        _, person = await person_of(scope.session, profile_id)
        await n.tell(person, "volunteers-task-cancelled", render)
    return len(holders)


async def reject(scope: Scope, *, profile: VolunteerProfile, by: Person, reason: str) -> Person:
    """Turn an application down: the applicant is told why, and may apply again. Returns the applicant."""
    if profile.status is not VolunteerStatus.pending:
        raise DomainError("volunteers-review-done")
    await review_profile(scope.session, profile, by, approve=False, reason=reason, now=scope.now)
    _, person = await person_of(scope.session, profile.id)
    n = Notifier(scope)

    def render(language: str) -> Reply:
        return Reply(
            scope.services.catalog.t(language, "volunteers-rejected", {"reason": reason}),
            ((n.button(language, "volunteers-apply-again", Mine("register")),), (n.menu(language),)),
        )

    await n.tell(person, "volunteers-rejected", render)
    return person


async def on_reason_cancel(ctx: Ctx, value: str) -> None:
    ctx.leave()
    await show_hub(ctx)


# --- the task board -------------------------------------------------------------------------------


async def run_board(ctx: Ctx) -> None:
    await show_board(ctx, await _my_community(ctx))


async def show_board(ctx: Ctx, community: Place) -> None:
    tasks = await open_tasks(ctx.session, community.id, ctx.now - timedelta(days=2))
    if not tasks:
        ctx.say("volunteers-board-empty", [[ctx.button("volunteers-staff-new", StaffAction("new", 0))], _back(ctx)])
        return
    lines = "\n".join(
        ctx.t(
            "volunteers-board-line",
            id=task.id,
            title=task.title,
            when=ctx.when(task.starts_at),
            taken=task.places_taken,
            needed=task.places_needed,
            status=task.status.value,
        )
        for task in tasks
    )
    buttons = [
        ctx.button("volunteers-task-button", TaskAction(task.id, "view"), id=task.id) for task in tasks[:MAX_LIST]
    ]
    ctx.say(
        "volunteers-board",
        [*_rows(buttons, 3), [ctx.button("volunteers-staff-new", StaffAction("new", 0))], _back(ctx)],
        lines=lines,
    )


async def _task_of(ctx: Ctx, task_id: int) -> VolunteerTask:
    task = await ctx.session.get(VolunteerTask, task_id)
    if task is None:
        raise InvalidButton("no such task")
    await _require_coordinator(ctx, task.community_id)
    return task


async def show_task(ctx: Ctx, task: VolunteerTask, *, edit: bool = False) -> None:
    lines = []
    for offer, _profile, person in await offers_of(ctx.session, task.id):
        state = "way" if offer.status is OfferStatus.accepted and offer.on_way_at else offer.status.value
        lines.append(ctx.t("volunteers-offer-line", name=person.display_name, state=state, wave=offer.wave))
    rows = [[ctx.button("volunteers-refresh", TaskAction(task.id, "view"))]]
    if task.status in OPEN_TASKS:
        if task.places_left:
            rows[0].append(ctx.button("volunteers-assign", TaskAction(task.id, "assign")))
        rows.append([ctx.button("volunteers-cancel-task", TaskAction(task.id, "cancel"))])
    rows.append([ctx.button("volunteers-staff-board", StaffAction("board", 0)), *menu_button(ctx)])
    ctx.say(
        "volunteers-task-view",
        rows,
        edit=edit,
        facts=await task_text(ctx.session, ctx.services, ctx.language, task),
        status=task.status.value,
        taken=task.places_taken,
        needed=task.places_needed,
        wave=task.wave,
        lines="\n".join(lines),
    )


async def on_task(ctx: Ctx, item: TaskAction) -> None:
    task = await _task_of(ctx, item.task)
    if item.action == "view":
        await show_task(ctx, task, edit=ctx.incoming.button is not None)
    elif item.action == "assign":
        if task.status not in OPEN_TASKS or not task.places_left:
            raise DomainError("volunteers-task-full")
        ctx.enter(ASSIGN, "pick", task=task.id)
        await ask_assignee(ctx)
    elif item.action == "cancel":
        ctx.say(
            "volunteers-cancel-confirm",
            [
                [ctx.button("volunteers-cancel-yes", TaskAction(task.id, "cancelok"))],
                [ctx.button("volunteers-refresh", TaskAction(task.id, "view"))],
            ],
            title=task.title,
        )
    elif item.action == "cancelok":
        told = await cancel(ctx, task=task)
        ctx.say("volunteers-cancelled-staff", [_back(ctx)], edit=True, told=told)
    else:
        raise InvalidButton("task action")


async def ask_assignee(ctx: Ctx) -> None:
    task = await _task_of(ctx, int(ctx.data["task"]))
    taken = {
        offer.profile_id
        for offer, _p, _person in await offers_of(ctx.session, task.id)
        if offer.status in (OfferStatus.accepted, OfferStatus.done)
    }
    people = []
    for profile in await active_profiles(ctx.session, task.community_id):
        if profile.id in taken or profile.person_id == task.resident_id:
            continue
        _, person = await person_of(ctx.session, profile.id)
        skilled = task.skill == ANY_SKILL or task.skill in profile.skills
        people.append((not skilled, person.display_name, profile.id))
    if not people:
        ctx.leave()
        ctx.say("volunteers-nobody", [_back(ctx)])
        return
    buttons = [
        ctx.pick(("" if not unskilled else "· ") + name, profile_id)
        for unskilled, name, profile_id in sorted(people)[:12]
    ]
    ctx.say(
        "volunteers-ask-assignee", [*_rows(buttons), [ctx.pick(ctx.t("button-cancel"), "cancel")]], title=task.title
    )


async def on_assignee(ctx: Ctx, value: str) -> None:
    task = await _task_of(ctx, int(ctx.data["task"]))
    ctx.leave()
    if value == "cancel":
        await show_task(ctx, task)
        return
    profile = await ctx.session.get(VolunteerProfile, int(value)) if value.isdigit() else None
    if profile is None:
        raise InvalidButton("no such volunteer")
    window = timedelta(minutes=ctx.services.settings.volunteers_offer_minutes)
    offer = await assign_directly(ctx.session, task, profile, ctx.now, window)
    _, person = await person_of(ctx.session, profile.id)
    n = Notifier(ctx)
    await n.tell(person, "volunteers-offer", await offer_render(n, task, offer))
    ctx.say(
        "volunteers-assigned-staff",
        [[ctx.button("volunteers-view-task", TaskAction(task.id, "view"))], _back(ctx)],
        name=person.display_name,
    )


# --- creating a task ------------------------------------------------------------------------------


async def run_newtask(ctx: Ctx) -> None:
    await start_task(ctx)


async def start_task(ctx: Ctx) -> None:
    ctx.enter(TASK, "title")
    await ask_title(ctx)


async def ask_title(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-title", [menu_button(ctx)])


async def on_title(ctx: Ctx, text: str) -> None:
    await ctx.advance("skill", ask_task_skill, title=" ".join(text.split()))


async def ask_task_skill(ctx: Ctx) -> None:
    buttons = [ctx.pick(ctx.t("volunteers-skill", skill=s), s) for s in (*SKILLS, ANY_SKILL)]
    ctx.say("volunteers-ask-task-skill", _rows(buttons))


async def on_task_skill(ctx: Ctx, value: str) -> None:
    if value not in (*SKILLS, ANY_SKILL):
        raise InvalidButton("skill")
    await ctx.advance("grid", ask_grid, skill=value)


async def ask_grid(ctx: Ctx) -> None:
    community = await _my_community(ctx)
    grids = await children(ctx.session, community.id)
    buttons = [ctx.pick(g.name(ctx.language), g.id) for g in grids]
    ctx.say("volunteers-ask-grid", [[ctx.pick(ctx.t("volunteers-whole-community"), community.id)], *_rows(buttons)])


async def on_grid(ctx: Ctx, value: str) -> None:
    community = await _my_community(ctx)
    place = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if place is None or not community.contains(place):
        raise InvalidButton("place")
    ctx.remember(place=place.id)
    if place.kind is PlaceKind.grid:
        await ctx.advance("building", ask_task_building)
    else:
        await ctx.advance("day", ask_day)


async def ask_task_building(ctx: Ctx) -> None:
    grid = await ctx.session.get(Place, int(ctx.data["place"]))
    assert grid is not None
    buildings = await children(ctx.session, grid.id)
    buttons = [ctx.pick(b.name(ctx.language), b.id) for b in buildings]
    ctx.say("volunteers-ask-building", [[ctx.pick(ctx.t("volunteers-whole-grid"), grid.id)], *_rows(buttons, 3)])


async def on_task_building(ctx: Ctx, value: str) -> None:
    grid = await ctx.session.get(Place, int(ctx.data["place"]))
    place = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if grid is None or place is None or not grid.contains(place):
        raise InvalidButton("building")
    await ctx.advance("day", ask_day, place=place.id)


def _local_today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ctx.services.settings.tz).date()


async def ask_day(ctx: Ctx) -> None:
    today = _local_today(ctx)
    buttons = [
        ctx.pick(
            ctx.t(
                "volunteers-day-choice",
                offset=min(i, 2),
                date=f"{d.month}-{d.day}",
                day=ctx.t("volunteers-day", day=DAYS[d.weekday()]),
            ),
            d.isoformat(),
        )
        for i in range(DAY_CHOICES)
        for d in [today + timedelta(days=i)]
    ]
    ctx.say("volunteers-ask-day", _rows(buttons))


def parse_day(text: str, today: date) -> date | None:
    """'6-5', '6/5', '6月5日', '2026-06-05': the next such date (this year, or next if it has passed)."""
    text = text.strip()
    full = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    short = re.fullmatch(r"(\d{1,2})[-/.月](\d{1,2})[日号]?", text)
    try:
        if full:
            return date(int(full.group(1)), int(full.group(2)), int(full.group(3)))
        if short:
            found = date(today.year, int(short.group(1)), int(short.group(2)))
            return found
    except ValueError:
        return None
    return None


async def on_day_pick(ctx: Ctx, value: str) -> None:
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise InvalidButton("day") from error
    await _set_day(ctx, day)


async def on_day_text(ctx: Ctx, text: str) -> None:
    day = parse_day(text, _local_today(ctx))
    if day is None:
        ctx.say("volunteers-bad-date")
        await ask_day(ctx)
        return
    await _set_day(ctx, day)


async def _set_day(ctx: Ctx, day: date) -> None:
    if day < _local_today(ctx):
        ctx.say("volunteers-date-past")
        await ask_day(ctx)
        return
    await ctx.advance("time", ask_time, day=day.isoformat())


async def ask_time(ctx: Ctx) -> None:
    buttons = [ctx.pick(choice, choice.replace(":", ".")) for choice in TIME_CHOICES]
    ctx.say("volunteers-ask-time", _rows(buttons, 3))


def parse_time(text: str) -> time | None:
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:：点.](\d{2})?)?\s*", text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


async def on_time(ctx: Ctx, text: str) -> None:
    moment = parse_time(text)
    if moment is None:
        ctx.say("volunteers-bad-time")
        await ask_time(ctx)
        return
    tz = ctx.services.settings.tz
    starts = datetime.combine(date.fromisoformat(ctx.data["day"]), moment, tzinfo=tz).astimezone(UTC)
    if starts <= ctx.now:
        ctx.say("volunteers-date-past")
        await ctx.advance("day", ask_day)
        return
    await ctx.advance("length", ask_length, starts=starts.isoformat())


async def ask_length(ctx: Ctx) -> None:
    buttons = [ctx.pick(ctx.t("volunteers-hours-choice", hours=str(h)), h) for h in LENGTH_CHOICES]
    ctx.say("volunteers-ask-length", [buttons])


async def on_length(ctx: Ctx, value: str) -> None:
    if not value.isdigit() or int(value) not in LENGTH_CHOICES:
        raise InvalidButton("length")
    await ctx.advance("estimate", ask_estimate, length=int(value))


async def ask_estimate(ctx: Ctx) -> None:
    buttons = [ctx.pick(ctx.t("volunteers-hours-choice", hours=h), h) for h in ESTIMATE_CHOICES]
    ctx.say("volunteers-ask-estimate", _rows(buttons, 3))


async def on_estimate(ctx: Ctx, text: str) -> None:
    minutes = parse_hours(text)
    if minutes is None:
        ctx.say("volunteers-bad-hours")
        await ask_estimate(ctx)
        return
    await ctx.advance("places", ask_places, estimate=minutes)


async def ask_places(ctx: Ctx) -> None:
    buttons = [ctx.pick(str(n), n) for n in PLACES_CHOICES]
    ctx.say("volunteers-ask-places", [buttons], max=MAX_PLACES)


async def on_places(ctx: Ctx, text: str) -> None:
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_PLACES:
        ctx.say("volunteers-task-bad-places", max=MAX_PLACES)
        await ask_places(ctx)
        return
    await ctx.advance("confirm", ask_task_confirm, places=int(text))


async def ask_task_confirm(ctx: Ctx) -> None:
    draft = _draft(ctx)
    ctx.say(
        "volunteers-task-preview",
        [[ctx.pick(ctx.t("volunteers-publish"), "go")], [ctx.pick(ctx.t("button-cancel"), "cancel")]],
        facts=await task_text(ctx.session, ctx.services, ctx.language, draft),
    )


def _draft(ctx: Ctx) -> VolunteerTask:
    """The task as it would be, not added to the session: the preview reads like the real thing."""
    starts = datetime.fromisoformat(ctx.data["starts"])
    return VolunteerTask(
        id=0,
        community_id=ctx.person.community_id,
        kind=TaskKind.task,
        title=ctx.data["title"],
        skill=ctx.data["skill"],
        place_id=ctx.data["place"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=int(ctx.data["length"])),
        places_needed=int(ctx.data["places"]),
        estimated_minutes=int(ctx.data["estimate"]),
    )


async def on_task_confirm(ctx: Ctx, value: str) -> None:
    if value != "go":
        ctx.leave()
        await show_hub(ctx)
        return
    community = await _my_community(ctx)
    draft = _draft(ctx)
    place = await ctx.session.get(Place, draft.place_id) if draft.place_id else None
    ctx.leave()
    task = await create_task(
        ctx.session,
        community,
        title=draft.title,
        skill=draft.skill,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        places_needed=draft.places_needed,
        estimated_minutes=draft.estimated_minutes,
        now=ctx.now,
        place=place if place is not None and place.id != community.id else None,
        created_by=ctx.person,
    )
    sent = await dispatch_task(ctx, task)
    ctx.say(
        "volunteers-task-created",
        [[ctx.button("volunteers-view-task", TaskAction(task.id, "view"))], _back(ctx)],
        id=task.id,
        sent=sent,
    )


# --- pairings -------------------------------------------------------------------------------------


async def show_pairings(ctx: Ctx, community: Place) -> None:
    pairings = await pairings_of(ctx.session, community.id)
    for pairing in pairings[:MAX_LIST]:
        resident = await ctx.session.get(Person, pairing.resident_id)
        names = []
        for profile_id in pairing.volunteer_ids:
            profile = await ctx.session.get(VolunteerProfile, profile_id)
            if profile is not None:
                _, person = await person_of(ctx.session, profile.id)
                names.append(person.display_name)
        ctx.say(
            "volunteers-pairing-line",
            [[ctx.button("volunteers-pairing-stop", PairingAction(pairing.id, "stop"))]],
            resident=resident.display_name if resident else ctx.t("volunteers-resident-gone"),
            volunteers=ctx.t("list-separator").join(names),
            every=pairing.every_days,
            next=ctx.when(pairing.next_visit_at),
        )
    ctx.say(
        "volunteers-pairings-end",
        [[ctx.button("volunteers-pairing-new", StaffAction("newpair", 0))], _back(ctx)],
        count=len(pairings),
    )


async def on_pairing(ctx: Ctx, item: PairingAction) -> None:
    pairing = await ctx.session.get(VolunteerPairing, item.pairing)
    if pairing is None or item.action != "stop":
        raise InvalidButton("pairing")
    await _require_coordinator(ctx, pairing.community_id)
    if not pairing.active:
        raise DomainError("volunteers-pairing-stopped")
    await stop_pairing(ctx.session, pairing)
    ctx.say("volunteers-pairing-stopped", [_back(ctx)], edit=True)


async def ask_resident(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-resident", [[ctx.pick(ctx.t("button-cancel"), "cancel")]])


async def on_resident_text(ctx: Ctx, text: str) -> None:
    community = await _my_community(ctx)
    found = (
        await ctx.session.scalars(
            select(Person)
            .where(
                Person.community_id == community.id,
                Person.display_name.contains(text.strip()),
                Person.forgotten_at.is_(None),
            )
            .order_by(Person.id)
            .limit(8)
        )
    ).all()
    if not found:
        ctx.say("volunteers-no-resident", name=text[:30])
        await ask_resident(ctx)
        return
    buttons = []
    for person in found:
        building = await ctx.session.get(Place, person.building_id) if person.building_id else None
        label = f"{person.display_name} · {building.name(ctx.language)}" if building else person.display_name
        buttons.append([ctx.pick(label, person.id)])
    ctx.say("volunteers-pick-resident", [*buttons, [ctx.pick(ctx.t("button-cancel"), "cancel")]])


async def on_resident_pick(ctx: Ctx, value: str) -> None:
    if value == "cancel":
        ctx.leave()
        await show_hub(ctx)
        return
    community = await _my_community(ctx)
    resident = await ctx.session.get(Person, int(value)) if value.isdigit() else None
    if resident is None or resident.community_id != community.id:
        raise InvalidButton("resident")
    await ctx.advance("volunteers", ask_pair_volunteers, resident=resident.id, volunteers=[])


async def ask_pair_volunteers(ctx: Ctx, *, edit: bool = False) -> None:
    community = await _my_community(ctx)
    chosen = ctx.data["volunteers"]
    profiles = [p for p in await active_profiles(ctx.session, community.id) if p.person_id != ctx.data["resident"]]
    profiles.sort(key=lambda p: (VISIT_SKILL not in p.skills, p.id))
    buttons = []
    for profile in profiles[:12]:
        _, person = await person_of(ctx.session, profile.id)
        label = person.display_name if profile.id not in chosen else f"✅ {person.display_name}"
        buttons.append(ctx.pick(label, profile.id))
    ctx.say(
        "volunteers-ask-pair-volunteers", [*_rows(buttons), [ctx.pick(ctx.t("volunteers-next"), "next")]], edit=edit
    )


async def on_pair_volunteer(ctx: Ctx, value: str) -> None:
    if value == "next":
        if not ctx.data["volunteers"]:
            ctx.say("volunteers-pairing-no-volunteers")
            await ask_pair_volunteers(ctx)
            return
        await ctx.advance("every", ask_every)
        return
    profile = await ctx.session.get(VolunteerProfile, int(value)) if value.isdigit() else None
    if profile is None or profile.community_id != ctx.person.community_id:
        raise InvalidButton("volunteer")
    chosen = list(ctx.data["volunteers"])
    chosen.remove(profile.id) if profile.id in chosen else chosen.append(profile.id)
    ctx.remember(volunteers=chosen)
    await ask_pair_volunteers(ctx, edit=True)


async def ask_every(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-every", [[ctx.pick(ctx.t("volunteers-every", days=d), d) for d in EVERY_CHOICES]])


async def on_every(ctx: Ctx, value: str) -> None:
    if not value.isdigit() or int(value) not in EVERY_CHOICES:
        raise InvalidButton("every")
    await ctx.advance("day", ask_day, every=int(value))


async def on_pair_day(ctx: Ctx, value: str) -> None:
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise InvalidButton("day") from error
    await ctx.advance("time", ask_time, day=day.isoformat())


async def on_pair_time(ctx: Ctx, text: str) -> None:
    moment = parse_time(text)
    tz = ctx.services.settings.tz
    starts = (
        datetime.combine(date.fromisoformat(ctx.data["day"]), moment, tzinfo=tz).astimezone(UTC) if moment else None
    )
    if starts is None or starts <= ctx.now:
        ctx.say("volunteers-bad-time" if starts is None else "volunteers-date-past")
        await ask_time(ctx)
        return
    community = await _my_community(ctx)
    resident = await ctx.session.get(Person, int(ctx.data["resident"]))
    assert resident is not None
    profiles = [p for pid in ctx.data["volunteers"] if (p := await ctx.session.get(VolunteerProfile, pid))]
    data = dict(ctx.data)
    ctx.leave()
    await create_pairing(
        ctx.session,
        community,
        resident,
        profiles,
        every_days=int(data["every"]),
        first_visit_at=starts,
        now=ctx.now,
        lead=timedelta(hours=ctx.services.settings.volunteers_visit_lead_hours),
        created_by=ctx.person,
    )
    ctx.say(
        "volunteers-pairing-created",
        [_back(ctx)],
        resident=resident.display_name,
        next=ctx.when(starts),
        every=int(data["every"]),
    )


# --- hours ----------------------------------------------------------------------------------------


async def tell_hours_reported(ctx: Ctx, task: VolunteerTask, offer: VolunteerOffer) -> None:
    n = Notifier(ctx)
    name = ctx.person.display_name
    facts = {lang: await task_text(ctx.session, ctx.services, lang, task) for lang in ctx.services.catalog.languages}

    def render(language: str) -> Reply:
        text = ctx.services.catalog.t(
            language,
            "volunteers-hours-reported",
            {
                "name": name,
                "hours": hours_text(offer.minutes or 0),
                "outcome": offer.outcome or "",
                "score": offer.wellbeing or 0,
                "note": offer.note or "",
                "facts": facts[language],
            },
        )
        return Reply(text, _verify_buttons(n, language, offer))

    # A worrying visit (score 1–2) is urgent; routine hours can wait for the morning.
    urgent = offer.wellbeing is not None and offer.wellbeing <= 2
    for person in await task_coordinators(ctx.session, task):
        await n.tell(person, "volunteers-hours-reported", render, quiet=not urgent)


def _verify_buttons(n: Notifier, language: str, offer: VolunteerOffer) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            n.button(language, "volunteers-verify", HoursAction(offer.id, "ok")),
            n.button(language, "volunteers-adjust", HoursAction(offer.id, "edit")),
        ),
        (n.menu(language),),
    )


async def show_unverified(ctx: Ctx, community: Place) -> None:
    items = await unverified(ctx.session, community.id)
    if not items:
        ctx.say("volunteers-no-unverified", [_back(ctx)])
        return
    n = Notifier(ctx)
    for offer, task, person in items:
        ctx.say(
            "volunteers-unverified-line",
            _verify_buttons(n, ctx.language, offer)[:1],
            name=person.display_name,
            title=task.title,
            when=ctx.when(task.starts_at),
            hours=hours_text(offer.minutes or 0),
        )
    ctx.say("volunteers-list-end", [_back(ctx)], count=len(items))


async def _hours_offer(ctx: Ctx, offer_id: int) -> tuple[VolunteerOffer, VolunteerTask]:
    offer = await ctx.session.get(VolunteerOffer, offer_id)
    task = await ctx.session.get(VolunteerTask, offer.task_id) if offer else None
    if offer is None or task is None:
        raise InvalidButton("no such report")
    await _require_coordinator(ctx, task.community_id)
    return offer, task


async def on_hours(ctx: Ctx, item: HoursAction) -> None:
    offer, task = await _hours_offer(ctx, item.offer)
    if item.action == "ok":
        await _verify(ctx, offer, task, offer.minutes or 0)
    elif item.action == "edit":
        if offer.status is not OfferStatus.done:
            raise DomainError("volunteers-offer-gone")
        ctx.enter(ADJUST, "minutes", offer=offer.id)
        await ask_adjust(ctx)
    else:
        raise InvalidButton("hours action")


async def _verify(ctx: Ctx, offer: VolunteerOffer, task: VolunteerTask, minutes: int) -> None:
    await verify_hours(ctx.session, offer, ctx.person, minutes, ctx.now)
    _, person = await person_of(ctx.session, offer.profile_id)
    ctx.say("volunteers-verified-staff", [_back(ctx)], name=person.display_name, hours=hours_text(minutes))
    n = Notifier(ctx)

    def render(language: str) -> Reply:
        text = ctx.services.catalog.t(
            language, "volunteers-verified", {"title": task.title, "hours": hours_text(minutes)}
        )
        return Reply(text, ((n.button(language, "volunteers-my-hours", Mine("hours")), n.menu(language)),))

    await n.tell(person, "volunteers-verified", render, quiet=True)


async def ask_adjust(ctx: Ctx) -> None:
    ctx.say("volunteers-ask-adjust", [[ctx.pick(ctx.t("button-cancel"), "cancel")]])


async def on_adjust(ctx: Ctx, text: str) -> None:
    offer, task = await _hours_offer(ctx, int(ctx.data["offer"]))
    minutes = 0 if text.strip() in ("0", "0.0") else parse_hours(text)
    if minutes is None:
        ctx.say("volunteers-bad-hours")
        await ask_adjust(ctx)
        return
    ctx.leave()
    await _verify(ctx, offer, task, minutes)


async def on_adjust_cancel(ctx: Ctx, value: str) -> None:
    ctx.leave()
    await show_hub(ctx)


# --- ranking --------------------------------------------------------------------------------------

CHART_VOLUNTEERS = 10  # the chart's bars; the text lists twenty


async def show_ranking(ctx: Ctx, community: Place, back: int) -> None:
    start, end, label = month_bounds(ctx.now, ctx.services.settings.tz, back)
    rows = await monthly_ranking(ctx.session, community.id, start, end)
    lines = "\n".join(
        ctx.t(
            "volunteers-staff-rank-line",
            rank=i,
            name=row.name,
            hours=hours_text(row.minutes),
            services=row.services,
            public="yes" if row.in_ranking else "no",
        )
        for i, row in enumerate(rows[:20], start=1)
    )
    navigation = [ctx.button("volunteers-previous-month", StaffAction("ranking", back + 1))]
    if back > 0:
        navigation.append(ctx.button("volunteers-next-month", StaffAction("ranking", back - 1)))
    text = ctx.t("volunteers-ranking", month=label, lines=lines, total=hours_text(sum(row.minutes for row in rows)))
    if not rows:
        ctx.reply(text, [navigation, _back(ctx)], edit=ctx.incoming.button is not None)
        return
    shown = rows[:CHART_VOLUNTEERS]
    drawn = await draw(
        horizontal_bar_chart,
        [row.name for row in shown],
        [Series(ctx.t("volunteers-ranking-chart-hours"), [round(row.minutes / 60, 1) for row in shown])],
        title=ctx.t("volunteers-ranking-chart-title", month=label),
        x_label=ctx.t("volunteers-ranking-chart-axis"),
    )
    ctx.reply(text, [navigation, _back(ctx)], photo=Document("hours.png", drawn.png, "image/png"))


# Staff commands work when typed but are not advertised in the platform's command list.
COMMANDS = [
    Command("vadmin", run_hub, None, Audience.managers),
    Command("newtask", run_newtask, None, Audience.managers),
    Command("vtasks", run_board, None, Audience.managers),
]
BUTTONS: dict[type[Payload], ButtonFn] = {
    StaffAction: on_staff,
    Review: on_review,
    TaskAction: on_task,
    HoursAction: on_hours,
    PairingAction: on_pairing,
}
FLOWS = [
    Flow(REJECT, {"reason": Step(ask_reason, on_pick=on_reason_cancel, on_text=on_reason, max_text=200)}),
    Flow(ASSIGN, {"pick": Step(ask_assignee, on_pick=on_assignee)}),
    Flow(ADJUST, {"minutes": Step(ask_adjust, on_pick=on_adjust_cancel, on_text=on_adjust, max_text=20)}),
    Flow(
        TASK,
        {
            "title": Step(ask_title, on_text=on_title, max_text=60),
            "skill": Step(ask_task_skill, on_pick=on_task_skill),
            "grid": Step(ask_grid, on_pick=on_grid),
            "building": Step(ask_task_building, on_pick=on_task_building),
            "day": Step(ask_day, on_pick=on_day_pick, on_text=on_day_text, max_text=20),
            "time": Step(ask_time, on_pick=on_time, on_text=on_time, max_text=10),
            "length": Step(ask_length, on_pick=on_length),
            "estimate": Step(ask_estimate, on_pick=on_estimate, on_text=on_estimate, max_text=20),
            "places": Step(ask_places, on_pick=on_places, on_text=on_places, max_text=5),
            "confirm": Step(ask_task_confirm, on_pick=on_task_confirm),
        },
    ),
    Flow(
        PAIR,
        {
            "resident": Step(ask_resident, on_pick=on_resident_pick, on_text=on_resident_text, max_text=30),
            "volunteers": Step(ask_pair_volunteers, on_pick=on_pair_volunteer),
            "every": Step(ask_every, on_pick=on_every),
            "day": Step(ask_day, on_pick=on_pair_day),
            "time": Step(ask_time, on_pick=on_pair_time, on_text=on_pair_time, max_text=10),
        },
    ),
]
MENU = [MenuEntry("menu-volunteers-staff", "vadmin", Audience.managers, 68, staff=True)]
