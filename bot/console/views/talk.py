"""居民说事 for community managers: the matters of their communities (most supported first), a matter with
its public answer, and the 说事 meetings — schedule one in a centre room, publish its minutes, cancel it.

Every action goes through the same code as in chat (``handlers.talk.staff``), so a matter answered here is
told to its supporters, a meeting scheduled here holds its room in the booking store and invites the
community through a notice, and its minutes reach everyone who supported a matter on its agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from sqlalchemy import select

from bot.console.page import BadForm, NotFound, Page, Routes, Section, redirect, refused, render
from bot.console.staff import Staff
from handlers.talk.notify import tell_answer
from handlers.talk.staff import cancel_and_tell, find_link, minutes_and_tell, schedule_and_invite
from handlers.talk.text import place_of
from models.booking.store import Room, centres_of, rooms_of
from models.errors import DomainError
from models.grid.store import case_number
from models.hotline.cases import HotlineRequest
from models.media import load_media
from models.people import COMMUNITY_MANAGERS, Person
from models.places import Place, PlaceKind
from models.talk.store import (
    ANSWERABLE,
    MAX_ANSWER,
    MAX_MEETING_TITLE,
    MAX_MINUTES,
    Decision,
    Matter,
    MatterStatus,
    Meeting,
    MeetingStatus,
    agenda_of,
    answer_matter,
    signup_counts,
    signup_ids,
)

PATH = "/console/talk"
STATUS_FILTERS = ("waiting", "answered", "all")


def may_manage(staff: Staff) -> bool:
    return staff.has(COMMUNITY_MANAGERS)


# --- scope ------------------------------------------------------------------------------------------------


async def scoped_community(page: Page, community_id: int) -> Place:
    community = await page.session.get(Place, community_id)
    if community is None or community.kind is not PlaceKind.community:
        raise NotFound()
    if not page.staff.covers(community, COMMUNITY_MANAGERS):
        raise NotFound()
    return community


async def scoped_matter(page: Page) -> tuple[Matter, Place]:
    matter = await page.session.get(Matter, page.path_id("matter_id"))
    if matter is None:
        raise NotFound()
    return matter, await scoped_community(page, matter.community_id)


async def scoped_meeting(page: Page) -> tuple[Meeting, Place]:
    meeting = await page.session.get(Meeting, page.path_id("meeting_id"))
    if meeting is None:
        raise NotFound()
    return meeting, await scoped_community(page, meeting.community_id)


def status_label(page: Page, status: MatterStatus) -> str:
    return {
        MatterStatus.open: page.t("talk-status-open"),
        MatterStatus.agenda: page.t("talk-status-agenda"),
        MatterStatus.accepted: page.t("talk-status-accepted"),
        MatterStatus.declined: page.t("talk-status-declined"),
        MatterStatus.decided: page.t("talk-status-decided"),
    }[status]


def meeting_label(page: Page, status: MeetingStatus) -> str:
    return {
        MeetingStatus.scheduled: page.t("talk-meeting-status-scheduled"),
        MeetingStatus.held: page.t("talk-meeting-status-held"),
        MeetingStatus.cancelled: page.t("talk-meeting-status-cancelled"),
    }[status]


async def names_of(page: Page, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await page.session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids)))
    return {person_id: name for person_id, name in rows}


# --- the list ---------------------------------------------------------------------------------------------


@dataclass
class MatterRow:
    matter: Matter
    community: Place
    status: str


async def index(page: Page) -> web.StreamResponse:
    communities = await page.communities(COMMUNITY_MANAGERS)
    by_id = {c.id: c for c in communities}
    shown = page.query.get("status", "waiting")
    if shown not in STATUS_FILTERS:
        shown = "waiting"
    query = select(Matter).where(Matter.community_id.in_(list(by_id)))
    if shown == "waiting":
        query = query.where(Matter.status.in_(ANSWERABLE))
    elif shown == "answered":
        query = query.where(Matter.status.not_in(ANSWERABLE))
    matters = (await page.session.scalars(query.order_by(Matter.supports.desc(), Matter.id.desc()).limit(200))).all()
    rows = [MatterRow(m, by_id[m.community_id], status_label(page, m.status)) for m in matters]
    meetings = (
        await page.session.scalars(
            select(Meeting).where(Meeting.community_id.in_(list(by_id))).order_by(Meeting.starts_at.desc()).limit(30)
        )
    ).all()
    counts = await signup_counts(page.session, [m.id for m in meetings])
    return render(
        page,
        "talk/index.html",
        rows=rows,
        shown=shown,
        filters=STATUS_FILTERS,
        communities=communities,
        meetings=[(m, by_id[m.community_id], meeting_label(page, m.status), counts.get(m.id, 0)) for m in meetings],
        threshold={c.id: page.services.settings.talk_threshold(c.code) for c in communities},
    )


# --- a matter ---------------------------------------------------------------------------------------------


async def matter_page(page: Page, *, error: str = "", status: int = 200) -> web.Response:
    matter, community = await scoped_matter(page)
    people = await names_of(page, {i for i in (matter.author_id, matter.answered_by_id) if i is not None})
    meeting = await page.session.get(Meeting, matter.meeting_id) if matter.meeting_id else None
    request = await page.session.get(HotlineRequest, matter.hotline_request_id) if matter.hotline_request_id else None
    return render(
        page,
        "talk/matter.html",
        status=status,
        matter=matter,
        community=community,
        status_text=status_label(page, matter.status),
        author=None if matter.author_id is None else people.get(matter.author_id, ""),
        answered_by=people.get(matter.answered_by_id or 0, ""),
        meeting=meeting,
        grid_case=case_number(matter.grid_case_id) if matter.grid_case_id else "",
        ticket=request.ticket if request is not None else "",
        can_answer=matter.status in ANSWERABLE,
        can_agenda=matter.status is MatterStatus.open,
        max_answer=MAX_ANSWER,
        error=error,
        threshold=page.services.settings.talk_threshold(community.code),
    )


async def matter_view(page: Page) -> web.StreamResponse:
    return await matter_page(page)


async def matter_photo(page: Page) -> web.StreamResponse:
    """The matter's photo: residents see it in chat, so staff who answer it see it here."""
    matter, _community = await scoped_matter(page)
    media = await load_media(page.session, matter.photo_id) if matter.photo_id is not None else None
    if media is None or not media.mime_type.startswith("image/"):
        raise NotFound()
    return web.Response(body=media.content, content_type=media.mime_type)


