"""End to end in a real headless browser: a resident reports a problem in chat; the grid worker signs in to
the console with a one-time link, opens the case, accepts it and resolves it with a photo; the resident is
told as from chat. Screenshots go to tests/output/screenshots/console-cases-*.png."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.console.auth import issue_login_link
from models.grid.store import CaseState, case_number
from tests.browser.conftest import RunningSite, Screenshot
from tests.grid.helpers import NOW, driver, get_case, latest_case, queued, send_photo, texts
from tests.harness import demo_person, t


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real, small PNG of one colour (the photos: the browser must be able to show them)."""

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


async def test_grid_worker_signs_in_accepts_and_resolves(
    server: RunningSite, page: Any, screenshot: Screenshot, tmp_path: Path
) -> None:
    from playwright.async_api import expect  # after the fixtures: they skip (or fail on CI) without it

    app, site = server.linli, server.url
    app.set_clock(lambda: NOW)
    wang = driver(app, "wang")  # reports in chat, with a photo, as a resident does
    await wang.send("/report")
    await wang.press("违章搭建")
    await wang.send("18栋楼顶有人在搭铁皮棚,已经搭了一半")
    await send_photo(wang, png(200, 150, (192, 57, 43)))
    await wang.press("照片发完了")
    await wang.press("我住的")
    await wang.press("匿名提交")
    case_id = (await latest_case(app)).id
    number = case_number(case_id)

    # The one-time link the bot would send li in chat.
    li = await demo_person(app, "li")
    async with app.sessionmaker() as session, session.begin():
        link = await issue_login_link(session, app, li, NOW, timedelta(minutes=10))
    token = link.split("token=", 1)[1]

    await page.goto(f"{site}/console/login/link?token={token}")
    await page.locator("form button").last.click()  # "sign in": a GET alone never signs anyone in
    await expect(page.locator(".who")).to_have_text(li.display_name)

    await page.locator("label.menu-button").tap()  # on a phone the sections fold behind the menu button
    await page.get_by_role("link", name=t(app, "zh", "console-nav-cases")).click()
    await expect(page.get_by_role("link", name=number)).to_be_visible()
    await screenshot(page, "console-cases-1-list")

    await page.get_by_role("link", name=number).click()
    await expect(page.locator("#case-state")).to_have_text(t(app, "zh", "grid-state", state="submitted"))
    await expect(page.locator(".photos img")).to_have_count(1)
    await screenshot(page, "console-cases-2-case")

    await page.locator("#act-accept button").click()
    await expect(page.locator(".flash")).to_have_text(t(app, "zh", "grid-done-accepted", number=number))
    await expect(page.locator("#case-state")).to_have_text(t(app, "zh", "grid-state", state="accepted"))
    await screenshot(page, "console-cases-3-accepted")

    photo = tmp_path / "after.png"
    photo.write_bytes(png(160, 120, (46, 125, 50)))
    await page.get_by_text(t(app, "zh", "grid-act-resolve"), exact=True).first.click()  # unfold the form
    resolve = page.locator("#act-resolve")
    await resolve.locator("textarea").fill("棚子已拆除,楼顶已清理干净")
    await resolve.locator("input[type=file]").set_input_files(str(photo))
    await resolve.locator("button").click()
    await expect(page.locator(".flash")).to_contain_text(number)
    await expect(page.locator("#case-state")).to_have_text(t(app, "zh", "grid-state", state="resolved"))
    await expect(page.locator(".photos img")).to_have_count(2)
    # Both images really loaded: the scoped photo route answered the browser and the CSP let them in.
    # Wait for the browser to finish loading them (a busy machine may not have yet); a refused image
    # completes too, with no width, so the check below still fails on a broken route.
    await page.wait_for_function("() => [...document.querySelectorAll('.photos img')].every(image => image.complete)")
    widths = await page.locator(".photos img").evaluate_all("images => images.map(image => image.naturalWidth)")
    assert widths == [200, 160]
    await screenshot(page, "console-cases-4-resolved")

    await page.locator("label.menu-button").tap()
    await page.get_by_role("button", name="English").click()  # the console's language, for this browser
    await expect(page.locator("#case-state")).to_have_text(t(app, "en", "grid-state", state="resolved"))
    await screenshot(page, "console-cases-5-resolved-en")

    case = await get_case(app, case_id)
    assert case.state is CaseState.resolved
    assert texts(await queued(app, "wang", "grid-accepted"))
    assert "棚子已拆除" in texts(await queued(app, "wang", "grid-resolved"))[0]
