"""The runtime pieces below the end-to-end tests: outbox sender, chat ordering, Telegram conversion, logs, CLI."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Update

import models.outbox as outbox
from bot.app import Linli
from bot.channels.ordering import PerChatUpdateProcessor
from bot.channels.outbox import OutboxSender, Rejected, RetryLater, Unreachable
from bot.channels.telegram.channel import to_incoming
from bot.channels.telegram.http import AiohttpRequest
from bot.channels.telegram.outbox import split_text
from bot.cli.main import parser
from bot.cli.pact import read_pact_file
from bot.housekeeping import purge_once
from bot.logs import RedactSecrets
from bot.server import settle_heap
from config.demo import all_demo_people
from handlers.core.messages import Reply
from models.base import utcnow
from models.conversation import ConversationState
from models.outbox import OutboxMessage, OutboxStatus
from models.pact.store import current_pact
from models.people import ChannelAccount, Person
from models.places import place_by_code

# --- outbox sender --------------------------------------------------------------------------------


async def queue_for(linli: Linli, handle: str, count: int = 1) -> list[int]:
    """Queue ``count`` messages for a demo person's terminal account."""
    async with linli.sessionmaker() as session, session.begin():
        account = await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == handle))
        assert account is not None
        rows = [
            outbox.enqueue(
                session,
                channel="terminal",
                chat_id=account.chat_id,
                person_id=account.person_id,
                kind="test",
                payload=Reply(f"消息 {n}").to_payload(),
            )
            for n in range(count)
        ]
        await session.flush()
        return [row.id for row in rows]


async def statuses(linli: Linli) -> dict[int, OutboxStatus]:
    async with linli.sessionmaker() as session:
        return {row.id: row.status for row in await session.scalars(select(OutboxMessage))}


class Recorder:
    def __init__(self, fail_with: Exception | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail_with = fail_with

    async def __call__(self, chat_id: str, reply: Reply) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append((chat_id, reply.text))


async def test_sender_delivers_in_order_and_marks_sent(app: Linli) -> None:
    ids = await queue_for(app, "wang", 3)
    recorder = Recorder()
    sender = OutboxSender(app.sessionmaker, app.settings, "terminal", recorder)
    assert await sender.drain_once() == 3
    assert recorder.sent == [("wang", "消息 0"), ("wang", "消息 1"), ("wang", "消息 2")]
    assert await statuses(app) == dict.fromkeys(ids, OutboxStatus.sent)
    assert await sender.drain_once() == 0  # nothing is sent twice


async def test_sender_only_takes_its_channel_and_chat(app: Linli) -> None:
    await queue_for(app, "wang")
    await queue_for(app, "emma")
    recorder = Recorder()
    assert await OutboxSender(app.sessionmaker, app.settings, "telegram", recorder).drain_once() == 0
    assert await OutboxSender(app.sessionmaker, app.settings, "terminal", recorder, chat_id="emma").drain_once() == 1
    assert recorder.sent == [("emma", "消息 0")]


async def test_unreachable_chat_stops_and_marks_the_account(app: Linli) -> None:
    ids = await queue_for(app, "wang", 2)
    sender = OutboxSender(app.sessionmaker, app.settings, "terminal", Recorder(Unreachable("blocked")))
    await sender.drain_once()
    assert await statuses(app) == dict.fromkeys(ids, OutboxStatus.unreachable)
    async with app.sessionmaker() as session:
        account = await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == "wang"))
        assert account is not None
        assert account.unreachable_at is not None


async def test_retry_later_waits_then_sends(app: Linli) -> None:
    (message_id,) = await queue_for(app, "wang")
    now = utcnow()
    clock = [now]
    failing = OutboxSender(
        app.sessionmaker, app.settings, "terminal", Recorder(RetryLater(30, "flood")), clock=lambda: clock[0]
    )
    await failing.drain_once()
    async with app.sessionmaker() as session:
        row = await session.get(OutboxMessage, message_id)
        assert row is not None
        assert row.status is OutboxStatus.pending
        assert row.not_before == now + timedelta(seconds=30)
        assert row.last_error == "flood"
    recorder = Recorder()
    sender = OutboxSender(app.sessionmaker, app.settings, "terminal", recorder, clock=lambda: clock[0])
    assert await sender.drain_once() == 0  # not yet due
    clock[0] = now + timedelta(seconds=31)
    assert await sender.drain_once() == 1
    assert recorder.sent == [("wang", "消息 0")]


