"""12343 hotline, the staff's side.

Provider staff (people linked to a provider): offers arrive in the chat with accept (and when they will be
there) or decline; /cases lists offers and cases in hand; a case is marked done with a note and, if they
like, a photo. They see the resident's phone and address only once they accepted, and only until some days
after the case closed.

Operators (role ``hotline_operator``): /hotline opens the desk — the queue of unassigned cases, the overdue
list, filing a request for a caller who phoned in (found by phone number, or a new resident record), sending
a case to another provider, the month's evaluation, and the catalogue (open/close a service, its price and
hours, which providers serve it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

import models.timers as timers
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document
from handlers.core.scope import Scope
from handlers.hotline.buttons import (
    HotlineAccept,
    HotlineCase,
    HotlineDecline,
    HotlineDesk,
    HotlineServiceAdmin,
)
from handlers.hotline.notify import (
    CLOSE_TIMER,
    OFFER_TIMER,
    dispatch_and_tell,
    tell_offer,
    tell_provider,
    tell_resident,
    watch,
)
from handlers.hotline.resident import phone_or_ask_again, start_for_caller
from handlers.hotline.text import case_card, hours_text, price_text, status_text
from models.errors import DomainError
from models.hotline.cases import (
    CANCELLABLE,
    HotlineOffer,
    HotlineRequest,
    RequestStatus,
    accept_offer,
    case_for_provider_staff,
    contact_visible_until,
    decline_offer,
    is_overdue,
    mark_done,
    overdue_cases,
    provider_cases,
    queued_cases,
    reassign,
)
from models.hotline.catalogue import (
    HotlineCategory,
    HotlineProvider,
    HotlineService,
    all_providers,
    categories,
    link_provider,
    parse_hours,
    parse_price,
    providers_of_person,
    providers_of_service,
    services_in,
    set_service_open,
)
from models.hotline.report import provider_report
from models.media import load_media, save_media
from models.people import Person, Role, RoleGrant
from models.places import Place, PlaceKind, places_of_kind
from models.privacy import Shown, record_personal_view

DONE_FLOW = "hotline-done"
CALL_FLOW = "hotline-call"
REASSIGN_FLOW = "hotline-reassign"
ADMIN_FLOW = "hotline-admin"
NO_PHOTO = "none"
MAX_NOTE = 300


# --- provider staff -------------------------------------------------------------------------------


async def _my_provider_ids(ctx: Ctx) -> list[int]:
    return [p.id for p in await providers_of_person(ctx.session, ctx.person.id)]


async def run_cases(ctx: Ctx) -> None:
    provider_ids = await _my_provider_ids(ctx)
    if not provider_ids:
        ctx.say("hotline-not-provider", [menu_button(ctx)])
        return
    rows: list[list[Button]] = []
    for request, offer in await provider_cases(ctx.session, provider_ids):
        service = await ctx.session.get(HotlineService, request.service_id)
        assert service is not None
        status = status_text(ctx.services.catalog, ctx.language, request.status)
        label = ctx.t(
            "hotline-case-line", ticket=request.ticket[-4:], service=service.name(ctx.language), status=status
        )
        if offer is not None:
            rows.append([ctx.button("hotline-plain", HotlineCase(request.id, f"o{offer.id}"), text=label)])
        else:
            rows.append([ctx.button("hotline-plain", HotlineCase(request.id, "view"), text=label)])
    if not rows:
        ctx.say("hotline-cases-none", [menu_button(ctx)])
        return
    ctx.say("hotline-cases", [*rows, menu_button(ctx)], count=len(rows))


def _eta(scope: Scope, code: str, request: HotlineRequest) -> datetime | None:
    tz, now = scope.services.settings.tz, scope.now
    if code == "1h":
        return now + timedelta(hours=1)
    if code == "today":
        evening = now.astimezone(tz).replace(hour=21, minute=0, second=0, microsecond=0)
        return evening if evening > now + timedelta(hours=1) else now + timedelta(hours=3)
    if code == "asked":
        return request.preferred_start if request.preferred_start and request.preferred_start > now else None
    raise InvalidButton(f"eta {code}")


async def on_accept(ctx: Ctx, item: HotlineAccept) -> None:
    request = await accept(ctx, offer_id=item.offer, by_id=ctx.person.id, eta=item.eta)
    ctx.say("hotline-accepted", edit=True, ticket=request.ticket)
    await show_case(ctx, request.id)


async def on_decline(ctx: Ctx, item: HotlineDecline) -> None:
    request = await decline(ctx, offer_id=item.offer, by_id=ctx.person.id)
    ctx.say("hotline-declined", [menu_button(ctx)], edit=True, ticket=request.ticket)


async def show_case(ctx: Ctx, request_id: int) -> None:
    request = await case_for_provider_staff(ctx.session, request_id, ctx.person.id)
    service = await ctx.session.get(HotlineService, request.service_id)
    assert service is not None
    until = contact_visible_until(request, ctx.services.settings.hotline_contact_days)
    contact = until is not None and ctx.now <= until
    resident = await ctx.session.get(Person, request.requester_id)
    if contact:
        await _audit_contact(ctx, request, "hotline.provider")
    text = case_card(
        ctx.services.catalog,
        ctx.language,
        ctx.services.settings.tz,
        request,
        service,
        contact=contact,
        resident=resident.display_name if resident else "",
    )
    rows: list[list[Button]] = []
    if request.status is RequestStatus.accepted:
        rows.append([ctx.button("hotline-mark-done", HotlineCase(request.id, "done"))])
    if request.done_media_id is not None:
        rows.append([ctx.button("hotline-see-photo", HotlineCase(request.id, "photo"))])
    rows.append([ctx.button("hotline-cases-back", MenuAction("tickets"))])
    rows.append(menu_button(ctx))
    ctx.reply(text, rows)


async def _show_offer(ctx: Ctx, request_id: int, offer_id: int) -> None:
    offer = await ctx.session.get(HotlineOffer, offer_id)
    if offer is None or offer.request_id != request_id or offer.provider_id not in await _my_provider_ids(ctx):
        raise DomainError("hotline-not-your-case")
    request = await ctx.session.get(HotlineRequest, request_id)
    assert request is not None
    if request.current_offer_id != offer.id:
        raise DomainError("hotline-offer-gone")
    service = await ctx.session.get(HotlineService, request.service_id)
    assert service is not None
    card = case_card(ctx.services.catalog, ctx.language, ctx.services.settings.tz, request, service, contact=False)
    ctx.say(
        "hotline-offer",
        [
            [ctx.button("hotline-accept-1h", HotlineAccept(offer.id, "1h"))],
            [
                ctx.button("hotline-accept-today", HotlineAccept(offer.id, "today")),
                ctx.button("hotline-accept-asked", HotlineAccept(offer.id, "asked")),
            ],
            [ctx.button("hotline-decline", HotlineDecline(offer.id))],
        ],
        card=card,
        until=ctx.t("hotline-offer-until", time=ctx.when(offer.expires_at)),
    )


async def on_case(ctx: Ctx, item: HotlineCase) -> None:
    if item.action.startswith("o") and item.action[1:].isdigit():
        await _show_offer(ctx, item.case, int(item.action[1:]))
    elif item.action == "view":
        await show_case(ctx, item.case)
    elif item.action == "done":
        request = await case_for_provider_staff(ctx.session, item.case, ctx.person.id)
        if request.status is not RequestStatus.accepted:
            raise DomainError("hotline-case-not-in-service", ticket=request.ticket)
        ctx.enter(DONE_FLOW, "note", case=request.id)
        await ask_done_note(ctx)
    elif item.action == "photo":
        request = await case_for_provider_staff(ctx.session, item.case, ctx.person.id)
        media = await load_media(ctx.session, request.done_media_id) if request.done_media_id else None
        if media is None:
            raise DomainError("hotline-no-photo")
        ctx.reply(
            ctx.t("hotline-photo-caption", ticket=request.ticket),
            [menu_button(ctx)],
            photo=Document(media.filename, media.content, media.mime_type),
        )
    else:
        raise InvalidButton(f"hotline case action {item.action}")


async def ask_done_note(ctx: Ctx) -> None:
    ctx.say("hotline-done-note", [menu_button(ctx)], max=MAX_NOTE)


async def on_done_note(ctx: Ctx, text: str) -> None:
    await ctx.advance("photo", ask_done_photo, note=text)


async def ask_done_photo(ctx: Ctx) -> None:
    ctx.say("hotline-done-photo", [[ctx.pick(ctx.t("hotline-no-photo-button"), NO_PHOTO)]])


async def on_done_photo(ctx: Ctx) -> None:
    photo = ctx.incoming.photo
    if photo is None:  # a shared location is no evidence of the work
        ctx.say("hotline-done-photo-only")
        await ask_done_photo(ctx)
        return
    media = await save_media(ctx.session, photo.content, photo.mime_type, ctx.person.id)
    await _finish_done(ctx, media.id)


async def on_done_skip(ctx: Ctx, value: str) -> None:
    await _finish_done(ctx, None)


async def _finish_done(ctx: Ctx, media_id: int | None) -> None:
    case, note = ctx.data["case"], ctx.data["note"]
    ctx.leave()
    request = await finish(ctx, request_id=case, by_id=ctx.person.id, note=note, media_id=media_id)
    ctx.say("hotline-done-saved", [menu_button(ctx)], ticket=request.ticket)


# --- staff actions: chat steps and console pages both call these; the people concerned are told here --------


async def accept(scope: Scope, *, offer_id: int, by_id: int, eta: str) -> HotlineRequest:
    """A provider takes the case, saying when they will come (``eta``: "1h", "today" or "asked", the
    resident's own time): the resident is told."""
    offer = await scope.session.get(HotlineOffer, offer_id)
    if offer is None:
        raise DomainError("hotline-case-gone")
    pending = await scope.session.get(HotlineRequest, offer.request_id)
    assert pending is not None
    request = await accept_offer(scope.session, offer_id, by_id, scope.now, _eta(scope, eta, pending))
    await timers.cancel(scope.session, OFFER_TIMER, offer_id)
    await watch(scope.session, request)
    await tell_resident(scope, request, "hotline-resident-accepted")
    return request


async def decline(scope: Scope, *, offer_id: int, by_id: int) -> HotlineRequest:
    """A provider turns the case down: it goes to the next provider, or back to the queue (the resident
    is then told it waits for an operator)."""
    request, _offer = await decline_offer(scope.session, offer_id, by_id, scope.now)
    await timers.cancel(scope.session, OFFER_TIMER, offer_id)
    if await dispatch_and_tell(scope, request) is None:
        await tell_resident(scope, request, "hotline-resident-queued")
    return request


async def finish(
    scope: Scope, *, request_id: int, by_id: int, note: str, media_id: int | None = None
) -> HotlineRequest:
    """The provider's staff did the work: the resident is asked to confirm, and the case closes by itself
    after the confirmation days unless they say it is not done."""
    request = await mark_done(scope.session, request_id, by_id, scope.now, note, media_id)
    await watch(scope.session, request)
    days = scope.services.settings.hotline_confirm_days
    await timers.schedule(scope.session, CLOSE_TIMER, request.id, scope.now + timedelta(days=days))
    await tell_resident(scope, request, "hotline-resident-done")
    return request


async def reassign_to(scope: Scope, *, request: HotlineRequest, provider: HotlineProvider, by_id: int) -> None:
    """An operator gives the case to another provider: the one it is taken from is told, the new one gets
    the offer (with its answer deadline)."""
    previous_offer, previous_provider = request.current_offer_id, request.provider_id
    offer = await reassign(scope.session, request, provider, by_id, scope.now, scope.services.settings.tz)
    if previous_offer is not None:
        await timers.cancel(scope.session, OFFER_TIMER, previous_offer)
    if previous_provider is not None and previous_provider != provider.id:
        await tell_provider(scope, request, previous_provider, "withdrawn")
    await tell_offer(scope, request, offer)
    await watch(scope.session, request)


# --- operators ------------------------------------------------------------------------------------


async def operator_places(ctx: Ctx) -> list[Place]:
    rows = await ctx.session.execute(
        select(Place)
        .join(RoleGrant, RoleGrant.place_id == Place.id)
        .where(RoleGrant.person_id == ctx.person.id, RoleGrant.role == Role.hotline_operator)
    )
    return list(rows.scalars().all())


async def is_operator(ctx: Ctx) -> bool:
    return bool(await operator_places(ctx))


async def is_provider(ctx: Ctx) -> bool:
    return bool(await _my_provider_ids(ctx))


async def _require_operator(ctx: Ctx) -> list[Place]:
    places = await operator_places(ctx)
    if not places:
        raise DomainError("hotline-operators-only")
    return places


def _covers(places: list[Place], request: HotlineRequest, community: Place | None) -> bool:
    return community is not None and any(place.contains(community) for place in places)


async def _operator_case(ctx: Ctx, request_id: int) -> HotlineRequest:
    places = await _require_operator(ctx)
    request = await ctx.session.get(HotlineRequest, request_id)
    if request is None:
        raise DomainError("hotline-case-gone")
    if not _covers(places, request, await ctx.session.get(Place, request.community_id)):
        raise DomainError("hotline-not-your-area")
    return request


async def run_desk(ctx: Ctx) -> None:
    await _require_operator(ctx)
    queued = len(await queued_cases(ctx.session))
    overdue = len(await overdue_cases(ctx.session, ctx.now))
    ctx.say(
        "hotline-desk",
        [
            [ctx.button("hotline-desk-queue", HotlineDesk(0, "queue"), count=queued)],
            [ctx.button("hotline-desk-overdue", HotlineDesk(0, "overdue"), count=overdue)],
            [ctx.button("hotline-desk-call", HotlineDesk(0, "call"))],
            [
                ctx.button("hotline-desk-report", HotlineDesk(0, "report")),
                ctx.button("hotline-desk-catalogue", HotlineDesk(0, "catalogue")),
            ],
            menu_button(ctx),
        ],
    )


async def _case_list(ctx: Ctx, requests: list[HotlineRequest], empty_id: str) -> None:
    places = await _require_operator(ctx)
    rows = []
    for request in requests:
        if not _covers(places, request, await ctx.session.get(Place, request.community_id)):
            continue
        service = await ctx.session.get(HotlineService, request.service_id)
        assert service is not None
        mark = (
            "🔴"
            if is_overdue(request, ctx.now)
            else "🟡"
            if max(request.response_warning, request.completion_warning)
            else "⚪"
        )
        label = ctx.t(
            "hotline-desk-line",
            mark=mark,
            ticket=request.ticket[-13:],
            service=service.name(ctx.language),
            status=status_text(ctx.services.catalog, ctx.language, request.status),
        )
        rows.append([ctx.button("hotline-plain", HotlineDesk(request.id, "view"), text=label)])
    if not rows:
        ctx.say("hotline-desk-empty", [[ctx.button("hotline-desk-back", MenuAction("hotline"))]])
        return
    if empty_id == "queue":
        ctx.say("hotline-desk-queue-title", [*rows, [ctx.button("hotline-desk-back", MenuAction("hotline"))]])
    else:
        ctx.say("hotline-desk-overdue-title", [*rows, [ctx.button("hotline-desk-back", MenuAction("hotline"))]])


async def _audit_contact(ctx: Ctx, request: HotlineRequest, reason: str) -> None:
    """The card shows the address and the phone: who saw them, and for what (models/privacy.py)."""
    shown = [Shown.address, Shown.phone] if request.for_phone or request.contact_phone else [Shown.address]
    await record_personal_view(
        ctx.session,
        ctx.person.id,
        ctx.now,
        object_type="hotline_request",
        object_id=request.id,
        place_id=request.community_id,
        shown=shown,
        reason=reason,
        via=ctx.account.channel,
    )


async def show_desk_case(ctx: Ctx, request_id: int) -> None:
    request = await _operator_case(ctx, request_id)
    await _audit_contact(ctx, request, "hotline.desk")
    service = await ctx.session.get(HotlineService, request.service_id)
    assert service is not None
    provider = await ctx.session.get(HotlineProvider, request.provider_id) if request.provider_id else None
    resident = await ctx.session.get(Person, request.requester_id)
    card = case_card(
        ctx.services.catalog,
        ctx.language,
        ctx.services.settings.tz,
        request,
        service,
        contact=True,
        resident=resident.display_name if resident else "",
    )
    detail = ctx.t(
        "hotline-desk-case",
        provider=provider.name(ctx.language) if provider else ctx.t("hotline-provider-none"),
        respond=ctx.when(request.response_due_at),
        complete=ctx.when(request.completion_due_at),
        overdue="yes" if is_overdue(request, ctx.now) else "no",
        reopens=request.reopen_count,
    )
    rows: list[list[Button]] = []
    if request.status in CANCELLABLE:
        rows.append([ctx.button("hotline-desk-reassign", HotlineDesk(request.id, "reassign"))])
    rows.append([ctx.button("hotline-desk-back", MenuAction("hotline"))])
    ctx.reply(f"{card}\n{detail}", rows)


async def on_desk(ctx: Ctx, item: HotlineDesk) -> None:
    await _require_operator(ctx)
    if item.action == "queue":
        await _case_list(ctx, list(await queued_cases(ctx.session)), "queue")
    elif item.action == "overdue":
        await _case_list(ctx, list(await overdue_cases(ctx.session, ctx.now)), "overdue")
    elif item.action == "call":
        ctx.enter(CALL_FLOW, "phone")
        await ask_caller_phone(ctx)
    elif item.action == "report":
        await show_report(ctx)
    elif item.action == "catalogue":
        ctx.enter(ADMIN_FLOW, "category")
        await ask_admin_category(ctx)
    elif item.action == "view":
        await show_desk_case(ctx, item.case)
    elif item.action == "reassign":
        request = await _operator_case(ctx, item.case)
        if request.status not in CANCELLABLE:
            raise DomainError("hotline-case-not-open", ticket=request.ticket)
        ctx.enter(REASSIGN_FLOW, "provider", case=request.id)
        await ask_reassign(ctx)
    else:
        raise InvalidButton(f"hotline desk action {item.action}")


async def ask_reassign(ctx: Ctx) -> None:
    request = await _operator_case(ctx, ctx.data["case"])
    providers = await providers_of_service(ctx.session, request.service_id)
    buttons = [[ctx.pick(p.name(ctx.language), p.id)] for p in providers if p.is_active]
    ctx.say("hotline-reassign-ask", [*buttons, [ctx.pick(ctx.t("button-cancel"), "no")]], ticket=request.ticket)


async def on_reassign(ctx: Ctx, value: str) -> None:
    case = ctx.data["case"]
    ctx.leave()
    if not value.isdigit():
        await show_desk_case(ctx, case)
        return
    request = await _operator_case(ctx, case)
    provider = await ctx.session.get(HotlineProvider, int(value))
    if provider is None:
        raise InvalidButton("no such provider")
    await reassign_to(ctx, request=request, provider=provider, by_id=ctx.person.id)
    ctx.say(
        "hotline-reassigned",
        [[ctx.button("hotline-desk-back", MenuAction("hotline"))]],
        ticket=request.ticket,
        provider=provider.name(ctx.language),
    )


# --- a caller who phoned in -----------------------------------------------------------------------


async def ask_caller_phone(ctx: Ctx) -> None:
    ctx.say("hotline-call-phone", [menu_button(ctx)])


async def on_caller_phone(ctx: Ctx, text: str) -> None:
    phone = await phone_or_ask_again(ctx, text, ask_caller_phone)
    if phone is None:
        return
    caller = await ctx.session.scalar(
        select(Person).where(Person.phone == phone, Person.forgotten_at.is_(None)).order_by(Person.id).limit(1)
    )
    if caller is not None and caller.community_id is not None:
        community = await ctx.session.get(Place, caller.community_id)
        ctx.say(
            "hotline-call-known",
            name=caller.display_name or "",
            community=community.name(ctx.language) if community else "",
        )
        await start_for_caller(ctx, caller)
        return
    await ctx.advance("name", ask_caller_name, phone=phone)


async def ask_caller_name(ctx: Ctx) -> None:
    ctx.say("hotline-call-name", [menu_button(ctx)])


async def on_caller_name(ctx: Ctx, text: str) -> None:
    await ctx.advance("community", ask_caller_community, name=" ".join(text.split()))


async def ask_caller_community(ctx: Ctx) -> None:
    places = await _require_operator(ctx)
    communities = [
        c for c in await places_of_kind(ctx.session, PlaceKind.community) if any(p.contains(c) for p in places)
    ]
    ctx.say("hotline-call-community", [[ctx.pick(c.name(ctx.language), c.id)] for c in communities])


async def on_caller_community(ctx: Ctx, value: str) -> None:
    places = await _require_operator(ctx)
    community = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if community is None or community.kind is not PlaceKind.community or not any(p.contains(community) for p in places):
        await ask_caller_community(ctx)
        return
    # A resident record without a chat account: found by phone next time, and may join the chat later.
    caller = Person(
        display_name=ctx.data["name"][:100], phone=ctx.data["phone"], community_id=community.id, language="zh"
    )
    ctx.session.add(caller)
    await ctx.session.flush()
    ctx.say("hotline-call-new", name=caller.display_name)
    await start_for_caller(ctx, caller)


# --- evaluation -----------------------------------------------------------------------------------


async def show_report(ctx: Ctx) -> None:
    month = ctx.now.astimezone(ctx.services.settings.tz).strftime("%Y-%m")
    lines = []
    for row in await provider_report(ctx.session, month, ctx.services.settings.tz):
        if not (row.offers or row.done or row.ratings or row.reopens):
            continue
        lines.append(
            ctx.t(
                "hotline-report-line",
                provider=row.provider.name(ctx.language),
                cases=row.accepted,
                offers=row.offers,
                acceptance=round((row.acceptance_rate or 0) * 100),
                ontime=round((row.on_time_rate or 0) * 100) if row.done else "",
                rating=f"{row.average_rating:.1f}" if row.average_rating is not None else "",
                reopens=row.reopens,
            )
        )
    ctx.say(
        "hotline-report",
        [[ctx.button("hotline-desk-back", MenuAction("hotline"))]],
        month=month,
        lines="\n".join(lines) or ctx.t("hotline-report-empty"),
    )


# --- the catalogue --------------------------------------------------------------------------------


async def ask_admin_category(ctx: Ctx) -> None:
    buttons = [ctx.pick(c.name(ctx.language), c.id) for c in await categories(ctx.session)]
    ctx.say("hotline-admin-category", [[b] for b in buttons] + [menu_button(ctx)])


async def on_admin_category(ctx: Ctx, value: str) -> None:
    await _require_operator(ctx)
    category = await ctx.session.get(HotlineCategory, int(value)) if value.isdigit() else None
    if category is None:
        await ask_admin_category(ctx)
        return
    ctx.leave()
    rows = []
    for service in await services_in(ctx.session, category.id, open_only=False):
        label = ("✅ " if service.is_open else "⛔ ") + service.name(ctx.language)
        rows.append([ctx.button("hotline-plain", HotlineServiceAdmin(service.id, "view"), text=label)])
    ctx.say(
        "hotline-admin-services",
        [*rows, [ctx.button("hotline-desk-back", MenuAction("hotline"))]],
        category=category.name(ctx.language),
    )


async def show_admin_service(ctx: Ctx, service: HotlineService) -> None:
    providers = await providers_of_service(ctx.session, service.id)
    catalog, language = ctx.services.catalog, ctx.language
    ctx.say(
        "hotline-admin-service",
        [
            [
                ctx.button(
                    "hotline-admin-close" if service.is_open else "hotline-admin-open",
                    HotlineServiceAdmin(service.id, "toggle"),
                )
            ],
            [
                ctx.button("hotline-admin-price", HotlineServiceAdmin(service.id, "price")),
                ctx.button("hotline-admin-hours", HotlineServiceAdmin(service.id, "hours")),
            ],
            [ctx.button("hotline-admin-add-provider", HotlineServiceAdmin(service.id, "provider"))],
            [ctx.button("hotline-desk-back", MenuAction("hotline"))],
        ],
        service=service.name(language),
        open="yes" if service.is_open else "no",
        price=price_text(catalog, language, service),
        hours=hours_text(catalog, language, service.open_hour, service.close_hour),
        providers=ctx.t("list-separator").join(p.name(language) for p in providers),
    )


async def on_service_admin(ctx: Ctx, item: HotlineServiceAdmin) -> None:
    await _require_operator(ctx)
    service = await ctx.session.get(HotlineService, item.service)
    if service is None:
        raise InvalidButton("no such service")
    if item.action == "view":
        await show_admin_service(ctx, service)
    elif item.action == "toggle":
        await set_service_open(ctx.session, service, not service.is_open)
        ctx.say("hotline-admin-saved")
        await show_admin_service(ctx, service)
    elif item.action in ("price", "hours", "provider"):
        ctx.enter(ADMIN_FLOW, item.action, service=service.id)
        step = {"price": ask_admin_price, "hours": ask_admin_hours, "provider": ask_admin_provider}[item.action]
        await step(ctx)
    else:
        raise InvalidButton(f"hotline service action {item.action}")


async def _admin_service(ctx: Ctx) -> HotlineService:
    await _require_operator(ctx)
    service = await ctx.session.get(HotlineService, ctx.data["service"])
    assert service is not None
    return service


async def ask_admin_price(ctx: Ctx) -> None:
    service = await _admin_service(ctx)
    ctx.say(
        "hotline-admin-price-ask", [menu_button(ctx)], price=price_text(ctx.services.catalog, ctx.language, service)
    )


async def on_admin_price(ctx: Ctx, text: str) -> None:
    service = await _admin_service(ctx)
    try:
        kind, fen = parse_price(text)
    except DomainError:
        ctx.say("hotline-admin-price-invalid")
        await ask_admin_price(ctx)
        return
    service.price_type, service.price_fen = kind, fen
    ctx.leave()
    ctx.say("hotline-admin-saved")
    await show_admin_service(ctx, service)


async def ask_admin_hours(ctx: Ctx) -> None:
    service = await _admin_service(ctx)
    ctx.say(
        "hotline-admin-hours-ask",
        [menu_button(ctx)],
        hours=hours_text(ctx.services.catalog, ctx.language, service.open_hour, service.close_hour),
    )


async def on_admin_hours(ctx: Ctx, text: str) -> None:
    service = await _admin_service(ctx)
    try:
        service.open_hour, service.close_hour = parse_hours(text)
    except DomainError:
        ctx.say("hotline-admin-hours-invalid")
        await ask_admin_hours(ctx)
        return
    ctx.leave()
    ctx.say("hotline-admin-saved")
    await show_admin_service(ctx, service)


async def ask_admin_provider(ctx: Ctx) -> None:
    service = await _admin_service(ctx)
    serving = {p.id for p in await providers_of_service(ctx.session, service.id)}
    others = [p for p in await all_providers(ctx.session) if p.id not in serving]
    if not others:
        ctx.leave()
        ctx.say("hotline-admin-no-more-providers")
        await show_admin_service(ctx, service)
        return
    buttons = [[ctx.pick(p.name(ctx.language), p.id)] for p in others]
    ctx.say(
        "hotline-admin-provider-ask",
        [*buttons, [ctx.pick(ctx.t("button-cancel"), "no")]],
        service=service.name(ctx.language),
    )


async def on_admin_provider(ctx: Ctx, value: str) -> None:
    service = await _admin_service(ctx)
    ctx.leave()
    provider = await ctx.session.get(HotlineProvider, int(value)) if value.isdigit() else None
    if provider is not None:
        await link_provider(ctx.session, provider, service)
        ctx.say("hotline-admin-saved")
    await show_admin_service(ctx, service)


COMMANDS = [
    Command("tickets", run_cases),
    Command("hotline", run_desk),
]
MENU = [
    MenuEntry("menu-hotline-desk", "hotline", Audience.residents, 76, staff=True, shown=is_operator),
    MenuEntry("menu-hotline-tickets", "tickets", Audience.residents, 77, staff=True, shown=is_provider),
]
BUTTONS: dict[type[Payload], ButtonFn] = {
    HotlineAccept: on_accept,
    HotlineDecline: on_decline,
    HotlineCase: on_case,
    HotlineDesk: on_desk,
    HotlineServiceAdmin: on_service_admin,
}
FLOWS = [
    Flow(
        DONE_FLOW,
        {
            "note": Step(ask_done_note, on_text=on_done_note, max_text=MAX_NOTE),
            "photo": Step(
                ask_done_photo, on_pick=on_done_skip, on_media=on_done_photo, text_hint="hotline-done-photo-hint"
            ),
        },
    ),
    Flow(
        CALL_FLOW,
        {
            "phone": Step(ask_caller_phone, on_text=on_caller_phone, max_text=30),
            "name": Step(ask_caller_name, on_text=on_caller_name, max_text=20),
            "community": Step(ask_caller_community, on_pick=on_caller_community),
        },
    ),
    Flow(REASSIGN_FLOW, {"provider": Step(ask_reassign, on_pick=on_reassign)}),
    Flow(
        ADMIN_FLOW,
        {
            "category": Step(ask_admin_category, on_pick=on_admin_category),
            "price": Step(ask_admin_price, on_text=on_admin_price, max_text=30),
            "hours": Step(ask_admin_hours, on_text=on_admin_hours, max_text=20),
            "provider": Step(ask_admin_provider, on_pick=on_admin_provider),
        },
    ),
]
