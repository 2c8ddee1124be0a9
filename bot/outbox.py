"""The outbox sender: drains queued messages through one channel, survives restarts, shares work.

Each round leases a batch in one short transaction, delivers outside any transaction (a slow platform
must not hold database locks), then records each result. A process killed mid-round leaves leased
rows that are retried when the lease runs out: delivery is at-least-once, duplicates bounded by the
batch in flight.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Settings
from handlers.messages import Reply
from models import outbox
from models.base import utcnow
from models.people import mark_account_unreachable

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_BACKOFF_SECONDS = 300


class Unreachable(Exception):
    """The person blocked us or the chat is gone: stop sending until they write again."""


class RetryLater(Exception):
    def __init__(self, seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.seconds = seconds
        self.reason = reason


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
    ) -> None:
        self.sessionmaker = sessionmaker
        self.lease = lease
        self.clock = clock
        self.settings = settings
        self.channel = channel
        self.deliver = deliver
        self.chat_id = chat_id
        self.owner = worker_name()
        self._wake = asyncio.Event()

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
                session, self.channel, self.owner, self.clock(), self.lease, self.settings.outbox_batch, self.chat_id
            )
            claimed = [(row.id, row.chat_id, row.attempts, row.payload) for row in batch]
        for message_id, chat_id, attempts, payload in claimed:
            await self._deliver_one(message_id, chat_id, attempts, payload)
        return len(claimed)

    async def _deliver_one(self, message_id: int, chat_id: str, attempts: int, payload: dict[str, object]) -> None:
        try:
            await self.deliver(chat_id, Reply.from_payload(payload))
        except Unreachable as error:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_unreachable(session, message_id, str(error) or "unreachable")
                await mark_account_unreachable(session, self.channel, chat_id, self.clock())
            log.info("outbox %s: chat unreachable, stopped", message_id)
        except RetryLater as later:
            await self._retry(message_id, attempts, later.seconds, later.reason)
        except Rejected as error:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_failed(session, message_id, f"rejected: {error}")
            log.warning("outbox %s rejected by the platform: %s", message_id, error)
        except Exception as error:
            backoff = min(2.0**attempts, MAX_BACKOFF_SECONDS)
            await self._retry(message_id, attempts, backoff, type(error).__name__)
            log.warning("outbox %s failed (%s), retry in %.0fs", message_id, type(error).__name__, backoff)
        else:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_sent(session, message_id, self.clock())

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
