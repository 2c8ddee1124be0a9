"""Shared fixtures: the two database legs (SQLite, PostgreSQL) and a built Linli app for flow tests.

The PostgreSQL leg runs when a server answers: ``LINLI_TEST_POSTGRES_URL`` if set, else a local
server on 127.0.0.1:5432 with trust auth. ``LINLI_REQUIRE_POSTGRES=1`` (CI) turns a missing server into
a failed session instead of skipped tests. Which legs ran is said in the header and the summary.

Database fixtures, from the bottom up:

- ``db_url``: a *migrated* database, parametrized ``sqlite`` / ``postgresql``. SQLite is a fresh file
  per test, migrated with ``models.migrate.upgrade``. PostgreSQL is one throwaway database per session
  (``linli_test_<hex>``), migrated once; every table but ``alembic_version`` is truncated after each test.
- ``empty_db_url``: same two legs, but nothing created yet (for the migration tests).
- ``engine`` / ``sessionmaker``: built with ``models.db`` on ``db_url``; disposed at teardown.
- ``demo_db``: ``engine`` with the demo community seeded.
- ``app`` / ``make_app``: a ``bot.app.Linli`` on SQLite in ``tmp_path`` with the demo loaded (flows run on
  SQLite only, for speed).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import NullPool

from bot.app import Linli, build
from config.demo import load_demo_data
from config.settings import Settings
from models.db import make_engine, make_sessionmaker
from models.migrate import upgrade
from models.seed import seed_demo
from tests.harness import AppFactory

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PROBE_TIMEOUT_SECONDS = 3.0
T = TypeVar("T")


# --- the PostgreSQL leg ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostgresLeg:
    url: str | None  # the server's admin URL (database "postgres") when the leg is on
    line: str  # what the header and the summary say
    required: bool
    reason: str = ""  # why it is off

    @property
    def on(self) -> bool:
        return self.url is not None


LEG_KEY = pytest.StashKey[PostgresLeg]()


def run_in_thread(coroutine: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion outside pytest-asyncio's loops (session set-up and tear-down).

    A thread of its own: ``asyncio.run`` here would reset the main thread's current event loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine()).result()


def without_password(url: str) -> str:
    parsed = make_url(url)
    return URL.create(
        parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
    ).render_as_string(hide_password=False)


@asynccontextmanager
async def _autocommit(url: str) -> AsyncIterator[AsyncConnection]:
    """A connection outside any transaction (CREATE/DROP DATABASE need that), closed with its engine."""
    engine = make_engine(
        url, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"timeout": PROBE_TIMEOUT_SECONDS}
    )
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()


def _probe_postgres() -> PostgresLeg:
    required = os.environ.get("LINLI_REQUIRE_POSTGRES") == "1"
    explicit = os.environ.get("LINLI_TEST_POSTGRES_URL", "").strip()
    url = explicit or DEFAULT_POSTGRES_URL

    async def probe() -> None:
        async with _autocommit(url) as connection:
            await connection.execute(text("SELECT 1"))

    try:
        run_in_thread(probe)
    except Exception as error:  # refused, timed out, auth failed…: the leg is off, and the line says why
        detail = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        if not explicit and isinstance(error, OSError):
            reason = "no server on 127.0.0.1:5432"
        elif isinstance(error, OSError | TimeoutError):
            reason = f"no server at {without_password(url)} ({detail})"
        else:
            reason = f"cannot use {without_password(url)} ({detail})"
        line = f"PostgreSQL leg: SKIPPED — {reason}; set LINLI_TEST_POSTGRES_URL or start PostgreSQL"
        return PostgresLeg(None, line, required, reason)
    return PostgresLeg(url, f"PostgreSQL leg: ON ({without_password(url)})", required)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[LEG_KEY] = _probe_postgres()
    config.addinivalue_line("markers", "postgresql: the PostgreSQL leg of a test parametrized by db_url")
    config.addinivalue_line("markers", "store: tests of models/ on both database legs (tests/store)")
    config.addinivalue_line("markers", "flows: conversation flows through the core (tests/flows)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``-m store`` / ``-m flows`` select the store tests (both legs) and the flow tests by folder."""
    for item in items:
        if item.nodeid.startswith("tests/store/"):
            item.add_marker(pytest.mark.store)
        elif item.nodeid.startswith("tests/flows/"):
            item.add_marker(pytest.mark.flows)


