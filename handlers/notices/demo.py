"""The demo's past notices (config/demo/notices.toml), so /notices and the ledger show something."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from models.notices.store import (
    Notice,
    NoticeStatus,
    Topic,
    Urgency,
    audience_of,
    count_audience,
)
from models.people import ChannelAccount, Person
from models.places import place_by_code
from models.seed import DEMO_CHANNEL


async def load_demo(session: AsyncSession) -> None:
    """A couple of past notices, delivered to the demo residents, so /notices and the ledger show something.
    They are shown to the residents of their place by audience (``notices_for``)."""
    data = load_feature_demo("notices")
    for item in data.get("notices", []):
        scope = await place_by_code(session, item["place"])
        if scope is None:
            continue
        author = await session.scalar(
            select(Person)
            .join(ChannelAccount)
            .where(ChannelAccount.channel == DEMO_CHANNEL, ChannelAccount.external_id == item["author"])
        )
        sent_at = datetime.fromisoformat(item["sent_at"])
        notice = Notice(
            author_id=author.id if author else None,
            scope_place_id=scope.id,
            audience={"places": [], "roles": [], "language": None},
            text_zh=item["zh"],
            text_en=item.get("en", ""),
            urgency=Urgency(item.get("urgency", "normal")),
            topic=Topic(item.get("topic", "general")),
            status=NoticeStatus.done,
            send_at=sent_at,
            created_at=sent_at,
            queued_at=sent_at,
            completed_at=sent_at,
            recipients=0,
            queue_cursor=0,
            remind_hours=0,
        )
        session.add(notice)
        await session.flush()
        # No outbox rows: the demo has no chats to deliver to, and its outbox must start empty.
        notice.recipients = await count_audience(session, await audience_of(session, notice))
