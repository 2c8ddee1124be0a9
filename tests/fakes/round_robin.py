"""A small round-robin reverse proxy, for running several ``linli run`` processes behind one address the way a
load balancer without sticky sessions does: every HTTP request and every WebSocket goes to the next backend
in turn; a backend that refuses the connection (killed) is skipped for the next, as a balancer's health
check would. WebSockets are relayed frame by frame; when the backend's side closes, the client's does too,
and the page reconnects — to whichever backend comes next.

It forwards what a real proxy does: the method, path, body and headers (``Host`` kept in
``X-Forwarded-Host``, the peer appended to ``X-Forwarded-For``), and the backend's answer with its
``Set-Cookie``.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any

import aiohttp
from aiohttp import WSMsgType, web

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
WS_HEADERS = {"sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"}


class RoundRobin:
    def __init__(self, backends: Sequence[str]) -> None:
        self.backends = list(backends)  # "http://127.0.0.1:PORT"
        self._turn = itertools.count()
        self.served: Counter[str] = Counter()  # requests and sockets per backend
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""
        self._sockets: set[web.WebSocketResponse] = set()

    async def __aenter__(self) -> RoundRobin:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        # No connection limit: each relayed WebSocket holds a connection for as long as it is open, and
        # aiohttp's default of 100 would leave the 101st request waiting for ever.
        self._session = aiohttp.ClientSession(
            auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(), connector=aiohttp.TCPConnector(limit=0)
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def _order(self) -> list[str]:
        start = next(self._turn) % len(self.backends)
        return self.backends[start:] + self.backends[:start]

    def _headers(self, request: web.Request, *, websocket: bool) -> dict[str, str]:
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in HOP_BY_HOP and (not websocket or name.lower() not in WS_HEADERS)
        }
        headers["X-Forwarded-Host"] = request.host
        peer = request.remote or "127.0.0.1"
        earlier = request.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = f"{earlier}, {peer}" if earlier else peer
        return headers

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._relay_socket(request)
        body = await request.read()
        assert self._session is not None
        for backend in self._order():
            try:
                async with self._session.request(
                    request.method,
                    backend + request.path_qs,
                    data=body,
                    headers=self._headers(request, websocket=False),
                    allow_redirects=False,
                ) as answer:
                    content = await answer.read()
                    self.served[backend] += 1
                    response = web.Response(status=answer.status, body=content)
                    for name, value in answer.headers.items():
                        if name.lower() not in HOP_BY_HOP and name.lower() != "content-encoding":
                            response.headers.add(name, value)
                    if "Content-Encoding" in answer.headers:
                        response.headers["Content-Encoding"] = answer.headers["Content-Encoding"]
                    return response
            except aiohttp.ClientConnectorError:
                continue  # that backend is down: the next one
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
                return web.Response(status=502, text="bad gateway")  # died mid-request: the client retries
        return web.Response(status=502, text="no backend")

    async def _relay_socket(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        for backend in self._order():
            try:
                upstream = await self._session.ws_connect(
                    backend + request.path_qs, headers=self._headers(request, websocket=True), autoping=True
                )
            except aiohttp.ClientConnectorError:
                continue
            except aiohttp.WSServerHandshakeError as refused:
                return web.Response(status=refused.status, text="refused")
            self.served[backend] += 1
            break
        else:
            return web.Response(status=502, text="no backend")
        downstream = web.WebSocketResponse()
        for cookie in upstream._response.headers.getall("Set-Cookie", []):
            downstream.headers.add("Set-Cookie", cookie)
        await downstream.prepare(request)
        self._sockets.add(downstream)

        pumps = [asyncio.create_task(_pump(upstream, downstream)), asyncio.create_task(_pump(downstream, upstream))]
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            await upstream.close()
            await downstream.close()
            self._sockets.discard(downstream)
        return downstream


async def _pump(source: Any, sink: Any) -> None:
    """Frames one way (page to backend, or back) until the source closes."""
    async for message in source:
        if message.type is WSMsgType.TEXT:
            await sink.send_str(message.data)
        elif message.type is WSMsgType.BINARY:
            await sink.send_bytes(message.data)
