"""The main booking path through the real python-telegram-bot stack against the fake Bot API."""

from __future__ import annotations

from sqlalchemy import select

from models.booking.store import Booking, BookingStatus
from tests.e2e.conftest import RunningBot, expect
from tests.e2e.test_telegram import onboard


async def test_book_a_room_on_telegram(running: RunningBot) -> None:
    user = running.fake.user(5301, first_name="王阿姨", language_code="zh-hans")
    await onboard(user)
    await user.send("/book")
    await expect(user, "请选择服务中心")
    await user.press_button("云塘社区党群服务中心")
    await expect(user, "请选择活动室")
    await user.press_button("阅览室")
    days = await expect(user, "请选择日期")
    # Tomorrow, whatever today is (the reading room is open every day; today may be over).
    tomorrow = days["reply_markup"]["inline_keyboard"][0][1]["text"]
    await user.press_button(tomorrow)
    times = await expect(user, "空闲的开始时间")
    last_time = [row for row in times["reply_markup"]["inline_keyboard"] if ":" in row[0]["text"]][-1][-1]["text"]
    await user.press_button(last_time)
    await expect(user, "用多长时间")
    await user.press_button("1 小时")
    await expect(user, "用来做什么")
    await user.send("读书会")
    await expect(user, "多少人")
    await user.send("6")
    await expect(user, "请确认预约信息")
    await user.press_button("✅ 确认预约")
    done = await expect(user, "预约成功")
    async with running.linli.sessionmaker() as session:
        booking = await session.scalar(select(Booking).where(Booking.purpose == "读书会"))
    assert booking is not None
    assert booking.status is BookingStatus.confirmed
    assert booking.number in done["text"]
    await user.press_button("📅 加入手机日历")
    await user.wait_until(lambda: any("document" in m for m in user.messages), 5)
    sent = [m for m in user.messages if "document" in m][-1]
    assert sent["document"]["file_name"] == f"linli-{booking.number}.ics"
    # Telegram refuses the file next time: the resident is told it did not go, with the buttons to try again.
    before = user.sent_count
    running.fake.fail_next("sendDocument", 400, "Bad Request: file must be non-empty")
    await user.press_button("📅 加入手机日历", done)
    failed = await expect(user, "没有发出去")
    assert user.sent_count == before + 1
    labels = [button["text"] for row in failed["reply_markup"]["inline_keyboard"] for button in row]
    assert "🏠 主菜单" in labels  # the step's own buttons: no dead end
