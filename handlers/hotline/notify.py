"""Who hears what, and the clock: offers to provider staff, news to residents, alerts to operators, and the
timers behind them (an offer's response window, the yellow/red deadline warnings, the auto-close)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import models.timers as timers
from config.i18n import format_datetime
from handlers.core.jobs import Job
from handlers.core.messages import Button, Reply
from handlers.core.scope import Scope, Services, Speaker
from handlers.hotline.buttons import HotlineAccept, HotlineCase, HotlineDecline, HotlineDesk, HotlineMine
from handlers.hotline.text import case_card, preferred_text
from models.hotline.cases import (
    HotlineOffer,
    HotlineRequest,
    RequestStatus,
    Warning,
    auto_close,
    dispatch,
    due_warnings,
    expire_offer,
    next_warning_at,
)
from models.hotline.catalogue import HotlineProvider, HotlineService, staff_ids_of
from models.people import Person, Role, RoleGrant
from models.places import Place

OFFER_TIMER = "hotline.offer"
WARN_TIMER = "hotline.warn"
CLOSE_TIMER = "hotline.autoclose"


async def _people(session: AsyncSession, ids: Sequence[int]) -> list[Person]:
    found = [await session.get(Person, person_id) for person_id in ids]
    return [person for person in found if person is not None and person.forgotten_at is None]


async def operators_for(session: AsyncSession, community_id: int) -> list[Person]:
    """Hotline operators whose place covers this community (a district's operators cover all of it)."""
    community = await session.get(Place, community_id)
    assert community is not None
    ids = await session.scalars(
        select(RoleGrant.person_id)
        .where(RoleGrant.role == Role.hotline_operator, RoleGrant.place_id.in_(community.ancestor_ids))
        .distinct()
    )
    return await _people(session, sorted(ids.all()))


async def service_of(session: AsyncSession, request: HotlineRequest) -> HotlineService:
    service = await session.get(HotlineService, request.service_id)
    assert service is not None
    return service


# --- the watch on a case's deadlines --------------------------------------------------------------


async def watch(session: AsyncSession, request: HotlineRequest) -> None:
    """(Re)schedule the case's next yellow/red warning, or drop it when nothing is ahead."""
    moment = next_warning_at(request)
    if moment is None:
        await timers.cancel(session, WARN_TIMER, request.id)
    else:
        await timers.schedule(session, WARN_TIMER, request.id, moment)


# --- dispatching and telling ----------------------------------------------------------------------


async def dispatch_and_tell(teller: Scope, request: HotlineRequest) -> HotlineOffer | None:
    """Offer the case to the next provider and tell its staff, or queue it and tell the operators."""
    settings = teller.services.settings
    offer = await dispatch(teller.session, request, teller.now, settings.tz)
    if offer is None:
        await tell_operators_queued(teller, request)
    else:
        await tell_offer(teller, request, offer)
    await watch(teller.session, request)
    return offer


async def tell_offer(teller: Scope, request: HotlineRequest, offer: HotlineOffer) -> None:
    services, session = teller.services, teller.session
    await timers.schedule(session, OFFER_TIMER, offer.id, offer.expires_at)
    service = await service_of(session, request)
    tz = services.settings.tz

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        t = services.catalog.t
        text = t(
            language,
            "hotline-offer",
            {
                "card": case_card(services.catalog, language, tz, request, service, contact=False),
                "until": services.catalog.t(
                    language, "hotline-offer-until", {"time": _when(services, language, offer.expires_at)}
                ),
            },
        )
        rows = [
            [speak.button("hotline-accept-1h", HotlineAccept(offer.id, "1h"))],
            [
                speak.button("hotline-accept-today", HotlineAccept(offer.id, "today")),
                speak.button("hotline-accept-asked", HotlineAccept(offer.id, "asked")),
            ],
            [speak.button("hotline-decline", HotlineDecline(offer.id))],
        ]
        return Reply(text, tuple(tuple(row) for row in rows))

    for person in await _people(session, await staff_ids_of(session, offer.provider_id)):
        await teller.notify(person, "hotline-offer", render)


def _when(services: Services, language: str, moment: datetime) -> str:
    return format_datetime(moment, language, services.settings.tz)


async def tell_operators_queued(teller: Scope, request: HotlineRequest) -> None:
    services = teller.services
    service = await service_of(teller.session, request)

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        text = services.catalog.t(
            language, "hotline-op-queued", {"ticket": request.ticket, "service": service.name(language)}
        )
        return Reply(text, ((speak.button("hotline-op-open", HotlineDesk(request.id, "view")),),))

    for person in await operators_for(teller.session, request.community_id):
        await teller.notify(person, "hotline-queued", render)


async def tell_resident(teller: Scope, request: HotlineRequest, message_id: str, **extra: str) -> None:
    """A change the resident should hear about, with their request's card one press away."""
    services = teller.services
    resident = await teller.session.get(Person, request.requester_id)
    if resident is None or resident.forgotten_at is not None:
        return
    service = await service_of(teller.session, request)
    provider = await teller.session.get(HotlineProvider, request.provider_id) if request.provider_id else None

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        args = {
            "ticket": request.ticket,
            "service": service.name(language),
            "provider": provider.name(language) if provider else "",
            **extra,
        }
        if message_id == "hotline-resident-accepted":
            eta = (
                _when(services, language, request.eta_at)
                if request.eta_at
                else preferred_text(services.catalog, language, services.settings.tz, request)
            )
            text = services.catalog.t(
                language,
                "hotline-resident-accepted",
                {"ticket": args["ticket"], "service": args["service"], "provider": args["provider"], "eta": eta},
            )
        elif message_id == "hotline-resident-done":
            text = services.catalog.t(
                language,
                "hotline-resident-done",
                {
                    "ticket": args["ticket"],
                    "service": args["service"],
                    "provider": args["provider"],
                    "note": request.done_note or "",
                    "days": services.settings.hotline_confirm_days,
                },
            )
        elif message_id == "hotline-resident-queued":
            text = services.catalog.t(
                language, "hotline-resident-queued", {"ticket": args["ticket"], "service": args["service"]}
            )
        else:
            text = services.catalog.t(
                language, "hotline-resident-closed", {"ticket": args["ticket"], "service": args["service"]}
            )
        rows: list[list[Button]] = []
        if request.status is RequestStatus.done:
            rows.append(
                [
                    speak.button("hotline-confirm", HotlineMine(request.id, "confirm")),
                    speak.button("hotline-notdone", HotlineMine(request.id, "notdone")),
                ]
            )
            if request.done_media_id is not None:
                rows.append([speak.button("hotline-see-photo", HotlineMine(request.id, "photo"))])
        else:
            rows.append([speak.button("hotline-open-request", HotlineMine(request.id, "view"))])
        rows.append([speak.menu_button()])
        return Reply(text, tuple(tuple(row) for row in rows))

    await teller.notify(resident, message_id, render)


async def tell_provider(teller: Scope, request: HotlineRequest, provider_id: int, what: str) -> None:
    """News for a provider's staff about a case they held: "cancelled" by the resident, "reopened" (not done),
    "withdrawn" (an operator gave it to someone else)."""
    services = teller.services
    service = await service_of(teller.session, request)

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        args = {"ticket": request.ticket, "service": service.name(language)}
        t = services.catalog.t
        if what == "cancelled":
            text = t(language, "hotline-provider-cancelled", {"ticket": args["ticket"], "service": args["service"]})
        elif what == "reopened":
            text = t(language, "hotline-provider-reopened", {"ticket": args["ticket"], "service": args["service"]})
        else:
            text = t(language, "hotline-provider-withdrawn", {"ticket": args["ticket"], "service": args["service"]})
        rows: tuple[tuple[Button, ...], ...] = ()
        if request.status is RequestStatus.accepted and request.provider_id == provider_id:
            rows = ((speak.button("hotline-case-open", HotlineCase(request.id, "view")),),)
        return Reply(text, rows)

    for person in await _people(teller.session, await staff_ids_of(teller.session, provider_id)):
        await teller.notify(person, f"hotline-{what}", render)


async def tell_operators(teller: Scope, request: HotlineRequest, warning: Warning | None, message_id: str) -> None:
    """Deadline warnings (yellow/red) and reopened cases, to the operators over the case's community."""
    services = teller.services
    service = await service_of(teller.session, request)
    provider = await teller.session.get(HotlineProvider, request.provider_id) if request.provider_id else None

    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        t = services.catalog.t
        if warning is not None:
            text = t(
                language,
                "hotline-op-warning",
                {
                    "level": warning.level,
                    "deadline": warning.deadline,
                    "ticket": request.ticket,
                    "service": service.name(language),
                    "provider": provider.name(language) if provider else t(language, "hotline-provider-none"),
                    "due": _when(
                        services,
                        language,
                        request.response_due_at if warning.deadline == "response" else request.completion_due_at,
                    ),
                },
            )
        else:
            text = t(
                language,
                "hotline-op-reopened",
                {
                    "ticket": request.ticket,
                    "service": service.name(language),
                    "provider": provider.name(language) if provider else "",
                },
            )
        return Reply(text, ((speak.button("hotline-op-open", HotlineDesk(request.id, "view")),),))

    for person in await operators_for(teller.session, request.community_id):
        await teller.notify(person, message_id, render)


# --- timers ---------------------------------------------------------------------------------------


async def fire_offer(job: Job) -> None:
    """The response window passed: the next provider, or the queue."""
    request = await expire_offer(job.session, int(job.ref), job.now)
    if request is None:
        return
    offer = await dispatch_and_tell(job, request)
    if offer is None:
        await tell_resident(job, request, "hotline-resident-queued")


async def fire_warning(job: Job) -> None:
    request = await job.session.get(HotlineRequest, int(job.ref))
    if request is None:
        return
    for warning in due_warnings(request, job.now):
        await tell_operators(job, request, warning, "hotline-op-warning")
    await watch(job.session, request)


async def fire_autoclose(job: Job) -> None:
    request = await auto_close(job.session, int(job.ref), job.now)
    if request is not None:
        await tell_resident(job, request, "hotline-resident-closed")


TIMERS = {OFFER_TIMER: fire_offer, WARN_TIMER: fire_warning, CLOSE_TIMER: fire_autoclose}
