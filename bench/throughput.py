"""Throughput and latency of Linli against a bare python-telegram-bot echo bot, on the same fake Bot API.

Run from the repository root::

    python -m bench.throughput   # the headline (overall rate limit lifted) and Linli as deployed (30 msg/s)

Both bots talk real HTTP to ``tests.fakes.bot_api.FakeBotAPI`` (one fresh fake per bot) in this process
and event loop, so each side's figure includes the fake's own work (identical per update on both sides).
Linli runs through its real entry point (``bot.server.run_server`` with Telegram, polling) on SQLite in a
temporary directory, with N chats registered beforehand as onboarded residents of 云塘社区.

Per chat the workload cycles through: ``/menu``, ``/pact``, three pact page buttons (``PactPage``), and the
pledge button (``PactPledgeButton``). Button presses reference a message the bot really sent in that chat
(so edits succeed: no "message to edit not found" fallback is measured), and consecutive page presses in
a chat always show a different page (so no "message is not modified" answer either). Every round checks
that each side made exactly the expected Bot API calls, all answered 200, and that Linli logged nothing
at WARNING or above.

Throughput: M updates are queued at once and timed until the fake has recorded every expected answer
call; rounds alternate echo, linli, echo, linli... and the median per side is reported. Latency: single
updates, one in flight, each timed from queueing to the bot's last answer call.

Why the overall rate limit is lifted by default: ``build_application`` installs Linli's own
``PacedRateLimiter`` (``bot.channels.telegram.channel``; PTB's ``AIORateLimiter`` lets bursts through), whose
``Pacer`` (``bot.channels.pacing``) lets at most ``LINLI_TELEGRAM_MAX_RATE`` (default 30) requests that carry a
``chat_id`` (sendMessage, editMessageText...) reach Telegram in any one second, in every chat together.
That is Telegram's published bulk limit and a deliberate production choice, but it caps Linli at about
30 updates/s whatever its code costs, and the fake enforces no such limit. For the comparison the bench
runs Linli with ``telegram_max_rate=0`` (no overall limit); everything else (the limiter's per-request
path, its retries after a flood error) is as deployed. The deployed figure is measured in the same run,
with the limit on: replies take their slots first (``Pacer.reply_slot``), so it is the interactive path's
speed, not the bulk rate, that it shows.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import itertools
import logging
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import Linli, build
from bot.logs import configure_logging
from bot.server import run_server
from config.settings import Settings
from handlers.core.buttons import PactPage, PactPledgeButton, pack
from models.base import utcnow
from models.pact.store import current_pact, pact_articles
from models.people import ChannelAccount, Person
from models.places import place_by_code
from tests.fakes.bot_api import FakeBotAPI, JSONDict

TOKEN = "123456:BENCH"
COMMUNITY = "yuntang"  # 云塘社区, from the demo data
BUILDING = "yuntang-b1"
FIRST_USER_ID = 700_001
CYCLE = ("menu", "pact", "page", "page", "page", "pledge")
TEXTS = {"menu": "/menu", "pact": "/pact"}
METHODS = ("sendMessage", "answerCallbackQuery", "editMessageText")
DEPLOYED_UPDATES = 300  # the deployed run: a round's worth of 50 chats
WARM_CHATS = 50  # warm-up: one cycle in this many chats, per side, not timed

# The Bot API calls each side makes per update kind (checked exactly after every round).
LINLI_CALLS: Mapping[str, Mapping[str, int]] = {
    "menu": {"sendMessage": 1},
    "pact": {"sendMessage": 1},
    "page": {"answerCallbackQuery": 1, "editMessageText": 1},
    "pledge": {"answerCallbackQuery": 1, "sendMessage": 1},  # the thanks is a new message
}
ECHO_CALLS: Mapping[str, Mapping[str, int]] = {
    "menu": {"sendMessage": 1},
    "pact": {"sendMessage": 1},
    "page": {"answerCallbackQuery": 1, "editMessageText": 1},
    "pledge": {"answerCallbackQuery": 1, "editMessageText": 1},
}


# --- the workload -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    kind: str  # a key of LINLI_CALLS
    chat: int
    payload: str  # the text of a command, the callback data of a button


class Workload:
    """Makes steps. Each chat walks ``CYCLE`` in order, so the same kind never edits its message twice in a
    row, and its page presses walk the articles (1..n, then the overview) without repeating a page."""

    def __init__(self, chats: Sequence[int], version_id: int, articles: int, key: bytes) -> None:
        self.chats = list(chats)
        pages = [*range(1, articles + 1), 0]
        self._pages = [pack(PactPage(version_id, page), key) for page in pages]
        self._pledge = pack(PactPledgeButton(version_id), key)
        self._position = dict.fromkeys(self.chats, 0)
        self._next_page = dict.fromkeys(self.chats, 0)

    def next_step(self, chat: int) -> Step:
        kind = CYCLE[self._position[chat] % len(CYCLE)]
        self._position[chat] += 1
        if kind == "page":
            index = self._next_page[chat]
            self._next_page[chat] = index + 1
            return Step(kind, chat, self._pages[index % len(self._pages)])
        if kind == "pledge":
            return Step(kind, chat, self._pledge)
        return Step(kind, chat, TEXTS[kind])

    def batch(self, cycles: int, chats: Sequence[int] | None = None) -> list[Step]:
        """``cycles`` times the per-chat cycle; each position round-robin over the chats (default: all)."""
        chosen = self.chats if chats is None else chats
        return [self.next_step(chat) for _ in range(cycles * len(CYCLE)) for chat in chosen]

    def one_by_one(self, count: int) -> list[Step]:
        """``count`` steps, chat after chat, each chat going once through its cycle."""
        return [self.next_step(self.chats[i // len(CYCLE) % len(self.chats)]) for i in range(count)]


def mix_description() -> str:
    counts = Counter(CYCLE)
    return ", ".join(f"{counts[kind]}× {name}" for kind, name in _KIND_NAMES.items())


_KIND_NAMES = {"menu": "/menu", "pact": "/pact", "page": "PactPage button", "pledge": "PactPledgeButton"}


# --- one bot under test, with its own fake --------------------------------------------------------------


class Side:
    """A bot and the fake it talks to: turns steps into raw updates and times their answers."""

    def __init__(self, name: str, fake: FakeBotAPI, calls: Mapping[str, Mapping[str, int]]) -> None:
        self.name = name
        self.fake = fake
        self.calls = calls
        self.expected: Counter[str] = Counter()
        self._message_ids = itertools.count(1_000_000)  # users' own messages; the fake does not track them

    def baseline(self) -> None:
        """Start counting expected calls from what the fake has seen so far."""
        self.expected = Counter({method: self.fake.call_counts[method] for method in METHODS})
        self.fake.clear_calls()

    def updates(self, steps: Sequence[Step], anchors: Mapping[int, JSONDict]) -> list[JSONDict]:
        fake, now = self.fake, int(time.time())
        result: list[JSONDict] = []
        for step in steps:
            user = fake.user(step.chat)
            if step.kind in TEXTS:
                message: JSONDict = {
                    "message_id": next(self._message_ids),
                    "from": user.user,
                    "chat": user.chat,
                    "date": now,
                    "text": step.payload,
                    "entities": [{"type": "bot_command", "offset": 0, "length": len(step.payload)}],
                }
                result.append({"message": message})
            else:
                query: JSONDict = {
                    # The fake answers answerCallbackQuery only for ids it issued; no public way to issue one
                    # without queueing an update, hence the private helper.
                    "id": fake._new_callback_query_id(),
                    "from": user.user,
                    "message": anchors[step.chat],
                    "chat_instance": f"ci{step.chat}",
                    "data": step.payload,
                }
                result.append({"callback_query": query})
        return result

    async def run(self, steps: Sequence[Step], anchors: Mapping[int, JSONDict], timeout: float) -> float:  # noqa: ASYNC109
        """Queue all steps at once; seconds until the fake has every expected answer call."""
        updates = self.updates(steps, anchors)
        for step in steps:
            self.expected.update(self.calls[step.kind])
        target = tuple(self.expected.items())
        counts = self.fake.call_counts

        def answered() -> bool:
            return all(counts[method] >= count for method, count in target)

        start = time.perf_counter()
        self.fake.inject_many(updates)
        await self.fake.wait_until(answered, timeout, what=f"{self.name}: {len(steps)} updates answered")
        elapsed = time.perf_counter() - start
        self.check()
        return elapsed

    def check(self) -> None:
        # Only the answer methods: a long poll cut short by a restart legitimately ends in 409.
        failed = [call for call in self.fake.calls if not call.ok and call.method in METHODS]
        if failed:
            raise RuntimeError(f"{self.name}: {len(failed)} failed Bot API calls\n{self.fake.describe_recent_calls()}")
        extra = {m: (self.fake.call_counts[m], n) for m, n in self.expected.items() if self.fake.call_counts[m] != n}
        if extra:
            raise RuntimeError(f"{self.name}: unexpected call counts (seen, expected): {extra}")
        self.fake.clear_calls()

    async def open_chats(self, chats: Sequence[int]) -> dict[int, JSONDict]:
        """Each user sends /pact once; the bot's answer is the message their button presses refer to."""
        self.baseline()
        users = [self.fake.user(chat, first_name=f"居民{chat}") for chat in chats]
        for user in users:
            await user.send("/pact")
        self.expected["sendMessage"] += len(users)
        await self.fake.wait_for_calls("sendMessage", self.expected["sendMessage"], timeout=60)
        self.check()
        anchors = {}
        for user in users:
            message = user.last_message
            assert message is not None
            anchors[user.id] = message
        return anchors


