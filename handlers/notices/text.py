"""How a notice looks to its recipients (both languages), and its ledger as staff read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.i18n import format_datetime
from handlers.core.buttons import MenuAction, pack
from handlers.core.messages import Button, Reply
from handlers.core.scope import Services
from handlers.notices.buttons import NoticeAckButton, NoticeTopics
from models.media import load_media
from models.notices.store import (
    Notice,
    Urgency,
    ledger,
)
from models.places import Place


def notice_reply(
    services: Services, notice: Notice, scope_name: str, language: str, *, reminder: bool = False
) -> Reply:
    t = services.catalog.t
    heading = t(
        language,
        "notices-heading",
        {
            "place": scope_name,
            "topic": t(language, f"notices-topic-{notice.topic.value}"),
            "urgency": notice.urgency.value,
        },
    )
    text = f"{heading}\n\n{notice.text(language)}"
    if reminder:
        text = f"{t(language, 'notices-reminder-intro')}\n\n{text}"
    key = services.button_key
    rows: list[tuple[Button, ...]] = []
    action = (notice.action or {}).get(language) or (notice.action or {}).get("zh")
    if action:  # the sending feature's own button (a 说事 meeting's "sign up"), handled by that feature
        rows.append((Button(str(action[0]), str(action[1])),))
    if notice.urgency is Urgency.critical:
        rows.append((Button(t(language, "notices-ack-button"), pack(NoticeAckButton(notice.id or 0), key)),))
    rows.append(
        (
            Button(t(language, "notices-settings-button"), pack(NoticeTopics(""), key)),
            Button(t(language, "button-menu"), pack(MenuAction("menu"), key)),
        )
    )
    return Reply(text, tuple(rows))


async def notice_payloads(
    services: Services, session: AsyncSession, notice: Notice, *, reminder: bool = False
) -> dict[str, dict[str, Any]]:
    """The outbox payload per language; the photo is referenced by its media id, not copied."""
    scope = await session.get(Place, notice.scope_place_id)
    assert scope is not None
    media = await load_media(session, notice.media_id) if notice.media_id is not None else None
    payloads = {}
    for language in ("zh", "en"):
        body = notice_reply(services, notice, scope.name(language), language, reminder=reminder).to_payload()
        if media is not None:
            kind = "photo" if media.mime_type.startswith("image/") else "document"
            body["media"] = {"id": media.id, "kind": kind, "filename": media.filename, "mime_type": media.mime_type}
        payloads[language] = body
    return payloads


async def ledger_text(services: Services, session: AsyncSession, notice: Notice, language: str) -> str:
    counts = await ledger(session, notice.id)
    t = services.catalog.t
    return t(
        language,
        "notices-ledger",
        {
            "id": notice.id,
            "status": t(language, f"notices-status-{notice.status.value}"),
            "when": when_text(services, notice.send_at, language),
            "text": notice.text(language).strip().splitlines()[0][:60],
            "recipients": counts.recipients,
            "sent": counts.sent,
            "pending": counts.pending,
            "failed": counts.failed,
            "unreachable": counts.unreachable,
            "cancelled": counts.cancelled,
            "acknowledged": counts.acknowledged,
            "critical": "yes" if notice.urgency is Urgency.critical else "no",
        },
    )


def when_text(services: Services, moment: datetime, language: str) -> str:
    return format_datetime(moment, language, services.settings.tz)
