"""Assembling Linli: settings -> database (migrated, demo loaded) -> services -> the conversation core."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import handlers.booking as booking
import handlers.calendar as calendar
import handlers.console as console_access
import handlers.core.menu as menu
import handlers.evaluation as evaluation
import handlers.grid as grid
import handlers.hearings as hearings
import handlers.hotline as hotline
import handlers.link as link
import handlers.notices as notices
import handlers.onboarding as onboarding
import handlers.pact as pact
import handlers.polls as polls
import handlers.profile as profile
import handlers.talk as talk
import handlers.volunteers as volunteers
from bot.wakeups import CrossProcessWake
from config.demo import all_demo_people, load_demo_data
from config.i18n import default_catalog
from config.settings import Settings
from handlers.core.feature import Feature, TimerFn
from handlers.core.jobs import TimerRunner
from handlers.core.router import Core
from handlers.core.scope import Services
from models.db import make_engine, make_sessionmaker
from models.meta import get_or_create_secret
from models.migrate import upgrade
from models.seed import seed_demo

log = logging.getLogger(__name__)

# Order matters only for the menu's tie-breaks; each feature brings its own commands and buttons.
FEATURES: tuple[Feature, ...] = (
    menu.FEATURE,
    onboarding.FEATURE,
    profile.FEATURE,
    pact.FEATURE,
    volunteers.FEATURE,
    booking.FEATURE,
    hearings.FEATURE,  # after booking: its demo holds rooms of the booking demo's centres
    talk.FEATURE,  # after booking: its demo's meetings held rooms of the booking demo's centres
    calendar.FEATURE,
    grid.FEATURE,
    hotline.FEATURE,
    notices.FEATURE,
    polls.FEATURE,
    evaluation.FEATURE,
    console_access.FEATURE,
    link.FEATURE,
)


@dataclass
class Linli:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    core: Core
    timers: TimerRunner
    # Called when new outbox work was committed (a timer, a console action, a message on another channel):
    # each running channel's sender registers its ``wake`` here.
    outbox_listeners: list[Callable[[], None]] = field(default_factory=list)
    # On PostgreSQL, while serving: tells the other processes too (bot.wakeups).
    notifier: CrossProcessWake | None = None

    def wake_outbox(self) -> None:
        self.wake_here()
        if self.notifier is not None:
            self.notifier.notify()

    def wake_here(self) -> None:
        """This process's senders only (what another process's notification asks for)."""
        for wake in self.outbox_listeners:
            wake()

    @property
    def services(self) -> Services:
        return self.core.services

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        """Run on another clock (tests): handlers, timers and the outbox's not-before all follow it."""
        self.core.services = replace(self.core.services, clock=clock)

    async def close(self) -> None:
        await self.engine.dispose()


async def prepare_database(settings: Settings, engine: AsyncEngine) -> None:
    """The embedded database migrates itself and gets the demo on first start; PostgreSQL is migrated
    deliberately (`linli db upgrade`), as several processes share it."""
    if not settings.is_embedded:
        return
    await upgrade(engine)
    if settings.demo:
        async with make_sessionmaker(engine)() as session, session.begin():
            if await load_demo(session):
                log.info("demo community loaded")


async def load_demo(session: AsyncSession) -> bool:
    """The demo places and people, then each feature's part (rooms, services…); False if already there."""
    all_demo_people()  # every handle once across the files, or a clear error before anything is stored
    if not await seed_demo(session, load_demo_data()):
        return False
    for feature in FEATURES:
        if feature.demo is not None:
            await feature.demo(session)
    return True


def timer_handlers(features: tuple[Feature, ...] = FEATURES) -> dict[str, TimerFn]:
    handlers: dict[str, TimerFn] = {}
    for feature in features:
        for kind, handler in feature.timers.items():
            if kind in handlers:
                raise ValueError(f"timer kind {kind} registered twice")
            handlers[kind] = handler
    return handlers


async def build(settings: Settings, *, prepare: bool = True) -> Linli:
    engine = make_engine(settings.effective_database_url)
    if prepare:
        await prepare_database(settings, engine)
    sessionmaker = make_sessionmaker(engine)
    if settings.secret_key is not None:
        secret = settings.secret_key.get_secret_value()
    else:
        async with sessionmaker() as session, session.begin():
            secret = await get_or_create_secret(session)
    services = Services(settings=settings, catalog=default_catalog(), button_key=secret.encode())
    core = Core(services, sessionmaker, FEATURES)
    timers = TimerRunner(lambda: core.services, sessionmaker, timer_handlers(), settle=core.settle)
    linli = Linli(settings, engine, sessionmaker, core, timers)
    timers.on_outbox = linli.wake_outbox
    return linli


async def open_linli(settings: Settings) -> Linli:
    """For operator commands: the app, with the embedded database prepared as on first start."""
    linli = await build(settings, prepare=False)
    if settings.is_embedded:
        await prepare_database(settings, linli.engine)
    return linli
