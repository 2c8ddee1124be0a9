"""How grid management goes, for a place (community, street, district): the figures /stats and the CLI show.

Computed in Python over the place's cases: a community has hundreds of cases a year, not millions, and
the medians need every duration anyway.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.grid.store import GridCase, GridCategory
from models.people import COMMUNITY_MANAGERS, RoleGrant
from models.places import Place


@dataclass(frozen=True)
class CountRow:
    code: str
    name_zh: str
    name_en: str
    count: int

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


@dataclass
class GridStats:
    place_code: str
    total: int = 0
    by_category: list[CountRow] = field(default_factory=list)
    by_grid: list[CountRow] = field(default_factory=list)
    median_accept_hours: float | None = None
    median_resolve_hours: float | None = None
    on_time_share: float | None = None  # of the resolved cases, resolved by their deadline
    reopen_rate: float | None = None  # of the resolved cases, reopened at least once
    satisfaction: float | None = None  # of the confirmations, "satisfied"

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(section, key, name_zh, name_en, value): the CSV, one figure a line."""
        out = [("total", self.place_code, "", "", str(self.total))]
        out += [("category", r.code, r.name_zh, r.name_en, str(r.count)) for r in self.by_category]
        out += [("grid", r.code, r.name_zh, r.name_en, str(r.count)) for r in self.by_grid]
        for key, value in (
            ("median_accept_hours", self.median_accept_hours),
            ("median_resolve_hours", self.median_resolve_hours),
            ("on_time_share", self.on_time_share),
            ("reopen_rate", self.reopen_rate),
            ("satisfaction", self.satisfaction),
        ):
            out.append(("metric", key, "", "", "" if value is None else f"{value:.3f}"))
        return out


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _median_hours(spans: list[float]) -> float | None:
    return statistics.median(spans) / 3600 if spans else None


async def grid_stats(session: AsyncSession, place: Place, since: datetime | None = None) -> GridStats:
    grid = aliased(Place)
    query = select(GridCase, grid).join(grid, grid.id == GridCase.grid_id).where(grid.path.startswith(place.path))
    if since is not None:
        query = query.where(GridCase.created_at >= since)
    rows = (await session.execute(query.order_by(GridCase.id))).all()
    names = {c.id: c for c in (await session.scalars(select(GridCategory))).all()}
    stats = GridStats(place.code, total=len(rows))
    by_category: dict[int, int] = {}
    by_grid: dict[int, tuple[Place, int]] = {}
    accept_spans, resolve_spans = [], []
    resolved = on_time = reopened = rated = satisfied = 0
    for case, case_grid in rows:
        by_category[case.category_id] = by_category.get(case.category_id, 0) + 1
        by_grid[case_grid.id] = (case_grid, by_grid.get(case_grid.id, (case_grid, 0))[1] + 1)
        if case.first_accepted_at is not None:
            accept_spans.append((case.first_accepted_at - case.created_at).total_seconds())
        if case.first_resolved_at is not None:
            resolve_spans.append((case.first_resolved_at - case.created_at).total_seconds())
            resolved += 1
            on_time += bool(case.resolved_on_time)
            reopened += case.reopen_count > 0
        if case.satisfied is not None:
            rated += 1
            satisfied += case.satisfied
    for category in sorted(names.values(), key=lambda c: (c.sort_order, c.id)):
        if category.id in by_category:
            stats.by_category.append(
                CountRow(category.code, category.name_zh, category.name_en, by_category[category.id])
            )
    for case_grid, count in sorted(by_grid.values(), key=lambda pair: (pair[0].sort_order, pair[0].id)):
        stats.by_grid.append(CountRow(case_grid.code, case_grid.name_zh, case_grid.name_en, count))
    stats.median_accept_hours = _median_hours(accept_spans)
    stats.median_resolve_hours = _median_hours(resolve_spans)
    stats.on_time_share = _share(on_time, resolved)
    stats.reopen_rate = _share(reopened, resolved)
    stats.satisfaction = _share(satisfied, rated)
    return stats


async def stats_scope(session: AsyncSession, person_id: int) -> Place | None:
    """The widest place a person manages (community staff and above), or None: /stats is theirs only."""
    places = (
        await session.scalars(
            select(Place)
            .join(RoleGrant, RoleGrant.place_id == Place.id)
            .where(RoleGrant.person_id == person_id, RoleGrant.role.in_([r.value for r in COMMUNITY_MANAGERS]))
        )
    ).all()
    return min(places, key=lambda p: (len(p.ancestor_ids), p.id)) if places else None
