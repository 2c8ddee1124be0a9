"""Joining a community: /start -> language -> community -> building -> unit -> privacy consent -> menu.

Nothing personal is written to the person's record until they consent: the answers wait in the
conversation state, which expires on its own. ``/start c-<code>`` (a community's QR code) skips the
community question; ``/start b-<code>`` (a building's poster at its lift) skips the building's too. The
same steps, entered from /me, change a registered person's address.
"""

from __future__ import annotations

import re

from handlers.core.buttons import MenuAction
from handlers.core.context import Ctx
from handlers.core.feature import Audience, Command, Feature, Flow, MenuEntry, Step
from handlers.core.menu import show_menu
from handlers.core.messages import in_rows
from models.places import (
    Place,
    PlaceKind,
    buildings_of_community,
    children,
    community_of,
    place_by_code,
    places_of_kind,
)

FLOW = "onboarding"
DEEP_LINK = re.compile(r"^c-([a-z0-9-]{1,30})$")
BUILDING_LINK = re.compile(r"^b-([a-z0-9-]{1,30})$")
MAX_UNIT_CHARS = 40
# Above this many communities, ask for the street first: a long list is hard to read on a phone.
MAX_COMMUNITY_BUTTONS = 8
BUILDINGS_PER_ROW = 3
SKIP = "-"


async def run_start(ctx: Ctx) -> None:
    community, building = await _linked_place(ctx, ctx.incoming.args)
    if ctx.person.is_registered and community is None:
        name = ctx.person.display_name or ""
        await show_menu(ctx, intro=ctx.t("welcome-back", name=name, named="yes" if name else "no"))
        return
    ctx.enter(
        FLOW,
        "language",
        community=community.id if community else None,
        building=building.id if building else None,
        editing=False,
    )
    await ask_language(ctx)


async def _linked_place(ctx: Ctx, args: str) -> tuple[Place | None, Place | None]:
    """The community (and building) a QR code's deep link names; (None, None) for none or an unknown one."""
    if match := DEEP_LINK.match(args):
        community = await place_by_code(ctx.session, match.group(1))
        if community is not None and community.kind is PlaceKind.community:
            return community, None
        ctx.say("onboard-unknown-link")
    elif match := BUILDING_LINK.match(args):
        building = await place_by_code(ctx.session, match.group(1))
        community = await community_of(ctx.session, building) if building is not None else None
        if building is not None and building.kind is PlaceKind.building and community is not None:
            return community, building
        ctx.say("onboard-unknown-link")
    return None, None


async def start_address_change(ctx: Ctx) -> None:
    ctx.enter(FLOW, "community", community=None, editing=True)
    await _ask_where(ctx)


# --- language -------------------------------------------------------------------------------------


async def ask_language(ctx: Ctx) -> None:
    rows = [[ctx.pick("中文", "zh"), ctx.pick("English", "en")]]
    if ctx.incoming.channel != "telegram":  # in the web chat, a Telegram user joins their account (/link)
        rows.append([ctx.button("link-onboarding-button", MenuAction("link"))])
    ctx.say("onboard-welcome", rows)


async def on_language(ctx: Ctx, value: str) -> None:
    if value in ctx.services.catalog.languages:
        ctx.person.language = value
    building = await ctx.session.get(Place, ctx.data["building"]) if ctx.data.get("building") else None
    if building is not None:
        community = await _community(ctx)
        ctx.say(
            "onboard-building-from-link",
            community=community.name(ctx.language),
            building=building.name(ctx.language),
        )
        await ctx.advance("unit", ask_unit)
    elif ctx.data.get("community"):
        ctx.goto("building")
        linked = await ctx.session.get(Place, ctx.data["community"])
        ctx.say("onboard-community-from-link", community=linked.name(ctx.language) if linked else "")
        await ask_building(ctx)
    else:
        await ctx.advance("community", _ask_where)


# --- street and community -------------------------------------------------------------------------


async def _ask_where(ctx: Ctx) -> None:
    communities = await places_of_kind(ctx.session, PlaceKind.community)
    if len(communities) > MAX_COMMUNITY_BUTTONS and not ctx.data.get("street"):
        await ctx.advance("street", ask_street)
    else:
        await ask_community(ctx)


async def ask_street(ctx: Ctx) -> None:
    streets = await places_of_kind(ctx.session, PlaceKind.street)
    ctx.say("onboard-street", in_rows([ctx.pick(s.name(ctx.language), s.id) for s in streets], 2))


async def on_street(ctx: Ctx, value: str) -> None:
    street = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if street is None or street.kind is not PlaceKind.street:
        await ask_street(ctx)
        return
    await ctx.advance("community", ask_community, street=street.id)


