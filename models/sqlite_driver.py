"""aiosqlite, one trip to the database thread per statement.

SQLAlchemy's aiosqlite adapter makes four trips to aiosqlite's worker thread per statement (make the
cursor, execute, fetch the rows, close the cursor). Each trip is a hand-off to another thread and back
through the event loop, and under load every hand-off waits its turn behind whatever else the loop is
doing: it was most of the cost of a message (measured in bench/throughput.py). This cursor does all four
in a single trip. Everything else (connection, transactions, errors, types) is SQLAlchemy's own adapter.

It subclasses SQLAlchemy's adapter classes, whose names are not public API: pyproject pins SQLAlchemy
below 2.2, and the store tests (every one of them runs on SQLite) cover it.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util import EMPTY_DICT

DRIVER = "aiosqlite_onetrip"


_PENDING_BEGIN = "_linli_pending_begin"  # set on the aiosqlite connection between BEGIN and the first statement


def begin_with_next_statement(dbapi_connection: Any) -> None:
    """Start the transaction (BEGIN IMMEDIATE) in the same trip as its first statement, not a trip of its own."""
    setattr(dbapi_connection._connection, _PENDING_BEGIN, True)


def _run(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool, begin: bool
) -> tuple[sqlite3.Cursor, list[Any]]:
    """In the database thread: a fresh cursor, the statement, its rows; the cursor closed again."""
    if begin:
        connection.execute("BEGIN IMMEDIATE")
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
    finally:
        cursor.close()  # description, rowcount and lastrowid stay readable on a closed cursor
    return cursor, rows


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No trip to make a cursor now: each statement makes its own in the database thread.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # the last statement's (closed) sqlite3 cursor
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()

    @property
    def description(self) -> Any:
        return self._cursor.description if self._cursor is not None else None

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount if self._cursor is not None else -1

    @property
    def lastrowid(self) -> int:
        return (self._cursor.lastrowid or 0) if self._cursor is not None else 0

    async def _trip(self, operation: str, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            connection = self._connection
            begin = getattr(connection, _PENDING_BEGIN, False)
            if begin:
                setattr(connection, _PENDING_BEGIN, False)
            cursor, rows = await connection._execute(_run, connection._conn, operation, parameters, many, begin)
            self._cursor = cursor
            self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        await self._trip(operation, seq_of_parameters, many=True)

    async def _async_soft_close(self) -> None:
        pass  # nothing open in the database thread

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]  # a subclass; the stub says the exact class

    def commit(self) -> None:
        setattr(self._connection, _PENDING_BEGIN, False)  # a transaction with no statement never began
        super().commit()

    def rollback(self) -> None:
        setattr(self._connection, _PENDING_BEGIN, False)
        super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


class OneTripDialect(SQLiteDialect_aiosqlite):
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> OneTripDBAPI:
        return OneTripDBAPI(__import__("aiosqlite"), __import__("sqlite3"))


registry.register(f"sqlite.{DRIVER}", "models.sqlite_driver", "OneTripDialect")
