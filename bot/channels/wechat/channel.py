"""WeChat Official Account: messages and events in at ``settings.wechat_path``, Replies back.

How a message goes through:

1. The call's signature is checked (403 otherwise) and the body opened, plain or safe mode (400 if it
   cannot be). Then, in one transaction, the message is *taken* (``wechat_inbound``, keyed by MsgId or
   sender+time+event): WeChat sends the same message again after 5 s without an answer, up to three
   times, and whichever process gets a copy learns here whether it is the first. The person's 48 hours of
   customer-service messages start again in the same transaction.
2. The first copy is handled in a task of its own, one at a time per person (in arrival order). What it
   says first goes back in WeChat's own answer (the passive reply) if ready within
   ``wechat_reply_seconds``; everything else, and everything when it is late, goes through the
   customer-service API after the answer is out, so the order holds.
3. A retried copy gets the first copy's answer: waited for if it is being made in this process, read from
   the database if another process made it, else "success" (the rest comes by the API).

Pushes (the outbox) go as customer-service messages inside the 48 hours; outside them as a template
message when one is configured for the push's kind, else they wait for the person to write (and fail
after ``wechat_wait_days``). The ledger records "template" for those.

A reply's buttons are ``weixin://bizmsgmenu`` links (``protocol.choice_link``); a typed label or a typed
place ("2") presses one too. Documents (the iCalendar file, a CSV) are offered as a signed, expiring link
on our server, as WeChat has no file message for an Official Account.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession
from wechatpy.messages import BaseMessage
from wechatpy.replies import ImageReply

from bot.channels.outbox import OutboxSender, Rejected, RetryLater, Unreachable, Waiting, delivering_kind
from bot.channels.wechat.api import (
    API_UNAUTHORIZED,
    DAILY_QUOTA,
    INVALID_OPENID,
    INVALID_TEMPLATE,
    MINUTE_QUOTA,
    OUT_OF_RESPONSE_COUNT,
    OUT_OF_WINDOW,
    REQUIRE_SUBSCRIBE,
    SYSTEM_BUSY,
    WeChatAPI,
    WeChatError,
)
from bot.channels.wechat.oauth import ConsoleSignIn, WeChatSignIn
from bot.channels.wechat.protocol import (
    MAX_BODY_BYTES,
    BadCall,
    Codec,
    Envelope,
    Said,
    check_signature,
    choices_text,
    inbound_key,
    passive_text,
    said,
    texts_of,
)
from handlers.core.messages import MAX_MESSAGE_CHARS, Document, Incoming, Location, Photo, Reply, Sender
from models.media import load_media, save_media
from models.people import mark_account_unreachable
from models.wechat import (
    CHANNEL,
    WAITING_FOR_WINDOW,
    answer_of,
    button_by_id,
    choice_for_text,
    expire_waiting,
    forget_buttons,
    forget_inbound,
    keep_answer,
    keep_buttons,
    note_inbound,
    shown_choices,
    take_inbound,
    window_open,
)

if TYPE_CHECKING:
    from bot.app import Linli
    from bot.web import WebServer

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # as on Telegram: what the grid and hotline flows keep
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif"})  # what WeChat's image message shows
FILE_LINK_DAYS = 7  # a document's link works this long (a booking's calendar file is used within days)
OUTBOX_CONCURRENCY = 4  # customer-service calls in flight: WeChat's limits are per person and per day
TEMPLATE_FIELD_CHARS = {"thing": 20, "character_string": 32, "phrase": 5, "time": 30}  # WeChat's own limits
TEMPLATE_DEFAULT_CHARS = 200
WAIT_RECHECK_SECONDS = 3600.0  # a push waiting for the window looks again (it is also due when they write)
SUCCESS = "success"  # what WeChat takes as "no passive reply"
# Messages of one person waiting to be handled here before more are refused: a person types a few ahead at
# most; hundreds are a script, and each would otherwise hold a task and, later, customer-service sends.
MAX_WAITING_PER_PERSON = 10
ANSWER_SECONDS = 10.0  # how long the rest of a reply waits for the first part to be written back


@dataclass
class Turn:
    """One message being answered: the passive reply (or None) once ready, and when it has gone back."""

    key: str
    passive: asyncio.Future[str | None]
    answered: asyncio.Event = field(default_factory=asyncio.Event)


Message = dict[str, Any]  # a customer-service message body without ``touser``: {"msgtype": …, …}


class WeChatChannel:
    def __init__(self, linli: Linli, api: WeChatAPI) -> None:
        self.linli = linli
        self.api = api
        settings = linli.settings
        if settings.wechat_token is None:
            raise ValueError("LINLI_WECHAT_TOKEN is needed for the WeChat channel (the server configuration's Token)")
        aes_key = settings.wechat_aes_key.get_secret_value() if settings.wechat_aes_key is not None else None
        self.token = settings.wechat_token.get_secret_value()
        self.codec = Codec(self.token, aes_key, settings.wechat_app_id)
        self.path = "/" + settings.wechat_path.strip("/")
        self.reply_seconds = float(settings.wechat_reply_seconds)
        self._turns: dict[str, Turn] = {}  # messages being answered in this process, by inbound key
        self._chats: dict[str, tuple[asyncio.Lock, int]] = {}  # per-person order, and how many wait
        self._tasks: set[asyncio.Task[None]] = set()
        self.outbox = OutboxSender(
            linli.sessionmaker,
            settings,
            CHANNEL,
            self.deliver,
            concurrency=OUTBOX_CONCURRENCY,
            clock=lambda: linli.services.clock(),
        )

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.linli.services.clock

    def t(self, language: str | None, message_id: str) -> str:
        return self.linli.services.catalog.t(language or self.linli.settings.default_language, message_id)

    # --- wiring -------------------------------------------------------------------------------------

    def setup(self, app: web.Application) -> None:
        app.router.add_get(self.path, self.verify)
        app.router.add_post(self.path, self.receive)
        app.router.add_get(self.path + "/file/{media}/{expires}/{signature}/{name}", self.file)

    async def close(self) -> None:
        """Let messages being handled finish (their answers go by the API)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)

    # --- WeChat's calls -----------------------------------------------------------------------------

    async def verify(self, request: web.Request) -> web.Response:
        """The server check when the URL is saved in the account's settings: echo ``echostr`` if signed."""
        query = request.query
        try:
            check_signature(self.token, query.get("signature", ""), query.get("timestamp", ""), query.get("nonce", ""))
        except BadCall:
            log.warning("wechat: verification with a wrong signature refused")
            return web.Response(status=403, text="forbidden")
        return web.Response(text=query.get("echostr", ""))

    async def receive(self, request: web.Request) -> web.StreamResponse:
        try:
            envelope = self.codec.envelope(request.query)
        except BadCall as error:
            log.warning("wechat: call refused (%s)", error)
            return web.Response(status=403, text="forbidden")
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return web.Response(status=413, text="too large")
        body = await request.read()  # bounded by the server's client_max_size, then by ours in Codec.open
        try:
            message = self.codec.open(envelope, body)
        except BadCall as error:
            log.warning("wechat: unreadable message (%s)", error)
            return web.Response(status=400, text="bad message")
        what = said(message)
        key = inbound_key(message)
        now = self.clock()
        async with self.linli.sessionmaker() as session, session.begin():
            first = await take_inbound(session, key, now)
            if first and what.opens_window:
                await note_inbound(session, message.source, now)
        if not first:
            return await self._answer_again(request, envelope, key)
        if what.opens_window:
            self.outbox.wake()  # whatever waited for this person's 48 hours is due now
        if self._waiting(message.source) >= MAX_WAITING_PER_PERSON:
            return await self._too_fast(request, envelope, message, key)
        turn = Turn(key, asyncio.get_running_loop().create_future())
        self._turns[key] = turn
        task = asyncio.create_task(self._handle(message, what, turn), name="wechat-message")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        xml = await self._passive(turn, self.reply_seconds)
        return await self._respond(request, envelope, xml, turn)

    def _waiting(self, openid: str) -> int:
        entry = self._chats.get(openid)
        return entry[1] if entry is not None else 0

    async def _too_fast(
        self, request: web.Request, envelope: Envelope, message: BaseMessage, key: str
    ) -> web.StreamResponse:
        """One sender far ahead of their answers (a script, a stuck key): told so, not queued without end."""
        log.warning("wechat: a follower sent faster than they are answered; a message was refused")
        xml = passive_text(message, self.t(None, "wechat-too-fast"))
        async with self.linli.sessionmaker() as session, session.begin():
            await keep_answer(session, key, xml)
        return await self._respond(request, envelope, xml, None)

    async def _passive(self, turn: Turn, seconds: float) -> str | None:
        """The passive reply if ready in time; else None, and the handler sends everything by the API."""
        try:
            return await asyncio.wait_for(asyncio.shield(turn.passive), seconds)
        except TimeoutError:
            if turn.passive.cancel():
                return None
            return turn.passive.result()  # it came just as time ran out
        except asyncio.CancelledError:
            # WeChat hung up (or the server stops): nothing was answered, the handler sends by the API.
            turn.passive.cancel()
            turn.answered.set()
            raise

    async def _respond(
        self, request: web.Request, envelope: Envelope, xml: str | None, turn: Turn | None
    ) -> web.StreamResponse:
        body = self.codec.seal(envelope, xml) if xml is not None else SUCCESS
        response = web.Response(text=body, content_type="application/xml" if xml is not None else "text/plain")
        try:
            await response.prepare(request)
            await response.write_eof()
        finally:
            if turn is not None:
                turn.answered.set()  # what follows by the API comes after this answer
        return response

    async def _answer_again(self, request: web.Request, envelope: Envelope, key: str) -> web.StreamResponse:
        """A copy WeChat sent again: the first copy's answer, never a second handling."""
        turn = self._turns.get(key)
        xml: str | None = None
        if turn is not None and not turn.passive.cancelled():
            try:
                xml = await asyncio.wait_for(asyncio.shield(turn.passive), self.reply_seconds)
            except TimeoutError:
                xml = None
        else:
            async with self.linli.sessionmaker() as session:
                xml = await answer_of(session, key)
        log.info("wechat: a retried message answered again, not handled twice")
        return await self._respond(request, envelope, xml, None)

    # --- handling -----------------------------------------------------------------------------------

    async def _handle(self, message: BaseMessage, what: Said, turn: Turn) -> None:
        openid = str(message.source)
        lock, waiting = self._chats.get(openid) or (asyncio.Lock(), 0)
        self._chats[openid] = (lock, waiting + 1)
        try:
            async with lock:  # FIFO: one person's messages in the order they came
                await self._handle_in_turn(message, openid, what, turn)
        except Exception:
            log.exception("wechat: a message could not be handled")
            if not turn.passive.done():
                turn.passive.set_result(None)
        finally:
            lock, waiting = self._chats[openid]
            if waiting == 1:
                del self._chats[openid]
            else:
                self._chats[openid] = (lock, waiting - 1)
            if not turn.passive.done():
                turn.passive.set_result(None)
            # A retry may still ask for the answer meanwhile; after the retries' window it is the database's.
            asyncio.get_running_loop().call_later(20, self._turns.pop, turn.key, None)

    async def _handle_in_turn(self, message: BaseMessage, openid: str, what: Said, turn: Turn) -> None:
        if what.kind == "unfollow":
            async with self.linli.sessionmaker() as session, session.begin():
                await mark_account_unreachable(session, CHANNEL, openid, self.clock())
            log.info("wechat: a follower left; unreachable until they follow again")
            return
        incoming = await self._incoming(openid, what)
        if incoming is None:
            return
        outcome = await self.linli.core.handle(incoming)
        if outcome.outbox_added:
            self.linli.wake_outbox()
        answering = None if turn.passive.done() else (message, turn.key)
        parts, passive = await self._parts(openid, outcome.replies, outcome.language, answering)
        if not parts:
            return
        rest = parts[1:]
        if passive is not None and not turn.passive.done():
            turn.passive.set_result(passive)
            # The rest after WeChat has the answer, or they would arrive before it.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(turn.answered.wait(), ANSWER_SECONDS)
        else:
            rest = parts  # too late for the passive reply: all of it by the API
        for part in rest:
            try:
                await self.api.send_custom({"touser": openid, **part})
            except WeChatError as error:
                log.warning("wechat: a reply could not be sent (%s)", error.code)
                return

    @staticmethod
    def _passive_xml(message: BaseMessage, part: Message) -> str | None:
        if part["msgtype"] == "text":
            return passive_text(message, part["text"]["content"])
        if part["msgtype"] == "image":
            return str(ImageReply(message=message, media_id=part["image"]["media_id"]).render())
        return None

    async def _incoming(self, openid: str, what: Said) -> Incoming | None:
        sender = Sender(openid)
        if what.kind == "ignore":
            return None
        if what.kind == "command":
            text = f"/{what.text} {what.args}".strip()
            return Incoming(CHANNEL, openid, sender, text=text, command=what.text, args=what.args)
        if what.kind == "choice" and what.choice_id is not None:
            async with self.linli.sessionmaker() as session:
                data = await button_by_id(session, openid, what.choice_id)
            if data is not None:
                return Incoming(CHANNEL, openid, sender, button=data)
            # An id not given to this person (forged, or forgotten): it is what it says, as text.
        if what.kind in ("text", "choice"):
            text = what.text[: MAX_MESSAGE_CHARS * 2]  # the core says "too long" beyond its limit
            stripped = unicodedata.normalize("NFKC", text).strip()
            if stripped and not stripped.startswith("/"):
                async with self.linli.sessionmaker() as session:
                    data = await choice_for_text(session, openid, stripped)
                if data is not None:
                    return Incoming(CHANNEL, openid, sender, button=data)
            return Incoming.from_text(CHANNEL, openid, sender, text)
        if what.kind == "location":
            return Incoming(CHANNEL, openid, sender, location=Location(what.latitude, what.longitude))
        if what.kind == "photo":
            try:
                content, mime_type = await self.api.fetch_media(what.media_id, MAX_PHOTO_BYTES)
            except (WeChatError, ValueError, ConnectionError, TimeoutError) as error:
                log.warning("wechat: could not fetch a photo: %s", type(error).__name__)
                return Incoming(CHANNEL, openid, sender)  # the flow asks again, as for unexpected input
            return Incoming(CHANNEL, openid, sender, photo=Photo(content, mime_type, ref=what.media_id))
        return Incoming(CHANNEL, openid, sender)  # voice, video, a link…: answered as unexpected input

    # --- what goes out ------------------------------------------------------------------------------

    async def _parts(
        self, openid: str, replies: Sequence[Reply], language: str, answering: tuple[BaseMessage, str] | None = None
    ) -> tuple[list[Message], str | None]:
        """Replies as WeChat messages: a picture first, then the text in pieces with the choices last.

        ``answering`` (the message and its inbound key): the first part as the passive reply's XML too,
        kept for WeChat's retries in the same transaction as the choices (one write, not two: SQLite has
        one writer at a time, and every message's writes queue behind each other's)."""
        pictures: dict[int, Message] = {}
        for index, reply in enumerate(replies):  # the uploads first: no transaction is open meanwhile
            photo = reply.photo
            if photo is None or photo.mime_type not in IMAGE_TYPES:
                continue
            try:
                media_id = await self.api.upload_image(photo.content, photo.filename, photo.mime_type)
            except (WeChatError, ConnectionError, TimeoutError) as error:
                log.warning("wechat: could not upload a picture: %s", type(error).__name__)
                pictures[index] = _text(self.t(language, "send-failed"))
            else:
                pictures[index] = {"msgtype": "image", "image": {"media_id": media_id}}
        parts: list[Message] = []
        passive: str | None = None
        async with self.linli.sessionmaker() as session, session.begin():
            last_choice: int | None = None
            for index, reply in enumerate(replies):
                if index in pictures:
                    parts.append(pictures[index])
                document = reply.document
                if document is None and reply.photo is not None and reply.photo.mime_type not in IMAGE_TYPES:
                    document = reply.photo  # not something WeChat shows as a picture: offered as a file
                text = reply.text
                if document is not None:
                    link = await self._file_link(session, document)
                    text = f'{text}\n\n📎 <a href="{link}">{_attribute(document.filename)}</a>'.strip()
                choices = ""
                last_choice = None
                buttons = [(button.label, button.data) for row in reply.buttons for button in row]
                if buttons:
                    ids = await keep_buttons(session, openid, buttons, self.clock())
                    last_choice = ids[0]
                    choices = choices_text(reply.buttons, ids)
                if text.strip() or choices:
                    parts.extend(_text(piece) for piece in texts_of(text, choices))
            if replies:
                await shown_choices(session, openid, last_choice)
            if answering is not None and parts:
                passive = self._passive_xml(answering[0], parts[0])
                if passive is not None:
                    await keep_answer(session, answering[1], passive)
        return parts, passive

    async def _file_link(self, session: AsyncSession, document: Document) -> str:
        media = await save_media(session, document.content, document.mime_type, None)
        expires = int(time.time()) + FILE_LINK_DAYS * 86400
        name = document.filename or media.filename
        signature = self._file_signature(media.id, expires, name)
        return f"{self.linli.settings.base_url}{self.path}/file/{media.id}/{expires}/{signature}/{quote(name, safe='')}"

    def _file_signature(self, media_id: int, expires: int, name: str) -> str:
        key = self.linli.services.button_key
        message = f"wechat-file:{media_id}:{expires}:{name}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]

    async def file(self, request: web.Request) -> web.StreamResponse:
        """A document offered in a reply: only with the link's signature and before it expires."""
        info = request.match_info
        if not (info["media"].isdigit() and info["expires"].isdigit()):
            raise web.HTTPNotFound()
        media_id, expires, name = int(info["media"]), int(info["expires"]), info["name"]
        wanted = self._file_signature(media_id, expires, name)
        if not hmac.compare_digest(wanted, info["signature"]) or expires < time.time():
            raise web.HTTPNotFound()
        async with self.linli.sessionmaker() as session:
            media = await load_media(session, media_id)
        if media is None:
            raise web.HTTPNotFound()
        disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
        headers = {"Content-Disposition": disposition, "Cache-Control": "private, max-age=3600"}
        return web.Response(body=media.content, content_type=media.mime_type, headers=headers)

    # --- the outbox ---------------------------------------------------------------------------------

    async def deliver(self, openid: str, reply: Reply) -> str | None:
        """One push: customer-service messages inside the 48 hours; else a template message or wait."""
        async with self.linli.sessionmaker() as session:
            inside = await window_open(session, openid, self.clock())
        if not inside:
            return await self._outside_window(openid, reply)
        parts, _passive = await self._parts(openid, [reply], self.linli.settings.default_language)
        for index, part in enumerate(parts):
            try:
                await self.api.send_custom({"touser": openid, **part})
            except WeChatError as error:
                if error.code in (OUT_OF_WINDOW, OUT_OF_RESPONSE_COUNT) and index == 0:
                    return await self._outside_window(openid, reply)
                raise _outcome_of(error) from error
        return None

    async def _outside_window(self, openid: str, reply: Reply) -> str:
        templates = self.linli.settings.wechat_templates
        kind = delivering_kind.get()
        template = templates.get(kind) or templates.get("*")
        if template is None:
            raise Waiting(WAIT_RECHECK_SECONDS, WAITING_FOR_WINDOW)
        data = self._template_data(template["fields"], reply)
        try:
            await self.api.send_template(openid, template["id"], data, url=self.linli.settings.base_url + "/")
        except WeChatError as error:
            if error.code in (INVALID_TEMPLATE, API_UNAUTHORIZED):
                # Our configuration, not the message: it waits for the person to write instead.
                log.error("wechat: template for %r refused (%s); the push waits for the window", kind, error.code)
                raise Waiting(WAIT_RECHECK_SECONDS, WAITING_FOR_WINDOW) from error
            raise _outcome_of(error) from error
        return "template"

    def _template_data(self, fields: dict[str, str], reply: Reply) -> dict[str, str]:
        title, _, body = reply.text.strip().partition("\n")
        local = self.clock().astimezone(self.linli.settings.tz)
        values = {
            "title": title.strip(),
            "body": " ".join(body.split()) or title.strip(),
            "time": f"{local:%Y-%m-%d %H:%M}",
        }
        data: dict[str, str] = {}
        for key, source in fields.items():
            limit = next(
                (n for prefix, n in TEMPLATE_FIELD_CHARS.items() if key.startswith(prefix)), TEMPLATE_DEFAULT_CHARS
            )
            value = values[source]
            data[key] = value if len(value) <= limit else value[: limit - 1] + "…"
        return data


