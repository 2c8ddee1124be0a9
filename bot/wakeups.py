"""New outbox work, told to every process on one PostgreSQL (LISTEN/NOTIFY), not found by polling.

In one process, whoever commits outbox rows calls ``Linli.wake_outbox`` and the senders look at once. Behind
a round-robin address the row is often for a chat another process serves: a web visitor whose page's
socket is held by process 2 gets a notice queued by the console on process 1. Without this, process 2's
sender would find it only at its next poll (``LINLI_OUTBOX_POLL_SECONDS``). With it, ``wake_outbox`` also
sends a ``NOTIFY linli_outbox``, and every process's listener wakes its own senders; each then claims what
is due for the chats it serves.

A burst of wake-ups (a broadcast queued chunk by chunk) makes one notification while one is on its way.
The listener keeps one connection of its own; if PostgreSQL goes away it reconnects with backoff, and
meanwhile the senders' poll still finds everything, only later. SQLite serves one machine: nothing to do.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CHANNEL = "linli_outbox"
RECONNECT_SECONDS = (0.5, 1.0, 2.0, 5.0)


def asyncpg_dsn(database_url: str) -> str | None:
    """The plain libpq address asyncpg takes, for a PostgreSQL URL; None for anything else."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return None
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class CrossProcessWake:
    def __init__(self, dsn: str, wake_here: Callable[[], None]) -> None:
        self.dsn = dsn
        self.wake_here = wake_here
        # Our own notifications come back to us too: their payload says whose they are.
        self.me = f"{os.getpid()}-{id(self):x}"
        self._connection: Any = None
        self._pending = False
        self._task: asyncio.Task[None] | None = None
        self.heard = 0  # notifications from other processes (tests, logs)

    def notify(self) -> None:
        """Called by ``Linli.wake_outbox`` after a commit: the other processes' senders look too."""
        if self._pending or self._connection is None:
            return
        self._pending = True
        self._task = asyncio.get_running_loop().create_task(self._send(), name="outbox-notify")

    async def _send(self) -> None:
        try:
            await self._connection.execute("SELECT pg_notify($1, $2)", CHANNEL, self.me)
        except Exception as error:  # the listener reconnects; the others' polls find the work meanwhile
            log.warning("could not tell the other processes about new outbox work: %s", type(error).__name__)
        finally:
            self._pending = False

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        if payload != self.me:
            self.heard += 1
            self.wake_here()

    async def run(self, stop: asyncio.Event) -> None:
        """Listen until ``stop``; reconnect when the connection is lost."""
        attempt = 0
        while not stop.is_set():
            try:
                connection = await asyncpg.connect(self.dsn)
            except (OSError, asyncpg.PostgresError) as error:
                wait = RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)]
                attempt += 1
                log.warning("outbox notifications: cannot connect (%s); again in %.1f s", type(error).__name__, wait)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)
                continue
            attempt = 0
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
            try:
                await connection.add_listener(CHANNEL, self._heard)
                self._connection = connection
                self.wake_here()  # whatever was told while we were not listening
                stopping = asyncio.create_task(stop.wait())
                dropped = asyncio.create_task(lost.wait())
                await asyncio.wait({stopping, dropped}, return_when=asyncio.FIRST_COMPLETED)
                stopping.cancel()
                dropped.cancel()
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("outbox notifications: connection lost (%s)", type(error).__name__)
            finally:
                self._connection = None
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
