"""Who saw whose personal data, and why: every view of a phone number or an address by someone other than
the person goes to the audit log, in chat and in the console.

The entry names the viewer, the record (a grid case, a 12343 request, a volunteer task), its place, which
kinds of data were shown and the reason (the work it was shown for); never the data itself. Pages that can
do their work without the full number show it masked (138****1234) and reveal it on demand, audited.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models.web import AuditEntry, record_audit

PERSONAL_VIEW = "personal.view"


class Shown(enum.StrEnum):
    """Which kind of personal data a screen showed (the audit entry says the kind, never the value)."""

    phone = "phone"
    address = "address"


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise a number, not to call it."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


async def record_personal_view(
    session: AsyncSession,
    viewer_id: int,
    now: datetime,
    *,
    object_type: str,
    object_id: int,
    place_id: int | None,
    shown: Sequence[Shown],
    reason: str,
    via: str,
) -> AuditEntry:
    """``shown``: the kinds of data on the screen; ``reason``: the work, e.g.
    "grid.case"; ``via``: "console" or the chat channel."""
    return await record_audit(
        session,
        viewer_id,
        PERSONAL_VIEW,
        now,
        object_type=object_type,
        object_id=object_id,
        place_id=place_id,
        detail={"shown": sorted({kind.value for kind in shown}), "reason": reason, "via": via},
    )
