"""`/console` in chat: a staff member gets a one-time sign-in link and code for the web console.

The chat account is the proof of identity: whoever can read this chat is the person the codes sign in. The
link's GET only shows a "sign in" button (chat apps open links for previews), see ``bot.console.auth``.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.core.context import Ctx
from handlers.core.feature import Audience, Command, Feature, MenuEntry
from handlers.core.menu import menu_button
from models.web import CodePurpose, is_console_user, issue_code, issue_link_token


async def run_console(ctx: Ctx) -> None:
    if not await is_console_user(ctx.session, ctx.person.id):
        ctx.say("console-not-staff", [menu_button(ctx)])
        return
    minutes = ctx.services.settings.console_code_minutes
    ttl = timedelta(minutes=minutes)
    code = await issue_code(ctx.session, ctx.person.id, CodePurpose.console, ctx.now, ttl)
    token = await issue_link_token(ctx.session, ctx.person.id, CodePurpose.console, ctx.now, ttl)
    link = f"{ctx.services.settings.base_url}/console/login/link?token={token}"
    ctx.say("console-code-message", code=code, link=link, minutes=minutes)


async def may_use_console(ctx: Ctx) -> bool:
    return await is_console_user(ctx.session, ctx.person.id)


FEATURE = Feature(
    name="console",
    commands=[Command("console", run_console, None, Audience.everyone)],
    menu=[MenuEntry("menu-console", "console", Audience.residents, 79, staff=True, shown=may_use_console)],
)