def pytest_sessionstart(session: pytest.Session) -> None:
    leg = session.config.stash[LEG_KEY]
    if leg.required and not leg.on:
        pytest.exit(f"PostgreSQL leg: REQUIRED (LINLI_REQUIRE_POSTGRES=1) but {leg.reason}", returncode=1)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [config.stash[LEG_KEY].line]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    terminalreporter.write_line(config.stash[LEG_KEY].line)


def _leg(request: pytest.FixtureRequest) -> PostgresLeg:
    leg = request.config.stash[LEG_KEY]
    if not leg.on:
        if leg.required:
            pytest.fail(f"PostgreSQL leg: REQUIRED (LINLI_REQUIRE_POSTGRES=1) but {leg.reason}")
        pytest.skip(leg.line)
    return leg


async def _create_database(admin_url: str, name: str) -> str:
    async with _autocommit(admin_url) as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def _drop_database(admin_url: str, name: str) -> None:
    async with _autocommit(admin_url) as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """One migrated throwaway database for the whole session; dropped at the end."""
    leg = _leg(request)
    assert leg.url is not None
    admin_url = leg.url
    name = f"linli_test_{secrets.token_hex(6)}"
    url = run_in_thread(lambda: _create_database(admin_url, name))
    try:
        run_in_thread(lambda: _migrate(url))
        yield url
    finally:
        run_in_thread(lambda: _drop_database(admin_url, name))


async def _truncate_all(url: str) -> None:
    async with _autocommit(url) as connection:
        tables = (
            await connection.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            )
        ).all()
        if tables:
            names = ", ".join(f'"{name}"' for name in tables)
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


DB_PARAMS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=DB_PARAMS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a migrated, empty-of-rows database on the parametrized backend."""
    if request.param == "sqlite":
        url = _sqlite_url(tmp_path / "store.db")
        await _migrate(url)
        yield url
        return
    url = request.getfixturevalue("postgres_database")
    try:
        yield url
    finally:
        await _truncate_all(url)


@pytest.fixture(params=DB_PARAMS)
async def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a database with nothing in it yet (not even alembic_version)."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path / "empty.db")
        return
    leg = _leg(request)
    assert leg.url is not None
    name = f"linli_test_{secrets.token_hex(6)}_empty"
    url = await _create_database(leg.url, name)
    try:
        yield url
    finally:
        await _drop_database(leg.url, name)


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    built = make_engine(db_url)
    try:
        yield built
    finally:
        await built.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
async def demo_db(engine: AsyncEngine) -> AsyncEngine:
    async with make_sessionmaker(engine)() as session, session.begin():
        assert await seed_demo(session, load_demo_data())
    return engine


# --- the application ---------------------------------------------------------------------------------


APP_DEFAULTS: dict[str, Any] = {
    "database_url": "",  # never a LINLI_DATABASE_URL from the environment
    "demo": True,
    "secret_key": None,
    "default_language": "zh",
    "timezone": "Asia/Shanghai",
    "state_ttl_minutes": 120,
    "flood_per_minute": 0,  # flow tests type far faster than people; the limit has tests of its own
}
DB_FILE = "linli.db"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir that ``bot.app.build`` has migrated and loaded the demo into, once per session.

    Building from nothing takes ~0.35 s (migrations, demo seed), copying this ~0.02 s; ``build`` still
    runs in full on the copy (the migration finds it at head, the seed finds the demo there).
    """
    directory = tmp_path_factory.mktemp("demo-template")

    async def prepare() -> None:
        linli = await build(Settings(data_dir=directory, **APP_DEFAULTS))
        await linli.close()

    run_in_thread(prepare)
    assert not (directory / f"{DB_FILE}-wal").exists() or (directory / f"{DB_FILE}-wal").stat().st_size == 0
    return directory


def _copy_template(template: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template / DB_FILE, data_dir / DB_FILE)


@pytest.fixture
async def make_app(tmp_path: Path, demo_template: Path) -> AsyncIterator[AppFactory]:
    """Build Linli on SQLite in tmp_path with the demo loaded; keyword arguments override Settings.

    ``fresh=True`` builds the database from nothing instead of starting from the session's template.
    """
    built: list[Linli] = []

    async def factory(*, fresh: bool = False, **overrides: Any) -> Linli:
        values = {**APP_DEFAULTS, "data_dir": tmp_path / f"app{len(built)}", **overrides}
        if not fresh and values["demo"] and not values["database_url"]:
            _copy_template(demo_template, Path(values["data_dir"]))
        linli = await build(Settings(**values))
        built.append(linli)
        return linli

    try:
        yield factory
    finally:
        for linli in built:
            await linli.close()


@pytest.fixture
async def app(make_app: AppFactory) -> Linli:
    return await make_app()
