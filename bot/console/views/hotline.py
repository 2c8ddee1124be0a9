"""12343 service requests and providers in the console.

Who sees what (the same people the chat serves, scoped the same way):
- hotline operators: every request in the places they were granted, with the resident's contact (as on the
  chat's desk), and may send a case to another provider;
- provider staff: the requests offered to or handled by their provider; they accept (with when they will be
  there), decline and mark done. The resident's phone and address show only while the chat's case card
  shows them: from acceptance until some days after closing;
- community, street and district staff: the requests of their places, to supervise (no contact details).

Every action runs the chat's own step functions (``handlers.hotline.staff``) on a console handler context,
so the rules, the timers and what the resident and providers are told are exactly the chat's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from sqlalchemy import ColumnElement, Select, or_, select

import handlers.hotline.staff as hotline_staff
from bot.console.app import SECURITY_HEADERS
from bot.console.page import BadForm, ConsoleError, NotFound, Page, Routes, Section, redirect, refused, render
from bot.console.staff import Staff
from bot.console.xlsx import MAX_ROWS, download, workbook
from handlers.hotline.staff import MAX_NOTE
from handlers.hotline.text import hours_text, preferred_text, price_text, status_text
from models.errors import DomainError
from models.hotline.cases import (
    CANCELLABLE,
    UNASSIGNED,
    HotlineEvent,
    HotlineOffer,
    HotlineRequest,
    OfferOutcome,
    RequestStatus,
    contact_visible_until,
    is_overdue,
    warning_moments,
)
from models.hotline.catalogue import (
    HotlineCategory,
    HotlineProvider,
    HotlineProviderArea,
    HotlineProviderService,
    HotlineService,
    categories,
    providers_of_service,
)
from models.hotline.report import ProviderMonth, provider_report
from models.media import load_media
from models.people import COMMUNITY_MANAGERS, Person, Role
from models.places import Place
from models.privacy import Shown, mask_phone, record_personal_view

OPERATORS = (Role.hotline_operator,)
SUPERVISORS = tuple(COMMUNITY_MANAGERS)
PAGE_SIZE = 50
ETA_CHOICES = ("1h", "today", "asked")  # the chat's three accept buttons
SLA_LEVELS = {"green": 0, "yellow": 1, "red": 2}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
BASE = "/console/requests"


class NotAllowed(ConsoleError):
    """The request is visible, but the person's role cannot do this to it (a chat message says why)."""

    status = 403

    def __init__(self, message_id: str) -> None:
        super().__init__(message_id)
        self.message_id = message_id


def visible(staff: Staff) -> bool:
    return staff.has(OPERATORS) or staff.has(SUPERVISORS) or bool(staff.provider_ids)


def _scope(staff: Staff) -> ColumnElement[bool]:
    """Requests this person may see; the query must join ``Place`` on the request's community."""
    clauses = [staff.place_filter(Place.path.expression, (*OPERATORS, *SUPERVISORS))]
    if staff.provider_ids:
        clauses.append(HotlineRequest.provider_id.in_(staff.provider_ids))
        clauses.append(HotlineRequest.current_offer_id.in_(_pending_offers(staff.provider_ids)))
    return or_(*clauses)


def _pending_offers(provider_ids: list[int]) -> Select[int]:
    return select(HotlineOffer.id).where(
        HotlineOffer.provider_id.in_(provider_ids), HotlineOffer.outcome == OfferOutcome.pending
    )


def sla_level(request: HotlineRequest, now: datetime) -> int:
    """2 (red) past a deadline, 1 (yellow) past 75% of its window, 0 otherwise: the chat's warning marks,
    computed from the clock rather than from the warnings already sent."""
    if request.status not in (*UNASSIGNED, RequestStatus.accepted):
        return 0
    if is_overdue(request, now):
        return 2
    yellows = [warning_moments(request.created_at, request.completion_due_at)[0]]
    if request.status in UNASSIGNED:
        yellows.append(warning_moments(request.created_at, request.response_due_at)[0])
    return 1 if any(now >= moment for moment in yellows) else 0


