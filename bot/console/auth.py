"""Signing in to the console, and the session that follows.

Three ways in, no password to forget unless staff want one:
- a one-time link (``/console/login/link?token=…``) with a 6-digit code, sent by the bot in chat when a staff
  member sends ``/console``, or when they ask for one on the sign-in page (by phone number or demo handle);
- the code typed on the sign-in page;
- a password set from the CLI (``linli console password``).

A link's GET only shows a "sign in" button: chat apps fetch links for previews, and a GET that signed in
would burn the token (and sign in whoever previewed). Forms before sign-in carry a double-submit CSRF token
(cookie + field); after sign-in, the session's own token. Failures are counted per address and per account
in the database (shared by all processes) and limited.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import SUPPORTED_LANGUAGES
from handlers.core.messages import Reply
from handlers.core.scope import notify_person
from models.people import ChannelAccount, Person
from models.seed import DEMO_CHANNEL
from models.web import (
    CodePurpose,
    WebSession,
    check_password,
    end_web_session,
    failures_since,
    find_web_session,
    is_console_user,
    issue_code,
    issue_link_token,
    record_attempt,
    record_audit,
    redeem_code,
    start_web_session,
)

if TYPE_CHECKING:
    from bot.app import Linli

log = logging.getLogger(__name__)

SESSION_COOKIE = "linli_console"
ANON_CSRF_COOKIE = "linli_csrf"
LANG_COOKIE = "linli_lang"
ATTEMPT_WINDOW = timedelta(minutes=15)
LOGIN_PATH = "/console/login"
LINK_TOKEN_CHARS = 32  # secrets.token_urlsafe(models.web.LINK_TOKEN_BYTES)


# --- helpers shared with the section views ------------------------------------------------------------


def secure_request(request: web.Request, linli: Linli) -> bool:
    return (
        linli.settings.web_secure_cookies
        or request.secure
        or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
    )


def set_cookie(
    response: web.StreamResponse, request: web.Request, linli: Linli, name: str, value: str, **kw: Any
) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="Lax", path="/", secure=secure_request(request, linli), **kw
    )


async def current_session(
    request: web.Request, session: AsyncSession, linli: Linli, now: datetime
) -> WebSession | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    idle = timedelta(minutes=linli.settings.console_idle_minutes)
    return await find_web_session(session, token, now, idle)


def to_login(request: web.Request) -> web.Response:
    """Not signed in: to the sign-in page, coming back here afterwards (GETs only; a POST is lost anyway)."""
    target = LOGIN_PATH
    if request.method == "GET" and request.path != "/console":
        target += "?next=" + quote(request.path_qs, safe="")
    return web.Response(status=303, headers={"Location": target})


def page_language(request: web.Request, default: str) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in SUPPORTED_LANGUAGES else default


def visitor_language(request: web.Request, linli: Linli) -> str:
    """Before sign-in: the chosen language, else the browser's first supported one, else the default."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED_LANGUAGES:
            return code
    return linli.settings.default_language


def same_origin(request: web.Request) -> bool:
    """A browser sends Origin with every POST; when it does, it must be us (a second line behind CSRF)."""
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("X-Forwarded-Host") or request.host
    return origin.split("://", 1)[-1] == host


def csrf_ok(request: web.Request, form: Mapping[str, Any], expected: str) -> bool:
    given = form.get("csrf", "")
    if not isinstance(given, str) or not expected:
        return False
    return same_origin(request) and hmac.compare_digest(given.encode(), expected.encode())


def here(request: web.Request) -> str:
    """Where the language switch comes back to: this page with its query (a sign-in link's token, a
    list's filters); after a form was posted, the console's home, since the POST cannot be repeated."""
    return request.path_qs if request.method == "GET" else "/console"


def safe_next(value: str) -> str:
    """Only our own console pages: an open redirect after sign-in would make a phishing link look ours."""
    if (
        value.startswith("/console")
        and not value.startswith("//")
        and "\\" not in value
        and value.isprintable()  # no CR/LF (header injection) or other control characters
        and " " not in value
    ):
        return value
    return "/console"


# --- finding the person ------------------------------------------------------------------------------

