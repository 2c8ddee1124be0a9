"""What a console view gets and how it answers.

A view is ``async def view(page: Page) -> web.StreamResponse``. The wrapper in ``app.py`` has already signed
the person in, checked the CSRF token of a POST, and opened one transaction that commits when the view
returns (and rolls back when it raises). A view scopes every query with ``page.staff`` and raises
``NotFound`` for anything outside it — the same answer as for something that does not exist, so URLs
reveal nothing about other communities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import jinja2
from aiohttp import web
from multidict import MultiDictProxy
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.auth import here
from bot.console.staff import Staff
from config.i18n import format_datetime
from handlers.core.scope import Notifying, Services
from models.errors import DomainError
from models.people import Role
from models.places import Place, PlaceKind, tree_sorted
from models.web import WebSession, record_audit

if TYPE_CHECKING:
    from bot.app import Linli

View = Callable[["Page"], Any]  # async (Page) -> web.StreamResponse
FLASH_COOKIE = "linli_flash"


class ConsoleError(Exception):
    status = 400
    message_id = "console-error-bad-request"


class NotFound(ConsoleError):
    """Not there, or not yours: one answer for both."""

    status = 404
    message_id = "console-error-not-found"


class Forbidden(ConsoleError):
    """A section the person's roles do not open."""

    status = 403
    message_id = "console-error-forbidden"


class BadForm(ConsoleError):
    """A form field is missing or wrong; ``message_id`` says which, shown on the page."""

    status = 400

    def __init__(self, message_id: str = "console-error-bad-request", **args: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.args_ = args


@dataclass
class Page(Notifying):
    """What a view gets. A page is a ``Scope``: what a staff member does here tells people as chat would."""

    request: web.Request
    linli: Linli
    session: AsyncSession
    staff: Staff
    web_session: WebSession
    now: datetime
    templates: jinja2.Environment
    language: str
    form: MultiDictProxy[Any] | None = None
    # The sections this staff member may open, in menu order: the app's registry, handed down so that
    # a page (the navigation bar, the dashboard's links) needs nothing from the app.
    nav: Sequence[Section] = ()
    notified: int = 0

    @property
    def services(self) -> Services:
        return self.linli.services

    @property
    def query(self) -> Mapping[str, str]:
        return self.request.query

    def t(self, message_id: str, **args: Any) -> str:
        return self.services.catalog.t(self.language, message_id, args)

    def when(self, moment: datetime | None) -> str:
        return "" if moment is None else format_datetime(moment, self.language, self.services.settings.tz)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.services.settings.tz).date()

    def path_id(self, name: str = "id") -> int:
        """A numeric id from the URL; anything else is simply not found."""
        raw = self.request.match_info.get(name, "")
        if not raw.isdigit() or len(raw) > 12:
            raise NotFound()
        return int(raw)

    async def communities(self, roles: Iterable[Role]) -> list[Place]:
        """The communities beneath the person's grants of ``roles``, in tree order."""
        result = await self.session.scalars(
            select(Place).where(Place.kind == PlaceKind.community, self.staff.place_filter(Place.path, roles))
        )
        return await tree_sorted(self.session, result.all())

    def field(self, name: str, *, required: bool = True, max_chars: int = 2000) -> str:
        """A text field of the posted form, stripped; ``BadForm`` if required and empty, or too long."""
        value = "" if self.form is None else self.form.get(name, "")
        if not isinstance(value, str):
            raise BadForm()
        value = value.strip()
        if required and not value:
            raise BadForm("console-error-field-required")
        if len(value) > max_chars:
            raise BadForm("console-error-field-too-long", limit=max_chars)
        return value

    def int_field(self, name: str, *, required: bool = True) -> int | None:
        raw = self.field(name, required=required, max_chars=20)
        if not raw:
            return None
        try:
            return int(raw)
        except ValueError as error:
            raise BadForm("console-error-not-a-number") from error

    async def audit(
        self,
        action: str,
        *,
        object_type: str = "",
        object_id: str | int = "",
        place_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Log a staff action (never personal data in ``detail``)."""
        await record_audit(
            self.session,
            self.staff.person.id,
            action,
            self.now,
            object_type=object_type,
            object_id=object_id,
            place_id=place_id,
            detail=detail,
        )

    @property
    def csrf(self) -> str:
        return self.web_session.csrf_token


class Refused(BadForm):
    """A rule of the feature said no (a stale page, a clash): 409, as for a ``DomainError`` left to the
    wrapper, not 400, which is for a form filled in wrong."""

    status = 409


def refused(refusal: DomainError) -> Refused:
    """A rule of the feature said no: the same message as in chat, on the page (nothing kept)."""
    return Refused(refusal.message_id, **refusal.args_for_message)


def render(page: Page, template: str, *, status: int = 200, **context: Any) -> web.Response:
    body = page.templates.get_template(template).render(**page_context(page), **context)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def page_context(page: Page) -> dict[str, Any]:
    return {
        "t": page.t,
        "when": page.when,
        "staff": page.staff,
        "csrf": page.csrf,
        "lang": page.language,
        "nav": page.nav,
        "current_path": page.request.path,
        "here": here(page.request),
        "flash": unquote(page.request.cookies.get(FLASH_COOKIE, "")),
        "demo": page.services.settings.demo,
    }


def redirect(page: Page, location: str, *, flash: str = "") -> web.Response:
    """After a POST: see the result page (and a one-line message once)."""
    response = web.Response(status=303, headers={"Location": location})
    if flash:
        response.set_cookie(FLASH_COOKIE, quote(flash[:600]), max_age=60, httponly=True, samesite="Lax", path="/")
    return response


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    view: View


@dataclass
class Routes:
    """What a section registers: ``routes.get("/console/cases", view)``."""

    items: list[Route] = field(default_factory=list)

    def get(self, path: str, view: View) -> None:
        self.items.append(Route("GET", path, view))

    def post(self, path: str, view: View) -> None:
        self.items.append(Route("POST", path, view))


@dataclass(frozen=True)
class Section:
    """One entry of the console's navigation and the pages behind it."""

    name: str
    title: str  # catalog id
    path: str
    order: int
    visible: Callable[[Staff], bool]
    routes: Callable[[Routes], None]
