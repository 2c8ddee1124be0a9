"""`linli backup FILE` and `linli restore FILE`: a consistent copy of the embedded database, media included
(photos and files are rows of it), taken while the server runs; and bringing one back.

SQLite's online backup API copies the database under one read transaction, so a copy made during writes
is the database as it was at one moment (the WAL included), never a torn file. The copy is written
next to its target and renamed into place when complete, and checked (``PRAGMA integrity_check``). A restore
keeps the database it replaces beside it. PostgreSQL has its own tools: pg_dump / pg_restore (README).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config.settings import Settings

DB_NAME = "linli.db"


def database_file(settings: Settings) -> Path:
    return Path(settings.data_dir) / DB_NAME


def register(sub: Any) -> None:
    backup = sub.add_parser("backup", help="a consistent copy of the embedded database (media included)")
    backup.add_argument("file", type=Path, help="where to write the copy")
    backup.set_defaults(run=cmd_backup)
    restore = sub.add_parser("restore", help="bring a backup back (stop `linli run` first)")
    restore.add_argument("file", type=Path, help="a file written by `linli backup`")
    restore.set_defaults(run=cmd_restore)


def copy_database(source: Path, target: Path) -> None:
    """``source`` into ``target`` through SQLite's backup API; ``target`` appears only when complete."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as reading, sqlite3.connect(partial) as writing:
        # In one step: a single read transaction, so the copy is one moment of the database. In WAL mode
        # the server's writers go on meanwhile (copied in steps, every write would restart the copy).
        reading.backup(writing)
        writing.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    reading.close()
    writing.close()
    problem = integrity_problem(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"the copy failed its integrity check: {problem}")
    partial.replace(target)


def integrity_problem(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        found = connection.execute("PRAGMA integrity_check").fetchone()
    connection.close()
    return "" if found and found[0] == "ok" else str(found)


def summary(path: Path) -> tuple[str, int, int]:
    """The schema revision, how many tables and rows."""
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        revision = ""
        if "alembic_version" in names:
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = found[0] if found else ""
        rows = sum(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names)
    connection.close()
    return revision, len(names), rows


async def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.is_embedded:
        print(
            "PostgreSQL: use pg_dump -Fc (see README, Backups); this command copies the embedded database",
            file=sys.stderr,
        )
        return 2
    source = database_file(settings)
    if not source.is_file():
        print(f"no database at {source}", file=sys.stderr)
        return 2
    copy_database(source, args.file)
    revision, tables, rows = summary(args.file)
    size = args.file.stat().st_size
    print(f"backed up {source} to {args.file}: revision {revision}, {tables} tables, {rows} rows, {size // 1024} KiB")
    return 0


async def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.is_embedded:
        print("PostgreSQL: use pg_restore (see README, Backups)", file=sys.stderr)
        return 2
    if not args.file.is_file():
        print(f"no file {args.file}", file=sys.stderr)
        return 2
    try:
        problem = integrity_problem(args.file)
        revision, tables, rows = summary(args.file)
    except sqlite3.DatabaseError as error:
        print(f"{args.file} is not a Linli backup: {error}", file=sys.stderr)
        return 2
    if problem or not revision:
        print(f"{args.file} is not a Linli backup ({problem or 'no schema revision'})", file=sys.stderr)
        return 2
    target = database_file(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():
        kept = target.with_name(f"{target.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        copy_database(target, kept)
        print(f"the database it replaces is kept as {kept}")
    for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        # The replaced database's log: replayed onto the restored file it would corrupt it (kept above).
        leftover.unlink(missing_ok=True)
    copy_database(args.file, target)
    print(f"restored {args.file} into {target}: revision {revision}, {tables} tables, {rows} rows")
    print("start Linli again (`make run`): a backup from an older version is migrated on start")
    return 0