PHONE = re.compile(r"[\d\s+\-()]{7,20}")


async def find_staff(session: AsyncSession, identifier: str) -> Person | None:
    """A console user by phone number (digits only compared) or by demo handle; None otherwise."""
    identifier = identifier.strip()
    person: Person | None = None
    if PHONE.fullmatch(identifier):
        digits = re.sub(r"\D", "", identifier)
        digits = digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
        person = await session.scalar(select(Person).where(Person.phone == digits, Person.forgotten_at.is_(None)))
    elif identifier:
        person = await session.scalar(
            select(Person)
            .join(ChannelAccount, ChannelAccount.person_id == Person.id)
            .where(ChannelAccount.channel == DEMO_CHANNEL, ChannelAccount.external_id == identifier.lower())
        )
    if person is None or not await is_console_user(session, person.id):
        return None
    return person


async def send_sign_in(session: AsyncSession, linli: Linli, person: Person, now: datetime) -> str:
    """Queue a sign-in message (code + link) to every chat account of ``person``; returns the link."""
    minutes = linli.settings.console_code_minutes
    ttl = timedelta(minutes=minutes)
    code = await issue_code(session, person.id, CodePurpose.console, now, ttl)
    token = await issue_link_token(session, person.id, CodePurpose.console, now, ttl)
    link = f"{linli.settings.base_url}/console/login/link?token={token}"
    catalog = linli.services.catalog

    def render(language: str) -> Reply:
        return Reply(catalog.t(language, "console-code-message", {"code": code, "link": link, "minutes": minutes}))

    # Urgent by nature (someone is waiting at the screen): never held for quiet hours.
    await notify_person(session, person, "console_code", render, now=now, settings=linli.settings)
    return link


async def issue_login_link(session: AsyncSession, linli: Linli, person: Person, now: datetime, ttl: timedelta) -> str:
    """A link for the operator to hand over (``linli console link``, the demo's start-up lines)."""
    token = await issue_link_token(session, person.id, CodePurpose.console, now, ttl)
    return f"{linli.settings.base_url}/console/login/link?token={token}"


# --- the routes --------------------------------------------------------------------------------------


async def sign_in_vouched(
    request: web.Request, response: web.StreamResponse, session: AsyncSession, linli: Linli, person: Person, how: str
) -> bool:
    """A person a platform vouches for (WeChat's web sign-in names its follower) is signed in, if they are a
    console user, as a sign-in link sent to their chat would: a session cookie on ``response``, audited."""
    if not await is_console_user(session, person.id):
        return False
    now = linli.services.clock()
    hours = linli.settings.console_session_hours
    token, _row = await start_web_session(session, person.id, now, timedelta(hours=hours))
    await record_audit(session, person.id, f"sign_in.{how}", now)
    set_cookie(response, request, linli, SESSION_COOKIE, token, max_age=hours * 3600)
    return True


