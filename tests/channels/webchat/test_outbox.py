"""Messages that are not replies (notices, case updates) reach the page while it is open, and wait in the
outbox while it is closed."""

from __future__ import annotations

import asyncio

from aiohttp import WSMsgType
from sqlalchemy import select

import models.outbox as outbox
from bot.channels.webchat.channel import CHANNEL
from handlers.core.messages import Reply
from models.outbox import OutboxMessage, OutboxStatus
from tests.channels.webchat.conftest import Site


async def queue(site: Site, text: str) -> int:
    async with site.linli.sessionmaker() as session, session.begin():
        message = outbox.enqueue(
            session,
            channel=CHANNEL,
            chat_id=site.chat_id(),
            person_id=None,
            kind="test",
            payload=Reply(text).to_payload(),
            not_before=site.linli.services.clock(),
        )
        await session.flush()
        return message.id


async def status(site: Site, message_id: int) -> OutboxStatus:
    async with site.linli.sessionmaker() as session:
        found = await session.scalar(select(OutboxMessage.status).where(OutboxMessage.id == message_id))
        assert found is not None
        return found


async def wait_for_status(site: Site, message_id: int, wanted: OutboxStatus) -> None:
    for _ in range(250):
        if await status(site, message_id) is wanted:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"outbox message {message_id} never became {wanted}")


async def test_a_queued_message_reaches_every_open_tab(site: Site) -> None:
    first = await site.open_tab()
    second = await site.open_tab()
    message_id = await queue(site, "📢 明天上午停水")
    site.chat.wake()
    for tab in (first, second):
        (frame,) = [frame for frame in await tab.until("message") if frame["type"] == "message"]
        assert frame["text"] == "📢 明天上午停水"
        assert frame["queued"] is True
    await wait_for_status(site, message_id, OutboxStatus.sent)


async def test_a_message_waits_until_the_page_opens(site: Site) -> None:
    tab = await site.open_tab()
    await tab.close()
    for _ in range(500):  # the last tab closed: its sender stops
        if not site.chat.visitors:
            break
        await asyncio.sleep(0.01)
    assert site.chat.visitors == {}
    message_id = await queue(site, "📢 社区通知")
    site.chat.wake()
    await asyncio.sleep(0.2)
    assert await status(site, message_id) is OutboxStatus.pending
    again = await site.open_tab()
    # First the greeting of a new page, then what waited for it.
    assert again.batch[-1]["text"] == site.linli.services.catalog.t("zh", "onboard-welcome")
    (frame,) = [frame for frame in await again.until("message") if frame["type"] == "message"]
    assert frame["text"] == "📢 社区通知"
    assert frame["queued"] is True
    await wait_for_status(site, message_id, OutboxStatus.sent)


async def test_another_visitors_messages_stay_theirs(site: Site) -> None:
    mine = await site.open_tab()
    message_id = await queue(site, "for the first visitor")
    site.new_visitor()
    other = await site.open_tab()
    site.chat.wake()
    frames = await mine.until("message")
    assert frames[-1]["text"] == "for the first visitor"
    await wait_for_status(site, message_id, OutboxStatus.sent)
    await other.say("/help")
    assert all(frame.get("text") != "for the first visitor" for frame in other.frames)


async def test_closing_the_server_closes_the_pages(site: Site) -> None:
    tab = await site.open_tab()
    closing = asyncio.create_task(site.chat.close())
    message = await tab.socket.receive(timeout=5)
    assert message.type is WSMsgType.CLOSE
    await closing
    assert site.chat.visitors == {}
