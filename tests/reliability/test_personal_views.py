"""Every view of someone's phone or address by staff (or a volunteer) is in the audit log: who, which
record, which place, what kind of data, and why; never the data itself. The console shows a phone masked
until asked for."""

from __future__ import annotations

import json

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

import models.timers as timers
from bot.app import Linli
from handlers.grid.buttons import GridView
from handlers.hotline.buttons import HotlineDesk
from models.hotline.cases import HotlineRequest, RequestStatus
from models.privacy import PERSONAL_VIEW, mask_phone
from models.volunteers.store import T_PAIRING, VolunteerPairing
from models.web import AuditEntry
from tests.console.conftest import SignIn, audited, demo_person, signed_in
from tests.grid.helpers import NOW, driver, latest_case, report
from tests.harness import ChatDriver
from tests.hotline.helpers import Clock, latest_request, request_plumbing
from tests.volunteers.helpers import button_data, sent_to

Client = TestClient[web.Request, web.Application]
WANG_PHONE = "13800000001"  # the demo reporter's phone (config/demo)


def holds_no_personal_data(entry: AuditEntry) -> None:
    stored = json.dumps(entry.detail, ensure_ascii=False) + entry.object_id + entry.object_type
    assert WANG_PHONE not in stored
    assert "格兰小镇" not in stored
    assert "王秀英" not in stored


def test_a_phone_is_masked_to_its_first_three_and_last_four_digits() -> None:
    assert mask_phone(WANG_PHONE) == "138****0001"
    assert mask_phone("+8613800000001") == "+86*******0001"
    assert mask_phone("12345") == "*****"


async def shared_case(app: Linli, *, share: bool = True) -> int:
    app.set_clock(lambda: NOW)
    await report(driver(app, "wang"), "违章搭建", submit="可以联系我" if share else "匿名提交")
    return (await latest_case(app)).id


# --- grid cases: chat ------------------------------------------------------------------------------------


async def test_a_handler_seeing_a_shared_phone_in_chat_is_audited(app: Linli) -> None:
    case_id = await shared_case(app)
    li = driver(app, "li")
    await li.press_payload(GridView(case_id))
    assert WANG_PHONE in li.text
    (entry,) = await audited(app, PERSONAL_VIEW)
    assert entry.person_id == (await demo_person(app, "li")).id
    assert (entry.object_type, entry.object_id) == ("grid_case", str(case_id))
    assert entry.place_id == (await latest_case(app)).grid_id
    assert entry.detail == {"shown": ["phone"], "reason": "grid.case", "via": "terminal"}
    holds_no_personal_data(entry)
    await li.press_payload(GridView(case_id))  # every view is one entry
    assert len(await audited(app, PERSONAL_VIEW)) == 2


async def test_an_anonymous_case_writes_no_view(app: Linli) -> None:
    case_id = await shared_case(app, share=False)
    li = driver(app, "li")
    await li.press_payload(GridView(case_id))
    assert WANG_PHONE not in li.text
    assert await audited(app, PERSONAL_VIEW) == []


# --- grid cases: console ---------------------------------------------------------------------------------


