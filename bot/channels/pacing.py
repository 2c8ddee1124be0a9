"""Pacing sends to a platform's limits: an overall rate, a per-chat rate, and pauses on flood errors.

Telegram allows about 30 messages a second in bulk, one a second per chat and 20 a minute per group;
python-telegram-bot's ``AIORateLimiter`` lets bursts through (a leaky bucket with a burst of a whole
second's worth) and so does not prevent flood errors in mass sends.

The limit has to hold where Telegram counts, at the *receiver*, and a request granted at ``g`` arrives
there at some moment in ``[g, completion]``: scheduling and HTTP jitter can squeeze requests granted a
second apart into a tighter cluster. So the ``rate`` slots of a second are *held*: a slot is taken at the
grant and becomes free again only one window after the request completed (its response arrived). Any
``rate + 1`` arrivals then span at least a window, whatever the latency: arrival ``k + rate`` happens
after its grant, which waited for the slot of some earlier request ``j``, which had arrived before it
completed, a window earlier. The price is the latency: a slot turns over every ``window + latency``,
so the rate achieved is ``rate / (1 + latency)``, 29.7/s at 10 ms. Grants are also spaced evenly at
``1 / rate`` so a queue of sends goes out smoothly instead of in bursts. The same reasoning keeps one
chat's messages a second apart: its clock starts when the previous request to it completed.

Replies come first (``Pacer.reply_slot``): an answer to someone who just wrote is never queued behind a
broadcast. Bulk sends leave slots in reserve for them — one, plus one for every reply of the last window —
so a reply finds a free slot at once, and as interactive traffic grows the broadcast slows down first; the
total still holds the rate. When replies outrun even that (hundreds writing at once) they go anyway and the
slot they should have had is *owed*: the next one to come back stays taken until a window after the reply.
What bounds replies per chat is Linli's own per-sender limit (``LINLI_FLOOD_PER_MINUTE``: a chat is answered
at most that often), and a flood error pauses everyone.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

WINDOW = 1.0  # Telegram counts messages per second
CATCH_UP_SECONDS = 0.02  # how late grants may run and still be made up (see ``Pacer._take``)
PAID_BROADCAST_RATE = 1000.0  # Telegram's ceiling for paid broadcasts
PRIVATE_CHAT_INTERVAL = 1.0  # seconds between two messages to one chat
GROUP_CHAT_INTERVAL = 3.0  # 20 a minute to one group
REPLY_RESERVE = 1  # slots bulk sends leave free for replies even when nobody has written lately
_PRUNE_ABOVE = 20_000  # per-chat memory: forget chats not written to for a minute past this many


class Pacer:
    """At most ``rate`` requests arriving in any one second, evenly spaced, shared by every sender of a
    bot (0: unlimited); a flood error pauses everyone."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._configure(rate)
        self._free = [0.0] * self.size  # a heap: when each slot not in flight may be taken again
        self._in_flight = 0
        self._next = 0.0  # the earliest next grant (even spacing)
        self._paused_until = 0.0
        self._turn = asyncio.Lock()  # grants in arrival order; only the first in line watches the clock
        self._returned = asyncio.Event()  # a slot came back while all were in flight
        self._owed: deque[float] = deque()  # replies sent with every slot in flight: when each stops counting
        self._replies: deque[float] = deque()  # when each reply of the last window was granted
        self.log: list[float] | None = None  # every grant's moment, when a benchmark asks for them

    def _configure(self, rate: float) -> None:
        self.rate = rate
        self.interval = 1.0 / rate if rate > 0 else 0.0
        # One interval at 30/s; at paid broadcasts' 1000/s an event-loop turn often takes longer than the
        # 1 ms interval, and making up only one of them lost 14% of the rate.
        self.catch_up = max(self.interval, CATCH_UP_SECONDS)
        self.size = max(1, math.floor(rate)) if rate > 0 else 0  # slots; a fraction of one is not a request
        self.window = max(WINDOW, self.size / rate) if rate > 0 else 0.0  # below 1/s: one per 1/rate seconds

    def set_rate(self, rate: float) -> None:
        """A new rate (this process's share of the bot's changed: ``bot.channels.rate_share``). Requests in flight
        keep their slots; every other slot is free one window from now, so nothing granted at the new
        rate shares a window with what the old one granted. A change costs up to a second's pause."""
        if rate == self.rate or rate <= 0 or self.rate <= 0:  # unlimited is a setting, not a share
            return
        self._configure(rate)
        self._free = [self.clock() + self.window] * max(0, self.size - self._in_flight)
        self._returned.set()  # a waiter looks again at the new slots

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self.clock())

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[float]:
        """Hold a slot for one request: wait for it, yield the moment it was granted, and free it a window
        after the request is done (the block exits: response received, failed or cancelled)."""
        if self.size == 0:
            await self._wait_out_pause()
            yield self.clock()
            return
        granted = await self._take()
        self._in_flight += 1
        try:
            yield granted
        finally:
            self._in_flight -= 1
            self._give_back()

    @asynccontextmanager
    async def reply_slot(self) -> AsyncIterator[float]:
        """A slot for an answer to someone waiting: taken at once, ahead of every bulk send (see the module
        docstring); only a flood pause holds it."""
        await self._wait_out_pause()
        now = self.clock()
        if self.size == 0:
            yield now
            return
        self._replies.append(now)
        held = bool(self._free) and self._free[0] <= now
        if held:
            heapq.heappop(self._free)
            self._in_flight += 1
        try:
            yield now
        finally:
            if held:
                self._in_flight -= 1
                self._give_back()
            elif len(self._owed) < self.size:  # more than a window's worth owed is owed already
                self._owed.append(self.clock() + self.window)

    def _reserve(self, now: float) -> int:
        """Slots bulk sends must leave free now: the baseline and one per reply of the last window."""
        while self._replies and self._replies[0] <= now - self.window:
            self._replies.popleft()
        return min(self.size - 1, REPLY_RESERVE + len(self._replies))

    def _give_back(self) -> None:
        """A request done: its slot free a window from now, or later if a reply without a slot is owed it."""
        free_at = self.clock() + self.window
        if self._owed:
            free_at = max(free_at, self._owed.popleft())
        if len(self._free) + self._in_flight < self.size:  # not if the rate was lowered meanwhile
            heapq.heappush(self._free, free_at)
        self._returned.set()

    async def _take(self) -> float:
        async with self._turn:
            while True:
                now = self.clock()
                reserve = self._reserve(now)
                # Replies' marks run out a window after them: look again then, the reserve may be smaller.
                relief = self._replies[0] + self.window if self._replies else math.inf
                if len(self._free) <= reserve:  # every slot but the replies' is in flight: wait for one
                    self._returned.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._returned.wait(), None if relief == math.inf else relief - now)
                    continue
                kth = heapq.nsmallest(reserve + 1, self._free)[-1]  # free with ``reserve`` still free after it
                ready = max(kth, self._next, self._paused_until)
                if ready > now:
                    # Look again after sleeping: a flood error may have paused everyone meanwhile.
                    await asyncio.sleep(min(ready, relief) - now)
                    continue
                heapq.heappop(self._free)
                # On schedule, not ``now + interval``: a late wake-up (a busy event loop) must not push
                # every later grant back, or the lateness adds up to a lower rate. At most ``catch_up`` is
                # made up, so a long wait (for a slot, a pause) is not followed by a burst.
                self._next = max(self._next, now - self.catch_up) + self.interval
                if self.log is not None:
                    self.log.append(now)
                return now

    async def _wait_out_pause(self) -> None:
        while (wait := self._paused_until - self.clock()) > 0:  # noqa: ASYNC110 (a pause may be extended)
            await asyncio.sleep(wait)

    def pause(self, seconds: float) -> None:
        """The platform said "too many requests, retry after ``seconds``": nobody is granted a slot until
        then (those in flight already are), and grants then start afresh, evenly spaced."""
        until = self.clock() + max(seconds, 0.0)
        self._paused_until = max(self._paused_until, until)


