"""End-to-end on the real Telegram stack (fake Bot API): a resident signs up as a volunteer, staff
approve, a task offer arrives through the outbox and is accepted with its button."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.core.scope import Acting
from handlers.volunteers.dispatch import dispatch_task
from models.places import place_by_code
from models.volunteers.store import TaskStatus, VolunteerTask, create_task
from tests.e2e.conftest import RunningBot, expect
from tests.e2e.test_telegram import onboard
from tests.harness import ChatDriver, demo_person
from tests.volunteers.helpers import TZ, button_data, sent_to


async def test_sign_up_and_accept_an_offer(running: RunningBot) -> None:
    user = running.fake.user(5301, first_name="刘阿姨", language_code="zh-hans")
    await onboard(user)
    await user.send("/volunteer")
    await expect(user, "七彩义工")
    await user.press_button("报名当志愿者")
    await expect(user, "您能做哪些事")
    await user.press_button("送餐")
    await user.press_button("下一步")
    await expect(user, "哪些地方服务")
    await user.press_button("第一网格")
    await user.press_button("下一步")
    await expect(user, "哪几天有空")
    await user.press_button("每天")
    await user.press_button("下一步")
    await expect(user, "哪些时段有空")
    await user.press_button("上午")
    await user.press_button("下一步")
    await expect(user, "是否同意把您的电话")
    await user.press_button("不同意")
    await expect(user, "志愿之星")
    await user.press_button("不显示")
    await expect(user, "请确认")
    await user.press_button("提交报名")
    await expect(user, "报名已提交")

    linli = running.linli
    zhou = ChatDriver(linli, user_id="zhou", channel="terminal")
    (application,) = await sent_to(linli, "zhou", "volunteers-application")
    await zhou.press_data(button_data(application, "通过"))
    await expect(user, "报名已通过")

    tomorrow_10 = (datetime.now(TZ) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    staff = await demo_person(linli, "zhou")
    async with linli.sessionmaker() as session, session.begin():
        community = await place_by_code(session, "yuntang")
        building = await place_by_code(session, "yuntang-b1")
        assert community is not None
        task = await create_task(
            session,
            community,
            title="给1栋李爷爷送午饭",
            skill="meals",
            starts_at=tomorrow_10.astimezone(UTC),
            ends_at=(tomorrow_10 + timedelta(hours=2)).astimezone(UTC),
            places_needed=3,  # chen and sunml match too: a first wave of six reaches her
            estimated_minutes=60,
            now=datetime.now(UTC),
            place=building,
            created_by=await session.get(type(staff), staff.id),
        )
        await dispatch_task(Acting(linli.services, session, datetime.now(UTC)), task)
        task_id = task.id
    linli.timers.wake()
    await expect(user, "给1栋李爷爷送午饭", timeout=10)
    await user.press_button("我能去")
    await expect(user, "这个任务交给您了")
    async with linli.sessionmaker() as session:
        stored = await session.get(VolunteerTask, task_id)
        assert stored is not None
        assert (stored.places_taken, stored.status) == (1, TaskStatus.open)
