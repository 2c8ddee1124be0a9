"""Every console section in a real browser, as the street admin (demo ``admin``, who sees them all): each page
renders with its heading, follows the CSP (a violation is a console error, which fails the test), and keeps
a full-page screenshot under tests/output/screenshots/console-tour-*.png."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.console.app import visible_sections
from bot.console.auth import issue_login_link
from bot.console.staff import load_staff
from tests.browser.conftest import RunningSite, Screenshot
from tests.harness import demo_person, t


async def test_admin_visits_every_section(server: RunningSite, page: Any, screenshot: Screenshot) -> None:
    from playwright.async_api import expect  # after the fixtures: they skip (or fail on CI) without it

    app, site = server.linli, server.url
    admin = await demo_person(app, "admin")
    async with app.sessionmaker() as session, session.begin():
        staff = await load_staff(session, admin)
        assert staff is not None
        sections = visible_sections(staff)
        link = await issue_login_link(session, app, admin, app.services.clock(), timedelta(minutes=10))
    assert len(sections) >= 8  # the admin sees every section, the audit log included
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.goto(site + link[link.index("/console/") :])  # the link names the configured address
    await page.locator("form button").last.click()
    await expect(page.locator(".who")).to_have_text(admin.display_name)
    for section in sections:
        title = t(app, "zh", section.title)
        await page.get_by_role("navigation").get_by_role("link", name=title, exact=True).click()
        await expect(page).to_have_url(f"{site}{section.path}")
        await expect(page.locator('nav.sections a[aria-current="page"]')).to_have_text(title)
        await expect(page.locator("h1").first).to_be_visible()
        await screenshot(page, f"console-tour-{section.order:02d}-{section.name}", full_page=True)