# --- Linli ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def register_residents(linli: Linli, chats: Sequence[int]) -> tuple[int, int]:
    """Onboarded residents of 云塘社区 with Telegram accounts; returns (pact version id, article count)."""
    async with linli.sessionmaker() as session, session.begin():
        community = await place_by_code(session, COMMUNITY)
        building = await place_by_code(session, BUILDING)
        assert community is not None, "demo data missing"
        assert building is not None, "demo data missing"
        people = [
            Person(
                display_name=f"居民{chat}",
                language="zh",
                community_id=community.id,
                building_id=building.id,
                unit="1单元101",
                consented_at=utcnow(),
            )
            for chat in chats
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            ChannelAccount(person_id=person.id, channel="telegram", external_id=str(chat), chat_id=str(chat))
            for person, chat in zip(people, chats, strict=True)
        )
        version = await current_pact(session, community.id)
        assert version is not None, "the demo community has no pact"
        articles = await pact_articles(session, version.id)
        return version.id, len(articles)


def bench_settings(fake: FakeBotAPI, data_dir: Path, **overrides: Any) -> Settings:
    """Linli on SQLite in ``data_dir``, talking to ``fake``; the rest as deployed unless overridden."""
    return Settings(
        data_dir=data_dir,
        telegram_token=TOKEN,  # pydantic coerces to SecretStr
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        web_port=free_port(),
        log_level="WARNING",
        flood_per_minute=0,  # the bench's chats are far faster than people: the flood limit would be all it measured
        **overrides,
    )


