"""Volunteers through the real core: signing up and approval, dispatch in waves with controlled time,
escalation and direct assignment, doing a task, reminders, pairings and missed visits, hours, ranking,
bad input, and carrying on after a restart."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

import models.timers as timers
from bot.app import Linli
from handlers.core.messages import Reply
from handlers.core.scope import Acting
from handlers.volunteers.buttons import Doing, OfferAnswer, Review, StaffAction, TaskAction
from handlers.volunteers.dispatch import dispatch_task
from models.outbox import OutboxMessage
from models.people import Role, has_role
from models.places import Place, place_by_code
from models.volunteers.store import (
    T_PAIRING,
    T_REMINDER,
    T_WINDOW,
    TaskStatus,
    VolunteerPairing,
    VolunteerProfile,
    VolunteerStatus,
    create_task,
    profile_of,
)
from tests.harness import AppFactory, ChatDriver, demo_person, onboard, t
from tests.volunteers.helpers import button_data, next_weekday, offers, sent_to, task_row

WEDNESDAY_10 = next_weekday(2, 10)


def chat(app: Linli, handle: str) -> ChatDriver:
    return ChatDriver(app, user_id=handle, channel="terminal")


async def make_task(app: Linli, *, skill: str = "meals", where: str | None = "yuntang-b3", places: int = 1) -> int:
    """A task created the way another feature would: create_task + dispatch_task in one transaction."""
    zhou = await demo_person(app, "zhou")
    async with app.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        place = await place_by_code(session, where) if where else None
        assert community is not None
        task = await create_task(
            session,
            community,
            title="给王奶奶送午饭",
            skill=skill,
            starts_at=WEDNESDAY_10,
            ends_at=WEDNESDAY_10 + timedelta(hours=2),
            places_needed=places,
            estimated_minutes=60,
            now=app.services.clock(),
            place=place,
            created_by=await session.get(type(zhou), zhou.id),
        )
        await dispatch_task(Acting(app.services, session, app.services.clock()), task)
        return task.id


def at(app: Linli, moment: datetime) -> None:
    app.set_clock(lambda: moment)


# --- signing up -----------------------------------------------------------------------------------


async def test_sign_up_approve_and_edit(app: Linli) -> None:
    aunt = ChatDriver(app, user_id="7001", name="刘阿姨")
    await onboard(aunt)
    await aunt.send("/volunteer")
    assert aunt.texts() == [t(app, "zh", "volunteers-intro")]
    await aunt.press("报名当志愿者")
    await aunt.press("下一步")  # nothing chosen yet
    assert t(app, "zh", "volunteers-need-skill") in aunt.text
    await aunt.send("送餐")  # text where buttons are expected loses nothing
    assert t(app, "zh", "hint-use-buttons") in aunt.text
    await aunt.press("送餐")
    await aunt.press("陪伴探访")
    await aunt.press("陪伴探访")  # toggled off again
    assert "✅ 送餐" in aunt.labels()
    assert "陪伴探访" in aunt.labels()
    assert aunt.last.edit is True
    await aunt.press("下一步")
    await aunt.press("第一网格")
    await aunt.press("下一步")
    await aunt.press("每天")
    await aunt.press("下一步")
    await aunt.press("上午")
    await aunt.press("下一步")
    await aunt.press("✅ 同意")  # share the phone: we have none, so it is asked for
    await aunt.send("12345")
    assert t(app, "zh", "profile-phone-invalid") in aunt.text
    await aunt.send("139 0000 1234")
    await aunt.press("不显示")
    assert "送餐" in aunt.text
    await aunt.press("提交报名")
    assert t(app, "zh", "volunteers-submitted", told=1).split("\n")[0] in aunt.text
    person = await aunt.person()
    assert person is not None
    assert person.phone == "13900001234"

    # zhou (the community's staff) gets the application with buttons, and approves it.
    (application,) = await sent_to(app, "zhou", "volunteers-application")
    assert "刘阿姨" in application.text
    assert "送餐" in application.text
    zhou = chat(app, "zhou")
    await zhou.press_data(button_data(application, "通过"))
    assert t(app, "zh", "volunteers-approved-staff", name="刘阿姨") in zhou.text
    await zhou.press_data(button_data(application, "通过"))  # pressed twice
    assert t(app, "zh", "volunteers-review-done") in zhou.text
    async with app.sessionmaker() as session:
        profile = await profile_of(session, person.id)
        assert profile is not None
        assert profile.status is VolunteerStatus.active
        community = await session.get(Place, person.community_id)
        assert community is not None
        assert await has_role(session, person.id, [Role.volunteer], community)
    (approved,) = [r for r in await _sent_to_person(app, person.id) if r.text == t(app, "zh", "volunteers-approved")]
    assert approved.buttons

    # Edit one section: the rest stays; pause and resume.
    await aunt.send("/volunteer")
    await aunt.press("✏ 技能")
    await aunt.press("健康检查")
    await aunt.press("保存")
    assert t(app, "zh", "volunteers-saved") in aunt.text
    await aunt.press("暂停接任务")
    assert t(app, "zh", "volunteers-paused") in aunt.text
    async with app.sessionmaker() as session:
        profile = await profile_of(session, person.id)
        assert profile is not None
        assert (profile.skills, profile.status) == (["meals", "health"], VolunteerStatus.paused)
    await aunt.press("恢复接任务")
    assert t(app, "zh", "volunteers-resumed") in aunt.text


async def _sent_to_person(app: Linli, person_id: int) -> list[Reply]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id == person_id))
        return [Reply.from_payload(row.payload) for row in rows]


async def test_reject_with_reason_and_apply_again(app: Linli) -> None:
    fang = chat(app, "fangting")  # the demo's pending applicant
    fang_person = await demo_person(app, "fangting")
    zhou = chat(app, "zhou")
    await zhou.send("/vadmin")
    assert "待审核 1 人" in zhou.text
    await zhou.press("待审核")
    assert "方婷" in zhou.all_texts()[-2]
    await zhou.press_data(zhou.find_button("不通过", zhou.replies[-2]).data)
    await zhou.send("请先参加一次培训")
    assert t(app, "zh", "volunteers-rejected-staff", name="方婷") in zhou.text
    rejected = [r for r in await _sent_to_person(app, fang_person.id) if "请先参加一次培训" in r.text]
    assert len(rejected) == 1
    await fang.send("/volunteer")
    assert "请先参加一次培训" in fang.text
    await fang.press("重新报名")
    assert await fang.flow_step() == ("volunteers-join", "skills")


# --- dispatch in waves ----------------------------------------------------------------------------


async def test_waves_escalation_and_direct_assignment(app: Linli) -> None:
    start = WEDNESDAY_10 - timedelta(days=1)
    at(app, start)
    task_id = await make_task(app)
    # First wave: the best matches for meals in building 3 on a Wednesday morning: chen and sunml.
    assert await offers(app, task_id) == {"陈晓燕": "offered", "孙美玲": "offered"}
    (offer,) = await sent_to(app, "chen", "volunteers-offer", task_id)
    assert "给王奶奶送午饭" in offer.text
    assert "2单元301" not in offer.text  # the address only after accepting
    chen = chat(app, "chen")
    await chen.press_data(button_data(offer, "这次不方便"))
    assert t(app, "zh", "volunteers-declined-ok") in chen.text

    # Before the window closes nothing moves; at 30 minutes the unanswered offer lapses.
    at(app, start + timedelta(minutes=29))
    await app.timers.run_due()
    assert (await task_row(app, task_id)).wave == 1
    at(app, start + timedelta(minutes=30))
    await app.timers.run_due()
    # Nobody else has the skill: the wider wave is empty, so the coordinator is told straight away.
    task = await task_row(app, task_id)
    assert task.status is TaskStatus.escalated
    assert await offers(app, task_id) == {"陈晓燕": "declined", "孙美玲": "expired"}
    (escalation,) = await sent_to(app, "zhou", "volunteers-escalated", task_id)
    assert "婉拒:陈晓燕" in escalation.text
    assert "未回复:孙美玲" in escalation.text

    # Declined means no more offers of this task to chen, whatever happens.
    assert len(await sent_to(app, "chen", "volunteers-offer", task_id)) == 1

    zhou = chat(app, "zhou")
    await zhou.press_data(button_data(escalation, "直接指派"))
    await zhou.press("赵建国")  # no meals skill: marked, but can be asked
    assert t(app, "zh", "volunteers-assigned-staff", name="赵建国") in zhou.text
    (asked,) = await sent_to(app, "zhaojg", "volunteers-offer", task_id)
    assert "社区工作人员请您帮忙" in asked.text
    zhao = chat(app, "zhaojg")
    await zhao.press_data(button_data(asked, "我能去"))
    assert "谢谢" in zhao.text
    task = await task_row(app, task_id)
    assert (task.status, task.places_taken) == (TaskStatus.filled, 1)
    updates = await sent_to(app, "zhou", "volunteers-update", task_id)
    assert any("人满了" in u.text for u in updates)
    # A late accept of the lapsed offer finds the task full.
    sun = chat(app, "sunml")
    (sun_offer,) = await sent_to(app, "sunml", "volunteers-offer", task_id)
    await sun.press_data(button_data(sun_offer, "我能去"))
    assert t(app, "zh", "volunteers-task-full") in sun.text

    await zhou.press_data(button_data(escalation, "查看任务"))
    assert "赵建国:已接受 (直接指派)" in zhou.text
    assert "陈晓燕:婉拒 (第 1 轮)" in zhou.text


async def test_second_wave_goes_wider(app: Linli) -> None:
    """Sanitation in building 3 on a Wednesday: sunml first; mahao (weekends only) only in the second wave."""
    start = WEDNESDAY_10 - timedelta(days=1)
    at(app, start)
    task_id = await make_task(app, skill="sanitation")
    assert await offers(app, task_id) == {"孙美玲": "offered"}
    at(app, start + timedelta(minutes=30))
    await app.timers.run_due()
    assert await offers(app, task_id) == {"孙美玲": "expired", "马浩": "offered"}
    assert (await task_row(app, task_id)).wave == 2
    assert await timers_due(app, T_WINDOW, task_id) == start + timedelta(minutes=60)
    at(app, start + timedelta(minutes=60))
    await app.timers.run_due()
    (escalation,) = await sent_to(app, "zhou", "volunteers-escalated", task_id)
    assert "未回复:孙美玲、马浩" in escalation.text


async def timers_due(app: Linli, kind: str, ref: int) -> datetime | None:
    async with app.sessionmaker() as session:
        return await timers.due_at(session, kind, ref)


async def test_dispatch_survives_a_restart(make_app: AppFactory, tmp_path: object) -> None:
    first = await make_app()
    start = WEDNESDAY_10 - timedelta(days=1)
    at(first, start)
    task_id = await make_task(first, skill="sanitation")
    data_dir = first.settings.data_dir
    await first.close()
    second = await make_app(data_dir=data_dir, fresh=True)  # the same database, a new process
    at(second, start + timedelta(minutes=30))
    await second.timers.run_due()
    assert await offers(second, task_id) == {"孙美玲": "expired", "马浩": "offered"}


# --- doing it -------------------------------------------------------------------------------------


async def test_accept_remind_on_the_way_done_and_verify(app: Linli) -> None:
    start = WEDNESDAY_10 - timedelta(days=1)
    at(app, start)
    task_id = await make_task(app)
    assert await timers_due(app, T_REMINDER, task_id) == WEDNESDAY_10 - timedelta(minutes=120)
    sun = chat(app, "sunml")
    (offer,) = await sent_to(app, "sunml", "volunteers-offer", task_id)
    await sun.press_data(button_data(offer, "我能去"))
    assert (await task_row(app, task_id)).status is TaskStatus.filled
    assert await offers(app, task_id) == {"陈晓燕": "expired", "孙美玲": "accepted"}
    chen = chat(app, "chen")
    (chen_offer,) = await sent_to(app, "chen", "volunteers-offer", task_id)
    await chen.press_data(button_data(chen_offer, "我能去"))
    assert t(app, "zh", "volunteers-task-full") in chen.text

    # "Done" before the start is refused; the reminder comes two hours before.
    await sun.press_payload(Doing(_offer_id(offer), "done"))
    assert "才开始" in sun.text
    at(app, WEDNESDAY_10 - timedelta(minutes=121))
    await app.timers.run_due()
    assert await sent_to(app, "sunml", "volunteers-reminder", task_id) == []
    at(app, WEDNESDAY_10 - timedelta(minutes=120))
    await app.timers.run_due()
    (reminder,) = await sent_to(app, "sunml", "volunteers-reminder", task_id)
    await sun.press_data(button_data(reminder, "我出发了"))
    assert t(app, "zh", "volunteers-on-way-ok") in sun.text

    at(app, WEDNESDAY_10 + timedelta(minutes=90))
    await sun.press_data(button_data(reminder, "完成了"))
    await sun.send("25")
    assert t(app, "zh", "volunteers-bad-hours") in sun.text
    await sun.send("1.5小时")
    await sun.send("送到了,王奶奶吃得很好")
    assert "本次记录 1.5 小时" in sun.text
    task = await task_row(app, task_id)
    assert task.status is TaskStatus.done

    (report,) = await sent_to(app, "zhou", "volunteers-hours-reported", task_id)
    assert "1.5 小时" in report.text
    zhou = chat(app, "zhou")
    await zhou.press_data(button_data(report, "调整时长"))
    await zhou.send("1")
    assert t(app, "zh", "volunteers-verified-staff", name="孙美玲", hours="1") in zhou.text
    await sun.send("/myhours")
    assert "累计 1 小时(已核实 1 小时)" in sun.text
    assert "送餐:1 小时" in sun.text
    await sun.press("服务证明")
    assert "兹证明 孙美玲" in sun.text


def _offer_id(reply: object) -> int:
    from handlers.core.messages import Reply

    assert isinstance(reply, Reply)
    return int(reply.buttons[0][0].data.split(":")[1])


async def test_cant_make_it_reopens_and_reoffers(app: Linli) -> None:
    start = WEDNESDAY_10 - timedelta(days=1)
    at(app, start)
    task_id = await make_task(app)
    sun = chat(app, "sunml")
    (offer,) = await sent_to(app, "sunml", "volunteers-offer", task_id)
    await sun.press_data(button_data(offer, "我能去"))
    at(app, start + timedelta(hours=2))  # the first wave's window is long closed
    await sun.press_payload(Doing(_offer_id(offer), "cant"))
    assert t(app, "zh", "volunteers-cant-ok") in sun.text
    task = await task_row(app, task_id)
    assert (task.status, task.places_taken) == (TaskStatus.escalated, 0)  # nobody else has meals
    updates = await sent_to(app, "zhou", "volunteers-update", task_id)
    assert any("去不了了" in u.text for u in updates)
    # chen's lapsed offer can still be taken while the place is free again.
    chen = chat(app, "chen")
    (chen_offer,) = await sent_to(app, "chen", "volunteers-offer", task_id)
    await chen.press_data(button_data(chen_offer, "我能去"))
    assert (await task_row(app, task_id)).places_taken == 1
    # sunml is never asked again.
    assert len(await sent_to(app, "sunml", "volunteers-offer", task_id)) == 1


# --- pairings and visits --------------------------------------------------------------------------


async def test_pairing_visit_offered_to_paired_volunteers_then_missed(app: Linli) -> None:
    async with app.sessionmaker() as session:
        pairing = await session.scalar(select(VolunteerPairing))
        assert pairing is not None
        visit_at = pairing.next_visit_at
        due = await timers.due_at(session, T_PAIRING, pairing.id)
    assert due is not None
    at(app, due)
    await app.timers.run_due()
    offered_chen = await sent_to(app, "chen", "volunteers-offer")
    offered_sun = await sent_to(app, "sunml", "volunteers-offer")
    visit = [r for r in offered_chen if "探望 王秀英" in r.text]
    assert len(visit) == 1
    assert [r for r in offered_sun if "探望 王秀英" in r.text]
    assert await sent_to(app, "zhengxl", "volunteers-offer") == []  # companion skill, but not paired
    chen = chat(app, "chen")
    await chen.press_data(button_data(visit[0], "我能去"))
    assert "2单元301" in chen.text  # the address, now that chen is going
    coming = await sent_to(app, "wang", "volunteers-visit-coming")
    assert len(coming) == 1
    assert "13800000006" in coming[0].text  # chen agreed to share her phone

    # Nobody reports the visit: after the window and the grace period, the coordinator is alerted.
    at(app, visit_at + timedelta(hours=3))
    await app.timers.run_due()
    assert [r for r in await sent_to(app, "chen", "volunteers-report") if "王秀英" in r.text]
    at(app, visit_at + timedelta(hours=5))
    await app.timers.run_due()
    (missed,) = await sent_to(app, "zhou", "volunteers-visit-missed")
    assert "王秀英" in missed.text
    assert "陈晓燕" in missed.text
    # The next visit is already scheduled, a week on.
    async with app.sessionmaker() as session:
        pairing = await session.get(VolunteerPairing, pairing.id)
        assert pairing is not None
        assert pairing.next_visit_at == visit_at + timedelta(days=7)


async def test_visit_report_with_wellbeing_and_note_for_the_next_volunteer(app: Linli) -> None:
    async with app.sessionmaker() as session:
        pairing = await session.scalar(select(VolunteerPairing))
        assert pairing is not None
        visit_at = pairing.next_visit_at
        due = await timers.due_at(session, T_PAIRING, pairing.id)
    assert due is not None
    at(app, due)
    await app.timers.run_due()
    chen = chat(app, "chen")
    (visit,) = [r for r in await sent_to(app, "chen", "volunteers-offer") if "王秀英" in r.text]
    await chen.press_data(button_data(visit, "我能去"))
    at(app, visit_at + timedelta(hours=1))
    await chen.press_payload(Doing(_offer_id(visit), "done"))
    await chen.press("1 小时")
    await chen.press("跳过")
    await chen.press("2 不太好")
    await chen.send("腿有点肿,下次请带她去量血压")
    (report,) = await sent_to(app, "zhou", "volunteers-hours-reported")
    assert "需要关注" in report.text
    # The next visit's offer carries the score and the note.
    at(app, due + timedelta(days=7))
    await app.timers.run_due()
    later = [r for r in await sent_to(app, "sunml", "volunteers-offer") if "王秀英" in r.text]
    assert "上次探望:状态 2/5,留言:腿有点肿" in later[-1].text


async def test_staff_create_a_pairing_in_chat(app: Linli) -> None:
    zhou = chat(app, "zhou")
    await zhou.send("/vadmin")
    await zhou.press("结对帮扶")
    await zhou.press("新建结对")
    await zhou.send("不存在的人")
    assert "不存在的人" in zhou.text
    await zhou.send("Emma")
    await zhou.press("Emma Walsh")
    await zhou.press("下一步")
    assert t(app, "zh", "volunteers-pairing-no-volunteers") in zhou.text
    await zhou.press("郑秀兰")
    await zhou.press("下一步")
    await zhou.press("每 14 天")
    await zhou.press("明天")
    await zhou.press("09:00")
    assert "已为 Emma Walsh 建立结对" in zhou.text
    async with app.sessionmaker() as session:
        pairings = (await session.scalars(select(VolunteerPairing))).all()
        assert len(pairings) == 2
        assert pairings[-1].every_days == 14


# --- staff in chat --------------------------------------------------------------------------------


async def test_staff_publish_a_task_in_chat(app: Linli) -> None:
    at(app, WEDNESDAY_10 - timedelta(days=2))
    zhou = chat(app, "zhou")
    await zhou.send("/vadmin")
    await zhou.press("发布任务")
    await zhou.send("清理4栋门口的落叶")
    await zhou.press("环境卫生治理员")
    await zhou.press("第一网格")
    await zhou.press("格兰小镇4栋")
    await zhou.send("1-1")  # a date in the past (this year's 1 January)
    assert t(app, "zh", "volunteers-date-past") in zhou.text
    await zhou.press("明天")
    await zhou.send("25:00")
    assert t(app, "zh", "volunteers-bad-time") in zhou.text
    await zhou.send("10:00")
    await zhou.press("2 小时")
    await zhou.send("1.5")
    await zhou.send("0")
    assert t(app, "zh", "volunteers-task-bad-places", max=30) in zhou.text
    await zhou.press("2")
    assert "清理4栋门口的落叶" in zhou.text
    await zhou.press("发布任务")
    assert "已邀请" in zhou.text
    await zhou.press("查看任务")
    assert "孙美玲:等待回复" in zhou.text
    await zhou.press("取消任务")
    await zhou.press("确定取消")
    assert "任务已取消" in zhou.text


async def test_ranking_for_staff_and_residents(app: Linli) -> None:
    start = WEDNESDAY_10 - timedelta(days=1)
    at(app, start)
    for handle in ("sunml", "chen"):
        task_id = await make_task(app)
        async with app.sessionmaker() as session:
            profile = await profile_of(session, (await demo_person(app, handle)).id)
            assert profile is not None
        volunteer = chat(app, handle)
        (offer,) = await sent_to(app, handle, "volunteers-offer", task_id)
        await volunteer.press_data(button_data(offer, "我能去"))
        at(app, WEDNESDAY_10 + timedelta(hours=1))
        await volunteer.press_payload(Doing(_offer_id(offer), "done"))
        await volunteer.press("3 小时" if handle == "sunml" else "1 小时")
        await volunteer.press("跳过")
        at(app, start)
    at(app, WEDNESDAY_10 + timedelta(hours=2))
    zhou = chat(app, "zhou")
    await zhou.press_payload(StaffAction("ranking", 0))
    assert "1. 孙美玲 3 小时(1 次)🔒" in zhou.text
    assert "2. 陈晓燕 1 小时(1 次)" in zhou.text
    chart = zhou.last.photo  # the month's hours as a chart too
    assert chart is not None
    assert chart.content.startswith(b"\x89PNG")
    resident = chat(app, "wang")
    await resident.send("/volunteer")
    await resident.press("志愿之星")
    assert "1. 陈晓燕 1 小时(1 次)" in resident.text
    assert "孙美玲" not in resident.text  # did not opt in
    assert "另有 1 位志愿者默默奉献了 3 小时" in resident.text


# --- bad input ------------------------------------------------------------------------------------


async def test_refusals(app: Linli) -> None:
    at(app, WEDNESDAY_10 - timedelta(days=1))
    task_id = await make_task(app)
    wang = chat(app, "wang")
    await wang.send("/vadmin")
    assert wang.texts() == [t(app, "zh", "staff-only")]
    await wang.press_payload(TaskAction(task_id, "view"))
    assert t(app, "zh", "staff-only") in wang.text
    await wang.press_payload(Review(1, "ok"))
    assert t(app, "zh", "staff-only") in wang.text or t(app, "zh", "button-expired") in wang.text
    (offer,) = await sent_to(app, "chen", "volunteers-offer", task_id)
    await wang.press_data(button_data(offer, "我能去"))  # chen's offer, pressed by someone else
    assert wang.texts() == [t(app, "zh", "volunteers-not-yours")]
    await wang.press_payload(OfferAnswer(999999, "y"))
    assert t(app, "zh", "volunteers-not-yours") in wang.text
    await wang.press_payload(OfferAnswer(_offer_id(offer), "maybe"))
    assert t(app, "zh", "button-expired") in wang.text
    await wang.press_data(button_data(offer, "我能去")[:-3] + "xyz")  # forged signature
    assert t(app, "zh", "button-expired") in wang.text
    tang = chat(app, "tang")  # staff, but of another community
    await tang.press_payload(TaskAction(task_id, "view"))
    assert t(app, "zh", "staff-only") in tang.text
    await wang.send("/myhours")
    assert t(app, "zh", "volunteers-not-volunteer") in wang.text
    emma = chat(app, "emma")
    await emma.send("/volunteer")
    assert "Become a volunteer" in emma.labels()[0]
    async with app.sessionmaker() as session:
        assert (await session.scalars(select(VolunteerProfile))).all()
