"""Migrations build exactly the models' schema; the shared secret; the UTC timestamp type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.base import UTCDateTime
from models.db import make_engine, make_sessionmaker
from models.meta import AppMeta, get_or_create_secret
from models.migrate import alembic_config, current_revision, upgrade
from models.outbox import OutboxMessage
from models.tables import Base

HEAD = "0160"


async def test_upgrade_from_empty_gives_the_models_schema(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        assert await current_revision(engine) is None

        def tables(connection: Connection) -> set[str]:
            return set(inspect(connection).get_table_names())

        async with engine.connect() as connection:
            assert await connection.run_sync(tables) == set()

        await upgrade(engine)

        def diff(connection: Connection) -> list[Any]:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))

        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []
            assert await connection.run_sync(tables) == {*Base.metadata.tables, "alembic_version"}
        assert await current_revision(engine) == HEAD
        await upgrade(engine)  # a second upgrade is a no-op
        assert await current_revision(engine) == HEAD
    finally:
        await engine.dispose()


def test_one_base_and_one_head() -> None:
    """Feature branches may be open while features are built side by side (``upgrade`` goes to every
    head), but what lands is merged: one history from 0001 to one head."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert (scripts.get_bases(), scripts.get_heads()) == (["0001"], [HEAD])


async def test_secret_is_created_once(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        first = await get_or_create_secret(session)
        assert await get_or_create_secret(session) == first
    async with sessionmaker() as session, session.begin():
        assert await get_or_create_secret(session) == first
        other = await get_or_create_secret(session, "other")
    assert len(first) >= 40
    assert other != first
    async with sessionmaker() as session:
        stored = {row.key: row.value for row in (await session.scalars(select(AppMeta))).all()}
    assert stored == {"button_secret": first, "other": other}


async def test_secret_is_shared_across_engines(db_url: str) -> None:
    """Two processes starting at once (two engines here) end up with the same secret."""
    engines = [make_engine(db_url), make_engine(db_url)]
    try:
        values = []
        for engine in engines:
            async with make_sessionmaker(engine)() as session, session.begin():
                values.append(await get_or_create_secret(session))
        assert values[0] == values[1]
    finally:
        for engine in engines:
            await engine.dispose()


def test_utc_type_refuses_naive_datetimes() -> None:
    kind = UTCDateTime()
    dialect: Any = None
    with pytest.raises(ValueError, match="naive datetime"):
        kind.process_bind_param(datetime(2026, 1, 1, 12, 0), dialect)  # noqa: DTZ001
    shanghai = timezone(timedelta(hours=8))
    assert kind.process_bind_param(datetime(2026, 1, 1, 20, 0, tzinfo=shanghai), dialect) == datetime(  # noqa: DTZ001
        2026, 1, 1, 12, 0
    )
    assert kind.process_bind_param(None, dialect) is None
    assert kind.process_result_value(None, dialect) is None


async def test_utc_type_in_the_store(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=shanghai)
    async with sessionmaker() as session, session.begin():
        row = OutboxMessage(channel="t", chat_id="1", kind="k", payload={}, not_before=moment)
        session.add(row)
        await session.flush()
        message_id = row.id
    async with sessionmaker() as session:
        stored = await session.get(OutboxMessage, message_id)
        assert stored is not None
        assert stored.not_before == moment
        assert stored.not_before.tzinfo is UTC
        assert stored.not_before.hour == 1  # 09:30 in Shanghai is 01:30 UTC
        assert stored.created_at.tzinfo is UTC
    async with sessionmaker() as session:
        session.add(
            OutboxMessage(channel="t", chat_id="2", kind="k", payload={}, not_before=datetime(2026, 7, 1, 9, 30))  # noqa: DTZ001
        )
        with pytest.raises(StatementError, match="naive datetime"):
            await session.flush()
