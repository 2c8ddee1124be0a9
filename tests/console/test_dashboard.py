"""The dashboard: figures checked against the demo data, charts only for the roles they concern."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from bot.app import Linli
from models.booking.store import managed_centres, usage
from models.grid.stats import grid_stats
from models.grid.store import ACTIVE_STATES, GridCase
from models.places import Place
from models.volunteers.store import OfferStatus, VolunteerOffer, VolunteerProfile, VolunteerTask
from tests.console.conftest import SignIn, demo_person
from tests.harness import place, t

Client = TestClient[web.Request, web.Application]
TABLE = re.compile(r'<table class="chart-data">.*?</table>', re.S)
FIGURE = re.compile(r'<figure class="card chart chart-([a-z-]+)">(.*?)</figure>', re.S)
ATTENTION = re.compile(
    r'<div class="attention-item">\s*(?:<a href="([^"]*)">)?<span class="figure">(\d+)</span><br>([^<]+)'
)


async def dashboard(client: Client) -> str:
    response = await client.get("/console")
    assert response.status == 200
    return await response.text()


def charts(html: str) -> dict[str, ET.Element]:
    """Each chart's figures, from the table under its picture (a chart with nothing to show has none)."""
    found = {}
    for name, body in FIGURE.findall(html):
        assert '<img src="data:image/png;base64,' in body
        table = TABLE.search(body)
        found[name] = ET.fromstring(table.group(0)) if table is not None else ET.Element("table")
    return found


def attention(html: str) -> dict[str, tuple[int, str]]:
    return {label.strip(): (int(count), url) for url, count, label in ATTENTION.findall(html)}


def figures(root: ET.Element, kind: str) -> list[tuple[str, str, float]]:
    return [
        (element.get("data-category", ""), element.get("data-series", ""), float(element.get("data-value", "0")))
        for element in root.iter()
        if element.get("class") == kind
    ]


async def cases_under(app: Linli, code: str) -> list[GridCase]:
    scope = await place(app, code)
    grid = aliased(Place)
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(GridCase).join(grid, grid.id == GridCase.grid_id).where(grid.path.startswith(scope.path))
        )
        return list(rows.all())


async def test_community_staff_see_their_figures(app: Linli, console: Client, sign_in: SignIn) -> None:
    now = app.services.clock()
    cases = await cases_under(app, "yuntang")
    assert len(cases) == 3  # the demo's open cases
    # One is resolved on time, to give the gauge something to measure.
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(GridCase)
            .where(GridCase.id == cases[0].id)
            .values(state="resolved", first_resolved_at=now, resolved_at=now, resolved_on_time=True)
        )
    await sign_in(console, "zhou")
    html = await dashboard(console)
    counts = attention(html)
    open_cases = [case for case in cases if case.state in ACTIVE_STATES]
    overdue = [case for case in cases[1:] if case.stage_due is not None and case.stage_due < now]
    assert counts[t(app, "zh", "console-dashboard-open-cases")] == (len(open_cases), "/console/cases")
    assert counts[t(app, "zh", "console-dashboard-overdue-cases")][0] == len(overdue)
    assert counts[t(app, "zh", "console-dashboard-pending-volunteers")][0] == 1  # fangting applied
    drawn = charts(html)
    assert set(drawn) == {"issues", "on-time", "rooms", "hours", "reach"}
    # Issues: every case of the last weeks in one bar, by category, and the same totals as /stats.
    bars = figures(drawn["issues"], "bar")
    async with app.sessionmaker() as session:
        stats = await grid_stats(session, await place(app, "yuntang"))
    by_category: dict[str, float] = {}
    for _week, category, value in bars:
        by_category[category] = by_category.get(category, 0) + value
    assert {name: count for name, count in by_category.items() if count} == {
        row.name_zh: row.count for row in stats.by_category
    }
    # On time: the gauge says what grid_stats says (1 of 1).
    assert stats.on_time_share == 1.0
    (arc,) = [element for element in drawn["on-time"].iter() if element.get("class") == "share"]
    assert float(arc.get("data-value", "0")) == stats.on_time_share
    # Room use: the booking model's own figures for this month, room by room.
    zhou = await demo_person(app, "zhou")
    tz = app.settings.tz
    local = now.astimezone(tz)
    async with app.sessionmaker() as session:
        centres = await managed_centres(session, zhou)
        expected = {
            use.room.name_zh: use.utilisation
            for centre in centres
            for use in await usage(session, centre.id, local.year, local.month, tz)
        }
    this_month = f"{local.year}年{local.month}月"
    drawn_rooms = {room: value for room, month, value in figures(drawn["rooms"], "bar") if month == this_month}
    assert drawn_rooms == expected
    assert drawn_rooms
    # Notice reach: one group of bars per demo notice to Yuntang.
    reach = figures(drawn["reach"], "bar")
    assert len({category for category, _series, _value in reach}) == 2
    # No personal data on the page: the reporters' phone numbers are nowhere.
    assert "138000000" not in html


