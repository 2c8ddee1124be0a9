"""Telegram: python-telegram-bot updates in, Incoming to the core, Replies rendered back.

Polling or webhook (through our aiohttp server). Every request to a chat counts in one ``Pacer``:
interactive replies through PTB and ``PacedRateLimiter`` (our own: PTB's AIORateLimiter lets bursts through
and does not prevent flood errors in mass sends) take their slots first, never waiting behind a broadcast;
the outbox through ``bot.channels.telegram.outbox`` (prepared JSON on the same connection pool, without PTB's
objects) gets what they leave of the overall rate, and keeps each chat to one message a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Sequence
from contextlib import nullcontext
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ChatType, UpdateType
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, ContextTypes, ExtBot, TypeHandler

from bot.app import Linli
from bot.channels.ordering import PerChatUpdateProcessor
from bot.channels.outbox import OutboxSender
from bot.channels.pacing import ChatPacer, Pacer, Pacing, batch_for, concurrency_for, effective_rate
from bot.channels.rate_share import RateShare
from bot.channels.replied import RepliedMarks
from bot.channels.telegram.http import AiohttpRequest, UpdatesRequest
from bot.channels.telegram.outbox import DirectDelivery, SentFiles, caption_of, split_text
from bot.channels.telegram.replies import INTERACTIVE_RETRIES, DirectReplies
from bot.web import WebServer
from config.settings import SUPPORTED_LANGUAGES
from handlers.core.messages import MAX_MESSAGE_CHARS, Incoming, Location, Photo, Reply, Sender
from models.inbound import journal, unhandled

log = logging.getLogger(__name__)

CHANNEL = "telegram"
ALLOWED_UPDATES = [UpdateType.MESSAGE, UpdateType.CALLBACK_QUERY]
NOT_MODIFIED = "message is not modified"  # compared lower-cased
SEND_ATTEMPTS = 4  # a reply tried over about 3.5 s of a Bot API that answers 502 or not at all
SEND_BACKOFF_SECONDS = 0.5
SEEN_KEPT = 10_000  # update ids remembered per process (a few minutes of a busy morning)
REPLAY_WINDOW = timedelta(hours=24)  # what Telegram itself keeps of undelivered updates


def unreachable(error: TelegramError) -> bool:
    """Telegram could not be reached or answered 5xx (PTB's NetworkError, TimedOut among them) — not a
    request it refused: PTB makes BadRequest a NetworkError too, and sending a refused request again is
    pointless."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def to_incoming(update: Update) -> Incoming | None:
    """The platform-neutral view of an update; None for what Linli does not handle (groups, edits…)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return None
    sender = Sender(str(user.id), user.full_name, user.language_code)
    chat_id = str(chat.id)
    if update.callback_query is not None:
        return Incoming(CHANNEL, chat_id, sender, button=update.callback_query.data or "")
    message = update.message
    if message is None:
        return None
    if message.text is not None:
        return Incoming.from_text(CHANNEL, chat_id, sender, message.text)
    if message.location is not None:
        location = Location(message.location.latitude, message.location.longitude)
        return Incoming(CHANNEL, chat_id, sender, location=location)
    if message.photo:
        # The largest size; its bytes are fetched by ``TelegramChannel.with_photo`` before the core sees it.
        photo = Photo(b"", "image/jpeg", ref=message.photo[-1].file_id)
        return Incoming(CHANNEL, chat_id, sender, photo=photo, text=message.caption)
    # Stickers, voice, files…: handled like unexpected text, so the person gets a hint, not silence.
    return Incoming(CHANNEL, chat_id, sender)


MAX_PHOTO_BYTES = 10 * 1024 * 1024


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=button.data) for button in row] for row in reply.buttons]
    )


def retry_after_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return float(value.total_seconds() if hasattr(value, "total_seconds") else value)


class PacedRateLimiter(BaseRateLimiter[int]):
    """The interactive replies' side of the shared ``Pacer``: every request to a chat takes a reply slot (at
    once, ahead of the outbox's bulk sends, which yield); a flood error pauses everyone."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        paced = data.get("chat_id") is not None  # getUpdates, answerCallbackQuery…: not limited per chat
        for attempt in range(INTERACTIVE_RETRIES + 1):
            try:
                # The slot is held until the response is in: see bot.channels.pacing for why.
                async with self.pacer.reply_slot() if paced else nullcontext():
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.pacer.pause(retry_after_seconds(error))
                if attempt == INTERACTIVE_RETRIES:
                    raise
                log.info("flood control on %s; retrying after %.0fs", endpoint, retry_after_seconds(error))
        raise AssertionError("unreachable")  # the loop returns or raises


class TelegramChannel:
    def __init__(self, linli: Linli, application: Application) -> None:
        self.linli = linli
        self.application = application
        settings = linli.settings
        limiter = application.bot.rate_limiter
        pacer = limiter.pacer if isinstance(limiter, PacedRateLimiter) else Pacer(0)
        self.files = SentFiles()  # what Telegram already has, for replies and the outbox alike
        self.replied = RepliedMarks(linli.sessionmaker, CHANNEL)
        self.seen: OrderedDict[int, None] = OrderedDict()  # update ids this process took, the latest
        request = application.bot.request
        if not isinstance(request, AiohttpRequest):
            raise TypeError("build the application with build_application: the outbox posts on its AiohttpRequest")
        self.direct = DirectDelivery(
            request,
            application.bot.base_url,
            pacer,
            self.files,
            paid_broadcasts=settings.telegram_paid_broadcasts and pacer.rate > 0,
        )
        self.replies = DirectReplies(self.direct.endpoint, pacer)  # the same endpoint: its pool and addresses
        self.outbox = OutboxSender(
            linli.sessionmaker,
            settings,
            CHANNEL,
            self.direct.deliver,
            pacing=Pacing(pacer, ChatPacer(), global_in_channel=True),
            concurrency=concurrency_for(pacer.rate, settings.outbox_concurrency),
            batch=batch_for(pacer.rate, settings.outbox_batch),
        )

    @property
    def bot(self) -> Bot:
        return self.application.bot

    async def run_outbox(self, stop: asyncio.Event) -> None:
        """The outbox sender until ``stop``, pacing to this process's share of the bot's rate when other
        processes send for the same bot (``bot.channels.rate_share``); replies take their slots from the same share."""
        pacer = self.direct.pacer
        if pacer.rate <= 0:  # unlimited (a local Bot API server): nothing to share
            await self.outbox.run(stop)
            return
        share = RateShare(self.linli.sessionmaker, CHANNEL, self.outbox.owner, pacer.rate, pacer)
        try:
            await share.join()
        except Exception:  # the database is away: the sender waits for it anyway
            log.exception("could not join the senders sharing the rate; sending at the whole rate for now")
        beating = asyncio.create_task(share.run(stop), name="outbox-telegram-share")
        try:
            await self.outbox.run(stop)
        finally:
            if not stop.is_set():  # the sender failed or was cancelled: the heartbeats end with it
                beating.cancel()
            await asyncio.gather(beating, return_exceptions=True)

    async def on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        # After a restart an update can come twice to one process: replayed from the journal, and fetched
        # again because its batch was never confirmed. The second is dropped here, before any work.
        if update.update_id in self.seen:
            return
        self.seen[update.update_id] = None
        if len(self.seen) > SEEN_KEPT:
            self.seen.popitem(last=False)
        try:
            await self._handle(update)
        except TelegramError as error:
            if unreachable(error):  # through the retries: handed on again after the lease, or at the next start
                log.warning("could not answer an update: Telegram unreachable; its answers wait in the journal")
                self.seen.pop(update.update_id, None)  # not ours any more: the orphans' look takes it up again
                return
            self.replied.add(str(update.update_id))  # a send Telegram refused: sending it again would not help
            raise
        except Exception:
            self.replied.add(str(update.update_id))
            raise
        self.replied.add(str(update.update_id))  # answered (or nothing to answer): not to be replayed

    async def _handle(self, update: Update) -> None:
        incoming = to_incoming(update)
        query = update.callback_query
        if query is not None:
            # Stop the button's spinner at once; the answer itself follows as a message.
            await self.replies.answer_button(query.id)
        if incoming is None:
            return
        incoming = await self.with_photo(replace(incoming, delivery=str(update.update_id)))
        outcome = await self.linli.core.handle(incoming)
        message = query.message if query is not None else None
        editable_id = message.message_id if message is not None else None
        await self.render(int(incoming.chat_id), outcome.replies, editable_id, language=outcome.language)
        if outcome.outbox_added:
            self.linli.wake_outbox()  # also for the person's other channels (a web chat, say)

    async def with_photo(self, incoming: Incoming) -> Incoming:
        """Download a sent photo's bytes: features keep photos (case evidence) for every channel, and
        Telegram's file ids mean nothing elsewhere. A failed download arrives as no photo (the flow says so)."""
        if incoming.photo is None or incoming.photo.content:
            return incoming
        try:
            file = await self.bot.get_file(incoming.photo.ref)
            if file.file_size is not None and file.file_size > MAX_PHOTO_BYTES:
                raise ValueError("photo too large")
            content = bytes(await file.download_as_bytearray())
        except (TelegramError, ValueError) as error:
            log.warning("could not fetch a photo: %s", type(error).__name__)
            return replace(incoming, photo=None)
        return replace(incoming, photo=replace(incoming.photo, content=content))

    async def render(
        self, chat_id: int, replies: Sequence[Reply], editable_id: int | None = None, *, language: str = "zh"
    ) -> None:
        for reply in replies:
            editable = reply.edit and len(reply.text) <= MAX_MESSAGE_CHARS
            if editable and editable_id is not None and await self._edit(chat_id, editable_id, reply):
                editable_id = None  # one edit per press; later replies are new messages
                continue
            try:
                await self._send_retrying(chat_id, reply)
            except TelegramError as error:
                if unreachable(error):
                    raise  # the update's answers stay in the journal
                if reply.document is None and reply.photo is None:
                    raise  # text that cannot be sent: nothing better to send instead
                # A file Telegram refused (too big, a bad type, a timeout): say so, with the step's buttons,
                # rather than leave the person waiting for something that will not come.
                kind = "photo" if reply.photo is not None else "document"
                log.warning("could not send a %s: %s", kind, type(error).__name__)
                text = self.linli.services.catalog.t(language, "send-failed")
                await self.replies.send_text(chat_id, text, reply)

    async def _edit(self, chat_id: int, message_id: int, reply: Reply) -> bool:
        try:
            await self.replies.edit_text(chat_id, message_id, reply)
        except BadRequest as error:
            if NOT_MODIFIED in error.message.lower():  # PTB capitalises the API's description
                return True  # a double press: the message already shows this
            log.info("edit failed (%s); sending instead", error.message)
            return False
        return True

    async def _send_retrying(self, chat_id: int, reply: Reply) -> None:
        """A reply through a Bot API that is briefly away (a 502, a timeout): tried a few times, the chat
        waiting meanwhile (its next update is behind it, so order holds), other chats not."""
        for attempt in range(SEND_ATTEMPTS):
            try:
                await self.send(chat_id, reply)
                return
            except NetworkError as error:
                if not unreachable(error) or attempt == SEND_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(SEND_BACKOFF_SECONDS * 2**attempt)

    async def send(self, chat_id: int, reply: Reply) -> None:
        """An interactive reply: text straight to the Bot API (``self.replies``), an attachment through PTB
        (flood errors retried in ``PacedRateLimiter``; uploads are rare and their cost is the file's). The
        outbox sends through ``self.direct``, with the same shape: caption, pieces, buttons last."""
        caption = caption_of(reply)
        attached, kind = (reply.photo, "photo") if reply.photo is not None else (reply.document, "document")
        if attached is not None:
            markup = keyboard(reply) if caption is not None else None
            known = self.files.get(kind, attached)
            upload = known or InputFile(attached.content, filename=attached.filename)
            if kind == "photo":
                sent = await self.bot.send_photo(chat_id, upload, caption=caption or None, reply_markup=markup)
                file_id = sent.photo[-1].file_id if sent.photo else None
            else:
                sent = await self.bot.send_document(chat_id, upload, caption=caption or None, reply_markup=markup)
                file_id = sent.document.file_id if sent.document else None
            if known is None and file_id:
                self.files.remember(kind, attached, file_id)
            if caption is not None:
                return
        pieces = split_text(reply.text)
        for index, piece in enumerate(pieces):
            await self.replies.send_text(chat_id, piece, reply if index == len(pieces) - 1 else None)

    async def register_commands(self) -> None:
        """The command menu in each language; staff-only commands stay unlisted (they still work)."""
        catalog = self.linli.services.catalog
        listed = self.linli.core.listed_commands
        for language in SUPPORTED_LANGUAGES:
            commands = [BotCommand(c.name, catalog.t(language, c.description or c.name)) for c in listed]
            await self.bot.set_my_commands(commands, language_code=language)
        default = self.linli.settings.default_language
        await self.bot.set_my_commands(
            [BotCommand(c.name, catalog.t(default, c.description or c.name)) for c in listed]
        )


def webhook_secret(linli: Linli) -> str:
    """The configured secret, else one derived from the token: stable across restarts and processes."""
    settings = linli.settings
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    assert settings.telegram_token is not None
    token = settings.telegram_token.get_secret_value().encode()
    return hmac.new(token, b"linli-webhook", hashlib.sha256).hexdigest()


def webhook_path(linli: Linli) -> str:
    return urlsplit(linli.settings.webhook_url).path or "/telegram"


class JournalingBot(ExtBot[None]):
    """PTB's bot, keeping every fetched update (``models.inbound``) before Telegram is told it arrived:
    the updater's next ``getUpdates`` confirms the batch, so it waits until the batch is kept, and a process
    killed before handling it loses nothing. The batch is handed on meanwhile (its handling does not wait
    for the journal: a handled update is kept by the handling itself). If the database cannot keep it, the
    next fetch fails without confirming, and the batch comes again."""

    def __init__(self, *args: Any, updates_request: UpdatesRequest, keep: Keep, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "get_updates_request": updates_request})
        self._updates_request = updates_request
        self._keep = keep
        self._keeping: asyncio.Task[None] | None = None

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        keeping, self._keeping = self._keeping, None
        if keeping is not None:
            await keeping  # raises if the batch could not be kept: this fetch, which would confirm it, fails
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            self._keeping = asyncio.create_task(self._keep(list(self._updates_request.last_updates)))
        return updates

    async def shutdown(self) -> None:
        keeping, self._keeping = self._keeping, None
        if keeping is not None:
            with contextlib.suppress(Exception):  # logged where it failed; the batch was not confirmed
                await keeping
        await super().shutdown()