async def test_rejected_message_fails_at_once_and_errors_back_off_until_attempts_run_out(
    make_app: Any,
) -> None:
    linli: Linli = await make_app(outbox_max_attempts=2)
    rejected, broken = await queue_for(linli, "wang"), await queue_for(linli, "emma")
    await OutboxSender(
        linli.sessionmaker, linli.settings, "terminal", Recorder(Rejected("bad")), chat_id="wang"
    ).drain_once()
    clock = [utcnow()]
    sender = OutboxSender(
        linli.sessionmaker,
        linli.settings,
        "terminal",
        Recorder(RuntimeError("boom")),
        chat_id="emma",
        clock=lambda: clock[0],
    )
    await sender.drain_once()
    assert (await statuses(linli))[broken[0]] is OutboxStatus.pending  # first failure: backs off
    clock[0] += timedelta(minutes=10)
    await sender.drain_once()
    result = await statuses(linli)
    assert result[rejected[0]] is OutboxStatus.failed
    assert result[broken[0]] is OutboxStatus.failed  # second attempt was the last


async def test_a_crashed_worker_leaves_its_batch_to_another_after_the_lease(app: Linli) -> None:
    ids = await queue_for(app, "wang", 2)
    now = utcnow()
    async with app.sessionmaker() as session, session.begin():  # a worker claims, then the process dies
        claimed = await outbox.claim_due(session, "terminal", "dead-worker", now, timedelta(minutes=2), 10)
        assert [row.id for row in claimed] == ids
    clock = [now + timedelta(minutes=1)]
    recorder = Recorder()
    survivor = OutboxSender(app.sessionmaker, app.settings, "terminal", recorder, clock=lambda: clock[0])
    assert await survivor.drain_once() == 0  # the lease still holds
    clock[0] = now + timedelta(minutes=3)
    assert await survivor.drain_once() == 2
    assert [text for _, text in recorder.sent] == ["消息 0", "消息 1"]


async def test_run_wakes_on_new_work_and_stops(app: Linli) -> None:
    recorder = Recorder()
    sender = OutboxSender(app.sessionmaker, app.settings, "terminal", recorder)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    await asyncio.sleep(0.05)
    await queue_for(app, "wang")
    sender.wake()
    for _ in range(100):
        if recorder.sent:
            break
        await asyncio.sleep(0.01)
    assert recorder.sent == [("wang", "消息 0")]  # well before the 30 s poll interval of these tests
    stop.set()
    await asyncio.wait_for(task, 1)


# --- per-chat ordering ----------------------------------------------------------------------------


def update_for(chat_id: int, update_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "x"},
                "text": "hi",
            },
        },
        None,
    )


async def test_processor_keeps_chat_order_and_bounds_concurrency() -> None:
    processor = PerChatUpdateProcessor(max_concurrent=3)
    running = 0
    peak = 0
    seen: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}

    async def work(chat: int, n: int) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.005 * ((n * 7) % 3))  # uneven durations would reorder an unordered runner
        seen[chat].append(n)
        running -= 1

    tasks = [
        asyncio.create_task(processor.process_update(update_for(chat, n), work(chat, n)))
        for n in range(10)
        for chat in seen
    ]
    await asyncio.gather(*tasks)
    assert all(order == list(range(10)) for order in seen.values()), seen
    assert peak == 3
    assert processor._chats == {}  # no lock left behind per chat


# --- Telegram conversion --------------------------------------------------------------------------


def telegram_update(**fields: Any) -> Update:
    base: dict[str, Any] = {"update_id": 1}
    base.update(fields)
    return Update.de_json(base, None)


