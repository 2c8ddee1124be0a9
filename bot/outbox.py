"""The outbox sender: drains queued messages through one channel, survives restarts, shares work.

Each round leases a batch in one short transaction, delivers outside any transaction (a slow platform
must not hold database locks), then records the results. With a ``Pacing`` (Telegram), deliveries run
concurrently (one task per chat, in order within a chat) at the paced rate, each chat at most once a
second; deliveries are recorded in one statement per ``RECORD_EVERY`` messages. A process killed
mid-round leaves leased rows that are retried when the lease runs out: delivery is at-least-once, and
duplicates are bounded by the messages in flight plus those delivered but not yet recorded.

Attachments referenced by id in a payload (``{"media": {...}}``, staff notices) are loaded here, once
per sender, and not copied into every row.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.pacing import Pacing
from config.settings import Settings
from handlers.messages import Document, Reply
from models import outbox
from models.base import utcnow
from models.media import load_media
from models.people import mark_account_unreachable

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_BACKOFF_SECONDS = 300
RECORD_EVERY = 100  # deliveries recorded per statement; also bounds duplicates after a crash
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


Deliver = Callable[[str, Reply], Awaitable[None]]


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
        self._record_lock = asyncio.Lock()
        self._media: dict[int, Document | None] = {}

    def wake(self) -> None:
        """New work was committed: look now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.drain_once()
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
        async with self.sessionmaker() as session, session.begin():
            batch = await outbox.claim_due(
                session, self.channel, self.owner, self.clock(), self.lease, self.batch, self.chat_id
            )
            claimed = [(row.id, row.chat_id, row.attempts, row.payload) for row in batch]
        if self.concurrency == 1:
            for message_id, chat_id, attempts, payload in claimed:
                await self._deliver_one(message_id, chat_id, attempts, payload)
        else:
            by_chat: dict[str, list[tuple[int, str, int, dict[str, Any]]]] = {}
            for row in claimed:
                by_chat.setdefault(row[1], []).append(row)
            slots = asyncio.Semaphore(self.concurrency)
            await asyncio.gather(*(self._deliver_chat(rows, slots) for rows in by_chat.values()))
        await self._record_delivered()
        return len(claimed)

    async def _deliver_chat(self, rows: list[tuple[int, str, int, dict[str, Any]]], slots: asyncio.Semaphore) -> None:
        """One chat's messages in order; the per-chat wait happens outside the concurrency slots."""
        for message_id, chat_id, attempts, payload in rows:
            if self.pacing is not None:
                await self.pacing.chats.wait(chat_id)
            async with slots:
                await self._deliver_one(message_id, chat_id, attempts, payload)

    async def _deliver_one(self, message_id: int, chat_id: str, attempts: int, payload: dict[str, Any]) -> None:
        try:
            reply = await self._reply(payload)
            if self.pacing is None:
                await self.deliver(chat_id, reply)
            elif self.pacing.global_in_channel:  # the channel takes the slot: the chat's clock starts after
                try:
                    await self.deliver(chat_id, reply)
                finally:
                    self.pacing.chats.sent(chat_id, self.pacing.pacer.clock())
            else:
                self.pacing.chats.sent(chat_id, await self.pacing.pacer.acquire())
                await self.deliver(chat_id, reply)
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
        except Rejected as error:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_failed(session, message_id, f"rejected: {error}")
            log.warning("outbox %s rejected by the platform: %s", message_id, error)
        except Exception as error:
            backoff = min(2.0**attempts, MAX_BACKOFF_SECONDS)
            await self._retry(message_id, attempts, backoff, type(error).__name__)
            log.warning("outbox %s failed (%s), retry in %.0fs", message_id, type(error).__name__, backoff)
        else:
            self._delivered.append(message_id)
            if len(self._delivered) >= RECORD_EVERY:
                await self._record_delivered()

    async def _record_delivered(self) -> None:
        async with self._record_lock:
            delivered, self._delivered = self._delivered, []
            if delivered:
                async with self.sessionmaker() as session, session.begin():
                    await outbox.mark_sent_many(session, delivered, self.clock())

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