async def answer_post(page: Page) -> web.StreamResponse:
    matter, community = await scoped_matter(page)
    raw = page.field("decision", max_chars=10)
    if raw not in {d.value for d in Decision}:
        raise BadForm()
    decision = Decision(raw)
    text = page.field("text", required=decision is not Decision.agenda, max_chars=MAX_ANSWER)
    link = page.field("link", required=False, max_chars=40) if decision is Decision.accept else ""
    linked: tuple[int | None, int | None] = (None, None)
    if link:
        found = await find_link(page, matter, link)
        if found is None:
            return await matter_page(page, error=page.t("talk-link-unknown", number=link), status=400)
        linked = found
    try:
        async with page.session.begin_nested():
            await answer_matter(
                page.session,
                matter,
                page.staff.person,
                decision,
                text,
                page.now,
                grid_case_id=linked[0],
                hotline_request_id=linked[1],
            )
    except DomainError as refusal:
        raise refused(refusal) from refusal
    told = await tell_answer(page, matter)
    await page.audit(
        f"talk.{decision.value}",
        object_type="talk_matter",
        object_id=matter.id,
        place_id=community.id,
        detail={"number": matter.number, "told": told, "linked": bool(link)},
    )
    return redirect(page, f"{PATH}/matters/{matter.id}", flash=page.t("talk-answered", number=matter.number, told=told))


# --- meetings ---------------------------------------------------------------------------------------------


@dataclass
class RoomChoice:
    room: Room
    label: str


async def rooms_for(page: Page, community: Place) -> list[RoomChoice]:
    choices = []
    for centre in await centres_of(page.session, community.id):
        for room in await rooms_of(page.session, centre.id):
            choices.append(RoomChoice(room, f"{centre.name(page.language)} · {room.name(page.language)}"))
    return choices


@dataclass
class MeetingDraft:
    title: str = ""
    room: str = ""
    day: str = ""
    start: str = "19:00"
    end: str = "20:30"


async def new_meeting(
    page: Page, *, draft: MeetingDraft | None = None, error: str = "", status: int = 200
) -> web.Response:
    community = await scoped_community(page, page.path_id("community_id"))
    tomorrow = (page.now + timedelta(days=1)).astimezone(page.services.settings.tz).date().isoformat()
    draft = draft or MeetingDraft(title=page.t("console-talk-default-title"), day=tomorrow)
    waiting = (
        await page.session.scalars(
            select(Matter).where(
                Matter.community_id == community.id,
                Matter.status == MatterStatus.agenda,
                Matter.meeting_id.is_(None),
            )
        )
    ).all()
    return render(
        page,
        "talk/meeting_new.html",
        status=status,
        community=community,
        rooms=await rooms_for(page, community),
        draft=draft,
        waiting=waiting,
        earliest=tomorrow,
        error=error,
        max_title=MAX_MEETING_TITLE,
    )


async def new_meeting_view(page: Page) -> web.StreamResponse:
    return await new_meeting(page)


def local_moment(page: Page, day: str, clock: str) -> datetime:
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}")
    except ValueError as error:
        raise BadForm("console-talk-bad-time") from error
    return moment.replace(tzinfo=page.services.settings.tz)


