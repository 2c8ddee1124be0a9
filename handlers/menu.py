"""The main menu, help, language and cancel: the ways out of anywhere."""

from __future__ import annotations

from handlers.access import admits
from handlers.buttons import InvalidButton, MenuAction, SetLanguage
from handlers.context import Ctx
from handlers.feature import Audience, Command, Feature, MenuEntry
from handlers.messages import Button

BUTTONS_PER_ROW = 2


async def show_menu(ctx: Ctx, *, edit: bool = False, intro: str | None = None) -> None:
    entries = sorted(ctx.services.menu, key=lambda entry: entry.order)
    buttons: list[Button] = []
    for entry in entries:
        if await admits(ctx, entry.audience):
            buttons.append(ctx.button(entry.label, MenuAction(entry.command)))
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    ctx.reply(intro or ctx.t("menu-title"), rows, edit=edit)


def menu_button(ctx: Ctx) -> list[Button]:
    return [ctx.button("button-menu", MenuAction("menu"))]


async def run_menu(ctx: Ctx) -> None:
    await show_menu(ctx)


async def run_help(ctx: Ctx) -> None:
    ctx.say("help-text", [menu_button(ctx)])


async def run_cancel(ctx: Ctx) -> None:
    # The router leaves any flow before a command runs; here we only say so.
    await show_menu(ctx, intro=ctx.t("cancelled"))


async def run_lang(ctx: Ctx) -> None:
    ctx.say(
        "lang-choose",
        [[ctx.button("lang-zh", SetLanguage("zh")), ctx.button("lang-en", SetLanguage("en"))]],
    )


async def on_set_language(ctx: Ctx, item: SetLanguage) -> None:
    if item.language not in ctx.services.catalog.languages:
        raise InvalidButton("unknown language")
    ctx.person.language = item.language
    await show_menu(ctx, edit=True, intro=ctx.t("lang-set"))


FEATURE = Feature(
    name="menu",
    commands=[
        Command("menu", run_menu, "cmd-menu"),
        Command("help", run_help, "cmd-help"),
        Command("lang", run_lang, "cmd-lang"),
        Command("cancel", run_cancel, "cmd-cancel"),
    ],
    buttons={SetLanguage: on_set_language},
    menu=[
        MenuEntry("menu-lang", "lang", Audience.everyone, 80),
        MenuEntry("menu-help", "help", Audience.everyone, 90),
    ],
)
