"""Broadcast benchmark: staff notices through the real outbox sender, PacedRateLimiter and PTB, against the
local fake Bot API (``tests.fakes.bot_api``). Run from the repository root::

    python -m bench.broadcast            # everything (~5 minutes)
    python -m bench.broadcast --quick    # smaller figures, for a smoke test

The fake Bot API of the paced and unlimited figures runs in a process of its own (``FakeProcess``): in
the sender's process its arrival times would carry the sender's event-loop delays, and on two cores the
two would share one.

1. paced: 3000 recipients (100 of them get a second message) at the default limits (30/s overall,
   1/s per chat); from the fake's arrival times: the achieved rate, the most sends in any 1-second window,
   the shortest gap between two sends to one chat.
2. unlimited: ``LINLI_TELEGRAM_MAX_RATE=0``, a fake without latency: sends per second at the fake on
   SQLite and on PostgreSQL, against a bare PTB loop in the same run (the same messages, text and
   buttons, at the same concurrency; no database) and a bare aiohttp client posting the same JSON (the
   floor), and the CPU each spends per message. Then paid broadcasts: the deployed pacing at 1000/s
   (achieved rate, most in any 1-second window); and two sender processes sharing one notice on
   PostgreSQL (rate, lost, duplicates).
3. flood and blocked: the fake answers 429 (retry_after 1 s) to a run of sends, and 403 for 5% of chats:
   every other recipient gets exactly one copy; the blocked are recorded unreachable.
4. kill -9: a sender subprocess is killed mid-broadcast and started again, unlimited and paced at 30/s:
   lost and duplicated messages.
5. scale: one notice queued for 100,000 generated residents, in a subprocess: time to queue and the
   process's peak memory, on SQLite and PostgreSQL.

Every recipient is a person with a Telegram account in a generated community; the notice is queued by
``models.notices.store.queue_chunk`` (INSERT … SELECT in chunks), exactly as the ``notices.queue`` timer does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.app import Linli, build
from bot.channels.outbox import RECORD_EVERY, RECORD_SECONDS
from bot.channels.telegram.channel import TelegramChannel, build_application, keyboard
from bot.channels.telegram.outbox import markup_of
from bot.server import settle_heap
from config.settings import Settings
from handlers.core.messages import Reply
from handlers.notices.text import notice_payloads
from models.db import make_engine
from models.migrate import upgrade
from models.notices.store import Notice, NoticeStatus, Topic, Urgency, audience_of, queue_chunk
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person
from models.places import Place, PlaceKind, add_place
from tests.fakes.bot_api import FakeBotAPI

TOKEN = "123456:BROADCAST"
WARM_UP = 200  # bare PTB: sends that open its connections, not counted
FIRST_CHAT = 800_001
POSTGRES_ADMIN = os.environ.get("LINLI_TEST_POSTGRES_URL") or "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
NOW = datetime.now(UTC)


# --- a generated community ------------------------------------------------------------------------


async def generate(sessionmaker: async_sessionmaker[AsyncSession], people: int, first_chat: int = FIRST_CHAT) -> Place:
    """A district/street/community and ``people`` registered residents, each with a Telegram account;
    written in batches so generating 100,000 does not hold them all in memory."""
    async with sessionmaker() as session, session.begin():
        district = await add_place(session, PlaceKind.district, "bench-d", "测试区", "Bench District")
        street = await add_place(session, PlaceKind.street, "bench-s", "测试街道", "Bench Street", district)
        community = await add_place(session, PlaceKind.community, "bench-c", "测试社区", "Bench Community", street)
        first_id = int(await session.scalar(select(func.coalesce(func.max(Person.id), 0))) or 0) + 1
    batch = 5000
    for start in range(0, people, batch):
        count = min(batch, people - start)
        async with sessionmaker() as session, session.begin():
            await session.execute(
                insert(Person),
                [
                    {
                        "id": first_id + start + n,
                        "display_name": f"居民{start + n}",
                        "language": "en" if (start + n) % 10 == 0 else "zh",
                        "community_id": community.id,
                        "consented_at": NOW,
                        "created_at": NOW,
                    }
                    for n in range(count)
                ],
            )
            await session.execute(
                insert(ChannelAccount),
                [
                    {
                        "person_id": first_id + start + n,
                        "channel": "telegram",
                        "external_id": str(first_chat + start + n),
                        "chat_id": str(first_chat + start + n),
                        "created_at": NOW,
                    }
                    for n in range(count)
                ],
            )
    return community


async def queue_notice(linli: Linli, community: Place, text_zh: str = "明天上午停水,请提前储水。") -> tuple[int, float]:
    """One urgent notice to the whole community, queued chunk by chunk. Returns (notice id, seconds)."""
    began = time.perf_counter()
    async with linli.sessionmaker() as session, session.begin():
        notice = Notice(
            scope_place_id=community.id,
            audience={"places": [], "roles": [], "language": None},
            text_zh=text_zh,
            text_en="Water is off tomorrow morning.",
            urgency=Urgency.urgent,
            topic=Topic.outages,
            status=NoticeStatus.queueing,
            send_at=NOW,
            recipients=0,
            queue_cursor=0,
            remind_hours=0,
        )
        session.add(notice)
        await session.flush()
        notice_id = notice.id
    done = False
    while not done:  # each chunk in its own transaction, as the notices.queue timer does
        async with linli.sessionmaker() as session, session.begin():
            stored = await session.get(Notice, notice_id)
            assert stored is not None
            notice = stored
            payloads = await notice_payloads(linli.services, session, notice)
            done = await queue_chunk(session, notice, await audience_of(session, notice), payloads, NOW, NOW)
    return notice_id, time.perf_counter() - began


async def pending(linli: Linli) -> int:
    async with linli.sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.pending)
            )
            or 0
        )


def settings_for(fake: FakeBotAPI | None, data_dir: Path, database_url: str = "", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "telegram_token": TOKEN,
        "telegram_api_url": fake.base_url if fake else "http://127.0.0.1:9/bot",
        "telegram_file_url": fake.base_file_url if fake else "",
        "demo": False,
        "outbox_poll_seconds": 0.05,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)


async def run_sender(
    linli: Linli,
    *,
    until_empty: bool = True,
    lease_seconds: float | None = None,
    grants: list[float] | None = None,
    poll: float = 0.05,
) -> float:
    """The deployed delivery path (PacedRateLimiter + TelegramChannel.deliver + OutboxSender) until nothing
    is pending. Returns the seconds it took."""
    settle_heap()  # as `linli run` does once it has started
    application = build_application(linli, webhook=True)
    async with application:
        channel = TelegramChannel(linli, application)
        if grants is not None and channel.outbox.pacing is not None:
            channel.outbox.pacing.pacer.log = grants
        if lease_seconds is not None:
            channel.outbox.lease = timedelta(seconds=lease_seconds)
        stop = asyncio.Event()
        began = time.perf_counter()
        task = asyncio.create_task(channel.run_outbox(stop))
        while until_empty and await pending(linli):  # noqa: ASYNC110 (the work is in the database)
            await asyncio.sleep(poll)  # each look is a COUNT in this process: not too often
        elapsed = time.perf_counter() - began
        stop.set()
        await task
    return elapsed


# --- measurements ---------------------------------------------------------------------------------


@dataclass
class Pacing:
    sends: int
    rate: float
    max_window: int
    min_chat_gap: float
    max_window_granted: int = 0  # the same count over the moments the pacer released each send


def max_in_window(times: list[float]) -> int:
    window = 0
    start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        window = max(window, end - start + 1)
    return window


def measure(calls: list[tuple[float, Any]]) -> Pacing:
    """From (arrival time, chat id) of every successful send."""
    times = sorted(at for at, _ in calls)
    window = max_in_window(times)
    by_chat: dict[Any, list[float]] = defaultdict(list)
    for at, chat in calls:
        by_chat[chat].append(at)
    gaps = [b - a for moments in by_chat.values() for a, b in zip(sorted(moments), sorted(moments)[1:], strict=False)]
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return Pacing(len(times), rate, window, min(gaps) if gaps else float("inf"))


async def fresh_linli(fake: FakeBotAPI | None, workdir: Path, database_url: str = "", **overrides: Any) -> Linli:
    settings = settings_for(fake, workdir, database_url, **overrides)
    engine = make_engine(settings.effective_database_url)
    await upgrade(engine)
    await engine.dispose()
    return await build(settings, prepare=False)


async def create_pg_database() -> str:
    name = f"linli_bench_{secrets.token_hex(4)}"
    engine = make_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def drop_pg_database(url: str) -> None:
    engine = make_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    await engine.dispose()


# --- the scenarios --------------------------------------------------------------------------------


class FakeProcess:
    """The fake Bot API in a process of its own, serving ``users`` chats. In the sender's process its
    arrival times would carry the sender's event-loop delays (measuring the harness, not the pacing), and
    on two cores the two would share one: the figure would be half the fake's. ``calls``: (arrival time,
    chat id) of every successful sendMessage, read when the process has ended."""

    def __init__(self, users: int, workdir: Path) -> None:
        self.users = users
        self.url_file = workdir / f"fake-{secrets.token_hex(4)}.url"
        self.calls_file = self.url_file.with_suffix(".json")
        self.base_url = ""
        self.calls: list[tuple[float, int]] = []
        self._process: asyncio.subprocess.Process | None = None

    @property
    def base_file_url(self) -> str:
        return self.base_url.replace("/bot", "/file/bot")

    async def __aenter__(self) -> FakeProcess:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.broadcast", "--child-fake", str(self.url_file), str(self.calls_file),
            str(self.users),
        )  # fmt: skip
        while not self.url_file.exists():
            if self._process.returncode is not None:
                raise RuntimeError("the fake Bot API process did not start")
            await asyncio.sleep(0.05)
        self.base_url = self.url_file.read_text()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGTERM)
        await self._process.wait()
        if self.calls_file.exists():
            self.calls = [(at, int(chat)) for at, chat in json.loads(self.calls_file.read_text())]


async def paced(recipients: int, doubles: int) -> Pacing:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeProcess(recipients, Path(tmp)) as fake:
            settings = settings_for(
                None, Path(tmp), telegram_api_url=fake.base_url, telegram_file_url=fake.base_file_url
            )
            engine = make_engine(settings.effective_database_url)
            await upgrade(engine)
            await engine.dispose()
            linli = await build(settings, prepare=False)
            try:
                community = await generate(linli.sessionmaker, recipients)
                # A second message to some chats, queued first: the per-chat limit has something to hold back.
                async with linli.sessionmaker() as session, session.begin():
                    for n in range(doubles):
                        session.add(
                            OutboxMessage(
                                channel="telegram",
                                chat_id=str(FIRST_CHAT + n),
                                kind="bench",
                                payload={"text": "第二条 / second", "buttons": []},
                                not_before=NOW,
                            )
                        )
                await queue_notice(linli, community)
                grants: list[float] = []
                await run_sender(linli, grants=grants)
            finally:
                await linli.close()
    result = measure(fake.calls)
    result.max_window_granted = max_in_window(sorted(grants))
    return result


async def child_fake(url_file: str, calls_file: str, users: int) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with FakeBotAPI(TOKEN) as fake:
        for n in range(users):
            fake.user(FIRST_CHAT + n)
        partial = Path(url_file + ".partial")
        partial.write_text(fake.base_url)  # noqa: ASYNC240 (a few bytes, once)
        partial.rename(url_file)  # noqa: ASYNC240 (whole, or not there yet)
        await stop.wait()
        calls = [(call.at, call.params["chat_id"]) for call in fake.calls_of("sendMessage") if call.ok]
    Path(calls_file).write_text(json.dumps(calls))  # noqa: ASYNC240 (once, at the end)


async def bare_ptb(base_url: str, chats: list[int], concurrency: int, reply: Reply) -> None:
    """The same sendMessage calls (same text, same buttons) with python-telegram-bot alone: a plain
    ``Bot``, no database, no pacing, PTB's default HTTP connection pool (256 connections), ``concurrency``
    requests in flight. The first ``WARM_UP`` chats open the connections."""
    slots = asyncio.Semaphore(concurrency)
    async with Bot(TOKEN, base_url=base_url, base_file_url=base_url.replace("/bot", "/file/bot")) as bot:

        async def one(chat: int) -> None:
            async with slots:
                await bot.send_message(chat, reply.text, reply_markup=keyboard(reply))

        await asyncio.gather(*(one(chat) for chat in chats[:WARM_UP]))  # open the connections, not counted
        await asyncio.gather(*(one(chat) for chat in chats[WARM_UP:]))


async def bare_http(base_url: str, chats: list[int], concurrency: int, reply: Reply) -> None:
    """The floor: the same requests as JSON from a bare aiohttp client (no framework, no database), at the
    same concurrency. Nothing that sends these over HTTP from Python can do much better."""
    slots = asyncio.Semaphore(concurrency)
    url = f"{base_url}{TOKEN}/sendMessage"
    markup = markup_of(reply)
    async with aiohttp.ClientSession() as session:

        async def one(chat: int) -> None:
            async with (
                slots,
                session.post(url, json={"chat_id": chat, "text": reply.text, "reply_markup": markup}) as answer,
            ):
                await answer.read()

        await asyncio.gather(*(one(chat) for chat in chats[:WARM_UP]))
        await asyncio.gather(*(one(chat) for chat in chats[WARM_UP:]))


def rate_at_fake(calls: list[tuple[float, int]]) -> float:
    """Sustained sends per second, from the first to the last arrival at the fake: both sides measured
    alike, and free of the harness's own work before and after (setting up, waiting for the end)."""
    times = sorted(at for at, _ in calls)
    return (len(times) - 1) / (times[-1] - times[0])


