"""Faults Linli promises to survive, each tried for real, with what was lost and what came twice.

Run from the repository root::

    python -m bench.faults             # every fault, 100 chats each
    python -m bench.faults --chats 20  # smaller (tests/e2e/test_faults.py runs this size)

Each fault runs a real ``linli run`` process (SQLite in a temporary directory, the demo community) against
the fake Telegram Bot API (``tests.fakes.bot_api``) over real HTTP. N chats (guests) each write M messages at
once, without waiting for answers, as people do when a bot seems slow; every one of those messages is
answered with exactly one message (a guest's free text gets the menu), so per chat

    lost = messages never answered,  duplicates = answers beyond one per message.

- ``kill -9, polling``: once a third of the answers are in, the process is killed (SIGKILL: no clean-up at
  all) and started again. What it had fetched sits in the journal (``models.inbound``) or was never
  confirmed to Telegram; the new process hands on the first and fetches the second.
- ``kill -9, webhook``: the same through the webhook; the fake retries every call not answered 200, as
  Telegram does.
- ``kill -9, web chat``: N web chat visitors (``WebVisitor``, which behaves as the page's chat.js does:
  every frame named, kept until its ``done``, sent again on the next socket) write beside N Telegram chats
  by polling; the process is killed and started again, the pages reconnect by themselves. A web message
  counts as answered when an answer naming it (``re``) arrives; a copy handled before gets its answers again,
  which is what this fault's duplicates are.
- ``Bot API answers 502``: the next 40 sends fail as in an outage of Telegram's front; each reply is tried
  again over a few seconds (its chat waits, so order holds).
- ``Bot API slow (30 s)``: the next 40 sends are answered only after 30 s, and done then (Telegram's slow
  front). Linli gives up on each after 5 s and tries again, so a message that was slow *and* retried comes
  twice: the duplicates of this fault are that, bounded by the number of slow sends. Meanwhile the process
  must stay responsive: the worst time of its health check and the console's sign-in page, asked every
  0.2 s through the fault, is printed.
- ``PostgreSQL restarts``: Linli on the local PostgreSQL, the cluster restarted (``pg_ctlcluster``) under
  traffic. Messages in the gap are answered "please try again" (an answer, not a loss); fetches fail and are
  fetched again; the pool reconnects by itself.

Duplicates are bounded by design: answers sent in the tenth of a second before the kill are not yet marked
sent, so they go again (``bot/channels/replied.py``). The last line is the issue's figure:
``faults: N tried, lost L, duplicates D`` (N faults tried; L and D summed over them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.fakes.bot_api import FakeBotAPI, FakeUser

TOKEN = "424242:FAULTS"
SECRET = "faults-webhook-secret"
LINLI = str(Path(sys.executable).with_name("linli"))
FIRST_ID = 7_100_001
APOLOGY = "系统出了点问题"  # error-unexpected, in Chinese (the chats are zh-hans)
FAILED_SENDS = 40  # sends answered 502 in a row: each reply is tried 4 times over 3.5 s
SLOW_SENDS, SLOW_SECONDS = 40, 30.0  # sends answered only after half a minute
PROBED = ("/healthz", "/console/login")  # what must stay quick while Telegram is slow
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PG_VERSION, PG_CLUSTER = "15", "main"


@dataclass
class Outcome:
    fault: str
    sent: int
    lost: int
    duplicates: int
    apologies: int  # answered "something went wrong, please try again" (the person knows to)
    seconds: float
    responsiveness: Responsiveness | None = None  # measured by the faults that must not slow the web side

    def line(self) -> str:
        note = f"; {self.responsiveness}" if self.responsiveness else ""
        return (
            f"{self.fault}: {self.sent} messages, lost {self.lost}, duplicates {self.duplicates}, "
            f"answered 'please try again' {self.apologies} ({self.seconds:.1f} s){note}"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Linli:
    """``linli run`` as a process of its own, started and killed at will."""

    def __init__(self, fake: FakeBotAPI, data_dir: Path, *, webhook: bool, database_url: str = "") -> None:
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
        self.env.update(
            {
                "LINLI_DATA_DIR": str(data_dir),
                "LINLI_TELEGRAM_TOKEN": TOKEN,
                "LINLI_TELEGRAM_API_URL": fake.base_url,
                "LINLI_TELEGRAM_FILE_URL": fake.base_file_url,
                "LINLI_TELEGRAM_MAX_RATE": "0",
                "LINLI_WEB_PORT": str(self.port),
                "LINLI_FLOOD_PER_MINUTE": "0",
                "LINLI_WEB_NEW_VISITORS_PER_HOUR": "0",  # every visitor comes from 127.0.0.1
                "LINLI_OUTBOX_POLL_SECONDS": "0.2",
                "LINLI_LOG_LEVEL": "WARNING",
            }
        )
        if database_url:
            self.env["LINLI_DATABASE_URL"] = database_url
        if webhook:
            self.env["LINLI_WEBHOOK_URL"] = f"http://127.0.0.1:{self.port}/telegram"
            self.env["LINLI_WEBHOOK_SECRET"] = SECRET
        self.process: asyncio.subprocess.Process | None = None
        self.log = data_dir.parent / "linli.log"

    async def prepare(self) -> None:
        """PostgreSQL is migrated deliberately, not on start (README): ``linli db upgrade``."""
        if "LINLI_DATABASE_URL" in self.env:
            upgrade = await asyncio.create_subprocess_exec(LINLI, "db", "upgrade", env=self.env)
            if await upgrade.wait() != 0:
                raise RuntimeError("linli db upgrade failed")

    async def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(LINLI, "run", env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession() as client:
            while time.monotonic() < deadline:
                try:
                    async with client.get(f"http://127.0.0.1:{self.port}/healthz") as health:
                        if health.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"linli did not start: {self.log.read_text(errors='replace')[-1500:]}")

    async def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: nothing runs on the way out
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                await self.kill()


class WebVisitor:
    """One web chat page, as chat.js behaves: one socket, opened again 0.2 s after it closes; each frame
    named and kept until its ``done``, and sent again (``again``) on the next socket."""

    def __init__(self, port: int, name: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.name = name
        self.client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # cookies on an IP
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.connected = asyncio.Event()
        self.greeted = False
        self.said: list[str] = []
        self.unanswered: dict[str, dict[str, Any]] = {}  # by id, in the order said
        self.transmitted: set[str] = set()
        self.answers: Counter[str] = Counter()  # message frames naming each id
        self.sockets = 0  # opened so far
        self.answered_on: dict[str, set[int]] = {}  # the sockets each id's answers came on
        self.first_answers: list[str] = []  # ids in the order their first answer came

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with self.client.ws_connect(self.base + "/chat/ws", headers={"Origin": self.base}) as socket:
                    self.socket = socket
                    self.sockets += 1
                    await socket.send_json({"type": "hello", "fresh": not self.greeted})
                    self.greeted = True
                    for frame in list(self.unanswered.values()):
                        await self._transmit(socket, frame)
                    self.connected.set()
                    async for message in socket:
                        if message.type is aiohttp.WSMsgType.TEXT:
                            self._receive(json.loads(message.data))
            except (aiohttp.ClientError, ConnectionError, OSError):
                pass  # the server is away: try again, as the page does
            finally:
                self.socket = None
                self.connected.clear()
            await asyncio.sleep(0.2)

    def _receive(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "message" and "re" in frame:
            if not self.answers[frame["re"]]:
                self.first_answers.append(frame["re"])
            self.answers[frame["re"]] += 1
            self.answered_on.setdefault(frame["re"], set()).add(self.sockets)
        elif frame["type"] == "done" and frame.get("id"):
            self.unanswered.pop(frame["id"], None)

    async def say(self, text: str) -> None:
        frame = {"type": "text", "text": text, "id": f"{self.name}-{len(self.said) + 1}"}
        self.said.append(frame["id"])
        self.unanswered[frame["id"]] = frame
        await self.connected.wait()
        if self.socket is not None:
            await self._transmit(self.socket, frame)

    async def _transmit(self, socket: aiohttp.ClientWebSocketResponse, frame: dict[str, Any]) -> None:
        if frame["id"] in self.transmitted:
            frame = {**frame, "again": True}
        self.transmitted.add(frame["id"])
        with contextlib.suppress(ConnectionError, RuntimeError):  # closing: sent again on the next socket
            await socket.send_json(frame)

    @property
    def answered(self) -> int:
        return sum(1 for frame_id in self.said if self.answers[frame_id] and frame_id not in self.unanswered)

    @property
    def lost(self) -> int:
        return sum(1 for frame_id in self.said if not self.answers[frame_id])

    @property
    def duplicates(self) -> int:
        """Answers that came again: a message's answers arriving on more than one socket (one message may
        have several answers; a copy brings all of them again)."""
        return sum(
            len(self.answered_on.get(frame_id, ())) - 1 for frame_id in self.said if frame_id in self.answered_on
        )

    @property
    def in_order(self) -> bool:
        """Its messages were answered in the order it said them."""
        return self.first_answers == [frame_id for frame_id in self.said if frame_id in self.answers]

    async def close(self) -> None:
        await self.client.close()


@contextlib.asynccontextmanager
async def pages_open(port: int, count: int) -> AsyncIterator[list[WebVisitor]]:
    """``count`` pages on the server at ``port``, each reconnecting by itself, until the block ends."""
    pages = [WebVisitor(port, f"v{n}") for n in range(count)]
    closing = asyncio.Event()
    running = [asyncio.create_task(page.run(closing)) for page in pages]
    try:
        yield pages
    finally:
        closing.set()
        for page in pages:
            if page.socket is not None:
                await page.socket.close()
        await asyncio.gather(*running)
        for page in pages:
            await page.close()


Fault = Callable[["Linli", FakeBotAPI], Awaitable["Responsiveness | None"]]


async def under_traffic(
    fault_name: str,
    chats: int,
    messages: int,
    fault: Fault,
    *,
    webhook: bool = False,
    database_url: str = "",
    visitors: int = 0,
) -> Outcome:
    """N chats (and ``visitors`` web chat pages) write M messages each; ``fault`` strikes once a third of the
    answers are in."""
    with tempfile.TemporaryDirectory(prefix="linli-faults-") as scratch:
        async with FakeBotAPI(TOKEN) as fake:
            linli = Linli(fake, Path(scratch) / "data", webhook=webhook, database_url=database_url)
            await linli.prepare()
            await linli.start()
            users = [fake.user(FIRST_ID + n, language_code="zh-hans") for n in range(chats)]
            try:
                async with pages_open(linli.port, visitors) as pages:
                    started = time.monotonic()
                    for round_ in range(messages):
                        for user in users:
                            await user.send(f"x{round_}")
                        for page in pages:
                            await page.say(f"x{round_}")
                    expected = (chats + visitors) * messages

                    def answered() -> int:
                        return sum(user.sent_count for user in users) + sum(page.answered for page in pages)

                    await until(lambda: answered() >= expected // 3, timeout=120)
                    note = await fault(linli, fake)
                    with contextlib.suppress(TimeoutError):  # what never came is counted as lost below
                        await until(lambda: answered() >= expected, timeout=120)
                        await until(lambda: fake.held == 0, timeout=2 * SLOW_SECONDS)
                    await asyncio.sleep(1.0)  # let late copies show
                    seconds = time.monotonic() - started
            finally:
                await linli.stop()
            lost, duplicates, apologies = tally(users, messages)
            lost += sum(page.lost for page in pages)
            duplicates += sum(page.duplicates for page in pages)
            return Outcome(fault_name, expected, lost, duplicates, apologies, seconds, note)


async def until(condition: Callable[[], bool], timeout: float) -> None:  # noqa: ASYNC109
    """Looked at every 20 ms: answers come by the fake Bot API and by the pages' sockets alike."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.02)


