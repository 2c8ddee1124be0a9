"""The demo's volunteers: skills and areas, wang's pairing, a couple of open tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from models.places import Place, place_by_code
from models.seed import add_demo_person, demo_person
from models.volunteers.store import (
    DAYS,
    SLOTS,
    create_pairing,
    create_task,
    profile_of,
    review_profile,
    submit_profile,
)

DEMO_TIMEZONE = "Asia/Shanghai"  # the demo community's; the loader has no settings


async def load_demo(session: AsyncSession) -> None:
    """Demo volunteers with skills and areas, wang's pairing, and a couple of open tasks."""
    data = load_feature_demo("volunteers")
    for item in data.get("people", []):
        await add_demo_person(session, item)

    now = datetime.now(UTC)
    for item in data.get("volunteers", []):
        person = await demo_person(session, item["handle"])
        community = await session.get(Place, person.community_id)
        assert community is not None
        areas = []
        for code in item.get("areas", []):
            area = await place_by_code(session, code)
            assert area is not None, code
            areas.append(area.id)
        profile = await submit_profile(
            session,
            person,
            skills=item["skills"],
            areas=areas,
            days=item.get("days", list(DAYS)),
            slots=item.get("slots", list(SLOTS)),
            share_phone=item.get("share_phone", False),
            in_ranking=item.get("in_ranking", False),
        )
        if item.get("status", "active") == "active":
            reviewer = await demo_person(session, item.get("approved_by", "zhou"))
            await review_profile(session, profile, reviewer, approve=True, now=now)
    tz = ZoneInfo(DEMO_TIMEZONE)
    local_today = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
    for item in data.get("pairings", []):
        resident = await demo_person(session, item["resident"])
        community = await session.get(Place, resident.community_id)
        assert community is not None
        profiles = [
            p for h in item["volunteers"] if (p := await profile_of(session, (await demo_person(session, h)).id))
        ]
        first = local_today + timedelta(days=item.get("first_in_days", 2), hours=item.get("hour", 9))
        await create_pairing(
            session,
            community,
            resident,
            profiles,
            every_days=item.get("every_days", 7),
            first_visit_at=first.astimezone(UTC),
            now=now,
            lead=timedelta(hours=48),
            created_by=await demo_person(session, item.get("created_by", "zhou")),
        )
    for item in data.get("tasks", []):
        community = await place_by_code(session, item["community"])
        assert community is not None
        place = await place_by_code(session, item["place"]) if item.get("place") else None
        start = local_today + timedelta(days=item.get("in_days", 1), hours=item.get("hour", 9))
        await create_task(
            session,
            community,
            title=item["title"],
            skill=item["skill"],
            starts_at=start.astimezone(UTC),
            ends_at=(start + timedelta(hours=item.get("length_hours", 2))).astimezone(UTC),
            places_needed=item.get("places", 1),
            estimated_minutes=round(item.get("hours", 1) * 60),
            now=now,
            place=place,
            created_by=await demo_person(session, item.get("created_by", "zhou")),
        )