@dataclass
class Unlimited:
    linli: float  # sends/s at the fake
    linli_overall: float  # messages/s from the sender's start until every delivery was recorded
    bare: float
    floor: float  # a bare aiohttp client: the most Python gets out of this fake on this machine
    # CPU milliseconds per message in the sending process: what the rates come to on a core of its own,
    # steadier than the rates when other work shares the machine.
    linli_cpu: float
    bare_cpu: float


async def unlimited(recipients: int, database: str) -> Unlimited:
    """Linli's sends/s with no rate limit, and a bare PTB loop's with the same messages, each against a
    fresh fake in its own process."""
    url = await create_pg_database() if database == "postgresql" else ""
    chats = [FIRST_CHAT + n for n in range(recipients)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with FakeProcess(recipients, Path(tmp)) as fake:
                linli = await fresh_linli(
                    None, Path(tmp), url, telegram_max_rate=0, telegram_api_url=fake.base_url,
                    telegram_file_url=fake.base_file_url,
                )  # fmt: skip
                try:
                    community = await generate(linli.sessionmaker, recipients)
                    await queue_notice(linli, community)
                    async with linli.sessionmaker() as session:
                        payload: dict[str, Any] | None = await session.scalar(
                            select(OutboxMessage.payload).where(OutboxMessage.chat_id == str(FIRST_CHAT + 1))
                        )
                    cpu = time.process_time()
                    elapsed = await run_sender(linli, poll=0.25)
                    linli_cpu = (time.process_time() - cpu) * 1000 / recipients
                    concurrency = linli.settings.outbox_concurrency
                finally:
                    await linli.close()
            copies = Counter(chat for _, chat in fake.calls)
            assert len(copies) == recipients, "a recipient got nothing, or a stranger something"
            assert all(copies[chat] == 1 for chat in chats), "a recipient got more than one copy"
            linli_rate = rate_at_fake(fake.calls)
            async with FakeProcess(recipients, Path(tmp)) as bare_fake:
                cpu = time.process_time()
                assert payload is not None
                await bare_ptb(bare_fake.base_url, chats, concurrency, Reply.from_payload(payload))
                bare_cpu = (time.process_time() - cpu) * 1000 / recipients
            async with FakeProcess(recipients, Path(tmp)) as floor_fake:
                await bare_http(floor_fake.base_url, chats, concurrency, Reply.from_payload(payload))
            warm = set(chats[:WARM_UP])
            bare_rate = rate_at_fake([call for call in bare_fake.calls if call[1] not in warm])
            floor_rate = rate_at_fake([call for call in floor_fake.calls if call[1] not in warm])
        return Unlimited(linli_rate, recipients / elapsed, bare_rate, floor_rate, linli_cpu, bare_cpu)
    finally:
        if url:
            await drop_pg_database(url)


async def flood_and_blocked(recipients: int) -> str:
    async with FakeBotAPI(TOKEN) as fake:
        blocked = {FIRST_CHAT + n for n in range(0, recipients, 20)}
        for n in range(recipients):
            fake.user(FIRST_CHAT + n)
        for chat in blocked:
            fake.block(chat)
        fake.flood(1, times=40)  # the next 40 sends answer 429 retry_after=1
        with tempfile.TemporaryDirectory() as tmp:
            linli = await fresh_linli(fake, Path(tmp), telegram_max_rate=0)
            try:
                community = await generate(linli.sessionmaker, recipients)
                await queue_notice(linli, community)
                elapsed = await run_sender(linli)
                async with linli.sessionmaker() as session:
                    statuses = Counter(
                        (
                            await session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == "notice"))
                        ).all()
                    )
            finally:
                await linli.close()
        copies = Counter(call.params["chat_id"] for call in fake.calls_of("sendMessage") if call.ok)
        floods = sum(1 for call in fake.calls_of("sendMessage") if call.status == 429)
        reachable = [FIRST_CHAT + n for n in range(recipients) if FIRST_CHAT + n not in blocked]
        exact = all(copies[chat] == 1 for chat in reachable) and not any(copies[chat] for chat in blocked)
        assert exact, "a reachable recipient did not get exactly one copy"
        assert statuses[OutboxStatus.unreachable] == len(blocked)
        assert statuses[OutboxStatus.sent] == len(reachable)
        return (
            f"{len(reachable)}/{len(reachable)} reachable got exactly one copy, {len(blocked)} blocked recorded "
            f"unreachable, {floods} answers were 429 (retry_after 1 s), done in {elapsed:.1f} s"
        )


