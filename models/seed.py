"""Loading a community description (the demo, or a deployment's own file) into the store."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.pact.store import ArticleText, PactPledge, publish_pact
from models.people import ChannelAccount, Person, Role, grant_role
from models.places import Place, PlaceKind, add_place, place_by_code

DEMO_CHANNEL = "terminal"


async def seed_places(session: AsyncSession, data: dict[str, Any]) -> bool:
    """Create the place tree; False (and nothing written) when it is already there."""
    district_data = data["district"]
    if await place_by_code(session, district_data["code"]) is not None:
        return False
    district = await _add(session, PlaceKind.district, district_data, None, 0)
    for s, street_data in enumerate(data.get("streets", [])):
        street = await _add(session, PlaceKind.street, street_data, district, s)
        for c, community_data in enumerate(street_data.get("communities", [])):
            community = await _add(session, PlaceKind.community, community_data, street, c)
            for g, grid_data in enumerate(community_data.get("grids", [])):
                grid = await _add(session, PlaceKind.grid, grid_data, community, g)
                for b, building_data in enumerate(grid_data.get("buildings", [])):
                    await _add(session, PlaceKind.building, building_data, grid, b)
    return True


async def _add(session: AsyncSession, kind: PlaceKind, item: dict[str, Any], parent: Place | None, order: int) -> Place:
    return await add_place(session, kind, item["code"], item["name_zh"], item["name_en"], parent, order)


async def seed_demo(session: AsyncSession, data: dict[str, Any]) -> bool:
    """Places, pacts and the demo people with their terminal accounts. Idempotent."""
    if not await seed_places(session, data):
        return False
    versions = {}
    for code, pact in data.get("pacts", {}).items():
        community = await place_by_code(session, code)
        assert community is not None, f"pact for unknown community {code}"
        articles = [ArticleText(a["zh"], a.get("en", "")) for a in pact["articles"]]
        version, _ = await publish_pact(session, community, pact["title_zh"], pact["title_en"], articles)
        versions[community.id] = version
    for item in data.get("people", []):
        person = await add_demo_person(session, item)
        if item.get("pledged") and person.community_id in versions:
            session.add(PactPledge(person_id=person.id, version_id=versions[person.community_id].id))
    await session.flush()
    return True


async def add_demo_person(session: AsyncSession, item: dict[str, Any]) -> Person:
    """A registered person with a terminal account (``linli chat --as <handle>``) and their roles.

    ``item``: handle, name, community, optional building, unit, phone, language and
    ``roles = [{role, place}]``. Features use it for their own demo people (providers, room managers…).
    """
    community = await place_by_code(session, item["community"])
    building = await place_by_code(session, item["building"]) if item.get("building") else None
    person = Person(
        display_name=item["name"],
        language=item.get("language", "zh"),
        phone=item.get("phone"),
        community_id=community.id if community else None,
        building_id=building.id if building else None,
        unit=item.get("unit"),
        consented_at=utcnow(),
    )
    session.add(person)
    await session.flush()
    session.add(
        ChannelAccount(person_id=person.id, channel=DEMO_CHANNEL, external_id=item["handle"], chat_id=item["handle"])
    )
    for grant in item.get("roles", []):
        place = await place_by_code(session, grant["place"])
        assert place is not None, f"role on unknown place {grant['place']}"
        await grant_role(session, person, Role(grant["role"]), place)
    return person


async def demo_person(session: AsyncSession, handle: str) -> Person:
    """A demo person by their handle in the demo files (their terminal chat account)."""
    person = await session.scalar(
        select(Person)
        .join(ChannelAccount, ChannelAccount.person_id == Person.id)
        .where(ChannelAccount.channel == DEMO_CHANNEL, ChannelAccount.external_id == handle)
    )
    if person is None:
        raise ValueError(f"unknown demo person {handle!r}")
    return person


def demo_handles(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(handle, name, who) for README and `linli chat --list`."""
    return [(p["handle"], p["name"], p.get("note_en", "")) for p in data.get("people", [])]
