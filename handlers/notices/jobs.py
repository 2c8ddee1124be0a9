"""The notices' timers: ``notices.queue`` writes the audience into the outbox in chunks, ``notices.watch``
notices when nothing is left to deliver (the author gets the report), ``notices.remind`` reminds those who
have not confirmed a critical notice, once.
"""

from __future__ import annotations

from datetime import timedelta

import models.timers as timers
from handlers.core.jobs import Job
from handlers.core.messages import Reply
from handlers.core.scope import Speaker, after_quiet_hours
from handlers.notices.buttons import NoticeLedgerButton
from handlers.notices.text import ledger_text, notice_payloads
from models.notices.store import (
    QUEUE_TIMER,
    Notice,
    NoticeStatus,
    Urgency,
    audience_of,
    delivered,
    pending_messages,
    queue_chunk,
    queue_reminders,
)
from models.people import Person

WATCH_TIMER = "notices.watch"
REMIND_TIMER = "notices.remind"
WATCH_EVERY = timedelta(seconds=5)


async def fire_queue(job: Job) -> None:
    """Queue the next chunk of the audience; again at once while people remain, then watch delivery."""
    notice = await job.session.get(Notice, int(job.ref))
    if notice is None or notice.status not in (NoticeStatus.scheduled, NoticeStatus.queueing):
        return
    # Normal notices wait out the quiet hours; urgent and critical ones go now.
    not_before = job.now
    if notice.urgency is Urgency.normal:
        not_before = after_quiet_hours(job.now, job.services.settings) or job.now
    payloads = await notice_payloads(job.services, job.session, notice)
    finished = await queue_chunk(
        job.session, notice, await audience_of(job.session, notice), payloads, not_before, job.now
    )
    job.notified += 1  # wakes the outbox sender
    if not finished:
        await timers.schedule(job.session, QUEUE_TIMER, notice.id, job.now)
        return
    await timers.schedule(job.session, WATCH_TIMER, notice.id, job.now + WATCH_EVERY)
    if notice.urgency is Urgency.critical and notice.remind_hours > 0:
        await timers.schedule(job.session, REMIND_TIMER, notice.id, job.now + timedelta(hours=notice.remind_hours))


async def fire_watch(job: Job) -> None:
    """Nothing left to deliver: the notice is done, and its author gets the delivery report."""
    notice = await job.session.get(Notice, int(job.ref))
    if notice is None or notice.status is not NoticeStatus.sending:
        return
    if await pending_messages(job.session, notice.id):
        await timers.schedule(job.session, WATCH_TIMER, notice.id, job.now + WATCH_EVERY)
        return
    delivered(notice, job.now)
    author = await job.session.get(Person, notice.author_id) if notice.author_id is not None else None
    if author is None:
        return
    texts = {language: await ledger_text(job.services, job.session, notice, language) for language in ("zh", "en")}

    def render(language: str) -> Reply:
        speak = Speaker(job.services, language)
        return Reply(
            f"{speak.t('notices-report-intro')}\n\n{texts.get(language, texts['zh'])}",
            (
                (speak.button("notices-ledger-button", NoticeLedgerButton(notice.id)),),
                (speak.menu_button(),),
            ),
        )

    await job.notify(author, "notice-report", render)


async def fire_remind(job: Job) -> None:
    """Remind, once, everyone who received a critical notice and has not confirmed reading it."""
    notice = await job.session.get(Notice, int(job.ref))
    if notice is None or notice.status is NoticeStatus.cancelled or notice.reminded_at is not None:
        return
    payloads = await notice_payloads(job.services, job.session, notice, reminder=True)
    if await queue_reminders(job.session, notice, payloads, job.now):
        job.notified += 1


TIMERS = {QUEUE_TIMER: fire_queue, WATCH_TIMER: fire_watch, REMIND_TIMER: fire_remind}
