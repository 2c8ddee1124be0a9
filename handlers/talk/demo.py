"""The demo's 居民说事 (config/demo/talk.toml): open matters with supporters, answered ones, and a past
meeting per community with its minutes, so /talk and the console show a living practice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from models.booking.store import Booking, BookingStatus, Room
from models.people import Person
from models.places import place_by_code
from models.seed import demo_person
from models.talk.store import Matter, MatterStatus, Meeting, MeetingStatus, SignUp, Support


async def load_demo(session: AsyncSession) -> None:
    data = load_feature_demo("talk")
    meetings = {item["code"]: await _meeting(session, item) for item in data.get("meetings", [])}
    for item in data.get("matters", []):
        await _matter(session, item, meetings)


async def _meeting(session: AsyncSession, item: dict[str, Any]) -> Meeting | None:
    community = await place_by_code(session, item["community"])
    room = await session.scalar(select(Room).where(Room.code == item["room"]))
    if community is None or room is None:
        return None
    staff = await demo_person(session, item["staff"])
    starts_at, ends_at = datetime.fromisoformat(item["starts_at"]), datetime.fromisoformat(item["ends_at"])
    # A past meeting held its room then: a booking in the past, as hold_room made it at the time.
    booking = Booking(
        room_id=room.id,
        person_id=staff.id,
        starts_at=starts_at,
        ends_at=ends_at,
        status=BookingStatus.confirmed,
        purpose=item["title"],
        attendees=30,
        created_at=starts_at,
        decided_by_id=staff.id,
        decided_at=starts_at,
        checked_in_at=starts_at,
    )
    session.add(booking)
    await session.flush()
    meeting = Meeting(
        community_id=community.id,
        title=item["title"],
        room_id=room.id,
        booking_id=booking.id,
        starts_at=starts_at,
        ends_at=ends_at,
        status=MeetingStatus.held,
        created_by_id=staff.id,
        created_at=starts_at,
        minutes=item["minutes"],
        minutes_at=ends_at,
    )
    session.add(meeting)
    await session.flush()
    for handle in item.get("signups", []):
        person = await demo_person(session, handle)
        session.add(SignUp(meeting_id=meeting.id, person_id=person.id, created_at=starts_at))
    return meeting


async def _matter(session: AsyncSession, item: dict[str, Any], meetings: dict[str, Meeting | None]) -> None:
    community = await place_by_code(session, item["community"])
    if community is None:
        return
    author = await demo_person(session, item["author"])
    created_at = datetime.fromisoformat(item["created_at"])
    supporters: list[Person] = [author, *[await demo_person(session, handle) for handle in item.get("supporters", [])]]
    status = MatterStatus(item["status"])
    meeting = meetings.get(item.get("meeting", ""))
    staff = await demo_person(session, item["staff"]) if item.get("staff") else None
    matter = Matter(
        community_id=community.id,
        author_id=author.id,
        title=item["title"],
        body=item.get("body", ""),
        status=status,
        supports=len(supporters),
        created_at=created_at,
        answer=item.get("answer"),
        answered_at=created_at if item.get("answer") else None,
        answered_by_id=staff.id if staff else None,
        meeting_id=meeting.id if meeting else None,
        agenda_at=created_at if meeting else None,
        outcome=item.get("outcome"),
        outcome_at=meeting.ends_at if meeting and item.get("outcome") else None,
    )
    session.add(matter)
    await session.flush()
    for person in supporters:
        session.add(Support(matter_id=matter.id, person_id=person.id, created_at=created_at))
    await session.flush()
