"""Grid management, the handlers' side: /cases (mine, by deadline, with filters), a case's view and its
actions (accept, ask the reporter, transfer, progress note, resolve with evidence, reject), /stats with
its chart, and adding a report category.

Every action re-checks ``may_handle`` when it is pressed and again when its last answer arrives: a grid
worker never acts on another grid's case, however old the button.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document, in_rows
from handlers.core.scope import Scope
from handlers.grid.buttons import GridAct, GridFilter, GridList
from handlers.grid.chart import stats_chart
from handlers.grid.notify import tell_new_case, tell_question, tell_watchers
from handlers.grid.text import Speaker, case_facts, case_number, list_line
from models.grid.stats import grid_stats, stats_scope
from models.grid.store import (
    HANDLER_ROLES,
    CaseFilter,
    CaseState,
    EventKind,
    GridCase,
    GridCaseEvent,
    accept_case,
    add_category,
    add_note,
    ask_reporter,
    categories,
    events_of,
    follower_count,
    may_handle,
    photos_of,
    reject_case,
    resolve_case,
    staff_scopes,
    transfer_case,
    visible_cases,
)
from models.media import load_media, save_media
from models.people import COMMUNITY_MANAGERS, Person, Role
from models.places import Place, PlaceKind
from models.privacy import Shown, record_personal_view

ACT_FLOW = "grid-act"
CATEGORY_FLOW = "grid-category"
MAX_NOTE = 500
MAX_WHERE = 80
HISTORY_SHOWN = 8
STATE_FILTERS = ("open", "submitted", "accepted", "in_progress", "resolved", "closed", "rejected")
TEXT_ACTIONS = ("note", "ask", "reject", "resolve", "transfer")
ACCEPT_HOURS = (2, 4, 8, 24, 48)
RESIDENT_EVENTS = (EventKind.submitted, EventKind.followed, EventKind.answer, EventKind.reopened, EventKind.confirmed)
RESOLVE_DAYS = (1, 3, 5, 7, 15)


async def handles_cases(ctx: Ctx) -> bool:
    """Grid workers, mediators, property supervisors, community staff and above: their cases."""
    return bool(await staff_scopes(ctx.session, ctx.person.id))


async def sees_stats(ctx: Ctx) -> bool:
    return await stats_scope(ctx.session, ctx.person.id) is not None


async def _staff_or_refuse(ctx: Ctx) -> bool:
    if await staff_scopes(ctx.session, ctx.person.id):
        return True
    ctx.say("grid-staff-only", [menu_button(ctx)])
    return False


# --- a case, as its handlers see it ----------------------------------------------------------------


async def history_text(ctx: Ctx, case: GridCase, *, public: bool) -> str:
    """The latest events, oldest first. Residents see no names of anyone; staff see who did what."""
    events = list(await events_of(ctx.session, case.id))[-HISTORY_SHOWN:]
    lines = []
    for event in events:
        if public and event.kind in (EventKind.followed, EventKind.warned):
            continue
        # Only staff are named, and only to staff: residents' own steps stay anonymous to everyone.
        named = not public and event.actor_id is not None and event.kind not in RESIDENT_EVENTS
        actor = await ctx.session.get(Person, event.actor_id) if named else None
        lines.append(
            ctx.t(
                "grid-history-line",
                date=ctx.when(event.created_at),
                kind=event.kind.value,
                who=ctx.t("grid-history-who", name=actor.display_name) if actor is not None else "",
                text=event.text or event.detail or "",
            )
        )
    return "\n".join(lines)


async def open_question(session: AsyncSession, case_id: int) -> str:
    """The last question a handler asked (what the reporter is answering)."""
    text = await session.scalar(
        select(GridCaseEvent.text)
        .where(GridCaseEvent.case_id == case_id, GridCaseEvent.kind == EventKind.question)
        .order_by(GridCaseEvent.id.desc())
        .limit(1)
    )
    return text or ""


async def send_photos(ctx: Ctx, case: GridCase) -> None:
    """Every photo of the case as an image (the reporter's, then the handlers' evidence), on any channel."""
    photos = await photos_of(ctx.session, case.id)
    for index, photo in enumerate(photos, start=1):
        media = await load_media(ctx.session, photo.media_id)
        if media is None:
            continue
        ctx.reply(
            ctx.t(
                "grid-photo-caption",
                number=case_number(case.id),
                index=index,
                total=len(photos),
                evidence="yes" if photo.evidence else "no",
            ),
            photo=Document(media.filename, media.content, media.mime_type),
        )
    ctx.say("grid-photos-sent", [[Speaker.of(ctx).view_button(case.id)], menu_button(ctx)], count=len(photos))


def _action_rows(ctx: Ctx, case: GridCase, has_photos: bool) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if case.state is CaseState.submitted:
        rows.append([ctx.button("grid-act-accept", GridAct(case.id, "accept"))])
    if case.state in (CaseState.accepted, CaseState.in_progress):
        rows.append(
            [
                ctx.button("grid-act-note", GridAct(case.id, "note")),
                ctx.button("grid-act-resolve", GridAct(case.id, "resolve")),
            ]
        )
    if case.state in (CaseState.submitted, CaseState.accepted, CaseState.in_progress):
        rows.append(
            [
                ctx.button("grid-act-ask", GridAct(case.id, "ask")),
                ctx.button("grid-act-transfer", GridAct(case.id, "transfer")),
            ]
        )
        rows.append([ctx.button("grid-act-reject", GridAct(case.id, "reject"))])
    if has_photos:
        rows.append([ctx.button("grid-button-photos", GridAct(case.id, "photos"))])
    rows.append([ctx.button("grid-button-cases", MenuAction("cases")), *menu_button(ctx)])
    return rows


async def show_staff_case(ctx: Ctx, case: GridCase) -> None:
    facts = await case_facts(ctx.session, case)
    reporter = await ctx.session.get(Person, case.reporter_id)
    if case.share_contact and reporter is not None and reporter.forgotten_at is None:
        contact = ctx.t("grid-contact-shared", name=reporter.display_name, phone=reporter.phone or "")
        if reporter.phone:
            await record_personal_view(
                ctx.session,
                ctx.person.id,
                ctx.now,
                object_type="grid_case",
                object_id=case.id,
                place_id=case.grid_id,
                shown=[Shown.phone],
                reason="grid.case",
                via=ctx.account.channel,
            )
    else:
        contact = ctx.t("grid-contact-hidden")
    photos = await photos_of(ctx.session, case.id)
    ctx.say(
        "grid-staff-case",
        _action_rows(ctx, case, bool(photos)),
        line=list_line(Speaker.of(ctx), facts, ctx.now),
        description=case.description,
        contact=contact,
        followers=await follower_count(ctx.session, case.id),
        photos=len(photos),
        handler=ctx.t(f"role-{case.role.value}"),
        grid=facts.grid.name(ctx.language),
        history=await history_text(ctx, case, public=False),
    )


async def _handled_case(ctx: Ctx, case_id: int) -> GridCase | None:
    """The case, if this person may act on it; else says so (and None)."""
    case = await ctx.session.get(GridCase, case_id)
    if case is None:
        raise InvalidButton("no such case")
    if not await may_handle(ctx.session, ctx.person.id, case):
        ctx.leave()
        ctx.say("grid-not-yours", [menu_button(ctx)], case=case_number(case.id))
        return None
    return case


async def on_act(ctx: Ctx, item: GridAct) -> None:
    case = await _handled_case(ctx, item.case)
    if case is None:
        return
    if item.action == "accept":
        await accept(ctx, case=case, by=ctx.person)
        ctx.say("grid-done-accepted", number=case_number(case.id))
        await show_staff_case(ctx, case)
    elif item.action == "photos":
        await send_photos(ctx, case)
    elif item.action in TEXT_ACTIONS:
        if case.state not in (CaseState.submitted, CaseState.accepted, CaseState.in_progress) or (
            item.action in ("note", "resolve") and case.state is CaseState.submitted
        ):
            ctx.say("grid-wrong-state", [menu_button(ctx)], case=case_number(case.id))
            return
        ctx.enter(ACT_FLOW, "target" if item.action == "transfer" else "text", case=case.id, action=item.action)
        await (ask_target(ctx) if item.action == "transfer" else ask_text(ctx))
    else:
        raise InvalidButton("unknown case action")


# --- the action flow: text, then (reject) where to go instead, (resolve) evidence photo -------------


async def ask_text(ctx: Ctx) -> None:
    ctx.say(
        "grid-ask-act-text",
        [[ctx.pick(ctx.t("button-cancel"), "cancel")]],
        action=ctx.data["action"],
        number=case_number(ctx.data["case"]),
        max=MAX_NOTE,
    )


async def on_cancel(ctx: Ctx, value: str) -> None:
    if value != "cancel":
        raise InvalidButton("unknown choice")
    case_id = ctx.data["case"]
    ctx.leave()
    ctx.say("cancelled")
    case = await ctx.session.get(GridCase, case_id)
    if case is not None:
        await show_staff_case(ctx, case)


async def on_text(ctx: Ctx, text: str) -> None:
    action = ctx.data["action"]
    if action == "reject":
        await ctx.advance("instead", ask_instead, text=text)
        return
    if action == "resolve":
        await ctx.advance("evidence", ask_evidence, text=text)
        return
    case = await _handled_case(ctx, ctx.data["case"])
    if case is None:
        return
    target = ctx.data.get("target")
    ctx.leave()
    if action == "note":
        await note(ctx, case=case, by=ctx.person, text=text)
    elif action == "ask":
        await ask(ctx, case=case, by=ctx.person, question=text)
    elif action == "transfer":
        grid, role = await _target(ctx, case, str(target))
        await transfer(ctx, case=case, by=ctx.person, grid=grid, role=role, reason=text)
    ctx.say("grid-done", action=action, number=case_number(case.id))
    if await may_handle(ctx.session, ctx.person.id, case):
        await show_staff_case(ctx, case)
    else:  # transferred away from me
        ctx.reply(
            ctx.t("grid-transferred-away"), [[ctx.button("grid-button-cases", MenuAction("cases"))], menu_button(ctx)]
        )


async def ask_instead(ctx: Ctx) -> None:
    ctx.say("grid-ask-instead", [[ctx.pick(ctx.t("button-cancel"), "cancel")]], max=MAX_WHERE)


async def on_instead(ctx: Ctx, text: str) -> None:
    case = await _handled_case(ctx, ctx.data["case"])
    if case is None:
        return
    reason = ctx.data["text"]
    ctx.leave()
    await reject(ctx, case=case, by=ctx.person, reason=reason, instead=text)
    ctx.say("grid-done", action="reject", number=case_number(case.id))
    await show_staff_case(ctx, case)


async def ask_evidence(ctx: Ctx) -> None:
    ctx.say("grid-ask-evidence", [[ctx.pick(ctx.t("button-cancel"), "cancel")]], number=case_number(ctx.data["case"]))


async def on_evidence(ctx: Ctx) -> None:
    photo = ctx.incoming.photo
    if photo is None:
        ctx.say("grid-photo-expected")
        await ask_evidence(ctx)
        return
    case = await _handled_case(ctx, ctx.data["case"])
    if case is None:
        return
    note_text = ctx.data["text"]
    ctx.leave()
    await resolve(ctx, case=case, by=ctx.person, note=note_text, photo=photo.content, mime=photo.mime_type)
    ctx.say("grid-done", action="resolve", number=case_number(case.id))
    await show_staff_case(ctx, case)


# --- staff actions: chat steps and console pages both call these; the people concerned are told here ---------


async def accept(scope: Scope, *, case: GridCase, by: Person) -> None:
    """A handler takes the case on: the reporter and the followers hear it is being dealt with."""
    await accept_case(scope.session, case, by, scope.now)
    await tell_watchers(scope, await case_facts(scope.session, case), "accepted")


async def note(scope: Scope, *, case: GridCase, by: Person, text: str) -> None:
    """Progress on the case, which the reporter and the followers read."""
    await add_note(scope.session, case, by, text, scope.now)
    await tell_watchers(scope, await case_facts(scope.session, case), "progress", text)


async def ask(scope: Scope, *, case: GridCase, by: Person, question: str) -> None:
    """A question for the reporter (unless they have been forgotten meanwhile), to answer in chat."""
    await ask_reporter(scope.session, case, by, question, scope.now)
    reporter = await scope.session.get(Person, case.reporter_id)
    if reporter is not None and reporter.forgotten_at is None:
        await tell_question(scope, await case_facts(scope.session, case), reporter, question)


async def transfer(scope: Scope, *, case: GridCase, by: Person, grid: Place, role: Role, reason: str) -> None:
    """The case goes to another grid or kind of handler: they get it as new, the watchers hear it moved."""
    await transfer_case(scope.session, case, by, grid, role, reason, scope.now)
    moved = await case_facts(scope.session, case)
    await tell_new_case(scope, moved, moved=True)
    await tell_watchers(scope, moved, "transferred")


async def resolve(scope: Scope, *, case: GridCase, by: Person, note: str, photo: bytes, mime: str) -> None:
    """Done, with a photo as evidence: the reporter is asked to confirm; it closes by itself otherwise."""
    media = await save_media(scope.session, photo, mime, by.id)
    autoclose = timedelta(days=scope.services.settings.grid_autoclose_days)
    await resolve_case(scope.session, case, by, note, media.id, scope.now, autoclose)
    await tell_watchers(scope, await case_facts(scope.session, case), "resolved", note)


async def reject(scope: Scope, *, case: GridCase, by: Person, reason: str, instead: str) -> None:
    """Not a matter for the grid: the watchers hear why, and where to go instead."""
    await reject_case(scope.session, case, by, reason, instead, scope.now)
    await tell_watchers(scope, await case_facts(scope.session, case), "rejected", reason, instead)


# --- transfer targets ------------------------------------------------------------------------------


async def _community_grids(session: AsyncSession, grid: Place) -> Sequence[Place]:
    community_id = grid.ancestor_ids[-2]
    result = await session.scalars(
        select(Place).where(Place.parent_id == community_id, Place.kind == PlaceKind.grid).order_by(Place.sort_order)
    )
    return result.all()


async def ask_target(ctx: Ctx) -> None:
    case = await ctx.session.get(GridCase, ctx.data["case"])
    assert case is not None
    grid = await ctx.session.get(Place, case.grid_id)
    assert grid is not None
    rows: list[list[Button]] = []
    for role in HANDLER_ROLES:
        if role != case.role:
            rows.append([ctx.pick(ctx.t("grid-target-role", role=ctx.t(f"role-{role.value}")), f"role.{role.value}")])
    for other in await _community_grids(ctx.session, grid):
        if other.id != grid.id:
            rows.append([ctx.pick(ctx.t("grid-target-grid", grid=other.name(ctx.language)), f"grid.{other.id}")])
    rows.append([ctx.pick(ctx.t("button-cancel"), "cancel")])
    ctx.say("grid-ask-target", rows, number=case_number(case.id))


async def _target(ctx: Ctx, case: GridCase, value: str) -> tuple[Place, Role]:
    kind, _, raw = value.partition(".")
    grid = await ctx.session.get(Place, case.grid_id)
    assert grid is not None
    if kind == "role" and raw in {role.value for role in HANDLER_ROLES}:
        return grid, Role(raw)
    if kind == "grid" and raw.isdigit():
        other = await ctx.session.get(Place, int(raw))
        if other is not None and other in await _community_grids(ctx.session, grid):
            return other, case.role  # the same kind of handler, in the other grid
    raise InvalidButton("unknown transfer target")


async def on_target(ctx: Ctx, value: str) -> None:
    if value == "cancel":
        await on_cancel(ctx, value)
        return
    case = await ctx.session.get(GridCase, ctx.data["case"])
    if case is None:
        raise InvalidButton("case gone")
    await _target(ctx, case, value)  # refuses a forged choice now, not after the reason is typed
    await ctx.advance("text", ask_text, target=value)


# --- /cases ----------------------------------------------------------------------------------------


async def run_cases(ctx: Ctx) -> None:
    if await _staff_or_refuse(ctx):
        await show_list(ctx, CaseFilter(), edit=False)


async def on_list(ctx: Ctx, item: GridList) -> None:
    if item.state not in STATE_FILTERS:
        raise InvalidButton("unknown state filter")
    if await _staff_or_refuse(ctx):
        await show_list(ctx, CaseFilter(item.grid, item.category, item.state), edit=True)


async def show_list(ctx: Ctx, where: CaseFilter, *, edit: bool) -> None:
    cases = await visible_cases(ctx.session, ctx.person.id, where)
    lines, buttons = [], []
    for case in cases:
        facts = await case_facts(ctx.session, case)
        lines.append(list_line(Speaker.of(ctx), facts, ctx.now))
        buttons.append([Speaker.of(ctx).view_button(case.id)])
    grid = await ctx.session.get(Place, where.grid_id) if where.grid_id else None
    category = next((c for c in await categories(ctx.session, active_only=False) if c.id == where.category_id), None)
    filters = [
        ctx.button("grid-filter-grid", GridFilter("grid", where.grid_id, where.category_id, where.state)),
        ctx.button("grid-filter-category", GridFilter("category", where.grid_id, where.category_id, where.state)),
        ctx.button("grid-filter-state", GridFilter("state", where.grid_id, where.category_id, where.state)),
    ]
    ctx.say(
        "grid-list",
        [*buttons, filters, menu_button(ctx)],
        edit=edit,
        count=len(cases),
        cases="\n".join(lines) or ctx.t("grid-list-empty"),
        grid=grid.name(ctx.language) if grid is not None else "",
        category=category.name(ctx.language) if category is not None else "",
        state=Speaker.of(ctx).state(where.state),
    )


async def _my_grids(ctx: Ctx) -> list[Place]:
    grids: dict[int, Place] = {}
    for _role, place in await staff_scopes(ctx.session, ctx.person.id):
        if place.kind is PlaceKind.grid:
            grids[place.id] = place
            continue
        found = await ctx.session.scalars(
            select(Place).where(Place.kind == PlaceKind.grid, Place.path.startswith(place.path)).order_by(Place.id)
        )
        grids.update({grid.id: grid for grid in found})
    return list(grids.values())


async def on_filter(ctx: Ctx, item: GridFilter) -> None:
    if not await _staff_or_refuse(ctx):
        return
    options: list[Button] = []
    if item.which == "grid":
        options.append(ctx.button("grid-filter-any", GridList(0, item.category, item.state)))
        for grid in (await _my_grids(ctx))[:30]:
            options.append(
                ctx.button(
                    "grid-filter-option", GridList(grid.id, item.category, item.state), name=grid.name(ctx.language)
                )
            )
    elif item.which == "category":
        options.append(ctx.button("grid-filter-any", GridList(item.grid, 0, item.state)))
        for category in await categories(ctx.session, active_only=False):
            options.append(
                ctx.button(
                    "grid-filter-option", GridList(item.grid, category.id, item.state), name=category.name(ctx.language)
                )
            )
    elif item.which == "state":
        for state in STATE_FILTERS:
            options.append(
                ctx.button(
                    "grid-filter-state-option",
                    GridList(item.grid, item.category, state),
                    state=Speaker.of(ctx).state(state),
                )
            )
    else:
        raise InvalidButton("unknown filter")
    rows = in_rows(options, 2)
    ctx.say("grid-filter-choose", [*rows, menu_button(ctx)], edit=True, which=item.which)


# --- /stats ----------------------------------------------------------------------------------------


async def run_stats(ctx: Ctx) -> None:
    place = await stats_scope(ctx.session, ctx.person.id)
    if place is None:
        ctx.say("grid-stats-staff-only", [menu_button(ctx)])
        return
    stats = await grid_stats(ctx.session, place)
    lang = ctx.language
    by_category = "\n".join(ctx.t("grid-stats-row", name=row.name(lang), count=row.count) for row in stats.by_category)
    by_grid = "\n".join(ctx.t("grid-stats-row", name=row.name(lang), count=row.count) for row in stats.by_grid)
    text = ctx.t(
        "grid-stats",
        place=place.name(lang),
        total=stats.total,
        by_category=by_category or "",
        by_grid=by_grid or "",
        accept=_hours(stats.median_accept_hours),
        resolve=_hours(stats.median_resolve_hours),
        on_time=_percent(stats.on_time_share),
        reopen=_percent(stats.reopen_rate),
        satisfaction=_percent(stats.satisfaction),
    )
    png = await stats_chart(Speaker.of(ctx), stats, place.name(lang))
    ctx.reply(text[:1000], [menu_button(ctx)], photo=Document("stats.png", png, "image/png"))


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


# --- adding a category (community staff and above) -------------------------------------------------


async def run_add_category(ctx: Ctx) -> None:
    scopes = await staff_scopes(ctx.session, ctx.person.id)
    if not any(role in COMMUNITY_MANAGERS for role, _place in scopes):
        ctx.say("grid-stats-staff-only", [menu_button(ctx)])
        return
    ctx.enter(CATEGORY_FLOW, "name_zh")
    await ask_name_zh(ctx)


async def ask_name_zh(ctx: Ctx) -> None:
    ctx.say("grid-cat-ask-zh", [menu_button(ctx)])


async def on_name_zh(ctx: Ctx, text: str) -> None:
    await ctx.advance("name_en", ask_name_en, name_zh=text)


async def ask_name_en(ctx: Ctx) -> None:
    ctx.say("grid-cat-ask-en", [[ctx.pick(ctx.t("button-skip"), "-")]])


async def on_name_en(ctx: Ctx, text: str) -> None:
    await ctx.advance("hours", ask_hours, name_en=text)


async def on_skip_en(ctx: Ctx, value: str) -> None:
    await ctx.advance("hours", ask_hours, name_en=ctx.data["name_zh"])


async def ask_hours(ctx: Ctx) -> None:
    ctx.say("grid-cat-ask-hours", [[ctx.pick(ctx.t("grid-cat-hours", hours=h), h) for h in ACCEPT_HOURS]])


async def on_hours(ctx: Ctx, value: str) -> None:
    if not value.isdigit() or int(value) not in ACCEPT_HOURS:
        raise InvalidButton("unknown hours")
    await ctx.advance("days", ask_days, hours=int(value))


async def ask_days(ctx: Ctx) -> None:
    ctx.say("grid-cat-ask-days", [[ctx.pick(ctx.t("grid-cat-days", days=d), d) for d in RESOLVE_DAYS]])


async def on_days(ctx: Ctx, value: str) -> None:
    if not value.isdigit() or int(value) not in RESOLVE_DAYS:
        raise InvalidButton("unknown days")
    await ctx.advance("role", ask_role, days=int(value))


async def ask_role(ctx: Ctx) -> None:
    ctx.say("grid-cat-ask-role", [[ctx.pick(ctx.t(f"role-{role.value}"), role.value)] for role in HANDLER_ROLES])


async def on_role(ctx: Ctx, value: str) -> None:
    if value not in {role.value for role in HANDLER_ROLES}:
        raise InvalidButton("unknown role")
    data = ctx.data
    ctx.leave()
    code = f"custom-{len(await categories(ctx.session, active_only=False)) + 1}"
    category = await add_category(
        ctx.session, code, data["name_zh"][:40], data["name_en"][:60], data["hours"], data["days"], Role(value)
    )
    ctx.say(
        "grid-cat-added",
        [[ctx.button("grid-button-report", MenuAction("report"))], menu_button(ctx)],
        name=category.name(ctx.language),
        hours=category.accept_hours,
        days=category.resolve_days,
        role=ctx.t(f"role-{category.role.value}"),
    )


FLOWS = (
    Flow(
        ACT_FLOW,
        {
            "target": Step(ask_target, on_pick=on_target),
            "text": Step(ask_text, on_pick=on_cancel, on_text=on_text, max_text=MAX_NOTE),
            "instead": Step(ask_instead, on_pick=on_cancel, on_text=on_instead, max_text=MAX_WHERE),
            "evidence": Step(ask_evidence, on_pick=on_cancel, on_media=on_evidence, text_hint="grid-hint-evidence"),
        },
    ),
    Flow(
        CATEGORY_FLOW,
        {
            "name_zh": Step(ask_name_zh, on_text=on_name_zh, max_text=40),
            "name_en": Step(ask_name_en, on_pick=on_skip_en, on_text=on_name_en, max_text=60),
            "hours": Step(ask_hours, on_pick=on_hours),
            "days": Step(ask_days, on_pick=on_days),
            "role": Step(ask_role, on_pick=on_role),
        },
    ),
)


COMMANDS = [
    Command("cases", run_cases, None, Audience.residents),
    Command("stats", run_stats, None, Audience.residents),
    Command("gridcategory", run_add_category, None, Audience.residents),
]
BUTTONS: dict[type[Payload], ButtonFn] = {GridAct: on_act, GridList: on_list, GridFilter: on_filter}
MENU = [
    MenuEntry("menu-cases", "cases", Audience.residents, 72, staff=True, shown=handles_cases),
    MenuEntry("menu-stats", "stats", Audience.residents, 73, staff=True, shown=sees_stats),
]
