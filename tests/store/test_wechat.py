"""What the WeChat channel keeps: messages taken once, the shared token, the 48 hours, choices."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.outbox as outbox
from models.outbox import OutboxMessage, OutboxStatus, retry_later
from models.wechat import (
    CHANNEL,
    WAITING_FOR_WINDOW,
    WeChatChoices,
    WeChatContact,
    answer_of,
    choice_for_text,
    expire_token,
    expire_waiting,
    forget_buttons,
    forget_chat,
    forget_inbound,
    keep_answer,
    keep_buttons,
    note_inbound,
    shown_choices,
    store_token,
    stored_token,
    take_inbound,
    window_open,
)

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


async def test_of_many_copies_taken_at_once_exactly_one_is_first(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async def take() -> bool:
        async with sessionmaker() as session, session.begin():
            return await take_inbound(session, "m:42", NOW)

    taken = await asyncio.gather(*(take() for _ in range(8)))
    assert sorted(taken) == [False] * 7 + [True]
    async with sessionmaker() as session, session.begin():
        assert await answer_of(session, "m:42") is None
        await keep_answer(session, "m:42", "<xml>answer</xml>")
    async with sessionmaker() as session, session.begin():
        assert await answer_of(session, "m:42") == "<xml>answer</xml>"
        assert await forget_inbound(session, NOW + timedelta(days=1, seconds=1)) == 1
        assert await take_inbound(session, "m:42", NOW + timedelta(days=2))  # long gone: a new message


async def test_the_token_is_shared_and_only_the_refused_one_is_dropped(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await store_token(session, "wx1", "old", NOW + timedelta(hours=2))
        await store_token(session, "wx1", "new", NOW + timedelta(hours=2))
        await expire_token(session, "wx1", "old")  # refused by WeChat, but another process already replaced it
        stored = await stored_token(session, "wx1")
        assert stored is not None
        assert stored.token == "new"
        await expire_token(session, "wx1", "new")
        assert await stored_token(session, "wx1") is None


async def test_writing_opens_the_window_and_makes_what_waited_due(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        assert not await window_open(session, "o-1", NOW)
        for chat in ("o-1", "o-2"):
            outbox.enqueue(session, channel=CHANNEL, chat_id=chat, person_id=None, kind="x", payload={"text": "hi"})
        await session.flush()
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        for row in rows:
            await retry_later(session, row.id, 0, NOW + timedelta(hours=1), WAITING_FOR_WINDOW, 5)
    async with sessionmaker() as session, session.begin():
        await note_inbound(session, "o-1", NOW)
        assert await window_open(session, "o-1", NOW + timedelta(hours=47))
        assert not await window_open(session, "o-1", NOW + timedelta(hours=48))
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        assert [row.not_before == NOW for row in rows] == [True, False]  # o-1 wrote; o-2 still waits

    async with sessionmaker() as session, session.begin():
        assert await expire_waiting(session, NOW + timedelta(days=30), timedelta(days=7)) == 2
        rows = (await session.scalars(select(OutboxMessage))).all()
        assert {row.status for row in rows} == {OutboxStatus.failed}


async def test_typed_text_presses_the_last_replys_choices_only(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await note_inbound(session, "o-1", NOW)
        old = await keep_buttons(session, "o-1", [("旧的", "old-1"), ("取消", "old-2")], NOW)
        await shown_choices(session, "o-1", old[0])
        assert await choice_for_text(session, "o-1", "取消") == "old-2"
        ids = await keep_buttons(session, "o-1", [("2", "two"), ("5", "five"), ("🏠 主菜单", "menu")], NOW)
        await shown_choices(session, "o-1", ids[0])
        assert await choice_for_text(session, "o-1", "５") == "five"  # the label, typed full-width
        assert await choice_for_text(session, "o-1", "3") is None  # labels are numbers: 3 is three people
        assert await choice_for_text(session, "o-1", "🏠 主菜单") == "menu"
        assert await choice_for_text(session, "o-1", "旧的") is None  # not in the latest reply
        ids = await keep_buttons(session, "o-1", [("中文", "zh"), ("English", "en")], NOW)
        await shown_choices(session, "o-1", ids[0])
        assert await choice_for_text(session, "o-1", "2") == "en"
        assert await choice_for_text(session, "o-1", "english") == "en"
        assert await choice_for_text(session, "o-1", "3") is None
        assert await choice_for_text(session, "o-2", "2") is None  # another person's
        await shown_choices(session, "o-1", None)  # a reply without choices came after
        assert await choice_for_text(session, "o-1", "2") is None


async def test_forgetting_leaves_nothing_keyed_by_the_openid(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await note_inbound(session, "o-1", NOW)
        await note_inbound(session, "o-2", NOW)
        await keep_buttons(session, "o-1", [("a", "a")], NOW)
        await keep_buttons(session, "o-2", [("b", "b")], NOW - timedelta(days=40))
        await forget_chat(session, ["o-1"])
        assert await forget_buttons(session, NOW - timedelta(days=30)) == 1
        assert (await session.scalars(select(WeChatChoices))).all() == []
        assert [c.openid for c in (await session.scalars(select(WeChatContact))).all()] == ["o-2"]
