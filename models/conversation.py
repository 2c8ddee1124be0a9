"""Per-chat conversation state: which flow a chat is in, at which step, with what gathered so far.

It lives in the database, not in memory, so a restart or a second process carries on the conversation.
``nonce`` changes whenever a step offers new buttons; a button carrying an older nonce is stale.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class ConversationState(Base):
    __tablename__ = "conversation_states"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    nonce: Mapped[str] = mapped_column(String(8), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    def is_live(self, now: datetime) -> bool:
        return self.flow is not None and self.expires_at > now


def new_nonce() -> str:
    return secrets.token_hex(2)


async def purge_expired_states(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(delete(ConversationState).where(ConversationState.expires_at <= now))
    return int(result.rowcount)  # type: ignore[attr-defined]


def state_expiry(now: datetime, ttl_minutes: int) -> datetime:
    return now + timedelta(minutes=ttl_minutes)
