"""The evaluation through the conversation core: invited through the outbox, answering with the star
buttons, skipping, a comment too long, free text where a star was expected, stale buttons (round closed,
answered already), the timers that open, remind and close, and /evaluation for staff and for residents."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

import models.timers as timers
from bot.app import Linli
from config.demo import load_feature_demo
from handlers.core.scope import Acting
from handlers.evaluation.buttons import EvaluationResults, EvaluationStart
from handlers.evaluation.jobs import start_cadence
from handlers.evaluation.text import COMMENTS_IN_CHAT
from models.evaluation.store import (
    MAX_COMMENT,
    TIMER_CLOSE,
    TIMER_OPEN,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationRound,
    close_round,
    round_of,
)
from models.people import Person, Role, grant_role
from models.places import Place, place_by_code
from tests.evaluation.helpers import NOW, book_in_q4, driver, invitations, open_now, png_size, the_round
from tests.harness import ChatDriver, demo_person, place, t

DEMO = load_feature_demo("evaluation")["rounds"]


def star(app: Linli, score: int, language: str = "zh") -> str:
    return t(app, language, "evaluation-star", score=score)


async def start_from_invitation(app: Linli, chat: ChatDriver) -> None:
    [invitation] = await invitations(app, chat.chat_id)
    await chat.press_data(invitation.buttons[0][0].data)


async def answers(app: Linli, round_id: int) -> list[tuple[str, int | None, str | None]]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(select(EvaluationAnswer).where(EvaluationAnswer.round_id == round_id))
        return sorted((row.kind, row.score, row.comment) for row in rows)


async def test_invited_through_the_outbox_and_answers(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    room = await book_in_q4(app, "wang")
    round_id, invited = await open_now(app)
    assert invited >= 4  # 云塘's registered demo residents

    [invitation] = await invitations(app, "wang")
    assert "云塘社区" in invitation.text
    assert "2026年第4季度" in invitation.text
    assert invitation.buttons[0][0].label == t(app, "zh", "evaluation-start-button")

    wang = driver(app, "wang")
    await wang.press_data(invitation.buttons[0][0].data)
    assert "总体满意吗" in wang.text
    assert wang.labels() == [*(star(app, score) for score in (5, 4, 3, 2, 1)), t(app, "zh", "button-skip")]

    await wang.press(star(app, 5))
    assert f"您本期预约过{room}(2 次)" in wang.text  # the kind of service used, named, with how often
    await wang.press(star(app, 4))
    while "还有什么想对社区说的吗" not in wang.text:  # the demo's grid cases, if she reported any lately
        assert "您本期" in wang.text
        await wang.press(t(app, "zh", "button-skip"))
    await wang.send("活动室的空调该修了")
    assert wang.texts() == [t(app, "zh", "evaluation-thanks")]
    assert wang.labels() == [t(app, "zh", "button-menu")]
    assert await wang.flow_step() == (None, None)

    assert await answers(app, round_id) == [
        ("booking", 4, None),
        ("comment", None, "活动室的空调该修了"),
        ("overall", 5, None),
    ]
    assert (await the_round(app, round_id)).answered == 1

    # The invitation's button again: answering twice is refused, and nothing more is kept.
    await wang.press_data(invitation.buttons[0][0].data)
    assert wang.texts() == [t(app, "zh", "evaluation-already")]
    assert wang.labels() == [t(app, "zh", "button-menu")]
    assert len(await answers(app, round_id)) == 3


async def test_skip_free_text_and_a_comment_too_long(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    round_id, _ = await open_now(app)
    emma = driver(app, "emma")  # English
    await start_from_invitation(app, emma)
    assert "How satisfied are you with the work of Yuntang" in emma.text

    await emma.send("five stars")  # free text where a star was expected: a hint, and the question again
    assert emma.texts()[0] == t(app, "en", "evaluation-hint-stars")
    assert "How satisfied are you" in emma.texts()[1]
    assert await emma.flow_step() == ("evaluation", "overall")

    await emma.press("Skip")
    assert "Anything else you would like to tell" in emma.text
    await emma.send("x" * (MAX_COMMENT + 1))
    assert emma.texts()[0] == t(app, "en", "text-too-long", length=MAX_COMMENT + 1, max=MAX_COMMENT)
    assert await emma.flow_step() == ("evaluation", "comment")
    await emma.press("Skip")
    assert emma.texts() == [t(app, "en", "evaluation-thanks")]
    assert await answers(app, round_id) == []  # everything skipped: nothing to count
    assert (await the_round(app, round_id)).answered == 1  # but she has answered, and is not reminded


async def test_a_stale_button_after_the_round_closed(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    round_id, _ = await open_now(app)
    wang, li = driver(app, "wang"), driver(app, "li")
    await start_from_invitation(app, li)
    await li.press(star(app, 3))  # half-way when the round closes
    async with app.sessionmaker() as session, session.begin():
        evaluation = await session.get(EvaluationRound, round_id)
        assert evaluation is not None
        await close_round(session, evaluation, NOW)  # as its closing timer does, ahead of time
    while await li.flow_step() == ("evaluation", "service"):
        await li.press(t(app, "zh", "button-skip"))
    await li.press(t(app, "zh", "button-skip"))  # the last step, after the close: refused, nothing kept
    assert li.texts() == [t(app, "zh", "evaluation-closed")]
    assert await li.flow_step() == (None, None)
    assert await answers(app, round_id) == []

    # The closing timer, later: the invitation's button is stale now.
    app.set_clock(lambda: NOW + timedelta(days=15))
    await app.timers.run_due()
    await start_from_invitation(app, wang)
    assert wang.texts() == [t(app, "zh", "evaluation-closed")]
    assert wang.labels() == [t(app, "zh", "button-menu")]
    assert await wang.flow_step() == (None, None)

    # A round that does not exist (a forged button) and one the person was not invited to.
    await wang.press_payload(EvaluationStart(999999))
    assert wang.texts() == [t(app, "zh", "evaluation-closed")]
    app.set_clock(lambda: NOW)
    other_round, _ = await open_now(app, "xiangyuan")
    await wang.press_payload(EvaluationStart(other_round))
    assert wang.texts() == [t(app, "zh", "evaluation-not-invited")]


async def test_the_timers_open_remind_and_close(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    round_id, _ = await open_now(app)
    evaluation = await the_round(app, round_id)
    community = await place(app, "yuntang")
    async with app.sessionmaker() as session:
        assert await timers.due_at(session, TIMER_CLOSE, round_id) == evaluation.closes_at
        # Once started, the community has a round every period: the next one opens on 1 January, 09:00.
        assert await timers.due_at(session, TIMER_OPEN, community.id) == datetime(2027, 1, 1, 1, 0, tzinfo=UTC)

    wang = driver(app, "wang")
    await start_from_invitation(app, wang)
    await wang.press(star(app, 4))
    while await wang.flow_step() != (None, None):
        await wang.press(t(app, "zh", "button-skip"))
    assert wang.texts() == [t(app, "zh", "evaluation-thanks")]

    app.set_clock(lambda: evaluation.closes_at - timedelta(days=3))  # the reminder: only who has not answered
    await app.timers.run_due()
    assert await invitations(app, "wang", "evaluation-remind") == []
    [reminder] = await invitations(app, "emma", "evaluation-remind")
    assert "Reminder" in reminder.text

    opening = datetime(2027, 1, 1, 1, 0, tzinfo=UTC)
    app.set_clock(lambda: opening)
    await app.timers.run_due()
    async with app.sessionmaker() as session:
        # The Q4 round was opened early by hand: the timer does not open a second, and plans the next.
        assert (
            await session.scalar(
                select(func.count(EvaluationRound.id)).where(EvaluationRound.community_id == community.id)
            )
            == 3
        )
        assert await timers.due_at(session, TIMER_OPEN, community.id) == datetime(2027, 4, 1, 1, 0, tzinfo=UTC)

    app.set_clock(lambda: datetime(2027, 4, 1, 1, 0, tzinfo=UTC))
    await app.timers.run_due()
    async with app.sessionmaker() as session:
        opened = await round_of(session, community.id, date(2027, 1, 1))
        assert opened is not None  # Q1 2027, opened by the timer
        assert opened.opened_by_id is None
        invited = await session.scalar(
            select(func.count(EvaluationInvitation.id)).where(EvaluationInvitation.round_id == opened.id)
        )
        assert invited == opened.invited > 0


async def test_residents_cannot_see_results(app: Linli) -> None:
    wang = driver(app, "wang")
    await wang.send("/evaluation")
    assert wang.texts() == [t(app, "zh", "evaluation-staff-only")]
    assert wang.labels() == [t(app, "zh", "button-menu")]
    await wang.press_payload(EvaluationResults((await place(app, "yuntang")).id))  # a forged staff button
    assert wang.texts() == [t(app, "zh", "evaluation-staff-only")]


def average(scores: list[int]) -> str:
    return f"{sum(scores) / len(scores):.1f}"


async def test_community_staff_see_the_trend_chart_and_summary(app: Linli) -> None:
    zhou = driver(app, "zhou")
    await zhou.send("/evaluation")
    chart, summary = zhou.batch
    assert chart.photo is not None
    assert chart.photo.mime_type == "image/png"
    assert png_size(chart.photo.content) == (960, 630)
    q3 = next(r for r in DEMO if r["community"] == "yuntang" and r["period"] == "2026-07-01")
    assert "云塘社区 · 2026年第3季度" in summary.text
    assert f"社区工作总体:{average(q3['overall'])} 分({len(q3['overall'])} 份)" in summary.text
    assert f"{q3['answered']} 人作答" in summary.text
    # Six comments, in an order that says nothing about who wrote first: the chat shows five of them.
    assert sum(comment in summary.text for comment in q3["comments"]) == COMMENTS_IN_CHAT < len(q3["comments"])
    assert "2026年第2季度" in summary.text  # the trend
    # zhou works for 云塘 only: 湘园's results are not his, whatever the button says.
    await zhou.press_payload(EvaluationResults((await place(app, "xiangyuan")).id))
    assert zhou.texts() == [t(app, "zh", "evaluation-staff-only")]


async def test_a_small_group_is_not_shown(app: Linli) -> None:
    """湘园's 12343 group in Q3 has three answers: neither its count nor its average is shown."""
    xiangyuan = await place(app, "xiangyuan")
    admin = await demo_person(app, "admin")  # street admin of 暮云; made admin of 青园 (湘园's street) too
    async with app.sessionmaker() as session, session.begin():
        street = await session.get(Place, xiangyuan.parent_id)
        person = await session.get(Person, admin.id)
        assert street is not None
        assert person is not None
        await grant_role(session, person, Role.street_admin, street)
    chat = driver(app, "admin")
    await chat.press_payload(EvaluationResults(xiangyuan.id))
    _chart, summary = chat.batch
    assert "12343 上门服务:不足5份,不显示" in summary.text
    assert "场地预约:4.0 分(5 份)" in summary.text


