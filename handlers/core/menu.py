"""The main menu, help, language and cancel: the ways out of anywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator

from handlers.core.access import admits, has_work
from handlers.core.buttons import InvalidButton, MenuAction, SetLanguage
from handlers.core.context import Ctx
from handlers.core.feature import Audience, Command, Feature, MenuEntry
from handlers.core.messages import Button, in_rows

BUTTONS_PER_ROW = 2


async def _visible(ctx: Ctx, entry: MenuEntry) -> bool:
    return await admits(ctx, entry.audience) and (entry.shown is None or await entry.shown(ctx))


async def work_entries(ctx: Ctx) -> AsyncIterator[MenuEntry]:
    """The "My work" entries this person sees (staff tools of every feature), in menu order, checked one
    at a time: the main menu only needs to know there is one."""
    staff = [entry for entry in sorted(ctx.services.menu, key=lambda e: e.order) if entry.staff]
    if not staff or not await has_work(ctx):
        return
    for entry in staff:
        if await _visible(ctx, entry):
            yield entry


async def has_work_entries(ctx: Ctx) -> bool:
    async for _entry in work_entries(ctx):
        return True
    return False


async def show_menu(ctx: Ctx, *, edit: bool = False, intro: str | None = None) -> None:
    """Everyone's entries two to a row (related ones side by side); for people who work for the
    community, one "My work" button on top instead of a dozen staff entries."""
    buttons = [
        ctx.button(entry.label, MenuAction(entry.command))
        for entry in sorted(ctx.services.menu, key=lambda e: e.order)
        if not entry.staff and await _visible(ctx, entry)
    ]
    rows = in_rows(buttons, BUTTONS_PER_ROW)
    if await has_work_entries(ctx):
        rows.insert(0, [ctx.button("menu-work", MenuAction("work"))])
    ctx.reply(intro or ctx.t("menu-title"), rows, edit=edit)


async def run_work(ctx: Ctx) -> None:
    entries = [entry async for entry in work_entries(ctx)]
    if not entries:
        ctx.say("staff-only", [menu_button(ctx)])
        return
    rows = in_rows([ctx.button(entry.label, MenuAction(entry.command)) for entry in entries], BUTTONS_PER_ROW)
    ctx.say("menu-work-title", [*rows, menu_button(ctx)], edit=True)


def menu_button(ctx: Ctx) -> list[Button]:
    """The way home as a row of its own."""
    return [ctx.menu_button()]


async def run_menu(ctx: Ctx) -> None:
    await show_menu(ctx)


async def run_help(ctx: Ctx) -> None:
    # Buttons, not "/me" and "/forget" to type: many residents have never typed a command.
    ctx.say(
        "help-text",
        [
            [ctx.button("menu-me", MenuAction("me")), ctx.button("menu-lang", MenuAction("lang"))],
            [ctx.button("profile-forget", MenuAction("forget"))],
            menu_button(ctx),
        ],
    )


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
        Command("menu", run_menu, "cmd-menu", keywords=("菜单", "主页", "menu")),
        Command("help", run_help, "cmd-help", keywords=("帮助", "怎么用", "不会用", "help")),
        Command("lang", run_lang, "cmd-lang", keywords=("语言", "english", "中文", "language")),
        Command("cancel", run_cancel, "cmd-cancel"),
        Command("work", run_work, None, Audience.residents),
    ],
    buttons={SetLanguage: on_set_language},
    menu=[
        MenuEntry("menu-lang", "lang", Audience.everyone, 80),
        MenuEntry("menu-help", "help", Audience.everyone, 90),
    ],
)