@dataclass
class ChatPacer:
    """At most one message per ``private_interval`` to a chat (``group_interval`` to a group: negative
    ids), counted from when the previous request to the chat *completed* (see the module docstring)."""

    private_interval: float = PRIVATE_CHAT_INTERVAL
    group_interval: float = GROUP_CHAT_INTERVAL
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._last: dict[str, float] = {}

    def interval(self, chat_id: str) -> float:
        return self.group_interval if chat_id.startswith("-") else self.private_interval

    async def wait(self, chat_id: str) -> None:
        """Until the chat may be written to again (a caller sends to one chat one message at a time)."""
        # Look again after sleeping: never a moment early.
        while (delay := self._last.get(chat_id, -math.inf) + self.interval(chat_id) - self.clock()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(delay)

    def sent(self, chat_id: str, completed: float) -> None:
        """A request to the chat completed (successfully or not) at ``completed``."""
        self._last[chat_id] = completed
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


BATCH_SECONDS = 10  # a paced round lasts about this long: few round boundaries, where sending stalls


def batch_for(rate: float, configured: int) -> int:
    """Rows claimed per round: about ``BATCH_SECONDS``' worth at the paced rate (at most 1000, at least the
    configured batch). A round ends only when its last delivery is done and the next starts with a claim:
    at 30/s, rounds of 50 stalled every 1.7 s."""
    if rate <= 0:
        return max(configured, 1000)
    return max(configured, min(1000, math.ceil(rate * BATCH_SECONDS)))


ROUND_TRIP_SECONDS = 0.2  # a generous Bot API round trip from mainland-facing hosts


def concurrency_for(rate: float, configured: int) -> int:
    """Deliveries in flight: enough to reach ``rate`` when each takes a round trip (rate × RTT), never fewer
    than configured. At 30/s the configured 16 is plenty; paid broadcasts at 1000/s need about 200."""
    if rate <= 0:
        return configured
    return max(configured, math.ceil(rate * ROUND_TRIP_SECONDS))
