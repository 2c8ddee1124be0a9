"""Shared helpers for the hearings tests: the demo's hearings, what people were sent, acting as staff."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import select

from bot.app import Linli
from handlers.core.messages import Reply
from handlers.core.scope import Acting
from models.hearings.store import Hearing
from models.outbox import OutboxMessage
from tests.harness import ChatDriver, demo_person

YUNTANG_SUBJECT = "3栋外墙维修资金使用听证会"
XIANGYUAN_SUBJECT = "2026年第3号低保申请听证会"
# The staff-only applicant details of the 湘园 demo hearing (config/demo/hearings.toml), piece by piece.
APPLICANT_PIECES = ("赵桂兰", "13800000099", "青山小区5栋")


def person_driver(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, channel="terminal", language_code=None)


async def hearing_titled(app: Linli, subject: str) -> Hearing:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Hearing).where(Hearing.subject == subject))
        assert found is not None, subject
        return found


async def sent_to(app: Linli, handle: str, kind: str | None = None) -> list[Reply]:
    """What the outbox holds for a demo person (oldest first), optionally of one kind."""
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        query = select(OutboxMessage).where(OutboxMessage.person_id == person.id).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return [Reply.from_payload(row.payload) for row in (await session.scalars(query)).all()]


async def outbox_kinds(app: Linli, kind: str) -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))).all())


@asynccontextmanager
async def acting(app: Linli) -> AsyncIterator[Acting]:
    """A scope at the app's clock, in one transaction (what the console or a CLI does)."""
    async with app.sessionmaker() as session, session.begin():
        yield Acting(app.services, session, app.services.clock())
