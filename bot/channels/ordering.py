"""Bounded concurrency that keeps each chat's updates in order.

PTB's ``concurrent_updates(True)`` runs up to 256 updates at once with no per-chat order (and was
measured 2.5x slower than sequential here). This processor runs at most N updates at once, and the
updates of one chat strictly one after another, in arrival order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Tasks allowed to wait (for their chat's turn or a slot) before PTB stops fetching more updates.
QUEUED_PER_SLOT = 64


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent: int) -> None:
        # The base semaphore bounds waiting tasks (back-pressure); ours bounds the ones working. A chat's
        # lock is taken before a slot, so a busy chat queues behind itself instead of hogging slots.
        super().__init__(max_concurrent * QUEUED_PER_SLOT)
        self._slots = asyncio.Semaphore(max_concurrent)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock, users = self._chats.get(key) or (asyncio.Lock(), 0)
        self._chats[key] = (lock, users + 1)
        try:
            async with lock, self._slots:  # asyncio.Lock is FIFO: arrival order is kept
                await coroutine
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None
