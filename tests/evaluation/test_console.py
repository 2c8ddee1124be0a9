"""The evaluation section: communities compared for admins, a community's trend with its figures and
anonymous comments, small groups hidden, opening a round (managers only, audited, once a period), scope."""

from __future__ import annotations

import base64
import re

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import Linli
from config.demo import load_feature_demo
from models.evaluation.store import EvaluationInvitation, EvaluationRound
from models.people import Person, Role, grant_role
from models.places import Place
from tests.console.conftest import SignIn, audited, demo_person, told
from tests.evaluation.helpers import NOW, Q4, png_size
from tests.harness import place

Client = TestClient[web.Request, web.Application]
IMAGE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
DEMO = load_feature_demo("evaluation")["rounds"]


def charts_in(html: str) -> list[bytes]:
    return [base64.b64decode(found) for found in IMAGE.findall(html)]


async def test_an_admin_compares_communities(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "admin")  # street admin of 暮云: 云塘 and 桥头
    response = await console.get("/console/evaluation")
    assert response.status == 200
    html = await response.text()
    assert "2026年第3季度各社区总体满意度" in html
    [chart] = charts_in(html)
    assert png_size(chart)[0] == 960
    yuntang = await place(app, "yuntang")
    assert f'href="/console/evaluation/{yuntang.id}"' in html
    assert "桥头社区" in html
    assert "湘园社区" not in html  # another street's


async def test_a_community_page_shows_the_trend_figures_and_comments(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    await sign_in(console, "zhou")
    yuntang = await place(app, "yuntang")
    html = await (await console.get(f"/console/evaluation/{yuntang.id}")).text()
    [chart] = charts_in(html)
    assert png_size(chart) == (960, 630)
    q3 = next(r for r in DEMO if r["community"] == "yuntang" and r["period"] == "2026-07-01")
    overall = sum(q3["overall"]) / len(q3["overall"])
    assert f"{overall:.1f} 分({len(q3['overall'])} 份)" in html
    for comment in q3["comments"]:
        assert comment in html
    assert "2026年第2季度" in html
    assert "开始2026年第4季度的评价" in html  # zhou manages 云塘: he may open a round


async def test_small_groups_and_few_comments_are_hidden(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "zhou")
    xiangyuan = await place(app, "xiangyuan")
    assert (await console.get(f"/console/evaluation/{xiangyuan.id}")).status == 404  # not his community
    # In 湘园, Q2 has two comments and Q3's 12343 group three answers: shown to no one.
    person = await demo_person(app, "zhou")
    async with app.sessionmaker() as session, session.begin():
        community = await session.get(Place, xiangyuan.id)
        zhou = await session.get(Person, person.id)
        assert community is not None
        assert zhou is not None
        await grant_role(session, zhou, Role.community_staff, community)
    html = await (await console.get(f"/console/evaluation/{xiangyuan.id}")).text()
    assert "不足5份,不显示" in html
    q3 = next(r for r in DEMO if r["community"] == "xiangyuan" and r["period"] == "2026-07-01")
    assert len(q3["hotline"]) < 5
    assert '<td data-label="12343 上门服务">不足5份,不显示</td>' in html
    q2 = next(r for r in DEMO if r["community"] == "xiangyuan" and r["period"] == "2026-04-01")
    assert len(q2["comments"]) < 5
    for comment in q2["comments"]:
        assert comment not in html


async def test_a_manager_opens_a_round_once_audited(app: Linli, console: Client, sign_in: SignIn) -> None:
    app.set_clock(lambda: NOW)
    csrf = await sign_in(console, "zhou")
    yuntang = await place(app, "yuntang")
    response = await console.post(f"/console/evaluation/{yuntang.id}/open", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 303
    async with app.sessionmaker() as session:
        evaluation = await session.scalar(
            select(EvaluationRound).where(
                EvaluationRound.community_id == yuntang.id, EvaluationRound.period_start == Q4
            )
        )
        assert evaluation is not None
        invited = await session.scalar(
            select(func.count(EvaluationInvitation.id)).where(EvaluationInvitation.round_id == evaluation.id)
        )
    assert invited is not None
    assert evaluation.invited == invited > 0
    assert evaluation.opened_by_id is not None
    assert await told(app, "wang", "evaluation-invite") == 1
    [entry] = await audited(app, "evaluation.open")
    assert entry.place_id == yuntang.id
    assert entry.detail == {"period": "2026-10-01", "invited": invited}

    again = await console.post(f"/console/evaluation/{yuntang.id}/open", data={"csrf": csrf}, allow_redirects=False)
    assert again.status == 409
    assert "这一期已经有评价了" in await again.text()
    assert await told(app, "wang", "evaluation-invite") == 1


async def test_a_grid_worker_reads_but_may_not_open(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "li")
    yuntang = await place(app, "yuntang")
    html = await (await console.get(f"/console/evaluation/{yuntang.id}")).text()
    assert "2026年第3季度" in html
    assert "/open" not in html
    response = await console.post(f"/console/evaluation/{yuntang.id}/open", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 404
    assert await audited(app, "evaluation.open") == []


async def test_people_without_a_staff_role_do_not_see_the_section(app: Linli, console: Client, sign_in: SignIn) -> None:
    await sign_in(console, "hotline")  # the 12343 desk: a console user, no community's staff
    assert (await console.get("/console/evaluation")).status == 403
