"""The web chat on a real aiohttp test server, and a scripted browser tab that speaks its socket protocol."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import Linli
from bot.channels.webchat import WebChat
from bot.channels.webchat.channel import CHANNEL, COOKIE, chat_id_of
from models.people import ChannelAccount, Person
from tests.harness import AppFactory

FRAME_TIMEOUT = 10.0


class Tab:
    """One open page: sends frames, collects what comes back, presses buttons by label."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.frames: list[dict[str, Any]] = []  # everything received, in order
        self.batch: list[dict[str, Any]] = []  # what the latest frame sent brought back

    async def receive(self, wait: float = FRAME_TIMEOUT) -> dict[str, Any]:
        message = await self.socket.receive(timeout=wait)
        assert message.type is WSMsgType.TEXT, f"socket ended: {message.type} {message.data!r}"
        frame: dict[str, Any] = json.loads(message.data)
        self.frames.append(frame)
        return frame

    async def until(self, kind: str, wait: float = FRAME_TIMEOUT) -> list[dict[str, Any]]:
        """Frames up to and including the next one of ``kind``."""
        got = []
        while True:
            frame = await self.receive(wait)
            got.append(frame)
            if frame["type"] == kind:
                return got

    async def send(self, frame: dict[str, Any] | str) -> list[dict[str, Any]]:
        if isinstance(frame, str):
            await self.socket.send_str(frame)
        else:
            await self.socket.send_json(frame)
        self.batch = [f for f in await self.until("done") if f["type"] != "done"]
        return self.batch

    async def hello(self, *, fresh: bool = True) -> list[dict[str, Any]]:
        return await self.send({"type": "hello", "fresh": fresh})

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self.send({"type": "text", "text": text})

    def messages(self) -> list[dict[str, Any]]:
        return [frame for frame in self.frames if frame["type"] == "message"]

    @property
    def text(self) -> str:
        return "\n".join(frame.get("text", "") for frame in self.batch)

    def keyboard(self) -> dict[str, Any]:
        for frame in reversed(self.messages()):
            if frame["buttons"]:
                return frame
        raise AssertionError("no message with buttons yet")

    def labels(self) -> list[str]:
        return [button["label"] for row in self.keyboard()["buttons"] for button in row]

    async def press(self, label: str) -> list[dict[str, Any]]:
        message = self.keyboard()
        buttons = [button for row in message["buttons"] for button in row]
        exact = [button for button in buttons if button["label"] == label]
        found = exact or [button for button in buttons if label in button["label"]]
        assert len(found) == 1, f"{label!r} among {[button['label'] for button in buttons]}"
        return await self.send({"type": "button", "data": found[0]["data"], "message": message["id"]})

    async def close(self) -> None:
        await self.socket.close()


@dataclass
class Site:
    linli: Linli
    chat: WebChat
    client: TestClient[web.Request, web.Application]

    async def open_tab(self, *, fresh: bool = True, headers: dict[str, str] | None = None) -> Tab:
        tab = Tab(await self.client.ws_connect("/chat/ws", headers=headers or {}))
        await tab.hello(fresh=fresh)
        return tab

    def chat_id(self) -> str:
        token = next(cookie.value for cookie in self.client.session.cookie_jar if cookie.key == COOKIE)
        return chat_id_of(token)

    async def person(self) -> Person | None:
        """Who this visitor is in the store (expire_on_commit is off: readable after the session)."""
        async with self.linli.sessionmaker() as session:
            return await session.scalar(
                select(Person)
                .join(ChannelAccount, ChannelAccount.person_id == Person.id)
                .where(ChannelAccount.channel == CHANNEL, ChannelAccount.external_id == self.chat_id())
            )

    def new_visitor(self) -> None:
        self.client.session.cookie_jar.clear()

    async def settle(self) -> None:
        """Let the outbox senders run a round."""
        await asyncio.sleep(0.05)


@pytest.fixture
async def site(make_app: AppFactory) -> AsyncIterator[Site]:
    linli = await make_app()
    chat = WebChat(linli)
    app = web.Application()
    chat.setup(app)
    async with TestClient(TestServer(app)) as client:
        yield Site(linli, chat, client)
