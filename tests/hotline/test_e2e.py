"""End-to-end on Telegram (fake Bot API, real python-telegram-bot): a new resident joins, finds the plumber
by saying what is wrong, files a request and gets a ticket; the repair company's offer is queued for its
staff."""

from __future__ import annotations

import re

from sqlalchemy import select

from models.hotline.cases import HotlineRequest, RequestStatus
from models.outbox import OutboxMessage
from models.people import ChannelAccount
from tests.e2e.conftest import RunningBot, expect
from tests.e2e.test_telegram import onboard


async def test_resident_files_a_request_on_telegram(running: RunningBot) -> None:
    user = running.fake.user(5301, first_name="王阿姨", language_code="zh-hans")
    await onboard(user)
    await user.press_button("12343 便民服务")
    await expect(user, "请选择服务类别")
    await user.send("水管漏了")
    await expect(user, "您是不是需要")
    await user.press_button("水管维修")
    await expect(user, "请选择服务商")
    await user.press_button("都可以")
    await expect(user, "哪里出问题")
    await user.press_button("卫生间")
    await expect(user, "现在还在漏水吗")
    await user.press_button("跳过")
    await expect(user, "什么时间")
    await user.press_button("尽快")
    await expect(user, "在哪里服务")
    await user.press_button("格兰小镇3栋")
    await expect(user, "为谁申请")
    await user.press_button("为我自己")
    await expect(user, "手机号码")
    await user.send("13912340000")
    await expect(user, "请确认")
    await user.press_button("确认提交")
    done = await expect(user, "已受理")
    ticket = re.search(r"12343-\d{8}-\d{4}", done["text"])
    assert ticket is not None
    async with running.linli.sessionmaker() as session:
        request = await session.scalar(select(HotlineRequest).where(HotlineRequest.ticket == ticket.group(0)))
        assert request is not None
        assert request.status is RequestStatus.offered
        assert request.contact_phone == "13912340000"
        offers = await session.scalars(
            select(OutboxMessage)
            .join(ChannelAccount, ChannelAccount.chat_id == OutboxMessage.chat_id)
            .where(ChannelAccount.external_id.in_(["liushifu", "wushifu"]), OutboxMessage.kind == "hotline-offer")
        )
        assert [ticket.group(0) in row.payload["text"] for row in offers.all()] == [True]
    await user.press_button("查看服务单")
    await expect(user, "正在派单")
