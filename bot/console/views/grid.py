"""The console's cases: grid management's table (filters by grid, category, state and SLA colour), a case's
page (photos, history) and the handlers' actions — accept, progress note, ask the reporter, transfer,
resolve with an evidence photo, reject — the same as the buttons in chat.

Who sees what is the chat's rule (``models.grid.store.may_handle``) written as one WHERE clause: community staff
and the admins above see every case beneath their places; a grid worker, mediator or property supervisor
the cases routed to their role where they serve. Anything else is "not found", the same as a missing id.

Each action runs the model operation and then the same ``handlers.grid.notify`` call as the chat step, so
the reporter and followers are told in exactly the same words; the flash is the chat's own confirmation.
A refused action (stale state, bad field) shows the case again with the typed text kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy import case as when_then
from sqlalchemy.orm import aliased

import handlers.grid.staff as grid_staff
from bot.console.app import SECURITY_HEADERS
from bot.console.page import BadForm, NotFound, Page, Routes, Section, redirect, render
from bot.console.staff import Staff
from bot.console.xlsx import MAX_ROWS, download, workbook
from handlers.grid.staff import MAX_NOTE, MAX_WHERE, RESIDENT_EVENTS
from handlers.grid.text import case_facts
from models.errors import DomainError
from models.grid.store import (
    ACTIVE_STATES,
    HANDLER_ROLES,
    LEVELS,
    OPEN_STATES,
    CaseState,
    EventKind,
    GridCase,
    GridCategory,
    case_number,
    categories,
    events_of,
    follower_count,
    photos_of,
    sla_colour,
)
from models.media import load_media
from models.people import COMMUNITY_MANAGERS, Person, Role
from models.places import Place, PlaceKind, tree_sorted
from models.privacy import Shown, mask_phone, record_personal_view

CASE_ROLES = frozenset({*HANDLER_ROLES, *COMMUNITY_MANAGERS})
PAGE_SIZE = 25
STATE_CHOICES = ("open", "all", *(state.value for state in CaseState))
SLA_CHOICES = ("green", "yellow", "red")
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


# --- scope -------------------------------------------------------------------------------------------


def case_scope(staff: Staff, grid: Any) -> ColumnElement[bool]:
    """``models.grid.store.may_handle`` as a WHERE clause over the case's grid (``grid`` an aliased Place)."""
    conditions: list[ColumnElement[bool]] = []
    for role, place in staff.grants:
        inside = grid.path.startswith(place.path)
        if role in COMMUNITY_MANAGERS:
            conditions.append(inside)
        elif role in HANDLER_ROLES:
            conditions.append(inside & (GridCase.role == role.value))
    return or_(*conditions) if conditions else false()


def scoped_case(staff: Staff, case_id: int) -> Select[GridCase]:
    grid = aliased(Place)
    return (
        select(GridCase).join(grid, grid.id == GridCase.grid_id).where(GridCase.id == case_id, case_scope(staff, grid))
    )


async def load_case(page: Page) -> GridCase:
    """The case of the URL, if the staff member may handle it; ``NotFound`` otherwise (or if missing)."""
    # Fresh from the database: after a refused action's rollback the loaded row is stale.
    case = await page.session.scalar(scoped_case(page.staff, page.path_id()).execution_options(populate_existing=True))
    if case is None:
        raise NotFound()
    return case


async def grids_in_scope(page: Page) -> Sequence[Place]:
    found = await page.session.scalars(
        select(Place).where(Place.kind == PlaceKind.grid, page.staff.place_filter(Place.path.expression, CASE_ROLES))
    )
    return await tree_sorted(page.session, found.all())


# --- the table ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    grid: int = 0  # 0: any
    category: int = 0
    state: str = "open"  # "open": every unfinished state; "all"; or one CaseState
    sla: str = ""  # "": any colour
    page: int = 1

    def url(self, **changes: Any) -> str:
        chosen = replace(self, **changes)
        pairs = [
            (name, value)
            for name, value, default in (
                ("grid", chosen.grid, 0),
                ("category", chosen.category, 0),
                ("state", chosen.state, "open"),
                ("sla", chosen.sla, ""),
                ("page", chosen.page, 1),
            )
            if value != default
        ]
        return "/console/cases" + ("?" + urlencode(pairs) if pairs else "")


