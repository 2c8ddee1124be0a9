"""The console's grid cases through a real HTTP server: who sees which case, the table's filters, a case's
page with photos and history, and every handler action telling the resident exactly as the chat does."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp import FormData, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import Linli, load_demo
from bot.console.auth import LANG_COOKIE, issue_login_link
from bot.console.views.grid import PAGE_SIZE
from models.grid.store import CaseState, GridCasePhoto, GridCategory, case_number
from models.web import AuditEntry
from tests.console.conftest import SignIn, console_app, csrf_of, demo_person, session_csrf
from tests.grid.helpers import NOW, PNG_BYTES, driver, events, get_case, latest_case, queued, reply_of, report, texts
from tests.harness import AppFactory, place, t

Client = TestClient[web.Request, web.Application]
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"fixed-shed-after" * 20


async def reported(app: Linli, category: str = "违章搭建", *, photos: int = 0, submit: str = "匿名提交") -> int:
    """wang reports a problem in Grid 1 through the chat, as a resident does; the case's id."""
    app.set_clock(lambda: NOW)
    await report(driver(app, "wang"), category, photos=photos, submit=submit)
    return (await latest_case(app)).id


async def audit_actions(app: Linli, case_id: int) -> list[tuple[str, dict[str, str]]]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "grid_case", AuditEntry.object_id == str(case_id))
        )
        return [(row.action, dict(row.detail)) for row in rows]


def case_numbers(html: str) -> set[str]:
    return set(re.findall(r"G\d{6}", html))


# --- who may see what --------------------------------------------------------------------------------


