"""Linli's real entry point with the WeChat channel on, against the fake WeChat (tests.fakes.wechat_api)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app import Linli, build
from bot.server import run_server
from config.settings import Settings
from tests.e2e.conftest import free_port
from tests.fakes.wechat_api import AES_KEY, APP_ID, APP_SECRET, TOKEN, FakeWeChat, Follower

TEMPLATES = {"notice": {"id": "TPL-NOTICE", "fields": {"thing1": "title", "thing2": "body", "time3": "time"}}}


@dataclass
class RunningWeChat:
    linli: Linli
    fake: FakeWeChat
    settings: Settings

    @property
    def base(self) -> str:
        return self.settings.base_url

    @property
    def endpoint(self) -> str:
        return self.base + self.settings.wechat_path

    @property
    def safe(self) -> bool:
        """Safe mode (AES): the followers encrypt and Linli answers encrypted."""
        return self.settings.wechat_aes_key is not None

    def follower(self, openid: str, *, retry_seconds: float = 5.0) -> Follower:
        return self.fake.follower(openid, self.endpoint, safe=self.safe, retry_seconds=retry_seconds)


def wechat_settings(fake: FakeWeChat, data_dir: Path, *, safe: bool = False, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "web_port": free_port(),
        "outbox_poll_seconds": 0.2,
        "wechat_app_id": APP_ID,
        "wechat_app_secret": APP_SECRET,
        "wechat_token": TOKEN,
        "wechat_api_url": fake.base_url,
        "wechat_oauth_url": fake.base_url,
        "wechat_qrcode_url": fake.base_url + "/cgi-bin/showqrcode",
        "wechat_templates": TEMPLATES,
        **overrides,
    }
    if safe:
        values["wechat_aes_key"] = AES_KEY
    return Settings(**values)


@asynccontextmanager
async def running_wechat(settings: Settings, fake: FakeWeChat) -> AsyncIterator[RunningWeChat]:
    linli = await build(settings)
    stop = asyncio.Event()
    ready = asyncio.Event()
    task = asyncio.create_task(run_server(linli, stop, ready=ready, telegram=False))
    ready_wait = asyncio.create_task(ready.wait())
    done, _ = await asyncio.wait({task, ready_wait}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready_wait.cancel()
        task.result()
    assert ready_wait in done, "Linli did not start within 10 s"
    try:
        yield RunningWeChat(linli, fake, settings)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
        await linli.close()
