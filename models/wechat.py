"""What the WeChat Official Account channel must remember across processes and restarts.

- ``wechat_inbound``: the messages and events already taken. WeChat waits five seconds for an answer and
  then sends the same message again, up to three times; whichever process gets a copy asks here first, so a
  message is handled once. The passive reply given to the first copy is kept, so a copy sent because our
  answer was lost gets the same answer.
- ``wechat_tokens``: the ``access_token`` (valid two hours; fetching a new one invalidates the old one after
  a few minutes), fetched by one process and used by all.
- ``wechat_contacts``: when each follower last wrote to us: customer-service messages reach only those who
  did within 48 hours (the "48-hour rule"); outside it, pushes go as template messages or wait.
- ``wechat_choices``: a reply's choices. WeChat has no inline keyboard; a choice is a
  ``weixin://bizmsgmenu`` link whose id comes back when it is tapped, and the id names a row here and a
  place in it (of that chat only, so an id cannot be replayed from another chat).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, Index, String, Table, Text, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert_insert
from models.outbox import OutboxMessage, OutboxStatus

CHANNEL = "wechat"
# What a pending outbox row says while it waits for its person to write again (no template for its kind).
WAITING_FOR_WINDOW = "waiting: 48-hour window"
WINDOW = timedelta(hours=48)


class WeChatInbound(Base):
    __tablename__ = "wechat_inbound"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)  # "m:<MsgId>" or "e:<openid>:<time>:<event>"
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    answer: Mapped[str | None] = mapped_column(Text)  # the passive reply's XML (before encryption)


class WeChatToken(Base):
    __tablename__ = "wechat_tokens"

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(1024))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WeChatContact(Base):
    __tablename__ = "wechat_contacts"

    openid: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_inbound_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The first choice of the last reply sent here (None: it had none): what a typed "2" or label refers to.
    choices_from: Mapped[int | None] = mapped_column()


class WeChatChoices(Base):
    """The choices of one reply, in order: ``[[label, data], ...]``. One row per reply, not per choice (a
    menu has a dozen, and every message's writes queue behind each other's on SQLite)."""

    __tablename__ = "wechat_choices"
    __table_args__ = (Index("ix_wechat_choices_chat", "chat_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    choices: Mapped[list[list[str]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# A choice's id (the link's ``msgmenuid``) is its reply's row id times this, plus its place (1-based).
PLACES = 1000


# --- retries taken once ------------------------------------------------------------------------------


async def take_inbound(session: AsyncSession, key: str, now: datetime) -> bool:
    """True for the first copy of a message (it is ours to handle), False for WeChat's retries."""
    statement = upsert_insert(session, WeChatInbound).values(key=key, received_at=now).on_conflict_do_nothing()
    result = await session.execute(statement)
    return bool(cast(Any, result).rowcount)


async def keep_answer(session: AsyncSession, key: str, answer: str) -> None:
    await session.execute(update(WeChatInbound).where(WeChatInbound.key == key).values(answer=answer))


async def answer_of(session: AsyncSession, key: str) -> str | None:
    return cast(str | None, await session.scalar(select(WeChatInbound.answer).where(WeChatInbound.key == key)))


async def forget_inbound(session: AsyncSession, before: datetime) -> int:
    """Receipts older than any retry (WeChat retries within 15 seconds; a day is plenty)."""
    result = await session.execute(delete(WeChatInbound).where(WeChatInbound.received_at < before))
    return int(cast(Any, result).rowcount or 0)


# --- the shared access token -------------------------------------------------------------------------


async def stored_token(session: AsyncSession, app_id: str, *, lock: bool = False) -> WeChatToken | None:
    """The stored token row; ``lock`` holds it (PostgreSQL) so one process refreshes while others wait."""
    query = select(WeChatToken).where(WeChatToken.app_id == app_id)
    if lock and session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    return cast(WeChatToken | None, await session.scalar(query))


async def store_token(session: AsyncSession, app_id: str, token: str, expires_at: datetime) -> None:
    statement = upsert_insert(session, WeChatToken).values(app_id=app_id, token=token, expires_at=expires_at)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["app_id"], set_={"token": token, "expires_at": expires_at})
    )


async def expire_token(session: AsyncSession, app_id: str, token: str) -> None:
    """WeChat said this token is no longer valid (40001/42001): the next call fetches a new one, unless
    another process has stored a newer one meanwhile."""
    await session.execute(delete(WeChatToken).where(WeChatToken.app_id == app_id, WeChatToken.token == token))


# --- the 48-hour window ------------------------------------------------------------------------------


