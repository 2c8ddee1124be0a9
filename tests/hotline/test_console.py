"""The console's 12343 section over real HTTP: who sees which request, what contact details show, the
provider's and operator's actions (and that the resident and providers are told, as in chat), filters, the
providers' page, bad input and CSRF."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.app import Linli
from models.hotline.cases import HotlineRequest, RequestStatus
from tests.console.conftest import SignIn, audited, signed_in, told
from tests.harness import ChatDriver, t
from tests.hotline.helpers import Clock, latest_request, request_plumbing

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def clock(app: Linli) -> Clock:
    return Clock(app)


@pytest.fixture
async def plumbing(app: Linli, clock: Clock) -> HotlineRequest:
    """wang (云塘) asks for a plumber in chat; the case is offered to 安居维修 (liushifu)."""
    await request_plumbing(ChatDriver(app, user_id="wang", channel="terminal"))
    request = await latest_request(app)
    assert request.status is RequestStatus.offered
    return request


async def current(app: Linli, request_id: int) -> HotlineRequest:
    async with app.sessionmaker() as session:
        found = await session.get(HotlineRequest, request_id)
        assert found is not None
        return found


async def post(client: Client, path: str, csrf: str, **fields: str) -> tuple[int, str]:
    response = await client.post(path, data={"csrf": csrf, **fields}, allow_redirects=False)
    return response.status, await response.text()


# --- who gets in ----------------------------------------------------------------------------------------


async def test_signed_out_goes_to_sign_in(console: Client) -> None:
    response = await console.get("/console/requests", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/console/login")


@pytest.mark.parametrize("handle", ["li", "xugf"])
async def test_roles_without_the_section_are_refused(console: Client, sign_in: SignIn, handle: str) -> None:
    await sign_in(console, handle)
    response = await console.get("/console/requests")
    assert response.status == 403
    home = await console.get("/console")
    assert 'href="/console/requests"' not in await home.text()


async def test_other_community_gets_404_and_never_sees_it_listed(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    async with signed_in(app, sign_in, "tang") as (client, _csrf):  # 桥头's staff; the case is 云塘's
        assert (await client.get(f"/console/requests/{plumbing.id}")).status == 404
        assert (await client.get(f"/console/requests/{plumbing.id}/photo")).status == 404
        assert plumbing.ticket not in await (await client.get("/console/requests")).text()
    async with signed_in(app, sign_in, "wushifu") as (client, csrf):  # a provider it was not offered to
        assert (await client.get(f"/console/requests/{plumbing.id}")).status == 404
        status, _ = await post(client, f"/console/requests/{plumbing.id}/accept", csrf, eta="1h")
        assert status == 404
    async with signed_in(app, sign_in, "fangmin") as (client, _csrf):
        assert (await client.get("/console/requests/999999")).status == 404


async def test_contact_details_follow_the_chat_rules(app: Linli, sign_in: SignIn, plumbing: HotlineRequest) -> None:
    async with signed_in(app, sign_in, "zhou") as (client, _csrf):  # supervising staff: no contact details
        page = await (await client.get(f"/console/requests/{plumbing.id}")).text()
        assert plumbing.ticket in page
        assert "水管维修" in page
        assert "格兰小镇3栋" not in page
        assert "13800000001" not in page
    async with signed_in(app, sign_in, "hotline") as (client, _csrf):  # operators: as on the chat's desk
        page = await (await client.get(f"/console/requests/{plumbing.id}")).text()
        assert "格兰小镇3栋" in page
        assert "王秀英" in page
    async with signed_in(app, sign_in, "liushifu") as (client, _csrf):  # offered, not accepted: hidden
        page = await (await client.get(f"/console/requests/{plumbing.id}")).text()
        assert "格兰小镇3栋" not in page
        assert f'action="/console/requests/{plumbing.id}/accept"' in page


# --- the provider's actions -----------------------------------------------------------------------------


async def test_provider_accepts_then_finishes_and_the_resident_is_told(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest, clock: Clock
) -> None:
    path = f"/console/requests/{plumbing.id}"
    async with signed_in(app, sign_in, "liushifu") as (client, csrf):
        status, _ = await post(client, f"{path}/accept", csrf, eta="soon")
        assert status == 400
        assert (await current(app, plumbing.id)).status is RequestStatus.offered

        response = await client.post(f"{path}/accept", data={"csrf": csrf, "eta": "1h"}, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"] == path
        accepted = await current(app, plumbing.id)
        assert accepted.status is RequestStatus.accepted
        assert accepted.eta_at is not None
        assert accepted.eta_at == clock.now.replace(hour=3)
        assert await told(app, "wang", "hotline-resident-accepted") == 1
        page = await (await client.get(path)).text()
        assert plumbing.ticket in page
        assert "格兰小镇3栋" in page
        assert "flash" in page

        status, text = await post(client, f"{path}/accept", csrf, eta="1h")  # a second press: stale
        assert status == 400
        assert t(app, "zh", "hotline-offer-gone") in text
        assert await told(app, "wang", "hotline-resident-accepted") == 1

        status, text = await post(client, f"{path}/done", csrf, note="   ")
        assert status == 400
        assert t(app, "zh", "console-error-field-required") in text
        status, text = await post(client, f"{path}/done", csrf, note="x" * 301)
        assert status == 400
        assert "300" in text
        assert (await current(app, plumbing.id)).status is RequestStatus.accepted

        status, _ = await post(client, f"{path}/done", csrf, note="换了厨房水管接头")
        assert status == 303
        done = await current(app, plumbing.id)
        assert done.status is RequestStatus.done
        assert done.done_note == "换了厨房水管接头"
        assert await told(app, "wang", "hotline-resident-done") == 1
        status, text = await post(client, f"{path}/done", csrf, note="again")
        assert status == 409
        assert plumbing.ticket in text

    actions = [entry.action for entry in await audited(app, "hotline.accept") + await audited(app, "hotline.done")]
    assert actions == ["hotline.accept", "hotline.done"]
    entry = (await audited(app, "hotline.accept"))[0]
    assert entry.object_id == str(plumbing.id)
    assert entry.detail["eta"] == "1h"
    assert "格兰" not in str(entry.detail)

    # Closed unrated after the confirmation window; the contact stays a week more, then hides again.
    await clock.advance(days=3, minutes=1)
    assert (await current(app, plumbing.id)).status is RequestStatus.closed
    async with signed_in(app, sign_in, "liushifu") as (client, _csrf):
        assert "格兰小镇3栋" in await (await client.get(path)).text()
    clock.now += timedelta(days=8)
    async with signed_in(app, sign_in, "liushifu") as (client, _csrf):
        response = await client.get(path)
        assert response.status == 200
        page = await response.text()
        assert plumbing.ticket in page
        assert "格兰小镇3栋" not in page


async def test_provider_declines_and_the_next_provider_is_offered(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    async with signed_in(app, sign_in, "liushifu") as (client, csrf):
        response = await client.post(
            f"/console/requests/{plumbing.id}/decline", data={"csrf": csrf}, allow_redirects=False
        )
        assert response.status == 303
        assert response.headers["Location"] == "/console/requests"
        assert (await client.get(f"/console/requests/{plumbing.id}")).status == 404  # no longer theirs
    assert await told(app, "wushifu", "hotline-offer") == 1  # 快修师傅 is next, told as in chat
    assert len(await audited(app, "hotline.decline")) == 1
    async with signed_in(app, sign_in, "wushifu") as (client, _csrf):
        page = await (await client.get(f"/console/requests/{plumbing.id}")).text()
        assert "accept" in page


async def test_supervisors_and_operators_cannot_act_as_the_provider(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    async with signed_in(app, sign_in, "zhou") as (client, csrf):
        status, _ = await post(client, f"/console/requests/{plumbing.id}/accept", csrf, eta="1h")
        assert status == 403
        status, _ = await post(client, f"/console/requests/{plumbing.id}/reassign", csrf, provider="3")
        assert status == 403
    assert (await current(app, plumbing.id)).status is RequestStatus.offered


# --- the operator's actions -----------------------------------------------------------------------------


async def test_operator_reassigns_and_the_new_provider_is_offered(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    path = f"/console/requests/{plumbing.id}"
    async with signed_in(app, sign_in, "hotline") as (client, csrf):
        page = await (await client.get(path)).text()
        options = dict((label, value) for value, label in re.findall(r'<option value="(\d+)">([^<]+)</option>', page))
        assert "快修师傅便民维修" in options
        assert "湘江家政服务有限公司" not in options

        status, text = await post(client, f"{path}/reassign", csrf, provider="1")  # 湘江家政: no plumbing
        assert status == 400
        assert t(app, "zh", "console-requests-bad-provider") in text
        status, text = await post(client, f"{path}/reassign", csrf, provider="abc")
        assert status == 400
        status, _ = await post(client, f"{path}/reassign", csrf)
        assert status == 400
        assert await told(app, "wushifu", "hotline-offer") == 0

        status, _ = await post(client, f"{path}/reassign", csrf, provider=options["快修师傅便民维修"])
        assert status == 303
        flash = await (await client.get(path)).text()
        assert "快修师傅便民维修" in flash
    assert await told(app, "wushifu", "hotline-offer") == 1
    entries = await audited(app, "hotline.reassign")
    assert [entry.detail["provider_id"] for entry in entries] == [int(options["快修师傅便民维修"])]


async def test_csrf_is_required(app: Linli, sign_in: SignIn, plumbing: HotlineRequest) -> None:
    async with signed_in(app, sign_in, "liushifu") as (client, _csrf):
        response = await client.post(f"/console/requests/{plumbing.id}/accept", data={"eta": "1h"})
        assert response.status == 403
        response = await client.post(f"/console/requests/{plumbing.id}/accept", data={"eta": "1h", "csrf": "forged"})
        assert response.status == 403
    assert (await current(app, plumbing.id)).status is RequestStatus.offered
    assert await told(app, "wang", "hotline-resident-accepted") == 0


# --- the table and its filters --------------------------------------------------------------------------


async def test_filters_and_deadline_marks(app: Linli, sign_in: SignIn, plumbing: HotlineRequest, clock: Clock) -> None:
    async with signed_in(app, sign_in, "hotline") as (client, _csrf):
        listed = await (await client.get("/console/requests?status=offered")).text()
        assert plumbing.ticket in listed
        assert plumbing.ticket not in await (await client.get("/console/requests?status=closed")).text()
        assert plumbing.ticket not in await (await client.get("/console/requests?sla=red")).text()
        assert plumbing.ticket not in await (await client.get("/console/requests?category=999")).text()
        for bad in ("status=nonsense", "sla=purple", "category=abc", "provider=-1"):
            response = await client.get(f"/console/requests?{bad}")
            assert response.status == 400, bad
            assert t(app, "zh", "console-requests-bad-filter") in await response.text()

    # Nobody answers: the offers run out, the case lands in the queue and its deadlines pass.
    await clock.advance(minutes=16)  # past 75% of the 20-minute answer window: yellow
    async with signed_in(app, sign_in, "hotline") as (client, _csrf):
        yellow = await (await client.get("/console/requests?sla=yellow")).text()
        assert plumbing.ticket in yellow
        assert "sla-yellow" in yellow
    for _provider in range(2):
        await clock.advance(minutes=40)
    await clock.advance(hours=30)
    async with signed_in(app, sign_in, "hotline") as (client, _csrf):
        red = await (await client.get("/console/requests?sla=red")).text()
        assert plumbing.ticket in red
        assert "sla-red" in red
        assert plumbing.ticket in await (await client.get("/console/requests?status=queued")).text()
        assert plumbing.ticket not in await (await client.get("/console/requests?sla=yellow")).text()


# --- providers ------------------------------------------------------------------------------------------


async def test_providers_page_shows_services_areas_hours_and_the_month(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    async with signed_in(app, sign_in, "liushifu") as (client, csrf):
        await post(client, f"/console/requests/{plumbing.id}/accept", csrf, eta="1h")
        page = await (await client.get("/console/requests/providers")).text()
        assert "安居维修服务部" in page
        assert "水管维修" in page
        assert "快修师傅便民维修" not in page  # provider staff see their own provider only
        assert "100%" in page  # one offer, accepted
        response = await client.get("/console/requests/providers?month=2026-13")
        assert response.status == 400
        earlier = await (await client.get("/console/requests/providers?month=2026-10")).text()
        assert "100%" not in earlier
    async with signed_in(app, sign_in, "zhou") as (client, _csrf):
        page = await (await client.get("/console/requests/providers")).text()
        assert "安居维修服务部" in page
        assert "快修师傅便民维修" in page
        assert "湘园社区助餐点" not in page  # serves 青园 only, not 云塘
