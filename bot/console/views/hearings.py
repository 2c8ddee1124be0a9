"""Hearings (听证) for community managers: the hearings of each community in scope, calling one (a form: its
public text, the staff-only applicant details, the room and times, the representatives), and a hearing's
page with the answers of its representatives, the residents' opinions with their authors, the outcome
form and cancelling.

The actions go through ``handlers.hearings.staff`` (publishing the notice tells the community, the outcome
and a cancellation tell everyone concerned), exactly as the feature's rules say. A hearing's page shows
personal data (who wrote which opinion, the applicant's details), so every look at it is audited; the audit
entry names the hearing, never what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from aiohttp import web
from sqlalchemy import select

from bot.console.page import BadForm, NotFound, Page, Routes, Section, redirect, render
from bot.console.staff import Staff
from handlers.booking.text import policy_of
from handlers.hearings.staff import cancel_and_notify, outcome_and_notify, publish_and_notify
from handlers.hearings.text import Speaker, phase_of, venue_of
from models.booking.store import Centre, Room, centres_of
from models.errors import DomainError
from models.hearings.store import (
    MAX_APPLICANT,
    MAX_DESCRIPTION,
    MAX_OUTCOME,
    MAX_REPRESENTATIVES,
    MAX_SUBJECT,
    Hearing,
    HearingKind,
    HearingPlan,
    HearingStatus,
    attendance,
    create_hearing,
    hearings_of,
    invitations,
    opinion_count,
    opinion_counts,
    opinions,
    residents_of,
)
from models.people import COMMUNITY_MANAGERS, Person
from models.places import Place, PlaceKind

PATH = "/console/hearings"
MAX_LISTED = 50
MAX_REASON = 200
MAX_RESIDENTS_LISTED = 500  # the representatives' checkboxes; a community larger than that needs a search


def may_hold_hearings(staff: Staff) -> bool:
    return staff.has(COMMUNITY_MANAGERS)


# --- scope ------------------------------------------------------------------------------------------------


async def scoped_community(page: Page) -> Place:
    community = await page.session.get(Place, page.path_id("community_id"))
    if community is None or community.kind is not PlaceKind.community:
        raise NotFound()
    if not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()
    return community


async def managed_hearing(page: Page) -> tuple[Hearing, Place]:
    hearing = await page.session.get(Hearing, page.path_id("hearing_id"))
    community = await page.session.get(Place, hearing.community_id) if hearing is not None else None
    if hearing is None or not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()
    assert community is not None
    return hearing, community


# --- the list -------------------------------------------------------------------------------------------


@dataclass
class CommunityHearings:
    community: Place
    hearings: list[Hearing]


async def index(page: Page) -> web.StreamResponse:
    communities = await page.communities(COMMUNITY_MANAGERS)
    found = list(await hearings_of(page.session, [c.id for c in communities], limit=MAX_LISTED))
    ids = [hearing.id for hearing in found]
    groups = [CommunityHearings(c, [h for h in found if h.community_id == c.id]) for c in communities]
    return render(
        page,
        "hearings/index.html",
        groups=groups,
        opinions=await opinion_counts(page.session, ids),
        attendance=await attendance(page.session, ids),
        phase=lambda hearing: phase_of(hearing, page.now),
    )


# --- calling a hearing ----------------------------------------------------------------------------------


@dataclass
class Draft:
    """The form as typed (strings), so a form with a mistake comes back as it was."""

    kind: str = HearingKind.other.value
    subject: str = ""
    description: str = ""
    applicant: str = ""
    room: str = ""
    day: str = ""  # YYYY-MM-DD, local
    start: str = ""  # HH:MM, local
    end: str = ""
    notice_day: str = ""
    notice_time: str = "18:00"
    representatives: list[str] = field(default_factory=list)


def posted_draft(page: Page) -> Draft:
    form = page.form
    if form is None:
        return Draft()

    def text(name: str) -> str:
        value = form.get(name, "")
        return value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""

    return Draft(
        kind=text("kind"),
        subject=text("subject"),
        description=text("description"),
        applicant=text("applicant"),
        room=text("room"),
        day=text("day"),
        start=text("start"),
        end=text("end"),
        notice_day=text("notice_day"),
        notice_time=text("notice_time"),
        representatives=[v for v in form.getall("representatives", []) if isinstance(v, str)][:1000],
    )


async def rooms_of_community(page: Page, community: Place) -> list[tuple[Centre, Room]]:
    centres = list(await centres_of(page.session, community.id))
    if not centres:
        return []
    rooms = await page.session.scalars(
        select(Room).where(Room.centre_id.in_([c.id for c in centres])).order_by(Room.sort_order, Room.id)
    )
    by_id = {centre.id: centre for centre in centres}
    return sorted(((by_id[room.centre_id], room) for room in rooms), key=lambda pair: pair[0].sort_order)


async def show_form(page: Page, community: Place, draft: Draft, *, error: str = "", status: int = 200) -> web.Response:
    residents = list(await residents_of(page.session, community.id))[:MAX_RESIDENTS_LISTED]
    return render(
        page,
        "hearings/new.html",
        status=status,
        community=community,
        draft=draft,
        error=error,
        kinds=[kind.value for kind in HearingKind],
        rooms=await rooms_of_community(page, community),
        residents=residents,
        max_subject=MAX_SUBJECT,
        max_description=MAX_DESCRIPTION,
        max_applicant=MAX_APPLICANT,
        max_representatives=MAX_REPRESENTATIVES,
        today=page.local_date(page.now).isoformat(),
    )


async def new_form(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    return await show_form(page, community, Draft())


class DraftError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def local_moment(page: Page, day: str, clock: str) -> datetime:
    try:
        parsed_day = date.fromisoformat(day) if len(day) <= 10 else None
        parsed_time = time.fromisoformat(clock) if len(clock) <= 8 else None
    except ValueError:
        parsed_day = parsed_time = None
    if parsed_day is None or parsed_time is None:
        raise DraftError(page.t("console-hearings-bad-time"))
    return datetime.combine(parsed_day, parsed_time, page.services.settings.tz).astimezone(UTC)


def plan_of(page: Page, draft: Draft) -> HearingPlan:
    """What the form says, in the store's terms; the store checks the rules (past, order, room, people)."""
    if draft.kind not in {kind.value for kind in HearingKind}:
        raise DraftError(page.t("console-hearings-pick-kind"))
    if not draft.room.isdigit() or len(draft.room) > 12:
        raise DraftError(page.t("console-hearings-pick-room"))
    if any(not value.isdigit() or len(value) > 12 for value in draft.representatives):
        raise DraftError(page.t("hearings-err-representative"))
    return HearingPlan(
        kind=HearingKind(draft.kind),
        subject=draft.subject,
        description=draft.description,
        applicant_details=draft.applicant,
        room_id=int(draft.room),
        starts_at=local_moment(page, draft.day, draft.start),
        ends_at=local_moment(page, draft.day, draft.end),
        notice_ends_at=local_moment(page, draft.notice_day, draft.notice_time),
        representative_ids=[int(value) for value in draft.representatives],
    )


