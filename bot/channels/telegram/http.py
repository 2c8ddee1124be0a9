"""python-telegram-bot's HTTP requests over aiohttp instead of httpx.

Why: a profile of a broadcast put about three quarters of the sender's CPU in PTB's default HTTP stack
(httpx + httpcore), with Linli's own code and the database at a few per cent. aiohttp is already our web
server's library; its client does the same work with far less Python per request. PTB lets an application
bring its own ``BaseRequest``: the contract is "send this method with these parameters, give back the status
and the body", and PTB keeps parsing answers and mapping errors (429, 403…) as before.

Parameters go as a form (``application/x-www-form-urlencoded``), files as ``multipart/form-data``, exactly
as PTB's own request sends them.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

# PTB's own request classes take these two from here: "not given, use the default" is a DefaultValue.
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

POOL_SIZE = 256  # connections kept to the Bot API (PTB's own default since 22.x)


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        *,
        connection_pool_size: int = POOL_SIZE,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            # No cookies (the Bot API sets none) and no automatic decompression surprises: raw bytes back.
            self._session = aiohttp.ClientSession(
                connector=connector, cookie_jar=aiohttp.DummyCookieJar(), headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write = self._media_write_timeout if files else self._write_timeout
        else:
            write = write_timeout
        body: aiohttp.FormData | dict[str, str] | None = fields
        if files:
            form = aiohttp.FormData()
            for name, value in (fields or {}).items():
                form.add_field(name, value)
            for name, (filename, content, mime_type) in files.items():
                form.add_field(name, content, filename=filename, content_type=mime_type)
            body = form
        return await self.send(method, url, body, self.timeout(connect, write, read, pool))

    @staticmethod
    def timeout(
        connect: float | None, write: float | None, read: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        # aiohttp has no separate write timeout: the request as a whole gets pool + connect + write + read.
        # aiohttp's ``connect`` covers waiting for a pooled connection *and* opening a new one, httpx's pool
        # timeout only the waiting: with ``connect=pool`` alone, new connections opened in a burst (a
        # broadcast starting 200 requests at once) timed out after one second.
        parts = (pool, connect, write, read)
        total = None if any(part is None for part in parts) else sum(part for part in parts if part is not None)
        opening = None if pool is None or connect is None else pool + connect
        return aiohttp.ClientTimeout(total=total, connect=opening, sock_connect=connect, sock_read=read)

    def default_timeout(self, *, media: bool = False) -> aiohttp.ClientTimeout:
        write = self._media_write_timeout if media else self._write_timeout
        return self.timeout(self._connect_timeout, write, self._read_timeout, self._pool_timeout)

    async def send(
        self,
        method: str,
        url: str | URL,
        body: aiohttp.FormData | dict[str, str] | bytes | None,
        limits: aiohttp.ClientTimeout,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """One request on the shared connection pool: the status and the body, or PTB's ``TimedOut`` /
        ``NetworkError`` (which never carry the URL: it holds the bot's token)."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        try:
            async with session.request(method, url, data=body, timeout=limits, headers=headers) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}") from error


JSON_HEADERS = {"Content-Type": "application/json"}


class BotEndpoint:
    """The Bot API's methods posted straight on ``AiohttpRequest``'s pool, without PTB's objects: what the
    outbox (``outbox.DirectDelivery``) and the interactive replies (``replies.DirectReplies``) both post
    through. Each caller decides what an error answer means for it; this only sends and reads."""

    def __init__(self, request: AiohttpRequest, bot_url: str) -> None:
        self.request = request
        self.bot_url = bot_url.rstrip("/")
        self._urls: dict[str, URL] = {}
        self.timeout = request.default_timeout()
        self.media_timeout = request.default_timeout(media=True)

    def url(self, method: str) -> URL:
        """Parsed once per method: the address holds the token, and parsing it is not free."""
        if method not in self._urls:
            self._urls[method] = URL(f"{self.bot_url}/{method}", encoded=True)
        return self._urls[method]

    async def post(
        self, method: str, body: bytes | aiohttp.FormData, *, media: bool = False
    ) -> tuple[int, dict[str, Any] | None]:
        """The status and the answer's JSON object (None if it was not one); PTB's ``TimedOut`` /
        ``NetworkError`` when Telegram could not be reached. ``bytes`` are JSON, a form is an upload."""
        headers = JSON_HEADERS if isinstance(body, bytes) else None
        timeout = self.media_timeout if media else self.timeout
        status, raw = await self.request.send("POST", self.url(method), body, timeout, headers)
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        return status, answer if isinstance(answer, dict) else None


class UpdatesRequest(AiohttpRequest):
    """``getUpdates``' own connection, keeping the updates of its latest answer as Telegram sent them: they
    are journaled as fetched (``models.inbound``), and rebuilding them from PTB's objects (``to_dict``) cost
    a tenth of a millisecond an update."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)
        self.last_updates: list[dict[str, Any]] = []

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        parsed = BaseRequest.parse_json_payload(payload)
        result = parsed.get("result")
        self.last_updates = result if isinstance(result, list) else []
        return parsed
