"""One chat's steps one at a time, across every process on one PostgreSQL.

Within a process the channels already keep a chat's updates in order (``bot.channels.ordering``, the web
chat's per-visitor lock). Behind a round-robin address without sticky sessions two of a chat's messages can
reach two processes at once — a Telegram webhook's concurrent deliveries, a visitor's two tabs — and both
would read the chat's flow state before either wrote it. So each step takes a transaction-scoped advisory
lock on its chat first: the second waits until the first has committed (or rolled back) and then reads what
it wrote. It costs one round trip per message and holds nothing after the transaction.

SQLite needs none: its transactions begin IMMEDIATE (``models.db``), one writer at a time already.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def chat_key(channel: str, chat_id: str) -> int:
    """A stable signed 64-bit key (the lock's type) for a channel's chat: the same in every process."""
    digest = hashlib.blake2b(f"chat:{channel}:{chat_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def needs_chat_locks(sessionmaker: async_sessionmaker[Any]) -> bool:
    """Whether the sessions this makes are on PostgreSQL (known from its engine, once)."""
    bind = sessionmaker.kw.get("bind")
    return bind is not None and bind.dialect.name == "postgresql"


async def lock_chat(session: AsyncSession, channel: str, chat_id: str) -> None:
    """Wait until no other transaction holds this chat; held until this one ends."""
    await session.execute(_LOCK, {"key": chat_key(channel, chat_id)})