def read_filters(page: Page, grid_ids: set[int], category_ids: set[int]) -> tuple[Filters, bool]:
    """The filters of the query string; an unknown value falls back to "any" (True: something was dropped)."""
    query = page.query
    dropped = False

    def number(name: str, allowed: set[int]) -> int:
        nonlocal dropped
        raw = query.get(name, "")
        if raw in ("", "0"):
            return 0
        if raw.isdigit() and len(raw) < 12 and int(raw) in allowed:
            return int(raw)
        dropped = True
        return 0

    state = query.get("state", "open")
    if state not in STATE_CHOICES:
        state, dropped = "open", True
    sla = query.get("sla", "")
    if sla and sla not in SLA_CHOICES:
        sla, dropped = "", True
    raw_page = query.get("page", "1")
    page_number = int(raw_page) if raw_page.isdigit() and 0 < len(raw_page) < 7 else 1
    filters = Filters(number("grid", grid_ids), number("category", category_ids), state, sla, max(page_number, 1))
    return filters, dropped


@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    sla: str
    category: str
    place: str
    state: str
    due: datetime | None
    level: str  # "" when not escalated
    created_at: datetime


def running_due() -> ColumnElement[Any]:
    """The deadline that runs now (``GridCase.stage_due``) in SQL, for sorting: soonest first."""
    return when_then(
        (GridCase.state == CaseState.submitted, GridCase.accept_due_at),
        (GridCase.state.in_([CaseState.accepted, CaseState.in_progress]), GridCase.resolve_due_at),
        else_=None,
    )


