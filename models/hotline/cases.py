"""12343 cases: 接 → 派 → 办 → 督 → 评 (receive, dispatch, handle, supervise, evaluate).

A request gets a ticket number (12343-YYYYMMDD-NNNN, counted per local day in one atomic upsert), then is
offered to one provider at a time: the one the resident chose, else the best available (serves that
community, open now, fewest open cases). An offer is accepted, declined, or expires after the service's
response window; then the next provider is tried, and when none is left the case waits in the operators'
queue. Accepting is a compare-and-set on the request row, so two staff pressing "accept" at the same moment
(on one process or several, SQLite or PostgreSQL) cannot both win. A provider marks a case done; only the
resident (confirming, or saying it was not done, which reopens it) or the clock (3 days later: completed,
unrated) closes it. Deadlines are stored on the request; the handlers schedule the timers that watch them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert
from models.errors import DomainError
from models.hotline.catalogue import (
    HotlineProvider,
    HotlineService,
    is_open_at,
    is_provider_staff,
    next_opening,
    providers_serving,
)
from models.places import Place

MAX_NOTE = 300
WARN_FRACTION = 0.75  # yellow at 75% of a deadline's window, red at 100%


class RequestStatus(enum.StrEnum):
    offered = "offered"  # waiting for a provider to accept
    queued = "queued"  # no provider left: in the operators' queue
    accepted = "accepted"  # a provider is on it
    done = "done"  # the provider says done; waiting for the resident
    closed = "closed"
    cancelled = "cancelled"


OPEN_STATUSES = (RequestStatus.offered, RequestStatus.queued, RequestStatus.accepted, RequestStatus.done)
UNASSIGNED = (RequestStatus.offered, RequestStatus.queued)
CANCELLABLE = (RequestStatus.offered, RequestStatus.queued, RequestStatus.accepted)


class OfferOutcome(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    expired = "expired"
    withdrawn = "withdrawn"  # cancelled by the resident or reassigned by an operator


class CloseReason(enum.StrEnum):
    confirmed = "confirmed"  # the resident confirmed (and rated)
    unrated = "unrated"  # no answer in the confirmation window: completed, unrated


class HotlineRequest(Base):
    __tablename__ = "hotline_requests"
    __table_args__ = (Index("ix_hotline_requests_status", "status", "provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(24), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("hotline_services.id"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # an operator taking a call
    # 代办: the relative or neighbour the service is for. Personal data, like the address and phone.
    for_name: Mapped[str | None] = mapped_column(String(40))
    for_phone: Mapped[str | None] = mapped_column(String(20))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    preferred_start: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: as soon as possible
    preferred_end: Mapped[datetime | None] = mapped_column(UTCDateTime())
    chosen_provider_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_providers.id"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_providers.id"))
    current_offer_id: Mapped[int | None]
    status: Mapped[RequestStatus] = mapped_column(Enum(RequestStatus, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    response_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completion_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    response_warning: Mapped[int] = mapped_column(default=0)  # 0 none, 1 yellow sent, 2 red sent
    completion_warning: Mapped[int] = mapped_column(default=0)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    eta_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_note: Mapped[str | None] = mapped_column(String(MAX_NOTE))
    done_media_id: Mapped[int | None]  # models.media.MediaFile id (no FK: that table is another branch's)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    close_reason: Mapped[CloseReason | None] = mapped_column(Enum(CloseReason, native_enum=False, length=16))
    rating: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(String(MAX_NOTE))
    reopen_count: Mapped[int] = mapped_column(default=0)


class HotlineOffer(Base):
    __tablename__ = "hotline_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hotline_requests.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("hotline_providers.id"), index=True)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[OfferOutcome] = mapped_column(Enum(OfferOutcome, native_enum=False, length=16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class HotlineEvent(Base):
    """The case's history: what happened, when, by whom (operators read it; the report counts reopens)."""

    __tablename__ = "hotline_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hotline_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_providers.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class HotlineTicketDay(Base):
    """The last ticket number given out on a local day."""

    __tablename__ = "hotline_ticket_days"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int]