Keep = Callable[[Sequence[dict[str, Any]]], Coroutine[Any, Any, None]]


def keeper(linli: Linli) -> Keep:
    """Journal updates as Telegram sent them, keyed by their update_id."""

    async def keep(updates: Sequence[dict[str, Any]]) -> None:
        kept = [(str(update["update_id"]), update) for update in updates if "update_id" in update]
        async with linli.sessionmaker() as session, session.begin():
            await journal(session, CHANNEL, kept, linli.services.clock())

    return keep


def build_application(linli: Linli, *, webhook: bool) -> Application:
    settings = linli.settings
    assert settings.telegram_token is not None
    api_url = settings.telegram_api_url
    file_url = settings.telegram_file_url or api_url.replace("/bot", "/file/bot")
    bot = JournalingBot(
        settings.telegram_token.get_secret_value(),
        base_url=api_url,
        base_file_url=file_url,
        # Our own HTTP layer (bot/channels/telegram/http.py): PTB's default one cost most of a broadcast's CPU.
        request=AiohttpRequest(),
        updates_request=UpdatesRequest(),
        rate_limiter=PacedRateLimiter(
            Pacer(effective_rate(settings.telegram_max_rate, settings.telegram_paid_broadcasts))
        ),
        keep=keeper(linli),
    )
    builder = ApplicationBuilder().bot(bot).concurrent_updates(PerChatUpdateProcessor(settings.max_concurrent_updates))
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    application.add_error_handler(_log_error)
    return application


