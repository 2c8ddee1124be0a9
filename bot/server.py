"""`linli run`: one aiohttp server for the web chat (``/``), the staff console (``/console``), ``/healthz``, the
Telegram webhook and the WeChat endpoint; Telegram and WeChat when configured; the workers (timers, outbox
senders, clean-up).

Every channel's outbox sender registers its ``wake`` with ``Linli.outbox_listeners``, so work queued anywhere
(a timer, a console action, a message on another channel) is picked up at once rather than at the next poll.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import select

from bot.app import Linli
from bot.channels.webchat.channel import WebChat
from bot.console.app import setup_console
from bot.console.auth import issue_login_link, sign_in_vouched
from bot.feeds import setup_feeds
from bot.housekeeping import run_housekeeping
from bot.wakeups import CrossProcessWake, asyncpg_dsn
from bot.web import WebServer
from handlers.core.scope import Acting
from handlers.evaluation.jobs import start_cadence
from models.people import ChannelAccount, Person
from models.seed import DEMO_CHANNEL
from models.web import is_console_user

log = logging.getLogger(__name__)

DEMO_LINK_HOURS = 24
DEMO_LINKS_SHOWN = 6


def settle_heap() -> None:
    """Once a long-running process has started: collect, then move everything alive to the collector's
    permanent generation. Start-up leaves some 200,000 objects (modules, the ORM, message catalogs) that
    every full collection would walk again: about 200 ms with the event loop stopped, which in a
    broadcast shows up as requests held a fifth of a second, and so as a lower sending rate (every pacer
    slot is held until its answer is in). Objects created later are collected as usual."""
    gc.collect()
    gc.freeze()


def mount_web(linli: Linli, app: web.Application) -> WebChat:
    """The web chat and the console on ``app`` (the server's, or a test's)."""
    chat = WebChat(linli)
    chat.setup(app)
    linli.outbox_listeners.append(chat.wake)
    setup_console(app, linli)
    setup_feeds(app, linli)
    return chat


async def demo_sign_in_lines(linli: Linli, limit: int = DEMO_LINKS_SHOWN) -> list[str]:
    """One-time console links for the first demo staff (printed to the operator's terminal only)."""
    now = linli.services.clock()
    lines: list[str] = []
    async with linli.sessionmaker() as session, session.begin():
        rows = await session.execute(
            select(ChannelAccount.external_id, Person)
            .join(Person, Person.id == ChannelAccount.person_id)
            .where(ChannelAccount.channel == DEMO_CHANNEL)
            .order_by(Person.id)
        )
        for handle, person in rows:
            if len(lines) >= limit:
                break
            if await is_console_user(session, person.id):
                link = await issue_login_link(session, linli, person, now, timedelta(hours=DEMO_LINK_HOURS))
                lines.append(f"  {handle:9} {person.display_name:6} {link}")
    return lines


async def start_evaluation_cadence(linli: Linli) -> None:
    """Every community on the 群众评 cadence (its next round at the end of the period now running), once per
    community: a running server is what evaluates community work each quarter, not a step someone must
    remember. Idempotent; the demo and the tests, which never call it, keep an empty outbox."""
    async with linli.sessionmaker() as session, session.begin():
        started = await start_cadence(Acting(linli.services, session, linli.services.clock()))
    if started:
        log.info(
            "residents' evaluation: %d communities put on the %d-month cadence",
            started,
            linli.settings.evaluation_months,
        )


async def run_server(
    linli: Linli,
    stop: asyncio.Event,
    *,
    ready: asyncio.Event | None = None,
    telegram: bool | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run until ``stop`` is set. ``telegram``: None = when a token is set."""
    settings = linli.settings
    use_telegram = settings.telegram_token is not None if telegram is None else telegram
    server = WebServer(linli, settings.web_host, settings.web_port)
    chat = mount_web(linli, server.app)
    runtime = None
    if use_telegram:
        from bot.channels.telegram.channel import TelegramRuntime  # only this path needs python-telegram-bot loaded

        runtime = TelegramRuntime(linli, server)
    wechat = None
    if settings.wechat_enabled:
        from bot.channels.wechat.channel import WeChatRuntime  # wechatpy and its crypto only when configured

        async def console_sign_in(
            request: web.Request, response: web.StreamResponse, session: Any, person: Any
        ) -> bool:
            return await sign_in_vouched(request, response, session, linli, person, "wechat")

        wechat = WeChatRuntime(linli, server, console_sign_in)
    tasks: list[asyncio.Task[None]] = []
    try:
        if runtime is not None:
            await runtime.start(stop)
        if wechat is not None:
            await wechat.start(stop)
        await server.start()
        tasks.append(asyncio.create_task(chat.run(stop), name="webchat"))
        dsn = asyncpg_dsn(settings.effective_database_url)
        if dsn is not None:  # several processes may share this database: new outbox work is told to all
            linli.notifier = CrossProcessWake(dsn, linli.wake_here)
            tasks.append(asyncio.create_task(linli.notifier.run(stop), name="outbox-notifications"))
        tasks.append(asyncio.create_task(run_housekeeping(linli.sessionmaker, stop, settings), name="housekeeping"))
        await start_evaluation_cadence(linli)
        tasks.append(asyncio.create_task(linli.timers.run(stop, settings.timer_poll_seconds), name="timers"))
        if announce is not None:
            await announce_addresses(linli, server, runtime is not None, announce, wechat is not None)
        if ready is not None:
            ready.set()
        await stop.wait()
    finally:
        log.info("stopping")
        stop.set()  # also when we got here by an error: every worker must end
        if runtime is not None:
            await runtime.stop()
        await server.stop()
        if wechat is not None:
            await wechat.stop()
        await asyncio.gather(*tasks)
        linli.notifier = None


async def announce_addresses(
    linli: Linli, server: WebServer, telegram: bool, say: Callable[[str], None], wechat: bool = False
) -> None:
    settings = linli.settings
    base = settings.base_url if settings.public_url else f"http://{settings.web_host}:{server.bound_port}"
    say(f"邻里 Linli is running / 已启动:  web chat 网页聊天 {base}/   staff console 工作台 {base}/console")
    if telegram:
        say("  Telegram: " + ("webhook" if settings.webhook_url else "polling"))
    else:
        say("  Telegram: off (set LINLI_TELEGRAM_TOKEN to add it) · terminal chat: linli chat")
    if wechat:
        say(f"  WeChat 微信: server URL 服务器地址 {base}{settings.wechat_path}")
    if settings.demo and settings.is_embedded:
        lines = await demo_sign_in_lines(linli)
        if lines:
            say(f"  Demo staff sign-in links (one use each, {DEMO_LINK_HOURS} h) / 演示工作人员登录链接:")
            for line in lines:
                say(line)
            say("  More: linli console link <handle> (handles: linli chat --list)")
    say("  Ctrl-C to stop / 按 Ctrl-C 停止")