# --- receiving ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewRequest:
    service: HotlineService
    community: Place
    requester_id: int
    address: str
    contact_phone: str | None
    answers: dict[str, str]
    preferred_start: datetime | None = None
    preferred_end: datetime | None = None
    chosen_provider_id: int | None = None
    for_name: str | None = None
    for_phone: str | None = None
    created_by_id: int | None = None


async def next_ticket(session: AsyncSession, now: datetime, tz: ZoneInfo) -> str:
    """12343-YYYYMMDD-NNNN, the local day's next number: one upsert, atomic on SQLite and PostgreSQL alike."""
    day = now.astimezone(tz).strftime("%Y%m%d")
    statement = (
        upsert_insert(session, HotlineTicketDay)
        .values(day=day, last=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last": HotlineTicketDay.last + 1})
        .returning(HotlineTicketDay.last)
    )
    number = (await session.execute(statement)).scalar_one()
    return f"12343-{day}-{number:04d}"


def check_answers(service: HotlineService, answers: dict[str, str]) -> None:
    for question in service.questions:
        if question.get("required") and not answers.get(question["key"], "").strip():
            raise DomainError("hotline-question-required", question=question["zh"])


def deadlines(
    service: HotlineService, now: datetime, preferred_end: datetime | None, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    """(respond by, complete by). The clock starts when the service opens (a 9-18 service asked at night
    counts from 9:00); completion is never due before the end of the time the resident asked for."""
    start = next_opening(service.open_hour, service.close_hour, now, tz)
    respond = start + timedelta(minutes=service.response_minutes)
    complete = start + timedelta(hours=service.completion_hours)
    if preferred_end is not None and preferred_end > complete:
        complete = preferred_end
    return respond, complete


async def create_request(session: AsyncSession, new: NewRequest, now: datetime, tz: ZoneInfo) -> HotlineRequest:
    """Store a request (status ``offered``; call ``dispatch`` next). Refuses a closed service, missing
    required answers and a preferred time that has already passed."""
    if not new.service.is_open:
        raise DomainError("hotline-service-closed", service=new.service.name_zh)
    check_answers(new.service, new.answers)
    if new.preferred_end is not None and new.preferred_end <= now:
        raise DomainError("hotline-time-past")
    respond, complete = deadlines(new.service, now, new.preferred_end, tz)
    request = HotlineRequest(
        ticket=await next_ticket(session, now, tz),
        service_id=new.service.id,
        community_id=new.community.id,
        requester_id=new.requester_id,
        created_by_id=new.created_by_id,
        for_name=new.for_name,
        for_phone=new.for_phone,
        contact_phone=new.contact_phone,
        address=new.address,
        answers=dict(new.answers),
        preferred_start=new.preferred_start,
        preferred_end=new.preferred_end,
        chosen_provider_id=new.chosen_provider_id,
        status=RequestStatus.offered,
        created_at=now,
        response_due_at=respond,
        completion_due_at=complete,
    )
    session.add(request)
    await session.flush()
    await record(session, request, "created", now, actor_id=new.created_by_id or new.requester_id)
    return request


async def record(
    session: AsyncSession,
    request: HotlineRequest,
    kind: str,
    now: datetime,
    *,
    provider_id: int | None = None,
    actor_id: int | None = None,
) -> None:
    session.add(HotlineEvent(request_id=request.id, at=now, kind=kind, provider_id=provider_id, actor_id=actor_id))
    await session.flush()


# --- dispatching ----------------------------------------------------------------------------------


async def open_case_counts(session: AsyncSession, provider_ids: Sequence[int]) -> dict[int, int]:
    """Accepted-but-unfinished cases plus pending offers, per provider: how busy each one is."""
    counts = dict.fromkeys(provider_ids, 0)
    if not provider_ids:
        return counts
    assigned = await session.execute(
        select(HotlineRequest.provider_id, func.count())
        .where(HotlineRequest.provider_id.in_(provider_ids), HotlineRequest.status == RequestStatus.accepted)
        .group_by(HotlineRequest.provider_id)
    )
    offered = await session.execute(
        select(HotlineOffer.provider_id, func.count())
        .where(HotlineOffer.provider_id.in_(provider_ids), HotlineOffer.outcome == OfferOutcome.pending)
        .group_by(HotlineOffer.provider_id)
    )
    for provider_id, count in [*assigned.all(), *offered.all()]:
        if provider_id is not None:
            counts[provider_id] += count
    return counts


async def tried_providers(session: AsyncSession, request_id: int) -> set[int]:
    result = await session.scalars(select(HotlineOffer.provider_id).where(HotlineOffer.request_id == request_id))
    return set(result.all())


async def rank_providers(
    session: AsyncSession, request: HotlineRequest, service: HotlineService, now: datetime, tz: ZoneInfo
) -> list[HotlineProvider]:
    """Untried providers serving the case's community: the resident's choice first, then open now, then the
    fewest open cases. A provider closed now still gets a turn (its window starts when it opens)."""
    community = await session.get(Place, request.community_id)
    assert community is not None
    tried = await tried_providers(session, request.id)
    candidates = [p for p in await providers_serving(session, service.id, community) if p.id not in tried]
    counts = await open_case_counts(session, [p.id for p in candidates])
    candidates.sort(
        key=lambda p: (
            p.id != request.chosen_provider_id,
            not is_open_at(p.open_hour, p.close_hour, now, tz),
            counts[p.id],
            p.id,
        )
    )
    return candidates


async def offer_to(
    session: AsyncSession,
    request: HotlineRequest,
    provider: HotlineProvider,
    service: HotlineService,
    now: datetime,
    tz: ZoneInfo,
) -> HotlineOffer:
    start = next_opening(provider.open_hour, provider.close_hour, now, tz)
    offer = HotlineOffer(
        request_id=request.id,
        provider_id=provider.id,
        offered_at=now,
        expires_at=start + timedelta(minutes=service.response_minutes),
        outcome=OfferOutcome.pending,
    )
    session.add(offer)
    await session.flush()
    request.status = RequestStatus.offered
    request.current_offer_id = offer.id
    await session.flush()
    await record(session, request, "offered", now, provider_id=provider.id)
    return offer


async def dispatch(session: AsyncSession, request: HotlineRequest, now: datetime, tz: ZoneInfo) -> HotlineOffer | None:
    """Offer the case to the next provider; None when none is left and it goes to the operators' queue."""
    service = await session.get(HotlineService, request.service_id)
    assert service is not None
    ranked = await rank_providers(session, request, service, now, tz)
    if not ranked:
        request.status = RequestStatus.queued
        request.current_offer_id = None
        await session.flush()
        await record(session, request, "queued", now)
        return None
    return await offer_to(session, request, ranked[0], service, now, tz)


async def reassign(
    session: AsyncSession,
    request: HotlineRequest,
    provider: HotlineProvider,
    operator_id: int,
    now: datetime,
    tz: ZoneInfo,
) -> HotlineOffer:
    """An operator sends the case to ``provider`` (withdrawing any pending offer and any assignment)."""
    if request.status not in CANCELLABLE:
        raise DomainError("hotline-case-not-open", ticket=request.ticket)
    await _withdraw_pending(session, request, now)
    request.provider_id = None
    request.accepted_at = None
    request.eta_at = None
    service = await session.get(HotlineService, request.service_id)
    assert service is not None
    await record(session, request, "reassigned", now, provider_id=provider.id, actor_id=operator_id)
    return await offer_to(session, request, provider, service, now, tz)


async def _withdraw_pending(session: AsyncSession, request: HotlineRequest, now: datetime) -> None:
    await session.execute(
        update(HotlineOffer)
        .where(HotlineOffer.request_id == request.id, HotlineOffer.outcome == OfferOutcome.pending)
        .values(outcome=OfferOutcome.withdrawn, answered_at=now)
    )
    request.current_offer_id = None


# --- answering an offer ---------------------------------------------------------------------------


async def _offer_for(session: AsyncSession, offer_id: int, person_id: int) -> HotlineOffer:
    offer = await session.get(HotlineOffer, offer_id)
    if offer is None:
        raise DomainError("hotline-case-gone")
    if not await is_provider_staff(session, person_id, offer.provider_id):
        raise DomainError("hotline-not-your-case")
    return offer


async def accept_offer(
    session: AsyncSession, offer_id: int, person_id: int, now: datetime, eta_at: datetime | None
) -> HotlineRequest:
    """Take the case. A compare-and-set on the request: only the first of simultaneous accepts wins."""
    offer = await _offer_for(session, offer_id, person_id)
    taken = await session.execute(
        update(HotlineRequest)
        .where(
            HotlineRequest.id == offer.request_id,
            HotlineRequest.status == RequestStatus.offered,
            HotlineRequest.current_offer_id == offer.id,
        )
        .values(
            status=RequestStatus.accepted,
            provider_id=offer.provider_id,
            accepted_at=now,
            eta_at=eta_at,
            current_offer_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("hotline-offer-gone")
    await session.execute(
        update(HotlineOffer)
        .where(HotlineOffer.id == offer.id)
        .values(outcome=OfferOutcome.accepted, answered_at=now, answered_by_id=person_id)
        .execution_options(synchronize_session=False)
    )
    request = await session.get(HotlineRequest, offer.request_id, populate_existing=True)
    assert request is not None
    await session.refresh(offer)
    await record(session, request, "accepted", now, provider_id=offer.provider_id, actor_id=person_id)
    return request


async def _close_offer(session: AsyncSession, offer: HotlineOffer, outcome: OfferOutcome, now: datetime) -> bool:
    """Pending -> ``outcome`` if still pending and still the case's current offer; False otherwise."""
    result = await session.execute(
        update(HotlineOffer)
        .where(HotlineOffer.id == offer.id, HotlineOffer.outcome == OfferOutcome.pending)
        .values(outcome=outcome, answered_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(offer)
    return result.rowcount == 1  # type: ignore[attr-defined]


async def decline_offer(
    session: AsyncSession, offer_id: int, person_id: int, now: datetime
) -> tuple[HotlineRequest, HotlineOffer]:
    offer = await _offer_for(session, offer_id, person_id)
    request = await session.get(HotlineRequest, offer.request_id)
    assert request is not None
    if request.current_offer_id != offer.id or not await _close_offer(session, offer, OfferOutcome.declined, now):
        raise DomainError("hotline-offer-gone")
    offer.answered_by_id = person_id
    await record(session, request, "declined", now, provider_id=offer.provider_id, actor_id=person_id)
    return request, offer


async def expire_offer(session: AsyncSession, offer_id: int, now: datetime) -> HotlineRequest | None:
    """The response window passed unanswered: the request (to dispatch again), or None if it moved on."""
    offer = await session.get(HotlineOffer, offer_id)
    if offer is None:
        return None
    request = await session.get(HotlineRequest, offer.request_id)
    if request is None or request.current_offer_id != offer.id:
        return None
    if not await _close_offer(session, offer, OfferOutcome.expired, now):
        return None
    await record(session, request, "expired", now, provider_id=offer.provider_id)
    return request


# --- handling -------------------------------------------------------------------------------------


async def case_for_provider_staff(session: AsyncSession, request_id: int, person_id: int) -> HotlineRequest:
    """The case, if this person works for the provider it is assigned to."""
    request = await session.get(HotlineRequest, request_id)
    if request is None:
        raise DomainError("hotline-case-gone")
    if request.provider_id is None or not await is_provider_staff(session, person_id, request.provider_id):
        raise DomainError("hotline-not-your-case")
    return request


async def mark_done(
    session: AsyncSession, request_id: int, person_id: int, now: datetime, note: str, media_id: int | None
) -> HotlineRequest:
    request = await case_for_provider_staff(session, request_id, person_id)
    if request.status is not RequestStatus.accepted:
        raise DomainError("hotline-case-not-in-service", ticket=request.ticket)
    request.status = RequestStatus.done
    request.done_at = now
    request.done_note = note[:MAX_NOTE]
    request.done_media_id = media_id
    await session.flush()
    await record(session, request, "done", now, provider_id=request.provider_id, actor_id=person_id)
    return request


def contact_visible_until(request: HotlineRequest, keep_days: int) -> datetime | None:
    """Until when the provider's staff may see the resident's phone and address (None: not yet/never)."""
    if request.provider_id is None or request.accepted_at is None or request.status is RequestStatus.cancelled:
        return None
    if request.closed_at is None:
        return datetime.max.replace(tzinfo=request.accepted_at.tzinfo)
    return request.closed_at + timedelta(days=keep_days)


# --- the resident's side --------------------------------------------------------------------------


async def requests_of(session: AsyncSession, person_id: int, limit: int = 10) -> Sequence[HotlineRequest]:
    result = await session.scalars(
        select(HotlineRequest)
        .where(HotlineRequest.requester_id == person_id)
        .order_by(HotlineRequest.created_at.desc(), HotlineRequest.id.desc())
        .limit(limit)
    )
    return result.all()


async def own_request(session: AsyncSession, request_id: int, person_id: int) -> HotlineRequest:
    request = await session.get(HotlineRequest, request_id)
    if request is None or request.requester_id != person_id:
        raise DomainError("hotline-request-not-yours")
    return request


async def cancel_request(session: AsyncSession, request: HotlineRequest, now: datetime) -> int | None:
    """Cancel before the service is done. Returns the provider that had accepted it (to tell them), if any."""
    if request.status not in CANCELLABLE:
        raise DomainError("hotline-cannot-cancel", ticket=request.ticket)
    await _withdraw_pending(session, request, now)
    provider_id = request.provider_id if request.status is RequestStatus.accepted else None
    request.status = RequestStatus.cancelled
    request.closed_at = now
    await session.flush()
    await record(session, request, "cancelled", now, actor_id=request.requester_id)
    return provider_id


async def confirm_request(
    session: AsyncSession, request: HotlineRequest, now: datetime, rating: int, comment: str | None
) -> None:
    if request.status is not RequestStatus.done:
        raise DomainError("hotline-not-done-yet", ticket=request.ticket)
    if not 1 <= rating <= 5:
        raise DomainError("hotline-rating-invalid")
    request.status = RequestStatus.closed
    request.closed_at = now
    request.close_reason = CloseReason.confirmed
    request.rating = rating
    request.comment = comment[:MAX_NOTE] if comment else None
    await session.flush()
    await record(session, request, "confirmed", now, provider_id=request.provider_id, actor_id=request.requester_id)


async def reopen_request(session: AsyncSession, request: HotlineRequest, now: datetime, completion_hours: int) -> None:
    """ "Not done": back to the provider that said done, with a fresh completion deadline."""
    if request.status is not RequestStatus.done:
        raise DomainError("hotline-not-done-yet", ticket=request.ticket)
    request.status = RequestStatus.accepted
    request.done_at = None
    request.reopen_count += 1
    request.completion_due_at = now + timedelta(hours=completion_hours)
    request.completion_warning = 0
    await session.flush()
    await record(session, request, "reopened", now, provider_id=request.provider_id, actor_id=request.requester_id)


async def auto_close(session: AsyncSession, request_id: int, now: datetime) -> HotlineRequest | None:
    """No answer from the resident after "done": completed, unrated."""
    request = await session.get(HotlineRequest, request_id)
    if request is None or request.status is not RequestStatus.done:
        return None
    request.status = RequestStatus.closed
    request.closed_at = now
    request.close_reason = CloseReason.unrated
    await session.flush()
    await record(session, request, "auto_closed", now, provider_id=request.provider_id)
    return request


# --- supervising ----------------------------------------------------------------------------------


def warning_moments(start: datetime, due: datetime) -> tuple[datetime, datetime]:
    return start + (due - start) * WARN_FRACTION, due


@dataclass(frozen=True)
class Warning:
    deadline: str  # "response" or "completion"
    level: int  # 1 yellow, 2 red


def due_warnings(request: HotlineRequest, now: datetime) -> list[Warning]:
    """Warnings newly reached at ``now`` (each level once), marking them sent on the request."""
    found = []
    if request.status in UNASSIGNED:
        yellow, red = warning_moments(request.created_at, request.response_due_at)
        level = 2 if now >= red else 1 if now >= yellow else 0
        if level > request.response_warning:
            request.response_warning = level
            found.append(Warning("response", level))
    if request.status in (*UNASSIGNED, RequestStatus.accepted):
        yellow, red = warning_moments(request.created_at, request.completion_due_at)
        level = 2 if now >= red else 1 if now >= yellow else 0
        if level > request.completion_warning:
            request.completion_warning = level
            found.append(Warning("completion", level))
    return found


def next_warning_at(request: HotlineRequest) -> datetime | None:
    """When this case's next warning is due, if any is still ahead."""
    moments = []
    if request.status in UNASSIGNED and request.response_warning < 2:
        moments.append(warning_moments(request.created_at, request.response_due_at)[request.response_warning])
    if request.status in (*UNASSIGNED, RequestStatus.accepted) and request.completion_warning < 2:
        moments.append(warning_moments(request.created_at, request.completion_due_at)[request.completion_warning])
    return min(moments) if moments else None


def is_overdue(request: HotlineRequest, now: datetime) -> bool:
    if request.status in UNASSIGNED and now >= request.response_due_at:
        return True
    return request.status in (*UNASSIGNED, RequestStatus.accepted) and now >= request.completion_due_at


async def overdue_cases(session: AsyncSession, now: datetime, limit: int = 30) -> Sequence[HotlineRequest]:
    result = await session.scalars(
        select(HotlineRequest)
        .where(
            or_(
                HotlineRequest.status.in_(UNASSIGNED) & (HotlineRequest.response_due_at <= now),
                HotlineRequest.status.in_((*UNASSIGNED, RequestStatus.accepted))
                & (HotlineRequest.completion_due_at <= now),
            )
        )
        .order_by(HotlineRequest.completion_due_at, HotlineRequest.id)
        .limit(limit)
    )
    return result.all()


async def queued_cases(session: AsyncSession, limit: int = 30) -> Sequence[HotlineRequest]:
    result = await session.scalars(
        select(HotlineRequest)
        .where(HotlineRequest.status == RequestStatus.queued)
        .order_by(HotlineRequest.created_at, HotlineRequest.id)
        .limit(limit)
    )
    return result.all()


async def provider_cases(session: AsyncSession, provider_ids: Sequence[int], limit: int = 20) -> Sequence[Any]:
    """(request, pending offer or None) for a provider's staff: offers awaiting an answer, cases in hand."""
    offers = await session.execute(
        select(HotlineRequest, HotlineOffer)
        .join(HotlineOffer, HotlineOffer.id == HotlineRequest.current_offer_id)
        .where(HotlineOffer.provider_id.in_(provider_ids), HotlineOffer.outcome == OfferOutcome.pending)
        .order_by(HotlineOffer.offered_at)
    )
    cases = await session.scalars(
        select(HotlineRequest)
        .where(
            HotlineRequest.provider_id.in_(provider_ids),
            HotlineRequest.status.in_((RequestStatus.accepted, RequestStatus.done)),
        )
        .order_by(HotlineRequest.accepted_at)
        .limit(limit)
    )
    return [*((request, offer) for request, offer in offers.all()), *((request, None) for request in cases.all())]
