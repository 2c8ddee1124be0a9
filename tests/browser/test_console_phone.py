"""The console on a phone (390×844, as a grid worker holds it in the field): for the street admin, who sees every
section, and for a grid worker, every section and every page linked from one (a case, a request, a booking, a
notice, a task, a pact version) must fit the screen's width, with a header no taller than 120 px whose menu
folds behind one button. A list table must become cards rather than scroll sideways. Screenshots:
tests/output/screenshots/console-phone-*.png."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

import models.booking.store as booking_store
from bot.app import Linli
from bot.console.auth import issue_login_link
from handlers.booking.text import policy_of
from models.booking.store import Room
from tests.browser.conftest import RunningSite, Screenshot
from tests.grid.helpers import driver
from tests.harness import demo_person, t
from tests.hotline.helpers import request_plumbing

PHONE = {"width": 390, "height": 844}
HEADER_MAX = 120

# What does not fit: the page scrolling sideways, or anything (a table in a scrolling box above all) reaching
# past the screen's right edge. Elements inside a box that clips them (the day calendar's grid is hidden on a
# phone, so it is not measured) are counted too: a table cut off inside .table-wrap is what the user met.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) found.push('page ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('main *, header *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1) found.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(box.right));
  }
  return found.slice(0, 5);
}"""


async def sign_in(server: RunningSite, page: Any, handle: str) -> Any:
    app = server.linli
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session, session.begin():
        link = await issue_login_link(session, app, person, app.services.clock(), timedelta(minutes=10))
    await page.set_viewport_size(PHONE)
    await page.goto(server.url + link[link.index("/console/") :])
    await page.locator("main form button").last.click()
    return person


async def assert_fits(page: Any, where: str) -> None:
    header = await page.locator("header.top").bounding_box()
    assert header is not None
    assert header["height"] <= HEADER_MAX, f"{where}: header {header}"
    assert await page.evaluate(OVERFLOW) == [], f"{where}: wider than the phone"


NOW = datetime(2030, 3, 4, 2, 0, tzinfo=UTC)  # a Monday morning in Shanghai
WEDNESDAY = date(2030, 3, 6)


async def seed(app: Linli) -> None:
    """What a street admin's day holds beyond the demo: a 12343 request and a booking awaiting approval."""
    app.set_clock(lambda: NOW)
    await request_plumbing(driver(app, "wang"))
    luojh = await demo_person(app, "luojh")
    async with app.sessionmaker() as session, session.begin():
        hall = await session.scalar(select(Room).where(Room.code == "qiaotou-hall"))
        assert hall is not None
        at = booking_store.at_minutes(WEDNESDAY, 14 * 60 + 30, policy_of(app.settings).tz)
        await booking_store.book_room(
            session,
            hall.id,
            await session.merge(luojh),
            at,
            at + timedelta(hours=2),
            "重阳节汇演彩排",
            60,
            NOW,
            policy_of(app.settings),
        )


def shape(path: str) -> str:
    """/console/cases/17 and /console/cases/18 are one page to check; query strings (filters, pages) too."""
    return re.sub(r"\d+", "N", path.split("?", 1)[0])


def screen_name(who: str, path: str) -> str:
    return f"console-phone-{who}" + (path.removeprefix("/console").replace("/", "-") or "-home")


async def walk(server: RunningSite, page: Any, screenshot: Screenshot, who: str) -> set[str]:
    """Open every section from the folded menu, then each kind of page linked from it; return what was seen."""
    from playwright.async_api import expect

    seen: set[str] = set()
    sections = await page.locator("nav.sections a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(sections) >= 2
    for path in sections:
        menu = page.locator("label.menu-button")
        await expect(page.locator("nav.sections")).to_be_hidden()  # folded until asked for
        await menu.tap()
        await expect(page.locator("nav.sections")).to_be_visible()
        await page.locator(f'nav.sections a[href="{path}"]').tap()
        await expect(page).to_have_url(server.url + path)
        await expect(page.locator("h1").first).to_be_visible()
        await assert_fits(page, path)
        seen.add(shape(path))
        await screenshot(
            page, f"console-phone-{who}{path.replace('/console', '').replace('/', '-') or '-home'}", full_page=True
        )
        links = await page.locator("main a[href^='/console/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        for link in links:
            downloads = (".ics", ".xlsx", ".csv")  # files, not pages (playwright cannot "goto" a download)
            if shape(link) in seen or "/export" in link or any(kind in link for kind in downloads):
                continue
            seen.add(shape(link))
            response = await page.goto(server.url + link)
            assert response is not None
            assert response.ok, link
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue  # a photo or a file download
            await assert_fits(page, link)
            await screenshot(
                page, f"console-phone-{who}{shape(link).replace('/console', '').replace('/', '-')}", full_page=True
            )
        await page.goto(server.url + path)
    return seen


async def test_street_admin_uses_every_section_on_a_phone(
    server: RunningSite, page: Any, screenshot: Screenshot
) -> None:
    from playwright.async_api import expect

    await seed(server.linli)
    admin = await sign_in(server, page, "admin")
    await expect(page.locator(".who")).to_be_hidden()  # the menu, name and sign-out included, is folded
    await assert_fits(page, "/console")
    await screenshot(page, "console-phone-admin-folded")
    await page.locator("label.menu-button").tap()
    await expect(page.locator(".who")).to_have_text(admin.display_name)
    await screenshot(page, "console-phone-admin-menu")
    await page.locator("label.menu-button").tap()
    seen = await walk(server, page, screenshot, "admin")
    # The pages a street admin reaches from the sections, details included: the list must not quietly shrink.
    for expected in ("/console/cases/N", "/console/requests/N", "/console/bookings/N", "/console/notices/N"):
        assert expected in seen, (expected, " ".join(sorted(seen)))


async def test_a_list_becomes_cards_on_a_phone_and_a_table_on_a_desk(
    server: RunningSite, page: Any, screenshot: Screenshot
) -> None:
    from playwright.async_api import expect

    await sign_in(server, page, "li")
    await page.goto(server.url + "/console/cases")
    first = page.locator("table.cards tbody tr").first
    await expect(first).to_be_visible()
    # On the phone each value is labelled with its column's name, and the column headings are out of sight.
    label = await first.locator("td").nth(3).evaluate("td => getComputedStyle(td, '::before').content")
    assert t(server.linli, "zh", "console-cases-col-place") in label
    await expect(page.locator("table.cards thead")).to_be_hidden()
    await assert_fits(page, "/console/cases")
    await page.set_viewport_size({"width": 1280, "height": 900})
    await expect(page.locator("table.cards thead th").first).to_be_visible()
    await expect(page.locator("label.menu-button")).to_be_hidden()
    await expect(page.locator("nav.sections")).to_be_visible()  # on a desk the menu is always open
    assert await first.locator("td").nth(3).evaluate("td => getComputedStyle(td, '::before').content") == "none"
    await screenshot(page, "console-phone-cases-desk")


async def test_grid_worker_uses_every_section_on_a_phone(
    server: RunningSite, page: Any, screenshot: Screenshot
) -> None:
    await sign_in(server, page, "li")
    seen = await walk(server, page, screenshot, "li")
    assert "/console/cases/N" in seen, sorted(seen)
