"""The demo's running polls (config/demo/polls.toml): a household vote in 云塘 with a few ballots, and 湘园's
model-household nominations. Times are relative to the load, so the demo always has a poll open."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

import models.timers as timers
from config.demo import load_feature_demo
from handlers.polls.jobs import CLOSE_TIMER
from models.base import utcnow
from models.places import place_by_code
from models.polls.store import (
    BallotUnit,
    OptionText,
    PollDraft,
    PollKind,
    cast_ballot,
    create_poll,
    options_of,
    propose_option,
)
from models.seed import demo_person


async def load_demo(session: AsyncSession) -> None:
    now = utcnow()
    for item in load_feature_demo("polls").get("polls", []):
        place = await place_by_code(session, item["place"])
        if place is None:
            continue
        opened = now - timedelta(days=item.get("opened_days_ago", 0))
        nominating = item.get("nominating_days")
        draft = PollDraft(
            place=place,
            kind=PollKind(item["kind"]),
            ballot_unit=BallotUnit(item["ballot"]),
            title_zh=item["title_zh"],
            title_en=item.get("title_en", ""),
            closes_at=now + timedelta(days=item["closes_in_days"]),
            options=[OptionText(option["zh"], option.get("en", "")) for option in item.get("options", [])],
            results_hidden=item.get("results_hidden", True),
            nominating_until=opened + timedelta(days=nominating) if nominating else None,
        )
        poll = await create_poll(session, draft, opened, await demo_person(session, item["author"]))
        # The close only: the opening announcement went out "days ago", and the demo's outbox starts empty.
        await timers.schedule(session, CLOSE_TIMER, poll.id, poll.closes_at)
        options = await options_of(session, poll.id)
        for handle, number in item.get("votes", []):
            voter = await demo_person(session, handle)
            await cast_ballot(
                session, poll.id, voter, opened + timedelta(hours=number), option_ids=[options[number - 1].id]
            )
        for proposal in item.get("proposed", []):
            await propose_option(session, poll.id, await demo_person(session, proposal["by"]), proposal["zh"], now)
