"""Browser tests: a real Linli web server on a free port (demo data), driven by Debian's chromium through
Playwright (no downloaded browser builds). Screenshots go to tests/output/screenshots/ (kept, not in git).

Without chromium or Playwright these tests are skipped, except on CI (``CI=true``), where that fails.
Other tests in this folder use the same fixtures: ``server`` (the running site), ``browser``, ``page``
(a phone-sized page, 360×740) and ``screenshot(page, name)``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from aiohttp import web

from bot.app import Linli
from bot.server import mount_web
from bot.web import MAX_REQUEST_BYTES
from tests.harness import AppFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "output" / "screenshots"
PHONE = {"width": 360, "height": 740}


class Screenshot(Protocol):
    def __call__(self, page: Any, name: str, *, full_page: bool = False) -> Awaitable[Path]: ...


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests need {reason} (CI=true: not skipped)")
    pytest.skip(f"browser tests skipped: {reason}")


@dataclass
class RunningSite:
    linli: Linli
    url: str  # http://127.0.0.1:<port>


def build_web_app(linli: Linli) -> web.Application:
    """The whole web server as `linli run` serves it: the web chat and the console on one app."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    mount_web(linli, app)
    return app


@pytest.fixture
async def server(make_app: AppFactory) -> AsyncIterator[RunningSite]:
    linli = await make_app()
    runner = web.AppRunner(build_web_app(linli), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield RunningSite(linli, f"http://127.0.0.1:{port}")
    finally:
        await runner.cleanup()


def chromium_missing() -> bool:
    return shutil.which(CHROMIUM) is None


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    if chromium_missing():
        unavailable(f"chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        unavailable("the playwright package")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    """A phone-sized page in Chinese; console errors (a CSP violation, a script error) fail the test."""
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2, has_touch=True)
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        await context.close()
    assert errors == [], f"errors in the browser console: {errors}"


@pytest.fixture
def screenshot() -> Screenshot:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    async def take(page: Any, name: str, *, full_page: bool = False) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        await page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