async def killed(recipients: int, rate: float = 0) -> str:
    """A sender subprocess killed with SIGKILL mid-broadcast, then started again; unlimited, or paced at
    ``rate`` (the default 30/s: deliveries are recorded by time there, not by the hundred)."""
    async with FakeBotAPI(TOKEN, latency=0.02) as fake:
        for n in range(recipients):
            fake.user(FIRST_CHAT + n)
        with tempfile.TemporaryDirectory() as tmp:
            linli = await fresh_linli(fake, Path(tmp))
            try:
                community = await generate(linli.sessionmaker, recipients)
                await queue_notice(linli, community)
            finally:
                await linli.close()
            command = [sys.executable, "-m", "bench.broadcast", "--child-send", tmp, fake.base_url, "", "3", str(rate)]
            child = await asyncio.create_subprocess_exec(*command)
            await fake.wait_until(lambda: fake.call_counts["sendMessage"] >= recipients // 3, timeout=60)
            child.send_signal(signal.SIGKILL)
            await child.wait()
            at_kill = sum(1 for call in fake.calls_of("sendMessage") if call.ok)
            began = time.perf_counter()
            restarted = await asyncio.create_subprocess_exec(*command)
            assert await restarted.wait() == 0
            resumed = time.perf_counter() - began
        copies = Counter(call.params["chat_id"] for call in fake.calls_of("sendMessage") if call.ok)
        lost = sum(1 for n in range(recipients) if copies[FIRST_CHAT + n] == 0)
        duplicates = sum(count - 1 for count in copies.values() if count > 1)
        return (
            f"killed after {at_kill} of {recipients} sends; after restart lost {lost}, duplicates {duplicates} "
            f"(bound: in flight, 16, + delivered but not yet recorded, at most {RECORD_EVERY} or "
            f"{RECORD_SECONDS:.0f} s' worth, and those delivered while they are written); restart finished in "
            f"{resumed:.1f} s"
        )


async def child_send(
    data_dir: str, api_url: str, database_url: str = "", lease_seconds: float = 3, rate: float = 0
) -> None:
    """A sender process, unlimited, until nothing is pending. The kill test's lease is short: the restart
    takes over the dead one's rows."""
    settings = Settings(
        data_dir=Path(data_dir),
        database_url=database_url,
        telegram_token=TOKEN,
        telegram_api_url=api_url,
        telegram_file_url=api_url.replace("/bot", "/file/bot"),
        demo=False,
        outbox_poll_seconds=0.05,
        telegram_max_rate=rate,
        log_level="WARNING",
    )
    linli = await build(settings, prepare=False)
    try:
        await run_sender(linli, lease_seconds=lease_seconds)
    finally:
        await linli.close()


async def paid(recipients: int) -> Pacing:
    """Paid broadcasts (``LINLI_TELEGRAM_PAID_BROADCASTS``): the deployed pacing at Telegram's 1000/s."""
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeProcess(recipients, Path(tmp)) as fake:
            linli = await fresh_linli(
                None, Path(tmp), telegram_paid_broadcasts=True, telegram_api_url=fake.base_url,
                telegram_file_url=fake.base_file_url,
            )  # fmt: skip
            try:
                community = await generate(linli.sessionmaker, recipients)
                await queue_notice(linli, community)
                await run_sender(linli, poll=0.25)
            finally:
                await linli.close()
    return measure(fake.calls)


async def two_senders(recipients: int, rate: float = 0) -> str:
    """Two sender processes on one PostgreSQL database, unlimited or at ``rate`` for the bot: they share the
    notice (SKIP LOCKED) and the rate (``bot.channels.rate_share``), and every recipient gets exactly one copy."""
    url = await create_pg_database()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with FakeProcess(recipients, Path(tmp)) as fake:
                linli = await fresh_linli(None, Path(tmp), url, telegram_max_rate=0)
                try:
                    community = await generate(linli.sessionmaker, recipients)
                    await queue_notice(linli, community)
                finally:
                    await linli.close()
                command = [
                    sys.executable, "-m", "bench.broadcast", "--child-send", tmp, fake.base_url, url, "120", str(rate)
                ]  # fmt: skip
                senders = [await asyncio.create_subprocess_exec(*command) for _ in range(2)]
                assert [await sender.wait() for sender in senders] == [0, 0]
        copies = Counter(chat for _, chat in fake.calls)
        lost = sum(1 for n in range(recipients) if copies[FIRST_CHAT + n] == 0)
        duplicates = sum(count - 1 for count in copies.values() if count > 1)
        if rate:
            paced = measure(fake.calls)
            return (
                f"{recipients} recipients: {paced.rate:.1f}/s at the fake together (limit {rate:.0f}), max in any 1 s "
                f"window {paced.max_window}, lost {lost}, duplicates {duplicates}"
            )
        return (
            f"{recipients} recipients: {rate_at_fake(fake.calls):.0f}/s at the fake together, lost {lost}, "
            f"duplicates {duplicates}"
        )
    finally:
        await drop_pg_database(url)


async def child_scale(database_url: str, people: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        linli = await fresh_linli(None, Path(tmp), database_url)
        try:
            community = await generate(linli.sessionmaker, people)
            _, seconds = await queue_notice(linli, community)
            async with linli.sessionmaker() as session:
                rows = await session.scalar(select(func.count()).select_from(OutboxMessage))
        finally:
            await linli.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows} {seconds:.2f} {peak_mb:.0f}")


async def scale(people: int, database: str) -> str:
    url = await create_pg_database() if database == "postgresql" else ""
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.broadcast",
            "--child-scale",
            url or "sqlite",
            str(people),
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await process.communicate()
        rows, seconds, peak = out.decode().split()
        assert int(rows) == people, (rows, people)
        return f"{database}: queued {int(rows):,} in {float(seconds):.1f} s, peak memory {peak} MB"
    finally:
        if url:
            await drop_pg_database(url)


async def main(quick: bool) -> None:
    recipients, doubles = (300, 20) if quick else (3000, 100)
    big = 10_000 if quick else 100_000
    fast = 1000 if quick else 5000
    print(f"1. paced: {recipients} recipients ({doubles} get two messages) at the default limits")
    result = await paced(recipients, doubles)
    print(
        f"   {result.sends} sends at {result.rate:.1f}/s (limit 30: {result.rate / 30:.0%}); max in any 1 s window "
        f"{result.max_window} at the fake ({result.max_window_granted} as released by the pacer); shortest gap "
        f"between two sends to one chat {result.min_chat_gap:.2f} s"
    )
    print(f"2. unlimited: {fast} recipients, no rate limit, fake without latency")
    figures = {}
    for database in ("sqlite", "postgresql"):
        run = await unlimited(fast, database)
        figures[database] = run.linli
        print(
            f"   {database}: Linli {run.linli:.0f}/s ({run.linli_overall:.0f}/s from start to all recorded), "
            f"bare PTB {run.bare:.0f}/s (ratio {run.linli / run.bare:.2f}), bare aiohttp (the floor) "
            f"{run.floor:.0f}/s (ratio {run.linli / run.floor:.2f}); CPU per message in the sending process: "
            f"Linli {run.linli_cpu:.2f} ms, bare PTB {run.bare_cpu:.2f} ms"
        )
    paid_recipients = 3000 if quick else 10_000
    print(f"   paid broadcasts: {paid_recipients} recipients at Telegram's paid ceiling (1000/s)")
    ceiling = await paid(paid_recipients)
    print(
        f"   {ceiling.sends} sends at {ceiling.rate:.0f}/s (limit 1000: {ceiling.rate / 1000:.0%}); max in any 1 s "
        f"window {ceiling.max_window}"
    )
    print("   two sender processes on PostgreSQL, unlimited")
    print("   " + await two_senders(fast))
    print("   two sender processes on PostgreSQL, sharing the default 30/s")
    print("   " + await two_senders(300 if quick else 900, rate=30))
    print("3. flood (429) and blocked (403)")
    print("   " + await flood_and_blocked(1000 if not quick else 300))
    print("4. kill -9 mid-broadcast and restart")
    print("   unlimited: " + await killed(3000 if not quick else 600))
    print("   paced at 30/s: " + await killed(600 if not quick else 300, rate=30))
    print(f"5. scale: one notice to {big:,} generated residents")
    for database in ("sqlite", "postgresql"):
        print("   " + await scale(big, database))
    unlimited_rate = min(figures.values())
    print(
        f"broadcast: paced {result.rate:.1f}/s (limit 30), max per 1s window {result.max_window}, "
        f"unlimited {unlimited_rate:.0f}/s"
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child-send", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    parser.add_argument("--child-scale", nargs=2, metavar=("DATABASE_URL", "PEOPLE"), help=argparse.SUPPRESS)
    parser.add_argument("--child-fake", nargs=3, metavar=("URL_FILE", "CALLS_FILE", "USERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_fake:
        url_file, calls_file, users = args.child_fake
        asyncio.run(child_fake(url_file, calls_file, int(users)))
    elif args.child_send:
        data_dir, api_url, *rest = args.child_send  # [database url ("" = SQLite) [lease seconds [rate]]]
        database, numbers = rest[:1], [float(value) for value in rest[1:3]]
        asyncio.run(child_send(data_dir, api_url, *database, *numbers))
    elif args.child_scale:
        url, people = args.child_scale
        asyncio.run(child_scale("" if url == "sqlite" else url, int(people)))
    else:
        asyncio.run(main(args.quick))


if __name__ == "__main__":
    cli()
