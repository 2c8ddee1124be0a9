"""What Linli keeps about me (/me), changing it, and erasing it (/forget)."""

from __future__ import annotations

import re

from handlers.core.buttons import InvalidButton, MenuAction, ProfileAction
from handlers.core.context import Ctx
from handlers.core.feature import Audience, Command, Feature, Flow, MenuEntry, Step
from handlers.core.menu import menu_button, show_menu
from handlers.onboarding.resident import start_address_change
from models.pact.store import latest_pledge
from models.people import forget_person, grants_of
from models.places import Place

MAX_NAME_CHARS = 30
# Mainland mobile numbers: 11 digits starting 13-19; "+86", spaces and dashes are forgiven.
PHONE = re.compile(r"^1[3-9]\d{9}$")
REMOVE = "remove"


async def run_me(ctx: Ctx) -> None:
    person = ctx.person
    unset = ctx.t("profile-unset")

    async def place_name(place_id: int | None) -> str:
        place = await ctx.session.get(Place, place_id) if place_id else None
        return place.name(ctx.language) if place else unset

    roles = [
        ctx.t("profile-role", role=ctx.t(f"role-{grant.role.value}"), place=place.name(ctx.language))
        for grant, place in await grants_of(ctx.session, person.id)
    ]
    pledge = await latest_pledge(ctx.session, person.id)
    ctx.say(
        "profile-summary",
        [
            [ctx.button("profile-edit-address", ProfileAction("address"))],
            [
                ctx.button("profile-edit-phone", ProfileAction("phone")),
                ctx.button("profile-edit-name", ProfileAction("name")),
            ],
            [ctx.button("profile-forget", ProfileAction("forget"))],
            menu_button(ctx),
        ],
        name=person.display_name or unset,
        language=ctx.t(f"lang-{person.language}"),
        community=await place_name(person.community_id),
        building=await place_name(person.building_id),
        unit=person.unit or unset,
        phone=person.phone or unset,
        consent=ctx.when(person.consented_at) if person.consented_at else ctx.t("profile-no-consent"),
        roles="\n".join(roles) if roles else ctx.t("profile-no-roles"),
        pledge=ctx.t("profile-pledge", title=pledge[1].title(ctx.language), version=pledge[1].number)
        if pledge
        else ctx.t("profile-no-pledge"),
        channel=ctx.t(f"channel-{ctx.account.channel}"),
    )


async def on_profile_action(ctx: Ctx, item: ProfileAction) -> None:
    if item.action == "forget":
        await run_forget(ctx)
        return
    if not ctx.person.is_registered:
        ctx.say("need-registration", [[ctx.button("button-join", MenuAction("start"))]])
        return
    if item.action == "address":
        await start_address_change(ctx)
    elif item.action == "phone":
        ctx.enter("profile", "phone")
        await ask_phone(ctx)
    elif item.action == "name":
        ctx.enter("profile", "name")
        await ask_name(ctx)
    else:
        raise InvalidButton(f"profile action {item.action}")


async def ask_phone(ctx: Ctx) -> None:
    buttons = [[ctx.pick(ctx.t("profile-phone-remove"), REMOVE)]] if ctx.person.phone else []
    ctx.say("profile-phone-ask", buttons)


async def on_phone(ctx: Ctx, text: str) -> None:
    digits = re.sub(r"[\s\-()]", "", text)
    digits = digits.removeprefix("+86").removeprefix("0086")
    if not PHONE.match(digits):
        ctx.say("profile-phone-invalid")
        await ask_phone(ctx)
        return
    ctx.person.phone = digits
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("profile-saved"))


async def on_phone_remove(ctx: Ctx, value: str) -> None:
    if value == REMOVE:
        ctx.person.phone = None
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("profile-saved"))


async def ask_name(ctx: Ctx) -> None:
    ctx.say("profile-name-ask", [menu_button(ctx)], max=MAX_NAME_CHARS)


async def on_name(ctx: Ctx, text: str) -> None:
    ctx.person.display_name = " ".join(text.split())
    ctx.leave()
    await show_menu(ctx, intro=ctx.t("profile-saved"))


async def run_forget(ctx: Ctx) -> None:
    ctx.enter("forget", "confirm")
    await ask_forget(ctx)


async def ask_forget(ctx: Ctx) -> None:
    ctx.say(
        "forget-confirm",
        [[ctx.pick(ctx.t("forget-yes"), "yes")], [ctx.pick(ctx.t("button-keep"), "no")]],
    )


async def on_forget(ctx: Ctx, value: str) -> None:
    ctx.leave()
    if value != "yes":
        await show_menu(ctx, intro=ctx.t("forget-kept"))
        return
    goodbye = ctx.t("forget-done")  # in their language, before the language setting goes too
    # This chat's state row goes with everything else; remove it through the ORM so the core
    # does not try to delete it a second time.
    if ctx.state in ctx.session:
        await ctx.session.delete(ctx.state)
        await ctx.session.flush()
    await forget_person(ctx.session, ctx.person)
    ctx.reply(goodbye)


FEATURE = Feature(
    name="profile",
    commands=[
        Command("me", run_me, "cmd-me", keywords=("我的信息", "个人信息", "改名字", "my details", "my name")),
        Command("forget", run_forget, "cmd-forget"),
    ],
    buttons={ProfileAction: on_profile_action},
    flows=[
        Flow(
            "profile",
            {
                "phone": Step(ask_phone, on_pick=on_phone_remove, on_text=on_phone, max_text=30),
                "name": Step(ask_name, on_text=on_name, max_text=MAX_NAME_CHARS),
            },
        ),
        Flow("forget", {"confirm": Step(ask_forget, on_pick=on_forget)}),
    ],
    menu=[MenuEntry("menu-me", "me", Audience.everyone, 65, mine=True)],  # after the services, beside the language
)
