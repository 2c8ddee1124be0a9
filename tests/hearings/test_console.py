"""The hearings section: the list per community in scope, calling a hearing (its room held, refusals on the
form), a hearing's page (opinions with their authors, audited), publishing the notice, the outcome, cancelling;
staff of other places get "not found", and nothing the applicant's details say reaches what residents see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import Linli
from models.booking.store import Booking, BookingStatus
from models.hearings.store import Hearing, HearingStatus
from models.places import place_by_code
from tests.console.conftest import SignIn, audited, told
from tests.harness import demo_person
from tests.hearings.helpers import APPLICANT_PIECES, XIANGYUAN_SUBJECT, YUNTANG_SUBJECT, hearing_titled, sent_to

Client = TestClient[web.Request, web.Application]
APPLICANT = "申请人:赵桂兰,电话 13800000099,住址 青山小区5栋"


async def community_id(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        return place.id


def form(app: Linli, csrf: str, room_id: int, **changes: Any) -> list[tuple[str, str]]:
    """A complete form for a hearing 20 days from now, its notice period ending 3 days before."""
    local = app.services.clock().astimezone(app.settings.tz)
    day = (local + timedelta(days=20)).date().isoformat()
    values: dict[str, Any] = {
        "csrf": csrf,
        "kind": "allowance",
        "subject": "低保申请听证会",
        "description": "对一户低保申请进行公开听证。",
        "applicant": APPLICANT,
        "room": str(room_id),
        "day": day,
        "start": "09:00",
        "end": "10:30",
        "notice_day": (local + timedelta(days=17)).date().isoformat(),
        "notice_time": "18:00",
        "representatives": [],
        **changes,
    }
    pairs = []
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    return pairs


async def latest_hearing(app: Linli) -> Hearing:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Hearing).order_by(Hearing.id.desc()).limit(1))
        assert found is not None
        return found


async def test_signed_out_and_grid_workers_do_not_get_in(console: Client, sign_in: SignIn) -> None:
    response = await console.get("/console/hearings", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/console/login")
    await sign_in(console, "li")
    assert (await console.get("/console/hearings")).status == 403


async def test_the_list_shows_the_communities_in_scope(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    page = await (await console.get("/console/hearings")).text()
    assert YUNTANG_SUBJECT in page
    assert XIANGYUAN_SUBJECT not in page
    assert "1 / 2" in page  # one of two representatives confirmed
    assert "公示中" in page


async def test_a_hearing_page_shows_opinions_with_authors_and_is_audited(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    await sign_in(console, "zhou")
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    page = await (await console.get(f"/console/hearings/{hearing.id}")).text()
    assert "Emma Walsh" in page
    assert "李志强" in page
    assert "避开老人孩子上下学时间" in page
    assert "陈晓燕" in page
    (entry,) = await audited(app, "hearing.view")
    assert (entry.object_type, entry.object_id) == ("hearing", str(hearing.id))
    assert "Emma" not in str(entry.detail)


async def test_another_communitys_hearing_is_not_found(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "tang")  # 桥头's staff
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    yuntang = await community_id(app, "yuntang")
    for url in (
        f"/console/hearings/{hearing.id}",
        f"/console/hearings/communities/{yuntang}/new",
        "/console/hearings/x",
    ):
        assert (await console.get(url)).status == 404, url
    for action in ("publish", "outcome", "cancel"):
        data = {"csrf": csrf, "outcome": "x", "reason": "x", "confirm": "yes"}
        assert (await console.post(f"/console/hearings/{hearing.id}/{action}", data=data)).status == 404
    assert (await hearing_titled(app, YUNTANG_SUBJECT)).status is HearingStatus.noticed
    page = await (await console.get("/console/hearings")).text()
    assert YUNTANG_SUBJECT not in page


async def test_calling_and_publishing_a_hearing(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    room = (await hearing_titled(app, YUNTANG_SUBJECT)).room_id
    blank = await (await console.get(f"/console/hearings/communities/{yuntang}/new")).text()
    assert "王秀英" in blank  # a registered resident to invite
    assert "多功能活动厅" in blank
    wang, he = await demo_person(app, "wang"), await demo_person(app, "he")
    url = f"/console/hearings/communities/{yuntang}/new"
    response = await console.post(url, data=form(app, csrf, room, representatives=[wang.id]), allow_redirects=False)
    assert response.status == 303, await response.text()
    hearing = await latest_hearing(app)
    assert response.headers["Location"] == f"/console/hearings/{hearing.id}"
    assert (hearing.status, hearing.applicant_details) == (HearingStatus.draft, APPLICANT)
    zhou = await demo_person(app, "zhou")
    async with app.sessionmaker() as session:
        booking = await session.get(Booking, hearing.booking_id)
        assert booking is not None
        assert booking.status is BookingStatus.confirmed
        assert booking.person_id == zhou.id
    (created,) = await audited(app, "hearing.create")
    assert created.detail == {"kind": "allowance", "room": room, "representatives": 1}
    page = await (await console.get(f"/console/hearings/{hearing.id}")).text()
    assert "13800000099" in page  # staff see the applicant's details, in their own box
    residents_see = page.split("notice-text", 1)[1].split("</p>", 1)[0]
    assert "低保申请听证会" in residents_see
    for piece in APPLICANT_PIECES:
        assert piece not in residents_see
    # Publishing tells the community; the representative gets the invitation instead.
    response = await console.post(f"/console/hearings/{hearing.id}/publish", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 303
    assert (await latest_hearing(app)).status is HearingStatus.noticed
    assert await told(app, "emma", "hearing-notice") == 1
    assert await told(app, "wang", "hearing-invitation") == 1
    assert await told(app, "wang", "hearing-notice") == 0
    assert await told(app, "he", "hearing-notice") == 0
    for handle in ("emma", "wang"):
        for message in await sent_to(app, handle):
            for piece in APPLICANT_PIECES:
                assert piece not in message.text
    (publish,) = await audited(app, "hearing.publish")
    assert publish.detail is not None
    assert publish.detail["invited"] == 1
    # Twice: the notice is already out.
    assert (await console.post(f"/console/hearings/{hearing.id}/publish", data={"csrf": csrf})).status == 409
    assert await told(app, "emma", "hearing-notice") == 1
    # Residents may not be invited from another community.
    bad = form(app, csrf, room, representatives=[he.id], start="14:00", end="15:00")
    response = await console.post(url, data=bad)
    assert response.status == 409
    assert "居民代表必须是本社区已登记的居民" in await response.text()


async def test_the_form_refuses_with_reasons_and_keeps_what_was_typed(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await community_id(app, "yuntang")
    demo = await hearing_titled(app, YUNTANG_SUBJECT)
    url = f"/console/hearings/communities/{yuntang}/new"
    local = app.services.clock().astimezone(app.settings.tz)
    yesterday = (local - timedelta(days=1)).date().isoformat()
    demo_day = demo.starts_at.astimezone(app.settings.tz).date().isoformat()
    clash_notice = (demo.starts_at - timedelta(days=1)).astimezone(app.settings.tz).date().isoformat()
    cases = [
        ({"day": yesterday, "notice_day": yesterday}, 409, "听证时间已经过去了"),
        ({"notice_day": (local + timedelta(days=25)).date().isoformat()}, 409, "听证会要在公示期结束之后召开"),
        ({"end": "08:00"}, 409, "结束时间要晚于开始时间"),
        ({"day": demo_day, "start": "15:00", "end": "16:00", "notice_day": clash_notice}, 409, "已有预约"),
        ({"room": ""}, 400, "请选择地点"),
        ({"day": "下周三"}, 400, "请填写完整的日期和时间"),
        ({"kind": "secret"}, 400, "请选择听证类型"),
        ({"subject": "长" * 101}, 409, "请填写听证事项"),
    ]
    before = await latest_hearing(app)
    for changes, status, message in cases:
        response = await console.post(url, data=form(app, csrf, demo.room_id, **changes))
        text = await response.text()
        assert response.status == status, (changes, text[:300])
        assert message in text, (changes, message)
        assert "对一户低保申请进行公开听证。" in text  # what was typed comes back
    assert (await latest_hearing(app)).id == before.id
    assert await audited(app, "hearing.create") == []


async def test_the_outcome_after_the_hearing_and_cancelling(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    outcome = {"csrf": csrf, "outcome": "同意使用维修资金进行外墙维修。"}
    assert (await console.post(f"/console/hearings/{hearing.id}/outcome", data=outcome)).status == 409
    # Cancelling needs a reason and the confirmation.
    url = f"/console/hearings/{hearing.id}/cancel"
    assert (await console.post(url, data={"csrf": csrf, "reason": "改期"})).status == 400
    app.set_clock(lambda: hearing.ends_at + timedelta(hours=2))
    csrf = await sign_in(console, "zhou")  # ten days later: a new session
    outcome["csrf"] = csrf
    assert (await console.post(f"/console/hearings/{hearing.id}/outcome", data={"csrf": csrf})).status == 400
    response = await console.post(f"/console/hearings/{hearing.id}/outcome", data=outcome, allow_redirects=False)
    assert response.status == 303
    assert (await hearing_titled(app, YUNTANG_SUBJECT)).status is HearingStatus.decided
    for handle in ("emma", "li", "wang", "chen"):
        assert await told(app, handle, "hearing-outcome") == 1
    assert await told(app, "zhou", "hearing-outcome") == 0
    (entry,) = await audited(app, "hearing.outcome")
    assert entry.detail == {"told": 4}
    page = await (await console.get(f"/console/hearings/{hearing.id}")).text()
    assert "同意使用维修资金进行外墙维修。" in page
    data = {"csrf": csrf, "reason": "改期", "confirm": "yes"}
    assert (await console.post(url, data=data)).status == 409


async def test_cancelling_gives_the_room_back_and_tells_those_concerned(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    csrf = await sign_in(console, "zhou")
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    data = {"csrf": csrf, "reason": "施工方案需重新论证", "confirm": "yes"}
    response = await console.post(f"/console/hearings/{hearing.id}/cancel", data=data, allow_redirects=False)
    assert response.status == 303
    assert (await hearing_titled(app, YUNTANG_SUBJECT)).status is HearingStatus.cancelled
    async with app.sessionmaker() as session:
        booking = await session.get(Booking, hearing.booking_id)
        assert booking is not None
        assert booking.status is BookingStatus.cancelled
    for handle in ("emma", "li", "wang", "chen"):
        assert await told(app, handle, "hearing-cancelled") == 1
    (entry,) = await audited(app, "hearing.cancel")
    assert entry.detail == {"told": 4}
