"""Sending tasks out: waves of offers, escalation to the coordinator, reminders, the end of a task, the
visits pairings make. Everything here runs from stored rows and timers (``models.volunteers.store``), from a
handler (``ctx``) or a firing timer (``job``) alike.

Other features create a task with ``models.volunteers.store.create_task(...)`` and then call
``dispatch_task(scope, task)`` to send the first wave in the same transaction (or leave
it to the ``volunteers.dispatch`` timer that ``create_task`` schedules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

import models.timers as timers
from config.i18n import format_datetime
from handlers.core.buttons import Payload
from handlers.core.jobs import Job
from handlers.core.messages import Button, Reply
from handlers.core.scope import Scope, Services, Speaker
from handlers.volunteers.buttons import Doing, OfferAnswer, StaffAction, TaskAction
from models.people import Person
from models.places import Place
from models.volunteers.store import (
    OPEN_TASKS,
    T_DISPATCH,
    T_END,
    T_REMINDER,
    OfferStatus,
    TaskKind,
    TaskStatus,
    VolunteerOffer,
    VolunteerPairing,
    VolunteerProfile,
    VolunteerTask,
    add_offers,
    coordinators,
    create_due_visit,
    escalate_task,
    expire_wave,
    first_wave,
    last_visit_note,
    offers_of,
    paired_profiles,
    rank_candidates,
    second_wave,
    settle_task,
    task_for_update,
)

T_CHECK = "volunteers.check"


def hours_text(minutes: int) -> str:
    return f"{minutes / 60:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Notifier:
    """Tells people things from a chat step, a timer or the console (any ``Scope``), in their language."""

    scope: Scope

    @property
    def session(self) -> AsyncSession:
        return self.scope.session

    @property
    def services(self) -> Services:
        return self.scope.services

    @property
    def now(self) -> datetime:
        return self.scope.now

    def button(self, language: str, label_id: str, item: Payload) -> Button:
        return Speaker(self.services, language).button(label_id, item)

    def menu(self, language: str) -> Button:
        return Speaker(self.services, language).menu_button()

    def when(self, moment: datetime, language: str) -> str:
        return Speaker(self.services, language).when(moment)

    async def tell(self, person: Person, kind: str, render: Callable[[str], Reply], *, quiet: bool = False) -> None:
        await self.scope.notify(person, kind, render, quiet=quiet)


# --- how a task reads ------------------------------------------------------------------------------


def window_text(services: Services, language: str, task: VolunteerTask) -> str:
    start = format_datetime(task.starts_at, language, services.settings.tz)
    end = task.ends_at.astimezone(services.settings.tz)
    if end.date() == task.starts_at.astimezone(services.settings.tz).date():
        return f"{start}–{end:%H:%M}"
    return f"{start} – {format_datetime(task.ends_at, language, services.settings.tz)}"


async def place_text(session: AsyncSession, services: Services, language: str, task: VolunteerTask) -> str:
    place = await session.get(Place, task.place_id or task.community_id)
    return place.name(language) if place else ""


async def task_text(session: AsyncSession, services: Services, language: str, task: VolunteerTask) -> str:
    """The facts of a task, as every message about it shows them."""
    t = services.catalog.t
    skill = t(language, "volunteers-skill", {"skill": task.skill})
    text = t(
        language,
        "volunteers-task-facts",
        {
            "id": task.id,
            "title": task.title,
            "kind": task.kind.value,
            "skill": skill,
            "place": await place_text(session, services, language, task),
            "window": window_text(services, language, task),
            "places": task.places_needed,
            "hours": hours_text(task.estimated_minutes),
        },
    )
    if task.kind is TaskKind.visit and task.resident_id is not None:
        last = await last_visit_note(session, task.resident_id)
        if last is not None and last.wellbeing is not None:
            text += "\n" + t(
                language,
                "volunteers-last-visit",
                {"score": last.wellbeing, "note": last.note or ""},
            )
    return text


async def task_coordinators(session: AsyncSession, task: VolunteerTask) -> list[Person]:
    """Who hears about a task: whoever created it, else the community's coordinators."""
    if task.created_by_id is not None:
        creator = await session.get(Person, task.created_by_id)
        if creator is not None and creator.forgotten_at is None:
            return [creator]
    community = await session.get(Place, task.community_id)
    assert community is not None
    return list(await coordinators(session, community))


async def person_of(session: AsyncSession, profile_id: int) -> tuple[VolunteerProfile, Person]:
    profile = await session.get(VolunteerProfile, profile_id)
    assert profile is not None
    person = await session.get(Person, profile.person_id)
    assert person is not None
    return profile, person


# --- waves ----------------------------------------------------------------------------------------


async def dispatch_task(scope: Scope, task: VolunteerTask) -> int:
    """Send a new task's first wave now (its dispatch timer is then not needed). Returns offers sent."""
    return await _dispatch(Notifier(scope), task)


