"""Hearings through the conversation core: residents read the notice and write (and change) an opinion, too
late is refused, representatives confirm (stale and forged buttons meet a polite refusal), staff commands
are for staff, publishing tells the community, the reminder and the outcome reach those concerned."""

from __future__ import annotations

from datetime import timedelta

from bot.app import Linli
from handlers.booking.text import policy_of
from handlers.hearings.buttons import HearingAnswer, HearingOpinionButton, HearingStaffView, HearingView
from handlers.hearings.staff import outcome_and_notify, publish_and_notify
from models.hearings.store import (
    MAX_OPINION,
    REMIND,
    Hearing,
    HearingKind,
    HearingPlan,
    create_hearing,
    opinion_count,
)
from models.places import place_by_code
from models.timers import due_at
from tests.harness import RESIDENT_MENU, ChatDriver, demo_person, menu_labels, onboard, t
from tests.hearings.helpers import (
    APPLICANT_PIECES,
    XIANGYUAN_SUBJECT,
    YUNTANG_SUBJECT,
    acting,
    hearing_titled,
    outbox_kinds,
    person_driver,
    sent_to,
)


async def opinions_of(app: Linli, hearing: Hearing) -> int:
    async with app.sessionmaker() as session:
        return await opinion_count(session, hearing.id)


