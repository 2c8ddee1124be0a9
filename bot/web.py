"""The aiohttp web server: /healthz always, the Telegram webhook in webhook mode; ``bot.server.mount_web``
adds the web chat and the staff console."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web
from sqlalchemy import text

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.app import Linli

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1 << 20  # a Telegram update is a few KB; refuse anything absurd before parsing
# The largest request any route takes: a console form with a phone photo (media are kept up to 10 MB).
MAX_REQUEST_BYTES = 12 << 20


class WebServer:
    def __init__(self, linli: Linli, host: str, port: int) -> None:
        self.linli = linli
        self.host = host
        self.port = port
        self.app = web.Application(client_max_size=MAX_REQUEST_BYTES)
        self.app.router.add_get("/healthz", self.healthz)
        self._runner: web.AppRunner | None = None

    @property
    def bound_port(self) -> int:
        """The real port (useful when configured as 0)."""
        assert self._runner is not None
        return int(self._runner.addresses[0][1])

    async def healthz(self, _request: web.Request) -> web.Response:
        try:
            async with self.linli.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            log.exception("health check: database unreachable")
            return web.json_response({"status": "error", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok"})

    def add_telegram_webhook(
        self,
        path: str,
        secret: str,
        application: Application,
        keep: Callable[[Sequence[dict[str, Any]]], Awaitable[None]],
    ) -> None:
        from telegram import Update

        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                log.warning("webhook call without the right secret from %s", request.remote)
                return web.Response(status=403, text="forbidden")
            if request.content_length is None or request.content_length > MAX_UPDATE_BYTES:
                return web.Response(status=413, text="too large")
            try:
                data = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                return web.Response(status=400, text="bad json")
            if not isinstance(data, dict):
                return web.Response(status=400, text="bad update")
            update = Update.de_json(data, application.bot)
            try:  # kept before the 200 that confirms it (models.inbound): a crash then loses nothing
                await keep([data])
            except Exception:
                log.exception("could not keep a webhook update; Telegram will send it again")
                return web.Response(status=503, text="try again")
            # Queued, not handled inline: Telegram waits for our 200, and order per chat is kept by the
            # same update processor as in polling mode.
            await application.update_queue.put(update)
            return web.Response(text="ok")

        self.app.router.add_post(path, receive)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)  # access logs would hold chat ids
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        log.info("web server on http://%s:%s (/healthz)", self.host, self.bound_port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
