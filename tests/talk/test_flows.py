"""居民说事 in chat: raising a matter (and supporting a similar one instead), supports counted once, the
threshold, staff's public answer told to the supporters, meetings and sign-ups; bad input on the way."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.app import Linli
from handlers.core.scope import Acting
from handlers.talk.buttons import TalkAnswer, TalkJoin, TalkSupport, TalkView
from handlers.talk.staff import schedule_and_invite
from models.booking.store import Room
from models.outbox import OutboxMessage
from models.places import place_by_code
from models.talk.store import Matter, MatterStatus, Support
from tests.grid.helpers import send_photo
from tests.harness import ChatDriver, demo_person, onboard, t


def resident(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, language_code=None, channel="terminal")


async def matter_titled(app: Linli, title: str) -> Matter:
    async with app.sessionmaker() as session:
        matter = await session.scalar(select(Matter).where(Matter.title == title))
        assert matter is not None, title
        return matter


async def told(app: Linli, kind: str) -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


async def test_raise_a_matter_with_a_photo_and_staff_are_told(app: Linli) -> None:
    wang = resident(app, "wang")
    await wang.send("/talk")
    assert "居民说事" in wang.text
    await wang.press("我要说事")
    await wang.send("好")  # too short for a title: asked again, nothing lost
    assert t(app, "zh", "talk-err-title", least=4, most=40) in wang.texts()
    await wang.send("希望单元门口装一个扶手")
    assert "请再多说几句" in wang.text
    await wang.send("老人上下台阶不方便,下雨天很滑。")
    await wang.send("随便说点什么")  # text where a photo or a button was expected
    assert t(app, "zh", "talk-hint-photo") in wang.texts()
    await send_photo(wang)
    assert "附照片一张" in wang.text
    await wang.press("提交")
    matter = await matter_titled(app, "希望单元门口装一个扶手")
    assert matter.status is MatterStatus.open
    assert matter.supports == 1
    assert matter.photo_id is not None
    assert matter.body == "老人上下台阶不方便,下雨天很滑。"
    assert any(message.kind == "talk.new" for message in await told(app, "talk.new"))
    assert matter.number in wang.text


async def test_a_similar_open_matter_is_offered_and_supported_instead(app: Linli) -> None:
    chen = resident(app, "chen")  # the demo's "垃圾分类投放点的气味太大" is li's, supported by wang
    await chen.send("/talknew")
    await chen.send("垃圾投放点气味太大了")
    assert "差不多的事" in chen.text
    await chen.press("支持:垃圾分类投放点的气味太大")
    assert t(app, "zh", "talk-supported", supports=3) in chen.text
    assert await chen.flow_step() == (None, None)
    matter = await matter_titled(app, "垃圾分类投放点的气味太大")
    assert matter.supports == 3
    await chen.press_payload(TalkSupport(matter.id))  # again: counted once
    assert t(app, "zh", "talk-already-supported", supports=3) in chen.text
    assert (await matter_titled(app, "垃圾分类投放点的气味太大")).supports == 3
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Matter).where(Matter.title.like("垃圾投放%"))) == 0


async def test_threshold_puts_a_matter_on_the_agenda_once_and_tells_supporters(make_app) -> None:  # type: ignore[no-untyped-def]
    app = await make_app(talk_support_threshold=3)
    li = resident(app, "li")
    await li.send("/talknew")
    await li.send("小区里缺少儿童游乐设施")
    if "差不多" in li.text:
        await li.press("不一样")
    await li.press("不用写了")
    await li.press("不用照片")
    await li.press("提交")
    matter = await matter_titled(app, "小区里缺少儿童游乐设施")
    wang, chen = resident(app, "wang"), resident(app, "chen")
    await wang.press_payload(TalkSupport(matter.id))
    assert (await matter_titled(app, matter.title)).status is MatterStatus.open
    await chen.press_payload(TalkSupport(matter.id))
    crossed = await matter_titled(app, matter.title)
    assert crossed.status is MatterStatus.agenda
    assert crossed.by_threshold
    assert crossed.supports == 3
    assert len(await told(app, "talk.agenda")) >= 3  # li, wang, chen (and the community's staff)
    emma = resident(app, "emma")
    await emma.press_payload(TalkSupport(matter.id))  # on the agenda it may still gather support…
    assert (await matter_titled(app, matter.title)).supports == 4
    assert len([m for m in await told(app, "talk.agenda") if m.chat_id == "emma"]) == 0  # …but is told once


async def test_staff_accept_in_chat_and_supporters_are_told(app: Linli) -> None:
    matter = await matter_titled(app, "小区东门的路灯坏了好几盏")
    wang = resident(app, "wang")
    await wang.press_payload(TalkAnswer(matter.id, "accept"))  # a resident pressing a staff button
    assert t(app, "zh", "staff-only") in wang.texts()
    zhou = resident(app, "zhou")
    await zhou.press_payload(TalkView(matter.id))
    assert "采纳" in " ".join(zhou.labels())
    await zhou.press("✅ 采纳")
    await zhou.send("x" * 600)  # over-long: refused, flow kept
    assert (await zhou.flow_step()) == ("talk-answer", "text")
    await zhou.send("已报修,本周五前修好。")
    await zhou.send("G999999")  # a case that does not exist here
    assert t(app, "zh", "talk-link-unknown", number="G999999") in zhou.texts()
    await zhou.press("没有,跳过")
    answered = await matter_titled(app, matter.title)
    assert answered.status is MatterStatus.accepted
    assert answered.answer == "已报修,本周五前修好。"
    supporters = {m.chat_id for m in await told(app, "talk.answer")}
    assert {"wang", "emma", "chen", "li"} <= supporters
    await wang.press_payload(TalkSupport(matter.id))  # answered: no more supports
    assert t(app, "zh", "talk-err-closed") in wang.text
    await zhou.press_payload(TalkAnswer(matter.id, "decline"))  # answered already
    assert t(app, "zh", "talk-err-answered") in zhou.texts()


async def test_another_communitys_matter_and_forged_buttons(app: Linli) -> None:
    he = resident(app, "he")  # lives in 湘园
    matter = await matter_titled(app, "小区东门的路灯坏了好几盏")
    await he.press_payload(TalkSupport(matter.id))
    assert t(app, "zh", "button-expired") in he.text
    await he.press_payload(TalkView(999_999))
    assert t(app, "zh", "button-expired") in he.text
    await he.press_payload(TalkSupport(matter.id), key=b"not the key")
    assert t(app, "zh", "button-expired") in he.text
    async with app.sessionmaker() as session:
        count = await session.scalar(select(func.count()).select_from(Support).where(Support.matter_id == matter.id))
    assert count == matter.supports


async def test_a_guest_is_asked_to_join_first(app: Linli) -> None:
    guest = ChatDriver(app, user_id="5550001")
    await guest.send("/talk")
    assert t(app, "zh", "need-registration") in guest.texts()
    newcomer = ChatDriver(app, user_id="5550002")
    await onboard(newcomer)
    await newcomer.send("/talk")
    assert "居民说事" in newcomer.text


async def test_meeting_sign_up_and_withdraw(app: Linli) -> None:
    zhou = await demo_person(app, "zhou")
    async with app.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        room = await session.scalar(select(Room).where(Room.code == "yuntang-meeting"))
        assert community is not None
        assert room is not None
        scope = Acting(app.services, session, app.services.clock())
        staff = await session.get(type(zhou), zhou.id)
        assert staff is not None
        starts = app.services.clock() + timedelta(days=3)
        starts = starts.replace(minute=0, second=0, microsecond=0)
        ends = starts + timedelta(hours=1)
        meeting = await schedule_and_invite(scope, staff, community, room.id, "12月说事会", starts, ends)
        meeting_id = meeting.id
    wang = resident(app, "wang")
    await wang.press_payload(TalkJoin(meeting_id, 1))
    assert t(app, "zh", "talk-signed-up") in wang.text
    await wang.press_payload(TalkJoin(meeting_id, 1))
    assert t(app, "zh", "talk-already-signed-up") in wang.text
    await wang.press("取消报名")
    assert t(app, "zh", "talk-withdrawn") in wang.text
    he = resident(app, "he")
    await he.press_payload(TalkJoin(meeting_id, 1))  # 湘园's resident: not their meeting
    assert t(app, "zh", "button-expired") in he.text


async def test_those_who_signed_up_are_reminded_the_day_before(app: Linli) -> None:
    zhou = await demo_person(app, "zhou")
    now = app.services.clock()
    starts = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    async with app.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        room = await session.scalar(select(Room).where(Room.code == "yuntang-meeting"))
        staff = await session.get(type(zhou), zhou.id)
        assert community is not None
        assert room is not None
        assert staff is not None
        scope = Acting(app.services, session, now)
        meeting = await schedule_and_invite(
            scope, staff, community, room.id, "提醒测试会", starts, starts + timedelta(hours=1)
        )
        meeting_id = meeting.id
    wang = resident(app, "wang")
    await wang.press_payload(TalkJoin(meeting_id, 1))
    app.set_clock(lambda: starts - timedelta(hours=12))
    await app.timers.run_due()
    reminders = await told(app, "talk.reminder")
    assert [m.chat_id for m in reminders] == ["wang"]
    assert "提醒测试会" in reminders[0].payload["text"]
