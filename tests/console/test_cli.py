"""`linli console link|password`, run as the operator does: bot.cli.main.main with arguments and a data dir."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select

from bot.app import Linli, open_linli
from bot.cli.main import main
from config.settings import Settings
from models.web import AuditEntry, CodePurpose, check_password, find_web_session, redeem_code, start_web_session
from tests.conftest import DB_FILE, run_in_thread
from tests.console.conftest import demo_person

T = TypeVar("T")
TOKEN = re.compile(r"/console/login/link\?token=([A-Za-z0-9_-]+)$")


@pytest.fixture
def data_dir(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copyfile(demo_template / DB_FILE, directory / DB_FILE)
    monkeypatch.setenv("LINLI_DATA_DIR", str(directory))
    monkeypatch.setenv("LINLI_DATABASE_URL", "")
    monkeypatch.setenv("LINLI_DEMO", "true")
    monkeypatch.delenv("LINLI_TELEGRAM_TOKEN", raising=False)
    return directory


def in_store(check: Callable[[Linli], Awaitable[T]]) -> T:
    """Run ``check(linli)`` against the data dir (main() runs its own event loop; so does this)."""

    async def run() -> T:
        linli = await open_linli(Settings())
        try:
            return await check(linli)
        finally:
            await linli.close()

    return run_in_thread(run)


def test_link_prints_a_working_one_time_link(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["console", "link", "zhou", "--hours", "2"]) == 0
    printed = capsys.readouterr().out.strip()
    token = TOKEN.search(printed)
    assert token is not None, printed

    async def check(linli: Linli) -> bool:
        zhou = await demo_person(linli, "zhou")
        async with linli.sessionmaker() as session, session.begin():
            audited = await session.scalar(select(AuditEntry).where(AuditEntry.action == "cli.console_link"))
            assert audited is not None
            assert audited.object_id == str(zhou.id)
            assert audited.person_id is None
            first = await redeem_code(session, CodePurpose.console, token.group(1), linli.services.clock())
            second = await redeem_code(session, CodePurpose.console, token.group(1), linli.services.clock())
        return first == zhou.id and second is None

    assert in_store(check)


def test_link_refuses_residents_and_strangers(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for who in ("wang", "nobody", "13999999999"):
        assert main(["console", "link", who]) == 2
        captured = capsys.readouterr()
        assert "no staff member" in captured.err
        assert "token=" not in captured.out


def test_password_from_stdin(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def open_session(linli: Linli) -> str:
        zhou = await demo_person(linli, "zhou")
        async with linli.sessionmaker() as session, session.begin():
            token, _row = await start_web_session(session, zhou.id, linli.services.clock(), timedelta(hours=1))
        return token

    old_session = in_store(open_session)
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["console", "password", "zhou"]) == 2
    assert "at least" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("a long console password\n"))
    assert main(["console", "password", "wang"]) == 2  # a resident gets none
    monkeypatch.setattr("sys.stdin", io.StringIO("a long console password\n"))
    assert main(["console", "password", "zhou"]) == 0
    assert "password set" in capsys.readouterr().out

    async def check(linli: Linli) -> bool:
        zhou = await demo_person(linli, "zhou")
        async with linli.sessionmaker() as session, session.begin():
            signed_out = (
                await find_web_session(session, old_session, linli.services.clock(), timedelta(hours=1)) is None
            )
            return signed_out and await check_password(session, zhou.id, "a long console password")

    assert in_store(check)  # the password works, and sessions from before it were ended
