"""The resident web chat: a page at ``/`` that talks to the conversation core over a WebSocket.

A visitor is a random token in an HTTP-only cookie; the chat id (and the channel account's external id)
is a digest of it, so a copy of the database cannot be used to speak as someone. Several tabs of one
visitor share the chat: what one tab does and every answer are shown in all of them, messages of one
visitor are handled one at a time, and a single outbox sender per visitor delivers queued messages
(notices, case updates) while at least one tab is open. With no tab open they wait in the outbox.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import logging
import re
import secrets
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from sqlalchemy import select

from bot.channels.outbox import OutboxSender, RetryLater
from bot.channels.webchat.protocol import (
    CHANNEL,
    MAX_FRAME_BYTES,
    MAX_PHOTO_BYTES,
    BadInput,
    Frame,
    Hello,
    done,
    echo,
    notice,
    parse_frame,
    preferred_language,
    render_reply,
)
from config.i18n import language_from_code
from handlers.core.messages import MAX_MESSAGE_CHARS, Incoming, Reply, Sender
from models.people import ChannelAccount, Person
from models.webchat import admit_visitor

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.app import Linli

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
COOKIE = "linli_visitor"
COOKIE_MAX_AGE = 365 * 24 * 3600  # a resident keeps their chat across visits, like an app would
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
HEARTBEAT_SECONDS = 25.0  # below the idle timeout of common proxies and mobile networks
STATIC_ROUTE = "webchat-static"
RETRY_AFTER_SECONDS = 3600  # the allowance is per hour

# Our own script and styles only: no inline scripts, nothing from elsewhere. Photos are shown from
# data: URLs and shrunk on a canvas from blob: URLs; the socket is same-origin ('self').
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def client_address(request: web.Request) -> str:
    """The visitor's address. Behind a reverse proxy on the same host (the peer is loopback), the address
    the proxy saw: the last entry of X-Forwarded-For, the one the proxy appended (earlier ones are the
    client's to forge). From anywhere else the header is ignored, so it cannot be used to dodge the limit."""
    peer = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    try:
        local = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        local = False
    if local and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer


def chat_id_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def make_templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Visitor:
    """One visitor's open tabs, the lock that keeps their messages in order, and their outbox sender."""

    def __init__(self, webchat: WebChat, chat_id: str, language: str) -> None:
        self.chat_id = chat_id
        self.language = language
        self.sockets: set[web.WebSocketResponse] = set()
        self.lock = asyncio.Lock()
        self._last_id = 0
        linli = webchat.linli
        self.outbox = OutboxSender(
            linli.sessionmaker,
            linli.settings,
            CHANNEL,
            self.deliver,
            chat_id=chat_id,
            clock=lambda: linli.services.clock(),
        )
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def start_outbox(self) -> None:
        if self.task is None:
            self.task = asyncio.create_task(self.outbox.run(self.stop), name=f"outbox-web-{self.chat_id[:8]}")

    async def stop_outbox(self) -> None:
        self.stop.set()
        if self.task is not None:
            # wait(), not await: a socket handler cancelled mid-leave must not cancel the sender mid-round.
            await asyncio.wait([self.task])

    async def send(
        self,
        frame: dict[str, Any],
        *,
        only: web.WebSocketResponse | None = None,
        skip: web.WebSocketResponse | None = None,
    ) -> int:
        """To every open tab (or ``only`` one); returns how many got it."""
        targets = [only] if only is not None else [socket for socket in self.sockets if socket is not skip]
        sent = 0
        for socket in targets:
            if socket.closed:
                continue
            try:
                await socket.send_json(frame)
            except (ConnectionError, RuntimeError):  # closed meanwhile: its loop ends and it leaves
                continue
            sent += 1
        return sent

    async def deliver(self, _chat_id: str, reply: Reply) -> None:
        """For the outbox sender: after any message being handled, so a reply comes before the notices
        it caused. A page closed meanwhile leaves the message in the outbox for next time."""
        async with self.lock:
            if not await self.send(render_reply(reply, self.next_id(), queued=True)):
                # flood=True: the page closing is not the message's fault, so it costs no attempt.
                raise RetryLater(0, "page closed", flood=True)


class WebChat:
    def __init__(self, linli: Linli) -> None:
        self.linli = linli
        self.templates = make_templates()
        self.visitors: dict[str, Visitor] = {}

    # --- wiring -----------------------------------------------------------------------------------

    def setup(self, app: web.Application) -> None:
        app.router.add_get("/", self.page)
        app.router.add_get("/chat/ws", self.socket)
        app.router.add_static("/chat/static", HERE / "static", name=STATIC_ROUTE, append_version=True)
        app.on_shutdown.append(self._on_shutdown)

    def wake(self) -> None:
        """New outbox work was committed somewhere: the open pages' senders look now."""
        for visitor in list(self.visitors.values()):
            visitor.outbox.wake()

    async def run(self, stop: asyncio.Event) -> None:
        """Optional: ends the senders and closes the pages when ``stop`` is set."""
        await stop.wait()
        await self.close()

    async def close(self) -> None:
        visitors = list(self.visitors.values())
        self.visitors.clear()
        # All at once: each close waits (briefly) for the browser's answer.
        sockets = [socket for visitor in visitors for socket in visitor.sockets]
        await asyncio.gather(*(socket.close(code=WSCloseCode.GOING_AWAY) for socket in sockets))
        await asyncio.gather(*(visitor.stop_outbox() for visitor in visitors))

    async def _on_shutdown(self, _app: web.Application) -> None:
        await self.close()  # open sockets would otherwise hold the server's shutdown for a minute

    # --- the visitor's cookie ---------------------------------------------------------------------

    def _token(self, request: web.Request) -> str:
        token = request.cookies.get(COOKIE, "")
        return token if TOKEN.match(token) else secrets.token_urlsafe(24)

    def _set_cookie(self, request: web.Request, response: web.StreamResponse, token: str) -> None:
        secure = (
            self.linli.settings.web_secure_cookies
            or request.secure
            or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
        )
        response.set_cookie(
            COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="Lax", secure=secure
        )

    # --- language -----------------------------------------------------------------------------------

    def t(self, language: str, message_id: str, args: dict[str, Any] | None = None) -> str:
        return self.linli.services.catalog.t(language, message_id, args)

    async def _person_language(self, chat_id: str) -> str | None:
        async with self.linli.sessionmaker() as session:
            language = await session.scalar(
                select(Person.language)
                .join(ChannelAccount, ChannelAccount.person_id == Person.id)
                .where(ChannelAccount.channel == CHANNEL, ChannelAccount.external_id == chat_id)
            )
        return language if language in self.linli.services.catalog.languages else None

    async def _language(self, chat_id: str, accept_language: str | None) -> str:
        """The person's language once they have one here; before that, the browser's."""
        known = await self._person_language(chat_id)
        return known or language_from_code(preferred_language(accept_language), self.linli.settings.default_language)

    # --- new visitors per address -------------------------------------------------------------------

    async def _admit(self, request: web.Request, chat_id: str, *, record: bool = True) -> bool:
        """Known visitors always; new ones within the address's hourly allowance (the socket records
        the newcomer, the page only asks, so a page load alone never writes)."""
        async with self.linli.sessionmaker() as session, session.begin():
            return await admit_visitor(
                session,
                CHANNEL,
                chat_id,
                client_address(request),
                self.linli.services.clock(),
                self.linli.settings.web_new_visitors_per_hour,
                record=record,
            )

    def _too_many(self, language: str) -> web.HTTPTooManyRequests:
        return web.HTTPTooManyRequests(
            text=self.t(language, "webchat-too-many-visitors"),
            content_type="text/plain",
            headers={**PAGE_HEADERS, "Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    # --- the page -----------------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.Response:
        token = self._token(request)
        language = await self._language(chat_id_of(token), request.headers.get("Accept-Language"))
        if not await self._admit(request, chat_id_of(token), record=False):
            raise self._too_many(language)
        static = request.app.router[STATIC_ROUTE]
        catalog = self.linli.services.catalog
        body = self.templates.get_template("chat.html").render(
            lang=language,
            t=partial(self.t, language),
            translations=[(code, partial(self.t, code)) for code in catalog.languages],
            script_url=str(static.url_for(filename="chat.js")),
            style_url=str(static.url_for(filename="chat.css")),
            icon_url=str(static.url_for(filename="icon.svg")),
            max_photo=MAX_PHOTO_BYTES,
            max_text=MAX_MESSAGE_CHARS,
        )
        response = web.Response(text=body, content_type="text/html", charset="utf-8", headers=PAGE_HEADERS)
        self._set_cookie(request, response, token)  # every visit renews it
        return response

    # --- the socket ---------------------------------------------------------------------------------

    def _same_origin(self, request: web.Request) -> bool:
        """Another site's page must not open a socket as our visitor (browsers always send Origin)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        allowed = {request.host, urlsplit(self.linli.settings.base_url).netloc}
        if forwarded := request.headers.get("X-Forwarded-Host"):
            allowed.add(forwarded.split(",")[0].strip())
        return urlsplit(origin).netloc in allowed

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        if not self._same_origin(request):
            log.warning("web chat: socket from another origin refused")
            raise web.HTTPForbidden(text="forbidden")
        token = self._token(request)
        chat_id = chat_id_of(token)
        if not await self._admit(request, chat_id):
            log.warning("web chat: too many new visitors from one address this hour")
            browser = preferred_language(request.headers.get("Accept-Language"))
            raise self._too_many(language_from_code(browser, self.linli.settings.default_language))
        socket = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, heartbeat=HEARTBEAT_SECONDS)
        self._set_cookie(request, socket, token)  # a page served before the cookie was set still works
        await socket.prepare(request)
        accept_language = preferred_language(request.headers.get("Accept-Language"))
        sender = Sender(chat_id, "", accept_language)
        visitor = self.visitors.get(chat_id)
        if visitor is None:
            visitor = Visitor(self, chat_id, await self._language(chat_id, accept_language))
            self.visitors[chat_id] = visitor
        visitor.sockets.add(socket)
        try:
            async for message in socket:
                if message.type is WSMsgType.TEXT:
                    await self._on_frame(visitor, socket, sender, message.data)
                elif message.type is WSMsgType.BINARY:
                    await visitor.send(notice(self.t(visitor.language, "webchat-bad-message")), only=socket)
                    await visitor.send(done(None), only=socket)
        finally:
            await self._leave(visitor, socket)
        return socket

    async def _leave(self, visitor: Visitor, socket: web.WebSocketResponse) -> None:
        visitor.sockets.discard(socket)
        if visitor.sockets:
            return
        if self.visitors.get(visitor.chat_id) is visitor:
            del self.visitors[visitor.chat_id]  # a tab opened from now on starts a fresh sender
        await visitor.stop_outbox()

    async def _on_frame(self, visitor: Visitor, socket: web.WebSocketResponse, sender: Sender, raw: str) -> None:
        parsed = parse_frame(raw, visitor.chat_id, sender)
        await self._answer(visitor, socket, sender, parsed)
        # The page shows "…" from sending until this, and keeps the frame to send again until this: everything
        # the frame caused has been sent (a socket that closes first gets the frame again, see protocol).
        await visitor.send(done(None if isinstance(parsed, Hello) else parsed.frame_id), only=socket)

    async def _answer(
        self, visitor: Visitor, socket: web.WebSocketResponse, sender: Sender, parsed: Frame | Hello | BadInput
    ) -> None:
        if isinstance(parsed, BadInput):
            text = self.t(visitor.language, parsed.message_id, parsed.args)
            await visitor.send(notice(text), only=socket)
            return
        async with visitor.lock:
            if isinstance(parsed, Hello):
                if parsed.fresh:
                    await self._greet(visitor, socket, sender, parsed.start)
                visitor.start_outbox()  # after the greeting: queued messages follow it
                return
            incoming = parsed.incoming
            if incoming.button is None and not parsed.again:  # the other tabs showed it the first time
                await visitor.send(echo(incoming), skip=socket)
            # A frame sent again is a copy when its first sending was handled: the core changes nothing then
            # and gives back what it answered (models.inbound). Never marked sent: a copy comes only from a
            # page that missed its "done", which may have missed the answers too (twice beats never).
            outcome = await self.linli.core.handle(incoming)
            await self._show(visitor, outcome.replies, parsed.pressed_message, answers=parsed.frame_id)
            await self._follow_language(visitor)
        if outcome.outbox_added:
            self.linli.wake_outbox()  # other channels' senders (Telegram…) and, when wired, ours
            self.wake()

    async def _greet(self, visitor: Visitor, socket: web.WebSocketResponse, sender: Sender, start: str = "") -> None:
        """A page (re)loaded: its history is empty. Ask the question of a flow in progress again, and
        nothing else; otherwise /start (a newcomer starts joining, a resident gets the menu). Opened from a
        QR code (``start``): /start with its link, which joins that community and building."""
        if start:
            incoming = Incoming(CHANNEL, visitor.chat_id, sender, text=f"/start {start}", command="start", args=start)
        else:
            incoming = Incoming(CHANNEL, visitor.chat_id, sender, resume=True)
        outcome = await self.linli.core.handle(incoming)
        await self._show(visitor, outcome.replies, None, only=socket)
        await self._follow_language(visitor)

    async def _show(
        self,
        visitor: Visitor,
        replies: Sequence[Reply],
        pressed_message: int | None,
        *,
        only: web.WebSocketResponse | None = None,
        answers: str | None = None,
    ) -> None:
        for reply in replies:
            replaces = None
            if reply.edit and pressed_message is not None:
                replaces, pressed_message = pressed_message, None  # one edit per press, as on Telegram
            frame = render_reply(reply, visitor.next_id(), replaces=replaces, answers=answers)
            await visitor.send(frame, only=only)

    async def _follow_language(self, visitor: Visitor) -> None:
        """The person chose a language in the chat: the page's own words follow."""
        language = await self._person_language(visitor.chat_id)
        if language is not None and language != visitor.language:
            visitor.language = language
            await visitor.send({"type": "lang", "lang": language})


__all__ = ["CHANNEL", "COOKIE", "WebChat", "chat_id_of"]