async def _log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    kind = type(update).__name__
    log.error("telegram error while handling %s", kind, exc_info=context.error)


class TelegramRuntime:
    """Telegram inside the server: updates in (polling, or webhook on our web server), replies and the
    outbox out. ``start`` before the web server starts listening (the webhook route must exist), ``stop``
    after it stops."""

    def __init__(self, linli: Linli, web: WebServer) -> None:
        self.linli = linli
        self.web = web
        self.use_webhook = bool(linli.settings.webhook_url)
        self.application = build_application(linli, webhook=self.use_webhook)
        self.channel = TelegramChannel(linli, self.application)
        self.application.add_handler(TypeHandler(Update, self.channel.on_update))
        if self.use_webhook:
            web.add_telegram_webhook(webhook_path(linli), webhook_secret(linli), self.application, keeper(linli))
        self._sender: asyncio.Task[None] | None = None
        self._marks: asyncio.Task[None] | None = None
        self._orphans: asyncio.Task[None] | None = None

    async def start(self, stop: asyncio.Event) -> None:
        settings, application = self.linli.settings, self.application
        await application.initialize()
        await self.channel.register_commands()
        if self.use_webhook:
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=webhook_secret(self.linli), allowed_updates=ALLOWED_UPDATES
            )
        else:
            await application.bot.delete_webhook()
            assert application.updater is not None
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await application.start()
        await self.replay()
        self.linli.outbox_listeners.append(self.channel.outbox.wake)
        self._sender = asyncio.create_task(self.channel.run_outbox(stop), name="outbox-telegram")
        self._marks = asyncio.create_task(self.channel.replied.run(stop), name="telegram-replied")
        self._orphans = asyncio.create_task(self.take_over_orphans(stop), name="telegram-orphans")
        log.info("Linli is running on Telegram (%s)", "webhook" if self.use_webhook else "polling")

    async def take_over_orphans(self, stop: asyncio.Event) -> None:
        """Several processes behind one address: one killed after keeping (or handling) an update and before
        answering it leaves it unanswered in the journal, and no restart of *it* may come. Every process
        looks every half lease for updates kept longer than a lease (``LINLI_INBOUND_LEASE_SECONDS``) and
        still unanswered, and hands them on as at start. A live process that is merely slow keeps its own
        (it drops an update it already has); a copy is handled once (``models.inbound.take``)."""
        lease = self.linli.settings.inbound_lease_seconds
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), lease / 2)
            if stop.is_set():
                return
            try:
                await self.replay(before=self.linli.services.clock() - timedelta(seconds=lease))
            except Exception:  # the database is away: the next look finds them
                log.warning("could not look for unanswered Telegram updates; again in %.0f s", lease / 2)

    async def replay(self, *, before: datetime | None = None) -> int:
        """Hand the core what was kept but not handled when a process stopped (killed, say, with updates
        in its queue): Telegram will not send those again. A copy another process is handling meanwhile
        is harmless: handling takes an update once (``models.inbound.take``)."""
        since = self.linli.services.clock() - REPLAY_WINDOW
        async with self.linli.sessionmaker() as session:
            kept = await unhandled(session, CHANNEL, since, before=before)
        kept = [row for row in kept if int(row.key) not in self.channel.seen]  # ours, still being handled
        for row in kept:
            assert row.body is not None
            await self.application.update_queue.put(Update.de_json(row.body, self.application.bot))
        if kept:
            log.warning("handing on %d Telegram updates kept but not handled before the last stop", len(kept))
        return len(kept)

    async def stop(self) -> None:
        application = self.application
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if self._sender is not None:
            await self._sender
        if self._marks is not None:
            await self._marks
        if self._orphans is not None:
            await self._orphans
        await application.shutdown()
