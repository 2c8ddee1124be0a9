"""Texts of grid management in any person's language: a case's lines for lists, views and notifications.

``Speaker`` renders in a language given per call (a notification is in its recipient's language, not
the sender's); handlers and timers share it, so the case looks the same wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.i18n import format_datetime
from handlers.core.buttons import MenuAction, Payload, pack
from handlers.core.messages import Button
from handlers.core.scope import Services
from handlers.grid.buttons import GridView
from models.grid.store import LEVELS, GridCase, GridCategory, case_number, sla_colour
from models.places import Place

__all__ = ["CaseFacts", "Speaker", "case_facts", "case_number", "excerpt", "list_line", "public_line"]

SLA_MARK = {"green": "🟢", "yellow": "🟡", "red": "🔴", "none": "⚪"}
EXCERPT = 60


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Speaker:
    services: Services

    def t(self, language: str, message_id: str, **args: Any) -> str:
        return self.services.catalog.t(language, message_id, args)

    def when(self, moment: datetime, language: str) -> str:
        return format_datetime(moment, language, self.services.settings.tz)

    def button(self, language: str, label_id: str, item: Payload, **args: Any) -> Button:
        return Button(self.t(language, label_id, **args), pack(item, self.services.button_key))

    def view_button(self, language: str, case_id: int) -> Button:
        return self.button(language, "grid-button-view", GridView(case_id), number=case_number(case_id))

    def state(self, language: str, state: str) -> str:
        return self.t(language, "grid-state", state=state)

    def level(self, language: str, level: int) -> str:
        return self.t(language, "grid-level", level=LEVELS[level])

    def menu_button(self, language: str) -> Button:
        return self.button(language, "button-menu", MenuAction("menu"))


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


def list_line(speaker: Speaker, language: str, facts: CaseFacts, now: datetime) -> str:
    """One line of /cases: colour, number, category, place, state, the running deadline."""
    case = facts.case
    due = case.stage_due
    return speaker.t(
        language,
        "grid-list-line",
        mark=SLA_MARK[sla_colour(case, now)],
        number=case_number(case.id),
        category=facts.category.name(language),
        place=facts.place(language),
        state=speaker.state(language, case.state.value),
        due=speaker.when(due, language) if due is not None else "-",
        escalated=speaker.t(language, "grid-escalated-mark", level=speaker.level(language, case.level))
        if case.level
        else "",
    )


def public_line(speaker: Speaker, language: str, facts: CaseFacts, followers: int) -> str:
    """A case as any resident may see it: never the reporter's name."""
    case = facts.case
    return speaker.t(
        language,
        "grid-public-line",
        number=case_number(case.id),
        category=facts.category.name(language),
        place=facts.place(language),
        description=excerpt(case.description),
        state=speaker.state(language, case.state.value),
        followers=followers,
        date=speaker.when(case.created_at, language),
    )
