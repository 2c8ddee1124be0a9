"""The page itself: its words, its security headers, the visitor's cookie, the static files."""

from __future__ import annotations

import re

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.webchat import WebChat
from tests.channels.webchat.conftest import Site
from tests.harness import AppFactory, t


def set_cookie(headers: object) -> str:
    values = headers.getall("Set-Cookie")  # type: ignore[attr-defined]
    assert len(values) == 1
    return str(values[0])


async def test_page_is_strict_and_sets_a_private_cookie(site: Site) -> None:
    response = await site.client.get("/")
    assert response.status == 200
    assert response.content_type == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = set_cookie(response.headers)
    assert cookie.startswith("linli_visitor=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain http on this machine: a Secure cookie would never come back
    body = await response.text()
    # No inline code (the policy would block it anyway): every script has a src, no on* handlers.
    assert re.findall(r"<script(?![^>]*\bsrc=)", body) == []
    assert re.findall(r"\son[a-z]+=", body) == []
    # Our own script and styles, versioned so a new release is not served from a stale cache.
    script = re.search(r'<script src="(/chat/static/chat\.js\?v=[^"]+)"', body)
    style = re.search(r'<link rel="stylesheet" href="(/chat/static/chat\.css\?v=[^"]+)"', body)
    assert script is not None
    assert style is not None
    assert "http://" not in body
    assert "https://" not in body
    js = await site.client.get(script.group(1))
    assert js.status == 200
    assert "javascript" in js.content_type
    assert "new WebSocket" in await js.text()
    css = await site.client.get(style.group(1))
    assert css.status == 200
    assert css.content_type == "text/css"


async def test_the_cookie_is_kept_and_renewed(site: Site) -> None:
    await site.client.get("/")
    first = site.chat_id()
    again = await site.client.get("/")
    assert site.chat_id() == first
    assert "Max-Age=31536000" in set_cookie(again.headers)


async def test_a_forged_cookie_is_replaced(site: Site) -> None:
    response = await site.client.get("/", headers={"Cookie": "linli_visitor=<script>"})
    assert "<script>" not in set_cookie(response.headers)
    assert re.match(r"linli_visitor=[A-Za-z0-9_-]{32};", set_cookie(response.headers))


async def test_secure_cookie_behind_https(site: Site, make_app: AppFactory) -> None:
    response = await site.client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in set_cookie(response.headers)
    # Configured (behind a proxy that does not say): every cookie is Secure.
    linli = await make_app(web_secure_cookies=True)
    app = web.Application()
    WebChat(linli).setup(app)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/")
        assert "Secure" in set_cookie(response.headers)


async def test_page_speaks_the_browsers_language_until_the_person_chooses(site: Site) -> None:
    linli = site.linli
    zh = await (await site.client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})).text()
    assert t(linli, "zh", "webchat-placeholder") in zh
    assert '<html lang="zh-CN">' in zh
    en = await (await site.client.get("/", headers={"Accept-Language": "fr;q=0.9, en-GB"})).text()
    assert t(linli, "en", "webchat-placeholder") in en
    assert '<html lang="en">' in en
    # Unknown languages fall back to the default (Chinese).
    fr = await (await site.client.get("/", headers={"Accept-Language": "fr"})).text()
    assert t(linli, "zh", "webchat-send") in fr
    # Both languages' words are in the page, for switching without a reload.
    assert t(linli, "en", "webchat-reconnecting") in zh
    assert t(linli, "zh", "webchat-reconnecting") in en

    # Once the person picks English in the chat, the page comes in English whatever the browser says.
    tab = await site.open_tab(headers={"Accept-Language": "zh-CN"})
    await tab.press("English")
    await tab.close()
    page = await (await site.client.get("/", headers={"Accept-Language": "zh-CN"})).text()
    assert '<html lang="en">' in page
    assert t(linli, "en", "webchat-placeholder") in page


async def test_text_is_escaped(site: Site) -> None:
    """Catalog texts go through autoescaping (a translator's "<" must not become markup)."""
    body = await (await site.client.get("/")).text()
    assert "data-title=" in body
    assert 'data-placeholder="输入消息…"' in body