async def kill_and_restart(linli: Linli, _fake: FakeBotAPI) -> None:
    await linli.kill()
    await linli.start()


async def bot_api_fails(linli: Linli, fake: FakeBotAPI) -> None:
    """The next sends answer 502 Bad Gateway, as Telegram's front does in an outage."""
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=FAILED_SENDS)


@dataclass
class Responsiveness:
    """How quickly the web side answered while the fault lasted: the slowest answer per path, and failures."""

    slowest: dict[str, float]
    failed: int

    def __str__(self) -> str:
        shown = ", ".join(f"{path} {seconds * 1000:.0f} ms" for path, seconds in self.slowest.items())
        return f"slowest answer of the web side meanwhile: {shown}, failed {self.failed}"


def slow_bot_api(seconds: float = SLOW_SECONDS, times: int = SLOW_SENDS) -> Fault:
    """The next sends hang for ``seconds``; the web side is asked all along how quickly it answers."""

    async def fault(linli: Linli, fake: FakeBotAPI) -> Responsiveness:
        fake.slow_next("sendMessage", seconds, times=times)
        measured = Responsiveness({path: 0.0 for path in PROBED}, 0)
        deadline = time.monotonic() + seconds + 2
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as client:
            while time.monotonic() < deadline:
                for path in PROBED:
                    asked = time.monotonic()
                    try:
                        async with client.get(f"http://127.0.0.1:{linli.port}{path}") as answer:
                            await answer.read()
                            measured.failed += answer.status != 200
                    except (aiohttp.ClientError, TimeoutError):
                        measured.failed += 1
                    measured.slowest[path] = max(measured.slowest[path], time.monotonic() - asked)
                await asyncio.sleep(0.2)
        return measured

    return fault


