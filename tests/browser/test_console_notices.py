"""End to end in a real headless browser: community staff (demo ``zhou``) signs in to the console with a
one-time link, composes a notice with a picture, checks the preview's exact number of recipients, sends it,
and sees the delivery ledger fill once the chat's queue timer has run. Screenshots go to
tests/output/screenshots/console-notices-*.png."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.console.auth import issue_login_link
from models.notices.store import Notice, audience_of, count_audience
from models.outbox import OutboxMessage
from tests.browser.conftest import RunningSite, Screenshot
from tests.harness import demo_person, t


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


async def test_staff_sends_a_notice(server: RunningSite, page: Any, screenshot: Screenshot, tmp_path: Path) -> None:
    from playwright.async_api import expect  # after the fixtures: they skip (or fail on CI) without it

    app, site = server.linli, server.url
    zhou = await demo_person(app, "zhou")
    async with app.sessionmaker() as session, session.begin():
        link = await issue_login_link(session, app, zhou, app.services.clock(), timedelta(minutes=10))
    token = link.split("token=", 1)[1]

    await page.goto(f"{site}/console/login/link?token={token}")
    await page.locator("form button").last.click()
    await expect(page.locator(".who")).to_have_text(zhou.display_name)

    await page.locator("label.menu-button").tap()  # on a phone the sections fold behind the menu button
    await page.get_by_role("link", name=t(app, "zh", "console-notices-nav"), exact=True).click()
    await expect(page.locator("h1")).to_have_text(t(app, "zh", "console-notices-title"))
    await screenshot(page, "console-notices-1-list")

    await page.get_by_role("link", name=t(app, "zh", "console-notices-compose")).click()
    await page.locator('textarea[name="text_zh"]').fill("本周六上午9点在社区广场举办垃圾分类宣传活动,欢迎参加。")
    await page.locator('textarea[name="text_en"]').fill("Rubbish sorting day on the square, Saturday 9 am. Come along!")
    await page.locator('input[name="urgency"][value="urgent"]').check()
    await page.locator('select[name="topic"]').select_option("activities")
    picture = tmp_path / "poster.png"
    picture.write_bytes(png(240, 160, (46, 125, 50)))
    await page.locator('input[name="photo"]').set_input_files(str(picture))
    await screenshot(page, "console-notices-2-compose")

    await page.locator('button[value="preview"]').click()
    async with app.sessionmaker() as session:
        yuntang = zhou.community_id
        expected = await count_audience(
            session,
            await audience_of(
                session,
                Notice(
                    scope_place_id=yuntang, audience={"places": [], "roles": [], "language": None}, topic="activities"
                ),
            ),
        )
    assert expected > 0
    await expect(page.locator(".figure")).to_have_text(t(app, "zh", "console-notices-count", count=expected))
    await expect(page.locator(".photos img").first).to_be_visible()
    await screenshot(page, "console-notices-3-preview")

    await page.locator('button[value="send"]').click()
    await expect(page.locator(".flash")).to_contain_text(str(expected))
    async with app.sessionmaker() as session:
        notice = await session.scalar(select(Notice).order_by(Notice.id.desc()).limit(1))
    assert notice is not None
    assert notice.media_id is not None
    assert notice.text_en.startswith("Rubbish")

    await app.timers.run_due()  # the chat's queue timer writes the audience into the outbox
    async with app.sessionmaker() as session:
        queued = await session.scalar(
            select(func.count(func.distinct(OutboxMessage.person_id))).where(OutboxMessage.notice_id == notice.id)
        )
    assert queued == expected
    await page.reload()
    await expect(page.locator(".ledger li").first).to_contain_text(str(expected))
    await expect(page.locator(".photos img")).to_have_count(1)
    await screenshot(page, "console-notices-4-ledger")
