"""Grid management, the residents' side: report a problem, follow a neighbour's report, see my cases,
confirm a fix, say it is back, answer a handler's question. The handlers' side is in staff.py.

Reporting is one short flow: category → description → up to three photos → where (a shared pin, my
building or another one) → "is it one of these?" (open reports of the same kind nearby) → submit,
choosing whether the handlers may see my name and phone. Public views never name a reporter.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

import handlers.grid.staff as grid_staff
from handlers.core.buttons import InvalidButton, MenuAction, Payload
from handlers.core.context import Ctx
from handlers.core.feature import Audience, ButtonFn, Command, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Button, in_rows
from handlers.grid.buttons import GridResident, GridView
from handlers.grid.notify import tell_handlers, tell_new_case
from handlers.grid.text import Speaker, case_facts, case_number, excerpt, public_line
from models.grid.store import (
    MAX_PHOTOS,
    CaseState,
    GridCase,
    GridCategory,
    NewCase,
    answer_question,
    building_location,
    categories,
    confirm_case,
    follow_case,
    follower_count,
    grid_of,
    is_follower,
    may_handle,
    my_cases,
    nearby_open_cases,
    nearest_building,
    photos_of,
    reopen_case,
    submit_case,
)
from models.media import save_media
from models.places import Place, PlaceKind, buildings_of_community

REPORT_FLOW = "grid-report"
REPLY_FLOW = "grid-reply"
MAX_DESCRIPTION = 500
MAX_REPLY = 300
PER_ROW = 2


# --- reporting: category ---------------------------------------------------------------------------


async def run_report(ctx: Ctx) -> None:
    ctx.enter(REPORT_FLOW, "category", photos=[])
    await ask_category(ctx)


async def ask_category(ctx: Ctx) -> None:
    picks = [ctx.pick(category.name(ctx.language), category.id) for category in await categories(ctx.session)]
    rows = in_rows(picks, PER_ROW)
    ctx.say("grid-ask-category", [*rows, menu_button(ctx)])


async def on_category(ctx: Ctx, value: str) -> None:
    category = await ctx.session.get(GridCategory, int(value)) if value.isdigit() else None
    if category is None or not category.active:
        raise InvalidButton("no such category")
    await ctx.advance("description", ask_description, category=category.id)


# --- description and photos ------------------------------------------------------------------------


async def ask_description(ctx: Ctx) -> None:
    category = await ctx.session.get(GridCategory, ctx.data["category"])
    assert category is not None
    ctx.say("grid-ask-description", [menu_button(ctx)], category=category.name(ctx.language), max=MAX_DESCRIPTION)


async def on_description(ctx: Ctx, text: str) -> None:
    await ctx.advance("photos", ask_photos, description=text)


async def ask_photos(ctx: Ctx) -> None:
    count = len(ctx.data["photos"])
    done = ctx.pick(ctx.t("grid-photos-done" if count else "grid-photos-skip"), "done")
    ctx.say("grid-ask-photos", [[done], menu_button(ctx)], count=count, max=MAX_PHOTOS)


async def on_photo(ctx: Ctx) -> None:
    photo = ctx.incoming.photo
    if photo is None:  # a location here: it comes at the next step
        ctx.say("grid-photo-expected")
        await ask_photos(ctx)
        return
    media = await save_media(ctx.session, photo.content, photo.mime_type, ctx.person.id)
    photos = [*ctx.data["photos"], media.id]
    ctx.remember(photos=photos)
    if len(photos) >= MAX_PHOTOS:
        ctx.goto("where")
        ctx.say("grid-photos-full", max=MAX_PHOTOS)
        await ask_where(ctx)
        return
    await ask_photos(ctx)


async def on_photos_done(ctx: Ctx, value: str) -> None:
    await ctx.advance("where", ask_where)


# --- where -----------------------------------------------------------------------------------------


async def _my_building(ctx: Ctx) -> Place | None:
    if ctx.person.building_id is None:
        return None
    return await ctx.session.get(Place, ctx.person.building_id)


async def ask_where(ctx: Ctx) -> None:
    mine = await _my_building(ctx)
    rows: list[list[Button]] = []
    if mine is not None:
        rows.append([ctx.pick(ctx.t("grid-where-mine", building=mine.name(ctx.language)), "mine")])
    rows.append([ctx.pick(ctx.t("grid-where-other"), "other")])
    # Each channel's own control for sending a place (Telegram's 📎 menu, the web chat's 📍 button).
    ctx.say("grid-ask-where", [*rows, menu_button(ctx)], channel=ctx.incoming.channel)


async def on_where(ctx: Ctx, value: str) -> None:
    if value == "mine":
        mine = await _my_building(ctx)
        if mine is None:
            raise InvalidButton("no building of mine")
        await _located(ctx, mine)
    elif value == "other":
        await ctx.advance("building", ask_building)
    else:
        raise InvalidButton("unknown where")


async def on_where_pin(ctx: Ctx) -> None:
    spot = ctx.incoming.location
    if spot is None:
        ctx.say("grid-location-expected")
        await ask_where(ctx)
        return
    found = await nearest_building(ctx.session, spot.latitude, spot.longitude)
    limit = ctx.services.settings.grid_max_pin_distance_m
    if found is None or found[1] > limit:
        ctx.say("grid-pin-too-far", max=limit)
        await ask_where(ctx)
        return
    await _located(ctx, found[0], (spot.latitude, spot.longitude))


async def ask_building(ctx: Ctx) -> None:
    community = await ctx.session.get(Place, ctx.person.community_id) if ctx.person.community_id else None
    buildings = await buildings_of_community(ctx.session, community) if community else []
    picks = [ctx.pick(building.name(ctx.language), building.id) for building in buildings]
    rows = in_rows(picks, PER_ROW)
    ctx.say("grid-ask-building", [*rows, menu_button(ctx)])


async def on_building(ctx: Ctx, value: str) -> None:
    building = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    community = await ctx.session.get(Place, ctx.person.community_id) if ctx.person.community_id else None
    if building is None or building.kind is not PlaceKind.building or community is None:
        raise InvalidButton("not a building")
    if not community.contains(building):
        raise InvalidButton("building of another community")
    await _located(ctx, building)


async def _located(ctx: Ctx, building: Place, pin: tuple[float, float] | None = None) -> None:
    """The place is known: a pin keeps its own coordinates, a building brings its stored ones."""
    if await grid_of(ctx.session, building) is None:
        raise InvalidButton("building outside any grid")
    latitude = longitude = None
    if pin is not None:
        latitude, longitude = pin
    elif (spot := await building_location(ctx.session, building.id)) is not None:
        latitude, longitude = spot.latitude, spot.longitude
    ctx.remember(building=building.id, latitude=latitude, longitude=longitude, pinned=pin is not None)
    nearby = await nearby_open_cases(ctx.session, ctx.data["category"], building.id, latitude, longitude)
    if nearby:
        await ctx.advance("duplicates", ask_duplicates, nearby=[case.id for case in nearby])
    else:
        await ctx.advance("confirm", ask_confirm)


# --- "is it one of these?" -------------------------------------------------------------------------


async def ask_duplicates(ctx: Ctx) -> None:
    lines = []
    picks = []
    for case_id in ctx.data["nearby"]:
        case = await ctx.session.get(GridCase, case_id)
        if case is None:
            continue
        facts = await case_facts(ctx.session, case)
        lines.append(public_line(Speaker.of(ctx), facts, await follower_count(ctx.session, case.id)))
        picks.append([ctx.pick(ctx.t("grid-dup-follow", number=case_number(case.id)), case.id)])
    ctx.say(
        "grid-ask-duplicates",
        [*picks, [ctx.pick(ctx.t("grid-dup-new"), "new")], menu_button(ctx)],
        cases="\n\n".join(lines),
    )


async def on_duplicate(ctx: Ctx, value: str) -> None:
    if value == "new":
        await ctx.advance("confirm", ask_confirm)
        return
    if not value.isdigit() or int(value) not in ctx.data["nearby"]:
        raise InvalidButton("not one of the cases shown")
    case = await ctx.session.get(GridCase, int(value))
    if case is None:
        raise InvalidButton("case gone")
    ctx.leave()
    if case.state not in (CaseState.submitted, CaseState.accepted, CaseState.in_progress):
        ctx.say("grid-dup-gone", [[ctx.button("grid-button-report", MenuAction("report"))], menu_button(ctx)])
        return
    added = await follow_case(ctx.session, case, ctx.person, ctx.now)
    ctx.say(
        "grid-followed" if added else "grid-followed-already",
        [[Speaker.of(ctx).view_button(case.id)], menu_button(ctx)],
        number=case_number(case.id),
        count=await follower_count(ctx.session, case.id) + 1,
    )


# --- confirm and submit ----------------------------------------------------------------------------


async def ask_confirm(ctx: Ctx) -> None:
    category = await ctx.session.get(GridCategory, ctx.data["category"])
    building = await ctx.session.get(Place, ctx.data["building"])
    assert category is not None
    assert building is not None
    # Ask to share only what Linli has: onboarding asks for neither a name nor a phone.
    person = ctx.person
    contact = {(True, True): "both", (True, False): "name", (False, True): "phone"}.get(
        (bool(person.display_name), bool(person.phone)), "none"
    )
    share = [[ctx.pick(ctx.t("grid-submit-share"), "share")]] if contact != "none" else []
    ctx.say(
        "grid-confirm",
        [
            *share,
            [ctx.pick(ctx.t("grid-submit-anonymous"), "anonymous")],
            [ctx.pick(ctx.t("button-cancel"), "cancel")],
        ],
        contact=contact,
        category=category.name(ctx.language),
        place=building.name(ctx.language),
        pinned="yes" if ctx.data["pinned"] else "no",
        description=excerpt(ctx.data["description"], 200),
        photos=len(ctx.data["photos"]),
        hours=category.accept_hours,
        days=category.resolve_days,
    )


async def on_confirm(ctx: Ctx, value: str) -> None:
    if value == "cancel":
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("cancelled"))
        return
    if value not in ("share", "anonymous"):
        raise InvalidButton("unknown choice")
    category = await ctx.session.get(GridCategory, ctx.data["category"])
    building = await ctx.session.get(Place, ctx.data["building"])
    if category is None or building is None:
        raise InvalidButton("category or building gone")
    new = NewCase(
        category=category,
        description=ctx.data["description"],
        building=building,
        latitude=ctx.data["latitude"],
        longitude=ctx.data["longitude"],
        pinned=bool(ctx.data["pinned"]),
        share_contact=value == "share",
        photo_ids=ctx.data["photos"],
    )
    ctx.leave()
    case = await submit_case(ctx.session, ctx.person, new, ctx.now)
    facts = await case_facts(ctx.session, case)
    await tell_new_case(ctx, facts)
    ctx.say(
        "grid-submitted",
        [[ctx.button("grid-button-mine", MenuAction("mycases"))], menu_button(ctx)],
        number=case_number(case.id),
        hours=category.accept_hours,
        shared="yes" if new.share_contact else "no",
    )


# --- my cases and a case's view --------------------------------------------------------------------


async def run_my_cases(ctx: Ctx) -> None:
    cases = await my_cases(ctx.session, ctx.person.id)
    if not cases:
        ctx.say("grid-mine-none", [[ctx.button("grid-button-report", MenuAction("report"))], menu_button(ctx)])
        return
    lines, buttons = [], []
    for case in cases:
        facts = await case_facts(ctx.session, case)
        lines.append(public_line(Speaker.of(ctx), facts, await follower_count(ctx.session, case.id)))
        buttons.append([Speaker.of(ctx).view_button(case.id)])
    ctx.say("grid-mine", [*buttons, menu_button(ctx)], cases="\n\n".join(lines))


async def _case(session: AsyncSession, case_id: int) -> GridCase:
    case = await session.get(GridCase, case_id)
    if case is None:
        raise InvalidButton("no such case")
    return case


async def on_view(ctx: Ctx, item: GridView) -> None:
    case = await _case(ctx.session, item.case)
    if await may_handle(ctx.session, ctx.person.id, case):
        await grid_staff.show_staff_case(ctx, case)
        return
    await show_resident_case(ctx, case)


async def _is_watcher(ctx: Ctx, case: GridCase) -> bool:
    return case.reporter_id == ctx.person.id or await is_follower(ctx.session, case.id, ctx.person.id)


async def show_resident_case(ctx: Ctx, case: GridCase) -> None:
    if not await _is_watcher(ctx, case):
        ctx.say("grid-not-yours", [menu_button(ctx)], case=case_number(case.id))
        return
    facts = await case_facts(ctx.session, case)
    reporter = case.reporter_id == ctx.person.id
    rows: list[list[Button]] = []
    if case.state is CaseState.resolved and reporter:
        rows.append(
            [
                ctx.button("grid-res-ok", GridResident(case.id, "ok")),
                ctx.button("grid-res-meh", GridResident(case.id, "meh")),
            ]
        )
    window = timedelta(days=ctx.services.settings.grid_reopen_days)
    resolved_at = case.resolved_at
    if (
        case.state in (CaseState.resolved, CaseState.closed)
        and resolved_at is not None
        and ctx.now <= resolved_at + window
    ):
        rows.append([ctx.button("grid-res-reopen", GridResident(case.id, "reopen"))])
    if case.question_open and reporter:
        rows.append([ctx.button("grid-res-answer", GridResident(case.id, "answer"))])
    if await photos_of(ctx.session, case.id):
        rows.append([ctx.button("grid-button-photos", GridResident(case.id, "photos"))])
    rows.append([ctx.button("grid-button-mine", MenuAction("mycases")), *menu_button(ctx)])
    ctx.say(
        "grid-resident-case",
        rows,
        line=public_line(Speaker.of(ctx), facts, await follower_count(ctx.session, case.id)),
        history=await grid_staff.history_text(ctx, case, public=True),
        role="reporter" if reporter else "follower",
    )


# --- the reporter's and followers' actions ---------------------------------------------------------


async def on_resident(ctx: Ctx, item: GridResident) -> None:
    case = await _case(ctx.session, item.case)
    if not await _is_watcher(ctx, case):
        ctx.say("grid-not-yours", [menu_button(ctx)], case=case_number(case.id))
        return
    if item.action == "photos":
        await grid_staff.send_photos(ctx, case)
    elif item.action in ("ok", "meh"):
        await confirm_case(ctx.session, case, ctx.person, item.action == "ok", ctx.now)
        ctx.say(
            "grid-confirmed",
            [[ctx.button("grid-button-mine", MenuAction("mycases"))], menu_button(ctx)],
            number=case_number(case.id),
            satisfied="yes" if item.action == "ok" else "no",
        )
    elif item.action == "reopen":
        # Checked now, not only when the reason arrives: no typing for a case that cannot be reopened.
        if case.state not in (CaseState.resolved, CaseState.closed):
            ctx.say("grid-not-reopenable", [menu_button(ctx)], case=case_number(case.id))
            return
        ctx.enter(REPLY_FLOW, "reopen", case=case.id)
        await ask_reopen(ctx)
    elif item.action == "answer":
        if not case.question_open or case.reporter_id != ctx.person.id:
            ctx.say("grid-no-question", [menu_button(ctx)], case=case_number(case.id))
            return
        ctx.enter(REPLY_FLOW, "answer", case=case.id)
        await ask_answer(ctx)
    else:
        raise InvalidButton("unknown resident action")


async def ask_reopen(ctx: Ctx) -> None:
    ctx.say("grid-ask-reopen", [menu_button(ctx)], number=case_number(ctx.data["case"]), max=MAX_REPLY)


async def on_reopen_text(ctx: Ctx, text: str) -> None:
    case = await _case(ctx.session, ctx.data["case"])
    ctx.leave()
    window = timedelta(days=ctx.services.settings.grid_reopen_days)
    await reopen_case(ctx.session, case, ctx.person, text, ctx.now, window)
    facts = await case_facts(ctx.session, case)
    await tell_handlers(ctx, facts, "reopened", text)
    ctx.say(
        "grid-reopened",
        [[Speaker.of(ctx).view_button(case.id)], menu_button(ctx)],
        number=case_number(case.id),
        hours=facts.category.accept_hours,
    )


async def ask_answer(ctx: Ctx) -> None:
    question = await grid_staff.open_question(ctx.session, ctx.data["case"])
    ctx.say("grid-ask-answer", [menu_button(ctx)], number=case_number(ctx.data["case"]), question=question)


async def on_answer_text(ctx: Ctx, text: str) -> None:
    case = await _case(ctx.session, ctx.data["case"])
    ctx.leave()
    await answer_question(ctx.session, case, ctx.person, text, ctx.now)
    facts = await case_facts(ctx.session, case)
    await tell_handlers(ctx, facts, "answer", text)
    ctx.say(
        "grid-answered",
        [[Speaker.of(ctx).view_button(case.id)], menu_button(ctx)],
        number=case_number(case.id),
    )


COMMANDS = [
    Command(
        "report",
        run_report,
        "cmd-report",
        Audience.residents,
        keywords=("反映", "报事", "报修", "投诉", "坏了", "漏水", "report", "problem", "broken"),
    ),
    Command(
        "mycases",
        run_my_cases,
        "cmd-mycases",
        Audience.residents,
        keywords=("我的反映", "进度", "my case", "my report"),
    ),
]
BUTTONS: dict[type[Payload], ButtonFn] = {GridView: on_view, GridResident: on_resident}
FLOWS = [
    Flow(
        REPORT_FLOW,
        {
            "category": Step(ask_category, on_pick=on_category),
            "description": Step(ask_description, on_text=on_description, max_text=MAX_DESCRIPTION),
            "photos": Step(ask_photos, on_pick=on_photos_done, on_media=on_photo, text_hint="grid-hint-photos"),
            "where": Step(ask_where, on_pick=on_where, on_media=on_where_pin, text_hint="grid-hint-where"),
            "building": Step(ask_building, on_pick=on_building),
            "duplicates": Step(ask_duplicates, on_pick=on_duplicate),
            "confirm": Step(ask_confirm, on_pick=on_confirm),
        },
    ),
    Flow(
        REPLY_FLOW,
        {
            "reopen": Step(ask_reopen, on_text=on_reopen_text, max_text=MAX_REPLY),
            "answer": Step(ask_answer, on_text=on_answer_text, max_text=MAX_REPLY),
        },
    ),
]
MENU = [
    MenuEntry("menu-report", "report", Audience.residents, 20),
    MenuEntry("menu-mycases", "mycases", Audience.residents, 21, mine=True),
]
