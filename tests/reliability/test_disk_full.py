"""A full disk (SQLite's own "database or disk is full", made by capping the file at its present size):
the person is told plainly to try again, the log says what failed (not what was said), nothing is half
written, and everything works again once there is room."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select, text

from bot.app import Linli
from models.media import MediaFile
from models.talk.store import Matter
from tests.grid.helpers import send_photo
from tests.harness import ChatDriver, t

BIG_PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2000  # half a megabyte: needs pages the file lacks


async def cap_the_file(app: Linli, pages: int | None) -> None:
    """SQLite's max_page_count on the app's one connection (the embedded pool holds one): writes that
    need a page beyond it fail as on a full disk. None lifts the cap."""
    async with app.sessionmaker() as session:
        count = int(await session.scalar(text("PRAGMA page_count")) or 0)
        await session.execute(text(f"PRAGMA max_page_count = {pages if pages is not None else 1 << 30}"))
        assert count > 0


async def counts(app: Linli) -> tuple[int, int]:
    async with app.sessionmaker() as session:
        matters = await session.scalar(select(func.count()).select_from(Matter))
        media = await session.scalar(select(func.count()).select_from(MediaFile))
        return int(matters or 0), int(media or 0)


async def test_a_full_disk_is_said_plainly_and_writes_nothing(app: Linli, caplog: pytest.LogCaptureFixture) -> None:
    if not app.settings.is_embedded:
        pytest.skip("a cap on the file is SQLite's")
    wang = ChatDriver(app, user_id="wang", language_code=None, channel="terminal")
    await wang.send("/talknew")
    await wang.send("楼下的路灯一到晚上就闪")
    if "差不多" in wang.text:
        await wang.press("不一样")
    await wang.press("不用写了")
    before = await counts(app)
    async with app.sessionmaker() as session:
        pages = int(await session.scalar(text("PRAGMA page_count")) or 0)
    await cap_the_file(app, pages)
    with caplog.at_level(logging.ERROR):
        await send_photo(wang, BIG_PHOTO)
    assert wang.text.startswith(t(app, "zh", "error-unexpected"))
    assert "database or disk is full" in caplog.text  # the log says what failed…
    assert "楼下的路灯" not in caplog.text  # …never what the person said
    await cap_the_file(app, None)
    assert await counts(app) == before  # nothing half-written: no photo without its matter
    assert await wang.flow_step() == ("talk-raise", "photo")  # the question stands: send it again
    await send_photo(wang, BIG_PHOTO)
    await wang.press("提交")
    assert await counts(app) == (before[0] + 1, before[1] + 1)