async def _dispatch(n: Notifier, task: VolunteerTask) -> int:
    await timers.cancel(n.session, T_DISPATCH, task.id)
    if task.status is not TaskStatus.open or task.wave > 0:
        return 0  # already under way (dispatched inline, then the timer fired anyway)
    reminder = n.services.settings.volunteers_reminder_minutes
    remind_at = task.starts_at - timedelta(minutes=reminder)
    if reminder and remind_at > n.now:
        await timers.schedule(n.session, T_REMINDER, task.id, remind_at)
    return await next_wave(n, task)


async def next_wave(n: Notifier, task: VolunteerTask) -> int:
    """Offer the open places to the next volunteers: the best matches first (a pairing's own volunteers for
    its visits), then everyone with the skill; when nobody is left, the coordinator is told."""
    if task.status not in OPEN_TASKS or task.places_left == 0:
        return 0
    if task.starts_at <= n.now:
        await escalate(n, task)
        return 0
    settings = n.services.settings
    candidates = await rank_candidates(
        n.session, task, settings.tz, n.now - timedelta(days=settings.volunteers_recent_days)
    )
    profiles: list[VolunteerProfile] = []
    if task.wave == 0:
        if task.pairing_id is not None:
            pairing = await n.session.get(VolunteerPairing, task.pairing_id)
            waiting = {c.profile.id for c in candidates}
            profiles = [p for p in await paired_profiles(n.session, pairing) if p.id in waiting] if pairing else []
        else:
            profiles = first_wave(candidates, task.places_left, settings.volunteers_wave_factor)
        if not profiles:
            task.wave = 1  # no best match at all: straight to the wider wave
    if not profiles:
        profiles = second_wave(candidates)
    if not profiles:
        await escalate(n, task)
        return 0
    window = timedelta(minutes=settings.volunteers_offer_minutes)
    offers = await add_offers(n.session, task, profiles, n.now, window)
    for offer, profile in zip(offers, profiles, strict=True):
        person = await n.session.get(Person, profile.person_id)
        if person is not None:
            await n.tell(person, "volunteers-offer", await offer_render(n, task, offer))
    return len(offers)


async def offer_render(n: Notifier, task: VolunteerTask, offer: VolunteerOffer) -> Callable[[str], Reply]:
    facts = {
        language: await task_text(n.session, n.services, language, task) for language in n.services.catalog.languages
    }
    direct = offer.status is OfferStatus.assigned

    def render(language: str) -> Reply:
        t = n.services.catalog.t
        text = t(
            language,
            "volunteers-offer",
            {
                "facts": facts[language],
                "deadline": n.when(offer.answer_by, language),
                "direct": "yes" if direct else "no",
            },
        )
        return Reply(
            text,
            (
                (
                    n.button(language, "volunteers-accept", OfferAnswer(offer.id, "y")),
                    n.button(language, "volunteers-decline", OfferAnswer(offer.id, "n")),
                ),
                (n.menu(language),),
            ),
        )

    return render


async def escalate(n: Notifier, task: VolunteerTask) -> None:
    """The waves are spent with places left: the coordinator hears who declined and who never answered."""
    escalate_task(task)
    declined: list[str] = []
    silent: list[str] = []
    for offer, _profile, person in await offers_of(n.session, task.id):
        if offer.status is OfferStatus.declined:
            declined.append(person.display_name)
        elif offer.status in (OfferStatus.expired, OfferStatus.offered, OfferStatus.assigned):
            silent.append(person.display_name)
    facts = {lang: await task_text(n.session, n.services, lang, task) for lang in n.services.catalog.languages}

    def render(language: str) -> Reply:
        t = n.services.catalog.t
        separator = t(language, "list-separator")
        return Reply(
            t(
                language,
                "volunteers-escalated",
                {
                    "facts": facts[language],
                    "left": task.places_left,
                    "declined": separator.join(declined),
                    "silent": separator.join(silent),
                },
            ),
            (
                (n.button(language, "volunteers-assign", TaskAction(task.id, "assign")),),
                (n.button(language, "volunteers-view-task", TaskAction(task.id, "view")), n.menu(language)),
            ),
        )

    for person in await task_coordinators(n.session, task):
        await n.tell(person, "volunteers-escalated", render)


async def tell_coordinators(n: Notifier, task: VolunteerTask, event: str, name: str) -> None:
    """A short update on a task for its coordinator (filled, on the way, can't make it, done)."""
    facts = {lang: await task_text(n.session, n.services, lang, task) for lang in n.services.catalog.languages}

    def render(language: str) -> Reply:
        t = n.services.catalog.t
        text = t(language, "volunteers-update", {"event": event, "name": name, "facts": facts[language]})
        return Reply(
            text, ((n.button(language, "volunteers-view-task", TaskAction(task.id, "view")), n.menu(language)),)
        )

    for person in await task_coordinators(n.session, task):
        await n.tell(person, "volunteers-update", render, quiet=True)


