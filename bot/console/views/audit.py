"""The audit log for admins: staff actions in their places, and the sign-ins of the people who work there.

An entry belongs to an admin's view when its place lies beneath one of their admin grants, or, for entries
that concern no place (sign-ins, sign-outs), when its person holds a role in one of those places. Entries
from the operator's terminal (no person, no place) stay with the operator's logs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased

from bot.console.page import BadForm, Page, Routes, Section, render
from bot.console.staff import ADMIN_ROLES, Staff
from models.people import Person, RoleGrant
from models.places import Place
from models.web import AuditEntry

PATH = "/console/audit"
PER_PAGE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Filters:
    action: str = ""  # an action or its start: "grid" finds grid.accept, grid.resolve…
    person_id: int | None = None
    since: date | None = None  # local dates, both included
    until: date | None = None
    page: int = 1

    def query(self, **change: Any) -> str:
        values = {
            "action": self.action,
            "person": self.person_id or "",
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
            "page": self.page,
        }
        values.update(change)
        return urlencode({key: value for key, value in values.items() if value not in ("", None, 1)})


def _number(raw: str, *, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError as error:
        raise BadForm("console-error-not-a-number") from error
    if not low <= value <= high:
        raise BadForm("console-error-not-a-number")
    return value


def _date(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise BadForm("console-audit-bad-date", value=raw[:20]) from error


def read_filters(page: Page) -> Filters:
    query = page.query
    action = query.get("action", "").strip()
    if len(action) > 60:
        raise BadForm("console-error-field-too-long", limit=60)
    person = query.get("person", "").strip()
    filters = Filters(
        action=action,
        person_id=_number(person, low=1, high=2**31 - 1) if person else None,
        since=_date(query.get("from", "").strip()),
        until=_date(query.get("to", "").strip()),
        page=_number(query.get("page", "1").strip() or "1", low=1, high=MAX_PAGE),
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise BadForm("console-audit-dates-reversed")
    return filters


def scoped(staff: Staff) -> Select[*tuple[Any, ...]]:
    """Every entry this admin may read, with its person and place (either may be missing)."""
    place = aliased(Place)
    granted = aliased(Place)
    works_here = (
        select(RoleGrant.person_id)
        .join(granted, granted.id == RoleGrant.place_id)
        .where(staff.place_filter(granted.path, ADMIN_ROLES))
    )
    return (
        select(AuditEntry, Person, place)
        .outerjoin(place, place.id == AuditEntry.place_id)
        .outerjoin(Person, Person.id == AuditEntry.person_id)
        .where(
            or_(
                and_(AuditEntry.place_id.is_not(None), staff.place_filter(place.path, ADMIN_ROLES)),
                and_(AuditEntry.place_id.is_(None), AuditEntry.person_id.in_(works_here)),
            )
        )
    )


def local_start(day: date, page: Page) -> datetime:
    return datetime.combine(day, time(), tzinfo=page.services.settings.tz)


def filtered(page: Page, filters: Filters) -> Select[*tuple[Any, ...]]:
    query = scoped(page.staff)
    if filters.action:
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    if filters.person_id is not None:
        query = query.where(AuditEntry.person_id == filters.person_id)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= local_start(filters.since, page))
    if filters.until is not None:
        query = query.where(AuditEntry.at < local_start(filters.until + timedelta(days=1), page))
    return query


def detail_text(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)[:300] if detail else ""


async def audit_log(page: Page) -> web.StreamResponse:
    filters = read_filters(page)
    rows = (
        await page.session.execute(
            filtered(page, filters)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset((filters.page - 1) * PER_PAGE)
            .limit(PER_PAGE + 1)
        )
    ).all()
    has_next = len(rows) > PER_PAGE
    entries = [
        {
            "at": page.when(entry.at),
            "person": person.display_name if person is not None else "",
            "action": entry.action,
            "object": f"{entry.object_type} #{entry.object_id}" if entry.object_type else "",
            "place": place.name(page.language) if place is not None else "",
            "detail": detail_text(entry.detail),
        }
        for entry, person, place in rows[:PER_PAGE]
    ]
    # The filter's choices: the people and actions that appear in this admin's log at all.
    scope = scoped(page.staff).subquery()
    people = (
        await page.session.execute(
            select(Person.id, Person.display_name)
            .where(Person.id.in_(select(scope.c.person_id)))
            .order_by(Person.display_name, Person.id)
        )
    ).all()
    actions = sorted(set((await page.session.scalars(select(scope.c.action).distinct())).all()))
    return render(
        page,
        "audit/log.html",
        entries=entries,
        filters=filters,
        people=people,
        actions=actions,
        previous_url=f"{PATH}?{filters.query(page=filters.page - 1)}" if filters.page > 1 else "",
        next_url=f"{PATH}?{filters.query(page=filters.page + 1)}" if has_next else "",
    )


def routes(r: Routes) -> None:
    r.get(PATH, audit_log)


SECTION = Section("audit", "console-nav-audit", PATH, 90, lambda staff: staff.is_admin, routes)