async def ask_community(ctx: Ctx) -> None:
    if street_id := ctx.data.get("street"):
        communities = list(await children(ctx.session, street_id))
    else:
        communities = list(await places_of_kind(ctx.session, PlaceKind.community))
    buttons = [ctx.pick(c.name(ctx.language), c.id) for c in communities]
    ctx.say("onboard-community", in_rows(buttons, 2))


async def on_community(ctx: Ctx, value: str) -> None:
    community = await ctx.session.get(Place, int(value)) if value.isdigit() else None
    if community is None or community.kind is not PlaceKind.community:
        await ask_community(ctx)
        return
    await ctx.advance("building", ask_building, community=community.id)


# --- building and unit ----------------------------------------------------------------------------


async def _community(ctx: Ctx) -> Place:
    community = await ctx.session.get(Place, ctx.data["community"])
    assert community is not None
    return community


async def ask_building(ctx: Ctx) -> None:
    buildings = await buildings_of_community(ctx.session, await _community(ctx))
    buttons = [ctx.pick(b.name(ctx.language), b.id) for b in buildings]
    rows = in_rows(buttons, BUILDINGS_PER_ROW)
    rows.append([ctx.pick(ctx.t("onboard-building-none"), SKIP)])
    ctx.say("onboard-building", rows)


async def on_building(ctx: Ctx, value: str) -> None:
    community = await _community(ctx)
    if value == SKIP:
        ctx.remember(building=None)
    else:
        building = await ctx.session.get(Place, int(value)) if value.isdigit() else None
        if building is None or building.kind is not PlaceKind.building or not community.contains(building):
            await ask_building(ctx)
            return
        ctx.remember(building=building.id)
    await ctx.advance("unit", ask_unit)


async def on_building_text(ctx: Ctx, text: str) -> None:
    """An elderly resident may simply type "3栋": accept it when it names exactly one building."""
    buildings = await buildings_of_community(ctx.session, await _community(ctx))
    wanted = text.replace(" ", "").lower()
    matches = [b for b in buildings if wanted in (b.name_zh.replace(" ", ""), b.name_en.replace(" ", "").lower())]
    if len(matches) == 1:
        await on_building(ctx, str(matches[0].id))
    else:
        ctx.say("hint-use-buttons")
        await ask_building(ctx)


async def ask_unit(ctx: Ctx) -> None:
    ctx.say("onboard-unit", [[ctx.pick(ctx.t("button-skip"), SKIP)]])


async def on_unit_skip(ctx: Ctx, value: str) -> None:
    if value != SKIP:
        await ask_unit(ctx)
        return
    await _after_unit(ctx, None)


async def on_unit(ctx: Ctx, text: str) -> None:
    await _after_unit(ctx, text)


async def _after_unit(ctx: Ctx, unit: str | None) -> None:
    ctx.remember(unit=unit)
    if ctx.data.get("editing") and ctx.person.consented_at is not None:
        await _save_residence(ctx)
        ctx.leave()
        await show_menu(ctx, intro=ctx.t("profile-address-saved"))
        return
    await ctx.advance("consent", ask_consent)


# --- consent --------------------------------------------------------------------------------------


async def ask_consent(ctx: Ctx) -> None:
    ctx.say(
        "onboard-privacy",
        [[ctx.pick(ctx.t("button-agree"), "yes"), ctx.pick(ctx.t("button-decline"), "no")]],
    )


async def on_consent(ctx: Ctx, value: str) -> None:
    if value == "no":
        ctx.leave()
        ctx.say("onboard-declined", [[ctx.button("button-start-again", MenuAction("start"))]])
        return
    if value != "yes":
        await ask_consent(ctx)
        return
    await _save_residence(ctx)
    ctx.person.consented_at = ctx.now
    community = await _community(ctx)
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("onboard-done", community=community.name(ctx.language)))


async def _save_residence(ctx: Ctx) -> None:
    ctx.person.community_id = ctx.data["community"]
    ctx.person.building_id = ctx.data.get("building")
    ctx.person.unit = ctx.data.get("unit")


STEPS = {
    "language": Step(ask_language, on_pick=on_language),
    "street": Step(ask_street, on_pick=on_street),
    "community": Step(ask_community, on_pick=on_community),
    "building": Step(ask_building, on_pick=on_building, on_text=on_building_text, max_text=30),
    "unit": Step(ask_unit, on_pick=on_unit_skip, on_text=on_unit, max_text=MAX_UNIT_CHARS),
    "consent": Step(ask_consent, on_pick=on_consent),
}

FEATURE = Feature(
    name="onboarding",
    commands=[Command("start", run_start, "cmd-start")],
    flows=[Flow(FLOW, STEPS)],
    menu=[MenuEntry("menu-join", "start", Audience.guests, 0)],
)