async def new_post(page: Page) -> web.StreamResponse:
    community = await scoped_community(page)
    draft = posted_draft(page)
    try:
        plan = plan_of(page, draft)
        async with page.session.begin_nested():  # a refusal after the room was held keeps nothing
            hearing = await create_hearing(
                page.session, community, page.staff.person, plan, page.now, policy_of(page.services.settings)
            )
    except DraftError as problem:
        return await show_form(page, community, draft, error=problem.message, status=400)
    except DomainError as refusal:
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return await show_form(page, community, draft, error=message, status=409)
    await page.audit(
        "hearing.create",
        object_type="hearing",
        object_id=hearing.id,
        place_id=community.id,
        detail={"kind": hearing.kind.value, "room": hearing.room_id, "representatives": len(plan.representative_ids)},
    )
    return redirect(page, f"{PATH}/{hearing.id}", flash=page.t("console-hearings-created"))


# --- one hearing ----------------------------------------------------------------------------------------


async def hearing_page(page: Page) -> web.StreamResponse:
    hearing, community = await managed_hearing(page)
    venue = await venue_of(page.session, hearing)
    count = await opinion_count(page.session, hearing.id)
    creator = await page.session.get(Person, hearing.created_by_id) if hearing.created_by_id else None
    # Opinions with their authors and the applicant's details are on this page: who looked is on record.
    await page.audit("hearing.view", object_type="hearing", object_id=hearing.id, place_id=community.id)
    return render(
        page,
        "hearings/hearing.html",
        hearing=hearing,
        community=community,
        venue=venue,
        creator=creator.display_name if creator else "—",
        phase=phase_of(hearing, page.now),
        public=Speaker(page.services, page.language).page(hearing, venue, count),
        invitations=await invitations(page.session, hearing.id),
        opinions=await opinions(page.session, hearing.id),
        may_publish=hearing.status is HearingStatus.draft,
        may_decide=hearing.status is HearingStatus.noticed and hearing.starts_at <= page.now,
        may_cancel=hearing.status in (HearingStatus.draft, HearingStatus.noticed),
        max_outcome=MAX_OUTCOME,
        max_reason=MAX_REASON,
    )


async def publish(page: Page) -> web.StreamResponse:
    hearing, community = await managed_hearing(page)
    told, invited = await publish_and_notify(page, hearing)
    await page.audit(
        "hearing.publish",
        object_type="hearing",
        object_id=hearing.id,
        place_id=community.id,
        detail={"told": told, "invited": invited},
    )
    return redirect(
        page, f"{PATH}/{hearing.id}", flash=page.t("console-hearings-published", told=told, invited=invited)
    )


async def outcome(page: Page) -> web.StreamResponse:
    hearing, community = await managed_hearing(page)
    text = page.field("outcome", max_chars=MAX_OUTCOME)
    told = await outcome_and_notify(page, hearing, page.staff.person, text)
    await page.audit(
        "hearing.outcome", object_type="hearing", object_id=hearing.id, place_id=community.id, detail={"told": told}
    )
    return redirect(page, f"{PATH}/{hearing.id}", flash=page.t("console-hearings-outcome-published", told=told))


async def cancel(page: Page) -> web.StreamResponse:
    hearing, community = await managed_hearing(page)
    reason = page.field("reason", max_chars=MAX_REASON)
    if page.field("confirm", required=False, max_chars=10) != "yes":
        raise BadForm("console-hearings-confirm-cancel")
    told = await cancel_and_notify(page, hearing, reason)
    await page.audit(
        "hearing.cancel", object_type="hearing", object_id=hearing.id, place_id=community.id, detail={"told": told}
    )
    return redirect(page, f"{PATH}/{hearing.id}", flash=page.t("console-hearings-cancelled", told=told))


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + "/communities/{community_id}/new", new_form)
    r.post(PATH + "/communities/{community_id}/new", new_post)
    r.get(PATH + "/{hearing_id}", hearing_page)
    r.post(PATH + "/{hearing_id}/publish", publish)
    r.post(PATH + "/{hearing_id}/outcome", outcome)
    r.post(PATH + "/{hearing_id}/cancel", cancel)


SECTION = Section("hearings", "console-hearings-nav", PATH, 55, may_hold_hearings, routes)