class SignIn:
    def __init__(self, linli: Linli, templates: jinja2.Environment) -> None:
        self.linli = linli
        self.templates = templates

    def render(
        self, request: web.Request, template: str, *, status: int = 200, csrf: str | None = None, **context: Any
    ) -> web.Response:
        language = visitor_language(request, self.linli)
        catalog = self.linli.services.catalog
        token = csrf or request.cookies.get(ANON_CSRF_COOKIE) or secrets.token_urlsafe(24)

        def t(message_id: str, **args: Any) -> str:
            return catalog.t(language, message_id, args)

        body = self.templates.get_template(template).render(
            t=t,
            lang=language,
            nav=[],
            csrf=token,
            demo=self.linli.settings.demo,
            flash="",
            here=here(request),
            **context,
        )
        response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
        if request.cookies.get(ANON_CSRF_COOKIE) != token:
            set_cookie(response, request, self.linli, ANON_CSRF_COOKIE, token)
        return response

    async def checked_form(self, request: web.Request) -> Mapping[str, Any] | web.Response:
        form = await request.post()
        if not csrf_ok(request, form, request.cookies.get(ANON_CSRF_COOKIE, "")):
            log.warning("console sign-in: POST without a valid CSRF token refused")
            return self.render(request, "login.html", status=403, error="console-error-csrf", next="/console")
        return form

    def keys(self, request: web.Request, who: str, person: Person | None = None) -> list[str]:
        """Failures are counted per address, per typed name and, once the person is known, per person: one
        account reached by its phone number in several spellings and by its handle has one counter."""
        keys = [f"ip:{request.remote or '?'}", f"who:{who.strip().lower()[:60]}"]
        if person is not None:
            keys.append(f"person:{person.id}")
        return keys

    async def too_many(self, session: AsyncSession, keys: list[str], now: datetime) -> bool:
        limit = self.linli.settings.console_max_failures
        for key in keys:
            if await failures_since(session, key, now - ATTEMPT_WINDOW) >= limit:
                return True
        return False

    def refuse_too_many(self, request: web.Request, next_page: str) -> web.Response:
        return self.render(request, "login.html", status=429, error="console-error-too-many", next=next_page)

    async def signed_in(
        self, request: web.Request, session: AsyncSession, person: Person, now: datetime, how: str, next_page: str
    ) -> web.Response:
        settings = self.linli.settings
        token, _row = await start_web_session(session, person.id, now, timedelta(hours=settings.console_session_hours))
        await record_attempt(session, [f"person:{person.id}"], now, succeeded=True)
        await record_audit(session, person.id, f"sign_in.{how}", now)
        response = web.Response(status=303, headers={"Location": safe_next(next_page)})
        set_cookie(response, request, self.linli, SESSION_COOKIE, token, max_age=settings.console_session_hours * 3600)
        response.del_cookie(ANON_CSRF_COOKIE, path="/")
        return response

    # GET /console/login
    async def login_page(self, request: web.Request) -> web.Response:
        return self.render(request, "login.html", next=safe_next(request.query.get("next", "/console")))

    # POST /console/login/send: a code and link to the person's chats
    async def send(self, request: web.Request) -> web.Response:
        form = await self.checked_form(request)
        if isinstance(form, web.Response):
            return form
        who = str(form.get("who", ""))[:60]
        next_page = safe_next(str(form.get("next", "/console")))
        now = self.linli.services.clock()
        async with self.linli.sessionmaker() as session, session.begin():
            keys = self.keys(request, who)
            if await self.too_many(session, keys, now):
                return self.refuse_too_many(request, next_page)
            person = await find_staff(session, who)
            sent = False
            if person is None:
                await record_attempt(session, keys, now, succeeded=False)
            elif not await self.too_many(session, [f"send:{person.id}"], now):
                # Counted too: each message revokes the code before it, so unlimited sends would flood the
                # person's chat and keep them from ever using a code. Past the limit the page says the same.
                await record_attempt(session, [f"send:{person.id}"], now, succeeded=False)
                await send_sign_in(session, self.linli, person, now)
                sent = True
        if sent:
            self.linli.wake_outbox()
        # The same answer either way: the page must not tell who is staff.
        return self.render(request, "login_code.html", who=who, next=next_page)

    # POST /console/login/code
    async def code(self, request: web.Request) -> web.Response:
        form = await self.checked_form(request)
        if isinstance(form, web.Response):
            return form
        who, code = str(form.get("who", ""))[:60], str(form.get("code", "")).strip()[:20]
        next_page = safe_next(str(form.get("next", "/console")))
        now = self.linli.services.clock()
        async with self.linli.sessionmaker() as session, session.begin():
            person = await find_staff(session, who)
            keys = self.keys(request, who, person)
            if await self.too_many(session, keys, now):
                return self.refuse_too_many(request, next_page)
            person_id = None
            if person is not None and code:
                person_id = await redeem_code(session, CodePurpose.console, code, now, person_id=person.id)
            if person is None or person_id is None:
                await record_attempt(session, keys, now, succeeded=False)
                return self.render(
                    request, "login_code.html", status=401, who=who, next=next_page, error="console-error-bad-code"
                )
            return await self.signed_in(request, session, person, now, "code", next_page)

    # GET /console/login/link?token=…: confirm first (link previews must not sign anyone in)
    async def link_page(self, request: web.Request) -> web.Response:
        token = request.query.get("token", "")[:100]
        return self.render(request, "login_link.html", token=token)

    # POST /console/login/link
    async def link(self, request: web.Request) -> web.Response:
        form = await self.checked_form(request)
        if isinstance(form, web.Response):
            return form
        token = str(form.get("token", ""))[:100]
        now = self.linli.services.clock()
        async with self.linli.sessionmaker() as session, session.begin():
            keys = self.keys(request, "link")[:1]
            if await self.too_many(session, keys, now):
                return self.refuse_too_many(request, "/console")
            # Only a link's long token: a typed 6-digit code posted here would sign in without knowing whose
            # it is, turning the code space into a target for guessing.
            long_enough = len(token) >= LINK_TOKEN_CHARS
            person_id = await redeem_code(session, CodePurpose.console, token, now) if long_enough else None
            person = None if person_id is None else await session.get(Person, person_id)
            if person is None or not await is_console_user(session, person.id):
                await record_attempt(session, keys, now, succeeded=False)
                return self.render(request, "login.html", status=401, error="console-error-bad-link", next="/console")
            return await self.signed_in(request, session, person, now, "link", "/console")

    # POST /console/login/password
    async def password(self, request: web.Request) -> web.Response:
        form = await self.checked_form(request)
        if isinstance(form, web.Response):
            return form
        who, password = str(form.get("who", ""))[:60], str(form.get("password", ""))[:200]
        next_page = safe_next(str(form.get("next", "/console")))
        now = self.linli.services.clock()
        async with self.linli.sessionmaker() as session, session.begin():
            person = await find_staff(session, who)
            keys = self.keys(request, who, person)
            if await self.too_many(session, keys, now):
                return self.refuse_too_many(request, next_page)
            if person is None or not password or not await check_password(session, person.id, password):
                await record_attempt(session, keys, now, succeeded=False)
                return self.render(
                    request, "login.html", status=401, error="console-error-bad-password", next=next_page
                )
            return await self.signed_in(request, session, person, now, "password", next_page)

    # POST /console/logout
    async def logout(self, request: web.Request) -> web.Response:
        token = request.cookies.get(SESSION_COOKIE, "")
        now = self.linli.services.clock()
        async with self.linli.sessionmaker() as session, session.begin():
            current = await current_session(request, session, self.linli, now) if token else None
            form = await request.post()
            if current is None:
                return web.Response(status=303, headers={"Location": LOGIN_PATH})
            if not csrf_ok(request, form, current.csrf_token):
                # Not a silent redirect to the sign-in page: that would look signed out while the session lives.
                return self.render(request, "login.html", status=403, error="console-error-csrf", next="/console")
            await record_audit(session, current.person_id, "sign_out", now)
            await end_web_session(session, token)
        response = web.Response(status=303, headers={"Location": LOGIN_PATH})
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    # POST /console/lang: the console's language for this browser (the person's chat language stays)
    async def language(self, request: web.Request) -> web.Response:
        form = await request.post()
        chosen = str(form.get("lang", ""))
        back = safe_next(str(form.get("next", "/console")))
        response = web.Response(status=303, headers={"Location": back})
        if chosen in SUPPORTED_LANGUAGES and same_origin(request):
            set_cookie(response, request, self.linli, LANG_COOKIE, chosen, max_age=365 * 24 * 3600)
        return response


def add_routes(app: web.Application, linli: Linli, templates: jinja2.Environment) -> None:
    sign_in = SignIn(linli, templates)
    app.router.add_get(LOGIN_PATH, sign_in.login_page)
    app.router.add_post(LOGIN_PATH + "/send", sign_in.send)
    app.router.add_post(LOGIN_PATH + "/code", sign_in.code)
    app.router.add_get(LOGIN_PATH + "/link", sign_in.link_page)
    app.router.add_post(LOGIN_PATH + "/link", sign_in.link)
    app.router.add_post(LOGIN_PATH + "/password", sign_in.password)
    app.router.add_post("/console/logout", sign_in.logout)
    app.router.add_post("/console/lang", sign_in.language)