async def postgres_restarts(linli: Linli, _fake: FakeBotAPI) -> None:
    restart = await asyncio.create_subprocess_exec(
        "pg_ctlcluster", PG_VERSION, PG_CLUSTER, "restart", stdout=asyncio.subprocess.DEVNULL
    )
    await restart.wait()


def tally(users: Sequence[FakeUser], messages: int) -> tuple[int, int, int]:
    lost = sum(max(0, messages - user.sent_count) for user in users)
    duplicates = sum(max(0, user.sent_count - messages) for user in users)
    apologies = sum(APOLOGY in message.get("text", "") for user in users for message in user.messages)
    return lost, duplicates, apologies


async def fresh_postgres() -> str:
    """A new database on the local PostgreSQL (``LINLI_TEST_POSTGRES_URL`` or the default), or "" without one."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    admin = os.environ.get("LINLI_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    name = f"linli_faults_{os.getpid()}_{int(time.time())}"
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # no server: the fault is not tried
        return ""
    finally:
        await engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


async def run(chats: int, messages: int) -> list[Outcome]:
    outcomes = [
        await under_traffic("kill -9, polling", chats, messages, kill_and_restart),
        await under_traffic("kill -9, webhook", chats, messages, kill_and_restart, webhook=True),
        await under_traffic("kill -9, web chat", chats, messages, kill_and_restart, visitors=chats),
        await under_traffic("Bot API answers 502", chats, messages, bot_api_fails),
        await under_traffic("Bot API slow (30 s)", chats, messages, slow_bot_api()),
    ]
    database_url = await fresh_postgres()
    if database_url and shutil.which("pg_ctlcluster"):
        outcomes.append(
            await under_traffic("PostgreSQL restarts", chats, messages, postgres_restarts, database_url=database_url)
        )
    else:
        print("PostgreSQL restarts: not tried (no local PostgreSQL cluster to restart)")
    return outcomes


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5)
    args = parser.parse_args(argv)
    outcomes = asyncio.run(run(args.chats, args.messages))
    for outcome in outcomes:
        print(outcome.line())
    lost = sum(o.lost for o in outcomes)
    duplicates = sum(o.duplicates for o in outcomes)
    print(f"faults: {len(outcomes)} tried, lost {lost}, duplicates {duplicates}")


if __name__ == "__main__":
    main()