def sla_name(level: int) -> str:
    return {0: "green", 1: "yellow", 2: "red"}[level]


# --- the table ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    status: str = ""  # a RequestStatus value, "open", or "" for all
    category: int | None = None
    provider: int | None = None
    sla: str = ""  # "yellow", "red" or ""
    page: int = 0

    def query(self, **changes: object) -> str:
        values: dict[str, object] = {
            "status": self.status,
            "category": self.category or "",
            "provider": self.provider or "",
            "sla": self.sla,
            "p": self.page or "",
        }
        values.update(changes)
        return "&".join(f"{key}={value}" for key, value in values.items() if value not in ("", None, 0))


def _int_param(page: Page, name: str) -> int | None:
    raw = page.query.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise BadForm("console-requests-bad-filter")
    return int(raw)


def read_filters(page: Page) -> Filters:
    status = page.query.get("status", "")
    if status not in ("", "open", *(s.value for s in RequestStatus)):
        raise BadForm("console-requests-bad-filter")
    sla = page.query.get("sla", "")
    if sla not in ("", "yellow", "red"):
        raise BadForm("console-requests-bad-filter")
    return Filters(status, _int_param(page, "category"), _int_param(page, "provider"), sla, _int_param(page, "p") or 0)


@dataclass(frozen=True)
class Row:
    request: HotlineRequest
    service: str
    community: str
    status: str
    provider: str
    sla: str


async def find_requests(
    page: Page, filters: Filters, *, every: bool = False
) -> tuple[list[Row], bool, dict[int, HotlineProvider]]:
    """One page of the filtered requests (``every``: all, for the export), whether more follow, the providers."""
    language = page.language
    query = (
        select(HotlineRequest, HotlineService, Place)
        .join(HotlineService, HotlineService.id == HotlineRequest.service_id)
        .join(Place, Place.id == HotlineRequest.community_id)
        .where(_scope(page.staff))
        .order_by(HotlineRequest.created_at.desc(), HotlineRequest.id.desc())
    )
    if filters.status == "open":
        query = query.where(HotlineRequest.status.in_((*UNASSIGNED, RequestStatus.accepted, RequestStatus.done)))
    elif filters.status:
        query = query.where(HotlineRequest.status == RequestStatus(filters.status))
    if filters.category is not None:
        query = query.where(HotlineService.category_id == filters.category)
    if filters.provider is not None:
        offered = select(HotlineOffer.id).where(
            HotlineOffer.provider_id == filters.provider, HotlineOffer.outcome == OfferOutcome.pending
        )
        query = query.where(
            or_(HotlineRequest.provider_id == filters.provider, HotlineRequest.current_offer_id.in_(offered))
        )
    if filters.sla:
        # Only open cases have a colour; they are few, so the colour is worked out here rather than in SQL.
        query = query.where(HotlineRequest.status.in_((*UNASSIGNED, RequestStatus.accepted)))
        found = [
            row
            for row in (await page.session.execute(query)).all()
            if sla_level(row[0], page.now) == SLA_LEVELS[filters.sla]
        ]
        chosen = found[:MAX_ROWS] if every else found[filters.page * PAGE_SIZE : (filters.page + 1) * PAGE_SIZE + 1]
    else:
        window = query.limit(MAX_ROWS) if every else query.offset(filters.page * PAGE_SIZE).limit(PAGE_SIZE + 1)
        chosen = list((await page.session.execute(window)).all())
    more = not every and len(chosen) > PAGE_SIZE
    providers = {p.id: p for p in (await page.session.scalars(select(HotlineProvider))).all()}
    rows = []
    for request, service, community in chosen if every else chosen[:PAGE_SIZE]:
        provider = providers.get(request.provider_id) if request.provider_id else None
        rows.append(
            Row(
                request,
                service.name(language),
                community.name(language),
                status_text(page.services.catalog, language, request.status),
                provider.name(language) if provider else "",
                sla_name(sla_level(request, page.now)),
            )
        )
    return rows, more, providers


