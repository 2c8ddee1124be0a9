"""Places: district -> street -> community -> grid -> building, in one adjacency table.

``path`` is the materialized chain of ids ("/1/4/9/"), so "everything under this street" is one
indexed prefix query and "is this place inside that one" needs no recursion.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

from sqlalchemy import Enum, ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class PlaceKind(enum.StrEnum):
    district = "district"
    street = "street"
    community = "community"
    grid = "grid"
    building = "building"


# Which kind may sit under which: the hierarchy of the seeds, enforced when places are added.
CHILD_KIND = {
    PlaceKind.district: PlaceKind.street,
    PlaceKind.street: PlaceKind.community,
    PlaceKind.community: PlaceKind.grid,
    PlaceKind.grid: PlaceKind.building,
}


class Place(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PlaceKind] = mapped_column(Enum(PlaceKind, native_enum=False, length=16))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    path: Mapped[str] = mapped_column(String(255), index=True, default="")
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh

    def contains(self, other: Place) -> bool:
        """True when ``other`` is this place or lies beneath it."""
        return other.path.startswith(self.path)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this place, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


# Siblings in their given order, families in the order their parents were made (ids grow in seed order).
_TREE_ORDER = (Place.parent_id, Place.sort_order, Place.id)


async def add_place(
    session: AsyncSession,
    kind: PlaceKind,
    code: str,
    name_zh: str,
    name_en: str,
    parent: Place | None = None,
    sort_order: int = 0,
) -> Place:
    if parent is None and kind is not PlaceKind.district:
        raise ValueError(f"a {kind} needs a parent place")
    if parent is not None and CHILD_KIND.get(parent.kind) is not kind:
        raise ValueError(f"a {kind} cannot sit under a {parent.kind}")
    place = Place(
        kind=kind,
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        parent_id=parent.id if parent else None,
        sort_order=sort_order,
    )
    session.add(place)
    await session.flush()  # the id is part of the path
    place.path = f"{parent.path if parent else '/'}{place.id}/"
    await session.flush()
    return place


async def place_by_code(session: AsyncSession, code: str) -> Place | None:
    return await session.scalar(select(Place).where(Place.code == code))


async def children(session: AsyncSession, parent_id: int) -> Sequence[Place]:
    result = await session.scalars(
        select(Place).where(Place.parent_id == parent_id).order_by(Place.sort_order, Place.id)
    )
    return result.all()


async def places_of_kind(session: AsyncSession, kind: PlaceKind) -> Sequence[Place]:
    result = await session.scalars(select(Place).where(Place.kind == kind).order_by(*_TREE_ORDER))
    return result.all()


async def buildings_of_community(session: AsyncSession, community: Place) -> Sequence[Place]:
    result = await session.scalars(
        select(Place)
        .where(Place.kind == PlaceKind.building, Place.path.startswith(community.path))
        .order_by(*_TREE_ORDER)
    )
    return result.all()


async def community_of(session: AsyncSession, place: Place) -> Place | None:
    """The community a place lies in (itself, if it is one)."""
    if place.kind is PlaceKind.community:
        return place
    return await session.scalar(
        select(Place).where(Place.kind == PlaceKind.community, Place.id.in_(place.ancestor_ids))
    )


async def tree_sorted(session: AsyncSession, places: Iterable[Place]) -> list[Place]:
    """Places as people expect to read them: parents before children, each level in its configured
    order (第一网格, 第二网格 …), not by id or by the id path's text ("/1/10/" sorts before "/1/9/")."""
    listed = list(places)
    known = {place.id: place for place in listed}
    missing = {i for place in listed for i in place.ancestor_ids} - known.keys()
    if missing:
        known.update({place.id: place for place in await session.scalars(select(Place).where(Place.id.in_(missing)))})

    def key(place: Place) -> tuple[tuple[int, int], ...]:
        return tuple((known[i].sort_order, i) if i in known else (0, i) for i in place.ancestor_ids)

    return sorted(listed, key=key)