@contextlib.asynccontextmanager
async def running_linli(linli: Linli, *, throttled: bool) -> AsyncIterator[None]:
    """Linli's real entry point as a task, stopped the way a signal would stop it."""
    stop, ready = asyncio.Event(), asyncio.Event()
    # LINLI_TELEGRAM_MAX_RATE as configured (deployed), or 0 (no overall limit) for the framework comparison.
    rate = linli.settings.model_copy(
        update={"telegram_max_rate": linli.settings.telegram_max_rate if throttled else 0.0}
    )
    task = asyncio.create_task(
        run_server(dataclasses.replace(linli, settings=rate), stop, ready=ready, telegram=True), name="linli"
    )
    ready_wait = asyncio.create_task(ready.wait())
    done, _ = await asyncio.wait({task, ready_wait}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready_wait.cancel()
        task.result()
    if ready_wait not in done:
        raise RuntimeError("Linli did not start within 30 s")
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


# --- the echo bot -----------------------------------------------------------------------------------------


async def echo_text(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    assert message is not None
    assert message.text is not None
    await message.reply_text(message.text)


async def echo_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(query.data or "?")


@contextlib.asynccontextmanager
async def running_echo(fake: FakeBotAPI) -> AsyncIterator[None]:
    application: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder().token(TOKEN).base_url(fake.base_url).base_file_url(fake.base_file_url).build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo_text))
    application.add_handler(CallbackQueryHandler(echo_button))
    async with application:
        assert application.updater is not None
        await application.updater.start_polling()
        await application.start()
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()


