"""Where a building's QR code leads, per channel: the same deep link, ``b-<building code>``, that
onboarding reads (handlers/onboarding), in each platform's form."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import quote

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

from models.places import Place

if TYPE_CHECKING:
    from bot.app import Linli

log = logging.getLogger(__name__)

CHANNELS = ("wechat", "telegram", "web")


class NoChannel(RuntimeError):
    """The chosen channel is not configured here (no token, no app id)."""


def scene_of(building: Place) -> str:
    return f"b-{building.code}"


def web_link(linli: Linli, building: Place) -> str:
    return f"{linli.settings.base_url}/?start={quote(scene_of(building))}"


async def telegram_username(linli: Linli) -> str:
    """The bot's @username, from Telegram (getMe): the deep link needs it."""
    settings = linli.settings
    if settings.telegram_token is None:
        raise NoChannel("LINLI_TELEGRAM_TOKEN is not set")
    url = f"{settings.telegram_api_url}{settings.telegram_token.get_secret_value()}/getMe"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http, http.get(url) as response:
        data = await response.json(content_type=None)
    if not data.get("ok"):
        raise NoChannel(f"Telegram refused getMe: {data.get('description', response.status)}")
    return str(data["result"]["username"])


class Links:
    """Join links for one channel; the WeChat API client is opened once for a whole street's posters."""

    def __init__(self, linli: Linli, channel: str, session: AsyncSession | None = None) -> None:
        if channel not in CHANNELS:
            raise NoChannel(f"unknown channel {channel!r}")
        self.linli = linli
        self.channel = channel
        self._username: str | None = None
        self._wechat = None
        if channel == "wechat":
            if not linli.settings.wechat_enabled or linli.settings.wechat_app_secret is None:
                raise NoChannel("LINLI_WECHAT_APP_ID and LINLI_WECHAT_APP_SECRET are not set")
            from bot.channels.wechat.api import WeChatAPI  # only this channel needs it

            self._wechat = WeChatAPI(linli.settings, linli.sessionmaker, clock=lambda: linli.services.clock())
            if session is not None:
                self._wechat.within(session)

    async def close(self) -> None:
        if self._wechat is not None:
            await self._wechat.close()

    async def link(self, building: Place) -> str:
        if self.channel == "web":
            return web_link(self.linli, building)
        if self.channel == "telegram":
            if self._username is None:
                self._username = await telegram_username(self.linli)
            return f"https://t.me/{self._username}?start={scene_of(building)}"
        assert self._wechat is not None
        # A permanent parametric code: following the account by it starts joining this building.
        code = await self._wechat.create_qrcode(scene_of(building))
        return code.url