PRIVATE = {"id": 42, "type": "private", "first_name": "阿明"}
USER = {"id": 42, "is_bot": False, "first_name": "阿明", "last_name": "王", "language_code": "zh-hans"}


def test_to_incoming_text_command_location_photo_and_groups() -> None:
    def message(**extra: Any) -> Update:
        return telegram_update(message={"message_id": 1, "date": 0, "chat": PRIVATE, "from": USER, **extra})

    command = to_incoming(message(text="/start@linli_bot c-yuntang"))
    assert command is not None
    assert (command.command, command.args, command.sender.display_name) == ("start", "c-yuntang", "阿明 王")
    located = to_incoming(message(location={"latitude": 28.1, "longitude": 112.9}))
    assert located is not None
    assert located.location is not None
    assert (located.location.latitude, located.location.longitude) == (28.1, 112.9)
    photo = to_incoming(
        message(
            photo=[
                {"file_id": "small", "file_unique_id": "s", "width": 1, "height": 1},
                {"file_id": "big", "file_unique_id": "b", "width": 9, "height": 9},
            ]
        )
    )
    assert photo is not None
    assert photo.photo is not None
    assert (photo.photo.ref, photo.photo.content) == ("big", b"")  # the bytes are fetched before the core
    sticker = to_incoming(
        message(
            sticker={
                "file_id": "x",
                "file_unique_id": "x",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        )
    )
    assert sticker is not None
    assert (sticker.text, sticker.command, sticker.button) == (None, None, None)  # gets a hint, not silence
    group = telegram_update(
        message={
            "message_id": 1,
            "date": 0,
            "chat": {"id": -5, "type": "group", "title": "楼栋群"},
            "from": USER,
            "text": "hi",
        }
    )
    assert to_incoming(group) is None


def test_split_text_keeps_pieces_under_the_limit_and_loses_nothing() -> None:
    text = "\n".join(f"第{n}行" + "字" * 50 for n in range(200))
    pieces = split_text(text, limit=1000)
    assert all(len(piece) <= 1000 for piece in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert split_text("短") == ["短"]
    unbroken = "字" * 2500
    assert split_text(unbroken, limit=1000) == ["字" * 1000, "字" * 1000, "字" * 500]


# --- logs -----------------------------------------------------------------------------------------


def test_secrets_are_redacted_from_any_log_line(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    redact = RedactSecrets(["123456:SECRET"])
    record = logger.makeRecord(
        "x", logging.INFO, __file__, 1, "POST %s/getUpdates", ("https://api/bot123456:SECRET",), None
    )
    assert redact.filter(record) is True
    assert record.getMessage() == "POST https://api/bot[redacted]/getUpdates"
    untouched = logger.makeRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    redact.filter(untouched)
    assert untouched.getMessage() == "hello world"


# --- CLI ------------------------------------------------------------------------------------------


async def run_cli(app: Linli, *argv: str) -> int:
    args: argparse.Namespace = parser().parse_args(argv)
    return int(await args.run(app.settings, args))


async def test_cli_publishes_a_pact_from_a_toml_file(
    app: Linli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pact_file = tmp_path / "pact.toml"
    pact_file.write_text(
        'title_zh = "云塘社区居民公约"\ntitle_en = "Yuntang Pact"\n'
        '[[articles]]\nzh = "邻里和睦。"\nen = "Be good neighbours."\n'
        '[[articles]]\nzh = "爱护环境。"\nen = "Keep it clean."\n',
        encoding="utf-8",
    )
    assert await run_cli(app, "pact", "publish", "--community", "yuntang", str(pact_file)) == 0
    assert "version 2 (2 articles)" in capsys.readouterr().out
    async with app.sessionmaker() as session:
        community = await place_by_code(session, "yuntang")
        assert community is not None
        version = await current_pact(session, community.id)
        assert version is not None
        assert (version.number, version.title_en) == (2, "Yuntang Pact")
        queued = (await session.scalars(select(OutboxMessage.kind))).all()
    assert queued == ["pact-updated"] * 4  # the four demo people who pledged version 1


def test_read_pact_file_plain_text_is_one_article_per_paragraph(tmp_path: Path) -> None:
    text_file = tmp_path / "pact.txt"
    text_file.write_text("第一条 邻里和睦。\n互帮互助。\n\n第二条 爱护环境。\n", encoding="utf-8")
    title_zh, title_en, articles = read_pact_file(text_file)
    assert (title_zh, title_en) == (None, None)
    assert [a.zh for a in articles] == ["邻里和睦。\n互帮互助。", "爱护环境。"]


async def test_cli_grants_and_revokes_roles(app: Linli, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        await run_cli(
            app, "staff", "grant", "--person", "terminal:emma", "--role", "grid_worker", "--place", "yuntang-g1"
        )
        == 0
    )
    assert await run_cli(app, "staff", "list") == 0
    assert "yuntang-g1       grid_worker" in capsys.readouterr().out
    assert (
        await run_cli(
            app, "staff", "revoke", "--person", "terminal:emma", "--role", "grid_worker", "--place", "yuntang-g1"
        )
        == 0
    )
    assert (
        await run_cli(app, "staff", "grant", "--person", "terminal:nobody", "--role", "volunteer", "--place", "yuntang")
        == 2
    )
    assert (
        await run_cli(app, "staff", "grant", "--person", "terminal:emma", "--role", "volunteer", "--place", "nowhere")
        == 2
    )
    async with app.sessionmaker() as session:
        emma = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == "emma"))
        assert emma is not None
    output = capsys.readouterr()
    assert "revoked grid_worker on yuntang-g1" in output.out
    assert "nobody with account 'terminal:nobody'" in output.err
    assert "no place with code 'nowhere'" in output.err


async def test_housekeeping_purges_only_expired_states(app: Linli) -> None:
    now = utcnow()
    async with app.sessionmaker() as session, session.begin():
        session.add_all(
            [
                ConversationState(
                    channel="telegram",
                    chat_id="1",
                    flow="onboarding",
                    step="unit",
                    data={},
                    nonce="ab",
                    expires_at=now - timedelta(minutes=1),
                ),
                ConversationState(
                    channel="telegram",
                    chat_id="2",
                    flow="onboarding",
                    step="unit",
                    data={},
                    nonce="cd",
                    expires_at=now + timedelta(minutes=30),
                ),
            ]
        )
    assert await purge_once(app.sessionmaker) == 1
    async with app.sessionmaker() as session:
        left = (await session.scalars(select(ConversationState.chat_id))).all()
    assert left == ["2"]


def test_a_new_connection_may_take_the_pool_wait_and_the_connect_time() -> None:
    """aiohttp's ``connect`` covers waiting for a pooled connection and opening one: given only the pool's
    second, a broadcast opening 200 connections at once timed out."""
    limits = AiohttpRequest.timeout(connect=5.0, write=5.0, read=5.0, pool=1.0)
    assert (limits.connect, limits.sock_connect, limits.sock_read, limits.total) == (6.0, 5.0, 5.0, 16.0)
    assert AiohttpRequest.timeout(connect=None, write=5.0, read=5.0, pool=1.0).total is None


def test_settling_the_heap_takes_start_up_out_of_every_full_collection() -> None:
    gc.unfreeze()
    try:
        settle_heap()
        assert gc.get_freeze_count() > 10_000  # the modules, the ORM, the catalogs…
    finally:
        gc.unfreeze()


def test_demo_handles_name_one_person_across_the_demo_files(tmp_path: Path) -> None:
    people = all_demo_people()
    assert len({person["handle"] for person in people}) == len(people) > 20
    for name in ("community.toml", "hotline.toml"):
        (tmp_path / name).write_text(
            '[[people]]\nhandle = "wang"\nname = "王秀英"\n' if name == "community.toml" else
            '[[people]]\nhandle = "wang"\nname = "王师傅"\n'
        )  # fmt: skip
    with pytest.raises(ValueError, match=r"'wang' is used in community\.toml and in hotline\.toml"):
        all_demo_people(tmp_path)
