"""Several processes on one database, no sticky sessions: two apps (two engines, as two processes have)
take messages of one chat at once, and the chat's steps still run one at a time, each reading what the
previous one wrote; other chats are not held up."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from bot.app import Linli, load_demo
from handlers.core.messages import Incoming, Sender
from models.chat_lock import chat_key
from tests.harness import AppFactory

STEP_SECONDS = 0.05


def record_steps(app: Linli, spans: list[tuple[str, float, float]]) -> None:
    """Each step's chat and the moments it ran, with a pause inside so that overlaps would show."""
    dispatch = app.core._dispatch

    async def slow_dispatch(ctx: Any) -> None:
        began = time.monotonic()
        await asyncio.sleep(STEP_SECONDS)
        await dispatch(ctx)
        spans.append((ctx.incoming.chat_id, began, time.monotonic()))

    app.core._dispatch = slow_dispatch  # type: ignore[method-assign]


async def test_a_chats_steps_run_one_at_a_time_across_processes(db_url: str, make_app: AppFactory) -> None:
    first = await make_app(database_url=db_url)
    second = await make_app(database_url=db_url)
    async with first.sessionmaker() as session, session.begin():
        await load_demo(session)
    spans: list[tuple[str, float, float]] = []
    record_steps(first, spans)
    record_steps(second, spans)

    def message(chat: str) -> Incoming:
        return Incoming.from_text("terminal", chat, Sender(chat, "", "zh"), "/menu")

    # Ten of one chat's messages, every other one to the other process, all at once; and one other chat.
    work = [(first if n % 2 else second).core.handle(message("wang")) for n in range(10)]
    work += [first.core.handle(message("emma")), second.core.handle(message("emma"))]
    outcomes = await asyncio.gather(*work)
    assert all(outcome.replies for outcome in outcomes)
    wang = sorted((began, ended) for chat, began, ended in spans if chat == "wang")
    assert len(wang) == 10
    for (_began, ended), (next_began, _ended) in itertools.pairwise(wang):
        assert next_began >= ended - 0.001, "two steps of one chat overlapped"
    if db_url.startswith("postgresql"):  # (SQLite has one writer at a time: every chat waits its turn there)
        # One chat's queue did not hold another's: emma's two steps ran while wang's were still going.
        emma_done = max(ended for chat, _began, ended in spans if chat == "emma")
        assert emma_done < wang[-1][1]


def test_chat_keys_are_stable_and_distinct() -> None:
    assert chat_key("telegram", "42") == -1173882170901512073  # not hash(): the same in every process
    keys = {chat_key(channel, str(n)) for channel in ("telegram", "web", "wechat") for n in range(10_000)}
    assert len(keys) == 30_000
    assert all(-(2**63) <= key < 2**63 for key in keys)
