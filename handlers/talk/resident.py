"""居民说事, the residents' side: raise a matter (title → similar open matters, any of which one may support
instead → a few lines → an optional photo → submit), browse the community's matters (most supported,
newest, my own), support one, see the 说事 meetings and sign up. Staff's answers are in staff.py.

A matter's supports are counted once per person, and a matter reaching its community's threshold goes on
the agenda of the next meeting by itself, once (models.talk.store); its supporters and the staff are told.
"""

from __future__ import annotations

from handlers.core.access import is_manager
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Feature, Flow, MenuEntry, Step
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document
from handlers.core.scope import Speaker
from handlers.talk.buttons import TalkAnswer, TalkJoin, TalkList, TalkMeeting, TalkSupport, TalkView
from handlers.talk.demo import load_demo
from handlers.talk.jobs import TIMERS
from handlers.talk.notify import tell_staff_new, tell_threshold
from handlers.talk.staff import ANSWER, decision_buttons, may_answer, on_answer
from handlers.talk.text import label, line, matter_text, meeting_text
from models.errors import DomainError
from models.media import load_media, save_media
from models.places import Place
from models.talk.store import (
    ANSWERABLE,
    ANSWERED,
    MAX_BODY,
    MAX_TITLE,
    SUPPORTABLE,
    Matter,
    Meeting,
    MeetingStatus,
    Order,
    clean_body,
    clean_title,
    has_supported,
    matters_by,
    matters_of,
    past_meetings,
    raise_matter,
    sign_up,
    signed_up,
    signup_counts,
    similar_open,
    support,
    upcoming_meetings,
    withdraw,
)

RAISE_FLOW = "talk-raise"
PAGE = 5
SKIP = "-"
NEW = "new"


# --- the overview -------------------------------------------------------------------------------------------


async def run_talk(ctx: Ctx) -> None:
    community_id = ctx.person.community_id
    assert community_id is not None  # residents only
    _open, total = await matters_of(ctx.session, community_id, Order.supported, limit=0)
    upcoming = await upcoming_meetings(ctx.session, community_id, ctx.now)
    next_meeting = (
        ctx.t("talk-next-meeting", when=ctx.when(upcoming[0].starts_at), title=upcoming[0].title)
        if upcoming
        else ctx.t("talk-no-meeting")
    )
    ctx.say(
        "talk-overview",
        [
            [ctx.button("talk-button-raise", MenuAction("talknew"))],
            [ctx.button("talk-button-top", TalkList("top", 0)), ctx.button("talk-button-new", TalkList("new", 0))],
            [
                ctx.button("talk-button-answered", TalkList("done", 0)),
                ctx.button("talk-button-meetings", TalkList("meet", 0)),
            ],
            [ctx.button("talk-button-mine", TalkList("mine", 0))],
            menu_button(ctx),
        ],
        open=total,
        meeting=next_meeting,
        threshold=_threshold(ctx, await _community(ctx)),
    )


async def _community(ctx: Ctx) -> Place:
    community = await ctx.session.get(Place, ctx.person.community_id)
    assert community is not None
    return community


def _threshold(ctx: Ctx, community: Place) -> int:
    return ctx.services.settings.talk_threshold(community.code)


# --- raising a matter ---------------------------------------------------------------------------------------


async def run_raise(ctx: Ctx) -> None:
    ctx.enter(RAISE_FLOW, "title")
    await ask_title(ctx)


async def ask_title(ctx: Ctx) -> None:
    ctx.say("talk-ask-title", [[ctx.pick(ctx.t("button-cancel"), SKIP)]], most=MAX_TITLE)


