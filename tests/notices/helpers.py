"""Shared steps for the notices tests: composing a notice as a demo staff member, reading the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.app import Linli
from handlers.core.messages import Reply
from models.notices.store import Notice
from models.outbox import OutboxMessage
from models.people import ChannelAccount, Person
from tests.harness import ChatDriver


async def compose(
    staff: ChatDriver,
    *,
    audience: str = "全体居民",
    places: tuple[str, ...] = (),
    text: str = "明天上午停水,请提前储水。",
    english: str | None = "Water is off tomorrow morning.",
    urgency: str = "重要",
    topic: str = "停水停电",
    when: str = "现在发送",
) -> None:
    """Walk /notice up to the preview (not confirming)."""
    await staff.send("/notice")
    await staff.press(audience)
    for place in places:
        await staff.press(place)
    if places:
        await staff.press("选好了")
    await staff.press("所有人")
    await staff.send(text)
    if english is None:
        await staff.press("跳过")
    else:
        await staff.send(english)
    await staff.press("不附图片")
    await staff.press(urgency)
    await staff.press(topic)
    if when.startswith("@"):
        await staff.send(when[1:])
    else:
        await staff.press(when)


async def latest_notice(app: Linli) -> Notice:
    async with app.sessionmaker() as session:
        notice = await session.scalar(select(Notice).order_by(Notice.id.desc()).limit(1))
        assert notice is not None
        return notice


async def rows_of(app: Linli, notice_id: int, kind: str = "notice") -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        result = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.notice_id == notice_id, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id)
        )
        return list(result.all())


async def handles_of(app: Linli, rows: list[OutboxMessage]) -> set[str]:
    return {row.chat_id for row in rows if row.channel == "terminal"}


async def person_ids(app: Linli, predicate: object) -> set[int]:
    """Independent of the audience SQL: filter every person in Python."""
    async with app.sessionmaker() as session:
        people = (await session.scalars(select(Person))).all()
        return {person.id for person in people if predicate(person)}  # type: ignore[operator]


async def handle_of(app: Linli, person_id: int) -> str | None:
    async with app.sessionmaker() as session:
        return await session.scalar(
            select(ChannelAccount.external_id).where(
                ChannelAccount.person_id == person_id, ChannelAccount.channel == "terminal"
            )
        )


def reply(row: OutboxMessage) -> Reply:
    return Reply.from_payload(row.payload)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
