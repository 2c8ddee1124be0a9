"""Staff notices: compose (audience, texts, photo, urgency, topic, time), preview with the exact number of
recipients, send or schedule; each notice's ledger, cancelling it, the list of what I sent.

The audience is queued by the ``notices.queue`` timer in chunks (``handlers.notices.jobs``), never in the
staff member's own message: a notice to 100,000 people must not hold up the chat that sent it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

import models.timers as timers
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience as CommandAudience
from handlers.core.feature import ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, in_rows
from handlers.core.scope import Scope, after_quiet_hours
from handlers.core.times import parse_local_time
from handlers.notices.buttons import NoticeCancelButton, NoticeLedgerButton, NoticeSentList
from handlers.notices.jobs import REMIND_TIMER, WATCH_TIMER
from handlers.notices.text import ledger_text, notice_reply
from models.errors import DomainError
from models.media import save_media
from models.notices.store import (
    MAX_NOTICE_CHARS,
    QUEUE_TIMER,
    AudienceRole,
    Notice,
    NoticeStatus,
    Topic,
    Urgency,
    audience_of,
    cancel_notice,
    count_audience,
    ledger,
    may_manage,
    notice_scopes,
    notices_of_places,
)
from models.places import Place, PlaceKind, tree_sorted

FLOW = "notice-compose"
MAX_SCHEDULE_AHEAD = timedelta(days=60)
MAX_PLACE_BUTTONS = 30
DONE = "done"
SKIP = "-"
# Below each kind of scope, the kinds a notice can be narrowed to (one and two levels down).
NARROWER = {
    PlaceKind.district: (PlaceKind.street, PlaceKind.community),
    PlaceKind.street: (PlaceKind.community, PlaceKind.grid),
    PlaceKind.community: (PlaceKind.grid, PlaceKind.building),
    PlaceKind.grid: (PlaceKind.building,),
}


# --- composing -------------------------------------------------------------------------------------


async def run_notice(ctx: Ctx) -> None:
    scopes = await notice_scopes(ctx.session, ctx.person.id)
    if not scopes:
        ctx.say("notices-staff-only", [[ctx.button("notices-recent-button", MenuAction("notices"))], menu_button(ctx)])
        return
    if len(scopes) == 1:
        ctx.enter(FLOW, "audience", scope=scopes[0].id)
        await ask_audience(ctx)
        return
    ctx.enter(FLOW, "scope")
    await ask_scope(ctx)


async def ask_scope(ctx: Ctx) -> None:
    scopes = await notice_scopes(ctx.session, ctx.person.id)
    rows = [[ctx.pick(place.name(ctx.language), place.id)] for place in scopes]
    ctx.say("notices-ask-scope", [*rows, [ctx.pick(ctx.t("button-cancel"), SKIP)]])


async def on_scope(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _abandon(ctx)
        return
    if not value.isdigit() or int(value) not in {place.id for place in await notice_scopes(ctx.session, ctx.person.id)}:
        raise InvalidButton("not a scope of mine")
    await ctx.advance("audience", ask_audience, scope=int(value))


async def _scope(ctx: Ctx) -> Place:
    """The place this draft speaks for, re-checked: a role revoked mid-draft ends the draft."""
    scope_id = ctx.data.get("scope")
    for place in await notice_scopes(ctx.session, ctx.person.id):
        if place.id == scope_id:
            return place
    raise DomainError("notices-no-longer-allowed")


async def ask_audience(ctx: Ctx) -> None:
    scope = await _scope(ctx)
    ctx.say(
        "notices-ask-audience",
        [
            [ctx.pick(ctx.t("notices-audience-all", place=scope.name(ctx.language)), "all")],
            [ctx.pick(ctx.t("notices-audience-places"), "places")],
            [ctx.pick(ctx.t("notices-audience-roles"), "roles")],
            [ctx.pick(ctx.t("button-cancel"), SKIP)],
        ],
    )


async def on_audience(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _abandon(ctx)
    elif value == "all":
        await ctx.advance("language", ask_language, places=[], roles=[])
    elif value == "places":
        await ctx.advance("places", ask_places, places=[], roles=[])
    elif value == "roles":
        await ctx.advance("roles", ask_roles, places=[], roles=[])
    else:
        raise InvalidButton("unknown audience")


async def _narrower_places(ctx: Ctx, scope: Place) -> Sequence[Place]:
    kinds = NARROWER.get(scope.kind, ())
    if not kinds:
        return []
    result = await ctx.session.scalars(
        select(Place)
        .where(Place.path.startswith(scope.path), Place.kind.in_(kinds))
        .order_by(Place.path, Place.sort_order)
        .limit(MAX_PLACE_BUTTONS)
    )
    return await tree_sorted(ctx.session, result.all())


async def ask_places(ctx: Ctx) -> None:
    scope = await _scope(ctx)
    chosen = set(ctx.data.get("places") or [])
    places = await _narrower_places(ctx, scope)
    if not places:  # a grid with no buildings: nothing to narrow to
        ctx.say("notices-no-narrower")
        await ctx.advance("audience", ask_audience)
        return
    buttons = [ctx.pick(("✅ " if place.id in chosen else "") + place.name(ctx.language), place.id) for place in places]
    rows = in_rows(buttons, 2)
    finish = [ctx.pick(ctx.t("notices-choice-done", count=len(chosen)), DONE)] if chosen else []
    ctx.say("notices-ask-places", [*rows, finish, [ctx.pick(ctx.t("button-cancel"), SKIP)]], edit=True)


async def on_places(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _abandon(ctx)
        return
    if value == DONE:
        if not ctx.data.get("places"):
            await ask_places(ctx)
            return
        await ctx.advance("language", ask_language)
        return
    scope = await _scope(ctx)
    allowed = {place.id for place in await _narrower_places(ctx, scope)}
    if not value.isdigit() or int(value) not in allowed:
        raise InvalidButton("place outside the scope")
    chosen = set(ctx.data.get("places") or [])
    chosen ^= {int(value)}
    ctx.remember(places=sorted(chosen))
    await ask_places(ctx)


async def ask_roles(ctx: Ctx) -> None:
    chosen = set(ctx.data.get("roles") or [])
    buttons = [
        [ctx.pick(("✅ " if role.value in chosen else "") + ctx.t(f"notices-role-{role.value}"), role.value)]
        for role in AudienceRole
    ]
    finish = [ctx.pick(ctx.t("notices-choice-done", count=len(chosen)), DONE)] if chosen else []
    ctx.say("notices-ask-roles", [*buttons, finish, [ctx.pick(ctx.t("button-cancel"), SKIP)]], edit=True)


async def on_roles(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _abandon(ctx)
        return
    if value == DONE:
        if not ctx.data.get("roles"):
            await ask_roles(ctx)
            return
        await ctx.advance("language", ask_language)
        return
    if value not in {role.value for role in AudienceRole}:
        raise InvalidButton("unknown role")
    chosen = set(ctx.data.get("roles") or []) ^ {value}
    ctx.remember(roles=sorted(chosen))
    await ask_roles(ctx)


async def ask_language(ctx: Ctx) -> None:
    ctx.say(
        "notices-ask-language",
        [
            [ctx.pick(ctx.t("notices-language-all"), "all")],
            [ctx.pick(ctx.t("notices-language-zh"), "zh"), ctx.pick(ctx.t("notices-language-en"), "en")],
            [ctx.pick(ctx.t("button-cancel"), SKIP)],
        ],
    )


async def on_language(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _abandon(ctx)
        return
    if value not in ("all", "zh", "en"):
        raise InvalidButton("unknown language filter")
    await ctx.advance("text_zh", ask_text_zh, language=None if value == "all" else value)


async def ask_text_zh(ctx: Ctx) -> None:
    ctx.say("notices-ask-zh", [[ctx.pick(ctx.t("button-cancel"), SKIP)]], max=MAX_NOTICE_CHARS)


async def on_text_zh(ctx: Ctx, text: str) -> None:
    await ctx.advance("text_en", ask_text_en, zh=text)


async def on_cancel_pick(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        raise InvalidButton("unexpected choice")
    await _abandon(ctx)


async def ask_text_en(ctx: Ctx) -> None:
    ctx.say("notices-ask-en", [[ctx.pick(ctx.t("button-skip"), SKIP)]], max=MAX_NOTICE_CHARS)


async def on_text_en(ctx: Ctx, text: str) -> None:
    await ctx.advance("media", ask_media, en=text)


async def on_skip_en(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        raise InvalidButton("unexpected choice")
    await ctx.advance("media", ask_media, en="")


async def ask_media(ctx: Ctx) -> None:
    ctx.say("notices-ask-photo", [[ctx.pick(ctx.t("notices-no-photo"), SKIP)]])


async def on_media(ctx: Ctx) -> None:
    photo = ctx.incoming.photo
    if photo is None or not photo.content:
        ctx.say("notices-photo-missing")
        await ask_media(ctx)
        return
    media = await save_media(ctx.session, photo.content, photo.mime_type, ctx.person.id)
    ctx.remember(media=media.id)
    ctx.say("notices-photo-kept")
    await ctx.advance("urgency", ask_urgency)


async def on_skip_media(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        raise InvalidButton("unexpected choice")
    await ctx.advance("urgency", ask_urgency, media=None)


async def ask_urgency(ctx: Ctx) -> None:
    rows = [[ctx.pick(ctx.t(f"notices-urgency-{urgency.value}"), urgency.value)] for urgency in Urgency]
    ctx.say("notices-ask-urgency", rows)


async def on_urgency(ctx: Ctx, value: str) -> None:
    if value not in {urgency.value for urgency in Urgency}:
        raise InvalidButton("unknown urgency")
    await ctx.advance("topic", ask_topic, urgency=value)


async def ask_topic(ctx: Ctx) -> None:
    buttons = [ctx.pick(ctx.t(f"notices-topic-{topic.value}"), topic.value) for topic in Topic]
    ctx.say("notices-ask-topic", in_rows(buttons, 2))


async def on_topic(ctx: Ctx, value: str) -> None:
    if value not in {topic.value for topic in Topic}:
        raise InvalidButton("unknown topic")
    await ctx.advance("when", ask_when, topic=value)


def _local(ctx: Ctx) -> datetime:
    return ctx.now.astimezone(ctx.services.settings.tz)


def _quick_times(ctx: Ctx) -> list[tuple[str, datetime]]:
    """Ready-made moments: in an hour, tomorrow morning and evening (local time)."""
    local = _local(ctx)
    tomorrow = (local + timedelta(days=1)).replace(second=0, microsecond=0)
    return [
        ("hour", (local + timedelta(hours=1)).replace(second=0, microsecond=0)),
        ("morning", tomorrow.replace(hour=8, minute=0)),
        ("evening", tomorrow.replace(hour=18, minute=0)),
    ]


async def ask_when(ctx: Ctx) -> None:
    rows = [[ctx.pick(ctx.t("notices-when-now"), "now")]]
    rows += [
        [ctx.pick(ctx.t(f"notices-when-{name}", time=ctx.when(moment)), name)] for name, moment in _quick_times(ctx)
    ]
    ctx.say("notices-ask-when", rows)


async def on_when_pick(ctx: Ctx, value: str) -> None:
    if value == "now":
        ctx.remember(send_at=None)
    else:
        moments = dict(_quick_times(ctx))
        if value not in moments:
            raise InvalidButton("unknown time")
        ctx.remember(send_at=moments[value].isoformat())
    await ctx.advance("confirm", ask_confirm)


async def on_when_text(ctx: Ctx, text: str) -> None:
    moment = parse_local_time(text, _local(ctx))
    if moment is None:
        ctx.say("notices-time-unclear")
        await ask_when(ctx)
        return
    if moment <= ctx.now:
        ctx.say("notices-time-past", time=ctx.when(moment))
        await ask_when(ctx)
        return
    if moment - ctx.now > MAX_SCHEDULE_AHEAD:
        ctx.say("notices-time-too-far", days=MAX_SCHEDULE_AHEAD.days)
        await ask_when(ctx)
        return
    await ctx.advance("confirm", ask_confirm, send_at=moment.isoformat())


def _draft(ctx: Ctx, scope: Place) -> Notice:
    """The notice as drafted so far (not added to the session)."""
    data = ctx.data
    send_at = datetime.fromisoformat(data["send_at"]) if data.get("send_at") else ctx.now
    return Notice(
        author_id=ctx.person.id,
        scope_place_id=scope.id,
        audience={"places": data.get("places") or [], "roles": data.get("roles") or [], "language": data["language"]},
        text_zh=data["zh"],
        text_en=data.get("en") or "",
        media_id=data.get("media"),
        urgency=Urgency(data["urgency"]),
        topic=Topic(data["topic"]),
        status=NoticeStatus.scheduled,
        send_at=send_at,
        recipients=0,
        queue_cursor=0,
        remind_hours=0,
    )


async def _audience_summary(ctx: Ctx, scope: Place, draft: Notice) -> str:
    spec = draft.audience
    if spec["roles"]:
        who = ctx.t("list-separator").join(ctx.t(f"notices-role-{role}") for role in spec["roles"])
        who = ctx.t("notices-summary-roles", roles=who, place=scope.name(ctx.language))
    elif spec["places"]:
        chosen = await ctx.session.scalars(select(Place).where(Place.id.in_(spec["places"])))
        places = await tree_sorted(ctx.session, chosen)
        who = ctx.t("list-separator").join(place.name(ctx.language) for place in places)
    else:
        who = scope.name(ctx.language)
    if spec["language"]:
        who = ctx.t("notices-summary-language", who=who, language=ctx.t(f"notices-language-{spec['language']}"))
    return who


async def ask_confirm(ctx: Ctx) -> None:
    scope = await _scope(ctx)
    draft = _draft(ctx, scope)
    audience = await audience_of(ctx.session, draft)
    count = await count_audience(ctx.session, audience)
    preview = notice_reply(ctx.services, draft, scope.name(ctx.language), ctx.language)
    held = draft.urgency is Urgency.normal and after_quiet_hours(draft.send_at, ctx.services.settings) is not None
    rows = [[ctx.pick(ctx.t("notices-confirm-send", count=count), "send")]] if count else []
    rows.append([ctx.pick(ctx.t("notices-change-time"), "time"), ctx.pick(ctx.t("button-cancel"), SKIP)])
    ctx.say(
        "notices-preview",
        rows,
        who=await _audience_summary(ctx, scope, draft),
        count=count,
        urgency=ctx.t(f"notices-urgency-{draft.urgency.value}"),
        topic=ctx.t(f"notices-topic-{draft.topic.value}"),
        when=ctx.t("notices-when-now") if not ctx.data.get("send_at") else ctx.when(draft.send_at),
        held="yes" if held else "no",
        photo="yes" if draft.media_id is not None else "no",
        preview=preview.text,
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value == SKIP:
        await _abandon(ctx)
        return
    if value == "time":
        await ctx.advance("when", ask_when)
        return
    if value != "send":
        raise InvalidButton("unexpected choice")
    scope = await _scope(ctx)
    draft = _draft(ctx, scope)
    if draft.send_at < ctx.now - timedelta(minutes=1):  # a scheduled time that passed while they read
        ctx.say("notices-time-past", time=ctx.when(draft.send_at))
        await ctx.advance("when", ask_when)
        return
    if await count_audience(ctx.session, await audience_of(ctx.session, draft)) == 0:
        ctx.say("notices-nobody")
        await ask_confirm(ctx)
        return
    draft.created_at = ctx.now
    draft.remind_hours = ctx.services.settings.notices_remind_hours if draft.urgency is Urgency.critical else 0
    ctx.session.add(draft)
    await ctx.session.flush()
    await timers.schedule(ctx.session, QUEUE_TIMER, draft.id, max(draft.send_at, ctx.now))
    ctx.leave()
    scheduled = bool(ctx.data.get("send_at")) or draft.send_at > ctx.now
    ctx.say(
        "notices-scheduled" if scheduled else "notices-sending",
        [[ctx.button("notices-ledger-button", NoticeLedgerButton(draft.id))], menu_button(ctx)],
        time=ctx.when(draft.send_at),
    )


async def _abandon(ctx: Ctx) -> None:
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("cancelled"))


# --- staff: the ledger, cancelling, the list -----------------------------------------------------


async def _managed(ctx: Ctx, notice_id: int) -> Notice:
    notice = await ctx.session.get(Notice, notice_id)
    if notice is None or not await may_manage(ctx.session, ctx.person.id, notice):
        raise InvalidButton("not a notice I may manage")
    return notice


async def on_sent_list(ctx: Ctx, item: NoticeSentList) -> None:
    scopes = await notice_scopes(ctx.session, ctx.person.id)
    if not scopes:
        ctx.say("notices-staff-only", [menu_button(ctx)])
        return
    notices = await notices_of_places(ctx.session, scopes)
    rows = [
        [
            ctx.button(
                "notices-sent-line",
                NoticeLedgerButton(notice.id),
                date=ctx.when(notice.send_at),
                status=ctx.t(f"notices-status-{notice.status.value}"),
                text=notice.text(ctx.language).strip().splitlines()[0][:24],
            )
        ]
        for notice in notices
    ]
    rows.append([ctx.button("notices-compose-button", MenuAction("notice"))])
    rows.append(menu_button(ctx))
    ctx.say("notices-sent-title" if notices else "notices-sent-none", rows)


async def on_ledger(ctx: Ctx, item: NoticeLedgerButton) -> None:
    notice = await _managed(ctx, item.notice)
    rows: list[list[Button]] = [[ctx.button("notices-refresh-button", NoticeLedgerButton(notice.id))]]
    if notice.is_open:
        rows.append([ctx.button("notices-cancel-button", NoticeCancelButton(notice.id, 0))])
    rows.append([ctx.button("notices-sent-button", NoticeSentList(0))])
    rows.append(menu_button(ctx))
    ctx.reply(await ledger_text(ctx.services, ctx.session, notice, ctx.language), rows, edit=True)


async def on_cancel(ctx: Ctx, item: NoticeCancelButton) -> None:
    notice = await _managed(ctx, item.notice)
    if not notice.is_open:
        ctx.say(
            "notices-not-open", [[ctx.button("notices-ledger-button", NoticeLedgerButton(notice.id))], menu_button(ctx)]
        )
        return
    if not item.confirmed:
        ctx.say(
            "notices-cancel-confirm",
            [
                [ctx.button("notices-cancel-yes", NoticeCancelButton(notice.id, 1))],
                [ctx.button("notices-cancel-no", NoticeLedgerButton(notice.id))],
            ],
            edit=True,
        )
        return
    withdrawn, sent = await cancel(ctx, notice=notice)
    ctx.say(
        "notices-cancelled",
        [[ctx.button("notices-ledger-button", NoticeLedgerButton(notice.id))], menu_button(ctx)],
        withdrawn=withdrawn,
        sent=sent,
    )


async def cancel(scope: Scope, *, notice: Notice) -> tuple[int, int]:
    """Stop a notice: what is not yet delivered is withdrawn from the outbox, its timers end. Returns how
    many messages were withdrawn and how many people it had already reached."""
    withdrawn = await cancel_notice(scope.session, notice, scope.now)
    for kind in (QUEUE_TIMER, WATCH_TIMER, REMIND_TIMER):
        await timers.cancel(scope.session, kind, notice.id)
    return withdrawn, (await ledger(scope.session, notice.id)).sent


async def may_notify(ctx: Ctx) -> bool:
    """Grid workers, community staff, street and district admins: each to their own place."""
    return bool(await notice_scopes(ctx.session, ctx.person.id))


COMMANDS = [Command("notice", run_notice, None, CommandAudience.everyone)]
BUTTONS: dict[type[Payload], ButtonFn] = {
    NoticeLedgerButton: on_ledger,
    NoticeCancelButton: on_cancel,
    NoticeSentList: on_sent_list,
}
FLOWS = [
    Flow(
        FLOW,
        {
            "scope": Step(ask_scope, on_pick=on_scope),
            "audience": Step(ask_audience, on_pick=on_audience),
            "places": Step(ask_places, on_pick=on_places),
            "roles": Step(ask_roles, on_pick=on_roles),
            "language": Step(ask_language, on_pick=on_language),
            "text_zh": Step(ask_text_zh, on_pick=on_cancel_pick, on_text=on_text_zh, max_text=MAX_NOTICE_CHARS),
            "text_en": Step(ask_text_en, on_pick=on_skip_en, on_text=on_text_en, max_text=MAX_NOTICE_CHARS),
            "media": Step(ask_media, on_pick=on_skip_media, on_media=on_media, text_hint="notices-photo-hint"),
            "urgency": Step(ask_urgency, on_pick=on_urgency),
            "topic": Step(ask_topic, on_pick=on_topic),
            "when": Step(ask_when, on_pick=on_when_pick, on_text=on_when_text, text_hint="notices-time-unclear"),
            "confirm": Step(ask_confirm, on_pick=on_confirm),
        },
    )
]
MENU = [MenuEntry("notices-menu-compose", "notice", CommandAudience.residents, 75, staff=True, shown=may_notify)]
