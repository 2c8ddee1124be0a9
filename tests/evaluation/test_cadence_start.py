"""A running server puts every community on the 群众评 cadence once (bot.server.start_evaluation_cadence)."""

from __future__ import annotations

from sqlalchemy import func, select

import models.timers as timers
from bot.app import Linli
from bot.server import start_evaluation_cadence
from models.evaluation.store import TIMER_OPEN
from models.outbox import OutboxMessage
from models.places import Place, PlaceKind


async def test_every_community_gets_its_next_round_planned_once(app: Linli) -> None:
    await start_evaluation_cadence(app)
    async with app.sessionmaker() as session:
        communities = list(await session.scalars(select(Place).where(Place.kind == PlaceKind.community)))
        planned = [await timers.due_at(session, TIMER_OPEN, community.id) for community in communities]
    assert communities
    assert all(due is not None and due > app.services.clock() for due in planned)
    await start_evaluation_cadence(app)  # a restart changes nothing
    async with app.sessionmaker() as session:
        again = [await timers.due_at(session, TIMER_OPEN, community.id) for community in communities]
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0  # nobody invited yet
    assert again == planned
