"""居民说事 end to end in a real browser: a resident raises a matter in the web chat on a phone; community
staff sign in to the console, find it and accept it with a public answer; the resident's open chat page
receives the answer. Screenshots go to tests/output/screenshots/talk-*.png."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.console.auth import issue_login_link
from models.talk.store import Matter, MatterStatus
from tests.browser.conftest import PHONE, RunningSite, Screenshot
from tests.browser.test_webchat import TIMEOUT_MS, answered, last_text, press, type_in
from tests.harness import demo_person

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2030, 3, 4, 10, 0, tzinfo=TZ).astimezone(UTC)  # a weekday morning: no quiet hours
TITLE = "北门台阶太高老人不好走"


async def test_resident_raises_staff_accept_in_console_resident_is_told(
    server: RunningSite, page: Any, browser: Any, screenshot: Screenshot
) -> None:
    from playwright.async_api import expect  # after the fixtures: they skip (or fail on CI) without it

    linli = server.linli
    linli.set_clock(lambda: NOW)
    t = linli.services.catalog.t
    await page.goto(server.url + "/")
    await page.locator(".msg.bot").first.wait_for(timeout=TIMEOUT_MS)
    await answered(page)
    await press(page, "中文")
    await press(page, "云塘社区")
    await press(page, "格兰小镇3栋")
    await type_in(page, "2单元301")
    await press(page, t("zh", "button-agree"))

    await press(page, t("zh", "menu-talk"))
    await screenshot(page, "talk-1-overview")
    await press(page, t("zh", "talk-button-raise"))
    await type_in(page, TITLE)
    if "差不多" in await last_text(page):  # the demo's matters are about lights and rubbish: not expected
        await press(page, t("zh", "talk-not-the-same"))
    await type_in(page, "北门进出要走五级台阶,没有扶手,希望加一段坡道。")
    await press(page, t("zh", "talk-no-photo"))
    assert TITLE in await last_text(page)
    await screenshot(page, "talk-2-preview")
    await press(page, t("zh", "talk-submit"))
    assert "已提交" in await last_text(page)
    async with linli.sessionmaker() as session:
        matter = await session.scalar(select(Matter).where(Matter.title == TITLE))
        assert matter is not None
        number = matter.number

    # Community staff, on a phone too, through the one-time link the bot would send.
    zhou = await demo_person(linli, "zhou")
    async with linli.sessionmaker() as session, session.begin():
        link = await issue_login_link(session, linli, zhou, NOW, timedelta(minutes=10))
    staff_context = await browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2, has_touch=True)
    console = await staff_context.new_page()
    token = link.split("token=", 1)[1]
    await console.goto(f"{server.url}/console/login/link?token={token}")
    await console.locator("form button").last.click()
    await expect(console.locator(".who")).to_have_text(zhou.display_name)
    await console.goto(server.url + "/console/talk")
    await expect(console.get_by_role("link", name=number)).to_be_visible()
    await screenshot(console, "talk-3-console-list")
    await console.get_by_role("link", name=number).click()
    await console.locator("#answer-form textarea[name=text]").fill("社区已联系物业,3月底前在北门加装坡道和扶手。")
    await screenshot(console, "talk-4-console-answer", full_page=True)
    await console.locator("#answer-form button").click()
    await expect(console.locator(".flash")).to_contain_text(number)
    await expect(console.locator("#matter-status")).to_have_text(t("zh", "talk-status-accepted"))
    await staff_context.close()

    # The resident's page, still open, receives the answer through the outbox.
    told = page.locator(".msg.bot", has_text="3月底前在北门加装坡道和扶手")
    await told.wait_for(timeout=TIMEOUT_MS)
    assert "社区已采纳" in await told.inner_text()
    await screenshot(page, "talk-5-told")
    async with linli.sessionmaker() as session:
        accepted = await session.scalar(select(Matter).where(Matter.title == TITLE))
        assert accepted is not None
        assert accepted.status is MatterStatus.accepted
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
