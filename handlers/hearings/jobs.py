"""The hearings' timer: ``hearings.remind`` the day before, to every invited representative who has not
declined (those who have not answered yet get the confirm and decline buttons again)."""

from __future__ import annotations

from handlers.core.jobs import Job
from handlers.hearings.text import reminder_render, venue_of
from models.hearings.store import REMIND, Hearing, HearingStatus, InvitationStatus, invitations

REMINDER_KIND = "hearing-reminder"


async def fire_remind(job: Job) -> None:
    hearing = await job.session.get(Hearing, int(job.ref))
    if hearing is None or hearing.status is not HearingStatus.noticed or hearing.starts_at <= job.now:
        return
    venue = await venue_of(job.session, hearing)
    for invitation, person in await invitations(job.session, hearing.id):
        if invitation.status is InvitationStatus.declined or person.forgotten_at is not None:
            continue
        answered = invitation.status is InvitationStatus.confirmed
        await job.notify(person, REMINDER_KIND, reminder_render(job.services, hearing, venue, answered=answered))


TIMERS = {REMIND: fire_remind}
