"""Engines and sessions for SQLite (embedded default) and PostgreSQL (the scale path), same code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

import models.sqlite_driver as sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, **kwargs)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # One connection: SQLite has one writer anyway, and with several connections the waiting ones
    # poll SQLite's busy handler, which sleeps 1, 2, 5, 10… ms between tries. With one, transactions
    # queue for the connection in asyncio, first come first served, with no sleeping.
    # The Session always ends its transaction (commit, or rollback on close); the pool's own reset
    # rollback on check-in would be a second, empty round trip to the driver thread per message.
    kwargs = {"pool_size": 1, "max_overflow": 0, "pool_reset_on_return": None, **kwargs}
    if parsed.get_driver_name() == "aiosqlite":
        parsed = parsed.set(drivername=f"sqlite+{sqlite_driver.DRIVER}")
    engine = create_async_engine(parsed, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so we can say BEGIN IMMEDIATE below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, not left in free pages: /forget and retention must not leave
        # personal data in the file or in a backup of it (Debian builds SQLite so; others do not).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # BEGIN IMMEDIATE: a deferred BEGIN would let a reader in another process (the CLI, a second
        # `linli chat`) race us to become the writer, and the loser fails at once with "database is
        # locked"; IMMEDIATE makes writers queue on the busy timeout instead. It travels with the
        # transaction's first statement (one trip to the database thread, not two).
        sqlite_driver.begin_with_next_statement(connection.connection.dbapi_connection)

    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after the transaction (replies are rendered then).
    return async_sessionmaker(engine, expire_on_commit=False)