async def new_meeting_post(page: Page) -> web.StreamResponse:
    community = await scoped_community(page, page.path_id("community_id"))
    draft = MeetingDraft(
        title=page.field("title", max_chars=MAX_MEETING_TITLE),
        room=page.field("room", max_chars=12),
        day=page.field("day", max_chars=10),
        start=page.field("start", max_chars=5),
        end=page.field("end", max_chars=5),
    )
    choices = {str(choice.room.id): choice for choice in await rooms_for(page, community)}
    if draft.room not in choices:
        return await new_meeting(page, draft=draft, error=page.t("console-talk-pick-room"), status=400)
    starts_at, ends_at = local_moment(page, draft.day, draft.start), local_moment(page, draft.day, draft.end)
    try:
        async with page.session.begin_nested():
            meeting = await schedule_and_invite(
                page, page.staff.person, community, int(draft.room), draft.title, starts_at, ends_at
            )
    except DomainError as refusal:
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return await new_meeting(page, draft=draft, error=message, status=409)
    agenda = await agenda_of(page.session, meeting.id)
    await page.audit(
        "talk.meeting",
        object_type="talk_meeting",
        object_id=meeting.id,
        place_id=community.id,
        detail={"room": meeting.room_id, "agenda": len(agenda), "notice": meeting.notice_id},
    )
    return redirect(page, f"{PATH}/meetings/{meeting.id}", flash=page.t("console-talk-scheduled", agenda=len(agenda)))


async def meeting_page(page: Page, *, error: str = "", status: int = 200) -> web.Response:
    meeting, community = await scoped_meeting(page)
    agenda = await agenda_of(page.session, meeting.id)
    signups = await signup_ids(page.session, meeting.id)
    names = await names_of(page, set(signups))
    return render(
        page,
        "talk/meeting.html",
        status=status,
        meeting=meeting,
        community=community,
        status_text=meeting_label(page, meeting.status),
        place=await place_of(page.session, meeting, page.language),
        agenda=[(m, status_label(page, m.status)) for m in agenda],
        signups=sorted(names.values()),
        can_minute=meeting.status is MeetingStatus.scheduled and meeting.starts_at <= page.now,
        can_cancel=meeting.status is MeetingStatus.scheduled and meeting.ends_at > page.now,
        max_minutes=MAX_MINUTES,
        max_outcome=MAX_ANSWER,
        error=error,
    )


async def meeting_view(page: Page) -> web.StreamResponse:
    return await meeting_page(page)


async def minutes_post(page: Page) -> web.StreamResponse:
    meeting, community = await scoped_meeting(page)
    summary = page.field("minutes", max_chars=MAX_MINUTES)
    agenda = await agenda_of(page.session, meeting.id)
    outcomes = {m.id: page.field(f"outcome-{m.id}", required=False, max_chars=MAX_ANSWER) for m in agenda}
    try:
        async with page.session.begin_nested():
            told = await minutes_and_tell(page, meeting, page.staff.person, summary, outcomes)
    except DomainError as refusal:
        message = page.services.catalog.t(page.language, refusal.message_id, refusal.args_for_message)
        return await meeting_page(page, error=message, status=409)
    await page.audit(
        "talk.minutes",
        object_type="talk_meeting",
        object_id=meeting.id,
        place_id=community.id,
        detail={"decided": len(agenda), "told": told},
    )
    return redirect(page, f"{PATH}/meetings/{meeting.id}", flash=page.t("console-talk-minutes-published", told=told))


async def cancel_post(page: Page) -> web.StreamResponse:
    meeting, community = await scoped_meeting(page)
    reason = page.field("reason", max_chars=200)
    try:
        async with page.session.begin_nested():
            told = await cancel_and_tell(page, meeting, reason)
    except DomainError as refusal:
        raise refused(refusal) from refusal
    await page.audit(
        "talk.cancel",
        object_type="talk_meeting",
        object_id=meeting.id,
        place_id=community.id,
        detail={"told": told},
    )
    return redirect(page, f"{PATH}/meetings/{meeting.id}", flash=page.t("console-talk-cancelled", told=told))


def routes(r: Routes) -> None:
    r.get(PATH, index)
    r.get(PATH + "/matters/{matter_id}", matter_view)
    r.get(PATH + "/matters/{matter_id}/photo", matter_photo)
    r.post(PATH + "/matters/{matter_id}/answer", answer_post)
    r.get(PATH + "/communities/{community_id}/meetings/new", new_meeting_view)
    r.post(PATH + "/communities/{community_id}/meetings/new", new_meeting_post)
    r.get(PATH + "/meetings/{meeting_id}", meeting_view)
    r.post(PATH + "/meetings/{meeting_id}/minutes", minutes_post)
    r.post(PATH + "/meetings/{meeting_id}/cancel", cancel_post)


SECTION = Section("talk", "console-talk-nav", PATH, 45, may_manage, routes)