async def test_the_console_masks_the_phone_until_revealed_and_audits_the_reveal(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    case_id = await shared_case(app)
    await sign_in(console, "li")
    page = await (await console.get(f"/console/cases/{case_id}")).text()
    assert "王秀英" in page
    assert WANG_PHONE not in page
    assert mask_phone(WANG_PHONE) in page
    assert f'href="/console/cases/{case_id}?reveal=phone" id="reveal-phone"' in page
    assert await audited(app, PERSONAL_VIEW) == []  # a masked number is not a view of it

    revealed = await (await console.get(f"/console/cases/{case_id}?reveal=phone")).text()
    assert WANG_PHONE in revealed
    assert 'id="reveal-phone"' not in revealed
    (entry,) = await audited(app, PERSONAL_VIEW)
    assert entry.person_id == (await demo_person(app, "li")).id
    assert (entry.object_type, entry.object_id) == ("grid_case", str(case_id))
    assert entry.detail == {"shown": ["phone"], "reason": "grid.case", "via": "console"}
    holds_no_personal_data(entry)


async def test_revealing_on_an_anonymous_case_shows_and_audits_nothing(
    app: Linli, console: Client, sign_in: SignIn
) -> None:
    case_id = await shared_case(app, share=False)
    await sign_in(console, "li")
    page = await (await console.get(f"/console/cases/{case_id}?reveal=phone")).text()
    assert WANG_PHONE not in page
    assert 'id="reveal-phone"' not in page
    assert await audited(app, PERSONAL_VIEW) == []


# --- 12343 requests: console and chat ------------------------------------------------------------------------


@pytest.fixture
async def plumbing(app: Linli) -> HotlineRequest:
    Clock(app)
    await request_plumbing(ChatDriver(app, user_id="wang", channel="terminal"))
    request = await latest_request(app)
    assert request.status is RequestStatus.offered
    return request


async def test_an_operator_viewing_a_request_is_audited_and_the_reveal_too(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    path = f"/console/requests/{plumbing.id}"
    async with signed_in(app, sign_in, "hotline") as (client, _csrf):
        page = await (await client.get(path)).text()
        assert "格兰小镇3栋" in page  # the address is the work's place: shown, and logged
        assert WANG_PHONE not in page
        assert mask_phone(WANG_PHONE) in page
        (entry,) = await audited(app, PERSONAL_VIEW)
        assert entry.detail == {"shown": ["address"], "reason": "hotline.request", "via": "console"}
        assert (entry.object_type, entry.object_id, entry.place_id) == (
            "hotline_request",
            str(plumbing.id),
            plumbing.community_id,
        )
        revealed = await (await client.get(f"{path}?reveal=phone")).text()
        assert WANG_PHONE in revealed
    entries = await audited(app, PERSONAL_VIEW)
    assert [entry.detail["shown"] for entry in entries] == [["address"], ["address", "phone"]]
    for entry in entries:
        holds_no_personal_data(entry)


async def test_staff_who_may_not_see_the_contact_write_no_view(
    app: Linli, sign_in: SignIn, plumbing: HotlineRequest
) -> None:
    async with signed_in(app, sign_in, "liushifu") as (client, _csrf):  # offered, not accepted: hidden
        page = await (await client.get(f"/console/requests/{plumbing.id}?reveal=phone")).text()
        assert WANG_PHONE not in page
        assert "格兰小镇3栋" not in page
    assert await audited(app, PERSONAL_VIEW) == []


async def test_the_operators_desk_in_chat_is_audited(app: Linli, plumbing: HotlineRequest) -> None:
    desk = ChatDriver(app, user_id="hotline", channel="terminal")
    await desk.press_payload(HotlineDesk(plumbing.id, "view"))  # the desk's case card, with the contact
    assert WANG_PHONE in desk.text
    (entry,) = await audited(app, PERSONAL_VIEW)
    assert entry.person_id == (await demo_person(app, "hotline")).id
    assert entry.detail == {"shown": ["address", "phone"], "reason": "hotline.desk", "via": "terminal"}
    holds_no_personal_data(entry)


# --- volunteers: a visit's address and phone -------------------------------------------------------------


async def test_a_volunteer_taking_a_visit_sees_the_address_and_it_is_audited(app: Linli) -> None:
    async with app.sessionmaker() as session:
        pairing = await session.scalar(select(VolunteerPairing))
        assert pairing is not None
        due = await timers.due_at(session, T_PAIRING, pairing.id)
    assert due is not None
    app.set_clock(lambda: due)
    await app.timers.run_due()
    (offer,) = [r for r in await sent_to(app, "chen", "volunteers-offer") if "探望 王秀英" in r.text]
    assert await audited(app, PERSONAL_VIEW) == []  # the offer shows no address
    chen = ChatDriver(app, user_id="chen", channel="terminal")
    await chen.press_data(button_data(offer, "我能去"))
    assert "2单元301" in chen.text
    (entry,) = await audited(app, PERSONAL_VIEW)
    assert entry.person_id == (await demo_person(app, "chen")).id
    assert entry.object_type == "volunteer_task"
    assert entry.detail == {"shown": ["address", "phone"], "reason": "volunteers.visit", "via": "terminal"}
    holds_no_personal_data(entry)