async def find_cases(page: Page, filters: Filters, *, every: bool = False) -> tuple[list[CaseRow], int, int]:
    """One page of matching cases (``every``: all of them, for the export), the total, and the page shown
    (clamped to the last page)."""
    grid, building = aliased(Place), aliased(Place)
    query = (
        select(GridCase, grid, building, GridCategory)
        .join(grid, grid.id == GridCase.grid_id)
        .join(GridCategory, GridCategory.id == GridCase.category_id)
        .outerjoin(building, building.id == GridCase.building_id)
        .where(case_scope(page.staff, grid))
    )
    if filters.state == "open":
        query = query.where(GridCase.state.in_(ACTIVE_STATES))
    elif filters.state != "all":
        query = query.where(GridCase.state == CaseState(filters.state))
    if filters.grid:
        query = query.where(GridCase.grid_id == filters.grid)
    if filters.category:
        query = query.where(GridCase.category_id == filters.category)
    due = running_due()
    query = query.order_by(due.is_(None), due, GridCase.id.desc())
    if filters.sla:
        # A colour is worked out from the clock, so it is filtered here; only unfinished cases have one,
        # and those are few (a community has hundreds of cases a year, most of them finished).
        rows = [
            row
            for row in (await page.session.execute(query.where(GridCase.state.in_(OPEN_STATES)))).all()
            if sla_colour(row[0], page.now) == filters.sla
        ]
        total = len(rows)
        shown = min(filters.page, max(1, -(-total // PAGE_SIZE)))
        if not every:
            rows = rows[(shown - 1) * PAGE_SIZE : shown * PAGE_SIZE]
    else:
        counted = query.with_only_columns(GridCase.id).order_by(None).subquery()
        total = int(await page.session.scalar(select(func.count()).select_from(counted)) or 0)
        shown = min(filters.page, max(1, -(-total // PAGE_SIZE)))
        query = query.limit(MAX_ROWS) if every else query.limit(PAGE_SIZE).offset((shown - 1) * PAGE_SIZE)
        rows = list((await page.session.execute(query)).all())
    language = page.language
    found = [
        CaseRow(
            id=case.id,
            number=case_number(case.id),
            sla=sla_colour(case, page.now),
            category=category.name(language),
            place=(place or case_grid).name(language),
            state=case.state.value,
            due=case.stage_due,
            level=LEVELS[case.level] if case.level else "",
            created_at=case.created_at,
        )
        for case, case_grid, place, category in rows
    ]
    return found, total, shown


async def case_list(page: Page) -> web.StreamResponse:
    grids = await grids_in_scope(page)
    all_categories = await categories(page.session, active_only=False)
    filters, dropped = read_filters(page, {g.id for g in grids}, {c.id for c in all_categories})
    rows, total, shown = await find_cases(page, filters)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        page,
        "grid/list.html",
        rows=rows,
        total=total,
        filters=replace(filters, page=shown),
        pages=pages,
        grids=grids,
        categories=all_categories,
        states=STATE_CHOICES,
        colours=SLA_CHOICES,
        dropped=dropped,
    )


async def case_export(page: Page) -> web.StreamResponse:
    """The list as filtered, every page of it, as an Excel workbook."""
    grids = await grids_in_scope(page)
    all_categories = await categories(page.session, active_only=False)
    filters, _dropped = read_filters(page, {g.id for g in grids}, {c.id for c in all_categories})
    rows, _total, _shown = await find_cases(page, filters, every=True)
    await page.audit("cases.export", object_type="cases")
    t = page.t
    headers = [
        t("console-cases-col-number"),
        t("console-cases-col-category"),
        t("console-cases-col-place"),
        t("console-cases-col-state"),
        t("console-cases-col-escalated"),
        t("console-cases-col-sla"),
        t("console-export-time-column", column=t("console-cases-col-due"), zone=page.services.settings.timezone),
        t("console-export-time-column", column=t("console-cases-col-created"), zone=page.services.settings.timezone),
    ]
    table = [
        [
            row.number,
            row.category,
            row.place,
            t("grid-state", state=row.state),
            t("grid-level", level=row.level) if row.level else "",
            t("console-cases-sla", colour=row.sla),
            row.due,
            row.created_at,
        ]
        for row in rows
    ]
    content = workbook(t("console-cases-title"), headers, table, page.services.settings.tz)
    return download(content, f"cases-{page.now.astimezone(page.services.settings.tz):%Y%m%d}.xlsx", SECURITY_HEADERS)


# --- a case's page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    who: str  # a staff member's name; residents' own steps stay anonymous, as in chat
    text: str
    detail_kind: str  # how to show ``detail``: "", "go", "to", "level", "rating"
    detail: str


async def timeline(page: Page, case: GridCase) -> list[TimelineEntry]:
    entries = []
    for event in await events_of(page.session, case.id):
        named = event.actor_id is not None and event.kind not in RESIDENT_EVENTS
        actor = await page.session.get(Person, event.actor_id) if named and event.actor_id else None
        detail_kind, detail = "", event.detail or ""
        if event.kind is EventKind.rejected and detail:
            detail_kind = "go"
        elif event.kind is EventKind.transferred and detail:
            detail_kind, detail = "to", await transfer_label(page, detail)
        elif event.kind is EventKind.escalated and detail in LEVELS:
            detail_kind = "level"
        elif event.kind is EventKind.confirmed:
            detail_kind = "rating"
        entries.append(
            TimelineEntry(
                at=event.created_at,
                kind=event.kind.value,
                who=actor.display_name if actor is not None else "",
                text=event.text or "",
                detail_kind=detail_kind,
                detail=detail,
            )
        )
    return entries


async def transfer_label(page: Page, detail: str) -> str:
    """A transfer's "grid-code/role" as the grid's name and the role's."""
    code, _, role = detail.partition("/")
    grid = await page.session.scalar(select(Place).where(Place.code == code))
    role_name = page.t(f"role-{role}") if role in {r.value for r in HANDLER_ROLES} else role
    return f"{grid.name(page.language) if grid is not None else code} · {role_name}"


async def community_grids(page: Page, grid: Place) -> Sequence[Place]:
    """The grids of the case's community: where a transfer may send it (as in chat)."""
    found = await page.session.scalars(
        select(Place)
        .where(Place.parent_id == grid.ancestor_ids[-2], Place.kind == PlaceKind.grid)
        .order_by(Place.sort_order, Place.id)
    )
    return found.all()


async def transfer_targets(page: Page, case: GridCase, grid: Place) -> list[tuple[str, str]]:
    """(value, label): another kind of handler in the same grid, or the same kind in another grid."""
    targets = [
        (f"role.{role.value}", page.t("grid-target-role", role=page.t(f"role-{role.value}")))
        for role in HANDLER_ROLES
        if role != case.role
    ]
    for other in await community_grids(page, grid):
        if other.id != grid.id:
            targets.append((f"grid.{other.id}", page.t("grid-target-grid", grid=other.name(page.language))))
    return targets


REVEAL = "reveal"  # ?reveal=phone: the full number, audited


async def render_case(
    page: Page, case: GridCase, *, error: str = "", draft: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    facts = await case_facts(page.session, case)
    reporter = await page.session.get(Person, case.reporter_id)
    # The reporter's name and phone only when they chose to share them, exactly as in chat; the phone
    # masked until someone asks to see it (REVEAL), which the audit log records.
    shared = case.share_contact and reporter is not None and reporter.forgotten_at is None
    phone = (reporter.phone or "") if shared and reporter is not None else ""
    revealed = bool(phone) and page.query.get(REVEAL) == Shown.phone
    if revealed:
        await record_personal_view(
            page.session,
            page.staff.person.id,
            page.now,
            object_type="grid_case",
            object_id=case.id,
            place_id=case.grid_id,
            shown=[Shown.phone],
            reason="grid.case",
            via="console",
        )
    contact = (
        page.t("grid-contact-shared", name=reporter.display_name, phone=phone if revealed else mask_phone(phone))
        if shared and reporter is not None
        else page.t("grid-contact-hidden")
    )
    return render(
        page,
        "grid/case.html",
        status=status,
        case=case,
        number=case_number(case.id),
        facts=facts,
        place=facts.place(page.language),
        sla=sla_colour(case, page.now),
        level=LEVELS[case.level],
        handler=page.t(f"role-{case.role.value}"),
        contact=contact,
        can_reveal=bool(phone) and not revealed,
        followers=await follower_count(page.session, case.id),
        photos=list(await photos_of(page.session, case.id)),
        events=await timeline(page, case),
        targets=await transfer_targets(page, case, facts.grid) if case.state in OPEN_STATES else [],
        can_accept=case.state is CaseState.submitted,
        can_work=case.state in (CaseState.accepted, CaseState.in_progress),
        is_open=case.state in OPEN_STATES,
        max_note=MAX_NOTE,
        max_where=MAX_WHERE,
        error=error,
        draft=draft or {},
    )


async def case_page(page: Page) -> web.StreamResponse:
    return await render_case(page, await load_case(page))


async def case_photo(page: Page) -> web.StreamResponse:
    case = await load_case(page)
    raw = page.request.match_info.get("photo_id", "")
    photo = next((p for p in await photos_of(page.session, case.id) if str(p.id) == raw), None)
    media = None if photo is None else await load_media(page.session, photo.media_id)
    if media is None:
        raise NotFound()
    return web.Response(body=media.content, content_type=media.mime_type)


# --- actions -----------------------------------------------------------------------------------------

# What an action does once the case is loaded: returns the flash (the chat's own confirmation).
Action = Callable[[Page, GridCase], Awaitable[str]]


async def do_accept(page: Page, case: GridCase) -> str:
    await grid_staff.accept(page, case=case, by=page.staff.person)
    return page.t("grid-done-accepted", number=case_number(case.id))


async def do_note(page: Page, case: GridCase) -> str:
    text = page.field("text", max_chars=MAX_NOTE)
    await grid_staff.note(page, case=case, by=page.staff.person, text=text)
    return page.t("grid-done", action="note", number=case_number(case.id))


async def do_ask(page: Page, case: GridCase) -> str:
    text = page.field("text", max_chars=MAX_NOTE)
    await grid_staff.ask(page, case=case, by=page.staff.person, question=text)
    return page.t("grid-done", action="ask", number=case_number(case.id))


async def chosen_target(page: Page, case: GridCase, grid: Place) -> tuple[Place, Role]:
    value = page.field("target", max_chars=40)
    if value not in {target for target, _label in await transfer_targets(page, case, grid)}:
        raise BadForm("console-cases-bad-target")
    kind, _, raw = value.partition(".")
    if kind == "role":
        return grid, Role(raw)
    other = await page.session.get(Place, int(raw))
    assert other is not None  # it was one of the targets
    return other, case.role  # the same kind of handler, in the other grid


async def do_transfer(page: Page, case: GridCase) -> str:
    current = await page.session.get(Place, case.grid_id)
    assert current is not None
    grid, role = await chosen_target(page, case, current)
    reason = page.field("text", max_chars=MAX_NOTE)
    await grid_staff.transfer(page, case=case, by=page.staff.person, grid=grid, role=role, reason=reason)
    return page.t("grid-done", action="transfer", number=case_number(case.id))


def uploaded_photo(page: Page) -> tuple[bytes, str]:
    """The evidence photo of the form: its bytes and type, read from the bytes (not the browser's word)."""
    item = None if page.form is None else page.form.get("photo")
    content = item.file.read() if isinstance(item, web.FileField) else b""
    if not content:
        raise BadForm("console-cases-photo-required")
    mime = next((kind for magic, kind in PHOTO_TYPES.items() if content.startswith(magic)), None)
    if mime is None and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        mime = "image/webp"
    if mime is None:
        raise BadForm("console-cases-photo-type")
    return content, mime


async def do_resolve(page: Page, case: GridCase) -> str:
    note = page.field("text", max_chars=MAX_NOTE)
    content, mime = uploaded_photo(page)
    await grid_staff.resolve(page, case=case, by=page.staff.person, note=note, photo=content, mime=mime)
    return page.t("grid-done", action="resolve", number=case_number(case.id))


async def do_reject(page: Page, case: GridCase) -> str:
    reason = page.field("text", max_chars=MAX_NOTE)
    instead = page.field("instead", max_chars=MAX_WHERE)
    await grid_staff.reject(page, case=case, by=page.staff.person, reason=reason, instead=instead)
    return page.t("grid-done", action="reject", number=case_number(case.id))


ACTIONS: dict[str, Action] = {
    "accept": do_accept,
    "note": do_note,
    "ask": do_ask,
    "transfer": do_transfer,
    "resolve": do_resolve,
    "reject": do_reject,
}


def action_view(name: str, action: Action) -> Callable[[Page], Awaitable[web.StreamResponse]]:
    async def view(page: Page) -> web.StreamResponse:
        case = await load_case(page)
        before, where = case.state, case.grid_id
        try:
            async with page.session.begin_nested():  # a refusal keeps nothing the action wrote
                flash = await action(page, case)
        except (BadForm, DomainError) as refusal:
            if isinstance(refusal, BadForm):
                message, status = page.t(refusal.message_id, **refusal.args_), 400
            else:  # stale state and the like: the case changed since the page was drawn
                message, status = page.t(refusal.message_id, **refusal.args_for_message), 409
            form: Mapping[str, Any] = page.form or {}
            draft = {"action": name, **{key: str(form.get(key, "")) for key in ("text", "instead", "target")}}
            return await render_case(page, await load_case(page), error=message, draft=draft, status=status)
        detail: dict[str, Any] = {"from": before.value, "to": case.state.value}
        if name == "transfer":
            grid = await page.session.get(Place, case.grid_id)
            detail.update(grid=grid.code if grid is not None else "", role=case.role.value)
        await page.audit(f"grid.{name}", object_type="grid_case", object_id=case.id, place_id=where, detail=detail)
        if await page.session.scalar(scoped_case(page.staff, case.id).with_only_columns(GridCase.id)) is not None:
            return redirect(page, f"/console/cases/{case.id}", flash=flash)
        # Transferred out of this person's reach: back to the list.
        return redirect(page, "/console/cases", flash=flash + "\n" + page.t("grid-transferred-away"))

    return view


def routes(r: Routes) -> None:
    r.get("/console/cases", case_list)
    r.get("/console/cases.xlsx", case_export)
    r.get("/console/cases/{id}", case_page)
    r.get("/console/cases/{id}/photos/{photo_id}", case_photo)
    for name, action in ACTIONS.items():
        r.post(f"/console/cases/{{id}}/{name}", action_view(name, action))


SECTION = Section("cases", "console-nav-cases", "/console/cases", 10, lambda staff: staff.has(CASE_ROLES), routes)
