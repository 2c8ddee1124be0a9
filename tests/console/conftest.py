"""The console through aiohttp's test client: a real HTTP server on a free port, the demo database.

``console`` is a client that is not signed in; ``sign_in(client, handle)`` signs a demo person in the way a
staff member does (a one-time link from the bot, then the "sign in" button) and returns the session's CSRF
token for the forms.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import Linli
from bot.console.app import setup_console
from bot.console.auth import issue_login_link
from models.outbox import OutboxMessage
from models.people import ChannelAccount, Person
from models.seed import DEMO_CHANNEL
from models.web import AuditEntry

SignIn = Callable[[TestClient[web.Request, web.Application], str], Awaitable[str]]
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def console_app(linli: Linli) -> web.Application:
    app = web.Application()
    setup_console(app, linli)
    return app


async def demo_person(linli: Linli, handle: str) -> Person:
    async with linli.sessionmaker() as session:
        person = await session.scalar(
            select(Person)
            .join(ChannelAccount, ChannelAccount.person_id == Person.id)
            .where(ChannelAccount.channel == DEMO_CHANNEL, ChannelAccount.external_id == handle)
        )
        assert person is not None, handle
        return person


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found is not None, "no CSRF field on the page"
    return found.group(1)


@pytest.fixture
async def console(app: Linli) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async with TestClient(TestServer(console_app(app))) as client:
        yield client


@pytest.fixture
def sign_in(app: Linli) -> SignIn:
    async def go(client: TestClient[web.Request, web.Application], handle: str) -> str:
        person = await demo_person(app, handle)
        async with app.sessionmaker() as session, session.begin():
            link = await issue_login_link(session, app, person, app.services.clock(), timedelta(minutes=10))
        token = link.split("token=", 1)[1]
        page = await client.get(f"/console/login/link?token={token}")
        assert page.status == 200
        response = await client.post(
            "/console/login/link", data={"csrf": csrf_of(await page.text()), "token": token}, allow_redirects=False
        )
        assert response.status == 303, await response.text()
        home = await client.get("/console/login")  # any page with a form would do; the session's token is on
        assert home.status == 200  # every signed-in page, fetched by the tests from the page they post from
        return await session_csrf(client)

    return go


async def session_csrf(client: TestClient[web.Request, web.Application]) -> str:
    """The signed-in session's CSRF token, read from the console's first page (its sign-out form)."""
    page = await client.get("/console")
    assert page.status == 200, await page.text()
    return csrf_of(await page.text())


Client = TestClient[web.Request, web.Application]


@asynccontextmanager
async def signed_in(app: Linli, sign_in: SignIn, handle: str) -> AsyncIterator[tuple[Client, str]]:
    """A client of its own, signed in as a demo person, and the session's CSRF token."""
    async with TestClient(TestServer(console_app(app))) as client:
        yield client, await sign_in(client, handle)


async def told(app: Linli, handle: str, kind: str) -> int:
    """How many outbox messages of this kind were queued for the demo person."""
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.person_id == person.id, OutboxMessage.kind == kind)
        )
        return len(rows.all())


async def audited(app: Linli, action: str) -> list[AuditEntry]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(AuditEntry).where(AuditEntry.action == action))).all())
