"""居民说事's timer: ``talk.remind`` reminds those who signed up for a meeting the day before it."""

from __future__ import annotations

from handlers.core.feature import TimerFn
from handlers.core.jobs import Job
from handlers.talk.notify import tell_reminder
from handlers.talk.text import place_of
from models.talk.store import Meeting, MeetingStatus, signup_ids

REMIND = "talk.remind"


async def fire_remind(job: Job) -> None:
    meeting = await job.session.get(Meeting, int(job.ref))
    if meeting is None or meeting.status is not MeetingStatus.scheduled or meeting.starts_at <= job.now:
        return  # cancelled, held or already begun: nothing to remind of
    places = {language: await place_of(job.session, meeting, language) for language in ("zh", "en")}
    await tell_reminder(job, meeting, await signup_ids(job.session, meeting.id), lambda language: places[language])


TIMERS: dict[str, TimerFn] = {REMIND: fire_remind}
