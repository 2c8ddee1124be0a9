"""The authorisation matrix, generated from the console's route table: every route × every kind of staff
(and nobody signed in). A section a person may not open answers 403 on every one of its routes; the
others answer a page, a redirect or a clear 4xx — never a 500. A route added to a section is in the matrix
by itself, so it cannot slip past the section's check."""

from __future__ import annotations

import re

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Linli
from bot.console.app import sections
from bot.console.page import Routes, Section
from bot.console.staff import load_staff
from tests.console.conftest import SignIn, console_app, demo_person

Client = TestClient[web.Request, web.Application]
# Grid, community, street and district staff, a room manager, the hotline desk and a provider's repairman.
HANDLES = ("li", "zhou", "tang", "admin", "sun", "xugf", "hotline", "liushifu")
PARAMETER = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")  # {id} or {id:\d{1,9}}
ALLOWED = {200, 302, 303, 400, 404, 409}


def routes_of(section: Section) -> list[tuple[str, str]]:
    routes = Routes()
    section.routes(routes)
    return [(route.method, route.path) for route in routes.items]


def concrete(path: str, value: str) -> str:
    return PARAMETER.sub(value, path)


MATRIX = [(section, method, path) for section in sections() for method, path in routes_of(section)]


async def test_the_matrix_covers_every_section() -> None:
    assert {section.name for section, _m, _p in MATRIX} == {section.name for section in sections()}
    assert len(MATRIX) >= 30


async def test_signed_out_every_route_goes_to_sign_in(app: Linli) -> None:
    async with TestClient(TestServer(console_app(app))) as client:
        for _section, method, path in MATRIX:
            response = await client.request(method, concrete(path, "1"), allow_redirects=False)
            assert response.status == 303, (method, path, response.status)
            assert response.headers["Location"].startswith("/console/login")


@pytest.mark.parametrize("handle", HANDLES)
async def test_each_staff_member_gets_only_their_sections(app: Linli, sign_in: SignIn, handle: str) -> None:
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        staff = await load_staff(session, person)
    assert staff is not None
    async with TestClient(TestServer(console_app(app))) as client:
        csrf = await sign_in(client, handle)
        for section, method, path in MATRIX:
            for value in ("1", "999999"):
                url = concrete(path, value)
                if method == "GET":
                    response = await client.get(url, allow_redirects=False)
                else:  # with the session's CSRF token: what is refused is the person, not the form
                    response = await client.post(url, data={"csrf": csrf}, allow_redirects=False)
                if not section.visible(staff):
                    assert response.status == 403, (handle, method, url, response.status)
                else:
                    assert response.status in ALLOWED, (handle, method, url, response.status)
            # Without its CSRF token a POST is refused whoever posts it.
            if method == "POST":
                response = await client.post(concrete(path, "1"), data={}, allow_redirects=False)
                assert response.status == 403, (handle, path, response.status)