async def test_admins_compare_their_communities(app: Linli) -> None:
    admin = driver(app, "admin")  # street admin of 暮云: 云塘 and 桥头
    await admin.send("/evaluation")
    chart, summary = admin.batch
    assert chart.photo is not None
    assert png_size(chart.photo.content)[0] == 960
    assert "2026年第3季度各社区总体满意度" in summary.text
    assert "桥头社区:本期没有评价" in summary.text
    q3 = next(r for r in DEMO if r["community"] == "yuntang" and r["period"] == "2026-07-01")
    assert f"云塘社区:{average(q3['overall'])} 分" in summary.text
    await admin.press("云塘社区")
    assert "云塘社区 · 2026年第3季度" in admin.batch[1].text


async def test_a_grid_worker_sees_the_community_of_the_grid(app: Linli) -> None:
    li = driver(app, "li")
    await li.send("/evaluation")
    assert "云塘社区 · 2026年第3季度" in li.batch[-1].text
    async with app.sessionmaker() as session:
        assert await place_by_code(session, "yuntang") is not None


async def test_start_cadence_plans_every_community_once(app: Linli) -> None:
    app.set_clock(lambda: NOW)
    async with app.sessionmaker() as session, session.begin():
        scope = Acting(app.services, session, NOW)
        assert await start_cadence(scope) == 3  # 云塘, 桥头, 湘园
        assert await start_cadence(scope) == 0
        qiaotou = await place_by_code(session, "qiaotou")
        assert qiaotou is not None
        assert await timers.due_at(session, TIMER_OPEN, qiaotou.id) == datetime(2027, 1, 1, 1, 0, tzinfo=UTC)
    assert await invitations(app, "wang") == []  # nothing is sent until a round opens
