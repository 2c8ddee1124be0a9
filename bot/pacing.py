"""Pacing sends to a platform's limits: an overall rate, a per-chat rate, and pauses on flood errors.

Telegram allows about 30 messages a second in bulk, one a second per chat and 20 a minute per group;
python-telegram-bot's ``AIORateLimiter`` lets bursts through (a leaky bucket with a burst of a whole
second's worth) and so does not prevent flood errors in mass sends. Here every send takes a *slot*:
slots are spaced evenly (``interval``), reserved before sleeping so concurrent senders never share one,
and a flood error (429) moves every later slot past the platform's ``retry_after``. A small margin on
the interval keeps timer jitter from squeezing 31 sends into some one-second window.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

MARGIN = 1.02  # 2% slack on every interval: sleeping overshoots by a millisecond or two, never undershoots
WINDOW = 1.03  # no more than ``rate`` grants in any window this long (a second, plus request jitter)
PAID_BROADCAST_RATE = 1000.0  # Telegram's ceiling for paid broadcasts
PRIVATE_CHAT_INTERVAL = 1.0  # seconds between two messages to one chat
GROUP_CHAT_INTERVAL = 3.0  # 20 a minute to one group
_PRUNE_ABOVE = 20_000  # per-chat memory: forget chats not written to for a minute past this many


class Pacer:
    """Evenly spaced slots at ``rate`` per second overall (0: unlimited), shared by every sender of a bot."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.interval = MARGIN / rate if rate > 0 else 0.0
        self.clock = clock
        self._next = 0.0
        self._paused_until = 0.0
        self._pauses = 0  # bumped by every pause: a slot reserved before it is void
        self._window_size = max(1, math.floor(rate)) if rate > 0 else 0
        self._granted: deque[float] = deque()  # when the latest grants really happened
        self.log: list[float] | None = None  # every grant's moment, when a benchmark asks for them

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self.clock())

    async def acquire(self) -> float:
        """Wait for the next free slot; returns the moment it began."""
        while True:
            now = self.clock()
            if self.interval == 0.0 and now >= self._paused_until:
                return now
            slot = max(now, self._next, self._paused_until)
            self._next = slot + self.interval
            pauses = self._pauses
            if slot > now:
                await asyncio.sleep(slot - now)
            if pauses != self._pauses:
                continue  # a flood error came in while we slept: our slot is void, queue behind the pause
            # Even slots are not enough: an event loop busy elsewhere wakes several late, and they would go
            # out together. The last ``rate`` grants, as they really happened, must span a whole window.
            while self._window_size and len(self._granted) >= self._window_size:
                wait = self._granted[0] + WINDOW - self.clock()
                if wait <= 0:
                    self._granted.popleft()
                    continue
                await asyncio.sleep(wait)
            granted = self.clock()
            if self.log is not None:
                self.log.append(granted)
            self._granted.append(granted)
            if len(self._granted) > self._window_size:
                self._granted.popleft()
            return granted

    def pause(self, seconds: float) -> None:
        """The platform said "too many requests, retry after ``seconds``": nobody sends until then, and
        the slots after it start afresh (those reserved before would otherwise all fire at once)."""
        until = self.clock() + max(seconds, 0.0)
        if until > self._paused_until:
            self._paused_until = until
            self._next = until
            self._pauses += 1


@dataclass
class ChatPacer:
    """At most one message per ``private_interval`` to a chat (``group_interval`` to a group: negative ids)."""

    private_interval: float = PRIVATE_CHAT_INTERVAL * MARGIN
    group_interval: float = GROUP_CHAT_INTERVAL * MARGIN
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._last: dict[str, float] = {}

    def interval(self, chat_id: str) -> float:
        return self.group_interval if chat_id.startswith("-") else self.private_interval

    async def wait(self, chat_id: str) -> None:
        last = self._last.get(chat_id)
        if last is None:
            return
        delay = last + self.interval(chat_id) - self.clock()
        if delay > 0:
            await asyncio.sleep(delay)

    def sent(self, chat_id: str, at: float) -> None:
        self._last[chat_id] = at
        if len(self._last) > _PRUNE_ABOVE:
            horizon = self.clock() - 60.0
            self._last = {chat: moment for chat, moment in self._last.items() if moment > horizon}


@dataclass
class Pacing:
    """What an outbox sender keeps to. ``pacer`` may be shared with the channel's own request limiter;
    ``global_in_channel`` says the channel takes the overall slots itself (per request, so a photo with a
    long text counts twice), and the sender only keeps the per-chat spacing."""

    pacer: Pacer
    chats: ChatPacer
    global_in_channel: bool = False

    @classmethod
    def at_rate(cls, rate: float, *, global_in_channel: bool = False) -> Pacing:
        return cls(Pacer(rate), ChatPacer(), global_in_channel)


def effective_rate(max_rate: float, paid_broadcasts: bool) -> float:
    """The overall ceiling: paid broadcasts lift it to Telegram's 1000/s (0 stays unlimited)."""
    if paid_broadcasts and max_rate > 0:
        return max(max_rate, PAID_BROADCAST_RATE)
    return max_rate


def batch_for(rate: float, configured: int) -> int:
    """Rows claimed per round: about a second's worth at the paced rate, at least the configured batch."""
    if rate <= 0:
        return max(configured, 1000)
    return max(configured, min(1000, math.ceil(rate)))