async def list_requests(page: Page) -> web.StreamResponse:
    filters = read_filters(page)
    language = page.language
    rows, more, providers = await find_requests(page, filters)
    return render(
        page,
        "hotline/list.html",
        rows=rows,
        filters=filters,
        statuses=[(s.value, status_text(page.services.catalog, language, s)) for s in RequestStatus],
        categories=[(c.id, c.name(language)) for c in await categories(page.session)],
        providers=[(p.id, p.name(language)) for p in sorted(providers.values(), key=lambda p: p.id)],
        more=more,
        is_operator=page.staff.has(OPERATORS),
    )


async def export_requests(page: Page) -> web.StreamResponse:
    """The filtered requests, every page, with the residents' evaluations, as Excel; no personal data (the
    requester's phone and address stay on the request's own page, for those who may see them)."""
    filters = read_filters(page)
    rows, _more, _providers = await find_requests(page, filters, every=True)
    await page.audit("requests.export", object_type="hotline_requests")
    t, zone = page.t, page.services.settings.timezone

    def timed(column: str) -> str:
        return t("console-export-time-column", column=t(column), zone=zone)

    headers = [
        t("console-requests-ticket"),
        t("console-requests-service"),
        t("console-requests-community"),
        t("console-requests-status"),
        t("console-requests-provider"),
        t("console-requests-deadline"),
        timed("console-requests-created"),
        timed("console-requests-complete-by"),
        timed("console-requests-done-at"),
        t("console-requests-rating"),
    ]
    table = [
        [
            row.request.ticket,
            row.service,
            row.community,
            row.status,
            row.provider,
            t("console-requests-sla", level=row.sla),
            row.request.created_at,
            row.request.completion_due_at,
            row.request.done_at,
            row.request.rating,
        ]
        for row in rows
    ]
    content = workbook(t("console-requests-title"), headers, table, page.services.settings.tz)
    return download(content, f"requests-{page.now.astimezone(page.services.settings.tz):%Y%m%d}.xlsx", SECURITY_HEADERS)


# --- one request ----------------------------------------------------------------------------------------


@dataclass
class Access:
    """What this person may do with one request, worked out once per page."""

    request: HotlineRequest
    community: Place
    service: HotlineService
    operator: bool
    supervisor: bool
    offer: HotlineOffer | None  # the pending offer to the person's provider, if any
    handles: bool  # the person works for the provider handling it

    def contact(self, now: datetime, keep_days: int) -> bool:
        """The chat's rule: operators see the contact; the handling provider from acceptance until
        ``keep_days`` after closing; nobody else."""
        if self.operator:
            return True
        if not self.handles:
            return False
        until = contact_visible_until(self.request, keep_days)
        return until is not None and now <= until


async def access(page: Page, request_id: int) -> Access:
    """The request if this person may see it; ``NotFound`` otherwise (missing or not theirs alike)."""
    request = await page.session.get(HotlineRequest, request_id)
    if request is None:
        raise NotFound()
    community = await page.session.get(Place, request.community_id)
    service = await page.session.get(HotlineService, request.service_id)
    assert community is not None
    assert service is not None
    staff = page.staff
    offer = None
    if request.current_offer_id is not None and staff.provider_ids:
        current = await page.session.get(HotlineOffer, request.current_offer_id)
        if (
            current is not None
            and current.outcome is OfferOutcome.pending
            and current.provider_id in staff.provider_ids
        ):
            offer = current
    found = Access(
        request,
        community,
        service,
        operator=staff.covers(community, OPERATORS),
        supervisor=staff.covers(community, SUPERVISORS),
        offer=offer,
        handles=request.provider_id is not None and request.provider_id in staff.provider_ids,
    )
    if not (found.operator or found.supervisor or found.offer or found.handles):
        raise NotFound()
    return found


