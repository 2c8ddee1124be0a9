"""The volunteers section: applications, the volunteers and their hours, tasks created and dispatched from the
console (volunteers get offers as from /newtask), cancelling, the ranking; scope and bad input."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import Linli
from models.places import Place, place_by_code
from models.volunteers.store import (
    OfferStatus,
    VolunteerOffer,
    VolunteerProfile,
    VolunteerStatus,
    VolunteerTask,
    answer_offer,
)
from models.web import AuditEntry
from tests.console.conftest import SignIn, demo_person
from tests.volunteers.helpers import sent_to

Client = TestClient[web.Request, web.Application]


async def place_id(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        place = await place_by_code(session, code)
        assert place is not None
        return place.id


async def profile_of(app: Linli, handle: str) -> VolunteerProfile:
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        profile = await session.scalar(select(VolunteerProfile).where(VolunteerProfile.person_id == person.id))
        assert profile is not None
        return profile


async def audit_actions(app: Linli, action: str) -> list[AuditEntry]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(AuditEntry).where(AuditEntry.action == action))).all())


async def demo_task(app: Linli, community: str = "yuntang") -> VolunteerTask:
    community_id = await place_id(app, community)
    async with app.sessionmaker() as session:
        task = await session.scalar(
            select(VolunteerTask).where(VolunteerTask.community_id == community_id).order_by(VolunteerTask.id)
        )
        assert task is not None
        return task


def task_form(app: Linli, community_id: int, **changes: str) -> dict[str, str]:
    tomorrow = (app.services.clock() + timedelta(days=1)).astimezone(app.services.settings.tz).date()
    form = {
        "community": str(community_id),
        "title": "帮王阿姨搬花盆",
        "skill": "housework",
        "place": str(community_id),
        "day": tomorrow.isoformat(),
        "time": "10:00",
        "length": "2",
        "estimate": "1.5",
        "places": "2",
    }
    return {**form, **changes}


# --- who gets in ---------------------------------------------------------------------------------------


async def test_signed_out_goes_to_sign_in(console: Client) -> None:
    response = await console.get("/console/volunteers", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/console/login")


async def test_a_grid_worker_has_no_volunteers_section(console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "li")
    home = await (await console.get("/console")).text()
    assert 'href="/console/volunteers"' not in home
    response = await console.get("/console/volunteers")
    assert response.status == 403


async def test_overview_shows_applications_volunteers_tasks_and_ranking(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    await sign_in(console, "zhou")
    page = await console.get("/console/volunteers")
    html = await page.text()
    assert page.status == 200
    assert "方婷" in html
    assert "/applications/" in html
    assert "赵建国" in html
    assert "孙美玲" in html
    assert "社区防诈骗宣传" in html  # a demo task
    assert "时长排行" in html
    assert "唐文涛" not in html  # nobody of Qiaotou


async def test_an_admin_picks_among_the_communities_of_the_street(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "admin")
    html = await (await console.get("/console/volunteers")).text()
    assert "云塘社区" in html
    assert "桥头社区" in html
    qiaotou = await place_id(app, "qiaotou")
    page = await console.get(f"/console/volunteers?community={qiaotou}")
    assert page.status == 200
    assert "方婷" not in await page.text()


async def test_another_communitys_volunteers_and_tasks_are_not_found(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    csrf = await sign_in(console, "tang")  # Qiaotou staff
    yuntang = await place_id(app, "yuntang")
    assert (await console.get(f"/console/volunteers?community={yuntang}")).status == 404
    task = await demo_task(app)
    assert (await console.get(f"/console/volunteers/tasks/{task.id}")).status == 404
    response = await console.post(f"/console/volunteers/tasks/{task.id}/cancel", data={"csrf": csrf})
    assert response.status == 404
    fangting = await profile_of(app, "fangting")
    response = await console.post(f"/console/volunteers/applications/{fangting.id}/approve", data={"csrf": csrf})
    assert response.status == 404
    assert (await profile_of(app, "fangting")).status is VolunteerStatus.pending
    response = await console.post("/console/volunteers/tasks/new", data=task_form(app, yuntang, csrf=csrf))
    assert response.status == 404
    assert (await console.get("/console/volunteers/tasks/999999")).status == 404
    assert (await console.get("/console/volunteers/tasks/abc")).status == 404
    assert (await console.get("/console/volunteers?community=x")).status == 404


# --- applications ------------------------------------------------------------------------------------


async def test_approving_grants_the_role_and_tells_the_volunteer(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    fangting = await profile_of(app, "fangting")
    response = await console.post(
        f"/console/volunteers/applications/{fangting.id}/approve", data={"csrf": csrf}, allow_redirects=False
    )
    assert response.status == 303
    assert (await profile_of(app, "fangting")).status is VolunteerStatus.active
    told = await sent_to(app, "fangting", "volunteers-approved")
    assert len(told) == 1
    page = await console.get(response.headers["Location"])
    assert "方婷" in await page.text()
    assert "通过" in await page.text()
    [entry] = await audit_actions(app, "volunteers.approve")
    assert entry.object_id == str(fangting.id)
    assert entry.place_id == fangting.community_id
    # Pressed again (a second tab): the chat's refusal, nothing changes.
    again = await console.post(f"/console/volunteers/applications/{fangting.id}/approve", data={"csrf": csrf})
    assert again.status == 409
    assert "已经处理" in await again.text()
    assert len(await sent_to(app, "fangting", "volunteers-approved")) == 1


async def test_rejecting_needs_a_reason_and_tells_the_applicant(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    fangting = await profile_of(app, "fangting")
    url = f"/console/volunteers/applications/{fangting.id}/reject"
    empty = await console.post(url, data={"csrf": csrf, "reason": "  "})
    assert empty.status == 400
    too_long = await console.post(url, data={"csrf": csrf, "reason": "长" * 201})
    assert too_long.status == 400
    assert (await profile_of(app, "fangting")).status is VolunteerStatus.pending
    response = await console.post(url, data={"csrf": csrf, "reason": "本季度名额已满"}, allow_redirects=False)
    assert response.status == 303
    profile = await profile_of(app, "fangting")
    assert profile.status is VolunteerStatus.rejected
    assert profile.reject_reason == "本季度名额已满"
    [told] = await sent_to(app, "fangting", "volunteers-rejected")
    assert "本季度名额已满" in told.text
    assert len(await audit_actions(app, "volunteers.reject")) == 1


async def test_a_post_without_the_csrf_token_is_refused(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    fangting = await profile_of(app, "fangting")
    response = await console.post(f"/console/volunteers/applications/{fangting.id}/approve", data={})
    assert response.status == 403
    assert (await profile_of(app, "fangting")).status is VolunteerStatus.pending


# --- tasks ---------------------------------------------------------------------------------------------


async def test_a_new_task_is_dispatched_to_volunteers(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    form_page = await console.get(f"/console/volunteers/tasks/new?community={yuntang}")
    assert form_page.status == 200
    assert 'name="title"' in await form_page.text()
    response = await console.post(
        "/console/volunteers/tasks/new", data=task_form(app, yuntang, csrf=csrf), allow_redirects=False
    )
    assert response.status == 303, await response.text()
    task_id = int(response.headers["Location"].rsplit("/", 1)[1])
    async with app.sessionmaker() as session:
        task = await session.get(VolunteerTask, task_id)
        assert task is not None
        assert task.title == "帮王阿姨搬花盆"
        assert task.places_needed == 2
        assert task.estimated_minutes == 90
        assert task.wave == 1
        assert (task.ends_at - task.starts_at) == timedelta(hours=2)
        offered = (await session.scalars(select(VolunteerOffer).where(VolunteerOffer.task_id == task_id))).all()
    assert offered, "the first wave went out"
    # sunml does housework: she has the offer in her outbox, as from /newtask.
    assert await sent_to(app, "sunml", "volunteers-offer", task=task_id)
    page = await console.get(response.headers["Location"])
    html = await page.text()
    assert "帮王阿姨搬花盆" in html
    assert f"#{task_id}" in html
    assert "孙美玲" in html
    [entry] = await audit_actions(app, "volunteers.task_create")
    assert entry.object_id == str(task_id)
    assert entry.detail["offers"] == len(offered)


async def test_bad_task_forms_are_answered_and_keep_what_was_typed(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    qiaotou_grid = await place_id(app, "qiaotou-g1")
    yesterday = (app.services.clock() - timedelta(days=1)).astimezone(app.services.settings.tz).date()
    cases = [
        ({"title": ""}, "请写一下要做什么"),
        ({"title": "长" * 61}, "最多 60"),
        ({"skill": "juggling"}, "请选择任务所需技能"),
        ({"place": str(qiaotou_grid)}, "请选择任务地点"),
        ({"day": "明天"}, "无法识别该日期"),
        ({"day": yesterday.isoformat()}, "已经过去了"),
        ({"time": "25:00"}, "无法识别该时间"),
        ({"length": "9"}, "请选择时段长度"),
        ({"estimate": "很久"}, "不超过 24"),
        ({"places": "0"}, "1 到 30"),
        ({"places": "31"}, "1 到 30"),
    ]
    for change, expected in cases:
        response = await console.post(
            "/console/volunteers/tasks/new", data={**task_form(app, yuntang, csrf=csrf, title="搬花盆"), **change}
        )
        html = await response.text()
        assert response.status == 400, change
        assert expected in html, (change, html[-2000:])
        assert 'name="title"' in html  # the form again, with what was typed
        if "title" not in change:
            assert 'value="搬花盆"' in html
    async with app.sessionmaker() as session:
        titles = (await session.scalars(select(VolunteerTask.title))).all()
    assert "搬花盆" not in titles
    assert await audit_actions(app, "volunteers.task_create") == []


async def test_cancelling_a_task_tells_who_took_a_place(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    response = await console.post(
        "/console/volunteers/tasks/new", data=task_form(app, yuntang, csrf=csrf), allow_redirects=False
    )
    task_id = int(response.headers["Location"].rsplit("/", 1)[1])
    sunml = await demo_person(app, "sunml")
    async with app.sessionmaker() as session, session.begin():
        offer = await session.scalar(
            select(VolunteerOffer)
            .join(VolunteerProfile, VolunteerProfile.id == VolunteerOffer.profile_id)
            .where(VolunteerOffer.task_id == task_id, VolunteerProfile.person_id == sunml.id)
        )
        assert offer is not None
        await answer_offer(session, offer.id, sunml.id, accept=True, now=app.services.clock())
    page = await console.get(f"/console/volunteers/tasks/{task_id}")
    assert "已接受" in await page.text()
    assert "取消任务" in await page.text()
    response = await console.post(
        f"/console/volunteers/tasks/{task_id}/cancel", data={"csrf": csrf}, allow_redirects=False
    )
    assert response.status == 303
    async with app.sessionmaker() as session:
        task = await session.get(VolunteerTask, task_id)
        assert task is not None
        assert task.status.value == "cancelled"
        statuses = set(await session.scalars(select(VolunteerOffer.status).where(VolunteerOffer.task_id == task_id)))
    assert statuses <= {OfferStatus.cancelled, OfferStatus.expired}
    [told] = await sent_to(app, "sunml", "volunteers-task-cancelled")
    assert "帮王阿姨搬花盆" in told.text
    after = await (await console.get(response.headers["Location"])).text()
    assert "已取消" in after
    assert f"/tasks/{task_id}/cancel" not in after
    # Cancelled already: the chat's refusal, nobody told twice.
    again = await console.post(f"/console/volunteers/tasks/{task_id}/cancel", data={"csrf": csrf})
    assert again.status == 409
    assert len(await sent_to(app, "sunml", "volunteers-task-cancelled")) == 1
    assert len(await audit_actions(app, "volunteers.task_cancel")) == 1


async def test_the_ranking_counts_verified_hours_of_the_month(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    task = await demo_task(app)
    chen = await profile_of(app, "chen")
    now = app.services.clock()
    async with app.sessionmaker() as session, session.begin():
        session.add(
            VolunteerOffer(
                task_id=task.id,
                profile_id=chen.id,
                wave=1,
                status=OfferStatus.done,
                offered_at=now - timedelta(hours=3),
                answer_by=now - timedelta(hours=2),
                done_at=now - timedelta(minutes=5),
                minutes=120,
                verified_minutes=150,
            )
        )
    html = await (await console.get("/console/volunteers")).text()
    ranking = html.split('id="ranking"', 1)[1]
    assert "陈晓燕" in ranking
    assert "2.5" in ranking
    previous = await (await console.get("/console/volunteers?month=1")).text()
    assert "陈晓燕" not in previous.split('id="ranking"', 1)[1]


async def test_places_of_a_task_form_are_the_communitys_own(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    html = await (await console.get(f"/console/volunteers/tasks/new?community={yuntang}")).text()
    async with app.sessionmaker() as session:
        qiaotou = await session.scalar(select(Place).where(Place.code == "qiaotou"))
        assert qiaotou is not None
    assert f'value="{qiaotou.id}"' not in html
