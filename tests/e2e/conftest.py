"""End-to-end: the real bot entry point, python-telegram-bot over real HTTP, a fake Bot API, SQLite."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import Linli, build
from bot.server import run_server
from config.settings import Settings
from tests.fakes.bot_api import FakeBotAPI, FakeUser
from tests.fakes.wechat_api import FakeWeChat

TOKEN = "123456:TEST"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN) as api:
        yield api


@dataclass
class RunningBot:
    linli: Linli
    fake: FakeBotAPI
    settings: Settings
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def bot_settings(fake: FakeBotAPI, data_dir: Path, port: int, **overrides: Any) -> Settings:
    return Settings(
        data_dir=data_dir,
        telegram_token=TOKEN,  # pydantic coerces to SecretStr
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        web_port=port,
        outbox_poll_seconds=0.2,
        **overrides,
    )


@pytest.fixture(params=["polling", "webhook"])
async def running(request: pytest.FixtureRequest, fake: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    port = free_port()
    overrides: dict[str, Any] = {}
    if request.param == "webhook":
        overrides = {"webhook_url": f"http://127.0.0.1:{port}/hook/telegram", "webhook_secret": "s3cret-for-tests"}
    async with start_bot(bot_settings(fake, tmp_path, port, **overrides), fake) as bot:
        yield bot


class start_bot:
    """Run the real entry point as a task until the block ends, then stop it the way a signal would."""

    def __init__(self, settings: Settings, fake: FakeBotAPI) -> None:
        self.settings = settings
        self.fake = fake
        self.stop = asyncio.Event()

    async def __aenter__(self) -> RunningBot:
        self.linli = await build(self.settings)
        ready = asyncio.Event()
        self.task = asyncio.create_task(run_server(self.linli, self.stop, ready=ready, telegram=True))
        ready_wait = asyncio.create_task(ready.wait())
        done, _ = await asyncio.wait({self.task, ready_wait}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            ready_wait.cancel()
            self.task.result()  # raises what made it stop
        assert ready_wait in done, "the bot did not start within 10 s"
        return RunningBot(self.linli, self.fake, self.settings, self.settings.web_port)

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, timeout=10)
        await self.linli.close()


async def expect(user: FakeUser, fragment: str, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
    """Wait until the bot's latest message in this chat contains ``fragment`` (sent or edited)."""

    def latest_has() -> bool:
        message = user.last_message
        return message is not None and fragment in message.get("text", "")

    await user.wait_until(latest_has, timeout)
    message = user.last_message
    assert message is not None
    return message


Predicate = Callable[[], bool]


@pytest.fixture
async def fake_wechat() -> AsyncIterator[FakeWeChat]:
    async with FakeWeChat() as api:
        yield api


@pytest.fixture(params=["plain", "safe"])
async def wechat(request: pytest.FixtureRequest, fake_wechat: FakeWeChat, tmp_path: Path) -> AsyncIterator[Any]:
    """Linli on WeChat, in plain mode and in safe mode (AES)."""
    from tests.e2e.wechat_bot import running_wechat, wechat_settings

    settings = wechat_settings(fake_wechat, tmp_path, safe=request.param == "safe")
    async with running_wechat(settings, fake_wechat) as running:
        yield running