def _request_id(page: Page) -> int:
    return page.path_id()


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    kind: str
    provider: str
    actor: str


async def history(page: Page, request: HotlineRequest) -> list[HistoryLine]:
    events = await page.session.scalars(
        select(HotlineEvent).where(HotlineEvent.request_id == request.id).order_by(HotlineEvent.at, HotlineEvent.id)
    )
    lines = []
    for event in events.all():
        provider = await page.session.get(HotlineProvider, event.provider_id) if event.provider_id else None
        if event.actor_id is None:
            actor = page.t("console-requests-actor-system")
        elif event.actor_id == request.requester_id:
            actor = page.t("console-requests-actor-resident")
        else:
            person = await page.session.get(Person, event.actor_id)
            actor = person.display_name if person is not None else ""
        lines.append(
            HistoryLine(
                event.at,
                page.t("console-requests-event", kind=event.kind),
                provider.name(page.language) if provider else "",
                actor,
            )
        )
    return lines


async def show_request(page: Page) -> web.StreamResponse:
    found = await access(page, _request_id(page))
    request, service, language = found.request, found.service, page.language
    catalog, settings = page.services.catalog, page.services.settings
    contact = found.contact(page.now, settings.hotline_contact_days)
    resident = await page.session.get(Person, request.requester_id) if contact else None
    phone = (request.for_phone or request.contact_phone or "") if contact else ""
    revealed = bool(phone) and page.query.get("reveal") == Shown.phone
    if contact:
        # The address is the work's own place, so it shows; the phone is masked until asked for. Either
        # way the view is in the audit log (models/privacy.py).
        await record_personal_view(
            page.session,
            page.staff.person.id,
            page.now,
            object_type="hotline_request",
            object_id=request.id,
            place_id=request.community_id,
            shown=[Shown.address, Shown.phone] if revealed else [Shown.address],
            reason="hotline.request",
            via="console",
        )
    provider = await page.session.get(HotlineProvider, request.provider_id) if request.provider_id else None
    category = await page.session.get(HotlineCategory, service.category_id)
    offered_to = None
    if request.current_offer_id is not None:
        current = await page.session.get(HotlineOffer, request.current_offer_id)
        offered_to = await page.session.get(HotlineProvider, current.provider_id) if current else None
    answers = [
        (question["en" if language == "en" else "zh"], request.answers[question["key"]])
        for question in service.questions
        if request.answers.get(question["key"])
    ]
    reassign_to: list[tuple[int, str]] = []
    if found.operator and request.status in CANCELLABLE:
        reassign_to = [
            (p.id, p.name(language)) for p in await providers_of_service(page.session, service.id) if p.is_active
        ]
    return render(
        page,
        "hotline/request.html",
        access=found,
        request=request,
        service=service.name(language),
        category=category.name(language) if category else "",
        community=found.community.name(language),
        status_label=status_text(catalog, language, request.status),
        sla=sla_name(sla_level(request, page.now)),
        preferred=preferred_text(catalog, language, settings.tz, request),
        answers=answers,
        provider=provider.name(language) if provider else "",
        offered_to=offered_to.name(language) if offered_to else "",
        offer_until=page.when(found.offer.expires_at) if found.offer else "",
        contact=contact,
        who=(request.for_name or (resident.display_name if resident else "")) if contact else "",
        phone=phone if revealed else mask_phone(phone) if phone else "",
        can_reveal=bool(phone) and not revealed,
        history=await history(page, request),
        can_accept=found.offer is not None and request.status is RequestStatus.offered,
        can_finish=found.handles and request.status is RequestStatus.accepted,
        reassign_to=reassign_to,
        eta_choices=ETA_CHOICES,
        max_note=MAX_NOTE,
    )


