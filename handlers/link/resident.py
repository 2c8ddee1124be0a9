"""/link: one person, several apps. A resident who already uses Linli on Telegram opens the web chat
(or the other way round) and joins the two with a one-time code.

``/link`` in the app where the person is registered gives a 6-digit code; ``/link 123456`` typed in the
other app moves that app's account to the code's person, and the stand-in person made for it on first
contact goes away. Codes are single-use, short-lived and stored hashed (models/web.py); wrong guesses
are limited per account, so six digits are enough.
"""

from __future__ import annotations

import re
from datetime import timedelta

import models.outbox as outbox
from handlers.core.buttons import MenuAction
from handlers.core.context import Ctx
from handlers.core.feature import Audience, Command, Feature, MenuEntry
from handlers.core.menu import menu_button, show_menu
from handlers.core.messages import Reply
from models.errors import DomainError
from models.link import move_account
from models.people import Person, accounts_of
from models.web import CODE_DIGITS, CodePurpose, failures_since, issue_code, record_attempt, redeem_code

MAX_WRONG_CODES = 5
WRONG_CODES_WINDOW = timedelta(minutes=15)
CODE = re.compile(rf"^\d{{{CODE_DIGITS}}}$")


def _attempts_key(ctx: Ctx) -> str:
    return f"link:{ctx.account.id}"


async def run_link(ctx: Ctx) -> None:
    typed = "".join(ctx.incoming.args.split())  # "123 456" as read out over the phone
    if typed:
        await _redeem(ctx, typed)
    elif ctx.person.is_registered:
        await _give_code(ctx)
    else:
        # Nothing to join yet on this side: the code comes from the app where they are known.
        ctx.say("link-how", [[ctx.button("button-join", MenuAction("start"))], menu_button(ctx)])


async def _give_code(ctx: Ctx) -> None:
    minutes = ctx.services.settings.console_code_minutes
    code = await issue_code(ctx.session, ctx.person.id, CodePurpose.link, ctx.now, timedelta(minutes=minutes))
    ctx.say("link-code", [menu_button(ctx)], code=code, minutes=minutes)


async def _redeem(ctx: Ctx, typed: str) -> None:
    key = _attempts_key(ctx)
    wrong = await failures_since(ctx.session, key, ctx.now - WRONG_CODES_WINDOW)
    if wrong >= MAX_WRONG_CODES:
        ctx.say("link-too-many", [menu_button(ctx)], minutes=int(WRONG_CODES_WINDOW.total_seconds() // 60))
        return
    if not CODE.match(typed):
        ctx.say("link-bad-format", [menu_button(ctx)])  # a slip, not a guess: not counted
        return
    person_id = await redeem_code(ctx.session, CodePurpose.link, typed, ctx.now)
    target = await ctx.session.get(Person, person_id) if person_id is not None else None
    if target is None or target.forgotten_at is not None:
        await record_attempt(ctx.session, [key], ctx.now, succeeded=False)
        ctx.say("link-wrong", [menu_button(ctx)], left=MAX_WRONG_CODES - wrong - 1)
        return
    # Refusals below roll the transaction back, so the code stays usable for the right chat.
    if target.id == ctx.person.id:
        raise DomainError("link-same-account")
    if ctx.person.is_registered:
        raise DomainError("link-registered-here")
    await record_attempt(ctx.session, [key], ctx.now, succeeded=True)
    await move_account(ctx.session, ctx.account, target)
    ctx.person = target
    await _tell_other_accounts(ctx)
    await show_menu(ctx, intro=ctx.t("link-done"))


async def _tell_other_accounts(ctx: Ctx) -> None:
    """A joined chat reads everything the person is sent: their other apps hear of it at once, so a
    code that was passed on by mistake does not go unnoticed."""
    channel = ctx.t(f"channel-{ctx.incoming.channel}")
    notice = Reply(ctx.t("link-joined-notice", channel=channel)).to_payload()
    for account in await accounts_of(ctx.session, ctx.person.id):
        if account.id == ctx.account.id:
            continue
        outbox.enqueue(
            ctx.session,
            channel=account.channel,
            chat_id=account.chat_id,
            person_id=ctx.person.id,
            kind="link",
            payload=notice,
            not_before=ctx.now,
        )
        ctx.notified += 1


FEATURE = Feature(
    name="link",
    commands=[Command("link", run_link, "cmd-link", keywords=("关联", "绑定", "link"))],
    # One entry in the menu, named for what it does, rather than a button for one app in every page's header.
    menu=[MenuEntry("menu-link", "link", Audience.residents, 70, mine=True)],
)
