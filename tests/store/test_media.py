"""Kept photos and files: stored once per content, loaded with their bytes, refused when empty or huge."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.errors import DomainError
from models.media import MAX_MEDIA_BYTES, MediaFile, load_media, save_media

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


async def test_saved_once_per_content_and_loaded_with_bytes(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        first = await save_media(session, PNG, "image/png", None)
        second = await save_media(session, PNG, "image/png", None)
        other = await save_media(session, b"jpeg bytes", "image/jpeg", None)
    assert first.id == second.id != other.id
    assert first.filename.endswith(".png")
    async with sessionmaker() as session:
        loaded = await load_media(session, first.id)
        assert loaded is not None
        assert loaded.content == PNG
        assert await load_media(session, other.id + 100) is None
        assert await session.scalar(select(func.count()).select_from(MediaFile)) == 2


@pytest.mark.parametrize(
    ("content", "message_id"), [(b"", "media-empty"), (b"x" * (MAX_MEDIA_BYTES + 1), "media-too-large")]
)
async def test_refused(sessionmaker: async_sessionmaker[AsyncSession], content: bytes, message_id: str) -> None:
    async with sessionmaker() as session, session.begin():
        with pytest.raises(DomainError) as refused:
            await save_media(session, content, "image/jpeg", None)
    assert refused.value.message_id == message_id