async def request_photo(page: Page) -> web.StreamResponse:
    """The photo of the finished work: shown to whoever may see the resident's contact (it is their home)."""
    found = await access(page, _request_id(page))
    media_id = found.request.done_media_id
    if media_id is None or not found.contact(page.now, page.services.settings.hotline_contact_days):
        raise NotFound()
    media = await load_media(page.session, media_id)
    if media is None:
        raise NotFound()
    return web.Response(body=media.content, content_type=media.mime_type)


# --- actions --------------------------------------------------------------------------------------------


async def accept(page: Page) -> web.StreamResponse:
    found = await access(page, _request_id(page))
    eta = page.field("eta", max_chars=10)
    if eta not in ETA_CHOICES:
        raise BadForm("console-requests-bad-eta")
    if found.offer is None:
        if not page.staff.provider_ids:
            raise NotAllowed("hotline-not-your-case")
        raise BadForm("hotline-offer-gone")
    try:
        request = await hotline_staff.accept(page, offer_id=found.offer.id, by_id=page.staff.person.id, eta=eta)
    except DomainError as error:
        raise refused(error) from error
    await page.audit(
        "hotline.accept",
        object_type="hotline_request",
        object_id=found.request.id,
        place_id=found.community.id,
        detail={"eta": eta, "provider_id": found.offer.provider_id},
    )
    return redirect(page, f"{BASE}/{found.request.id}", flash=page.t("hotline-accepted", ticket=request.ticket))


async def decline(page: Page) -> web.StreamResponse:
    found = await access(page, _request_id(page))
    if found.offer is None:
        if not page.staff.provider_ids:
            raise NotAllowed("hotline-not-your-case")
        raise BadForm("hotline-offer-gone")
    provider_id = found.offer.provider_id
    try:
        request = await hotline_staff.decline(page, offer_id=found.offer.id, by_id=page.staff.person.id)
    except DomainError as error:
        raise refused(error) from error
    await page.audit(
        "hotline.decline",
        object_type="hotline_request",
        object_id=found.request.id,
        place_id=found.community.id,
        detail={"provider_id": provider_id},
    )
    # Declined, the case is no longer this provider's: back to the list, not to a page they cannot see.
    return redirect(page, BASE, flash=page.t("hotline-declined", ticket=request.ticket))


async def finish(page: Page) -> web.StreamResponse:
    found = await access(page, _request_id(page))
    note = page.field("note", max_chars=MAX_NOTE)
    if not found.handles:
        raise NotAllowed("hotline-not-your-case")
    try:
        request = await hotline_staff.finish(page, request_id=found.request.id, by_id=page.staff.person.id, note=note)
    except DomainError as error:
        raise refused(error) from error
    await page.audit(
        "hotline.done",
        object_type="hotline_request",
        object_id=found.request.id,
        place_id=found.community.id,
        detail={"provider_id": found.request.provider_id},
    )
    return redirect(page, f"{BASE}/{found.request.id}", flash=page.t("hotline-done-saved", ticket=request.ticket))


async def reassign(page: Page) -> web.StreamResponse:
    found = await access(page, _request_id(page))
    provider_id = page.int_field("provider")
    if not found.operator:
        raise NotAllowed("hotline-operators-only")
    allowed = {p.id: p for p in await providers_of_service(page.session, found.service.id) if p.is_active}
    provider = allowed.get(provider_id or 0)
    if provider is None:
        raise BadForm("console-requests-bad-provider")
    if found.request.status not in CANCELLABLE:
        raise BadForm("hotline-case-not-open", ticket=found.request.ticket)
    try:
        await hotline_staff.reassign_to(page, request=found.request, provider=provider, by_id=page.staff.person.id)
    except DomainError as error:
        raise refused(error) from error
    await page.audit(
        "hotline.reassign",
        object_type="hotline_request",
        object_id=found.request.id,
        place_id=found.community.id,
        detail={"provider_id": provider_id},
    )
    flash = page.t("hotline-reassigned", ticket=found.request.ticket, provider=provider.name(page.language))
    return redirect(page, f"{BASE}/{found.request.id}", flash=flash)


