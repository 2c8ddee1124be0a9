"""The polls section: the list per community in scope, a poll's page (counts hidden while it runs, turnout
by building), opening a poll (past closing time refused), closing it (voters told), nominations; audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import models.timers as timers
from bot.app import Linli
from handlers.polls.jobs import CLOSE_TIMER
from models.places import place_by_code
from models.polls.store import OptionStatus, Poll, PollOption
from tests.console.conftest import SignIn, audited, signed_in, told


async def poll_titled(app: Linli, title: str) -> Poll:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Poll).where(Poll.title_zh == title))
        assert found is not None
        return found


def local(app: Linli, days: float) -> str:
    moment = (app.services.clock() + timedelta(days=days)).astimezone(app.settings.tz)
    return moment.strftime("%Y-%m-%dT%H:%M")


async def test_staff_see_their_communities_polls_only(app: Linli, sign_in: SignIn) -> None:
    parking = await poll_titled(app, "小区停车位划线方案")
    model = await poll_titled(app, "2026年度文明家庭评选")
    async with signed_in(app, sign_in, "zhou") as (client, _csrf):
        listing = await (await client.get("/console/polls")).text()
        assert "小区停车位划线方案" in listing
        assert "文明家庭" not in listing  # 湘园 is not zhou's
        page = await client.get(f"/console/polls/{parking.id}")
        html = await page.text()
        assert page.status == 200
        assert "结果在截止后公布" in html  # hidden while it runs
        assert "3/" in html  # turnout is shown
        assert "格兰小镇3栋" in html  # by building
        assert "2单元301" not in html  # but never a flat
        assert (await client.get(f"/console/polls/{model.id}")).status == 404
        assert (await client.get("/console/polls/999999")).status == 404


async def test_opening_a_poll(app: Linli, sign_in: SignIn) -> None:
    async with app.sessionmaker() as session:
        building = await place_by_code(session, "yuntang-b6")
        assert building is not None
    form = {
        "place": str(building.id),
        "kind": "multiple",
        "ballot": "person",
        "title_zh": "健身器材选哪几样",
        "title_en": "Which fitness equipment",
        "options_zh": "单杠\n太极推手器\n漫步机",
        "options_en": "Pull-up bar\nTai chi wheel\nAir walker",
        "max_choices": "2",
        "closes_at": local(app, -1),
        "results_hidden": "1",
    }
    async with signed_in(app, sign_in, "zhou") as (client, csrf):
        refused = await client.post("/console/polls/new", data={**form, "csrf": csrf})
        assert refused.status == 400
        assert "截止时间已经过去了" in await refused.text()
        created = await client.post(
            "/console/polls/new", data={**form, "csrf": csrf, "closes_at": local(app, 5)}, allow_redirects=False
        )
        assert created.status == 303, await created.text()
    poll = await poll_titled(app, "健身器材选哪几样")
    assert (poll.place_id, poll.max_choices, poll.title_en) == (building.id, 2, "Which fitness equipment")
    async with app.sessionmaker() as session:
        assert await timers.due_at(session, CLOSE_TIMER, poll.id) == poll.closes_at
    entries = await audited(app, "poll.create")
    assert [entry.object_id for entry in entries] == [str(poll.id)]
    await app.timers.run_due()
    assert await told(app, "li", "poll-open") == 1  # li lives in 格兰小镇6栋
    assert await told(app, "wang", "poll-open") == 0


async def test_closing_a_poll_sends_the_result(app: Linli, sign_in: SignIn) -> None:
    parking = await poll_titled(app, "小区停车位划线方案")
    async with signed_in(app, sign_in, "zhou") as (client, csrf):
        closed = await client.post(f"/console/polls/{parking.id}/close", data={"csrf": csrf}, allow_redirects=False)
        assert closed.status == 303
        again = await client.post(f"/console/polls/{parking.id}/close", data={"csrf": csrf}, allow_redirects=False)
        assert again.status == 409
        html = await (await client.get(f"/console/polls/{parking.id}")).text()
        assert "结果在截止后公布" not in html
        assert "沿主干道单侧划线" in html
    await app.timers.run_due()
    assert await told(app, "wang", "poll-result") == 1
    assert await told(app, "emma", "poll-result") == 0
    assert len(await audited(app, "poll.close")) == 1


async def test_approving_a_nomination(app: Linli, sign_in: SignIn) -> None:
    model = await poll_titled(app, "2026年度文明家庭评选")
    async with app.sessionmaker() as session:
        waiting = await session.scalar(select(PollOption).where(PollOption.status == OptionStatus.proposed))
        assert waiting is not None
    url = f"/console/polls/{model.id}/options/{waiting.id}"
    async with signed_in(app, sign_in, "fangmin") as (client, csrf):
        page = await (await client.get(f"/console/polls/{model.id}")).text()
        assert "热心公益的方家" in page
        assert (await client.post(url, data={"csrf": csrf, "decision": "maybe"})).status == 400
        approved = await client.post(url, data={"csrf": csrf, "decision": "approve"}, allow_redirects=False)
        assert approved.status == 303
        assert (await client.post(url, data={"csrf": csrf, "decision": "reject"})).status == 409
    async with app.sessionmaker() as session:
        option = await session.get(PollOption, waiting.id)
        assert option is not None
        assert option.status is OptionStatus.approved
    assert len(await audited(app, "poll.option_approve")) == 1
    async with signed_in(app, sign_in, "zhou") as (client, csrf):  # another community's staff
        assert (await client.post(url, data={"csrf": csrf, "decision": "approve"})).status == 404
