"""居民说事, the staff's side: answer a matter in public (accept, with what will be done and optionally the
grid case or hotline request doing it; put it on the next meeting's agenda; decline, with a reason), and
the meeting work the console drives (schedule it in a room with its invitation notice, publish the minutes,
cancel). Each step tells the people concerned (notify.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

import models.timers as timers
from handlers.booking.text import policy_of
from handlers.core.buttons import InvalidButton, pack
from handlers.core.context import Ctx
from handlers.core.feature import Flow, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button
from handlers.core.scope import Scope, Speaker
from handlers.talk.buttons import TalkAnswer, TalkJoin, TalkView
from handlers.talk.jobs import REMIND
from handlers.talk.notify import tell_answer, tell_cancelled, tell_outcomes
from handlers.talk.text import meeting_text, place_of
from models.grid.store import GridCase
from models.hotline.cases import HotlineRequest
from models.notices.store import Notice, NoticeStatus, Topic, Urgency, post_notice
from models.people import COMMUNITY_MANAGERS, Person, has_role
from models.places import Place
from models.talk.store import (
    ANSWERABLE,
    MAX_ANSWER,
    Decision,
    Matter,
    Meeting,
    answer_matter,
    cancel_meeting,
    publish_minutes,
    schedule_meeting,
    signup_ids,
)

ANSWER_FLOW = "talk-answer"
SKIP = "-"
_CASE = re.compile(r"^G?0*(\d{1,9})$", re.IGNORECASE)
_TICKET = re.compile(r"^12343-\d{8}-\d{4}$")


async def may_answer_as(scope: Scope, person: Person, matter: Matter) -> bool:
    community = await scope.session.get(Place, matter.community_id)
    return community is not None and await has_role(scope.session, person.id, COMMUNITY_MANAGERS, community)


async def may_answer(ctx: Ctx, matter: Matter) -> bool:
    return ctx.person.is_registered and await may_answer_as(ctx, ctx.person, matter)


def decision_buttons(ctx: Ctx, matter: Matter) -> list[Button]:
    return [
        ctx.button("talk-decide-accept", TalkAnswer(matter.id, Decision.accept.value)),
        ctx.button("talk-decide-agenda", TalkAnswer(matter.id, Decision.agenda.value)),
        ctx.button("talk-decide-decline", TalkAnswer(matter.id, Decision.decline.value)),
    ]


# --- answering in chat --------------------------------------------------------------------------------------


async def on_answer(ctx: Ctx, item: TalkAnswer) -> None:
    matter = await ctx.session.get(Matter, item.matter)
    if matter is None or item.decision not in {d.value for d in Decision}:
        raise InvalidButton("no such matter or decision")
    if not await may_answer(ctx, matter):
        ctx.say("staff-only", [menu_button(ctx)])
        return
    if matter.status not in ANSWERABLE:
        ctx.say("talk-err-answered", [[ctx.button("talk-button-view", TalkView(matter.id))], menu_button(ctx)])
        return
    decision = Decision(item.decision)
    if decision is Decision.agenda:
        await answer_matter(ctx.session, matter, ctx.person, decision, "", ctx.now)
        await _answered(ctx, matter)
        return
    ctx.enter(ANSWER_FLOW, "text", matter=matter.id, decision=decision.value)
    await ask_text(ctx)


async def ask_text(ctx: Ctx) -> None:
    matter = await ctx.session.get(Matter, ctx.data["matter"])
    title = matter.title if matter is not None else ""
    ctx.say(
        f"talk-ask-{ctx.data['decision']}",
        [[ctx.pick(ctx.t("button-cancel"), SKIP)]],
        title=title,
        most=MAX_ANSWER,
    )


async def on_text(ctx: Ctx, text: str) -> None:
    if ctx.data["decision"] == Decision.accept.value:
        await ctx.advance("link", ask_link, text=text)
    else:
        await _finish(ctx, text)


async def on_cancel(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        await ask_text(ctx)
        return
    matter_id = int(ctx.data["matter"])
    ctx.leave()
    ctx.say("cancelled", [[ctx.button("talk-button-view", TalkView(matter_id))], menu_button(ctx)])


async def ask_link(ctx: Ctx) -> None:
    ctx.say("talk-ask-link", [[ctx.pick(ctx.t("talk-no-link"), SKIP)]])


async def on_link_pick(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        await ask_link(ctx)
        return
    await _finish(ctx, ctx.data["text"])


async def on_link(ctx: Ctx, text: str) -> None:
    matter = await ctx.session.get(Matter, ctx.data["matter"])
    if matter is None:
        raise InvalidButton("matter gone")
    linked = await find_link(ctx, matter, text)
    if linked is None:
        ctx.say("talk-link-unknown", number=text[:30])
        await ask_link(ctx)
        return
    await _finish(ctx, ctx.data["text"], grid_case_id=linked[0], hotline_request_id=linked[1])


async def find_link(scope: Scope, matter: Matter, text: str) -> tuple[int | None, int | None] | None:
    """A grid case (G000123) or hotline ticket (12343-20261203-0001) of the matter's community, as
    (grid case id, hotline request id); None when it names nothing there."""
    typed = "".join(text.split()).upper()
    community = await scope.session.get(Place, matter.community_id)
    if community is None:
        return None
    if _TICKET.match(typed):
        request = await scope.session.scalar(select(HotlineRequest).where(HotlineRequest.ticket == typed))
        if request is not None and request.community_id == community.id:
            return None, request.id
        return None
    case_number = _CASE.match(typed)
    if case_number:
        case = await scope.session.get(GridCase, int(case_number.group(1)))
        grid = await scope.session.get(Place, case.grid_id) if case is not None else None
        if case is not None and grid is not None and community.contains(grid):
            return case.id, None
    return None


async def _finish(
    ctx: Ctx, text: str, *, grid_case_id: int | None = None, hotline_request_id: int | None = None
) -> None:
    matter = await ctx.session.get(Matter, ctx.data["matter"])
    if matter is None:
        raise InvalidButton("matter gone")
    decision = Decision(ctx.data["decision"])
    await answer_matter(
        ctx.session,
        matter,
        ctx.person,
        decision,
        text,
        ctx.now,
        grid_case_id=grid_case_id,
        hotline_request_id=hotline_request_id,
    )
    ctx.leave()
    await _answered(ctx, matter)


async def _answered(ctx: Ctx, matter: Matter) -> None:
    told = await tell_answer(ctx, matter)
    ctx.say(
        "talk-answered",
        [[ctx.button("talk-button-view", TalkView(matter.id))], menu_button(ctx)],
        number=matter.number,
        told=told,
    )


ANSWER = Flow(
    ANSWER_FLOW,
    {
        "text": Step(ask_text, on_pick=on_cancel, on_text=on_text, max_text=MAX_ANSWER),
        "link": Step(ask_link, on_pick=on_link_pick, on_text=on_link, max_text=40, text_hint="talk-hint-link"),
    },
)


# --- meetings (driven by the console) ----------------------------------------------------------------------


async def schedule_and_invite(
    scope: Scope,
    staff: Person,
    community: Place,
    room_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
) -> Meeting:
    """Hold the room, put the waiting matters on the agenda, invite the community through a notice (with a
    sign-up button under it) and set the reminder for those who sign up."""
    policy = policy_of(scope.services.settings)
    meeting = await schedule_meeting(
        scope.session, staff, community.id, room_id, title, starts_at, ends_at, scope.now, policy
    )
    texts = {}
    for language in ("zh", "en"):
        speak = Speaker(scope.services, language)
        texts[language] = speak.t("talk-invitation", text=await meeting_text(speak, scope.session, meeting, 0))
    action = {
        language: [
            Speaker(scope.services, language).t("talk-sign-up"),
            pack(TalkJoin(meeting.id, 1), scope.services.button_key),
        ]
        for language in ("zh", "en")
    }
    notice = await post_notice(
        scope.session,
        Notice(
            author_id=staff.id,
            scope_place_id=community.id,
            audience={"places": [], "roles": [], "language": None},
            text_zh=texts["zh"],
            text_en=texts["en"],
            urgency=Urgency.normal,
            topic=Topic.activities,
            status=NoticeStatus.scheduled,
            send_at=scope.now,
            created_at=scope.now,
            recipients=0,
            queue_cursor=0,
            remind_hours=0,
            action=action,
        ),
        scope.now,
    )
    meeting.notice_id = notice.id
    remind_at = starts_at - timedelta(hours=scope.services.settings.booking_remind_day_hours)
    if remind_at > scope.now:
        await timers.schedule(scope.session, REMIND, meeting.id, remind_at)
    return meeting


async def minutes_and_tell(
    scope: Scope, meeting: Meeting, staff: Person, summary: str, outcomes: dict[int, str]
) -> int:
    decided = await publish_minutes(scope.session, meeting, staff, summary, outcomes, scope.now)
    return await tell_outcomes(scope, meeting, decided, await signup_ids(scope.session, meeting.id))


async def cancel_and_tell(scope: Scope, meeting: Meeting, reason: str) -> int:
    signups = await cancel_meeting(scope.session, meeting, scope.now, policy_of(scope.services.settings), reason)
    await timers.cancel(scope.session, REMIND, meeting.id)
    return await tell_cancelled(scope, meeting, signups)


async def meeting_place(scope: Scope, meeting: Meeting, language: str) -> str:
    return await place_of(scope.session, meeting, language)
