"""Pictures and files people sent (case evidence, notice attachments), kept in the database.

Kept as bytes rather than as a platform's file id: a photo sent on Telegram must show later on the web
console or any other channel, and a file id means nothing there. Identical content is stored once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, undefer

from models.base import Base, UTCDateTime, utcnow
from models.errors import DomainError

MAX_MEDIA_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


class MediaFile(Base):
    __tablename__ = "media_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    mime_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when shown
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def filename(self) -> str:
        return f"{self.sha256[:12]}.{EXTENSIONS.get(self.mime_type, 'bin')}"


async def save_media(session: AsyncSession, content: bytes, mime_type: str, uploaded_by: int | None) -> MediaFile:
    """Keep ``content`` (or find the identical file kept before) and return it, with its id."""
    if not content:
        raise DomainError("media-empty")
    if len(content) > MAX_MEDIA_BYTES:
        raise DomainError("media-too-large", max_mb=MAX_MEDIA_BYTES // (1024 * 1024))
    digest = hashlib.sha256(content).hexdigest()
    existing = await session.scalar(select(MediaFile).where(MediaFile.sha256 == digest))
    if existing is not None:
        return existing
    media = MediaFile(sha256=digest, mime_type=mime_type, size=len(content), content=content, uploaded_by=uploaded_by)
    session.add(media)
    await session.flush()
    return media


async def load_media(session: AsyncSession, media_id: int) -> MediaFile | None:
    """The file with its bytes loaded (None if it is gone)."""
    return await session.scalar(select(MediaFile).options(undefer(MediaFile.content)).where(MediaFile.id == media_id))
