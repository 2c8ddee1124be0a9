"""Staff notices through the conversation core: composing, who may send to whom, bad input, quiet hours,
mutes, acknowledgements and reminders, cancelling, the delivery report, and /notices for residents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

import models.timers as timers
from bot.app import Linli
from bot.channels.outbox import OutboxSender
from handlers.core.messages import Incoming, Photo, Reply
from handlers.notices.buttons import NoticeAckButton, NoticeCancelButton, NoticeLedgerButton
from models.notices.store import Notice, NoticeStatus
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person
from models.places import Place
from tests.harness import ChatDriver, demo_person
from tests.notices.helpers import compose, latest_notice, reply, rows_of

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def driver(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, channel="terminal")


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, Reply]] = []

    async def __call__(self, chat_id: str, reply: Reply) -> None:
        self.sent.append((chat_id, reply))


async def deliver_all(app: Linli) -> Recorder:
    recorder = Recorder()
    sender = OutboxSender(app.sessionmaker, app.settings, "terminal", recorder, clock=app.services.clock)
    while await sender.drain_once():
        pass
    return recorder


async def living_in(app: Linli, code: str) -> set[str]:
    """Terminal handles of registered people whose home lies in the place (computed without the notices SQL)."""
    async with app.sessionmaker() as session:
        target = await session.scalar(select(Place).where(Place.code == code))
        assert target is not None
        places = {place.id: place for place in (await session.scalars(select(Place))).all()}
        terminal: dict[int, str] = dict(
            (
                await session.execute(
                    select(ChannelAccount.person_id, ChannelAccount.external_id).where(
                        ChannelAccount.channel == "terminal"
                    )
                )
            ).all()
        )
        handles = set()
        for person in (await session.scalars(select(Person))).all():
            home = places.get(person.building_id or person.community_id or -1)
            if (
                person.is_registered
                and home is not None
                and home.path.startswith(target.path)
                and person.id in terminal
            ):
                handles.add(terminal[person.id])
        return handles


async def test_community_staff_sends_to_the_whole_community_in_each_language(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await compose(zhou)
    expected = await living_in(app, "yuntang")
    assert {"wang", "emma", "li", "zhou", "chen"} <= expected
    assert f"人数:{len(expected)} 人" in zhou.text  # the exact number, before sending
    assert "明天上午停水" in zhou.text  # the preview shows what residents will see
    await zhou.press(f"确认发送给 {len(expected)} 人")
    assert "正在发送" in zhou.text
    assert await zhou.flow_step() == (None, None)
    notice = await latest_notice(app)
    assert notice.status is NoticeStatus.scheduled
    await app.timers.run_due()
    rows = await rows_of(app, notice.id)
    assert {row.chat_id for row in rows} == expected  # he (湘园社区) is not among them
    by_chat = {row.chat_id: reply(row).text for row in rows}
    assert "Water is off tomorrow morning." in by_chat["emma"]  # English reader, English text
    assert "明天上午停水" in by_chat["wang"]
    assert all(row.not_before == NOW for row in rows)  # urgent: not held
    notice = await latest_notice(app)
    assert (notice.status, notice.recipients) == (NoticeStatus.sending, len(expected))

    await deliver_all(app)
    app.set_clock(lambda: NOW + timedelta(seconds=20))
    await app.timers.run_due()
    notice = await latest_notice(app)
    assert notice.status is NoticeStatus.done
    report = await rows_of(app, notice.id, kind="notice-report")
    assert report == []  # the report is not part of the notice's rows
    async with app.sessionmaker() as session:
        zhou_person = await demo_person(app, "zhou")
        (row,) = (
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == "notice-report", OutboxMessage.person_id == zhou_person.id
                )
            )
        ).all()
    text = reply(row).text
    assert "发送完毕" in text
    assert f"已送达:{len(expected)}" in text


async def test_only_staff_may_send_and_only_to_their_place(app: Linli) -> None:
    wang = driver(app, "wang")
    await wang.send("/notice")
    assert "只有网格员" in wang.text
    assert await wang.flow_step() == (None, None)

    app.set_clock(lambda: NOW)
    li = driver(app, "li")  # grid worker of 云塘 grid 1
    await li.send("/notice")
    await li.press("选择具体的地方")
    labels = li.labels()
    assert "格兰小镇3栋" in labels
    assert "格兰小镇5栋" not in labels  # only the buildings of grid 1
    await li.press("格兰小镇3栋")
    assert "✅ 格兰小镇3栋" in li.labels()
    await li.press("✅ 格兰小镇3栋")  # pressed again: removed
    assert "格兰小镇3栋" in li.labels()
    await li.press("格兰小镇3栋")
    await li.press("选好了")
    await li.press("所有人")
    await li.send("3栋电梯今天下午检修。")
    await li.press("跳过")
    await li.press("不附图片")
    await li.press("普通")
    await li.press("一般通知")
    await li.press("现在发送")
    expected = await living_in(app, "yuntang-b3")
    assert "wang" in expected
    await li.press(f"确认发送给 {len(expected)} 人")
    await app.timers.run_due()
    rows = await rows_of(app, (await latest_notice(app)).id)
    assert {row.chat_id for row in rows} == expected
    assert "云塘社区第一网格" in reply(rows[0]).text


async def test_roles_and_language_filters(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await zhou.send("/notice")
    await zhou.press("按身份")
    await zhou.press("志愿者")
    await zhou.press("选好了")
    await zhou.press("所有人")
    await zhou.send("周六需要志愿者帮忙。")
    await zhou.press("跳过")
    await zhou.press("不附图片")
    await zhou.press("普通")
    await zhou.press("志愿招募")
    await zhou.press("现在发送")
    assert "志愿者" in zhou.text
    await zhou.press("确认发送给")
    await app.timers.run_due()
    rows = await rows_of(app, (await latest_notice(app)).id)
    assert "chen" in {row.chat_id for row in rows}
    assert not {"wang", "emma"} & {row.chat_id for row in rows}
    assert "周六需要志愿者帮忙" in reply(next(row for row in rows if row.chat_id == "chen")).text

    await zhou.send("/notice")
    await zhou.press("全体居民")
    await zhou.press("只发英文用户")
    await zhou.send("仅英文用户")
    await zhou.send("For English readers.")
    await zhou.press("不附图片")
    await zhou.press("普通")
    await zhou.press("一般通知")
    await zhou.press("现在发送")
    await zhou.press("确认发送给")
    await app.timers.run_due()
    rows = await rows_of(app, (await latest_notice(app)).id)
    assert "emma" in {row.chat_id for row in rows}
    assert "wang" not in {row.chat_id for row in rows}


async def test_bad_input_loses_nothing(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await zhou.send("/notice")
    await zhou.send("随便写点什么")  # text where a button is expected
    assert "发给谁" in zhou.text
    await zhou.press("全体居民")
    await zhou.press("所有人")
    await zhou.send("长" * 2001)
    assert "太长" in zhou.text or "2001" in zhou.text
    assert await zhou.flow_step() == ("notice-compose", "text_zh")
    await zhou.send("周末社区电影放映。")
    await zhou.press("跳过")
    await zhou.send("这不是图片")
    assert "需要一张图片" in zhou.text
    await zhou.press("不附图片")
    await zhou.press("普通")
    await zhou.press("社区活动")
    await zhou.send("不知道什么时候")
    assert "没看懂这个时间" in zhou.text
    await zhou.send("2026-03-09 09:00")
    assert "已经过去了" in zhou.text
    await zhou.send("2026-12-30 09:00")
    assert "最多只能提前" in zhou.text
    await zhou.send("3月12日 19:30")
    assert "2026年3月12日 19:30" in zhou.text
    assert await zhou.flow_step() == ("notice-compose", "confirm")
    stale = zhou.keyboard
    await zhou.press("确认发送给")
    assert "已安排" in zhou.text
    notice = await latest_notice(app)
    async with app.sessionmaker() as session:
        due = await timers.due_at(session, "notices.queue", notice.id)
    assert due == datetime(2026, 3, 12, 11, 30, tzinfo=UTC)
    await zhou.press_data(stale.buttons[0][0].data)  # the same confirm again: stale, nothing twice
    assert "过期" in zhou.text or "expired" in zhou.text.lower()
    async with app.sessionmaker() as session:
        assert len((await session.scalars(select(Notice))).all()) == 3  # the two demo notices and this one
    await app.timers.run_due()
    assert await rows_of(app, notice.id) == []  # not yet
    app.set_clock(lambda: due + timedelta(seconds=1))
    await app.timers.run_due()
    assert await rows_of(app, notice.id) != []


async def test_normal_notices_wait_out_the_quiet_hours_urgent_ones_do_not(app: Linli) -> None:
    night = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
    app.set_clock(lambda: night)
    zhou = driver(app, "zhou")
    await compose(zhou, urgency="普通")
    assert "早上7点发出" in zhou.text
    await zhou.press("确认发送给")
    await app.timers.run_due()
    morning = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # 07:00 in Shanghai
    assert {row.not_before for row in await rows_of(app, (await latest_notice(app)).id)} == {morning}
    await compose(zhou, urgency="重要")
    await zhou.press("确认发送给")
    await app.timers.run_due()
    assert {row.not_before for row in await rows_of(app, (await latest_notice(app)).id)} == {night}


async def test_residents_mute_topics_but_not_outages_for_their_own_building(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    wang = driver(app, "wang")
    await wang.send("/notices")
    await wang.press("通知设置")
    await wang.press("社区活动")
    assert "🔕 社区活动" in " ".join(wang.labels())
    await wang.press("停水停电")
    zhou, li = driver(app, "zhou"), driver(app, "li")
    await compose(zhou, topic="社区活动")
    await zhou.press("确认发送给")
    await compose(zhou, topic="停水停电")  # community-wide: a mute holds
    await zhou.press("确认发送给")
    await compose(li, audience="选择具体的地方", places=("格兰小镇3栋",), topic="停水停电")  # wang's building
    await li.press("确认发送给")
    await app.timers.run_due()
    async with app.sessionmaker() as session:
        notices = (await session.scalars(select(Notice).order_by(Notice.id.desc()).limit(3))).all()
    building, community_outage, activity = notices
    assert "wang" not in {row.chat_id for row in await rows_of(app, activity.id)}
    assert "wang" not in {row.chat_id for row in await rows_of(app, community_outage.id)}
    assert "wang" in {row.chat_id for row in await rows_of(app, building.id)}
    assert "emma" in {row.chat_id for row in await rows_of(app, activity.id)}  # others are unaffected
    await wang.press("🔕 社区活动")  # on again
    assert "🔔 社区活动" in " ".join(wang.labels())


async def test_critical_notices_are_acknowledged_and_reminded_once(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await compose(zhou, urgency="紧急")
    await zhou.press("确认发送给")
    await app.timers.run_due()
    notice = await latest_notice(app)
    recorder = await deliver_all(app)
    delivered = dict(recorder.sent)
    assert "已收到" in delivered["wang"].buttons[0][0].label
    wang = driver(app, "wang")
    await wang.press_data(delivered["wang"].buttons[0][0].data)
    assert "已确认您收到" in wang.text
    await wang.press_data(delivered["wang"].buttons[0][0].data)
    assert "已经确认过了" in wang.text
    he = driver(app, "he")  # not in the audience: a forged or forwarded button
    await he.press_payload(NoticeAckButton(notice.id))
    assert "过期" in he.text or "expired" in he.text.lower()

    app.set_clock(lambda: NOW + timedelta(hours=6, minutes=1))
    await app.timers.run_due()
    reminded = {row.chat_id for row in await rows_of(app, notice.id, kind="notice-reminder")}
    assert "emma" in reminded
    assert "wang" not in reminded
    assert any("还没有确认收到" in reply(row).text for row in await rows_of(app, notice.id, kind="notice-reminder"))
    await app.timers.run_due()  # once only
    assert {row.chat_id for row in await rows_of(app, notice.id, kind="notice-reminder")} == reminded

    await zhou.press_payload(NoticeLedgerButton(notice.id))
    assert "已确认收到:1" in zhou.text


async def test_cancel_a_running_notice_keeps_what_was_sent(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await compose(zhou)
    await zhou.press("确认发送给")
    await app.timers.run_due()
    notice = await latest_notice(app)
    rows = await rows_of(app, notice.id)
    async with app.sessionmaker() as session, session.begin():  # two went out already
        for row in rows[:2]:
            stored = await session.get(OutboxMessage, row.id)
            assert stored is not None
            stored.status, stored.sent_at = OutboxStatus.sent, NOW
    wang = driver(app, "wang")
    await wang.press_payload(NoticeCancelButton(notice.id, 1))  # not staff: not theirs to cancel
    assert "过期" in wang.text or "expired" in wang.text.lower()
    await zhou.press_payload(NoticeLedgerButton(notice.id))
    await zhou.press("取消这条通知")
    await zhou.press("确定取消")
    assert f"撤回了 {len(rows) - 2} 条" in zhou.text
    statuses = [row.status for row in await rows_of(app, notice.id)]
    assert statuses.count(OutboxStatus.sent) == 2
    assert statuses.count(OutboxStatus.cancelled) == len(rows) - 2
    assert (await latest_notice(app)).status is NoticeStatus.cancelled
    await zhou.press_payload(NoticeCancelButton(notice.id, 1))  # twice
    assert "不能再取消" in zhou.text


async def test_cancel_a_scheduled_notice_before_it_goes(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await compose(zhou, when="明天早上")
    await zhou.press("确认发送给")
    notice = await latest_notice(app)
    await zhou.press("发送情况")
    assert "等待发送" in zhou.text
    await zhou.press("取消这条通知")
    await zhou.press("确定取消")
    async with app.sessionmaker() as session:
        assert await timers.due_at(session, "notices.queue", notice.id) is None
    app.set_clock(lambda: NOW + timedelta(days=2))
    await app.timers.run_due()
    assert await rows_of(app, notice.id) == []


async def test_a_photo_is_kept_once_and_referenced(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    zhou = driver(app, "zhou")
    await zhou.send("/notice")
    await zhou.press("全体居民")
    await zhou.press("所有人")
    await zhou.send("停水范围见图。")
    await zhou.press("跳过")
    picture = b"\xff\xd8\xff" + b"jpeg" * 100
    await zhou._handle(Incoming("terminal", "zhou", zhou.sender, photo=Photo(picture)))
    assert "图片已附上" in zhou.text
    await zhou.press("重要")
    await zhou.press("停水停电")
    await zhou.press("现在发送")
    assert "附图片:有" in zhou.text
    await zhou.press("确认发送给")
    await app.timers.run_due()
    notice = await latest_notice(app)
    rows = await rows_of(app, notice.id)
    assert all(row.payload["media"]["id"] == notice.media_id for row in rows)
    assert all("content" not in str(row.payload) for row in rows)  # bytes are not copied per row
    recorder = await deliver_all(app)
    photos = [sent.photo for _, sent in recorder.sent]
    assert photos
    assert all(photo is not None and photo.content == picture for photo in photos)


async def test_residents_see_the_notices_meant_for_them(app: Linli) -> None:
    wang, he = driver(app, "wang"), driver(app, "he")
    await wang.send("/notices")
    assert "义诊" in wang.text  # the demo's community notice
    assert "停水" in wang.text  # and grid 1's outage notice (wang lives in building 3)
    await wang.press("社区活动")
    assert "义诊" in wang.text
    await he.send("/notices")
    assert "还没有发给您的通知" in he.text
    li = await demo_person(app, "li")  # li lives in grid 2: the grid 1 notice was not for him
    assert li.building_id is not None
    await driver(app, "li").send("/notices")
    assert "停水检修" not in driver(app, "li").text
