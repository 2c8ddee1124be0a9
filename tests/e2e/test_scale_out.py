"""Three `linli run` processes on one PostgreSQL behind a round-robin address (no sticky sessions), 200 web
chat visitors and 200 Telegram chats (webhook) writing at once, one process killed with SIGKILL mid-run:
every message is answered, each visitor's in the order it wrote them, and nothing is lost. The visitors
whose socket was on the killed process reconnect (to another), send their unanswered messages again, and
each is handled once (models.inbound); Telegram's deliveries to it fail and are delivered again elsewhere."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path

import pytest

from bench.broadcast import create_pg_database, drop_pg_database
from bench.faults import pages_open, until
from bench.scale import cluster
from models.inbound import journal
from tests.conftest import _leg
from tests.e2e.conftest import bot_settings, free_port, start_bot
from tests.fakes.bot_api import FakeBotAPI

VISITORS = int(os.environ.get("SCALE_VISITORS", "200"))
CHATS = int(os.environ.get("SCALE_CHATS", "200"))
MESSAGES = 3
FIRST_CHAT = 8_200_001


async def test_three_processes_one_killed_lose_nothing(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    _leg(request)  # skipped (or failed, when required) without a PostgreSQL server, as every PostgreSQL test
    database_url = await create_pg_database()
    try:
        async with cluster(3, tmp_path, database_url) as running:
            users = [running.fake.user(FIRST_CHAT + n, language_code="zh-hans") for n in range(CHATS)]
            async with pages_open(running.port, VISITORS) as pages:
                await until(lambda: all(page.connected.is_set() for page in pages), timeout=60)
                for round_ in range(MESSAGES):
                    for user in users:
                        await user.send(f"x{round_}")
                    for page in pages:
                        await page.say(f"x{round_}")

                def answered() -> int:
                    return sum(page.answered for page in pages) + sum(min(u.sent_count, MESSAGES) for u in users)

                expected = (VISITORS + CHATS) * MESSAGES
                # Struck while both kinds are under way (the web chat is much the quicker of the two).
                await until(lambda: sum(page.answered for page in pages) >= VISITORS * MESSAGES // 3, timeout=120)
                await running.processes[0].kill()  # SIGKILL; not started again: the other two serve
                await until(lambda: answered() >= expected, timeout=180)
            assert sum(page.lost for page in pages) == 0
            assert [page.name for page in pages if not page.in_order] == []
            assert all(user.sent_count >= MESSAGES for user in users)
            # Duplicates are bounded: only what was in flight on the killed process can come twice.
            assert sum(max(0, user.sent_count - MESSAGES) for user in users) <= CHATS
            served = sorted(running.proxy.served.values())
            assert len(served) == 3
            assert served[0] > 0  # every process took part, the killed one too
    finally:
        await drop_pg_database(database_url)


async def test_an_update_left_unanswered_by_a_dead_process_is_taken_over(fake: FakeBotAPI, tmp_path: Path) -> None:
    """Another process kept an update (it answered Telegram 200) and died before answering it: no restart of
    that process may ever come, so a running one takes it over once the lease has run out."""
    settings = bot_settings(fake, tmp_path, free_port(), inbound_lease_seconds=1.0)
    async with start_bot(settings, fake) as bot:
        user = fake.user(8_300_001, language_code="zh-hans")
        body = {
            "update_id": 990_001,
            "message": {"message_id": 1, "from": user.user, "chat": user.chat, "date": 0, "text": "你好"},
        }
        async with bot.linli.sessionmaker() as session, session.begin():
            kept_at = bot.linli.services.clock() - timedelta(seconds=5)
            await journal(session, "telegram", [("990001", body)], kept_at)
        reply = await user.wait_for_reply(after_count=0, timeout=5)
        assert reply["text"]
        await asyncio.sleep(1.5)  # another look: it is answered, so not handed on again
        assert user.sent_count == 1


async def test_an_answer_telegram_could_not_take_comes_once_it_is_back(fake: FakeBotAPI, tmp_path: Path) -> None:
    """The Bot API is away for longer than a reply's retries (4 tries over 3.5 s): the step is kept, its
    answer waits in the journal, and the running process sends it after the lease — no restart needed."""
    settings = bot_settings(fake, tmp_path, free_port(), inbound_lease_seconds=1.0)
    async with start_bot(settings, fake):
        user = fake.user(8_300_002, language_code="zh-hans")
        fake.fail_next("sendMessage", 502, "Bad Gateway", times=4)
        await user.send("你好")
        reply = await user.wait_for_reply(after_count=0, timeout=15)
        assert reply["text"]
        await asyncio.sleep(1.5)
        assert user.sent_count == 1
        assert len([c for c in fake.calls_of("sendMessage") if c.status == 502]) == 4