async def test_a_resident_reads_the_notice_and_writes_an_opinion(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/menu")
    assert t(app, "zh", "menu-hearings") in wang.labels()
    assert wang.labels() == menu_labels(app, "zh", *RESIDENT_MENU)
    await wang.press(t(app, "zh", "menu-hearings"))
    assert wang.texts() == [t(app, "zh", "hearings-list")]
    await wang.press(YUNTANG_SUBJECT)
    assert "公示中" in wang.text
    assert "格兰小镇3栋外墙瓷砖多处空鼓" in wang.text
    assert "已收到书面意见:2 条" in wang.text
    # Opinions are counted, their authors are not named.
    assert "Emma" not in wang.text
    assert "李志强" not in wang.text
    await wang.press("提交书面意见")
    assert await wang.flow_step() == ("hearing-opinion", "text")
    await wang.send("长" * (MAX_OPINION + 1))
    assert wang.texts()[0] == t(app, "zh", "text-too-long", length=MAX_OPINION + 1, max=MAX_OPINION)
    await wang.send("同意维修,请公开三家报价。")
    assert "您的意见已提交" in wang.text
    assert await wang.flow_step() == (None, None)
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    assert await opinions_of(app, hearing) == 3
    # One opinion per person: writing again changes it.
    await wang.press_payload(HearingView(hearing.id))
    assert "同意维修,请公开三家报价。" in wang.text
    await wang.press("修改我的意见")
    assert "您现在的意见是" in wang.text
    await wang.send("同意维修,请公开报价和保修期。")
    assert "您的意见已修改" in wang.text
    assert await opinions_of(app, hearing) == 3


async def test_cancelling_the_opinion_and_text_where_a_button_was_expected(app: Linli) -> None:
    emma = person_driver(app, "emma")
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    await emma.press_payload(HearingOpinionButton(hearing.id))
    assert "Your opinion now" in emma.text  # the demo's opinion is hers
    await emma.press("Cancel")
    assert emma.texts() == [t(app, "en", "cancelled")]
    await emma.send("hello")  # no flow: the menu's hint, not an opinion
    assert await opinions_of(app, hearing) == 2


async def test_too_late_for_an_opinion(app: Linli) -> None:
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    wang = person_driver(app, "wang")
    app.set_clock(lambda: hearing.notice_ends_at - timedelta(minutes=5))
    await wang.press_payload(HearingOpinionButton(hearing.id))
    assert await wang.flow_step() == ("hearing-opinion", "text")
    # The notice period ends while they write.
    app.set_clock(lambda: hearing.notice_ends_at + timedelta(minutes=1))
    await wang.send("我的意见")
    assert "意见征集已于" in wang.text
    assert "截止" in wang.text
    assert await wang.flow_step() == (None, None)
    await wang.press_payload(HearingOpinionButton(hearing.id))
    assert "意见征集已于" in wang.text
    await wang.press_payload(HearingView(hearing.id))
    assert "公示已结束" in wang.text
    assert not wang.has_button("提交书面意见")
    assert await opinions_of(app, hearing) == 2


async def test_a_representative_confirms_and_stale_buttons_are_refused(app: Linli) -> None:
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    wang = person_driver(app, "wang")
    await wang.press_payload(HearingView(hearing.id))
    assert "您被邀请作为居民代表参加" in wang.text
    await wang.press("我会参加")
    assert "已确认您参加听证会" in wang.text
    await wang.press("改为:不能参加")
    assert "不能参加听证会" in wang.text
    await wang.press_payload(HearingAnswer(hearing.id, 1))
    assert "已确认您参加听证会" in wang.text
    # Forged (wrong key), unknown, and not invited: the menu has expired, nothing changes.
    await wang.press_payload(HearingAnswer(hearing.id, 0), key=b"not the key")
    assert wang.texts()[0] == t(app, "zh", "button-expired")
    await wang.press_payload(HearingAnswer(999999, 1))
    assert wang.texts()[0] == t(app, "zh", "button-expired")
    await wang.press_payload(HearingAnswer(hearing.id, 7))
    assert wang.texts()[0] == t(app, "zh", "button-expired")
    emma = person_driver(app, "emma")
    await emma.press_payload(HearingAnswer(hearing.id, 1))
    assert emma.texts()[0] == t(app, "en", "button-expired")
    # Another community's resident cannot open it either.
    he = person_driver(app, "he")
    await he.press_payload(HearingView(hearing.id))
    assert he.texts()[0] == t(app, "zh", "button-expired")
    # Once it has begun, answers are closed.
    app.set_clock(lambda: hearing.starts_at)
    await wang.press_payload(HearingAnswer(hearing.id, 0))
    assert wang.texts() == [t(app, "zh", "hearings-invitation-closed")]
    zhou = person_driver(app, "zhou")
    await zhou.press_payload(HearingStaffView(hearing.id))
    assert "王秀英:已确认参加" in zhou.text
    assert "陈晓燕:已确认参加" in zhou.text


async def test_staff_commands_are_for_staff(app: Linli) -> None:
    wang = person_driver(app, "wang")
    await wang.send("/managehearings")
    assert wang.texts() == [t(app, "zh", "staff-only")]
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    await wang.press_payload(HearingStaffView(hearing.id))
    assert wang.texts()[0] == t(app, "zh", "button-expired")
    tang = person_driver(app, "tang")  # 桥头's staff: not this community's
    await tang.press_payload(HearingStaffView(hearing.id))
    assert tang.texts()[0] == t(app, "zh", "button-expired")
    zhou = person_driver(app, "zhou")
    await zhou.send("/managehearings")
    assert "云塘社区的听证会" in zhou.text
    await zhou.press(YUNTANG_SUBJECT)
    assert "书面意见:2 条" in zhou.text
    assert "陈晓燕:已确认参加" in zhou.text
    assert "王秀英:未回复" in zhou.text


async def test_no_personal_data_of_the_applicant_reaches_residents(app: Linli) -> None:
    he = person_driver(app, "he")
    await he.send("/hearings")
    await he.press(XIANGYUAN_SUBJECT)
    assert "结果已公布" in he.text
    assert "同意上报街道审批" in he.text
    for piece in APPLICANT_PIECES:
        assert piece not in he.text
    assert not he.has_button("提交书面意见")
    # No hearing to come in 湘园: the menu does not offer hearings there.
    await he.send("/menu")
    assert t(app, "zh", "menu-hearings") not in he.labels()


async def test_publishing_tells_the_community_and_the_representatives(app: Linli) -> None:
    now = app.services.clock()
    start = (now + timedelta(days=20)).replace(second=0, microsecond=0)
    zhou = await demo_person(app, "zhou")
    emma = await demo_person(app, "emma")
    hall = (await hearing_titled(app, YUNTANG_SUBJECT)).room_id
    async with acting(app) as scope:
        community = await place_by_code(scope.session, "yuntang")
        assert community is not None
        plan = HearingPlan(
            kind=HearingKind.allowance,
            subject="低保申请听证会",
            description="对一户低保申请进行公开听证。",
            room_id=hall,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            notice_ends_at=start - timedelta(days=3),
            representative_ids=[emma.id],
            applicant_details="申请人:赵桂兰,电话 13800000099,住址 青山小区5栋",
        )
        made = await create_hearing(scope.session, community, zhou, plan, now, policy_of(app.settings))
        told, invited = await publish_and_notify(scope, made)
        hearing_id = made.id
    assert (told, invited) >= (4, 1)
    (notice,) = await sent_to(app, "wang", "hearing-notice")
    assert "听证公示:低保申请听证会" in notice.text
    assert await sent_to(app, "emma", "hearing-notice") == []
    (invitation,) = await sent_to(app, "emma", "hearing-invitation")
    assert "You are invited as a residents' representative" in invitation.text
    assert await sent_to(app, "he", "hearing-notice") == []  # another community
    for message in [*await outbox_kinds(app, "hearing-notice"), *await outbox_kinds(app, "hearing-invitation")]:
        for piece in APPLICANT_PIECES:
            assert piece not in str(message.payload)
    # The notice's buttons work for the one who got it.
    wang = person_driver(app, "wang")
    await wang.press_data(notice.buttons[0][0].data)
    assert "低保申请听证会" in wang.text
    for piece in APPLICANT_PIECES:
        assert piece not in wang.text
    # The day before, the representative who has not declined is reminded, with the answer buttons.
    async with app.sessionmaker() as session:
        remind_at = await due_at(session, REMIND, hearing_id)
    assert remind_at == start - timedelta(hours=24)
    app.set_clock(lambda: start - timedelta(hours=23))
    assert await app.timers.run_due() >= 1
    (reminder,) = await sent_to(app, "emma", "hearing-reminder")
    assert "Reminder" in reminder.text
    assert "✅ I will attend" in [button.label for row in reminder.buttons for button in row]


async def test_the_outcome_is_told_to_those_concerned(app: Linli) -> None:
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    wang = person_driver(app, "wang")
    await wang.press_payload(HearingAnswer(hearing.id, 0))  # declined, still told of the outcome
    app.set_clock(lambda: hearing.ends_at + timedelta(hours=1))
    zhou = await demo_person(app, "zhou")
    async with acting(app) as scope:
        fresh = await scope.session.get(Hearing, hearing.id)
        assert fresh is not None
        told = await outcome_and_notify(scope, fresh, zhou, "同意使用维修资金进行外墙维修,分摊明细另行公示。")
    assert told == 4  # emma and li wrote, wang and chen were invited
    for handle in ("emma", "li", "wang", "chen"):
        (message,) = await sent_to(app, handle, "hearing-outcome")
        assert "同意使用维修资金" in message.text
    assert await sent_to(app, "zhou", "hearing-outcome") == []
    await wang.press_payload(HearingView(hearing.id))
    assert "结果已公布" in wang.text
    assert "分摊明细另行公示" in wang.text
    # Over: no longer in the menu, and the answer buttons are closed.
    await wang.send("/menu")
    assert t(app, "zh", "menu-hearings") not in wang.labels()


async def test_english_resident_sees_the_page_in_english(app: Linli) -> None:
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    emma = person_driver(app, "emma")
    await emma.send("/hearings")
    assert emma.texts() == [t(app, "en", "hearings-list")]
    await emma.press_payload(HearingView(hearing.id))
    assert "Repair fund hearing" in emma.text
    assert "Written opinions received: 2" in emma.text
    assert "Your opinion:" in emma.text
    assert emma.has_button("Change my opinion")


async def test_a_guest_is_asked_to_join_first(app: Linli) -> None:
    guest = ChatDriver(app, user_id="2002")
    await guest.send("/hearings")
    assert guest.texts() == [t(app, "zh", "need-registration")]
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    await guest.press_payload(HearingOpinionButton(hearing.id))  # a forwarded notice's button
    assert guest.texts()[0] == t(app, "zh", "button-expired")


async def test_the_day_before_representatives_who_have_not_declined_are_reminded(app: Linli) -> None:
    hearing = await hearing_titled(app, YUNTANG_SUBJECT)
    wang = person_driver(app, "wang")
    await wang.press_payload(HearingAnswer(hearing.id, 0))
    app.set_clock(lambda: hearing.starts_at - timedelta(hours=23))
    assert await app.timers.run_due() >= 1
    assert await sent_to(app, "wang", "hearing-reminder") == []  # declined
    (reminder,) = await sent_to(app, "chen", "hearing-reminder")  # confirmed: thanked, no answer buttons
    assert "感谢您确认参加" in reminder.text
    assert [button.label for row in reminder.buttons for button in row] == ["📄 查看听证公示", "🏠 主菜单"]
    assert await sent_to(app, "emma", "hearing-reminder") == []  # wrote an opinion, was not invited
