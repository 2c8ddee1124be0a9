"""The demo's hearings (config/demo/hearings.toml): one in its notice period in 云塘, a past 低保 hearing
with its outcome in 湘园. Loaded without telling anyone: the demo's outbox starts empty."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from config.settings import Settings
from handlers.booking.text import policy_of
from models.base import utcnow
from models.booking.store import Room
from models.hearings.store import (
    Hearing,
    HearingInvitation,
    HearingKind,
    HearingPlan,
    HearingStatus,
    InvitationStatus,
    answer_invitation,
    create_hearing,
    publish_notice,
    submit_opinion,
)
from models.places import place_by_code
from models.seed import demo_person


def _local(now: datetime, days: int, clock: str, settings: Settings) -> datetime:
    """``clock`` on the day ``days`` from today, local time, as UTC."""
    day = now.astimezone(settings.tz).date() + timedelta(days=days)
    hour, _, minute = clock.partition(":")
    return datetime.combine(day, time(int(hour), int(minute)), settings.tz).astimezone(now.tzinfo)


async def load_demo(session: AsyncSession, data: dict[str, Any] | None = None) -> None:
    data = data if data is not None else load_feature_demo("hearings")
    settings = Settings()
    now = utcnow()
    for item in data.get("hearings", []):
        community = await place_by_code(session, item["community"])
        room_id = await session.scalar(select(Room.id).where(Room.code == item["room"]))
        assert community is not None, item["community"]
        assert room_id is not None, item["room"]
        staff = await demo_person(session, item["staff"])
        representatives = [await demo_person(session, handle) for handle in item.get("representatives", [])]
        plan = HearingPlan(
            kind=HearingKind(item["kind"]),
            subject=item["subject"],
            description=item.get("description", ""),
            room_id=room_id,
            starts_at=_local(now, item["day"], item["start"], settings),
            ends_at=_local(now, item["day"], item["end"], settings),
            notice_ends_at=_local(now, item["notice_until"], item["notice_time"], settings),
            representative_ids=[person.id for person in representatives],
            applicant_details=item.get("applicant", ""),
        )
        confirmed = set(item.get("confirmed", []))
        if plan.starts_at > now:
            hearing = await create_hearing(session, community, staff, plan, now, policy_of(settings))
            hearing = await publish_notice(session, hearing, now)
            for handle, person in zip(item.get("representatives", []), representatives, strict=True):
                if handle in confirmed:
                    await answer_invitation(session, hearing, person.id, True, now)
            for opinion in item.get("opinions", []):
                await submit_opinion(
                    session, hearing, await demo_person(session, opinion["person"]), opinion["text"], now
                )
            continue
        # A hearing already held: its room was not held through the booking store (which books only ahead).
        published = _local(now, item["published"], "09:00", settings)
        hearing = Hearing(
            community_id=community.id,
            kind=plan.kind,
            status=HearingStatus.decided,
            subject=plan.subject,
            description=plan.description,
            applicant_details=plan.applicant_details,
            room_id=room_id,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            notice_ends_at=plan.notice_ends_at,
            created_by_id=staff.id,
            created_at=published,
            published_at=published,
            outcome=item["outcome"],
            outcome_at=plan.ends_at + timedelta(days=1),
            outcome_by_id=staff.id,
        )
        session.add(hearing)
        await session.flush()
        for handle, person in zip(item.get("representatives", []), representatives, strict=True):
            status = InvitationStatus.confirmed if handle in confirmed else InvitationStatus.invited
            session.add(
                HearingInvitation(hearing_id=hearing.id, person_id=person.id, status=status, answered_at=published)
            )
        await session.flush()
