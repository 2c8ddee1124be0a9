"""The audit log: admins only, their places only, filters and pages."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Linli
from models.web import record_audit
from tests.console.conftest import SignIn, console_app, demo_person
from tests.harness import place, t

Client = TestClient[web.Request, web.Application]
ROW = re.compile(r'<tr class="audit-entry">(.*?)</tr>', re.S)
CODE = re.compile(r"<code>([^<]+)</code>")


async def log(client: Client, query: str = "") -> tuple[int, str]:
    response = await client.get(f"/console/audit{query}")
    return response.status, await response.text()


def actions(html: str) -> list[str]:
    return [found for row in ROW.findall(html) for found in CODE.findall(row)]


async def add(app: Linli, handle: str | None, action: str, place_code: str | None, *, hours_ago: float = 0) -> None:
    person_id = None if handle is None else (await demo_person(app, handle)).id
    place_id = None if place_code is None else (await place(app, place_code)).id
    async with app.sessionmaker() as session, session.begin():
        moment = app.services.clock() - timedelta(hours=hours_ago)
        await record_audit(
            session,
            person_id,
            action,
            moment,
            object_type="grid_case",
            object_id=1,
            place_id=place_id,
            detail={"state": "accepted"},
        )


async def test_admins_see_their_places_and_their_people(app: Linli, console: Client, sign_in: SignIn) -> None:
    await add(app, "li", "grid.accept", "yuntang-g1")
    await add(app, "tang", "booking.approve", "qiaotou")
    await add(app, "fangmin", "notice.send", "xiangyuan")  # another street
    await add(app, "fangmin", "sign_in.code", None)  # works in another street
    await add(app, None, "cli.console_link", None)  # the operator's terminal
    async with TestClient(TestServer(console_app(app))) as other:
        await sign_in(other, "zhou")  # a sign-in of someone who works in the admin's street
    await sign_in(console, "admin")
    status, html = await log(console)
    assert status == 200
    seen = actions(html)
    assert {"grid.accept", "booking.approve", "sign_in.link"} <= set(seen)
    assert "notice.send" not in seen
    assert "sign_in.code" not in seen
    assert "cli.console_link" not in seen
    assert "周丽华" in html
    assert "李志强" in html
    assert "&#34;state&#34;: &#34;accepted&#34;" in html  # the detail, escaped
    # The district admin sees both streets.
    await sign_in(console, "sun")
    seen = actions((await log(console))[1])
    assert {"grid.accept", "notice.send", "sign_in.code"} <= set(seen)


async def test_not_for_staff_who_are_not_admins(app: Linli, console: Client, sign_in: SignIn) -> None:
    for handle in ("zhou", "li", "hotline"):
        await sign_in(console, handle)
        status, html = await log(console)
        assert status == 403
        assert t(app, "zh", "console-error-forbidden") in html


async def test_filters(app: Linli, console: Client, sign_in: SignIn) -> None:
    await add(app, "li", "grid.accept", "yuntang-g1", hours_ago=72)
    await add(app, "li", "grid.resolve", "yuntang-g1")
    await add(app, "tang", "booking.approve", "qiaotou")
    await sign_in(console, "admin")
    assert set(actions((await log(console, "?action=grid"))[1])) == {"grid.accept", "grid.resolve"}
    assert actions((await log(console, "?action=grid.resolve"))[1]) == ["grid.resolve"]
    assert actions((await log(console, "?action=100%25"))[1]) == []  # a wildcard is a plain character
    tang = await demo_person(app, "tang")
    assert actions((await log(console, f"?person={tang.id}"))[1]) == ["booking.approve"]
    today = app.services.clock().astimezone(app.settings.tz).date()
    recent = actions((await log(console, f"?action=grid&from={today - timedelta(days=1)}&to={today}"))[1])
    assert recent == ["grid.resolve"]
    older = actions((await log(console, f"?action=grid&to={today - timedelta(days=2)}"))[1])
    assert older == ["grid.accept"]
    # The filter form keeps what was chosen.
    html = (await log(console, f"?person={tang.id}"))[1]
    assert f'value="{tang.id}" selected' in html


async def test_bad_filters_get_a_clear_answer(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "admin")
    status, html = await log(console, "?from=2026-13-01")
    assert status == 400
    assert "2026-13-01" in html
    status, html = await log(console, "?from=2026-05-02&to=2026-05-01")
    assert status == 400
    assert t(app, "zh", "console-audit-dates-reversed") in html
    for query in ("?page=abc", "?page=0", "?person=x", "?page=99999999999"):
        status, html = await log(console, query)
        assert status == 400, query
        assert t(app, "zh", "console-error-not-a-number") in html, query
    status, _html = await log(console, "?action=" + "x" * 61)
    assert status == 400


async def test_pages(app: Linli, console: Client, sign_in: SignIn) -> None:
    for number in range(55):
        await add(app, "li", f"grid.note{number:02d}", "yuntang-g1", hours_ago=number)
    await sign_in(console, "admin")
    _status, first = await log(console, "?action=grid")
    assert len(actions(first)) == 50
    assert actions(first)[0] == "grid.note00"
    assert 'rel="next" href="/console/audit?action=grid&amp;page=2"' in first
    assert 'rel="prev"' not in first
    _status, second = await log(console, "?action=grid&page=2")
    assert actions(second) == [f"grid.note{number:02d}" for number in range(50, 55)]
    assert 'rel="prev" href="/console/audit?action=grid"' in second
    assert 'rel="next"' not in second
    _status, beyond = await log(console, "?action=grid&page=9")
    assert actions(beyond) == []
    assert t(app, "zh", "console-audit-empty") in beyond
