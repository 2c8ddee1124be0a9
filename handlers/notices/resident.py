"""Residents and notices: /notices (the recent ones for my place), opening one, confirming a critical
one, muting topics.
"""

from __future__ import annotations

from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience as CommandAudience
from handlers.core.feature import ButtonFn, Command, MenuEntry
from handlers.core.menu import menu_button
from handlers.core.messages import Button, Document
from handlers.notices.buttons import NoticeAckButton, NoticeOpen, NoticeSentList, NoticeTopics
from handlers.notices.text import notice_reply
from models.media import MediaFile, load_media
from models.notices.store import (
    UNMUTABLE_LOCALLY,
    Notice,
    Topic,
    Urgency,
    acknowledge,
    acknowledged_by,
    muted_topics,
    notice_scopes,
    notices_for,
    set_muted,
    was_meant_for,
)
from models.places import Place


async def run_notices(ctx: Ctx) -> None:
    """The recent notices meant for me, and the way to my topic settings (and, for staff, theirs)."""
    notices = await notices_for(ctx.session, ctx.person, ctx.now)
    rows: list[list[Button]] = []
    lines = []
    for notice in notices:
        topic = ctx.t(f"notices-topic-{notice.topic.value}")
        first = notice.text(ctx.language).strip().splitlines()[0][:40]
        lines.append(ctx.t("notices-list-line", date=ctx.when(notice.send_at), topic=topic, text=first))
        rows.append(
            [ctx.button("notices-open-button", NoticeOpen(notice.id), topic=topic, date=ctx.when(notice.send_at))]
        )
    rows.append([ctx.button("notices-settings-button", NoticeTopics(""))])
    if await notice_scopes(ctx.session, ctx.person.id):
        rows.append(
            [
                ctx.button("notices-compose-button", MenuAction("notice")),
                ctx.button("notices-sent-button", NoticeSentList(0)),
            ]
        )
    rows.append(menu_button(ctx))
    if lines:
        ctx.say("notices-recent", rows, list="\n".join(lines))
    else:
        ctx.say("notices-recent-none", rows)


async def on_open(ctx: Ctx, item: NoticeOpen) -> None:
    notice = await ctx.session.get(Notice, item.notice)
    if notice is None or not await was_meant_for(ctx.session, notice, ctx.person.id):
        raise InvalidButton("not a notice of mine")
    scope = await ctx.session.get(Place, notice.scope_place_id)
    assert scope is not None
    reply = notice_reply(ctx.services, notice, scope.name(ctx.language), ctx.language)
    rows: list[list[Button]] = []
    if notice.urgency is Urgency.critical and not await acknowledged_by(ctx.session, notice.id, ctx.person.id):
        rows.append([ctx.button("notices-ack-button", NoticeAckButton(notice.id))])
    rows.append([ctx.button("notices-back-button", MenuAction("notices"))])
    rows.append(menu_button(ctx))
    media = await load_media(ctx.session, notice.media_id) if notice.media_id is not None else None
    ctx.reply(f"{ctx.when(notice.send_at)}\n{reply.text}", rows, photo=_document(media))


def _document(media: MediaFile | None) -> Document | None:
    return Document(media.filename, media.content, media.mime_type) if media is not None else None


async def on_ack(ctx: Ctx, item: NoticeAckButton) -> None:
    notice = await ctx.session.get(Notice, item.notice)
    if notice is None or not await was_meant_for(ctx.session, notice, ctx.person.id):
        raise InvalidButton("not a notice of mine")
    first = await acknowledge(ctx.session, notice.id, ctx.person.id, ctx.now)
    ctx.say(
        "notices-ack-thanks" if first else "notices-ack-already",
        [[ctx.button("notices-recent-button", MenuAction("notices"))], menu_button(ctx)],
    )


async def on_topics(ctx: Ctx, item: NoticeTopics) -> None:
    if not ctx.person.is_registered:
        ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        return
    if item.topic:
        if item.topic not in {topic.value for topic in Topic}:
            raise InvalidButton("unknown topic")
        topic = Topic(item.topic)
        await set_muted(ctx.session, ctx.person.id, topic, topic not in await muted_topics(ctx.session, ctx.person.id))
    muted = await muted_topics(ctx.session, ctx.person.id)
    rows = [
        [
            ctx.button(
                "notices-topic-toggle",
                NoticeTopics(topic.value),
                topic=ctx.t(f"notices-topic-{topic.value}"),
                muted="yes" if topic in muted else "no",
            )
        ]
        for topic in Topic
    ]
    rows.append([ctx.button("notices-back-button", MenuAction("notices"))])
    rows.append(menu_button(ctx))
    unmutable = ctx.t("list-separator").join(
        ctx.t(f"notices-topic-{topic.value}") for topic in Topic if topic in UNMUTABLE_LOCALLY
    )
    ctx.say("notices-settings", rows, edit=bool(item.topic), unmutable=unmutable)


COMMANDS = [
    Command(
        "notices", run_notices, "notices-cmd", CommandAudience.residents, keywords=("通知", "公告", "notice", "notices")
    )
]
BUTTONS: dict[type[Payload], ButtonFn] = {NoticeAckButton: on_ack, NoticeTopics: on_topics, NoticeOpen: on_open}
MENU = [MenuEntry("notices-menu", "notices", CommandAudience.residents, 60, mine=True)]