def _text(content: str) -> Message:
    return {"msgtype": "text", "text": {"content": content}}


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _outcome_of(error: WeChatError) -> Exception:
    """WeChat's answer as the outbox's outcome, as Telegram's are mapped."""
    if error.code in (REQUIRE_SUBSCRIBE, INVALID_OPENID):
        return Unreachable(f"wechat {error.code}")
    if error.code in (DAILY_QUOTA, MINUTE_QUOTA):
        return RetryLater(60, f"wechat {error.code}: quota", flood=True)
    if error.code == SYSTEM_BUSY:
        return ConnectionError("wechat busy")
    return Rejected(f"wechat {error.code}")


class WeChatRuntime:
    """WeChat inside the server: the endpoint on our web server, the outbox sender, the clean-up."""

    def __init__(self, linli: Linli, web_server: WebServer, console_sign_in: ConsoleSignIn | None = None) -> None:
        self.linli = linli
        self.api = WeChatAPI(linli.settings, linli.sessionmaker, clock=lambda: linli.services.clock())
        self.channel = WeChatChannel(linli, self.api)
        self.channel.setup(web_server.app)
        WeChatSignIn(linli, self.api, self.channel.path, console_sign_in).setup(web_server.app)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self, stop: asyncio.Event) -> None:
        self.linli.outbox_listeners.append(self.channel.outbox.wake)
        self._tasks.append(asyncio.create_task(self.channel.outbox.run(stop), name="outbox-wechat"))
        self._tasks.append(asyncio.create_task(self._housekeeping(stop), name="wechat-housekeeping"))
        log.info("Linli is running on WeChat (%s)", self.channel.path)

    async def _housekeeping(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            now = self.linli.services.clock()
            try:
                async with self.linli.sessionmaker() as session, session.begin():
                    await forget_inbound(session, now - timedelta(days=1))
                    await forget_buttons(session, now - timedelta(days=30))
                    await expire_waiting(session, now, timedelta(days=self.linli.settings.wechat_wait_days))
            except Exception:
                log.exception("wechat clean-up failed; trying again later")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=3600)

    async def stop(self) -> None:
        await self.channel.close()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.api.close()
