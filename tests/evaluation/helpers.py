"""What the evaluation's flow and console tests share: the clock, opening a round as the timer or the
console would, the invitations in the outbox, a booking in the period."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.app import Linli
from handlers.core.messages import Reply
from handlers.core.scope import Acting
from handlers.evaluation.jobs import open_and_invite
from models.booking.store import Booking, BookingStatus, Room
from models.evaluation.store import EvaluationRound
from models.outbox import OutboxMessage
from models.places import place_by_code
from tests.harness import ChatDriver, demo_person

NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, in 2026 Q4
Q4 = date(2026, 10, 1)


def driver(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, channel="terminal")


async def open_now(app: Linli, community: str = "yuntang") -> tuple[int, int]:
    """Open the Q4 round of a demo community at NOW; returns the round's id and how many were invited."""
    async with app.sessionmaker() as session, session.begin():
        place = await place_by_code(session, community)
        assert place is not None
        evaluation, invited = await open_and_invite(Acting(app.services, session, NOW), place, Q4)
        return evaluation.id, invited


async def invitations(app: Linli, handle: str, kind: str = "evaluation-invite") -> list[Reply]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == handle, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id)
        )
        return [Reply.from_payload(row.payload) for row in rows]


async def book_in_q4(app: Linli, handle: str, times: int = 2) -> str:
    """Kept bookings of a room by the person in Q4; returns the room's Chinese name."""
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session, session.begin():
        room = await session.scalar(select(Room).order_by(Room.id).limit(1))
        assert room is not None
        for n in range(times):
            start = datetime(2026, 11, 2 + n, 2, 0, tzinfo=UTC)
            session.add(
                Booking(
                    room_id=room.id,
                    person_id=person.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    status=BookingStatus.confirmed,
                    purpose="合唱排练",
                    attendees=8,
                )
            )
        return room.name_zh


async def the_round(app: Linli, round_id: int) -> EvaluationRound:
    async with app.sessionmaker() as session:
        found = await session.get(EvaluationRound, round_id)
        assert found is not None
        return found


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height
