"""The demo's community centres (config/demo/booking.toml): centres, rooms, room managers, a weekly class."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import models.booking.store as store
from config.demo import load_feature_demo
from config.settings import Settings
from handlers.booking.text import policy_of
from models.base import utcnow
from models.places import place_by_code
from models.seed import add_demo_person, demo_person

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def load_booking_demo(session: AsyncSession, data: dict[str, Any] | None = None) -> None:
    data = data if data is not None else load_feature_demo("booking")
    for item in data.get("people", []):
        await add_demo_person(session, item)
    rooms: dict[str, store.Room] = {}
    for c, centre_data in enumerate(data.get("centres", [])):
        community = await place_by_code(session, centre_data["community"])
        assert community is not None, centre_data["community"]
        centre = await store.add_centre(session, community, centre_data, c)
        for r, room_data in enumerate(centre_data.get("rooms", [])):
            manager = await demo_person(session, room_data["manager"]) if room_data.get("manager") else None
            rooms[room_data["code"]] = await store.add_room(session, centre, room_data, r, manager)
    # Weekly classes start next week, so the demo always shows them ahead, whatever day it is loaded.
    now = utcnow()
    policy = policy_of(Settings())
    for series in data.get("series", []):
        room = rooms[series["room"]]
        person = await demo_person(session, series["person"])
        today = now.astimezone(policy.tz).date()
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        day = monday + timedelta(days=WEEKDAYS.index(series["weekday"]))
        hour, _, minute = series["start"].partition(":")
        start = store.at_minutes(day, int(hour) * 60 + int(minute), policy.tz)
        await store.book_series(
            session,
            room.id,
            person,
            start,
            int(series["minutes"]),
            int(series["weeks"]),
            series["purpose"],
            int(series["attendees"]),
            now,
            policy,
        )
