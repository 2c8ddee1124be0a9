"""Mounting the console on the web server: templates, security headers, sign-in, every section's pages."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from aiohttp import web

from bot.console import auth
from bot.console.page import FLASH_COOKIE, ConsoleError, Page, Routes, Section, View, page_context
from bot.console.staff import Staff, load_staff
from models.errors import DomainError
from models.people import Person

if TYPE_CHECKING:
    from bot.app import Linli

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
LINLI_KEY = web.AppKey("linli", object)
TEMPLATES_KEY = web.AppKey("console_templates", jinja2.Environment)

# Strict: our own styles and images only, no scripts at all on console pages, never framed (clickjacking),
# and no Referer beyond our own pages (a login link's token must not leak to anything the page links to;
# "no-referrer" would make browsers send `Origin: null` on our own form posts, which the CSRF check refuses).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@cache
def sections() -> list[Section]:
    """Every section, in menu order: each module of ``bot.console.views`` declares one ``SECTION``.
    Found by listing the package so that adding a section is adding a module."""
    import bot.console.views as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"bot.console.views.{info.name}")
        found.append(module.SECTION)
    return sorted(found, key=lambda section: section.order)


def visible_sections(staff: Staff) -> list[Section]:
    return [section for section in sections() if section.visible(staff)]


def make_templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,  # a missing variable is a bug, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment


@web.middleware
async def security_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exception:
        if request.path.startswith("/console"):
            exception.headers.update(SECURITY_HEADERS)
        raise
    if request.path.startswith("/console"):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def setup_console(app: web.Application, linli: Linli) -> None:
    templates = make_templates()
    app[LINLI_KEY] = linli
    app[TEMPLATES_KEY] = templates
    app.middlewares.append(security_headers)
    app.router.add_static("/console/static", HERE / "static", append_version=True)
    auth.add_routes(app, linli, templates)
    for section in sections():
        routes = Routes()
        section.routes(routes)
        for route in routes.items:
            app.router.add_route(route.method, route.path, staff_view(linli, templates, section, route.view))


def staff_view(
    linli: Linli, templates: jinja2.Environment, section: Section, view: View
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wraps a view: signed in, allowed into this section, CSRF checked on POST, one transaction."""

    async def handle(request: web.Request) -> web.StreamResponse:
        now = linli.services.clock()
        async with linli.sessionmaker() as session, session.begin():
            web_session = await auth.current_session(request, session, linli, now)
            person = None if web_session is None else await session.get(Person, web_session.person_id)
            staff = None if person is None else await load_staff(session, person)
            if web_session is None or staff is None:
                return auth.to_login(request)
            language = auth.page_language(request, staff.person.language)
            form = None
            if request.method == "POST":
                form = await request.post()
                if not auth.csrf_ok(request, form, web_session.csrf_token):
                    log.warning("console: POST without a valid CSRF token refused")
                    return error_page(templates, linli, language, 403, "console-error-csrf")
            page = Page(
                request, linli, session, staff, web_session, now, templates, language, form, visible_sections(staff)
            )
            if not section.visible(staff):
                return error_page(templates, linli, language, 403, "console-error-forbidden", page=page)
            try:
                async with session.begin_nested():
                    response = await view(page)
                    await linli.core.settle(page)
            except ConsoleError as error:
                args = getattr(error, "args_", {})
                return error_page(templates, linli, language, error.status, error.message_id, page=page, **args)
            except DomainError as refusal:  # a rule said no (stale state, a clash): explained, nothing kept
                args = refusal.args_for_message
                return error_page(templates, linli, language, 409, refusal.message_id, page=page, **args)
        if page.notified:
            linli.wake_outbox()
        if request.cookies.get(FLASH_COOKIE) and isinstance(response, web.Response) and response.status == 200:
            response.del_cookie(FLASH_COOKIE, path="/")
        return response

    return handle


def error_page(
    templates: jinja2.Environment,
    linli: Linli,
    language: str,
    status: int,
    message_id: str,
    *,
    page: Page | None = None,
    **args: object,
) -> web.Response:
    catalog = linli.services.catalog

    def t(message: str, **values: object) -> str:
        return catalog.t(language, message, values)

    context: dict[str, object] = (
        page_context(page) if page is not None else {"t": t, "lang": language, "nav": [], "flash": ""}
    )
    context.update(status=status, message=t(message_id, **args), t=t)
    body = templates.get_template("error.html").render(**context)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
