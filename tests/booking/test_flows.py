"""Room booking through the conversation core: residents book, wait, cancel, check in; staff approve,
reject, cancel, block and count. Time is the app's clock, moved by the tests; timers fire on demand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

import models.booking.store as store
from bot.app import Linli
from handlers.booking.buttons import BookingApprove, BookingCancelYes, BookingCheckIn, StaffDay, StaffStats
from handlers.booking.text import policy_of
from handlers.core.messages import Reply
from models.booking.store import Booking, BookingStatus, Room
from models.outbox import OutboxMessage
from tests.harness import ChatDriver, demo_person, t

TZ = ZoneInfo("Asia/Shanghai")
# Monday 4 March 2030, 08:00 in Changsha: far from the demo's own bookings (made relative to today).
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=TZ).astimezone(UTC)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def person_driver(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, channel="terminal", language_code=None)


async def inbox(app: Linli, handle: str, kind: str) -> list[Reply]:
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person.id, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id)
        )
        return [Reply.from_payload(row.payload) for row in rows]


async def bookings(app: Linli) -> list[Booking]:
    async with app.sessionmaker() as session:
        # Only this test's: the demo's weekly class was booked relative to the real today.
        made = await session.scalars(select(Booking).where(Booking.created_at >= NOW).order_by(Booking.id))
        return list(made.all())


async def room_id(app: Linli, code: str) -> int:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Room.id).where(Room.code == code))
        assert found is not None
        return found


async def book_meeting_room(wang: ChatDriver, time: str = "10:00", length: str = "1 小时") -> None:
    await wang.send("/book")
    await wang.press("云塘社区党群服务中心")
    await wang.press("会议室")
    await wang.press("3月5日 周二")
    await wang.press(time)
    await wang.press(length)
    await wang.press("开会")
    await wang.send("8")


async def test_resident_books_a_room_and_gets_a_number(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = person_driver(app, "wang")
    await wang.send("/book")
    # Their own community's centre first, then others' with rooms open to anyone.
    assert wang.labels()[:3] == ["云塘社区党群服务中心", "桥头社区综合服务中心(五层楼)", "湘园社区邻里中心"]
    await wang.press("云塘社区党群服务中心")
    assert "会议室:可容纳 16 人;设备:会议桌、白板、电视屏" in wang.text
    assert "(需工作人员审批)" in wang.text  # the hall
    await wang.press("会议室")
    assert wang.labels()[:2] == ["3月4日 周一", "3月5日 周二"]
    await wang.press("3月4日 周一")
    # Today: nothing before 09:00 (an hour's notice), every half hour from then on, last start 20:30.
    labels = wang.labels()
    assert labels[0] == "09:00"
    assert "08:30" not in labels
    assert "20:30" in labels
    await wang.press("◀ 换一天")
    await wang.press("3月5日 周二")
    await wang.press("10:00")
    assert wang.labels()[:3] == ["30 分钟(到 10:30)", "1 小时(到 11:00)", "1 个半小时(到 11:30)"]
    await wang.press("1 个半小时")
    await wang.send("楼栋长例会")
    await wang.send("30")  # over the room's 16
    assert t(app, "zh", "booking-bad-attendees", capacity=16) in wang.text
    await wang.send("８")  # a full-width digit is a digit
    assert "楼栋长例会" in wang.text
    assert "人数:8 人" in wang.text
    await wang.press("确认预约")
    assert "🎉 预约成功!" in wang.text
    (made,) = await bookings(app)
    assert made.number in wang.text
    assert (made.starts_at, made.ends_at, made.status) == (local(5, 10), local(5, 11, 30), BookingStatus.confirmed)
    assert await wang.flow_step() == (None, None)

    # Someone else now sees 10:00–11:00 gone, and 09:00 only for up to an hour.
    emma = person_driver(app, "emma")
    await emma.send("/book")
    await emma.press("Yuntang Community Service Centre")
    await emma.press("Meeting room")
    await emma.press("Tue 5 Mar")
    assert "10:00" not in emma.labels()
    assert "11:00" not in emma.labels()
    assert "11:30" in emma.labels()
    await emma.press("09:00")
    assert [label.split(" (")[0] for label in emma.labels()[:-2]] == ["30 min", "1 hour"]


async def test_mybookings_cancel_and_calendar(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = person_driver(app, "wang")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    (made,) = await bookings(app)
    await wang.press("加入手机日历")
    document = wang.last.document
    assert document is not None
    assert document.mime_type == "text/calendar"
    assert f"UID:{made.number}@booking.linli\r\n".encode() in document.content
    assert b"STATUS:CONFIRMED\r\n" in document.content

    await wang.send("/mybookings")
    assert made.number in wang.text
    assert not wang.has_button("签到")  # not within 15 minutes of the start
    await wang.press(f"取消 {made.number}")
    assert "确定要取消" in wang.text
    await wang.press("确定取消")
    assert "已取消" in wang.text
    await wang.press("更新手机日历")
    document = wang.last.document
    assert document is not None
    assert b"METHOD:CANCEL\r\n" in document.content
    assert b"STATUS:CANCELLED\r\n" in document.content
    assert b"SEQUENCE:1\r\n" in document.content
    assert f"UID:{made.number}@booking.linli".encode() in document.content
    # Pressing the kept "yes, cancel" again is answered, and changes nothing.
    await wang.press_payload(BookingCancelYes(made.id))
    assert t(app, "zh", "booking-err-not-active") in wang.text
    await wang.send("/mybookings")
    assert t(app, "zh", "booking-mine-empty") in wang.text
    await wang.press("过去的预约")
    assert made.number in wang.text


async def test_someone_elses_booking_and_forged_buttons(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = person_driver(app, "wang")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    (made,) = await bookings(app)
    li = person_driver(app, "li")
    await li.press_payload(BookingCancelYes(made.id))
    assert t(app, "zh", "booking-err-not-yours") in li.text
    await li.press_payload(BookingCheckIn(made.id))
    assert t(app, "zh", "booking-err-not-yours") in li.text
    await li.press_payload(BookingCancelYes(999999))
    assert t(app, "zh", "button-expired") in li.text
    await li.press_payload(BookingCancelYes(made.id), key=b"not-the-key")
    assert t(app, "zh", "button-expired") in li.text
    # Residents are not staff: no approving, no schedules, no statistics.
    await li.press_payload(BookingApprove(made.id))
    assert t(app, "zh", "booking-not-staff") in li.text
    await li.send("/rooms")
    assert t(app, "zh", "booking-not-staff") in li.text
    await li.press_payload(StaffStats(1, 203003))
    assert t(app, "zh", "booking-not-staff") in li.text
    assert (await bookings(app))[0].status is BookingStatus.confirmed


async def test_bad_input_in_the_flow_loses_nothing(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = person_driver(app, "wang")
    await wang.send("/book")
    await wang.press("云塘社区党群服务中心")
    await wang.send("我要订会议室")  # text where a button is expected
    assert t(app, "zh", "hint-use-buttons") in wang.text
    await wang.press("会议室")
    stale = wang.find_button("3月5日 周二").data
    await wang.press("3月5日 周二")
    await wang.press_data(stale)  # a day button from the previous step
    assert t(app, "zh", "button-expired") in wang.text
    await wang.press("10:00")
    await wang.press("1 小时")
    await wang.send("很" * 101)  # over the purpose's 100 characters
    assert t(app, "zh", "text-too-long", length=101, max=100) in wang.text
    assert await wang.flow_step() == ("booking", "purpose")
    await wang.send("读书会")
    await wang.send("几个人")
    assert t(app, "zh", "booking-bad-attendees", capacity=16) in wang.text
    await wang.send("6")
    await wang.press("确认预约")
    assert "读书会" in wang.text


async def test_slot_taken_between_menu_and_confirm_offers_the_waitlist(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, emma = person_driver(app, "wang"), person_driver(app, "emma")
    await book_meeting_room(wang)
    await emma.send("/book")
    await emma.press("Yuntang Community Service Centre")
    await emma.press("Meeting room")
    await emma.press("Tue 5 Mar")
    await emma.press("10:00")
    assert "From Tue 5 Mar 10:00: for how long?" in emma.text  # the start, not a span of no time
    await emma.press("1 hour")
    await emma.press("Meeting")
    await emma.send("4")
    await wang.press("确认预约")  # wang confirms first
    await emma.press("Confirm booking")
    assert t(app, "en", "booking-err-taken") in emma.text
    await emma.press("Wait for this time")
    assert "number 1 in line" in emma.text

    # wang cancels: emma gets a 30-minute offer, which holds the time for her.
    (made,) = await bookings(app)
    await wang.press_payload(BookingCancelYes(made.id))
    (offer,) = await inbox(app, "emma", "booking-offer")
    assert "Please confirm before 08:30" in offer.text
    li = person_driver(app, "li")
    await li.send("/book")
    await li.press("云塘社区党群服务中心")
    await li.press("会议室")
    await li.press("3月5日 周二")
    assert "10:00" not in li.labels()
    await emma.press_data(offer.buttons[0][0].data)
    assert "Booked!" in emma.text
    assert [b.status for b in await bookings(app)] == [BookingStatus.cancelled, BookingStatus.confirmed]


async def test_waitlist_offer_runs_out_and_passes_on(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, emma, li = person_driver(app, "wang"), person_driver(app, "emma"), person_driver(app, "li")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    for who, day, button in ((emma, "Tue 5 Mar", "Taken times"), (li, "3月5日 周二", "已约满的时段")):
        await who.send("/book")
        await who.press("Yuntang Community Service Centre" if who is emma else "云塘社区党群服务中心")
        await who.press("Meeting room" if who is emma else "会议室")
        await who.press(day)
        await who.press(button)
        await who.press("10:00–11:00")
        await who.press("Meeting" if who is emma else "开会")
        await who.send("3")
        await who.press("Wait for this time" if who is emma else "排队等候这个时段")
    assert "第 2 位" in li.text
    (made,) = await bookings(app)
    await wang.press_payload(BookingCancelYes(made.id))
    assert len(await inbox(app, "emma", "booking-offer")) == 1
    assert await inbox(app, "li", "booking-offer") == []
    app.set_clock(lambda: NOW + timedelta(minutes=31))
    assert await app.timers.run_due() >= 1
    assert len(await inbox(app, "emma", "booking-offer-expired")) == 1
    (offer,) = await inbox(app, "li", "booking-offer")
    await emma.send("/mybookings")
    assert "Waiting" not in emma.text
    await li.press_data(offer.buttons[0][0].data)
    assert "预约成功" in li.text


async def test_approval_reject_with_reason_and_pending_list(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, zhou = person_driver(app, "wang"), person_driver(app, "zhou")
    await wang.send("/book")
    await wang.press("云塘社区党群服务中心")
    await wang.press("多功能活动厅")
    await wang.press("3月6日 周三")
    await wang.press("14:00")
    await wang.press("2 小时")
    await wang.press("文体活动")
    await wang.send("60")
    assert "需要工作人员审批" in wang.text
    await wang.press("确认预约")
    assert "等待工作人员审批" in wang.text
    (request,) = await inbox(app, "zhou", "booking-approval")  # no manager: the community's staff decide
    assert "王秀英" in request.text
    await zhou.send("/approvals")
    assert "待审批的预约共 1 个" in zhou.text
    await zhou.press_data(request.buttons[0][1].data)  # reject
    assert await zhou.flow_step() == ("booking-reason", "reason")
    await zhou.send("当天已安排社区大会")
    assert "已拒绝" in zhou.text
    (told,) = await inbox(app, "wang", "booking-rejected")
    assert "当天已安排社区大会" in told.text
    assert (await bookings(app))[0].status is BookingStatus.rejected
    await zhou.press_data(request.buttons[0][0].data)  # approving it afterwards
    assert t(app, "zh", "booking-err-decided") in zhou.text


async def test_approval_by_the_room_manager_and_reminders(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    luo, xu = person_driver(app, "luojh"), person_driver(app, "xugf")
    await luo.send("/book")
    await luo.press("桥头社区综合服务中心")
    await luo.press("多功能厅(五楼)")
    await luo.press("3月7日 周四")
    await luo.press("15:30")
    await luo.press("1 小时")
    await luo.press("开会")
    await luo.send("50")
    await luo.press("确认预约")
    (request,) = await inbox(app, "xugf", "booking-approval")  # the hall's manager, who is not staff
    assert await inbox(app, "tang", "booking-approval") == []
    await xu.press_data(request.buttons[0][0].data)
    assert "已同意" in xu.text
    (approved,) = await inbox(app, "luojh", "booking-approved")
    assert "3月7日 周四 15:30–16:30" in approved.text
    # Reminders: the day before, and an hour before; then the check-in window and release.
    app.set_clock(lambda: local(6, 16))
    await app.timers.run_due()
    (day_before,) = await inbox(app, "luojh", "booking-reminder")
    assert "明天的预约提醒" in day_before.text
    app.set_clock(lambda: local(7, 14, 45))
    await app.timers.run_due()
    assert "一小时后开始" in (await inbox(app, "luojh", "booking-reminder"))[1].text
    app.set_clock(lambda: local(7, 15, 20))
    await luo.send("/mybookings")
    await luo.press("签到")
    assert "签到成功" in luo.text
    app.set_clock(lambda: local(7, 15, 50))
    await app.timers.run_due()  # (the demo's weekly class, long past by 2030, is released too)
    assert not [reply for reply in await inbox(app, "luojh", "booking-no-show") if "多功能厅" in reply.text]
    # The manager sees the day's schedule and the month's statistics.
    await xu.send("/rooms")
    await xu.press_payload(
        StaffDay((await bookings_centre(app, "qiaotou-hall")), local(7, 0).astimezone(TZ).toordinal())
    )
    assert "15:30–16:30 多功能厅(五楼) · 开会(50 人)· 罗建华" in xu.text
    await xu.press_payload(StaffStats(await bookings_centre(app, "qiaotou-hall"), 203003))
    assert "多功能厅(五楼):1 次 · 1 小时 · 使用率 0% · 未到场 0 次" in xu.text
    chart = xu.last.photo  # and the month's use as a chart (handlers.core.charts)
    assert chart is not None
    assert chart.content.startswith(b"\x89PNG")


async def bookings_centre(app: Linli, room_code: str) -> int:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Room.centre_id).where(Room.code == room_code))
        assert found is not None
        return found


async def test_no_reminder_for_cancelled_and_no_show_suspends(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = person_driver(app, "wang")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    (made,) = await bookings(app)
    await wang.press_payload(BookingCancelYes(made.id))
    app.set_clock(lambda: local(5, 9, 30))
    await app.timers.run_due()
    assert await inbox(app, "wang", "booking-reminder") == []

    # Three missed bookings in 30 days: booking pauses for two weeks.
    for n, day in enumerate((5, 6, 7)):
        app.set_clock(lambda: NOW)
        await wang.send("/book")
        await wang.press("云塘社区党群服务中心")
        await wang.press("会议室")
        await wang.press(("3月5日 周二", "3月6日 周三", "3月7日 周四")[n])
        await wang.press("15:00")
        await wang.press("1 小时")
        await wang.press("开会")
        await wang.send("4")
        await wang.press("确认预约")
        app.set_clock(lambda day=day: local(day, 15, 16))  # type: ignore[misc]
        await app.timers.run_due()
    notices = await inbox(app, "wang", "booking-no-show")
    assert len(notices) == 3
    assert "预约功能暂停到 3月21日 周四" in notices[2].text
    await wang.send("/book")
    assert "暂停到 3月21日 周四" in wang.text


async def test_a_room_without_a_quota_says_nothing_about_one(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, emma = person_driver(app, "wang"), person_driver(app, "emma")
    await wang.send("/book")
    await wang.press("云塘社区党群服务中心")
    await wang.press("阅览室")
    assert "每人每周" not in wang.text
    assert "-。" not in wang.text
    assert "天内。" in wang.text
    await emma.send("/book")
    await emma.press("Yuntang Community Service Centre")
    await emma.press("Reading room")
    assert "per person and week" not in emma.text
    assert "days ahead." in emma.text


async def test_staff_block_cancels_and_tells(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, zhou = person_driver(app, "wang"), person_driver(app, "zhou")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    await zhou.send("/rooms")
    await zhou.press("封锁时段")
    await zhou.press("会议室")
    await zhou.press("3月5日 周二")
    await zhou.press("全天")
    await zhou.press("设备维修")
    assert "取消了 1 个预约" in zhou.text
    (told,) = await inbox(app, "wang", "booking-cancelled")
    assert "设备维修" in told.text
    await wang.send("/book")
    await wang.press("云塘社区党群服务中心")
    await wang.press("会议室")
    # The blocked day is not offered at all: a day button always leads to a time or a waitlist.
    assert "3月4日 周一" in wang.labels()
    assert "3月5日 周二" not in wang.labels()


async def test_staff_cancel_with_reason(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang, zhou = person_driver(app, "wang"), person_driver(app, "zhou")
    await book_meeting_room(wang)
    await wang.press("确认预约")
    (made,) = await bookings(app)
    await zhou.send("/rooms")
    await zhou.press("明天的安排")
    assert "10:00–11:00 会议室 · 开会(8 人)· 王秀英" in zhou.text
    await zhou.press(f"取消 {made.number}")
    await zhou.send("临时征用作疫苗接种点")
    (told,) = await inbox(app, "wang", "booking-cancelled")
    assert "临时征用作疫苗接种点" in told.text
    assert (await bookings(app))[0].status is BookingStatus.cancelled


async def test_weekly_repeat_lists_clashes(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    luo = person_driver(app, "luojh")
    room = await room_id(app, "qiaotou-art")
    async with app.sessionmaker() as session, session.begin():
        manager = await session.get(store.Person, (await demo_person(app, "xugf")).id)
        assert manager is not None
        policy = policy_of(app.settings)
        await store.block_time(session, room, manager, local(19, 0), local(20, 0), "书画展", NOW, policy)
    await luo.send("/book")
    await luo.press("桥头社区综合服务中心")
    await luo.press("书画教室")
    await luo.press("3月5日 周二")
    await luo.press("09:00")
    await luo.press("1 个半小时")
    await luo.send("快乐老人大学书法班")
    await luo.send("20")
    await luo.press("每周同一时间重复")
    await luo.press("4 周")
    assert "共 4 次,其中 3 次可以预约" in luo.text
    assert "3月19日 周二 09:00–10:30" in luo.text
    await luo.press("预约这 3 次")
    assert "已预约 3 次" in luo.text
    made = [b for b in await bookings(app) if b.room_id == room]
    assert [b.starts_at for b in made] == [local(5, 9), local(12, 9), local(26, 9)]
