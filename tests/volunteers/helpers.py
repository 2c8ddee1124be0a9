"""Shared helpers for the volunteers tests: the store behind a chat, and what people were sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import Linli
from handlers.core.messages import Reply
from models.outbox import OutboxMessage
from models.volunteers.store import VolunteerOffer, VolunteerTask
from tests.harness import demo_person

TZ = ZoneInfo("Asia/Shanghai")


def next_weekday(weekday: int, hour: int, days_ahead: int = 3) -> datetime:
    """A local ``weekday`` (0 = Monday) at ``hour``, at least ``days_ahead`` days from now, as UTC."""
    local = datetime.now(TZ).replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days_ahead)
    while local.weekday() != weekday:
        local += timedelta(days=1)
    return local.astimezone(UTC)


async def sent_to(app: Linli, handle: str, kind: str | None = None, task: int | None = None) -> list[Reply]:
    """What the outbox holds for a demo person (oldest first), optionally of one kind, about one task."""
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        query = select(OutboxMessage).where(OutboxMessage.person_id == person.id).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        replies = [Reply.from_payload(row.payload) for row in (await session.scalars(query)).all()]
    return [r for r in replies if task is None or f"#{task} " in r.text]


def button_data(reply: Reply, label: str) -> str:
    buttons = [b for row in reply.buttons for b in row]
    found = [b.data for b in buttons if label in b.label]
    if len(found) > 1:  # "通过" is in "不通过" too: then the label without its emoji must match
        found = [b.data for b in buttons if b.label.split(" ", 1)[-1] == label]
    assert len(found) == 1, f"{label!r} in {[b.label for row in reply.buttons for b in row]}"
    return found[0]


async def task_row(app: Linli, task_id: int) -> VolunteerTask:
    async with app.sessionmaker() as session:
        task = await session.get(VolunteerTask, task_id)
        assert task is not None
        return task


async def offers(app: Linli, task_id: int) -> dict[str, str]:
    """Volunteer name -> offer status, for one task."""
    from models.volunteers.store import offers_of

    async with app.sessionmaker() as session:
        return {person.display_name: offer.status.value for offer, _p, person in await offers_of(session, task_id)}


async def offer_rows(app: Linli, task_id: int) -> list[VolunteerOffer]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(VolunteerOffer).where(VolunteerOffer.task_id == task_id))).all())
