"""The embedded database's driver: SQLAlchemy's aiosqlite adapter, one trip to the database thread per statement."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite.core
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from models.db import make_engine
from models.sqlite_driver import OneTripDialect


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_sqlite_urls_get_the_one_trip_driver(engine: AsyncEngine) -> None:
    assert isinstance(engine.dialect, OneTripDialect)
    assert engine.dialect.name == "sqlite"


async def test_one_trip_per_statement(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    trips: list[str] = []
    original = aiosqlite.core.Connection._execute

    async def counting(self: aiosqlite.core.Connection, fn: object, *args: object, **kwargs: object) -> object:
        trips.append(getattr(fn, "__name__", "?"))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counting)
    async with engine.begin() as connection:  # BEGIN IMMEDIATE goes with the first statement
        await connection.execute(text("INSERT INTO t (name) VALUES ('a')"))
        rows = (await connection.execute(text("SELECT name FROM t"))).all()
    assert rows == [("a",)]
    assert trips == ["_run", "_run", "commit"]


async def test_rowcount_lastrowid_executemany_and_errors(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO t (name) VALUES ('a')"))
        assert inserted.lastrowid == 1
        await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}])
        updated = await connection.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 3
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES ('a')"))
    async with engine.connect() as connection:  # the failed transaction left nothing behind
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 3


async def test_transactions_are_immediate_so_another_writer_waits(engine: AsyncEngine, tmp_path: Path) -> None:
    """A second process (here: a plain sqlite3 connection) cannot write while our transaction is open."""
    async with engine.begin() as connection:
        await connection.execute(text("SELECT count(*) FROM t"))  # a read only: the write lock is held anyway
        other = sqlite3.connect(tmp_path / "driver.db", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO t (name) VALUES ('x')")
        other.close()
    async with engine.begin() as connection:  # an empty transaction leaves nothing pending
        pass
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 0
