"""The polls' timers. ``polls.open`` fires when a poll starts (nominations, then voting) and starts the
announcement; ``polls.announce`` tells the place's residents in chunks (its ref carries the cursor:
``<poll>:<phase>:<last person id>``), so that a community of 100,000 never holds one transaction long;
``polls.close`` freezes the result and draws its chart once per language; ``polls.result`` sends it to the
voters in chunks the same way (``<poll>:<last person id>``). The chart is kept as a media file and the
outbox rows reference it, as staff notices do: one copy of the picture for every voter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

import models.outbox as outbox
import models.timers as timers
from handlers.core.jobs import Job
from handlers.core.messages import Reply
from handlers.core.scope import Scope, Services, Speaker
from handlers.polls.buttons import PollNominate, PollOpen, PollResults
from handlers.polls.chart import results_chart
from handlers.polls.text import heading, results_text
from models.media import save_media
from models.people import accounts_of
from models.polls.store import Phase, Poll, close_poll, options_of, residents_of, tally, voters

OPEN_TIMER = "polls.open"
ANNOUNCE_TIMER = "polls.announce"
CLOSE_TIMER = "polls.close"
RESULT_TIMER = "polls.result"
CHUNK = 500
LANGUAGES = ("zh", "en")


class _Counted(Scope, Protocol):
    notified: int


async def schedule_poll(session: AsyncSession, poll: Poll, now: datetime) -> None:
    """The announcement when it opens (now, for a poll open at once or taking nominations) and the close."""
    first = now if poll.nominating_until is not None or poll.opens_at <= now else poll.opens_at
    await timers.schedule(session, OPEN_TIMER, poll.id, first)
    await timers.schedule(session, CLOSE_TIMER, poll.id, poll.closes_at)


async def fire_open(job: Job) -> None:
    poll = await job.session.get(Poll, int(job.ref))
    if poll is None:
        return
    phase = poll.phase(job.now)
    if phase is Phase.scheduled:  # moved meanwhile: fire again when it opens
        await timers.schedule(job.session, OPEN_TIMER, poll.id, poll.opens_at)
        return
    if phase is Phase.closed:
        return
    await announce_chunk(job, poll, phase, 0)
    if phase is Phase.nominating:
        assert poll.nominating_until is not None
        await timers.schedule(job.session, OPEN_TIMER, poll.id, poll.nominating_until)


def announcement(services: Services, poll: Poll, phase: Phase, texts: dict[str, str]) -> Callable[[str], Reply]:
    def render(language: str) -> Reply:
        speak = Speaker(services, language)
        if phase is Phase.nominating:
            assert poll.nominating_until is not None
            text = speak.t("polls-nominations-notice", poll=texts[language], until=speak.when(poll.nominating_until))
            button = speak.button("polls-nominate-button", PollNominate(poll.id))
        else:
            text = speak.t("polls-open-notice", poll=texts[language])
            button = speak.button("polls-vote-button", PollOpen(poll.id))
        return Reply(text, ((button,), (speak.menu_button(),)))

    return render


async def announce_chunk(job: Job, poll: Poll, phase: Phase, after: int) -> None:
    """One chunk of the place's residents, told quietly (held over the quiet hours); the next one follows."""
    texts = {language: await heading(Speaker(job.services, language), job.session, poll) for language in LANGUAGES}
    render = announcement(job.services, poll, phase, texts)
    people = await residents_of(job.session, poll, after=after, limit=CHUNK)
    for person in people:
        await job.notify(person, "poll-open", render, quiet=True)
    if len(people) == CHUNK:
        await timers.schedule(job.session, ANNOUNCE_TIMER, f"{poll.id}:{phase.value}:{people[-1].id}", job.now)


async def fire_announce(job: Job) -> None:
    poll_id, phase_name, after = job.ref.split(":")
    poll = await job.session.get(Poll, int(poll_id))
    if poll is None or poll.phase(job.now).value != phase_name:
        return  # the phase moved on (nominations over, closed): this announcement is stale
    await announce_chunk(job, poll, Phase(phase_name), int(after))


async def close_and_announce(scope: _Counted, poll_id: int) -> Poll | None:
    """Freeze the result, keep its chart in each language, and send it to the voters (the first chunk now,
    the rest by ``polls.result``); None if the poll was closed already (the timer and staff may both try)."""
    poll = await close_poll(scope.session, poll_id, scope.now)
    if poll is None:
        return None
    await timers.cancel(scope.session, CLOSE_TIMER, poll.id)
    await timers.cancel(scope.session, OPEN_TIMER, poll.id)
    options = await options_of(scope.session, poll.id)
    result = await tally(scope.session, poll)
    charts = {}
    for language in LANGUAGES:
        png = await results_chart(Speaker(scope.services, language), poll, options, result)
        charts[language] = (await save_media(scope.session, png, "image/png", None)).id
    assert poll.final is not None
    poll.final = {**poll.final, "charts": charts}  # a new dict: the JSON column only notices a new object
    last = await send_results(scope, poll, 0)
    if last is not None:
        await timers.schedule(scope.session, RESULT_TIMER, f"{poll.id}:{last}", scope.now)
    return poll


async def result_payloads(scope: Scope, poll: Poll) -> dict[str, dict[str, Any]]:
    """The result message per language, its chart referenced by media id (loaded by the outbox sender)."""
    assert poll.final is not None
    options = await options_of(scope.session, poll.id)
    result = await tally(scope.session, poll)
    payloads = {}
    for language in LANGUAGES:
        speak = Speaker(scope.services, language)
        text = speak.t(
            "polls-closed-notice",
            poll=await heading(speak, scope.session, poll),
            results=results_text(speak, poll, options, result),
        )
        buttons = ((speak.button("polls-results-button", PollResults(poll.id)),), (speak.menu_button(),))
        payload = Reply(text, buttons).to_payload()
        chart = poll.final.get("charts", {}).get(language)
        if chart is not None:
            payload["media"] = {
                "id": chart,
                "kind": "photo",
                "filename": f"poll-{poll.id}.png",
                "mime_type": "image/png",
            }
        payloads[language] = payload
    return payloads


async def send_results(scope: _Counted, poll: Poll, after: int) -> int | None:
    """One chunk of voters gets the result; the last person id when more may follow, else None."""
    payloads = await result_payloads(scope, poll)
    people = await voters(scope.session, poll.id, after=after, limit=CHUNK)
    for person in people:
        payload = payloads.get(person.language, payloads["zh"])
        for account in await accounts_of(scope.session, person.id):
            outbox.enqueue(
                scope.session,
                channel=account.channel,
                chat_id=account.chat_id,
                person_id=person.id,
                kind="poll-result",
                payload=payload,
                not_before=scope.now,
            )
            scope.notified += 1
    return people[-1].id if len(people) == CHUNK else None


async def fire_close(job: Job) -> None:
    await close_and_announce(job, int(job.ref))


async def fire_result(job: Job) -> None:
    poll_id, after = job.ref.split(":")
    poll = await job.session.get(Poll, int(poll_id))
    if poll is None or poll.final is None:
        return
    last = await send_results(job, poll, int(after))
    if last is not None:
        await timers.schedule(job.session, RESULT_TIMER, f"{poll.id}:{last}", job.now)


TIMERS = {OPEN_TIMER: fire_open, ANNOUNCE_TIMER: fire_announce, CLOSE_TIMER: fire_close, RESULT_TIMER: fire_result}