def doing_buttons(n: Notifier, language: str, offer_id: int) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            n.button(language, "volunteers-on-way", Doing(offer_id, "way")),
            n.button(language, "volunteers-done", Doing(offer_id, "done")),
        ),
        (n.button(language, "volunteers-cant", Doing(offer_id, "cant")), n.menu(language)),
    )


# --- timers ---------------------------------------------------------------------------------------


async def fire_dispatch(job: Job) -> None:
    task = await task_for_update(job.session, int(job.ref))
    if task is not None:
        await _dispatch(Notifier(job), task)


async def fire_window(job: Job) -> None:
    """The answer window closed: unanswered offers lapse; places left go to the next wave."""
    task = await task_for_update(job.session, int(job.ref))
    if task is None or task.status not in OPEN_TASKS:
        return
    await expire_wave(job.session, task)
    if task.places_left > 0:
        await next_wave(Notifier(job), task)


async def fire_reminder(job: Job) -> None:
    task = await job.session.get(VolunteerTask, int(job.ref))
    if task is None or task.status not in OPEN_TASKS:
        return
    n = Notifier(job)
    facts = {lang: await task_text(n.session, n.services, lang, task) for lang in n.services.catalog.languages}
    for offer, _profile, person in await offers_of(job.session, task.id):
        if offer.status is not OfferStatus.accepted:
            continue

        def render(language: str, offer_id: int = offer.id) -> Reply:
            text = n.services.catalog.t(language, "volunteers-reminder", {"facts": facts[language]})
            return Reply(text, doing_buttons(n, language, offer_id))

        await n.tell(person, "volunteers-reminder", render)


async def fire_end(job: Job) -> None:
    """The window is over: whoever took the task and has not reported is asked to; the check for a
    missed visit follows after the grace period."""
    task = await job.session.get(VolunteerTask, int(job.ref))
    if task is None or task.status not in OPEN_TASKS:
        return
    n = Notifier(job)
    for offer, _profile, person in await offers_of(job.session, task.id):
        if offer.status is not OfferStatus.accepted:
            continue

        def render(language: str, offer_id: int = offer.id) -> Reply:
            text = n.services.catalog.t(language, "volunteers-report-please", {"title": task.title})
            return Reply(text, (*doing_buttons(n, language, offer_id)[:1], (n.menu(language),)))

        await n.tell(person, "volunteers-report", render, quiet=True)
    grace = timedelta(hours=n.services.settings.volunteers_report_grace_hours)
    await timers.schedule(job.session, T_CHECK, task.id, job.now + grace)


async def fire_check(job: Job) -> None:
    """After the grace period: a visit nobody reported is missed, and the coordinator is alerted."""
    task = await task_for_update(job.session, int(job.ref))
    if task is None or task.status not in OPEN_TASKS:
        return
    offers = await offers_of(job.session, task.id)
    done = [o for o, _p, _person in offers if o.status is OfferStatus.done]
    if done:
        settle_task(task, done=True)
        return
    if task.kind is not TaskKind.visit:
        return
    settle_task(task, done=False)
    n = Notifier(job)
    resident = await job.session.get(Person, task.resident_id) if task.resident_id else None
    takers = [person.display_name for o, _p, person in offers if o.status is OfferStatus.accepted]
    facts = {lang: await task_text(n.session, n.services, lang, task) for lang in n.services.catalog.languages}

    def render(language: str) -> Reply:
        t = n.services.catalog.t
        text = t(
            language,
            "volunteers-visit-missed",
            {
                "resident": resident.display_name if resident else t(language, "volunteers-resident-gone"),
                "facts": facts[language],
                "takers": t(language, "list-separator").join(takers),
            },
        )
        return Reply(
            text, ((n.button(language, "volunteers-staff-pairings", StaffAction("pairings", 0)), n.menu(language)),)
        )

    for person in await task_coordinators(n.session, task):
        await n.tell(person, "volunteers-visit-missed", render)


async def fire_pairing(job: Job) -> None:
    """A pairing's next visit is due soon: it becomes a task, offered to the paired volunteers first."""
    pairing = await job.session.get(VolunteerPairing, int(job.ref))
    if pairing is None or not pairing.active:
        return
    settings = job.services.settings
    task = await create_due_visit(
        job.session,
        pairing,
        job.now,
        timedelta(hours=settings.volunteers_visit_window_hours),
        timedelta(hours=settings.volunteers_visit_lead_hours),
    )
    if task is not None:
        await _dispatch(Notifier(job), task)


TIMERS = {
    T_DISPATCH: fire_dispatch,
    "volunteers.window": fire_window,
    T_REMINDER: fire_reminder,
    T_END: fire_end,
    T_CHECK: fire_check,
    "volunteers.pairing": fire_pairing,
}
