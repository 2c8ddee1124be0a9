"""Polls in chat: voting, a second member of the household told the flat has voted, changing a vote, a
missing unit asked for, stale and forged buttons, free text where a button was expected, a closed poll and
its result sent as a chart, nominations, and /newpoll (refused to a resident, a full run by staff)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

import handlers.polls.jobs as jobs
from bot.app import Linli
from handlers.core.scope import Acting
from handlers.polls.buttons import PollManage, PollModerate, PollOpen, PollResults
from handlers.polls.jobs import close_and_announce
from handlers.polls.staff import open_poll
from models.media import load_media
from models.outbox import OutboxMessage
from models.places import place_by_code
from models.polls.store import (
    BallotUnit,
    OptionStatus,
    OptionText,
    Poll,
    PollBallot,
    PollDraft,
    PollKind,
    PollOption,
    residents_of,
)
from tests.grid.helpers import driver
from tests.harness import ChatDriver, demo_person, onboard, t
from tests.volunteers.helpers import sent_to

PARKING = "小区停车位划线方案"
MODEL = "2026年度文明家庭评选"


async def poll_titled(app: Linli, title: str) -> Poll:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Poll).where(Poll.title_zh == title))
        assert found is not None
        return found


async def ballots(app: Linli, poll_id: int) -> list[PollBallot]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(PollBallot).where(PollBallot.poll_id == poll_id))).all())


async def payloads_to(app: Linli, handle: str, kind: str) -> list[dict[str, Any]]:
    person = await demo_person(app, handle)
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.person_id == person.id, OutboxMessage.kind == kind)
        )
        return [row.payload for row in rows.all()]


async def open_parking(chat: ChatDriver) -> None:
    await chat.send("/polls")
    await chat.press(PARKING)


async def test_a_resident_votes_and_changes_the_vote(app: Linli) -> None:
    zhang = ChatDriver(app, user_id="2001", name="张大爷")
    await onboard(zhang, building="格兰小镇5栋", unit="1单元101")
    await zhang.send("/menu")
    assert t(app, "zh", "menu-polls") in zhang.labels()  # a poll is open for him
    await open_parking(zhang)
    assert PARKING in zhang.text
    assert "每户一票" in zhang.text
    await zhang.press("方案二")
    assert "投票成功" in zhang.text
    assert "目前的票数" not in zhang.text  # results hidden until the close
    poll = await poll_titled(app, PARKING)
    before = len(await ballots(app, poll.id))
    await zhang.press(t(app, "zh", "polls-change-button"))
    assert "您已投票" in zhang.text
    assert "✅ 方案二" in " ".join(zhang.labels())
    await zhang.press("方案一")
    assert "已修改您的投票" in zhang.text
    assert len(await ballots(app, poll.id)) == before  # changed, not added


async def test_a_second_member_of_the_household_is_told_the_flat_has_voted(app: Linli) -> None:
    """wang (格兰小镇3栋 2单元301) voted in the demo; her son joins with the unit written differently."""
    son = ChatDriver(app, user_id="2002", name="王小明")
    await onboard(son, building="格兰小镇3栋", unit="2单元 301室")
    await open_parking(son)
    assert "您家(格兰小镇3栋 2单元 301室)已于" in son.text
    assert "方案" not in " ".join(son.labels())  # nothing to vote with
    poll = await poll_titled(app, PARKING)
    assert len(await ballots(app, poll.id)) == 3  # the demo's three households, no more
    # Another household never sees wang's flat or anything about her.
    emma = driver(app, "emma")
    await emma.send("/polls")
    await emma.press("Parking bay markings")
    assert "2单元301" not in emma.text
    assert "Gelan Town Building 3" not in emma.text


async def test_a_resident_without_a_unit_is_asked_for_it(app: Linli) -> None:
    liu = ChatDriver(app, user_id="2003", name="刘阿姨")
    await onboard(liu, building="格兰小镇7栋", unit=None)
    await open_parking(liu)
    assert "门牌号" in liu.text
    await liu.send("3单元202")
    assert "已保存门牌号" in liu.text
    person = await liu.person()
    assert person is not None
    assert person.unit == "3单元202"
    await liu.press("方案三")
    assert "投票成功" in liu.text


async def test_stale_and_forged_buttons_and_free_text(app: Linli) -> None:
    zhang = ChatDriver(app, user_id="2004", name="张大爷")
    await onboard(zhang, building="格兰小镇5栋", unit="1单元102")
    await open_parking(zhang)
    await zhang.send("我选方案一")  # text where a button was expected
    assert t(app, "zh", "hint-use-buttons") in zhang.text
    assert "方案一" in " ".join(zhang.labels())  # asked again
    old_choice = zhang.find_button("方案一").data
    await zhang.press("方案二")
    await zhang.press_data(old_choice)  # the vote step is over: a stale choice
    assert t(app, "zh", "button-expired") in zhang.text
    await zhang.press_payload(PollOpen(999999))  # a poll that does not exist
    assert t(app, "zh", "button-expired") in zhang.text
    xiangyuan_poll = await poll_titled(app, MODEL)
    await zhang.press_payload(PollOpen(xiangyuan_poll.id))  # another community's poll
    assert t(app, "zh", "button-expired") in zhang.text
    await zhang.press_payload(PollModerate(1, 1))  # a staff button, from a resident
    assert t(app, "zh", "button-expired") in zhang.text
    await zhang.press_data("ov:1~forged")
    assert t(app, "zh", "button-expired") in zhang.text


async def test_a_closed_poll_refuses_and_sends_its_result_as_a_chart(app: Linli) -> None:
    zhang = ChatDriver(app, user_id="2005", name="张大爷")
    await onboard(zhang, building="格兰小镇5栋", unit="1单元103")
    await open_parking(zhang)
    kept_choice = zhang.find_button("方案一").data
    poll = await poll_titled(app, PARKING)
    async with app.sessionmaker() as session, session.begin():
        scope = Acting(app.services, session, app.services.clock())
        assert await close_and_announce(scope, poll.id) is not None
    await zhang.press_data(kept_choice)  # the vote screen was open when it closed
    assert t(app, "zh", "polls-closed") in zhang.text
    assert len(await ballots(app, poll.id)) == 3
    for handle in ("wang", "li", "chen"):  # every voter gets the chart, with counts and turnout
        (payload,) = await payloads_to(app, handle, "poll-result")
        assert "方案一:沿主干道单侧划线:2 票" in payload["text"]
        assert "参与:3/" in payload["text"]
        async with app.sessionmaker() as session:  # the chart is referenced, not copied into every row
            chart = await load_media(session, int(payload["media"]["id"]))
        assert chart is not None
        assert chart.content.startswith(b"\x89PNG")
    assert await sent_to(app, "emma", "poll-result") == []  # she did not vote
    await zhang.press_payload(PollOpen(poll.id))  # the poll now shows its final result
    assert "最终结果" in zhang.text
    assert zhang.last.photo is not None
    assert chart is not None
    assert zhang.last.photo.content == chart.content  # the very chart the voters got


async def test_nominations_are_moderated_then_voted_on(app: Linli) -> None:
    he = driver(app, "he")  # 湘园 resident
    await he.send("/polls")
    await he.press(MODEL)
    assert "提名阶段" in he.text
    await he.press(t(app, "zh", "polls-nominate-button"))
    await he.send("青山小区3栋 助人为乐的赵家")
    assert "谢谢您的提名" in he.text
    asked = await sent_to(app, "fangmin", "poll-nomination")  # the staff member who opened the poll
    assert asked
    assert "助人为乐的赵家" in asked[-1].text
    poll = await poll_titled(app, MODEL)
    async with app.sessionmaker() as session:
        option = await session.scalar(select(PollOption).where(PollOption.text_zh == "青山小区3栋 助人为乐的赵家"))
        assert option is not None
        assert option.status is OptionStatus.proposed
    fang = driver(app, "fangmin")
    await fang.press_payload(PollModerate(option.id, 1))
    assert "已列入投票" in fang.text
    await fang.press_payload(PollModerate(option.id, 0))  # pressed twice: already decided
    assert t(app, "zh", "polls-option-moderated") in fang.text
    zhou = driver(app, "zhou")  # staff of another community
    await zhou.press_payload(PollModerate(option.id, 1))
    assert t(app, "zh", "button-expired") in zhou.text
    assert poll.nominating_until is not None


async def test_a_resident_may_not_open_a_poll(app: Linli) -> None:
    wang = driver(app, "wang")
    await wang.send("/newpoll")
    assert wang.text == t(app, "zh", "staff-only")


async def test_staff_open_a_poll_in_chat_and_residents_are_told(app: Linli) -> None:
    zhou = driver(app, "zhou")
    await zhou.send("/newpoll")
    await zhou.press("格兰小镇3栋")
    await zhou.press("单选")
    await zhou.press("每人一票")
    await zhou.send("楼道灯更换时间")
    await zhou.send("周六上午\n周日下午")
    await zhou.send("2020-01-01 10:00")  # a closing time in the past
    assert t(app, "zh", "polls-close-in-past") in zhou.text
    await zhou.press("7 天后")
    await zhou.press("截止后再公布")
    assert "楼道灯更换时间" in zhou.text
    assert "每人一票" in zhou.text
    await zhou.press("发起")
    assert "已发起" in zhou.text
    await app.timers.run_due()
    told = await sent_to(app, "wang", "poll-open")  # wang lives in 格兰小镇3栋
    assert len(told) == 1
    assert "楼道灯更换时间" in told[0].text
    assert await sent_to(app, "li", "poll-open") == []  # 格兰小镇6栋: not this building's poll
    async with app.sessionmaker() as session:
        building = await place_by_code(session, "yuntang-b3")
        poll = await session.scalar(select(Poll).where(Poll.title_zh == "楼道灯更换时间"))
        assert building is not None
        assert poll is not None
        assert poll.place_id == building.id
        assert poll.closes_at - app.services.clock() > timedelta(days=6)
        count = await session.scalar(select(OutboxMessage.id).where(OutboxMessage.kind == "poll-open").limit(1))
        assert count is not None
    wang = driver(app, "wang")
    await wang.press_data(told[0].buttons[0][0].data)
    await wang.press("周日下午")
    assert "投票成功" in wang.text


async def test_a_score_poll_takes_stars(app: Linli) -> None:
    async with app.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        assert community is not None
        draft = PollDraft(
            place=community,
            kind=PollKind.score,
            ballot_unit=BallotUnit.person,
            title_zh="物业服务满意度",
            closes_at=app.services.clock() + timedelta(days=3),
            results_hidden=False,
        )
        poll = await open_poll(Acting(app.services, session, app.services.clock()), draft, None)
    wang = driver(app, "wang")
    await wang.press_payload(PollOpen(poll.id))
    assert wang.labels()[:5] == ["⭐", "⭐⭐", "⭐⭐⭐", "⭐⭐⭐⭐", "⭐⭐⭐⭐⭐"]
    await wang.press("⭐⭐⭐⭐")
    assert "投票成功" in wang.text
    assert "目前的票数" in wang.text  # results shown as they come, for this poll
    assert "平均 4.0 星" in wang.text


async def test_staff_close_a_poll_from_chat(app: Linli) -> None:
    parking = await poll_titled(app, PARKING)
    zhou = driver(app, "zhou")
    await zhou.send("/work")
    await zhou.press(t(app, "zh", "menu-polls-manage"))
    assert zhou.text == t(app, "zh", "polls-manage-list")
    await zhou.press(PARKING)
    assert "参与:3/" in zhou.text
    await zhou.press(t(app, "zh", "polls-close-button"))
    await zhou.press(t(app, "zh", "polls-close-yes"))
    assert "已截止" in zhou.text
    await app.timers.run_due()
    assert len(await sent_to(app, "wang", "poll-result")) == 1
    tang = driver(app, "tang")  # staff of 桥头, not of 云塘
    await tang.press_payload(PollManage(parking.id))
    assert t(app, "zh", "button-expired") in tang.text


async def test_a_large_place_is_told_in_chunks(app: Linli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two residents a transaction: everyone in 云塘 is told once, and nobody outside it."""
    monkeypatch.setattr(jobs, "CHUNK", 2)
    async with app.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        assert community is not None
        draft = PollDraft(
            place=community,
            kind=PollKind.single,
            ballot_unit=BallotUnit.household,
            title_zh="垃圾分类投放点位置",
            closes_at=app.services.clock() + timedelta(days=3),
            options=[OptionText("东门"), OptionText("西门")],
        )
        poll = await open_poll(Acting(app.services, session, app.services.clock()), draft, None)
        expected = {person.id for person in await residents_of(session, poll)}
    assert len(expected) > 5
    rounds = 0
    while await app.timers.run_due():  # each chunk schedules the next one, due at once
        rounds += 1
        assert rounds < 50
    assert rounds >= len(expected) // 2
    async with app.sessionmaker() as session:
        told = (
            await session.scalars(
                select(OutboxMessage.person_id).where(
                    OutboxMessage.kind == "poll-open", OutboxMessage.payload["text"].as_string().contains("垃圾分类")
                )
            )
        ).all()
    assert sorted(person for person in told if person is not None) == sorted(expected)
    assert None not in told


async def test_a_poll_that_went_away_while_typing_ends_the_flow(app: Linli) -> None:
    he = driver(app, "he")
    await he.send("/polls")
    await he.press(MODEL)
    await he.press(t(app, "zh", "polls-nominate-button"))
    poll = await poll_titled(app, MODEL)
    async with app.sessionmaker() as session, session.begin():
        found = await session.get(Poll, poll.id)
        assert found is not None
        await session.delete(found)
    await he.send("青山小区4栋 邻里和睦的孙家")
    assert he.text == t(app, "zh", "polls-gone")
    assert await he.flow_step() == (None, None)


async def test_english_residents_vote_in_english(app: Linli) -> None:
    emma = driver(app, "emma")
    await emma.send("/menu")
    assert t(app, "en", "menu-polls") in emma.labels()
    await emma.press(t(app, "en", "menu-polls"))
    await emma.press("Parking bay markings")
    assert "one vote per household" in emma.text
    await emma.press("Plan 2")
    assert "Thank you, your vote is in! It is your household's vote." in emma.text
    await emma.press_payload(PollResults((await poll_titled(app, PARKING)).id))
    assert t(app, "en", "polls-results-hidden", closes="").split("(")[0] in emma.text
