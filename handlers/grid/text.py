"""Texts of grid management in any person's language: a case's lines for lists, views and notifications.

``Speaker`` renders in one person's language (a notification in its recipient's, not the sender's);
handlers, timers and the console share it, so the case looks the same wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import handlers.core.scope as core_scope
from handlers.core.messages import Button
from handlers.grid.buttons import GridView
from models.grid.store import LEVELS, GridCase, GridCategory, case_number, sla_colour
from models.places import Place

__all__ = ["CaseFacts", "Speaker", "case_facts", "case_number", "excerpt", "list_line", "public_line"]

SLA_MARK = {"green": "🟢", "yellow": "🟡", "red": "🔴", "none": "⚪"}
EXCERPT = 60


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Speaker(core_scope.Speaker):
    """The core speaker with grid management's phrases: a case's button, its state, its level."""

    def view_button(self, case_id: int) -> Button:
        return self.button("grid-button-view", GridView(case_id), number=case_number(case_id))

    def state(self, state: str) -> str:
        return self.t("grid-state", state=state)

    def level(self, level: int) -> str:
        return self.t("grid-level", level=LEVELS[level])


@dataclass(frozen=True)
class CaseFacts:
    """What every view of a case needs, loaded once."""

    case: GridCase
    category: GridCategory
    grid: Place
    building: Place | None

    def place(self, language: str) -> str:
        return self.building.name(language) if self.building is not None else self.grid.name(language)


async def case_facts(session: AsyncSession, case: GridCase) -> CaseFacts:
    category = await session.get(GridCategory, case.category_id)
    grid = await session.get(Place, case.grid_id)
    building = await session.get(Place, case.building_id) if case.building_id else None
    assert category is not None
    assert grid is not None
    return CaseFacts(case, category, grid, building)


def list_line(speaker: Speaker, facts: CaseFacts, now: datetime) -> str:
    """One line of /cases: colour, number, category, place, state, the running deadline."""
    case, language = facts.case, speaker.language
    due = case.stage_due
    return speaker.t(
        "grid-list-line",
        mark=SLA_MARK[sla_colour(case, now)],
        number=case_number(case.id),
        category=facts.category.name(language),
        place=facts.place(language),
        state=speaker.state(case.state.value),
        due=speaker.when(due) if due is not None else "",
        escalated=speaker.t("grid-escalated-mark", level=speaker.level(case.level)) if case.level else "",
    )


def public_line(speaker: Speaker, facts: CaseFacts, followers: int) -> str:
    """A case as any resident may see it: never the reporter's name."""
    case, language = facts.case, speaker.language
    return speaker.t(
        "grid-public-line",
        number=case_number(case.id),
        category=facts.category.name(language),
        place=facts.place(language),
        description=excerpt(case.description),
        state=speaker.state(case.state.value),
        followers=followers,
        date=speaker.when(case.created_at),
    )
