"""The outbox sender: drains queued messages through one channel, survives restarts, shares work.

Each round leases a batch in one short transaction, delivers outside any transaction (a slow platform
must not hold database locks), then records the results. With a ``Pacing`` (Telegram), deliveries run
concurrently (one task per chat, in order within a chat) at the paced rate, each chat at most once a
second, and ``run`` leases the next batch while the last one goes out; deliveries are recorded in one
statement per ``RECORD_EVERY`` messages or ``RECORD_SECONDS``, whichever comes first, off the delivery
slots. A process killed mid-round leaves leased rows that are retried when the lease runs out: delivery
is at-least-once, and duplicates are bounded by the messages in flight plus those delivered but not yet
recorded (at most ``RECORD_EVERY``, and at most a second's worth, plus those delivered while a record is
being written).

Attachments referenced by id in a payload (``{"media": {...}}``, staff notices) are loaded here, once
per sender, and not copied into every row.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.outbox as outbox
from bot.channels.pacing import Pacing, batch_for
from config.settings import Settings
from handlers.core.messages import Document, Reply
from models.base import utcnow
from models.media import load_media
from models.people import mark_account_unreachable

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_BACKOFF_SECONDS = 300
RECORD_EVERY = 100  # deliveries recorded per statement; also bounds duplicates after a crash
RECORD_SECONDS = 1.0  # …and none waits longer than this to be recorded (at 30/s: about 30, not 100)
MEDIA_CACHE = 8  # attachments kept in memory (a notice's photo is sent to everyone)


class Unreachable(Exception):
    """The person blocked us or the chat is gone: stop sending until they write again."""


class RetryLater(Exception):
    """Try again in ``seconds``. ``flood=True``: the platform's "too many requests": everything pauses,
    and the attempt does not count against the message (it was the sender's pace, not the message)."""

    def __init__(self, seconds: float, reason: str, *, flood: bool = False) -> None:
        super().__init__(reason)
        self.seconds = seconds
        self.reason = reason
        self.flood = flood


class Rejected(Exception):
    """The platform refused this message for good (malformed); retrying would not help."""


class Waiting(Exception):
    """Not now, and not for a fault: the person cannot be sent this until they write again (WeChat's
    48-hour rule). The row stays pending with ``reason`` as its last error, due again in ``seconds`` or
    as soon as they write; no attempt is used up."""

    def __init__(self, seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.seconds = seconds
        self.reason = reason


# Delivers one message to a chat; returns how it went out when that is worth keeping ("template"), else None.
Deliver = Callable[[str, Reply], Awaitable[str | None]]
# The kind of the row being delivered ("notice", "booking-reminder"…), for a channel that sends kinds
# differently (WeChat's template per kind outside the 48 hours); the Deliver signature stays the same.
delivering_kind: ContextVar[str] = ContextVar("delivering_kind", default="")
Claimed = tuple[int, str, int, dict[str, Any], str]  # id, chat id, attempts (this one included), payload, kind


@dataclass
class _ChatTurn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # tasks holding or waiting for the lock: the entry goes when none is left


class _Progress:
    """How far a batch has gone out: ``nearly_out`` once three quarters of it are done."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.threshold = size // 4
        self.nearly_out = asyncio.Event()
        if self.left <= self.threshold:
            self.nearly_out.set()

    def one_done(self) -> None:
        self.left -= 1
        if self.left <= self.threshold:
            self.nearly_out.set()


async def _first_of(*waits: Awaitable[Any]) -> None:
    """Until the first of these is done; the others are cancelled (a shielded task goes on)."""
    futures = {asyncio.ensure_future(wait) for wait in waits}
    try:
        done, _ = await asyncio.wait(futures, return_when=asyncio.FIRST_COMPLETED)
        for future in done:  # a failed batch is reported where its task is awaited, not here
            if not future.cancelled():
                future.exception()
    finally:
        for future in futures:
            future.cancel()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class OutboxSender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        channel: str,
        deliver: Deliver,
        *,
        chat_id: str | None = None,
        lease: timedelta = LEASE,
        clock: Callable[[], datetime] = utcnow,
        pacing: Pacing | None = None,
        concurrency: int = 1,
        batch: int | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.lease = lease
        self.clock = clock
        self.settings = settings
        self.channel = channel
        self.deliver = deliver
        self.chat_id = chat_id
        self.pacing = pacing
        self.concurrency = max(1, concurrency)
        self.batch = batch or settings.outbox_batch
        self.owner = worker_name()
        self._wake = asyncio.Event()
        self._delivered: list[int] = []  # sent, not yet recorded
        self._first_unrecorded = 0.0  # time.monotonic() of the oldest of them
        self._record_lock = asyncio.Lock()
        self._media: dict[int, Document | None] = {}
        self._slots = asyncio.Semaphore(self.concurrency)  # deliveries in flight, over every batch
        self._chat_turns: dict[str, _ChatTurn] = {}  # chats with a delivery task, one at a time each
        self._held: set[int] = set()  # claimed by this sender and not yet recorded as done

    def wake(self) -> None:
        """New work was committed: look now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self._drain_overlapped(stop) if self.concurrency > 1 else await self.drain_once()
            except Exception:
                log.exception("outbox round failed on %s; retrying", self.channel)
                handled = 0
            if handled:
                continue
            self._wake.clear()
            waiters = {asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())}
            _done, pending = await asyncio.wait(
                waiters, timeout=self.settings.outbox_poll_seconds, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()

    async def drain_once(self) -> int:
        """One round: lease, deliver, record. Returns how many messages were handled."""
        claimed = await self._claim()
        await self._deliver_batch(claimed)
        await self._record_delivered()
        return len(claimed)

    async def _drain_overlapped(self, stop: asyncio.Event) -> int:
        """Rounds back to back while there is work, each batch leased when the one before is nearly out
        (three quarters delivered), so sending never waits for the database between rounds and a sender
        does not hoard rows that other senders, sharing the bot's rate, could be sending (about a batch
        and a quarter held at once; one chat's messages still go out in order, a chat at a time).
        Returns how many were handled."""
        handled = 0
        going: list[asyncio.Task[None]] = []
        try:
            while not stop.is_set() and (claimed := await self._claim()):
                handled += len(claimed)
                progress = _Progress(len(claimed))
                going.append(asyncio.create_task(self._deliver_batch(claimed, progress)))
                if len(going) == 2:
                    await going.pop(0)
                await _first_of(progress.nearly_out.wait(), asyncio.shield(going[-1]), stop.wait())
        finally:
            for outcome in await asyncio.gather(*going, return_exceptions=True):
                if isinstance(outcome, Exception):
                    log.error("outbox batch failed on %s", self.channel, exc_info=outcome)
            await self._record_delivered()
        return handled

    @property
    def batch_limit(self) -> int:
        """The batch, but no more than about ``BATCH_SECONDS``' worth at the rate paced now (a share of the
        bot's rate when other processes send too), and no more than a quarter of the lease's worth: a
        batch waits for the one before it, and must be out before its lease runs out."""
        rate = self.pacing.pacer.rate if self.pacing is not None else 0.0
        if rate <= 0:
            return self.batch
        return max(1, min(self.batch, batch_for(rate, 1), int(rate * self.lease.total_seconds() / 4)))

    async def _claim(self) -> list[Claimed]:
        async with self.sessionmaker() as session, session.begin():
            batch = await outbox.claim_due(
                session, self.channel, self.owner, self.clock(), self.lease, self.batch_limit, self.chat_id
            )
            # A batch may wait for the one before it, and a lease may run out meanwhile: rows this sender
            # still holds (going out, or sent and not yet recorded) are not taken again.
            fresh = [row for row in batch if row.id not in self._held]
        self._held.update(row.id for row in fresh)
        claimed = [(row.id, row.chat_id, row.attempts, row.payload, row.kind) for row in fresh]
        return claimed

    async def _deliver_batch(self, claimed: list[Claimed], progress: _Progress | None = None) -> None:
        if self.concurrency == 1:
            for message_id, chat_id, attempts, payload, kind in claimed:
                await self._deliver_one(message_id, chat_id, attempts, payload, kind)
                await self._record_some()
            return
        by_chat: dict[str, list[Claimed]] = {}
        for row in claimed:
            by_chat.setdefault(row[1], []).append(row)
        await asyncio.gather(*(self._deliver_chat(chat_id, rows, progress) for chat_id, rows in by_chat.items()))

    async def _deliver_chat(self, chat_id: str, rows: list[Claimed], progress: _Progress | None = None) -> None:
        """One chat's messages in order, after any of the chat's still going out from the batch before;
        the per-chat wait happens outside the concurrency slots."""
        turn = self._chat_turns.setdefault(chat_id, _ChatTurn())
        turn.users += 1
        try:
            async with turn.lock:  # FIFO: the earlier batch's task asked first
                for message_id, _chat, attempts, payload, kind in rows:
                    if self.pacing is not None:
                        await self.pacing.chats.wait(chat_id)
                    async with self._slots:
                        await self._deliver_one(message_id, chat_id, attempts, payload, kind)
                    if progress is not None:
                        progress.one_done()
                    await self._record_some()  # outside the slot: the database must not hold up deliveries
        finally:
            turn.users -= 1
            if not turn.users:
                del self._chat_turns[chat_id]

    async def _deliver_one(
        self, message_id: int, chat_id: str, attempts: int, payload: dict[str, Any], kind: str = ""
    ) -> None:
        delivered_as: str | None = None
        delivering_kind.set(kind)
        try:
            reply = await self._reply(payload)
            if self.pacing is None:
                delivered_as = await self.deliver(chat_id, reply)
            elif self.pacing.global_in_channel:  # the channel takes the slot: the chat's clock starts after
                try:
                    delivered_as = await self.deliver(chat_id, reply)
                finally:
                    self.pacing.chats.sent(chat_id, self.pacing.pacer.clock())
            else:
                try:
                    async with self.pacing.pacer.slot():
                        delivered_as = await self.deliver(chat_id, reply)
                finally:
                    self.pacing.chats.sent(chat_id, self.pacing.pacer.clock())
        except Unreachable as error:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_unreachable(session, message_id, str(error) or "unreachable")
                await mark_account_unreachable(session, self.channel, chat_id, self.clock())
            log.info("outbox %s: chat unreachable, stopped", message_id)
        except RetryLater as later:
            if later.flood and self.pacing is not None:
                self.pacing.pacer.pause(later.seconds)
            # A flood error is about our pace, not this message: it does not use up an attempt.
            await self._retry(message_id, attempts - 1 if later.flood else attempts, later.seconds, later.reason)
        except Waiting as wait:
            await self._retry(message_id, attempts - 1, wait.seconds, wait.reason)
        except Rejected as error:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_failed(session, message_id, f"rejected: {error}")
            log.warning("outbox %s rejected by the platform: %s", message_id, error)
        except Exception as error:
            backoff = min(2.0**attempts, MAX_BACKOFF_SECONDS)
            await self._retry(message_id, attempts, backoff, type(error).__name__)
            log.warning("outbox %s failed (%s), retry in %.0fs", message_id, type(error).__name__, backoff)
        else:
            if delivered_as is not None:  # rare (a template message): recorded on its own, with how
                async with self.sessionmaker() as session, session.begin():
                    await outbox.mark_sent(session, message_id, self.clock(), delivered_as)
                return
            if not self._delivered:
                self._first_unrecorded = time.monotonic()
            self._delivered.append(message_id)  # held until recorded
            return
        finally:
            if message_id not in self._delivered:
                self._held.discard(message_id)

    async def _record_some(self) -> None:
        """Record the deliveries so far once there are ``RECORD_EVERY`` or the oldest has waited
        ``RECORD_SECONDS``, unless a record is under way."""
        if not self._delivered or self._record_lock.locked():
            return
        if len(self._delivered) >= RECORD_EVERY or time.monotonic() - self._first_unrecorded >= RECORD_SECONDS:
            await self._record_delivered()

    async def _record_delivered(self) -> None:
        async with self._record_lock:
            delivered, self._delivered = self._delivered, []
            if not delivered:
                return
            try:
                async with self.sessionmaker() as session, session.begin():
                    await outbox.mark_sent_many(session, delivered, self.clock())
            except BaseException:
                if not self._delivered:
                    self._first_unrecorded = time.monotonic()
                self._delivered.extend(delivered)  # sent all the same: recorded with the next ones
                raise
            self._held.difference_update(delivered)

    async def _reply(self, payload: dict[str, Any]) -> Reply:
        """The payload as a Reply, with a referenced attachment loaded (once per sender)."""
        reply = Reply.from_payload(payload)
        media = payload.get("media")
        if not media:
            return reply
        media_id = int(media["id"])
        if media_id not in self._media:
            async with self.sessionmaker() as session:
                found = await load_media(session, media_id)
            if len(self._media) >= MEDIA_CACHE:
                self._media.pop(next(iter(self._media)))
            self._media[media_id] = (
                Document(media.get("filename") or found.filename, found.content, found.mime_type)
                if found is not None
                else None  # erased meanwhile: the text still goes out
            )
        attached = self._media[media_id]
        if attached is None:
            return reply
        if media.get("kind") == "document":
            return Reply(reply.text, reply.buttons, document=attached)
        return Reply(reply.text, reply.buttons, photo=attached)

    async def _retry(self, message_id: int, attempts: int, seconds: float, reason: str) -> None:
        # A row erased meanwhile (/forget) simply matches nothing.
        async with self.sessionmaker() as session, session.begin():
            await outbox.retry_later(
                session,
                message_id,
                attempts,
                self.clock() + timedelta(seconds=seconds),
                reason,
                self.settings.outbox_max_attempts,
            )
