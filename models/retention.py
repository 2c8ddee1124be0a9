"""Keeping personal data no longer than needed (PIPL's minimisation), run by housekeeping.

Once a grid case or a hotline request has been closed for the configured days, its photos go (the
reporter's and the handler's: they show people's homes) and the contact details kept on it are blanked.
Sign-in records (attempts, one-time codes, ended console sessions, sign-in entries of the audit log) go
after their own period. What stays is what the statistics need: categories, places, times, outcomes.

Each function takes the cut-off instant and returns how many rows it changed, for a log line that
carries counts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from models.grid.store import CaseState, GridCase, GridCasePhoto
from models.hotline.cases import HotlineRequest, RequestStatus
from models.media import MediaFile
from models.notices.store import Notice
from models.web import AuditEntry, OneTimeCode, SignInAttempt, WebSession

GRID_FINISHED = (CaseState.closed, CaseState.rejected)
HOTLINE_FINISHED = (RequestStatus.closed, RequestStatus.cancelled)
SIGN_IN_ACTIONS = ("sign_in.%", "sign_out")


@dataclass
class Erased:
    photos: int = 0
    contacts: int = 0
    sign_ins: int = 0

    def __bool__(self) -> bool:
        return bool(self.photos or self.contacts or self.sign_ins)


def _rows(result: object) -> int:
    return int(result.rowcount)  # type: ignore[attr-defined]


def _media_unused(media_id: int) -> ColumnElement[bool]:
    """No record still shows this file (grid photos, a hotline job's photo, a notice's attachment)."""
    return ~or_(
        exists().where(GridCasePhoto.media_id == media_id),
        exists().where(HotlineRequest.done_media_id == media_id),
        exists().where(Notice.media_id == media_id),
    )


async def _drop_unused_media(session: AsyncSession, media_ids: set[int]) -> None:
    for media_id in sorted(media_ids):
        try:
            # A savepoint each: a table this module does not know of may still point at the file, and the
            # database's refusal must cost only that file (it stays, and is counted nowhere).
            async with session.begin_nested():
                await session.execute(delete(MediaFile).where(MediaFile.id == media_id, _media_unused(media_id)))
        except IntegrityError:
            continue


async def erase_case_photos(session: AsyncSession, before: datetime) -> int:
    """Photos of grid cases and hotline requests finished before ``before``; the files themselves too,
    unless another record still uses the same picture (identical files are stored once)."""
    finished_cases = select(GridCase.id).where(GridCase.state.in_(GRID_FINISHED), GridCase.closed_at < before)
    media_ids = set(
        (await session.scalars(select(GridCasePhoto.media_id).where(GridCasePhoto.case_id.in_(finished_cases)))).all()
    )
    photos = _rows(await session.execute(delete(GridCasePhoto).where(GridCasePhoto.case_id.in_(finished_cases))))
    finished_requests = (
        HotlineRequest.status.in_(HOTLINE_FINISHED),
        HotlineRequest.closed_at < before,
        HotlineRequest.done_media_id.is_not(None),
    )
    request_media = (await session.scalars(select(HotlineRequest.done_media_id).where(*finished_requests))).all()
    media_ids.update(media_id for media_id in request_media if media_id is not None)
    photos += _rows(await session.execute(update(HotlineRequest).where(*finished_requests).values(done_media_id=None)))
    await _drop_unused_media(session, media_ids)
    return photos


async def erase_case_contacts(session: AsyncSession, before: datetime) -> int:
    """Contact details kept on cases finished before ``before``: a grid case stops sharing the reporter's
    name and phone; a hotline request loses the phone numbers, the name of whom it was for, the address."""
    grid = await session.execute(
        update(GridCase)
        .where(GridCase.state.in_(GRID_FINISHED), GridCase.closed_at < before, GridCase.share_contact.is_(True))
        .values(share_contact=False)
    )
    hotline = await session.execute(
        update(HotlineRequest)
        .where(
            HotlineRequest.status.in_(HOTLINE_FINISHED),
            HotlineRequest.closed_at < before,
            or_(
                HotlineRequest.contact_phone.is_not(None),
                HotlineRequest.for_phone.is_not(None),
                HotlineRequest.for_name.is_not(None),
                HotlineRequest.address != "",
            ),
        )
        .values(contact_phone=None, for_phone=None, for_name=None, address="")
    )
    return _rows(grid) + _rows(hotline)


async def erase_sign_ins(session: AsyncSession, before: datetime) -> int:
    """Sign-in attempts, one-time codes and console sessions that ended before ``before``, and the audit
    log's sign-in and sign-out entries as old (staff actions stay: they are the accountability)."""
    count = _rows(await session.execute(delete(SignInAttempt).where(SignInAttempt.at < before)))
    count += _rows(await session.execute(delete(OneTimeCode).where(OneTimeCode.expires_at < before)))
    count += _rows(
        await session.execute(
            delete(WebSession).where(or_(WebSession.expires_at < before, WebSession.last_seen_at < before))
        )
    )
    count += _rows(
        await session.execute(
            delete(AuditEntry).where(
                AuditEntry.at < before, or_(*(AuditEntry.action.like(action) for action in SIGN_IN_ACTIONS))
            )
        )
    )
    return count
