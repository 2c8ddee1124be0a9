"""The demo's grid: categories with deadlines and routing, building coordinates, handlers, open cases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from models.base import utcnow
from models.grid.store import (
    NewCase,
    accept_case,
    add_category,
    building_location,
    follow_case,
    set_building_location,
    submit_case,
)
from models.people import Role
from models.places import place_by_code
from models.seed import add_demo_person, demo_person


async def load_grid_demo(session: AsyncSession) -> None:
    """Categories with their deadlines and routing, building coordinates, handlers, a few open cases."""
    data: dict[str, Any] = load_feature_demo("grid")
    for item in data.get("people", []):
        await add_demo_person(session, item)
    by_code = {}
    for item in data["categories"]:
        by_code[item["code"]] = await add_category(
            session,
            item["code"],
            item["name_zh"],
            item["name_en"],
            item["accept_hours"],
            item["resolve_days"],
            Role(item.get("role", "grid_worker")),
            urgent=item.get("urgent", False),
        )
    for code, (latitude, longitude) in data["buildings"].items():
        building = await place_by_code(session, code)
        assert building is not None, code
        await set_building_location(session, building, latitude, longitude)
    now = utcnow()
    for item in data.get("cases", []):
        building = await place_by_code(session, item["building"])
        assert building is not None
        spot = await building_location(session, building.id)
        created = now - timedelta(hours=item.get("hours_ago", 1))
        new = NewCase(
            category=by_code[item["category"]],
            description=item["description"],
            building=building,
            latitude=spot.latitude if spot else None,
            longitude=spot.longitude if spot else None,
            pinned=False,
            share_contact=item.get("share_contact", False),
        )
        case = await submit_case(session, await demo_person(session, item["reporter"]), new, created)
        if item.get("accepted_by"):
            await accept_case(
                session, case, await demo_person(session, item["accepted_by"]), created + timedelta(hours=1)
            )
        for handle in item.get("followers", []):
            await follow_case(session, case, await demo_person(session, handle), created + timedelta(hours=2))