async def test_volunteer_hours_are_counted_by_week(app: Linli, console: Client, sign_in: SignIn) -> None:
    now = app.services.clock()
    async with app.sessionmaker() as session, session.begin():
        task = await session.scalar(select(VolunteerTask).order_by(VolunteerTask.id).limit(1))
        profile = (
            await session.scalar(
                select(VolunteerProfile).where(VolunteerProfile.community_id == task.community_id).limit(1)
            )
            if task
            else None
        )
        assert task is not None
        assert profile is not None
        await session.execute(
            update(VolunteerOffer).where(VolunteerOffer.task_id == task.id).values(status=OfferStatus.declined)
        )
        offer = await session.scalar(
            select(VolunteerOffer).where(VolunteerOffer.task_id == task.id, VolunteerOffer.profile_id == profile.id)
        )
        if offer is None:
            offer = VolunteerOffer(task_id=task.id, profile_id=profile.id, offered_at=now, answer_by=now)
            session.add(offer)
        offer.status, offer.done_at, offer.minutes, offer.verified_minutes = OfferStatus.done, now, 90, 60
    await sign_in(console, "zhou")
    points = figures(charts(await dashboard(console))["hours"], "point")
    credited = [value for _week, series, value in points if series == t(app, "zh", "console-dashboard-hours-credited")]
    verified = [value for _week, series, value in points if series == t(app, "zh", "console-dashboard-hours-verified")]
    assert credited[-1] == 1.0
    assert verified[-1] == 1.0
    assert sum(credited) == 1.0
    # Another community's coordinator does not see these hours.
    await sign_in(console, "fangmin")
    other = figures(charts(await dashboard(console))["hours"], "point")
    assert sum(value for _w, _s, value in other) == 0


async def test_each_role_sees_its_own_charts_and_links(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "li")  # a grid worker: cases and the notices they may send, no rooms or volunteers
    html = await dashboard(console)
    assert set(charts(html)) == {"issues", "on-time", "reach"}
    assert set(attention(html)) == {
        t(app, "zh", "console-dashboard-open-cases"),
        t(app, "zh", "console-dashboard-overdue-cases"),
    }
    ma_cases = len([case for case in await cases_under(app, "yuntang-g2") if case.role == "grid_worker"])
    await sign_in(console, "ma")  # grid 2: none of grid 1's cases
    assert attention(await dashboard(console))[t(app, "zh", "console-dashboard-open-cases")][0] == ma_cases
    await sign_in(console, "xugf")  # a room manager: the rooms only
    html = await dashboard(console)
    assert set(charts(html)) == {"rooms"}
    assert set(attention(html)) == {t(app, "zh", "console-dashboard-pending-bookings")}
    await sign_in(console, "hotline")  # an operator: the queue, no charts
    html = await dashboard(console)
    assert charts(html) == {}
    assert set(attention(html)) == {t(app, "zh", "console-dashboard-queued-requests")}
    assert t(app, "zh", "console-dashboard-no-charts") in html


async def test_links_only_to_sections_the_person_may_open(app: Linli, console: Client, sign_in: SignIn) -> None:
    from bot.console.app import visible_sections
    from bot.console.staff import load_staff

    for handle in ("zhou", "li", "xugf", "hotline", "admin"):
        await sign_in(console, handle)
        html = await dashboard(console)
        async with app.sessionmaker() as session:
            staff = await load_staff(session, await demo_person(app, handle))
            assert staff is not None
            paths = {section.path for section in visible_sections(staff)}
        for _count, url in attention(html).values():
            assert url == "" or url in paths, (handle, url)
            if url:
                assert (await console.get(url)).status == 200, (handle, url)


async def test_english_and_no_scripts(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "admin")
    response = await console.post("/console/lang", data={"lang": "en", "next": "/console"})
    html = await response.text()
    assert "Issues by category and week" in html
    assert "Needs attention" in html
    assert "<script" not in html
    assert "style=" not in html
    async with app.sessionmaker() as session:
        total = await session.scalar(select(func.count(GridCase.id)))
    assert f"{total} cases reported" in html
