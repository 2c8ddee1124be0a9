"""Pages opened inside WeChat know who is reading: web sign-in (网页授权, ``snsapi_base``).

A page of ours opened in WeChat's browser (the web chat from the account's menu, the console from a
sign-in message) is sent once to WeChat's authorize page, which comes straight back (``snsapi_base`` asks
the person nothing) with a code; the code, exchanged server-side, names the WeChat follower. Then:

- the web chat: the browser's chat and the follower are one person (the less established of the two
  accounts joins the other, as ``/link`` would), so a resident who opens the web chat from the menu sees
  their own bookings and cases;
- the console: a follower who is a console user is signed in, as by a sign-in link sent to their chat.

A cookie remembers that this browser has been through it, so it happens once, and a page opened outside
WeChat never leaves our site.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.webchat.channel import COOKIE as VISITOR_COOKIE
from bot.channels.webchat.channel import COOKIE_MAX_AGE, TOKEN, chat_id_of
from bot.channels.webchat.protocol import CHANNEL as WEB
from bot.channels.wechat.api import WeChatAPI, WeChatError
from models.link import move_account
from models.people import ChannelAccount, Person
from models.wechat import CHANNEL

if TYPE_CHECKING:
    from bot.app import Linli

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SEEN_COOKIE = "linli_wechat"  # this browser came back from WeChat's sign-in once already
WECHAT_BROWSER = "MicroMessenger"  # in the User-Agent of WeChat's built-in browser
TARGETS = {"chat": "/", "console": "/console"}  # the sign-in's ``state``: where it returns to


def authorize_url(linli: Linli, state: str) -> str:
    settings = linli.settings
    query = urlencode(
        {
            "appid": settings.wechat_app_id,
            "redirect_uri": f"{settings.base_url}/{settings.wechat_path.strip('/')}/oauth",
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
        }
    )
    return f"{settings.wechat_oauth_url.rstrip('/')}/connect/oauth2/authorize?{query}#wechat_redirect"


# Signs a vouched-for person into the console (bot.console.auth.sign_in_vouched, handed in by bot.server:
# the console is imported only there): True if they are a console user.
ConsoleSignIn = Callable[[web.Request, web.StreamResponse, AsyncSession, Person], Awaitable[bool]]


class WeChatSignIn:
    def __init__(self, linli: Linli, api: WeChatAPI, path: str, console_sign_in: ConsoleSignIn | None = None) -> None:
        self.linli = linli
        self.api = api
        self.path = path
        self.console_sign_in = console_sign_in

    def _cookie(self, request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
        settings = self.linli.settings
        secure = (
            settings.web_secure_cookies
            or request.secure
            or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
        )
        response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="Lax", secure=secure)

    def setup(self, app: web.Application) -> None:
        app.router.add_get(self.path + "/oauth", self.callback)
        app.middlewares.append(self.middleware)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The web chat's page and the console's sign-in, opened in WeChat for the first time: to WeChat's
        sign-in first."""
        if (
            request.method == "GET"
            and WECHAT_BROWSER in request.headers.get("User-Agent", "")
            and SEEN_COOKIE not in request.cookies
        ):
            state = {"/": "chat", "/console/login": "console"}.get(request.path)
            if state is not None:
                raise web.HTTPFound(authorize_url(self.linli, state))
        return await handler(request)

    async def callback(self, request: web.Request) -> web.StreamResponse:
        state = request.query.get("state", "")
        target = TARGETS.get(state, "/")
        response = _redirect(target)
        self._cookie(request, response, SEEN_COOKIE, "1")
        code = request.query.get("code", "")[:128]
        if not code:  # the person declined (never for snsapi_base) or the link was opened by hand
            return response
        try:
            openid = await self.api.oauth_openid(code)
        except (WeChatError, ConnectionError, TimeoutError) as error:
            log.warning("wechat sign-in: the code was not accepted (%s)", getattr(error, "code", type(error).__name__))
            return response
        async with self.linli.sessionmaker() as session, session.begin():
            follower = await _account(session, CHANNEL, openid)
            if follower is None:
                return response  # not a follower (yet): the page works as for anyone
            if state == "console":
                person = await session.get(Person, follower.person_id)
                sign_in = self.console_sign_in
                if person is None or sign_in is None or not await sign_in(request, response, session, person):
                    response = _redirect("/console/login")
                    self._cookie(request, response, SEEN_COOKIE, "1")
                return response
            visitor = request.cookies.get(VISITOR_COOKIE, "")
            if not TOKEN.match(visitor):
                visitor = secrets.token_urlsafe(24)
                self._cookie(request, response, VISITOR_COOKIE, visitor)
            await join_web_chat(session, follower, chat_id_of(visitor))
        return response


def _redirect(target: str) -> web.Response:
    return web.Response(status=302, headers={"Location": target})


async def _account(session: AsyncSession, channel: str, external_id: str) -> ChannelAccount | None:
    return await session.scalar(
        select(ChannelAccount).where(ChannelAccount.channel == channel, ChannelAccount.external_id == external_id)
    )


async def join_web_chat(session: AsyncSession, follower: ChannelAccount, web_chat_id: str) -> None:
    """The browser's web chat and the WeChat follower become one person."""
    web_account = await _account(session, WEB, web_chat_id)
    if web_account is None:
        session.add(
            ChannelAccount(person_id=follower.person_id, channel=WEB, external_id=web_chat_id, chat_id=web_chat_id)
        )
        await session.flush()
        return
    if web_account.person_id == follower.person_id:
        return
    on_wechat = await session.get(Person, follower.person_id)
    on_web = await session.get(Person, web_account.person_id)
    if on_wechat is None or on_web is None:
        return
    # The account of the person who has not joined a community goes to the one who has (the follower's
    # when both or neither have: the account's messages reach them outside the page too).
    if on_web.is_registered and not on_wechat.is_registered:
        await move_account(session, follower, on_web)
    else:
        await move_account(session, web_account, on_wechat)
