"""One sender far faster than a person types (a script, a stuck key, a child with the phone) is slowed
down without slowing anyone else: at most ``per_minute`` messages of one chat in any minute are handled.
The first one over is answered once ("please slow down"); the rest are not answered until the chat is
back under the limit, so a flood costs one reply, not one per message.

Counted per process, in memory: behind several processes a chat's limit is per process, which still
bounds what one sender costs each of them (the database is not asked, so a flood does not reach it).
"""

from __future__ import annotations

from collections import deque
from enum import Enum

WINDOW_SECONDS = 60.0
PRUNE_EVERY = 1024  # admissions between sweeps of chats that went quiet


class Verdict(Enum):
    handle = "handle"
    warn = "warn"  # the first message over the limit: say so, once
    drop = "drop"  # over the limit and told already: not answered


class FloodGate:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._recent: dict[tuple[str, str], deque[float]] = {}
        self._warned: set[tuple[str, str]] = set()
        self._since_prune = 0

    def admit(self, channel: str, chat_id: str, now: float) -> Verdict:
        if self.per_minute <= 0:
            return Verdict.handle
        key = (channel, chat_id)
        recent = self._recent.setdefault(key, deque())
        while recent and recent[0] <= now - WINDOW_SECONDS:
            recent.popleft()
        self._prune(now)
        if len(recent) < self.per_minute:
            recent.append(now)
            self._warned.discard(key)
            return Verdict.handle
        if key in self._warned:
            return Verdict.drop
        self._warned.add(key)
        return Verdict.warn

    def _prune(self, now: float) -> None:
        self._since_prune += 1
        if self._since_prune < PRUNE_EVERY:
            return
        self._since_prune = 0
        quiet = [key for key, recent in self._recent.items() if not recent or recent[-1] <= now - WINDOW_SECONDS]
        for key in quiet:
            del self._recent[key]
            self._warned.discard(key)
