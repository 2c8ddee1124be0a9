"""The webhook endpoint: Telegram's secret header is required, garbage is refused, nothing is lost."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.conftest import RunningBot, bot_settings, expect, free_port, start_bot
from tests.fakes.bot_api import FakeBotAPI

SECRET = "s3cret-for-tests"
UPDATE = {
    "update_id": 900,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 7001, "type": "private", "first_name": "X"},
        "from": {"id": 7001, "is_bot": False, "first_name": "X"},
        "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    },
}


@pytest.fixture
async def webhook_bot(fake: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    port = free_port()
    settings = bot_settings(
        fake, tmp_path, port, webhook_url=f"http://127.0.0.1:{port}/hook/telegram", webhook_secret=SECRET
    )
    async with start_bot(settings, fake) as bot:
        yield bot


async def post(bot: RunningBot, headers: dict[str, str], body: bytes | io.BytesIO | None = None) -> int:
    async with (
        aiohttp.ClientSession() as client,
        client.post(f"{bot.base}/hook/telegram", json=None if body else UPDATE, data=body, headers=headers) as reply,
    ):
        return reply.status


async def test_webhook_registered_with_secret(webhook_bot: RunningBot, fake: FakeBotAPI) -> None:
    assert fake.webhook is not None
    assert fake.webhook.url == f"{webhook_bot.base}/hook/telegram"
    assert fake.webhook.secret_token == SECRET


async def test_call_without_secret_is_refused(webhook_bot: RunningBot, fake: FakeBotAPI) -> None:
    assert await post(webhook_bot, {}) == 403
    assert await post(webhook_bot, {"X-Telegram-Bot-Api-Secret-Token": "guess"}) == 403
    assert fake.calls_of("sendMessage") == []  # nothing was handled


async def test_bad_body_is_refused(webhook_bot: RunningBot) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    assert await post(webhook_bot, headers, b"{not json") == 400
    assert await post(webhook_bot, headers, b"[1, 2]") == 400
    # The server takes photo uploads of several MB on the console; the webhook keeps its own 1 MB bound.
    assert await post(webhook_bot, headers, io.BytesIO(b"{" + b" " * (2 << 20) + b"}")) == 413


async def test_call_with_secret_is_handled(webhook_bot: RunningBot, fake: FakeBotAPI) -> None:
    user = fake.user(7001, language_code="zh-hans")
    assert await post(webhook_bot, {"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 200
    await expect(user, "邻里 · 帮助")


async def test_fake_delivers_through_the_webhook(webhook_bot: RunningBot, fake: FakeBotAPI) -> None:
    user = fake.user(7002, language_code="en")
    await user.send("/help")
    await expect(user, "Linli · Help")
    assert fake.webhook_responses
    assert set(fake.webhook_responses) == {200}
