"""Small key-value facts the whole deployment shares (the generated button-signing key)."""

from __future__ import annotations

import secrets

from sqlalchemy import String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, upsert_insert


class AppMeta(Base):
    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


async def get_or_create_secret(session: AsyncSession, key: str = "button_secret") -> str:
    """One secret for all processes: the first to start writes it, the others read that one."""
    await session.execute(
        upsert_insert(session, AppMeta).values(key=key, value=secrets.token_urlsafe(32)).on_conflict_do_nothing()
    )
    value = await session.scalar(select(AppMeta.value).where(AppMeta.key == key))
    assert value is not None
    return value
