"""End to end on the real python-telegram-bot stack against the fake Bot API: a staff member composes an
urgent notice in chat, the paced outbox delivers it (through a flood error and past a user who blocked the
bot), a critical notice is acknowledged by pressing its button, and the author gets the delivery report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import Linli
from models.base import utcnow
from models.notices.store import Notice, NoticeStatus
from models.outbox import OutboxMessage, OutboxStatus
from models.people import ChannelAccount, Person, Role, grant_role
from models.places import place_by_code
from tests.e2e.conftest import TOKEN, bot_settings, expect, free_port, start_bot
from tests.fakes.bot_api import FakeBotAPI

STAFF = 9100
RESIDENTS = (9101, 9102, 9103, 9104)
BLOCKED = 9104


async def _register(linli: Linli, user_id: int, *, staff: bool = False) -> None:
    async with linli.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        building = await place_by_code(session, "yuntang-b3")
        assert community is not None
        assert building is not None
        person = Person(
            display_name=f"user {user_id}",
            language="zh",
            community_id=community.id,
            building_id=building.id,
            consented_at=utcnow(),
        )
        session.add(person)
        await session.flush()
        session.add(
            ChannelAccount(person_id=person.id, channel="telegram", external_id=str(user_id), chat_id=str(user_id))
        )
        if staff:
            await grant_role(session, person, Role.community_staff, community)


async def test_compose_deliver_acknowledge_and_report(tmp_path: Path) -> None:
    async with FakeBotAPI(TOKEN) as fake:
        await _scenario(fake, tmp_path)


async def _scenario(fake: FakeBotAPI, tmp_path: Path) -> None:
    settings = bot_settings(fake, tmp_path, free_port(), timer_poll_seconds=0.1)
    async with start_bot(settings, fake) as running:
        linli = running.linli
        await _register(linli, STAFF, staff=True)
        for user_id in RESIDENTS:
            await _register(linli, user_id)
            fake.user(user_id)
        fake.block(BLOCKED)
        staff = fake.user(STAFF, first_name="周")
        await staff.send("/notice")
        await expect(staff, "发给谁")
        await staff.press_button("全体居民")
        await expect(staff, "哪些语言")
        await staff.press_button("所有人")
        await expect(staff, "通知内容")
        await staff.send("今晚8点燃气管道检修,请关好阀门。")
        await expect(staff, "英文内容")
        await staff.press_button("跳过")
        await expect(staff, "图片")
        await staff.press_button("不附图片")
        await expect(staff, "紧急")
        await staff.press_button("紧急(")
        await expect(staff, "哪一类")
        await staff.press_button("安全提示")
        await expect(staff, "什么时候")
        await staff.press_button("现在发送")
        preview = await expect(staff, "请确认")
        async with linli.sessionmaker() as session:
            yuntang_people = len((await session.scalars(select(Person).where(Person.community_id.is_not(None)))).all())
        assert "人数:" in preview["text"]
        fake.flood(1, times=1)  # Telegram says "too many requests" once: the sender waits and resumes
        await staff.press_button("确认发送给")
        await expect(staff, "正在发送")

        resident = fake.user(RESIDENTS[0])
        message = await expect(resident, "燃气管道检修", timeout=10)
        for user_id in RESIDENTS[1:3]:
            await expect(fake.user(user_id), "燃气管道检修", timeout=10)
        await resident.press_button("已收到", message)
        await expect(resident, "已确认您收到")
        report = await expect(staff, "发送完毕", timeout=30)
        assert "👍 已确认收到:1" in report["text"]
        assert "🚫 联系不上:1" in report["text"]
        async with linli.sessionmaker() as session:
            notice = await session.scalar(select(Notice).order_by(Notice.id.desc()))
            assert notice is not None
            assert notice.status is NoticeStatus.done
            rows = (
                await session.scalars(
                    select(OutboxMessage).where(
                        OutboxMessage.notice_id == notice.id, OutboxMessage.channel == "telegram"
                    )
                )
            ).all()
            by_chat = {row.chat_id: row.status for row in rows}
        assert by_chat[str(BLOCKED)] is OutboxStatus.unreachable
        assert all(by_chat[str(user_id)] is OutboxStatus.sent for user_id in RESIDENTS[:3])
        for user_id in RESIDENTS[:3]:  # exactly one copy each, despite the flood error
            texts = [m.get("text", "") for m in fake.user(user_id).messages if "燃气管道检修" in m.get("text", "")]
            assert len(texts) == 1
        assert any(call.status == 429 for call in fake.calls_of("sendMessage"))
        assert yuntang_people >= len(RESIDENTS) + 1