async def note_inbound(session: AsyncSession, openid: str, now: datetime) -> None:
    """The follower wrote (or followed, scanned, tapped the menu): their 48 hours start again, and
    whatever waited for them is due now."""
    statement = upsert_insert(session, WeChatContact).values(openid=openid, last_inbound_at=now)
    await session.execute(statement.on_conflict_do_update(index_elements=["openid"], set_={"last_inbound_at": now}))
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == CHANNEL,
            OutboxMessage.chat_id == openid,
            OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.last_error == WAITING_FOR_WINDOW,
        )
        .values(not_before=now)
    )


async def window_open(session: AsyncSession, openid: str, now: datetime) -> bool:
    last = await session.scalar(select(WeChatContact.last_inbound_at).where(WeChatContact.openid == openid))
    return last is not None and now - last < WINDOW


async def expire_waiting(session: AsyncSession, now: datetime, longest: timedelta) -> int:
    """Pushes that waited ``longest`` for their person to write give up: failed, saying why."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == CHANNEL,
            OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.last_error == WAITING_FOR_WINDOW,
            OutboxMessage.created_at < now - longest,
        )
        .values(status=OutboxStatus.failed, leased_until=None, last_error="48-hour window: not reached")
    )
    return int(cast(Any, result).rowcount or 0)


# --- choices -----------------------------------------------------------------------------------------


async def keep_buttons(
    session: AsyncSession, chat_id: str, choices: Sequence[tuple[str, str]], now: datetime
) -> list[int]:
    """Keep a reply's choices (label, data), in order; returns their ids (each link's ``msgmenuid``)."""
    if len(choices) >= PLACES:
        raise ValueError(f"a reply has at most {PLACES - 1} choices")
    kept = [[label[:200], data] for label, data in choices]
    table = cast(Table, WeChatChoices.__table__)
    row_id = await session.scalar(
        insert(table).values(chat_id=chat_id, choices=kept, created_at=now).returning(table.c.id)
    )
    assert row_id is not None
    return [row_id * PLACES + place for place in range(1, len(kept) + 1)]


async def shown_choices(session: AsyncSession, chat_id: str, first_id: int | None) -> None:
    """The last reply sent to the chat had these choices (``first_id``), or none: typed text refers to it."""
    await session.execute(update(WeChatContact).where(WeChatContact.openid == chat_id).values(choices_from=first_id))


async def _choices(session: AsyncSession, chat_id: str, row_id: int) -> list[list[str]]:
    found = await session.scalar(
        select(WeChatChoices.choices).where(WeChatChoices.id == row_id, WeChatChoices.chat_id == chat_id)
    )
    return list(found or [])


async def button_by_id(session: AsyncSession, chat_id: str, button_id: int) -> str | None:
    """A tapped link's data: only if the id was given to this chat."""
    row_id, place = divmod(button_id, PLACES)
    choices = await _choices(session, chat_id, row_id)
    return choices[place - 1][1] if 1 <= place <= len(choices) else None


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


async def choice_for_text(session: AsyncSession, chat_id: str, text: str) -> str | None:
    """What typed text presses among the last reply's choices: the choice of that label ("取消", "10"),
    else, when no label is itself a number, the choice at that place ("2", "２"); None: it is text."""
    # One statement on every typed message: the last reply's choices through the contact's pointer to them.
    choices = list(
        await session.scalar(
            select(WeChatChoices.choices)
            .join(WeChatContact, WeChatContact.openid == WeChatChoices.chat_id)
            .where(WeChatContact.openid == chat_id, WeChatChoices.id == WeChatContact.choices_from // PLACES)
        )
        or []
    )
    typed = _plain(text)
    for label, data in choices:
        if _plain(label) == typed:
            return data
    if typed.isdecimal() and len(typed) <= 2 and not any(_plain(label).isdecimal() for label, _ in choices):
        place = int(typed)
        if 1 <= place <= len(choices):
            return choices[place - 1][1]
    return None


async def forget_buttons(session: AsyncSession, before: datetime) -> int:
    """Choices older than any conversation that could still take them."""
    result = await session.execute(delete(WeChatChoices).where(WeChatChoices.created_at < before))
    return int(cast(Any, result).rowcount or 0)


async def forget_chat(session: AsyncSession, chat_ids: Sequence[str]) -> None:
    """A person asked to be forgotten: nothing keyed by their WeChat id stays."""
    if not chat_ids:
        return
    await session.execute(delete(WeChatChoices).where(WeChatChoices.chat_id.in_(chat_ids)))
    await session.execute(delete(WeChatContact).where(WeChatContact.openid.in_(chat_ids)))
