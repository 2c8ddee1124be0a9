"""The few WeChat API calls Linli makes, over aiohttp, with one ``access_token`` for every process.

The token is fetched once, kept in the database (``models.wechat``) and refreshed a few minutes before it
expires: fetching a new one retires the old one, so processes must not each fetch their own. On
PostgreSQL an advisory lock lets one process fetch while the others wait and then read what it stored.
A call answered 40001/42001/40014 (the token was retired early: a refresh elsewhere, a reset secret)
drops the token and is made once more with a fresh one.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Settings
from models.base import utcnow
from models.wechat import expire_token, store_token, stored_token

log = logging.getLogger(__name__)

# WeChat's global return codes (全局返回码) that Linli acts on.
SYSTEM_BUSY = -1
INVALID_CREDENTIAL = 40001  # the token is not (or no longer) valid
INVALID_OPENID = 40003
INVALID_MEDIA_ID = 40007
INVALID_ACCESS_TOKEN = 40014
INVALID_TEMPLATE = 40037
ACCESS_TOKEN_EXPIRED = 42001
REQUIRE_SUBSCRIBE = 43004  # the person does not follow the account (any more)
DAILY_QUOTA = 45009
MINUTE_QUOTA = 45011
OUT_OF_WINDOW = 45015  # customer-service message more than 48 hours after the person last wrote
OUT_OF_RESPONSE_COUNT = 45047  # too many customer-service messages since the person last wrote
API_UNAUTHORIZED = 48001  # the account may not use this API (template messages on an unverified account)
TOKEN_ERRORS = frozenset({INVALID_CREDENTIAL, INVALID_ACCESS_TOKEN, ACCESS_TOKEN_EXPIRED})

REFRESH_BEFORE = timedelta(minutes=5)
TIMEOUT = aiohttp.ClientTimeout(total=10)
TOKEN_LOCK = 0x7765_6368  # "wech": the advisory lock one process holds while fetching the token
MEDIA_CACHE = 32
MEDIA_SECONDS = 2 * 24 * 3600  # temporary media live three days; reuse an upload for two


class WeChatError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class QRCode:
    ticket: str
    url: str  # what the code encodes
    image_url: str


class WeChatAPI:
    def __init__(self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: Any = utcnow) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.app_id = settings.wechat_app_id
        self.base = settings.wechat_api_url.rstrip("/")
        self._http: aiohttp.ClientSession | None = None
        self._token: tuple[str, datetime] | None = None
        self._token_lock = asyncio.Lock()
        self._media: OrderedDict[str, tuple[str, float]] = OrderedDict()  # content digest -> media id, when
        self.calls = 0  # for the bench and the logs
        self._borrowed: AsyncSession | None = None

    def within(self, session: AsyncSession) -> None:
        """Keep the token in ``session`` (a savepoint of it) rather than in sessions of our own: for a caller
        that holds the embedded database's only connection (a console page)."""
        self._borrowed = session

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        if self._borrowed is not None:
            async with self._borrowed.begin_nested():
                yield self._borrowed
            return
        async with self.sessionmaker() as session, session.begin():
            yield session

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=TIMEOUT)
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    # --- the token ----------------------------------------------------------------------------------

    async def token(self) -> str:
        now = self.clock()
        if self._token is not None and self._token[1] - REFRESH_BEFORE > now:
            return self._token[0]
        async with self._token_lock:  # one fetch per process; the database lock makes it one overall
            if self._token is not None and self._token[1] - REFRESH_BEFORE > now:
                return self._token[0]
            async with self._transaction() as session:
                if session.bind is not None and session.bind.dialect.name == "postgresql":
                    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TOKEN_LOCK})
                stored = await stored_token(session, self.app_id)
                if stored is not None and stored.expires_at - REFRESH_BEFORE > now:
                    self._token = (stored.token, stored.expires_at)
                    return stored.token
                token, expires_at = await self._fetch_token()
                await store_token(session, self.app_id, token, expires_at)
            self._token = (token, expires_at)
            log.info("fetched a WeChat access token (valid until %s)", expires_at.isoformat(timespec="minutes"))
            return token

    async def _fetch_token(self) -> tuple[str, datetime]:
        secret = self.settings.wechat_app_secret
        params = {
            "grant_type": "client_credential",
            "appid": self.app_id,
            "secret": secret.get_secret_value() if secret is not None else "",
        }
        async with self.http.get(f"{self.base}/cgi-bin/token", params=params) as response:
            data = await _json(response)
        if data.get("errcode"):
            raise WeChatError(int(data["errcode"]), str(data.get("errmsg", "")))
        return str(data["access_token"]), self.clock() + timedelta(seconds=int(data.get("expires_in", 7200)))

    async def _drop_token(self, token: str) -> None:
        self._token = None
        async with self._transaction() as session:
            await expire_token(session, self.app_id, token)

    # --- calls --------------------------------------------------------------------------------------

    async def call(self, path: str, payload: dict[str, Any] | None = None, **query: str) -> dict[str, Any]:
        """POST ``payload`` as JSON (or GET without one); the answer's JSON, or ``WeChatError``."""
        for attempt in range(2):
            token = await self.token()
            params = {"access_token": token, **query}
            self.calls += 1
            if payload is None:
                request = self.http.get(f"{self.base}{path}", params=params)
            else:
                request = self.http.post(f"{self.base}{path}", params=params, json=payload)
            async with request as response:
                data = await _json(response)
            code = int(data.get("errcode") or 0)
            if code in TOKEN_ERRORS and attempt == 0:
                log.info("WeChat refused the access token (%s); fetching a new one", code)
                await self._drop_token(token)
                continue
            if code:
                raise WeChatError(code, str(data.get("errmsg", "")))
            return data
        raise AssertionError("unreachable")  # the loop returns or raises

    async def send_custom(self, message: dict[str, Any]) -> None:
        """A customer-service message (客服消息): ``{"touser", "msgtype", ...}``."""
        await self.call("/cgi-bin/message/custom/send", message)

    async def send_template(self, openid: str, template_id: str, data: dict[str, str], url: str = "") -> None:
        payload: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": {key: {"value": value} for key, value in data.items()},
        }
        if url:
            payload["url"] = url
        await self.call("/cgi-bin/message/template/send", payload)

    async def create_menu(self, menu: dict[str, Any]) -> None:
        await self.call("/cgi-bin/menu/create", menu)

    async def create_qrcode(self, scene: str) -> QRCode:
        """A permanent parametric QR code (QR_LIMIT_STR_SCENE) for ``scene``."""
        payload = {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": scene}}}
        data = await self.call("/cgi-bin/qrcode/create", payload)
        ticket = str(data["ticket"])
        return QRCode(ticket, str(data.get("url", "")), f"{self.settings.wechat_qrcode_url}?ticket={ticket}")

    async def download(self, url: str) -> bytes:
        async with self.http.get(url) as response:
            response.raise_for_status()
            return await response.read()

    async def upload_image(self, content: bytes, filename: str, mime_type: str) -> str:
        """A temporary image's media id, reused while it lives (a notice's photo goes to everyone)."""
        key = hashlib.sha256(content).hexdigest()
        known = self._media.get(key)
        if known is not None and time.monotonic() - known[1] < MEDIA_SECONDS:
            self._media.move_to_end(key)
            return known[0]
        for attempt in range(2):
            form = aiohttp.FormData()
            form.add_field("media", content, filename=filename or "image.png", content_type=mime_type)
            token = await self.token()
            self.calls += 1
            url = f"{self.base}/cgi-bin/media/upload"
            async with self.http.post(url, params={"access_token": token, "type": "image"}, data=form) as response:
                data = await _json(response)
            code = int(data.get("errcode") or 0)
            if code in TOKEN_ERRORS and attempt == 0:
                await self._drop_token(token)
                continue
            if code:
                raise WeChatError(code, str(data.get("errmsg", "")))
            media_id = str(data["media_id"])
            self._media[key] = (media_id, time.monotonic())
            if len(self._media) > MEDIA_CACHE:
                self._media.popitem(last=False)
            return media_id
        raise AssertionError("unreachable")

    async def fetch_media(self, media_id: str, most: int) -> tuple[bytes, str]:
        """A photo someone sent: its bytes and type (at most ``most`` bytes, else ValueError)."""
        for attempt in range(2):
            token = await self.token()
            self.calls += 1
            url = f"{self.base}/cgi-bin/media/get"
            async with self.http.get(url, params={"access_token": token, "media_id": media_id}) as response:
                kind = response.headers.get("Content-Type", "").split(";")[0].strip()
                if kind.startswith("image/"):
                    if (response.content_length or 0) > most:
                        raise ValueError("photo too large")
                    content = await response.content.read(most + 1)
                    if len(content) > most:
                        raise ValueError("photo too large")
                    return content, kind
                data = await _json(response)
            code = int(data.get("errcode") or 0)
            if code in TOKEN_ERRORS and attempt == 0:
                await self._drop_token(token)
                continue
            raise WeChatError(code or INVALID_MEDIA_ID, str(data.get("errmsg", "no image")))
        raise AssertionError("unreachable")

    async def oauth_openid(self, code: str) -> str:
        """Web sign-in (网页授权, snsapi_base): the code WeChat gave the page, exchanged for the openid."""
        secret = self.settings.wechat_app_secret
        params = {
            "appid": self.app_id,
            "secret": secret.get_secret_value() if secret is not None else "",
            "code": code,
            "grant_type": "authorization_code",
        }
        self.calls += 1
        async with self.http.get(f"{self.base}/sns/oauth2/access_token", params=params) as response:
            data = await _json(response)
        if data.get("errcode"):
            raise WeChatError(int(data["errcode"]), str(data.get("errmsg", "")))
        return str(data["openid"])


async def _json(response: aiohttp.ClientResponse) -> dict[str, Any]:
    if response.status >= 500:
        raise ConnectionError(f"WeChat answered {response.status}")
    try:
        data = await response.json(content_type=None)
    except ValueError as error:
        raise ConnectionError(f"WeChat answered {response.status} without JSON") from error
    if not isinstance(data, dict):
        raise ConnectionError("WeChat answered something other than an object")
    return data
