"""How a matter and a meeting read, in the reader's language: in chat, in notifications and in the
meeting's invitation notice. Matters name no one: a resident sees what was raised, never by whom."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.scope import Speaker
from models.booking.store import Centre, Room
from models.talk.store import Matter, MatterStatus, Meeting, MeetingStatus, agenda_of

EXCERPT = 24


def status_text(speak: Speaker, matter: Matter) -> str:
    return speak.t(f"talk-status-{matter.status.value}")


def line(speak: Speaker, matter: Matter) -> str:
    """One matter in a list: its supports, title and state."""
    return speak.t("talk-line", supports=matter.supports, title=matter.title, status=status_text(speak, matter))


def label(matter: Matter) -> str:
    title = matter.title if len(matter.title) <= EXCERPT else matter.title[: EXCERPT - 1] + "…"
    return f"👍{matter.supports} {title}"


async def place_of(session: AsyncSession, meeting: Meeting, language: str) -> str:
    room = await session.get(Room, meeting.room_id)
    centre = await session.get(Centre, room.centre_id) if room is not None else None
    if room is None or centre is None:
        return ""
    return f"{centre.name(language)} · {room.name(language)}"


async def matter_text(speak: Speaker, session: AsyncSession, matter: Matter) -> str:
    parts = [
        speak.t(
            "talk-matter",
            number=matter.number,
            title=matter.title,
            status=status_text(speak, matter),
            supports=matter.supports,
            when=speak.when(matter.created_at),
        )
    ]
    if matter.body:
        parts.append(matter.body)
    if matter.answer:
        parts.append(speak.t("talk-matter-answer", answer=matter.answer))
    if matter.status is MatterStatus.agenda:
        meeting = await session.get(Meeting, matter.meeting_id) if matter.meeting_id else None
        if meeting is not None and meeting.status is MeetingStatus.scheduled:
            parts.append(speak.t("talk-matter-meeting", when=speak.when(meeting.starts_at), title=meeting.title))
        else:
            parts.append(speak.t("talk-matter-next-meeting"))
    if matter.outcome:
        parts.append(speak.t("talk-matter-outcome", outcome=matter.outcome))
    return "\n\n".join(parts)


async def meeting_text(speak: Speaker, session: AsyncSession, meeting: Meeting, signups: int) -> str:
    agenda = await agenda_of(session, meeting.id)
    parts = [
        speak.t(
            "talk-meeting",
            title=meeting.title,
            when=speak.when(meeting.starts_at),
            until=speak.when(meeting.ends_at)[-5:],
            place=await place_of(session, meeting, speak.language),
            status=speak.t(f"talk-meeting-status-{meeting.status.value}"),
            signups=signups,
        )
    ]
    if agenda:
        lines = [speak.t("talk-agenda-heading", count=len(agenda))]
        for number, matter in enumerate(agenda, start=1):
            lines.append(f"{number}. {line(speak, matter)}")
            if matter.outcome:
                lines.append(speak.t("talk-agenda-outcome", outcome=matter.outcome))
        parts.append("\n".join(lines))
    else:
        parts.append(speak.t("talk-agenda-empty"))
    if meeting.minutes:
        parts.append(speak.t("talk-minutes", minutes=meeting.minutes))
    return "\n\n".join(parts)