# --- providers ------------------------------------------------------------------------------------------


def read_month(page: Page) -> str:
    raw = page.query.get("month", "")
    if not raw:
        return page.now.astimezone(page.services.settings.tz).strftime("%Y-%m")
    match = MONTH.match(raw)
    if match is None or not (2000 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12):
        raise BadForm("console-requests-bad-month")
    return raw


def shift_month(month: str, by: int) -> str:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


async def visible_providers(page: Page) -> list[HotlineProvider]:
    """Provider staff: their own providers. Operators and supervisors: the providers serving somewhere in
    their places (an area above one of their places, or inside one)."""
    staff = page.staff
    mine = set(staff.provider_ids)
    places = staff.places((*OPERATORS, *SUPERVISORS))
    if places:
        areas = await page.session.execute(
            select(HotlineProviderArea.provider_id, Place).join(Place, Place.id == HotlineProviderArea.place_id)
        )
        for provider_id, area in areas.all():
            if any(area.contains(place) or place.contains(area) for place in places):
                mine.add(provider_id)
    if not mine:
        return []
    result = await page.session.scalars(
        select(HotlineProvider).where(HotlineProvider.id.in_(sorted(mine))).order_by(HotlineProvider.id)
    )
    return list(result.all())


@dataclass(frozen=True)
class ProviderCard:
    provider: HotlineProvider
    name: str
    hours: str
    services: list[tuple[str, str]]  # name, price
    areas: list[str]
    month: ProviderMonth | None


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


async def list_providers(page: Page) -> web.StreamResponse:
    month = read_month(page)
    language, catalog = page.language, page.services.catalog
    providers = await visible_providers(page)
    ids = [p.id for p in providers]
    services = await page.session.execute(
        select(HotlineProviderService.provider_id, HotlineService)
        .join(HotlineService, HotlineService.id == HotlineProviderService.service_id)
        .where(HotlineProviderService.provider_id.in_(ids))
        .order_by(HotlineService.sort_order, HotlineService.id)
    )
    areas = await page.session.execute(
        select(HotlineProviderArea.provider_id, Place)
        .join(Place, Place.id == HotlineProviderArea.place_id)
        .where(HotlineProviderArea.provider_id.in_(ids))
        .order_by(Place.id)
    )
    service_rows = services.all()
    area_rows = areas.all()
    report = {row.provider.id: row for row in await provider_report(page.session, month, page.services.settings.tz)}
    cards = [
        ProviderCard(
            provider,
            provider.name(language),
            hours_text(catalog, language, provider.open_hour, provider.close_hour),
            [(s.name(language), price_text(catalog, language, s)) for pid, s in service_rows if pid == provider.id],
            [place.name(language) for pid, place in area_rows if pid == provider.id],
            report.get(provider.id),
        )
        for provider in providers
    ]
    return render(
        page,
        "hotline/providers.html",
        cards=cards,
        month=month,
        previous=shift_month(month, -1),
        following=shift_month(month, 1),
        percent=_percent,
    )


def routes(r: Routes) -> None:
    r.get(BASE, list_requests)
    r.get(BASE + ".xlsx", export_requests)
    r.get(f"{BASE}/providers", list_providers)
    r.get(BASE + r"/{id:\d{1,9}}", show_request)
    r.get(BASE + r"/{id:\d{1,9}}/photo", request_photo)
    r.post(BASE + r"/{id:\d{1,9}}/accept", accept)
    r.post(BASE + r"/{id:\d{1,9}}/decline", decline)
    r.post(BASE + r"/{id:\d{1,9}}/done", finish)
    r.post(BASE + r"/{id:\d{1,9}}/reassign", reassign)


SECTION = Section("requests", "console-nav-requests", BASE, 20, visible, routes)
