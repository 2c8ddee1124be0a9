"""`linli backup` during writes is one moment of the database; `linli restore` brings exactly it back."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from pathlib import Path

import pytest

import models.outbox as outbox
from bot.app import Linli, build
from bot.cli.backup import cmd_backup, cmd_restore, database_file
from config.settings import Settings
from models.people import Person
from tests.harness import AppFactory

WRITES = 150


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in names}
    connection.close()
    return rows


async def write_steadily(app: Linli, started: asyncio.Event) -> None:
    for index in range(WRITES):
        async with app.sessionmaker() as session, session.begin():
            outbox.enqueue(
                session,
                channel="web",
                chat_id="backup-test",
                person_id=None,
                kind="backup-test",
                payload={"text": f"message {index}", "buttons": []},
            )
        if index == 10:
            started.set()
        await asyncio.sleep(0.002)


async def test_a_backup_during_writes_restores_to_one_moment(
    make_app: AppFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = await make_app()
    copy = tmp_path / "linli-backup.db"
    started = asyncio.Event()
    writer = asyncio.create_task(write_steadily(app, started))
    await started.wait()
    assert await cmd_backup(app.settings, argparse.Namespace(file=copy)) == 0
    await writer
    assert "backed up" in capsys.readouterr().out

    live, saved = table_rows(database_file(app.settings)), table_rows(copy)
    assert set(saved) == set(live)
    written = [row for row in saved["outbox"] if row[4] == "backup-test"]  # (id, channel, chat, person, kind…)
    ids = [int(str(row[0])) for row in written]
    assert 10 <= len(ids) <= WRITES
    assert ids == list(range(ids[0], ids[0] + len(ids)))  # a prefix of the writes: no torn moment
    for name, rows in saved.items():
        if name != "outbox":
            assert rows == live[name], name  # nothing else was written meanwhile

    fresh = Settings(**{**app.settings.model_dump(), "data_dir": tmp_path / "restored"})
    assert await cmd_restore(fresh, argparse.Namespace(file=copy)) == 0
    assert table_rows(database_file(fresh)) == saved
    restored = await build(fresh)
    try:
        async with restored.sessionmaker() as session:
            assert await session.get(Person, 1) is not None
    finally:
        await restored.close()


async def test_restore_keeps_what_it_replaces_and_refuses_what_is_not_a_backup(
    make_app: AppFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = await make_app()
    copy = tmp_path / "copy.db"
    assert await cmd_backup(app.settings, argparse.Namespace(file=copy)) == 0
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert await cmd_restore(app.settings, argparse.Namespace(file=junk)) == 2
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert await cmd_restore(app.settings, argparse.Namespace(file=empty)) == 2
    assert "not a Linli backup" in capsys.readouterr().err
    await app.close()
    assert await cmd_restore(app.settings, argparse.Namespace(file=copy)) == 0
    kept = sorted(database_file(app.settings).parent.glob("linli.db.before-restore-*"))
    assert len(kept) == 1
    assert table_rows(kept[0]) == table_rows(copy)
