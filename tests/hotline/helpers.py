"""Shared steps of the hotline tests: reading the outbox, moving the clock, walking the resident flow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.app import Linli
from handlers.core.messages import Reply
from models.hotline.cases import HotlineRequest
from models.hotline.catalogue import HotlineService
from models.outbox import OutboxMessage
from models.people import ChannelAccount
from tests.harness import ChatDriver

# A Monday morning in Changsha (02:00 UTC = 10:00 local): every demo provider is open.
MONDAY_10 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self, app: Linli, now: datetime = MONDAY_10) -> None:
        self.app = app
        self.now = now
        app.set_clock(lambda: self.now)

    async def advance(self, **delta: float) -> int:
        """Move on and fire what fell due, round after round as the runner would (a timer may move another
        that was due in the same round); returns how many fired."""
        self.now += timedelta(**delta)
        total = 0
        while fired := await self.app.timers.run_due():
            total += fired
        return total


async def inbox(app: Linli, handle: str, channel: str = "terminal") -> list[Reply]:
    """Everything queued in the outbox for this account, oldest first."""
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .join(ChannelAccount, ChannelAccount.chat_id == OutboxMessage.chat_id)
            .where(ChannelAccount.external_id == handle, OutboxMessage.channel == channel)
            .order_by(OutboxMessage.id)
        )
        return [Reply.from_payload(row.payload) for row in rows.all()]


async def press_in(driver: ChatDriver, reply: Reply, label: str) -> None:
    """Press a button of a notification (an outbox message) as its recipient would."""
    await driver.press_data(driver.find_button(label, reply).data)


async def latest_request(app: Linli) -> HotlineRequest:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(HotlineRequest).order_by(HotlineRequest.id.desc()).limit(1))
        assert found is not None
        return found


async def service_named(app: Linli, code: str) -> HotlineService:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(HotlineService).where(HotlineService.code == code))
        assert found is not None
        return found


async def request_plumbing(wang: ChatDriver, provider: str = "都可以") -> None:
    """wang asks for a plumber by searching "水管漏了", for herself, at home, as soon as possible."""
    await wang.send("/services")
    await wang.send("水管漏了")
    await wang.press("水管维修")
    await wang.press(provider)
    await wang.press("厨房")
    await wang.press("是,很急")
    await wang.press("尽快")
    await wang.press("格兰小镇3栋")
    await wang.press("为我自己")
    await wang.press("确认提交")