# --- measuring ----------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


async def one_by_one(side: Side, steps: Sequence[Step], anchors: Mapping[int, JSONDict]) -> list[float]:
    return [await side.run([step], anchors, timeout=10) for step in steps]


@dataclass
class Report:
    rounds: list[float]
    latencies: list[float]

    def rate(self, updates: int) -> float:
        return updates / statistics.median(self.rounds)


class CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "asyncio" and record.msg.startswith("Executing"):
            return  # asyncio debug mode's slow-callback notes (python -X dev), not a problem of either bot
        self.records.append(record)


@contextlib.contextmanager
def quiet_gc() -> Iterator[None]:
    """Collect before a timed section so one side does not pay for the other's garbage."""
    gc.collect()
    yield


async def bench(args: argparse.Namespace) -> float:
    chats = [FIRST_USER_ID + i for i in range(args.chats)]
    updates_per_round = args.cycles * len(CYCLE) * len(chats)
    warnings = CountWarnings()
    async with contextlib.AsyncExitStack() as stack:
        echo_fake = await stack.enter_async_context(FakeBotAPI(TOKEN, latency=args.api_latency))
        linli_fake = await stack.enter_async_context(FakeBotAPI(TOKEN, latency=args.api_latency))
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linli-bench-")))
        settings = bench_settings(linli_fake, data_dir)
        configure_logging(settings)
        logging.getLogger().addHandler(warnings)
        linli = await build(settings)
        stack.push_async_callback(linli.close)
        version_id, articles = await register_residents(linli, chats)
        workload = Workload(chats, version_id, articles, linli.services.button_key)
        print_header(args, settings, updates_per_round)

        echo = Side("echo", echo_fake, ECHO_CALLS)
        lin = Side("linli", linli_fake, LINLI_CALLS)
        await stack.enter_async_context(running_echo(echo_fake))
        echo_anchors = await echo.open_chats(chats)

        async with running_linli(linli, throttled=True):
            anchors = await lin.open_chats(chats)
            deployed_steps = workload.batch(1, chats[: DEPLOYED_UPDATES // len(CYCLE)])
            with quiet_gc():
                deployed_seconds = await lin.run(deployed_steps, anchors, timeout=600)
        await stack.enter_async_context(running_linli(linli, throttled=False))
        for chat in chats:  # both sides get the very same updates: same message_id to edit in each chat
            assert echo_anchors[chat]["message_id"] == anchors[chat]["message_id"], "anchor ids differ"

        warm = workload.batch(1, chats[:WARM_CHATS])
        for side in (echo, lin):
            side.baseline()
            await side.run(warm, anchors, timeout=120)

        reports = {"echo": Report([], []), "linli": Report([], [])}
        for number in range(1, args.rounds + 1):
            steps = workload.batch(args.cycles)
            for side in (echo, lin):
                with quiet_gc():
                    seconds = await side.run(steps, anchors, timeout=120)
                reports[side.name].rounds.append(seconds)
                rate = len(steps) / seconds
                print(
                    f"round {number}  {side.name:<5}  {len(steps)} updates in {seconds:6.3f} s  {rate:8.1f} updates/s"
                )

        sequential = workload.one_by_one(args.latency_updates)
        for side in (echo, lin):
            with quiet_gc():
                reports[side.name].latencies = await one_by_one(side, sequential, anchors)

    leftover = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    if leftover:
        raise RuntimeError(f"tasks left running: {leftover}")
    if warnings.records:
        raise RuntimeError(f"{len(warnings.records)} log records at WARNING or above, first: {warnings.records[0]}")

    print()
    for name, report in reports.items():
        rate = report.rate(updates_per_round)
        p50 = percentile(report.latencies, 50) * 1000
        p95 = percentile(report.latencies, 95) * 1000
        print(
            f"{name:<5}  throughput {rate:7.1f} updates/s (median of {args.rounds})  "
            f"latency p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"
        )
    echo_rate = reports["echo"].rate(updates_per_round)
    ratio = reports["linli"].rate(updates_per_round) / echo_rate
    count = len(deployed_steps)
    deployed_ratio = count / deployed_seconds / echo_rate
    print(
        f"linli as deployed (overall limit {deployed_rate(settings)}; {count} updates in {deployed_seconds:.2f} s, "
        f"one run): {count / deployed_seconds:.1f} updates/s"
    )
    print(f"throughput ratio linli/echo: {ratio:.2f}")
    print(f"deployed ratio linli/echo: {deployed_ratio:.2f}")
    return ratio


def deployed_rate(settings: Settings) -> str:
    rate = settings.telegram_max_rate
    return f"{rate:g} msg/s" if rate else "none"


def print_header(args: argparse.Namespace, settings: Settings, updates_per_round: int) -> None:
    versions = ", ".join(
        f"{name} {package_version(name)}" for name in ("python-telegram-bot", "SQLAlchemy", "aiohttp", "aiosqlite")
    )
    print("Linli vs a bare python-telegram-bot echo bot, each on its own FakeBotAPI (real HTTP, same process/loop)")
    print(f"Python {platform.python_version()}, {versions}; {os.cpu_count()} CPUs")
    print(f"chats: {args.chats} onboarded residents of 云塘社区; per-chat cycle: {mix_description()}")
    print(
        f"throughput: {updates_per_round} updates queued at once ({args.cycles} cycles per chat, round-robin over "
        f"chats), timed to the last answer call; {args.rounds} rounds per side, interleaved, median"
    )
    print(f"latency: {args.latency_updates} single updates one after another (same mix), queue to last answer call")
    warm = min(WARM_CHATS, args.chats)
    print(
        f"fake Bot API latency: {args.api_latency * 1000:.0f} ms per call; warm-up: one cycle in {warm} chats per side"
    )
    print("echo : ApplicationBuilder with base_url/base_file_url only; PTB default processing (one update at a time),")
    print("        no rate limiter; text -> reply_text(text); button -> answer() + edit_message_text(data)")
    print(
        f"linli: run_server with Telegram (polling), PerChatUpdateProcessor({settings.max_concurrent_updates}) "
        f"(per-chat order), PacedRateLimiter with an overall rate of 0 (deployed: {deployed_rate(settings)}); "
        "SQLite (WAL)"
    )
    print("calls per update: commands 1 sendMessage; page answerCallbackQuery + editMessageText;")
    print("        pledge answerCallbackQuery + sendMessage (linli) / editMessageText (echo)")
    print()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=180, help="chats (residents) in the workload")
    parser.add_argument("--cycles", type=int, default=2, help="per-chat cycles per throughput round (6 updates each)")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds per side")
    parser.add_argument("--latency-updates", type=int, default=200, help="sequential updates for latency")
    parser.add_argument(
        "--api-latency", type=float, default=0.0, help="seconds the fake waits before answering each call (default 0)"
    )
    args = parser.parse_args(argv)
    asyncio.run(bench(args))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
