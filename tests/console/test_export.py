"""Console tables as Excel: the rows the table's filters select (every page), headers in the reader's
language, times local, numbers as numbers, text never a formula, and each export in the audit log."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from bot.app import Linli
from bot.console.views.grid import PAGE_SIZE
from bot.console.xlsx import XLSX, workbook
from models.booking.store import Booking, Room
from models.grid.store import GridCategory
from models.outbox import OutboxMessage, OutboxStatus
from models.volunteers.store import OfferStatus, VolunteerOffer
from models.web import AuditEntry
from tests.booking.test_flows import NOW as BOOKING_NOW
from tests.booking.test_flows import book_meeting_room, person_driver
from tests.console.conftest import SignIn, signed_in
from tests.grid.helpers import NOW, driver, report
from tests.harness import ChatDriver, place
from tests.hotline.helpers import Clock, latest_request, request_plumbing
from tests.notices.test_console import (
    audit,
    expected_count,
    form_of,
    multipart,
    notices_now,
    place_id,
    send_from_preview,
)
from tests.volunteers.test_console import demo_task, profile_of

Client = TestClient[web.Request, web.Application]
TZ = ZoneInfo("Asia/Shanghai")


def first_sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


async def sheet_rows(response: ClientResponse) -> list[tuple[object, ...]]:
    assert response.status == 200
    assert response.content_type == XLSX
    return [tuple(row) for row in first_sheet(await response.read()).iter_rows(values_only=True)]


async def test_cases_export_holds_every_filtered_row(app: Linli, console: Client, sign_in: SignIn) -> None:
    app.set_clock(lambda: NOW)
    wang = driver(app, "wang")
    for index in range(PAGE_SIZE + 3):  # more than a page: the export is not one page of the table
        await report(wang, "其他", f"第{index}件小事")
    await report(wang, "违章搭建", "楼顶搭棚")
    await sign_in(console, "zhou")
    async with app.sessionmaker() as session:
        other = await session.scalar(select(GridCategory.id).where(GridCategory.code == "other"))
    listed = await console.get(f"/console/cases?category={other}")
    assert f"/console/cases.xlsx?category={other}" in await listed.text()

    rows = await sheet_rows(await console.get(f"/console/cases.xlsx?category={other}"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("编号", "类别", "地点", "状态")
    assert "Asia/Shanghai" in str(header[-1])
    assert len(body) == PAGE_SIZE + 3
    assert {row[1] for row in body} == {"其他"}
    created = body[0][-1]
    assert isinstance(created, datetime)
    assert abs(created - (NOW + timedelta(hours=8)).replace(tzinfo=None)) < timedelta(minutes=5)  # local time

    every = await sheet_rows(await console.get("/console/cases.xlsx?state=all"))
    assert len(every) - 1 >= PAGE_SIZE + 4
    async with app.sessionmaker() as session:
        exports = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "cases.export"))).all()
    assert len(exports) == 2


async def test_cases_export_needs_a_grid_role(app: Linli, console: Client, sign_in: SignIn) -> None:
    response = await console.get("/console/cases.xlsx", allow_redirects=False)
    assert response.status in (302, 303)  # signed out: to the sign-in page
    await sign_in(console, "liushifu")  # a repair provider's staff: the console, but not cases
    response = await console.get("/console/cases.xlsx", allow_redirects=False)
    assert response.status == 403


def test_text_is_never_a_formula_and_numbers_stay_numbers() -> None:
    """A display name comes from the person (Telegram lets anyone be called "=HYPERLINK(…)")."""
    content = workbook(
        "名单", ["姓名", "次数", "时间"], [['=HYPERLINK("http://evil","x")', 3, NOW], ["+1-1", 0, None]], TZ
    )
    sheet = first_sheet(content)
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A2"].value == '=HYPERLINK("http://evil","x")'
    assert sheet["B2"].value == 3
    assert sheet["C2"].value == (NOW + timedelta(hours=8)).replace(tzinfo=None)
    assert sheet["C3"].value is None
    assert sheet.freeze_panes == "A2"


async def test_the_notice_ledger_as_excel(app: Linli, console: Client, sign_in: SignIn) -> None:
    csrf = await sign_in(console, "zhou")
    yuntang = await place_id(app, "yuntang")
    preview = await console.post("/console/notices/new", data=multipart(form_of(csrf, yuntang)))
    await send_from_preview(console, await preview.text())
    notice = (await notices_now(app))[-1]
    await app.timers.run_due()
    async with app.sessionmaker() as session, session.begin():
        first = await session.scalar(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id).limit(1))
        assert first is not None
        first.status, first.attempts = OutboxStatus.failed, 8
    page = await (await console.get(f"/console/notices/{notice.id}")).text()
    assert f"/console/notices/{notice.id}/ledger.xlsx" in page
    rows = await sheet_rows(await console.get(f"/console/notices/{notice.id}/ledger.xlsx"))
    assert rows[0][:4] == ("姓名", "语言", "渠道", "状态")
    assert len(rows) - 1 == await expected_count(app, notice)
    failed = [row for row in rows[1:] if row[3] == "失败"]
    assert len(failed) == 1
    assert failed[0][5] == 8  # attempts, a number
    assert {row[2] for row in rows[1:]} <= {"Telegram", "终端演示", "网页", "微信"}
    assert len(await audit(app, "notice.ledger_export")) == 1


async def test_requests_export_without_personal_data(app: Linli, sign_in: SignIn) -> None:
    Clock(app)
    await request_plumbing(ChatDriver(app, user_id="wang", channel="terminal"))
    plumbing = await latest_request(app)
    async with signed_in(app, sign_in, "hotline") as (client, _csrf):
        listed = await (await client.get("/console/requests?status=offered")).text()
        assert "/console/requests.xlsx?status=offered" in listed
        rows = await sheet_rows(await client.get("/console/requests.xlsx?status=offered"))
    assert rows[0][:3] == ("工单号", "服务", "社区")
    tickets = [row[0] for row in rows[1:]]
    assert plumbing.ticket in tickets
    assert all(row[3] == rows[1][3] for row in rows[1:])  # the filter held: one status
    flat = " ".join(str(value) for row in rows for value in row if value is not None)
    assert "13800000001" not in flat  # no phone numbers
    assert "2单元" not in flat  # no addresses


async def test_volunteer_hours_export_is_the_months_ranking(app: Linli, sign_in: SignIn) -> None:
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
    yuntang = await place(app, "yuntang")
    async with signed_in(app, sign_in, "zhou") as (client, _csrf):
        page = await (await client.get(f"/console/volunteers?community={yuntang.id}")).text()
        assert f"/console/volunteers/hours.xlsx?community={yuntang.id}&amp;month=0" in page
        rows = await sheet_rows(await client.get(f"/console/volunteers/hours.xlsx?community={yuntang.id}"))
        earlier = await sheet_rows(await client.get(f"/console/volunteers/hours.xlsx?community={yuntang.id}&month=1"))
        refused = await client.get("/console/volunteers/hours.xlsx?community=999999")
    assert rows[0][1:3] == ("姓名", "时长(小时)")
    [chen_row] = [row for row in rows[1:] if row[1] == "陈晓燕"]
    assert chen_row[2] == 2.5  # verified minutes, as a number of hours
    assert chen_row[3] == 1
    assert [row[0] for row in rows[1:]] == list(range(1, len(rows)))
    assert all(row[1] != "陈晓燕" for row in earlier[1:])
    assert refused.status == 404


async def test_bookings_export_has_the_month_and_each_rooms_use(app: Linli, sign_in: SignIn) -> None:
    app.set_clock(lambda: BOOKING_NOW)
    wang = person_driver(app, "wang")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    async with app.sessionmaker() as session:
        booking = await session.scalar(select(Booking).where(Booking.purpose == "开会"))
        assert booking is not None
        room = await session.get(Room, booking.room_id)
        assert room is not None
    async with signed_in(app, sign_in, "zhou") as (client, _csrf):
        page = await client.get(f"/console/bookings?centre={room.centre_id}&day=2030-03-05")
        assert f"/console/bookings.xlsx?centre={room.centre_id}&amp;day=2030-03-05" in await page.text()
        response = await client.get(f"/console/bookings.xlsx?centre={room.centre_id}&day=2030-03-05")
        assert response.status == 200
        book = load_workbook(io.BytesIO(await response.read()))
        assert (await client.get("/console/bookings.xlsx?centre=999999")).status == 404
    bookings, usage = book.worksheets
    rows = list(bookings.iter_rows(values_only=True))
    [mine] = [row for row in rows[1:] if row[0] == booking.number]
    assert mine[4] == 1  # hours, a number
    assert mine[7] == 8  # people
    assert mine[2] == datetime(2030, 3, 5, 10, 0, tzinfo=TZ).replace(tzinfo=None)  # local time, as Excel keeps it
    used = {row[0]: row for row in usage.iter_rows(min_row=2, values_only=True)}
    assert used["会议室"][1] == 1  # one booking of the meeting room that month
    assert used["会议室"][2] == 1  # of one hour
