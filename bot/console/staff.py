"""Who a signed-in person is as staff: their role grants and the places those cover.

Every console query is scoped with this: a place is visible when it lies beneath one of the person's grants
(``Place.path`` starts with the grant's path), the same rule as ``models.people.has_role`` in chat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from models.booking.store import Room
from models.hotline.catalogue import HotlineProviderStaff
from models.people import Person, Role, grants_of
from models.places import Place

ADMIN_ROLES = frozenset({Role.street_admin, Role.district_admin})


@dataclass
class Staff:
    person: Person
    grants: list[tuple[Role, Place]] = field(default_factory=list)
    provider_ids: list[int] = field(default_factory=list)  # 12343 providers the person works for
    manages_rooms: bool = False

    @property
    def language(self) -> str:
        return self.person.language

    def places(self, roles: Iterable[Role] | None = None) -> list[Place]:
        """The places granted with any of ``roles`` (all grants when None), outermost first, no repeats."""
        wanted = None if roles is None else set(roles)
        chosen: dict[int, Place] = {}
        for role, place in self.grants:
            if wanted is None or role in wanted:
                chosen[place.id] = place
        # Drop places inside another chosen place: the outer one covers them.
        outer = [p for p in chosen.values() if not any(q.id != p.id and q.contains(p) for q in chosen.values())]
        return sorted(outer, key=lambda place: (len(place.ancestor_ids), place.id))

    def covers(self, place: Place | None, roles: Iterable[Role] | None = None) -> bool:
        """``place`` is one of the granted places or lies beneath one."""
        if place is None:
            return False
        return any(granted.contains(place) for granted in self.places(roles))

    def has(self, roles: Iterable[Role]) -> bool:
        wanted = set(roles)
        return any(role in wanted for role, _place in self.grants)

    @property
    def is_admin(self) -> bool:
        """A street or district admin: sees the audit log of their places."""
        return self.has(ADMIN_ROLES)

    def place_filter(
        self, path_column: ColumnElement[str] | QueryableAttribute[str], roles: Iterable[Role] | None = None
    ) -> ColumnElement[bool]:
        """A WHERE clause: ``path_column`` (a ``Place.path``) lies beneath one of the granted places."""
        places = self.places(roles)
        if not places:
            return false()
        return or_(*(path_column.startswith(place.path) for place in places))


async def load_staff(session: AsyncSession, person: Person) -> Staff | None:
    """The person as staff, or None if they hold nothing that the console serves (residents and
    volunteers without a role use the chat)."""
    grants = [(grant.role, place) for grant, place in await grants_of(session, person.id)]
    grants = [(role, place) for role, place in grants if role is not Role.volunteer]
    works_for = select(HotlineProviderStaff.provider_id).where(HotlineProviderStaff.person_id == person.id)
    provider_ids = list(await session.scalars(works_for))
    manages_rooms = await session.scalar(select(Room.id).where(Room.manager_id == person.id).limit(1)) is not None
    if not grants and not provider_ids and not manages_rooms:
        return None
    return Staff(person, grants, provider_ids, manages_rooms)