async def test_signed_out_is_sent_to_sign_in(app: Linli, console: Client) -> None:
    case_id = await reported(app)
    for path in ("/console/cases", f"/console/cases/{case_id}"):
        response = await console.get(path, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"].startswith("/console/login?next=")
    response = await console.post(f"/console/cases/{case_id}/accept", data={"csrf": "x"}, allow_redirects=False)
    assert response.status == 303
    assert (await get_case(app, case_id)).state is CaseState.submitted


async def test_staff_without_a_grid_role_are_refused(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "liushifu")  # a repair provider's staff: the console, but not cases
    home = await console.get("/console")
    assert "/console/cases" not in await home.text()
    response = await console.get("/console/cases")
    assert response.status == 403
    assert t(app, "zh", "console-error-forbidden") in await response.text()


async def test_each_sees_their_own_cases_and_another_community_gets_404(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    case_id = await reported(app, photos=1)
    number = case_number(case_id)
    async with app.sessionmaker() as session:
        photo = await session.scalar(select(GridCasePhoto).where(GridCasePhoto.case_id == case_id))
        assert photo is not None

    await sign_in(console, "li")  # grid worker of Grid 1: the case is theirs
    listing = await (await console.get("/console/cases")).text()
    assert number in listing
    assert "/console/cases" in listing
    assert t(app, "zh", "console-nav-cases") in listing

    await sign_in(console, "ma")  # grid worker of Grid 2: not theirs
    assert number not in await (await console.get("/console/cases")).text()
    assert (await console.get(f"/console/cases/{case_id}")).status == 404

    await sign_in(console, "xu")  # the mediator of Grid 1: illegal building is a grid worker's case
    assert number not in await (await console.get("/console/cases")).text()

    await sign_in(console, "tang")  # community staff of Qiaotou, another community
    for path in (
        f"/console/cases/{case_id}",
        f"/console/cases/{case_id}/photos/{photo.id}",
    ):
        response = await console.get(path)
        assert response.status == 404, path
        body = await response.text()
        assert t(app, "zh", "console-error-not-found") in body
        assert "楼顶有人在搭铁皮棚" not in body
    assert number not in await (await console.get("/console/cases")).text()
    response = await console.post(
        f"/console/cases/{case_id}/accept", data={"csrf": await session_csrf(console)}, allow_redirects=False
    )
    assert response.status == 404
    assert (await get_case(app, case_id)).state is CaseState.submitted

    await sign_in(console, "admin")  # the street's admin covers both communities
    assert number in await (await console.get("/console/cases")).text()
    assert (await console.get(f"/console/cases/{case_id}")).status == 200


async def test_missing_and_malformed_ids_are_not_found(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    await sign_in(console, "zhou")
    for path in ("/console/cases/999999", "/console/cases/abc", f"/console/cases/{case_id}/photos/999999"):
        response = await console.get(path)
        assert response.status == 404, path
        assert t(app, "zh", "console-error-not-found") in await response.text()


# --- the table ---------------------------------------------------------------------------------------


async def test_filters_by_state_category_grid_and_colour(app: Linli, console: Client, sign_in: SignIn) -> None:
    fresh = case_number(await reported(app))  # 违章搭建, just reported: green
    await sign_in(console, "zhou")
    everything = case_numbers(await (await console.get("/console/cases")).text())
    assert fresh in everything
    assert len(everything) >= 4  # the demo's three open cases, all long overdue by the test clock

    red = case_numbers(await (await console.get("/console/cases?sla=red")).text())
    green = case_numbers(await (await console.get("/console/cases?sla=green")).text())
    assert fresh in green
    assert fresh not in red
    assert red == everything - {fresh}

    async with app.sessionmaker() as session:
        illegal = await session.scalar(select(GridCategory.id).where(GridCategory.code == "illegal-build"))
    by_category = await (await console.get(f"/console/cases?category={illegal}")).text()
    assert case_numbers(by_category) == {fresh}
    accepted = await (await console.get("/console/cases?state=accepted")).text()
    assert fresh not in case_numbers(accepted)
    assert case_numbers(accepted)
    grid2 = await place(app, "yuntang-g2")
    assert case_numbers(await (await console.get(f"/console/cases?grid={grid2.id}")).text()) == set()
    assert t(app, "zh", "console-cases-empty") in await (await console.get(f"/console/cases?grid={grid2.id}")).text()

    # Yellow: 75% of the 24-hour accept deadline used.
    app.set_clock(lambda: NOW + timedelta(hours=19))
    await sign_in(console, "zhou")  # a session idles out long before that
    assert fresh in case_numbers(await (await console.get("/console/cases?sla=yellow")).text())


async def test_unknown_filter_values_fall_back_to_any(app: Linli, console: Client, sign_in: SignIn) -> None:
    fresh = case_number(await reported(app))
    qiaotou_grid = await place(app, "qiaotou-g1")
    await sign_in(console, "zhou")
    for query in ("state=nonsense", "sla=purple", "category=abc", f"grid={qiaotou_grid.id}", "page=-3"):
        response = await console.get(f"/console/cases?{query}")
        assert response.status == 200, query
        body = await response.text()
        assert fresh in body, query  # the filter is dropped, the list still shown
        if query != "page=-3":
            assert t(app, "zh", "console-cases-filter-dropped") in body, query


async def test_pages(app: Linli, console: Client, sign_in: SignIn) -> None:
    app.set_clock(lambda: NOW)
    wang = driver(app, "wang")
    for index in range(PAGE_SIZE):
        await report(wang, "其他", f"第{index}件小事")
    await sign_in(console, "zhou")
    first = await (await console.get("/console/cases")).text()
    assert len(case_numbers(first)) == PAGE_SIZE
    assert t(app, "zh", "console-cases-page", page=1, pages=2) in first
    assert 'href="/console/cases?page=2"' in first
    second = await (await console.get("/console/cases?page=2")).text()
    assert case_numbers(second)
    assert not case_numbers(second) & case_numbers(first)
    beyond = await (await console.get("/console/cases?page=99")).text()  # clamped to the last page
    assert case_numbers(beyond) == case_numbers(second)


# --- a case's page -----------------------------------------------------------------------------------


async def test_case_page_shows_photos_history_and_contact_only_when_shared(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    anonymous = await reported(app, photos=2)
    await sign_in(console, "li")
    page = await (await console.get(f"/console/cases/{anonymous}")).text()
    assert "楼顶有人在搭铁皮棚" in page
    assert t(app, "zh", "grid-contact-hidden") in page
    assert "13800000001" not in page
    photos = re.findall(rf'<img src="(/console/cases/{anonymous}/photos/\d+)"', page)
    assert len(photos) == 2
    image = await console.get(photos[0])
    assert image.status == 200
    assert image.content_type == "image/png"
    assert await image.read() == PNG_BYTES + bytes([0])
    assert t(app, "zh", "console-cases-event", kind="submitted") in page
    assert t(app, "zh", "grid-act-accept") in page

    shared = await reported(app, submit="提交(可以联系我)")
    page = await (await console.get(f"/console/cases/{shared}")).text()
    assert "王秀英" in page


async def test_a_photo_of_another_case_is_not_served_through_this_one(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    with_photo = await reported(app, photos=1)
    other = await reported(app, "其他")
    async with app.sessionmaker() as session:
        photo = await session.scalar(select(GridCasePhoto).where(GridCasePhoto.case_id == with_photo))
        assert photo is not None
    await sign_in(console, "li")
    assert (await console.get(f"/console/cases/{with_photo}/photos/{photo.id}")).status == 200
    assert (await console.get(f"/console/cases/{other}/photos/{photo.id}")).status == 404


# --- actions -----------------------------------------------------------------------------------------


async def test_accept_note_ask_resolve_tell_the_resident_as_in_chat(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    case_id = await reported(app)
    number = case_number(case_id)
    csrf = await sign_in(console, "li")

    response = await console.post(f"/console/cases/{case_id}/accept", data={"csrf": csrf})
    assert response.status == 200
    assert response.url.path == f"/console/cases/{case_id}"
    body = await response.text()
    assert t(app, "zh", "grid-done-accepted", number=number) in body  # the chat's own words, as the flash
    assert t(app, "zh", "grid-act-resolve") in body
    assert (await get_case(app, case_id)).state is CaseState.accepted
    told = texts(await queued(app, "wang", "grid-accepted"))
    assert told == [
        t(app, "zh", "grid-told-status", event="accepted", number=number, category="违章搭建", text="-", instead="-")
    ]
    # The flash is shown once.
    assert (
        t(app, "zh", "grid-done-accepted", number=number)
        not in await (await console.get(f"/console/cases/{case_id}")).text()
    )

    await console.post(f"/console/cases/{case_id}/note", data={"csrf": csrf, "text": "已联系城管,明天上门"})
    assert (await get_case(app, case_id)).state is CaseState.in_progress
    assert "已联系城管" in texts(await queued(app, "wang", "grid-progress"))[0]

    await console.post(f"/console/cases/{case_id}/ask", data={"csrf": csrf, "text": "棚子在几楼?"})
    assert "棚子在几楼" in texts(await queued(app, "wang", "grid-question"))[0]
    assert (await get_case(app, case_id)).question_open

    form = FormData()
    form.add_field("csrf", csrf)
    form.add_field("text", "棚子已拆除")
    form.add_field("photo", JPEG_BYTES, filename="after.jpg", content_type="image/jpeg")
    response = await console.post(f"/console/cases/{case_id}/resolve", data=form)
    assert response.status == 200
    page = await response.text()
    assert t(app, "zh", "grid-done", action="resolve", number=number) in page
    case = await get_case(app, case_id)
    assert case.state is CaseState.resolved
    assert case.resolved_on_time is True
    resolved = await queued(app, "wang", "grid-resolved")
    assert "棚子已拆除" in texts(resolved)[0]
    labels = [button.label for row in reply_of(resolved[0]).buttons for button in row]
    assert t(app, "zh", "grid-res-ok") in labels  # the reporter is asked to confirm, as from chat
    evidence = re.findall(rf'<img src="(/console/cases/{case_id}/photos/\d+)"', page)
    image = await console.get(evidence[-1])
    assert image.content_type == "image/jpeg"
    assert await image.read() == JPEG_BYTES
    assert t(app, "zh", "console-cases-finished") in page  # nothing left for staff, as in chat

    kinds = [kind for kind, _text, _detail in await events(app, case_id)]
    assert kinds == ["submitted", "accepted", "note", "question", "resolved"]
    assert await audit_actions(app, case_id) == [
        ("grid.accept", {"from": "submitted", "to": "accepted"}),
        ("grid.note", {"from": "accepted", "to": "in_progress"}),
        ("grid.ask", {"from": "in_progress", "to": "in_progress"}),
        ("grid.resolve", {"from": "in_progress", "to": "resolved"}),
    ]


async def test_accepting_twice_says_the_case_moved_on(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    csrf = await sign_in(console, "li")
    await console.post(f"/console/cases/{case_id}/accept", data={"csrf": csrf})
    again = await console.post(f"/console/cases/{case_id}/accept", data={"csrf": csrf})
    assert again.status == 409
    assert t(app, "zh", "grid-wrong-state", case=case_number(case_id)) in await again.text()
    assert len(await queued(app, "wang", "grid-accepted")) == 1
    assert [action for action, _ in await audit_actions(app, case_id)] == ["grid.accept"]


async def test_bad_fields_are_refused_and_the_text_kept(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    csrf = await sign_in(console, "li")
    await console.post(f"/console/cases/{case_id}/accept", data={"csrf": csrf})

    empty = await console.post(f"/console/cases/{case_id}/note", data={"csrf": csrf, "text": "   "})
    assert empty.status == 400
    assert t(app, "zh", "console-error-field-required") in await empty.text()

    long_note = "很长的进展" * 101
    too_long = await console.post(f"/console/cases/{case_id}/note", data={"csrf": csrf, "text": long_note})
    assert too_long.status == 400
    body = await too_long.text()
    assert t(app, "zh", "console-error-field-too-long", limit=500) in body
    assert long_note in body  # typed text comes back in the form

    no_photo = await console.post(f"/console/cases/{case_id}/resolve", data={"csrf": csrf, "text": "修好了"})
    assert no_photo.status == 400
    body = await no_photo.text()
    assert t(app, "zh", "console-cases-photo-required") in body
    assert "修好了" in body

    form = FormData()
    form.add_field("csrf", csrf)
    form.add_field("text", "修好了")
    form.add_field("photo", b"<html>not a picture</html>", filename="x.png", content_type="image/png")
    not_image = await console.post(f"/console/cases/{case_id}/resolve", data=form)
    assert not_image.status == 400
    assert t(app, "zh", "console-cases-photo-type") in await not_image.text()

    for target in ("grid.999999", "role.street_admin", f"grid.{(await place(app, 'qiaotou-g1')).id}", ""):
        forged = await console.post(
            f"/console/cases/{case_id}/transfer", data={"csrf": csrf, "target": target, "text": "试试"}
        )
        assert forged.status == 400, target

    reject = await console.post(f"/console/cases/{case_id}/reject", data={"csrf": csrf, "text": "不归我们管"})
    assert reject.status == 400
    assert "不归我们管" in await reject.text()

    case = await get_case(app, case_id)
    assert case.state is CaseState.accepted
    assert case.grid_id == (await place(app, "yuntang-g1")).id
    assert [kind for kind, _t, _d in await events(app, case_id)] == ["submitted", "accepted"]
    assert [action for action, _ in await audit_actions(app, case_id)] == ["grid.accept"]
    assert await queued(app, "wang", "grid-progress") == []


async def test_without_csrf_nothing_happens(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    await sign_in(console, "li")
    for data in ({}, {"csrf": "forged"}):
        response = await console.post(f"/console/cases/{case_id}/accept", data=data)
        assert response.status == 403
        assert t(app, "zh", "console-error-csrf") in await response.text()
    assert (await get_case(app, case_id)).state is CaseState.submitted
    assert await queued(app, "wang", "grid-accepted") == []


async def test_transfer_to_another_grid_leaves_my_reach(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    number = case_number(case_id)
    grid2 = await place(app, "yuntang-g2")
    csrf = await sign_in(console, "li")
    page = await (await console.get(f"/console/cases/{case_id}")).text()
    assert f'value="grid.{grid2.id}"' in page
    assert 'value="role.mediator"' in page

    response = await console.post(
        f"/console/cases/{case_id}/transfer", data={"csrf": csrf, "target": f"grid.{grid2.id}", "text": "归二网格管"}
    )
    assert response.status == 200
    assert response.url.path == "/console/cases"
    body = await response.text()
    assert t(app, "zh", "grid-transferred-away") in body
    case = await get_case(app, case_id)
    assert (case.grid_id, case.state) == (grid2.id, CaseState.submitted)
    assert number in texts(await queued(app, "ma", "grid-new"))[0]  # the new grid's worker is told
    assert texts(await queued(app, "wang", "grid-transferred"))
    assert (await console.get(f"/console/cases/{case_id}")).status == 404
    assert await audit_actions(app, case_id) == [
        ("grid.transfer", {"from": "submitted", "to": "submitted", "grid": "yuntang-g2", "role": "grid_worker"})
    ]


async def test_community_staff_reject_with_where_to_go(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    csrf = await sign_in(console, "zhou")
    response = await console.post(
        f"/console/cases/{case_id}/reject", data={"csrf": csrf, "text": "属于物业合同纠纷", "instead": "物业公司"}
    )
    assert response.status == 200
    assert (await get_case(app, case_id)).state is CaseState.rejected
    told = texts(await queued(app, "wang", "grid-rejected"))[0]
    assert "属于物业合同纠纷" in told
    assert "物业公司" in told
    page = await response.text()
    assert t(app, "zh", "console-cases-finished") in page
    assert t(app, "zh", "console-cases-event-go", where="物业公司") in page
    assert "周丽华" in page  # staff are named to staff in the history
    assert t(app, "zh", "grid-act-accept") not in page


async def test_english_console(app: Linli, console: Client, sign_in: SignIn) -> None:
    case_id = await reported(app)
    await sign_in(console, "li")
    console.session.cookie_jar.update_cookies({"linli_lang": "en"})
    listing = await (await console.get("/console/cases")).text()
    assert t(app, "en", "console-cases-title") in listing
    assert "Illegal construction" in listing
    page = await (await console.get(f"/console/cases/{case_id}")).text()
    assert t(app, "en", "grid-act-accept") in page


async def test_the_table_and_a_case_on_both_databases(db_url: str, make_app: AppFactory) -> None:
    """The list's SQL (scope, running-deadline order, count, pages) on SQLite and PostgreSQL alike."""
    linli = await make_app(database_url=db_url)
    async with linli.sessionmaker() as session, session.begin():
        await load_demo(session)  # only the embedded database loads it by itself (no-op there)
    async with TestClient(TestServer(console_app(linli))) as client:
        person = await demo_person(linli, "zhou")
        async with linli.sessionmaker() as session, session.begin():
            link = await issue_login_link(session, linli, person, linli.services.clock(), timedelta(minutes=5))
        token = link.split("token=", 1)[1]
        confirm = await (await client.get(f"/console/login/link?token={token}")).text()
        await client.post("/console/login/link", data={"csrf": csrf_of(confirm), "token": token})
        numbers = set()
        for query in ("", "?state=all", "?sla=green", "?state=accepted&page=2"):
            response = await client.get(f"/console/cases{query}")
            assert response.status == 200, query
            numbers |= case_numbers(await response.text())
        assert len(numbers) == 3  # the demo's open cases, all in Yuntang
        first = min(numbers)
        page = await client.get(f"/console/cases/{int(first[1:])}")
        assert page.status == 200
        assert first in await page.text()


async def test_the_flash_speaks_the_consoles_language_and_the_resident_their_own(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    """Li's chat profile is in Chinese; on the console she chose English. What chat would have said to her
    is shown in English; the resident is still told in Chinese."""
    case_id = await reported(app)
    number = case_number(case_id)
    csrf = await sign_in(console, "li")
    console.session.cookie_jar.update_cookies({LANG_COOKIE: "en"})
    response = await console.post(f"/console/cases/{case_id}/accept", data={"csrf": csrf})
    assert response.status == 200
    body = await response.text()
    assert t(app, "en", "grid-done-accepted", number=number) in body
    assert t(app, "zh", "grid-done-accepted", number=number) not in body
    told = texts(await queued(app, "wang", "grid-accepted"))
    assert told == [
        t(app, "zh", "grid-told-status", event="accepted", number=number, category="违章搭建", text="-", instead="-")
    ]
