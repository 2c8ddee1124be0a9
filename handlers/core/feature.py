"""How a feature plugs into the core: its commands, its buttons, its flows and its menu entries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handlers.core.buttons import Payload
from handlers.core.scope import Audience, CalendarFn, MenuEntry, ShownFn

__all__ = [
    "Audience",
    "ButtonFn",
    "Command",
    "DemoFn",
    "Feature",
    "Flow",
    "MenuEntry",
    "PickFn",
    "SettleFn",
    "ShownFn",
    "Step",
    "StepFn",
    "TextFn",
    "TimerFn",
]

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from handlers.core.context import Ctx
    from handlers.core.jobs import Job
    from handlers.core.scope import Scope

StepFn = Callable[["Ctx"], Awaitable[None]]
PickFn = Callable[["Ctx", str], Awaitable[None]]
TextFn = Callable[["Ctx", str], Awaitable[None]]
ButtonFn = Callable[["Ctx", Any], Awaitable[None]]
TimerFn = Callable[["Job"], Awaitable[None]]
# Runs before every transaction that ran feature code commits (a chat step, a timer, a console action):
# the feature turns what its store noted on the session into messages (booking: offers of freed time).
SettleFn = Callable[["Scope"], Awaitable[None]]
# Loads the feature's part of the demo (config/demo/<feature>.toml) once the places and people exist.
DemoFn = Callable[["AsyncSession"], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    """One question of a flow. ``ask`` (re)asks it; the handlers take the answer."""

    ask: StepFn
    on_pick: PickFn | None = None
    on_text: TextFn | None = None
    max_text: int = 200
    # A shared location or photo (``ctx.incoming.location`` / ``.photo``); None: treated as unexpected input.
    on_media: StepFn | None = None
    text_hint: str = "hint-use-buttons"


@dataclass(frozen=True)
class Flow:
    name: str
    steps: Mapping[str, Step]


@dataclass(frozen=True)
class Command:
    name: str
    run: StepFn
    description: str | None = None  # catalog id for the platform's command list; None keeps it unlisted
    audience: Audience = Audience.everyone
    # Words that name this command when typed at the menu ("我想订个房间" → /book), in every language,
    # lower-case. Input to match, never shown: not in the catalogs.
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feature:
    name: str
    commands: Sequence[Command] = ()
    buttons: Mapping[type[Payload], ButtonFn] = field(default_factory=dict)
    flows: Sequence[Flow] = ()
    menu: Sequence[MenuEntry] = ()
    timers: Mapping[str, TimerFn] = field(default_factory=dict)  # kind -> what to do when it is due
    demo: DemoFn | None = None
    settle: SettleFn | None = None
    calendar: CalendarFn | None = None  # its events in a person's calendar feed
