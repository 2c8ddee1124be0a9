"""Assembling Linli: settings -> database (migrated, demo loaded) -> services -> the conversation core."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from config.demo import load_demo_data
from config.i18n import default_catalog
from config.settings import Settings
from handlers import menu, onboarding, pact, profile
from handlers.context import Services
from handlers.feature import Feature
from handlers.router import Core
from models.db import make_engine, make_sessionmaker
from models.meta import get_or_create_secret
from models.migrate import upgrade
from models.seed import seed_demo

log = logging.getLogger(__name__)

# Order matters only for the menu's tie-breaks; each feature brings its own commands and buttons.
FEATURES: tuple[Feature, ...] = (menu.FEATURE, onboarding.FEATURE, profile.FEATURE, pact.FEATURE)


@dataclass
class Linli:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    core: Core

    @property
    def services(self) -> Services:
        return self.core.services

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
            if await seed_demo(session, load_demo_data()):
                log.info("demo community loaded")


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
    return Linli(settings, engine, sessionmaker, Core(services, sessionmaker, FEATURES))
