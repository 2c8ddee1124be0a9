"""Two processes on one PostgreSQL, no sticky sessions: a message queued by one (the console, a timer, a
chat on another channel) reaches a visitor whose page's socket the other holds, at once — told by
LISTEN/NOTIFY (bot.wakeups), not found by a poll (the senders here poll once a minute)."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Linli, load_demo
from bot.channels.webchat.channel import CHANNEL
from bot.server import mount_web
from bot.wakeups import CrossProcessWake, asyncpg_dsn
from handlers.core.messages import Reply
from models.outbox import enqueue
from tests.channels.webchat.conftest import Site, Tab
from tests.harness import AppFactory

POLL_SECONDS = 60.0


async def serving(linli: Linli, stop: asyncio.Event) -> asyncio.Task[None]:
    """What ``run_server`` starts for the notifications, and the moment it listens."""
    dsn = asyncpg_dsn(linli.settings.effective_database_url)
    assert dsn is not None
    linli.notifier = CrossProcessWake(dsn, linli.wake_here)
    task = asyncio.create_task(linli.notifier.run(stop))
    for _ in range(100):
        if linli.notifier._connection is not None:
            break
        await asyncio.sleep(0.05)
    return task


async def test_a_message_queued_by_one_process_reaches_a_page_held_by_another(
    db_url: str, make_app: AppFactory
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serves one machine: there is no other process to tell")
    queuing = await make_app(database_url=db_url, outbox_poll_seconds=POLL_SECONDS)
    holding = await make_app(database_url=db_url, outbox_poll_seconds=POLL_SECONDS)
    async with queuing.sessionmaker() as session, session.begin():
        await load_demo(session)
    stop = asyncio.Event()
    listeners = [await serving(queuing, stop), await serving(holding, stop)]
    app = web.Application()
    chat = mount_web(holding, app)
    try:
        async with TestClient(TestServer(app)) as client:
            site = Site(holding, chat, client)
            tab: Tab = await site.open_tab()
            await asyncio.sleep(0.2)  # the visitor's sender has looked once and now waits for a wake-up
            async with queuing.sessionmaker() as session, session.begin():
                enqueue(
                    session,
                    channel=CHANNEL,
                    chat_id=site.chat_id(),
                    person_id=None,
                    kind="notice",
                    payload=Reply("明天上午停水,请提前储水。").to_payload(),
                )
            began = time.monotonic()
            queuing.wake_outbox()  # what every commit of outbox work does
            frame = await tab.receive(wait=5)
            took = time.monotonic() - began
            assert frame["type"] == "message"
            assert "停水" in frame["text"]
            assert took < 2.0, f"{took:.2f} s: found by a poll, not told"
            assert holding.notifier is not None
            assert holding.notifier.heard >= 1
            assert queuing.notifier is not None
            assert queuing.notifier.heard == 0  # its own notification is not news to itself
            await tab.close()
    finally:
        stop.set()
        await asyncio.gather(*listeners)
        await chat.close()
