"""A resident goes from /start to a pledge on Telegram, in polling and in webhook mode."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable

import aiohttp
from sqlalchemy import select

from handlers.core.messages import Reply
from handlers.core.scope import Acting, notify_person
from handlers.pact.resident import publish_and_notify
from models.base import utcnow
from models.outbox import OutboxMessage, OutboxStatus
from models.pact.store import ArticleText
from models.people import ChannelAccount, Person
from models.places import place_by_code
from tests.e2e.conftest import RunningBot, expect
from tests.fakes.bot_api import FakeBotAPI, FakeUser
from tests.harness import LISTED_COMMANDS


async def onboard(user: FakeUser, *, community: str = "云塘社区", building: str = "格兰小镇3栋") -> None:
    await user.send("/start")
    await expect(user, "请选择语言")
    await user.press_button("中文")
    await expect(user, "哪个社区")
    await user.press_button(community)
    await expect(user, "哪一栋")
    await user.press_button(building)
    await expect(user, "门牌号")
    await user.send("2单元301")
    await expect(user, "隐私说明")
    await user.press_button("✅ 同意")
    await expect(user, "欢迎加入")


async def test_start_to_pledge(running: RunningBot) -> None:
    user = running.fake.user(5001, first_name="王阿姨", language_code="zh-hans")

    await onboard(user)
    await user.press_button("居民公约")
    overview = await expect(user, "云塘社区居民公约")
    assert "已有 4 位居民承诺" in overview["text"]

    await user.press_button("逐条阅读")
    first = await expect(user, "第 1 条 / 共 10 条")
    await user.press_button("下一条")
    second = await expect(user, "第 2 条 / 共 10 条")
    assert first["message_id"] == second["message_id"]  # paging edits the message in place

    await user.press_button("我承诺遵守")
    await expect(user, "已有 5 位居民承诺")
    # Every press was answered (the spinner stops): 4 in onboarding, menu, read, next, pledge.
    assert len(running.fake.calls_of("answerCallbackQuery")) == 8
    async with running.linli.sessionmaker() as session:
        person = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == "5001"))
        assert person is not None
        assert (person.unit, person.display_name) == ("2单元301", "王阿姨")


async def test_a_double_tap_edits_once_and_sends_no_copy(running: RunningBot) -> None:
    """Elderly users double-tap: the second press of the same button finds the message already showing
    its answer, which Telegram reports as "Message is not modified". That is a silent success."""
    user = running.fake.user(5003, first_name="李奶奶", language_code="zh-hans")
    await onboard(user)
    await user.press_button("居民公约")
    overview = await expect(user, "云塘社区居民公约")
    read = next(b for row in overview["reply_markup"]["inline_keyboard"] for b in row if "逐条阅读" in b["text"])
    sent = user.sent_count
    await user.press(overview, read["callback_data"])
    await user.press(overview, read["callback_data"])
    # Updates of one chat are handled in order: once /help is answered, both presses have been.
    await user.send("/help")
    await expect(user, "帮助")
    assert user.sent_count == sent + 1  # the help; both presses edited the overview in place, no copy
    assert "第 1 条 / 共 10 条" in user.messages[-2]["text"]


async def test_commands_registered_in_both_languages(running: RunningBot) -> None:
    zh = {c["command"]: c["description"] for c in running.fake.commands(language_code="zh")}
    en = {c["command"]: c["description"] for c in running.fake.commands(language_code="en")}
    assert zh["pact"] == "居民公约"
    assert en["pact"] == "Residents' pact"
    assert set(zh) == set(en) == LISTED_COMMANDS
    # The everyday ones are among them; staff commands work when typed but are not advertised.
    assert {"menu", "help", "start", "book", "report", "pact", "notices"} <= LISTED_COMMANDS
    assert "publishpact" not in zh


async def test_english_speaker_is_answered_in_english(running: RunningBot) -> None:
    user = running.fake.user(5002, first_name="Emma", language_code="en-GB")
    await user.send("/help")
    await expect(user, "Linli · Help")


async def test_each_chat_is_answered_in_order(running: RunningBot) -> None:
    first = running.fake.user(5101, language_code="zh-hans")
    second = running.fake.user(5102, language_code="en")
    for n in range(12):
        await first.send(f"/nope{n}")
        await second.send(f"/nope{n}")
    await first.wait_until(lambda: first.sent_count >= 12, 10)
    await second.wait_until(lambda: second.sent_count >= 12, 10)
    for user in (first, second):
        numbers = [re.search(r"/nope(\d+)", m["text"]) for m in user.messages]
        assert [match.group(1) if match else None for match in numbers] == [str(n) for n in range(12)]


async def test_stale_and_forged_buttons_say_expired(running: RunningBot) -> None:
    user = running.fake.user(5003, language_code="zh-hans")
    await user.send("/start")
    language_question = await expect(user, "请选择语言")
    await user.press_button("中文")
    await expect(user, "哪个社区")

    async def answers_to(press: Awaitable[str]) -> list[str]:
        before = user.sent_count
        await press
        await user.wait_until(lambda: user.sent_count >= before + 2)
        return [message["text"] for message in user.messages[before:]]

    # A button from a step already answered, then one made up by a client: expired, and the same question.
    stale = await answers_to(user.press_button("English", message=language_question))
    forged = await answers_to(user.press(language_question, "pp:1~AAAAAAAA"))
    for texts in (stale, forged):
        assert texts == ["⌛ 这个菜单已过期,请重新选择。", "您住在哪个社区?"]
    assert len(running.fake.calls_of("answerCallbackQuery")) == 3


async def test_pact_update_reaches_earlier_pledgers_through_the_outbox(running: RunningBot) -> None:
    resident = running.fake.user(5004, first_name="李叔", language_code="zh-hans")
    await onboard(resident)
    await resident.send("/pact")
    await expect(resident, "云塘社区居民公约")
    await resident.press_button("我承诺遵守")
    await expect(resident, "谢谢您")
    before = resident.sent_count

    linli = running.linli
    async with linli.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        assert community is not None
        articles = [ArticleText("邻里和睦,互帮互助。"), ArticleText("垃圾分类,人人有责。")]
        _, _, told = await publish_and_notify(Acting(linli.services, session, utcnow()), community, articles)
    assert told == 5  # the resident and the four demo people who pledged version 1 (terminal accounts)

    notice = await resident.wait_for_reply(after_count=before, timeout=5)
    assert "已更新为第2版" in notice["text"]
    await resident.press_button("我承诺遵守", message=notice)
    await expect(resident, "已有 1 位居民承诺")


async def test_blocked_person_is_marked_unreachable(running: RunningBot) -> None:
    resident = running.fake.user(5005, language_code="zh-hans")
    await resident.send("/help")
    await expect(resident, "帮助")
    running.fake.block(5005)
    linli = running.linli
    async with linli.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).join(ChannelAccount).where(ChannelAccount.external_id == "5005"))
        assert person is not None
        await notify_person(session, person, "test", lambda language: Reply("你好"))

    async def settled() -> OutboxMessage:
        while True:
            async with linli.sessionmaker() as session:
                row = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == "5005"))
                account = await session.scalar(select(ChannelAccount).where(ChannelAccount.external_id == "5005"))
            assert row is not None
            assert account is not None
            if row.status is not OutboxStatus.pending:
                assert account.unreachable_at is not None
                return row
            await asyncio.sleep(0.05)

    row = await asyncio.wait_for(settled(), timeout=5)
    assert row.status is OutboxStatus.unreachable


async def test_health_endpoint(running: RunningBot) -> None:
    async with aiohttp.ClientSession() as client, client.get(f"{running.base}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_flood_control_is_waited_out(running: RunningBot, fake: FakeBotAPI) -> None:
    user = fake.user(5006, language_code="zh-hans")
    fake.flood(1, times=1)
    await user.send("/help")
    await expect(user, "帮助", timeout=8)
    assert any(call.status == 429 for call in fake.calls_of("sendMessage"))
