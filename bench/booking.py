"""Room booking through the store: throughput of non-conflicting bookings, and the contention run.

Run from the repository root::

    python -m bench.booking                 # SQLite in a temporary file, and PostgreSQL if one answers
    python -m bench.booking --count 2000 --contenders 400

Throughput: ``--count`` bookings of distinct, non-overlapping slots (different people, different rooms,
different times), one transaction each, sequentially: ``models.booking.store.book_room`` with every rule checked
and the room locked, against a bare baseline on the same harness in the same run: plain INSERTs of the
same rows, one transaction each, no lock and no rule checked. The ratio says what the rules cost.

Contention: ``--contenders`` attempts at one slot at once, each in its own session, over several
connections (SQLite: one engine per connection; PostgreSQL: a pool), released together. Exactly one may
win. Each backend's run has its own line; the last line, ``booking contention: 1 of N succeeded`` (N
attempts per backend), is printed only if every backend let exactly one through, else it shows the totals.

PostgreSQL: ``LINLI_BENCH_POSTGRES_URL`` or the tests' server at 127.0.0.1:5432 (a throwaway database is
created and dropped); unreachable means the leg is skipped with a line that says so.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.pool import NullPool

import models.booking.store as store
from models.booking.store import Booking, BookingPolicy, BookingStatus
from models.db import make_engine, make_sessionmaker
from models.errors import DomainError
from models.migrate import upgrade
from models.people import Person
from models.places import PlaceKind, add_place
from models.seed import add_demo_person

POLICY = BookingPolicy()
ROOMS = 20
PEOPLE = 50
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
ROOM = {
    "capacity": 50,
    "hours": {"mon-sun": "00:00-24:00"},
    "slot_minutes": 30,
    "min_minutes": 30,
    "max_minutes": 120,
    "horizon_days": 400,
    "notice_minutes": 0,
}


async def prepare(maker: async_sessionmaker[AsyncSession]) -> tuple[list[int], list[int]]:
    async with maker() as session, session.begin():
        district = await add_place(session, PlaceKind.district, "bd", "区", "D")
        street = await add_place(session, PlaceKind.street, "bs", "街道", "S", district)
        community = await add_place(session, PlaceKind.community, "bc", "社区", "C", street)
        centre = await store.add_centre(session, community, {"code": "bcc", "name_zh": "中心", "name_en": "C"}, 0)
        rooms = [
            (await store.add_room(session, centre, {**ROOM, "code": f"r{n}", "name_zh": "室", "name_en": "R"}, n)).id
            for n in range(ROOMS)
        ]
        people = [
            (await add_demo_person(session, {"handle": f"b{n}", "name": f"p{n}", "community": "bc"})).id
            for n in range(PEOPLE)
        ]
    return rooms, people


def slots(count: int, rooms: list[int], people: list[int], first: datetime) -> list[tuple[int, int, datetime]]:
    """Distinct non-overlapping (room, person, start) triples: each room's half hours in turn."""
    return [
        (rooms[n % len(rooms)], people[n % len(people)], first + timedelta(minutes=30 * (n // len(rooms))))
        for n in range(count)
    ]


async def through_store(
    maker: async_sessionmaker[AsyncSession], work: list[tuple[int, int, datetime]], now: datetime
) -> float:
    started = time.perf_counter()
    for room_id, person_id, start in work:
        async with maker() as session, session.begin():
            person = await session.get(Person, person_id)
            assert person is not None
            await store.book_room(
                session, room_id, person, start, start + timedelta(minutes=30), "bench", 2, now, POLICY
            )
    return len(work) / (time.perf_counter() - started)


async def bare_inserts(
    maker: async_sessionmaker[AsyncSession], work: list[tuple[int, int, datetime]], now: datetime
) -> float:
    started = time.perf_counter()
    for room_id, person_id, start in work:
        async with maker() as session, session.begin():
            await session.execute(
                insert(Booking).values(
                    room_id=room_id,
                    person_id=person_id,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),
                    status=BookingStatus.confirmed,
                    purpose="bench",
                    attendees=2,
                    created_at=now,
                    sequence=0,
                )
            )
    return len(work) / (time.perf_counter() - started)


async def contention(url: str, room_id: int, people: list[int], contenders: int, start: datetime, now: datetime) -> int:
    sqlite = url.startswith("sqlite")
    engines = [make_engine(url) for _ in range(16)] if sqlite else [make_engine(url, pool_size=40, max_overflow=10)]
    makers = [make_sessionmaker(engine) for engine in engines]
    go = asyncio.Event()

    async def attempt(n: int) -> bool:
        await go.wait()
        try:
            async with makers[n % len(makers)]() as session, session.begin():
                person = await session.get(Person, people[n % len(people)])
                assert person is not None
                await store.book_room(
                    session, room_id, person, start, start + timedelta(minutes=60), "抢", 2, now, POLICY
                )
            return True
        except DomainError:
            return False

    tasks = [asyncio.create_task(attempt(n)) for n in range(contenders)]
    await asyncio.sleep(0)
    go.set()
    won = sum(await asyncio.gather(*tasks))
    for engine in engines:
        await engine.dispose()
    return won


async def run_backend(name: str, url: str, count: int, contenders: int) -> int:
    engine = make_engine(url)
    await upgrade(engine)
    maker = make_sessionmaker(engine)
    rooms, people = await prepare(maker)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    first = (now + timedelta(days=1)).replace(minute=0)
    work = slots(count * 2, rooms, people, first)
    bare = await bare_inserts(maker, work[count:], now)  # the later half, so neither run meets the other's rows
    rules = await through_store(maker, work[:count], now)
    await engine.dispose()
    print(f"{name}: {rules:,.0f} bookings/s through the store, {bare:,.0f}/s bare inserts (ratio {rules / bare:.2f})")
    far = first + timedelta(days=200)
    started = time.perf_counter()
    won = await contention(url, rooms[0], people, contenders, far, now)
    print(f"{name}: contention: {won} of {contenders} succeeded in {time.perf_counter() - started:.2f} s")
    return won


async def postgres_database() -> tuple[str, str] | None:
    admin = os.environ.get("LINLI_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    name = f"linli_bench_{secrets.token_hex(4)}"
    try:
        engine = make_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"timeout": 3})
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await engine.dispose()
    except Exception as error:
        print(f"postgresql: SKIPPED — cannot reach {make_url(admin).host}: {type(error).__name__}")
        return None
    return admin, make_url(admin).set(database=name).render_as_string(hide_password=False)


async def drop(admin: str, url: str) -> None:
    engine = make_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    await engine.dispose()


async def main(count: int, contenders: int) -> None:
    print(f"booking bench: {count} non-conflicting bookings per backend, {contenders} contenders for one slot")
    results = []
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        results.append(await run_backend("sqlite", url, count, contenders))
    found = await postgres_database()
    if found is not None:
        admin, url = found
        try:
            results.append(await run_backend("postgresql", url, count, contenders))
        finally:
            await drop(admin, url)
    # Exactly one per backend, or the line shows the real total.
    print(
        f"booking contention: {sum(results)} of {contenders * len(results)} succeeded"
        if any(won != 1 for won in results)
        else f"booking contention: 1 of {contenders} succeeded"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--contenders", type=int, default=200)
    arguments = parser.parse_args()
    if arguments.contenders < 200:
        parser.error("--contenders must be at least 200")
    asyncio.run(main(arguments.count, arguments.contenders))
