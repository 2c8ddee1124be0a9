"""Shared steps of the grid tests: a resident reporting, a case's row and history, messages queued to someone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.app import Linli
from handlers.core.messages import Incoming, Location, Photo, Reply
from models.grid.store import GridCase, GridCaseEvent, GridCategory
from models.outbox import OutboxMessage
from tests.harness import ChatDriver, demo_person

# Monday 1 March 2027, 10:00 in Shanghai: outside the quiet hours.
NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"fake-photo-of-a-shed" * 10


def driver(app: Linli, handle: str) -> ChatDriver:
    """A demo person on their terminal account."""
    return ChatDriver(app, user_id=handle, name=handle, channel="terminal")


async def send_photo(chat: ChatDriver, content: bytes = PNG_BYTES) -> list[Reply]:
    return await chat._handle(Incoming(chat.channel, chat.chat_id, chat.sender, photo=Photo(content, "image/png")))


async def send_location(chat: ChatDriver, latitude: float, longitude: float) -> list[Reply]:
    return await chat._handle(Incoming(chat.channel, chat.chat_id, chat.sender, location=Location(latitude, longitude)))


async def report(
    chat: ChatDriver,
    category: str,
    description: str = "楼顶有人在搭铁皮棚",
    *,
    photos: int = 0,
    where: str = "mine",
    pin: tuple[float, float] | None = None,
    building: str | None = None,
    submit: str = "匿名提交",
) -> None:
    """/report from start to the submit button; the caller checks what came back."""
    await chat.send("/report")
    await chat.press(category)
    await chat.send(description)
    for index in range(photos):
        await send_photo(chat, PNG_BYTES + bytes([index]))
    if photos < 3:
        await chat.press("照片发完了" if photos else "不发照片")
    if pin is not None:
        await send_location(chat, *pin)
    elif where == "mine":
        await chat.press("我住的")
    else:
        await chat.press("其他楼栋")
        assert building is not None
        await chat.press(building)
    if "是其中一个吗" in chat.text:
        await chat.press("不是,这是新问题")
    await chat.press(submit)


async def latest_case(app: Linli) -> GridCase:
    async with app.sessionmaker() as session:
        case = await session.scalar(select(GridCase).order_by(GridCase.id.desc()).limit(1))
        assert case is not None
        return case


async def get_case(app: Linli, case_id: int) -> GridCase:
    async with app.sessionmaker() as session:
        case = await session.get(GridCase, case_id)
        assert case is not None
        return case


async def events(app: Linli, case_id: int) -> list[tuple[str, str | None, str | None]]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(GridCaseEvent).where(GridCaseEvent.case_id == case_id).order_by(GridCaseEvent.id)
        )
        return [(event.kind.value, event.text, event.detail) for event in rows]


async def category_id(app: Linli, name_zh: str) -> int:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(GridCategory.id).where(GridCategory.name_zh == name_zh))
        assert found is not None
        return found


async def queued(app: Linli, handle: str, kind: str | None = None) -> list[OutboxMessage]:
    """Outbox messages to a demo person, oldest first."""
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        query = select(OutboxMessage).where(OutboxMessage.person_id == person.id).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list((await session.scalars(query)).all())


def texts(messages: list[OutboxMessage]) -> list[str]:
    return [str(message.payload["text"]) for message in messages]


def reply_of(message: OutboxMessage) -> Reply:
    payload: dict[str, Any] = message.payload
    return Reply.from_payload(payload)
