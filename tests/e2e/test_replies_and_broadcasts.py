"""A water-cut notice goes to 300 residents while 200 others talk to Linli, as deployed (30 messages a second
overall) against a Bot API that enforces Telegram's limits (tests.fakes.bot_api ``enforce_limits``): the
replies keep their latency (they never wait behind the broadcast), the broadcast still finishes (it yields
and then takes the rate back), and Telegram never has to say "too many requests"."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from bench.broadcast import generate, queue_notice
from models.outbox import OutboxMessage, OutboxStatus
from tests.e2e.conftest import bot_settings, free_port, start_bot
from tests.fakes.bot_api import FakeBotAPI

RECIPIENTS = 300
TALKERS = 200
MESSAGES_EACH = 3
FIRST_RECIPIENT = 5_000_001
FIRST_TALKER = 6_000_001


async def test_replies_keep_their_latency_while_a_broadcast_runs(fake: FakeBotAPI, tmp_path: Path) -> None:
    fake.enforce_limits(bulk_per_second=30, chat_burst=5)
    settings = bot_settings(fake, tmp_path, free_port(), telegram_max_rate=30)
    async with start_bot(settings, fake) as bot:
        community = await generate(bot.linli.sessionmaker, RECIPIENTS, first_chat=FIRST_RECIPIENT)
        for chat in range(FIRST_RECIPIENT, FIRST_RECIPIENT + RECIPIENTS):
            fake.user(chat)
        talkers = [fake.user(FIRST_TALKER + n, first_name=f"居民{n}") for n in range(TALKERS)]
        await queue_notice(bot.linli, community)
        bot.linli.wake_outbox()
        began = time.monotonic()
        await asyncio.sleep(1.0)  # the broadcast under way, every slot of the rate busy
        latencies: list[float] = []

        async def talk(user_index: int) -> None:
            user = talkers[user_index]
            await asyncio.sleep(random.Random(user_index).uniform(0, 3))  # people do not all write at once
            for _ in range(MESSAGES_EACH):
                asked = time.monotonic()
                await user.send("/menu")
                await user.wait_for_reply(timeout=30)
                latencies.append(time.monotonic() - asked)
                await asyncio.sleep(1.0)  # reading the answer

        await asyncio.gather(*(talk(n) for n in range(TALKERS)))
        talked = time.monotonic() - began
        broadcast_chats = {str(chat) for chat in range(FIRST_RECIPIENT, FIRST_RECIPIENT + RECIPIENTS)}

        def delivered() -> int:
            return sum(
                1 for call in fake.calls_of("sendMessage") if call.ok and str(call.params["chat_id"]) in broadcast_chats
            )

        await fake.wait_until(lambda: delivered() >= RECIPIENTS, timeout=60, what="the broadcast delivered")
        finished = time.monotonic() - began
        left = RECIPIENTS
        for _ in range(100):  # the sender marks its rows sent a moment after the last answer
            async with bot.linli.sessionmaker() as session:
                left = (
                    await session.scalar(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.chat_id.in_(broadcast_chats))
                    )
                    or 0
                )
            if left == 0:
                break
            await asyncio.sleep(0.1)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    assert len(latencies) == TALKERS * MESSAGES_EACH
    assert p95 < 0.5, f"reply p95 {p95:.3f} s during the broadcast"
    assert fake.limit_refusals == 0  # no 429 storm: not one
    assert delivered() == RECIPIENTS
    assert left == 0
    # The broadcast yielded to the talk and then went on at the rate: 300 at ≤ 30/s, plus what it gave up.
    assert finished < talked + RECIPIENTS / 30 + 10, (talked, finished)


async def test_the_fake_refuses_what_telegram_would(fake: FakeBotAPI) -> None:
    """The test above proves nothing if the fake never says 429: over 30 a second to chats that did not
    write is refused, a burst to one chat is refused, answers to a chat that just wrote are not bulk."""
    fake.enforce_limits(bulk_per_second=30, chat_burst=5)
    silent = [fake.user(7_000_000 + n) for n in range(40)]
    talker = fake.user(7_100_000)
    await talker.send("hello")
    async with aiohttp.ClientSession() as client:

        async def send(chat: int) -> int:
            url = f"{fake.base_url}{fake.token}/sendMessage"
            async with client.post(url, json={"chat_id": chat, "text": "停水通知"}) as response:
                return response.status

        bulk = await asyncio.gather(*(send(user.id) for user in silent))
        assert bulk.count(200) == 30
        assert bulk.count(429) == 10
        to_talker = [await send(talker.id) for _ in range(6)]  # the bulk window is full: not counted for him
    assert to_talker == [200] * 5 + [429]  # but a burst of more than five to one chat is
    assert fake.limit_refusals == 11
