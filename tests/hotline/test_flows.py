"""The hotline in the chat, with the clock under control: a resident's request from search to rating,
offers passed on when unanswered or declined, the operators' queue, reassigning, deadline warnings,
done with a photo, "not done", the auto-close, and what each person may (not) see and do."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import Linli
from handlers.core.messages import Incoming, Photo
from handlers.hotline.buttons import HotlineAccept, HotlineCase, HotlineDesk, HotlineMine
from models.hotline.cases import CloseReason, HotlineOffer, RequestStatus
from models.media import load_media
from tests.harness import AppFactory, ChatDriver, onboard, t
from tests.hotline.helpers import Clock, inbox, latest_request, press_in, request_plumbing

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def driver(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, channel="terminal")


async def test_whole_cycle_with_timeouts_queue_reassign_photo_reopen_and_autoclose(app: Linli) -> None:
    clock = Clock(app)
    wang, liu, wu, desk = (driver(app, h) for h in ("wang", "liushifu", "wushifu", "hotline"))
    await request_plumbing(wang)
    request = await latest_request(app)
    assert request.ticket == "12343-20261123-0001"
    assert request.status is RequestStatus.offered
    assert wang.texts()[0].startswith("✅ 已受理!工单号:12343-20261123-0001")
    # Both repair providers are open with no cases: the first by id (安居) gets the offer, without contact data.
    offer_to_liu = (await inbox(app, "liushifu"))[-1]
    assert "12343-20261123-0001" in offer_to_liu.text
    assert "13800000001" not in offer_to_liu.text
    assert "格兰小镇" not in offer_to_liu.text
    assert await inbox(app, "wushifu") == []

    # 20 minutes without an answer: the offer passes to 快修 (and yellow at 15, red at 20 reach the operator).
    await clock.advance(minutes=15)
    assert "🟡" in (await inbox(app, "hotline"))[-1].text
    await clock.advance(minutes=5)
    offer_to_wu = (await inbox(app, "wushifu"))[-1]
    assert "12343-20261123-0001" in offer_to_wu.text
    assert any("🔴" in m.text for m in await inbox(app, "hotline"))
    # The stale offer to 安居 no longer works.
    await press_in(liu, offer_to_liu, "1小时内到")
    assert liu.texts() == [t(app, "zh", "hotline-offer-gone")]

    # 快修 declines: nobody left, so the operators' queue; the resident is told.
    await press_in(wu, offer_to_wu, "无法接单")
    assert wu.texts() == [t(app, "zh", "hotline-declined", ticket=request.ticket)]
    assert (await latest_request(app)).status is RequestStatus.queued
    assert "没有服务商接单" in (await inbox(app, "hotline"))[-1].text
    assert "已转给 12343 接线员" in (await inbox(app, "wang"))[-1].text

    # The operator finds it in the queue and sends it back to 安居.
    await desk.send("/hotline")
    assert "待安排(1)" in desk.labels()[0]
    await desk.press("待安排")
    await desk.press("水管维修")
    assert "13800000001" in desk.text  # operators see the contact details
    await desk.press("改派服务商")
    await desk.press("安居维修服务部")
    assert desk.texts() == [t(app, "zh", "hotline-reassigned", ticket=request.ticket, provider="安居维修服务部")]
    reassigned = (await inbox(app, "liushifu"))[-1]

    # 安居 accepts: the resident hears when; the repairman now sees the address and phone.
    await press_in(liu, reassigned, "1小时内到")
    assert "13800000001" in liu.text
    assert "格兰小镇3栋2单元301" in liu.text
    accepted_note = (await inbox(app, "wang"))[-1]
    assert "安居维修服务部 接单" in accepted_note.text
    assert "11:20" in accepted_note.text

    # Done, with a photo of the work.
    await liu.press("服务完成")
    await liu.send("更换了厨房水管接头")
    await liu.send("这不是照片")
    assert liu.texts() == [t(app, "zh", "hotline-done-photo-hint"), t(app, "zh", "hotline-done-photo")]
    await liu._handle(Incoming("terminal", "liushifu", liu.sender, photo=Photo(PNG, "image/png")))
    assert liu.texts() == [t(app, "zh", "hotline-done-saved", ticket=request.ticket)]
    done = await latest_request(app)
    assert done.status is RequestStatus.done
    assert done.done_media_id is not None
    async with app.sessionmaker() as session:
        media = await load_media(session, done.done_media_id)
        assert media is not None
        assert media.content == PNG

    # The resident sees the photo, says it was not done: reopened, 安居 and the operator are told.
    done_note = (await inbox(app, "wang"))[-1]
    assert "更换了厨房水管接头" in done_note.text
    await press_in(wang, done_note, "查看完成照片")
    assert wang.last.photo is not None
    assert wang.last.photo.content == PNG
    await press_in(wang, done_note, "没有办好")
    assert wang.texts() == [t(app, "zh", "hotline-reopened", ticket=request.ticket)]
    assert "没有办好" in (await inbox(app, "liushifu"))[-1].text
    assert "退回 安居维修服务部" in (await inbox(app, "hotline"))[-1].text
    assert (await latest_request(app)).reopen_count == 1

    # Done again; no answer for 3 days: closed as completed, unrated.
    await liu.send("/tickets")
    await liu.press("水管维修")
    await liu.press("服务完成")
    await liu.send("再次检查,已不漏水")
    await liu.press("没有照片")
    await clock.advance(days=3)
    closed = await latest_request(app)
    assert (closed.status, closed.close_reason, closed.rating) == (RequestStatus.closed, CloseReason.unrated, None)
    assert "自动办结" in (await inbox(app, "wang"))[-1].text

    # 7 days after closing the repairman no longer sees the address and phone.
    await liu.press_payload(HotlineCase(closed.id, "view"))
    assert "13800000001" in liu.text
    await clock.advance(days=7, minutes=1)
    await liu.press_payload(HotlineCase(closed.id, "view"))
    assert "13800000001" not in liu.text
    assert t(app, "zh", "hotline-contact-hidden") in liu.text


async def test_confirm_and_rate(app: Linli) -> None:
    Clock(app)
    wang, liu = driver(app, "wang"), driver(app, "liushifu")
    await request_plumbing(wang, provider="安居维修服务部")
    await press_in(liu, (await inbox(app, "liushifu"))[-1], "今天内")
    await liu.press("服务完成")
    await liu.send("好了")
    await liu.press("没有照片")
    await wang.send("/myrequests")
    await wang.press("水管维修")
    assert "已完成,待您确认" in wang.text
    await wang.press("确认完成并评价")
    await wang.press("⭐⭐⭐⭐⭐")
    await wang.send("师傅很仔细,谢谢")
    request = await latest_request(app)
    assert wang.texts() == [t(app, "zh", "hotline-rated", ticket=request.ticket, stars=5)]
    assert (request.status, request.rating, request.comment) == (RequestStatus.closed, 5, "师傅很仔细,谢谢")
    # The same button again: already closed.
    await wang.press_payload(HotlineMine(request.id, "confirm"))
    assert wang.texts() == [t(app, "zh", "hotline-not-done-yet", ticket=request.ticket)]
    # The month's evaluation for the operators.
    desk = driver(app, "hotline")
    await desk.send("/hotline")
    await desk.press("本月评价")
    assert "安居维修服务部:接单 1/1(接单率 100%)· 按时率 100% · 评分 5.0 · 返工 0" in desk.text


async def test_on_behalf_of_a_neighbour_and_cancel(app: Linli) -> None:
    Clock(app)
    wang, meals = driver(app, "wang"), driver(app, "meals")
    await wang.send("/services")
    await wang.press("助餐")
    await wang.press("老年助餐送餐")
    assert "低偿 ¥12/餐" in wang.texts()[0]
    await wang.press("颐年长者食堂")
    await wang.press("1份")
    await wang.press("软烂")
    await wang.press("今天 13:00–17:00")
    await wang.press("其他地址")
    home = t(app, "zh", "button-menu")
    assert home in wang.labels()  # every question answered by typing still has the way home
    await wang.send("格兰小镇2栋1单元101")
    await wang.press("代办")
    assert home in wang.labels()
    await wang.send("楼下张奶奶")
    assert home in wang.labels()
    await wang.send("138 0000 9999")
    assert "楼下张奶奶 13800009999" in wang.text
    await wang.press("确认提交")
    request = await latest_request(app)
    assert (request.for_name, request.for_phone, request.address) == (
        "楼下张奶奶",
        "13800009999",
        "格兰小镇2栋1单元101",
    )
    await press_in(meals, (await inbox(app, "meals"))[-1], "按预约时间")
    assert "楼下张奶奶" in meals.text
    assert "13800009999" in meals.text
    # The resident cancels before the service: the canteen is told, nothing more can be done on it.
    await wang.press_payload(HotlineMine(request.id, "cancel"))
    await wang.press("确定取消")
    assert wang.texts() == [t(app, "zh", "hotline-cancelled", ticket=request.ticket)]
    assert "已取消工单" in (await inbox(app, "meals"))[-1].text
    await meals.press_payload(HotlineCase(request.id, "done"))
    assert meals.texts() == [t(app, "zh", "hotline-case-not-in-service", ticket=request.ticket)]


async def test_bad_input_gets_clear_answers(make_app: AppFactory) -> None:
    app = await make_app(state_ttl_minutes=600)  # the buttons must still be live after the clock moves
    clock = Clock(app)
    wang, wu, emma = driver(app, "wang"), driver(app, "wushifu"), driver(app, "emma")
    await wang.send("/services")
    await wang.press("维修")
    await wang.press("家电维修")
    await wang.press("都可以")
    # A required question cannot be skipped, by button (none offered) or by words.
    assert "跳过" not in wang.labels()
    await wang.send("跳过")
    assert wang.texts()[0] == t(app, "zh", "hotline-question-must")
    await wang.send("冰柜")
    assert wang.texts()[0] == t(app, "zh", "hint-use-buttons")  # one of the buttons was expected
    await wang.send("冰箱")  # typing an option's own words is as good as pressing it
    await wang.press("跳过")  # the model number is optional
    # A time in the past, typed or from a window that passed while the buttons waited.
    await wang.send("11月22日 9:00")
    assert wang.texts()[0] == t(app, "zh", "hotline-time-past")
    await wang.send("明天下午")
    assert wang.texts()[0] == t(app, "zh", "hotline-time-invalid")
    window = wang.find_button("今天 13:00–17:00")
    clock.now += timedelta(hours=8)  # 18:00 local
    await wang.press_data(window.data)
    assert wang.texts()[0] == t(app, "zh", "hotline-time-past")
    await wang.send("11月25日 14:00")
    assert await wang.flow_step() == ("hotline", "address")
    await wang.press("格兰小镇3栋")
    await wang.press("为我自己")
    await wang.press("确认提交")
    request = await latest_request(app)
    async with app.sessionmaker() as session:
        offer = await session.get(HotlineOffer, request.current_offer_id)
        assert offer is not None
    # Another provider's staff acting on this case, or a resident on someone else's request.
    await wu.press_payload(HotlineAccept(offer.id, "1h"))
    assert wu.texts() == [t(app, "zh", "hotline-not-your-case")]
    await wu.press_payload(HotlineCase(request.id, "view"))
    assert wu.texts() == [t(app, "zh", "hotline-not-your-case")]
    await emma.press_payload(HotlineMine(request.id, "cancel"))
    assert emma.texts() == [t(app, "en", "hotline-request-not-yours")]
    # Staff tools refuse residents.
    await wang.send("/hotline")
    assert wang.texts() == [t(app, "zh", "hotline-operators-only")]
    await wang.press_payload(HotlineDesk(request.id, "view"))
    assert wang.texts() == [t(app, "zh", "hotline-operators-only")]
    await wang.send("/tickets")
    assert wang.texts() == [t(app, "zh", "hotline-not-provider")]


async def test_operator_logs_calls_for_known_and_new_callers(app: Linli) -> None:
    Clock(app)
    desk = driver(app, "hotline")
    await desk.send("/hotline")
    await desk.press("来电登记")
    await desk.send("1380000000")  # one digit short
    assert desk.texts()[0] == t(app, "zh", "hotline-phone-invalid")
    await desk.send("13800000001")  # wang's number
    assert desk.texts()[0] == t(app, "zh", "hotline-call-known", name="王秀英", community="云塘社区")
    await desk.press("法律")
    await desk.press("法律咨询")
    await desk.press("都可以")
    await desk.press("继承")
    await desk.press("尽快")
    await desk.press("格兰小镇3栋")  # wang's home from her record; no "for whom" for a caller
    await desk.press("确认提交")
    request = await latest_request(app)
    wang = await ChatDriver(app, user_id="wang", channel="terminal").person()
    assert wang is not None
    assert request.requester_id == wang.id
    assert request.created_by_id is not None
    # An unknown number: a new resident record without a chat account.
    await desk.send("/hotline")
    await desk.press("来电登记")
    await desk.send("13912345678")
    await desk.send("赵大爷")
    await desk.press("桥头社区")
    await desk.press("代购")
    await desk.press("代缴费用")
    await desk.press("都可以")
    await desk.press("电费")
    await desk.press("尽快")
    assert "格兰" not in desk.text
    await desk.press("其他地址")
    await desk.send("桥头新村5栋302")
    await desk.press("确认提交")
    new = await latest_request(app)
    assert new.ticket.endswith("-0002")
    assert new.address == "桥头新村5栋302"
    assert new.contact_phone == "13912345678"


async def test_catalogue_managed_in_chat(app: Linli) -> None:
    Clock(app)
    desk, wang = driver(app, "hotline"), driver(app, "wang")
    await desk.send("/hotline")
    await desk.press("服务目录")
    await desk.press("维修")
    await desk.press("开锁换锁")
    await desk.press("改价格")
    await desk.send("便宜点")
    assert desk.texts()[0] == t(app, "zh", "hotline-admin-price-invalid")
    await desk.send("低偿 20")
    assert "低偿 ¥20/次" in desk.text
    await desk.press("改时间")
    await desk.send("8-20")
    assert "服务时间 8:00–20:00" in desk.text
    await desk.press("添加服务商")
    await desk.press("快修师傅")
    assert "快修师傅便民维修" in desk.text
    await desk.press("暂停服务")
    assert "已暂停" in desk.text
    await wang.send("/services")
    await wang.press("维修")
    assert not wang.has_button("开锁换锁")
    await wang.send("/services")
    await wang.send("钥匙丢了门打不开")
    assert not wang.has_button("开锁换锁")


async def test_english_resident_sees_english(app: Linli) -> None:
    Clock(app)
    emma = driver(app, "emma")
    await emma.send("/services")
    await emma.send("my kitchen pipe is leaking")
    await emma.press("Plumbing repair")
    assert "Market price from ¥50/visit" in emma.texts()[0]
    assert "Round the clock" in emma.texts()[0]
    # The rest of the way in English too: the address button, the chosen options in the summary.
    cjk = re.compile(r"[\u4e00-\u9fff]")
    while not any(label.startswith("🏠 ") and "Yuntang" in label for label in emma.labels()):
        assert not cjk.search(emma.text), emma.text
        choice = next((label for label in emma.labels() if not cjk.search(label)), None)
        assert choice is not None, (emma.text, emma.labels())
        await emma.press(choice)
    home = next(label for label in emma.labels() if label.startswith("🏠 ") and "Yuntang" in label)
    assert cjk.sub("", home.removesuffix("1单元1202")) == home.removesuffix("1单元1202")  # the unit is hers
    await emma.press(home)
    await emma.press("🙋 For me")
    assert not cjk.search(emma.text.replace("1单元1202", "")), emma.text


async def test_guest_must_join_first(app: Linli) -> None:
    guest = ChatDriver(app, user_id="777")
    await guest.send("/services")
    assert guest.texts() == [t(app, "zh", "need-registration")]
    await onboard(guest)
    await guest.send("/services")
    assert "12343" in guest.text