async def on_title_pick(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        await ask_title(ctx)
        return
    await _cancelled(ctx)


async def on_title(ctx: Ctx, text: str) -> None:
    try:
        title = clean_title(text)
    except DomainError as refusal:
        ctx.say(refusal.message_id, **refusal.args_for_message)
        await ask_title(ctx)
        return
    assert ctx.person.community_id is not None
    alike = await similar_open(ctx.session, ctx.person.community_id, title)
    if alike:
        await ctx.advance("similar", ask_similar, title=title, alike=[m.id for m in alike])
    else:
        await ctx.advance("body", ask_body, title=title)


async def ask_similar(ctx: Ctx) -> None:
    alike = [await ctx.session.get(Matter, matter_id) for matter_id in ctx.data["alike"]]
    found = [m for m in alike if m is not None and m.status in SUPPORTABLE]
    rows = [[ctx.pick(ctx.t("talk-support-this", title=m.title), m.id)] for m in found]
    rows.append([ctx.pick(ctx.t("talk-not-the-same"), NEW)])
    rows.append([ctx.pick(ctx.t("button-cancel"), SKIP)])
    lines = "\n".join(line(Speaker.of(ctx), m) for m in found)
    ctx.say("talk-similar", rows, matters=lines)


async def on_similar(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _cancelled(ctx)
        return
    if value == NEW:
        await ctx.advance("body", ask_body)
        return
    if not value.isdigit() or int(value) not in ctx.data["alike"]:
        await ask_similar(ctx)
        return
    matter = await ctx.session.get(Matter, int(value))
    if matter is None:
        await ask_similar(ctx)
        return
    ctx.leave()
    await _support(ctx, matter)


async def ask_body(ctx: Ctx) -> None:
    ctx.say(
        "talk-ask-body",
        [[ctx.pick(ctx.t("talk-no-body"), SKIP)], [ctx.pick(ctx.t("button-cancel"), "cancel")]],
        title=ctx.data["title"],
        most=MAX_BODY,
    )


async def on_body(ctx: Ctx, text: str) -> None:
    try:
        body = clean_body(text)
    except DomainError as refusal:
        ctx.say(refusal.message_id, **refusal.args_for_message)
        await ask_body(ctx)
        return
    await ctx.advance("photo", ask_photo, body=body)


async def on_body_pick(ctx: Ctx, value: str) -> None:
    if value == "cancel":
        await _cancelled(ctx)
    elif value == SKIP:
        await ctx.advance("photo", ask_photo, body="")
    else:
        await ask_body(ctx)


async def ask_photo(ctx: Ctx) -> None:
    ctx.say("talk-ask-photo", [[ctx.pick(ctx.t("talk-no-photo"), SKIP)], [ctx.pick(ctx.t("button-cancel"), "cancel")]])


async def on_photo(ctx: Ctx) -> None:
    photo = ctx.incoming.photo
    if photo is None:  # a shared location: not a photo
        ctx.say("talk-photo-expected")
        await ask_photo(ctx)
        return
    media = await save_media(ctx.session, photo.content, photo.mime_type, ctx.person.id)
    await ctx.advance("confirm", ask_confirm, photo=media.id)


async def on_photo_pick(ctx: Ctx, value: str) -> None:
    if value == "cancel":
        await _cancelled(ctx)
    elif value == SKIP:
        await ctx.advance("confirm", ask_confirm, photo=None)
    else:
        await ask_photo(ctx)


async def ask_confirm(ctx: Ctx) -> None:
    body = ctx.data.get("body") or ctx.t("talk-preview-no-body")
    ctx.say(
        "talk-preview",
        [[ctx.pick(ctx.t("talk-submit"), "yes")], [ctx.pick(ctx.t("button-cancel"), SKIP)]],
        title=ctx.data["title"],
        body=body,
        photo=1 if ctx.data.get("photo") else 0,
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _cancelled(ctx)
        return
    if value != "yes":
        await ask_confirm(ctx)
        return
    matter = await raise_matter(
        ctx.session, ctx.person, ctx.data["title"], ctx.data.get("body", ""), ctx.data.get("photo"), ctx.now
    )
    ctx.leave()
    await tell_staff_new(ctx, matter)
    ctx.say(
        "talk-raised",
        [[ctx.button("talk-button-view", TalkView(matter.id))], menu_button(ctx)],
        number=matter.number,
        threshold=_threshold(ctx, await _community(ctx)),
    )


async def _cancelled(ctx: Ctx) -> None:
    ctx.leave()
    ctx.say("talk-cancelled", [[ctx.button("talk-button-back", MenuAction("talk"))], menu_button(ctx)])


# --- browsing -----------------------------------------------------------------------------------------------


async def on_list(ctx: Ctx, item: TalkList) -> None:
    if item.offset < 0 or item.offset > 10_000:
        raise InvalidButton("offset out of range")
    community_id = ctx.person.community_id
    if community_id is None:
        raise InvalidButton("not a resident")
    if item.order == "meet":
        await _meetings(ctx, community_id)
        return
    if item.order == "mine":
        matters, total = await matters_by(ctx.session, ctx.person.id), 0
    elif item.order in ("top", "new", "done"):
        statuses = ANSWERED if item.order == "done" else SUPPORTABLE
        order = Order.supported if item.order == "top" else Order.newest
        matters, total = await matters_of(
            ctx.session, community_id, order, statuses=statuses, offset=item.offset, limit=PAGE
        )
    else:
        raise InvalidButton(f"unknown order {item.order}")
    back = [ctx.button("talk-button-back", MenuAction("talk")), *menu_button(ctx)]
    if not matters:
        ctx.say("talk-list-empty", [[ctx.button("talk-button-raise", MenuAction("talknew"))], back], edit=True)
        return
    speak = Speaker.of(ctx)
    rows = [[ctx.button("talk-open", TalkView(m.id), label=label(m))] for m in matters]
    if item.order != "mine" and item.offset + PAGE < total:
        rows.append([ctx.button("talk-button-more", TalkList(item.order, item.offset + PAGE))])
    rows.append(back)
    listed = "\n".join(f"{n}. {line(speak, m)}" for n, m in enumerate(matters, start=item.offset + 1))
    ctx.reply(f"{_heading(ctx, item.order, total)}\n\n{listed}", rows, edit=True)


def _heading(ctx: Ctx, order: str, total: int) -> str:
    if order == "mine":
        return ctx.t("talk-list-mine")
    if order == "done":
        return ctx.t("talk-list-done", total=total)
    return ctx.t("talk-list-top" if order == "top" else "talk-list-new", total=total)


async def _meetings(ctx: Ctx, community_id: int) -> None:
    upcoming = await upcoming_meetings(ctx.session, community_id, ctx.now)
    held = await past_meetings(ctx.session, community_id, limit=3)
    rows = [
        [ctx.button("talk-open-meeting", TalkMeeting(m.id), when=ctx.when(m.starts_at), title=m.title)]
        for m in upcoming
    ]
    rows += [
        [ctx.button("talk-open-minutes", TalkMeeting(m.id), when=ctx.when(m.starts_at), title=m.title)] for m in held
    ]
    rows.append([ctx.button("talk-button-back", MenuAction("talk")), *menu_button(ctx)])
    if upcoming or held:
        ctx.say("talk-meetings", rows, upcoming=len(upcoming), edit=True)
    else:
        ctx.say("talk-meetings-none", rows, edit=True)


async def _matter_in_reach(ctx: Ctx, matter_id: int) -> Matter:
    matter = await ctx.session.get(Matter, matter_id)
    if matter is None:
        raise InvalidButton("no such matter")
    if matter.community_id != ctx.person.community_id and not await may_answer(ctx, matter):
        raise InvalidButton("another community's matter")
    return matter


async def on_view(ctx: Ctx, item: TalkView) -> None:
    matter = await _matter_in_reach(ctx, item.matter)
    await show_matter(ctx, matter)


async def show_matter(ctx: Ctx, matter: Matter, *, intro: str | None = None) -> None:
    rows: list[list[Button]] = []
    if (
        matter.status in SUPPORTABLE
        and matter.community_id == ctx.person.community_id
        and not await has_supported(ctx.session, matter.id, ctx.person.id)
    ):
        rows.append([ctx.button("talk-button-support", TalkSupport(matter.id))])
    if matter.meeting_id is not None:
        rows.append([ctx.button("talk-button-meeting", TalkMeeting(matter.meeting_id))])
    if matter.status in ANSWERABLE and await may_answer(ctx, matter):
        rows.append(decision_buttons(ctx, matter))
    rows.append([ctx.button("talk-button-back", TalkList("top", 0)), *menu_button(ctx)])
    text = await matter_text(Speaker.of(ctx), ctx.session, matter)
    if intro:
        text = f"{intro}\n\n{text}"
    media = await load_media(ctx.session, matter.photo_id) if matter.photo_id is not None else None
    if media is not None:
        ctx.reply(text, rows, photo=Document(media.filename, media.content, media.mime_type))
    else:
        ctx.reply(text, rows, edit=True)


async def on_support(ctx: Ctx, item: TalkSupport) -> None:
    matter = await _matter_in_reach(ctx, item.matter)
    await _support(ctx, matter)


async def _support(ctx: Ctx, matter: Matter) -> None:
    if matter.community_id != ctx.person.community_id:
        raise InvalidButton("another community's matter")
    if matter.status not in SUPPORTABLE:
        await show_matter(ctx, matter, intro=ctx.t("talk-err-closed"))
        return
    community = await _community(ctx)
    done = await support(ctx.session, matter, ctx.person, _threshold(ctx, community), ctx.now)
    if done.crossed:
        await tell_threshold(ctx, matter)
    intro = ctx.t("talk-supported" if done.added else "talk-already-supported", supports=done.supports)
    await show_matter(ctx, matter, intro=intro)


# --- meetings -----------------------------------------------------------------------------------------------


async def _meeting_in_reach(ctx: Ctx, meeting_id: int) -> Meeting:
    meeting = await ctx.session.get(Meeting, meeting_id)
    if meeting is None or (meeting.community_id != ctx.person.community_id and not await is_manager(ctx)):
        raise InvalidButton("no such meeting here")
    return meeting


async def on_meeting(ctx: Ctx, item: TalkMeeting) -> None:
    meeting = await _meeting_in_reach(ctx, item.meeting)
    await show_meeting(ctx, meeting)


async def show_meeting(ctx: Ctx, meeting: Meeting, *, intro: str | None = None) -> None:
    counts = await signup_counts(ctx.session, [meeting.id])
    text = await meeting_text(Speaker.of(ctx), ctx.session, meeting, counts.get(meeting.id, 0))
    if intro:
        text = f"{intro}\n\n{text}"
    rows: list[list[Button]] = []
    if meeting.status is MeetingStatus.scheduled and meeting.starts_at > ctx.now:
        if await signed_up(ctx.session, meeting.id, ctx.person.id):
            rows.append([ctx.button("talk-withdraw", TalkJoin(meeting.id, 0))])
        elif meeting.community_id == ctx.person.community_id:
            rows.append([ctx.button("talk-sign-up", TalkJoin(meeting.id, 1))])
    rows.append([ctx.button("talk-button-meetings", TalkList("meet", 0)), *menu_button(ctx)])
    ctx.reply(text, rows, edit=True)


async def on_join(ctx: Ctx, item: TalkJoin) -> None:
    meeting = await _meeting_in_reach(ctx, item.meeting)
    if item.join not in (0, 1):
        raise InvalidButton("join is 0 or 1")
    if meeting.status is not MeetingStatus.scheduled or meeting.starts_at <= ctx.now:
        await show_meeting(ctx, meeting, intro=ctx.t("talk-err-meeting-closed"))
        return
    if item.join:
        added = await sign_up(ctx.session, meeting, ctx.person, ctx.now)
        intro = ctx.t("talk-signed-up" if added else "talk-already-signed-up")
    else:
        removed = await withdraw(ctx.session, meeting, ctx.person, ctx.now)
        intro = ctx.t("talk-withdrawn" if removed else "talk-not-signed-up")
    await show_meeting(ctx, meeting, intro=intro)


COMMANDS = [
    Command(
        "talk",
        run_talk,
        "cmd-talk",
        Audience.residents,
        keywords=("居民说事", "说事", "提建议", "建议", "议事", "talk", "suggest", "proposal"),
    ),
    Command("talknew", run_raise, None, Audience.residents, keywords=("我要说事", "我有建议", "raise a matter")),
]
BUTTONS: dict[type[Payload], ButtonFn] = {
    TalkView: on_view,
    TalkSupport: on_support,
    TalkList: on_list,
    TalkMeeting: on_meeting,
    TalkJoin: on_join,
    TalkAnswer: on_answer,
}
FLOWS = [
    Flow(
        RAISE_FLOW,
        {
            "title": Step(ask_title, on_pick=on_title_pick, on_text=on_title, max_text=MAX_TITLE * 3),
            "similar": Step(ask_similar, on_pick=on_similar),
            "body": Step(ask_body, on_pick=on_body_pick, on_text=on_body, max_text=MAX_BODY),
            "photo": Step(ask_photo, on_pick=on_photo_pick, on_media=on_photo, text_hint="talk-hint-photo"),
            "confirm": Step(ask_confirm, on_pick=on_confirm),
        },
    ),
    ANSWER,
]
FEATURE = Feature(
    "talk",
    commands=COMMANDS,
    buttons=BUTTONS,
    flows=FLOWS,
    menu=[MenuEntry("menu-talk", "talk", Audience.residents, 41)],
    timers=TIMERS,
    demo=load_demo,
)
