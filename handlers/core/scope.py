"""What every action runs in, whoever started it: the process's services, one open transaction, the moment,
and a way to tell someone something. The chat context (Ctx), a firing timer (Job) and the console's
``Acting`` all satisfy ``Scope``; ``Speaker`` renders one recipient's language. Imports only the core's
messages and buttons and the shared store, so context, jobs, feature and every feature may import it.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, Self

from sqlalchemy.ext.asyncio import AsyncSession

import models.outbox as outbox
from config.i18n import Catalog, format_datetime
from config.settings import Settings
from handlers.core.buttons import MenuAction, Payload, pack
from handlers.core.messages import Button, Reply
from models.base import utcnow
from models.pact.store import PublishedPacts
from models.people import Person, accounts_of

# Takes the chat context. Typed loosely because the services below the context carry the menu entries.
ShownFn = Callable[[Any], Awaitable[bool]]
# A feature's part of a person's calendar feed: (session, the person's Speaker, person id, now) -> VEVENTs
# (icalendar.Event components), every one with a stable UID and a DTSTAMP that changes only with the event.
CalendarFn = Callable[[AsyncSession, Any, int, datetime], Awaitable[list[Any]]]


class Audience(enum.Enum):
    everyone = "everyone"
    guests = "guests"  # not yet registered
    residents = "residents"  # registered
    managers = "managers"  # may speak for their community (publish the pact…)


@dataclass(frozen=True)
class MenuEntry:
    """A button of the main menu. ``staff`` entries are gathered behind one "My work" button, so residents
    who also work for the community keep a short main menu; ``shown`` narrows who sees the entry beyond
    its audience (a grid worker's cases, a provider's work orders), and must be cheap: one query.
    ``mine``: about the person's own things (their bookings, cases, notices, details), which a platform
    menu with columns (WeChat's) groups apart from the services."""

    label: str  # catalog id
    command: str
    audience: Audience
    order: int
    staff: bool = False
    shown: ShownFn | None = None
    mine: bool = False


@dataclass(frozen=True)
class Services:
    """What every handler may use, built once per process and passed explicitly (no string-keyed bags)."""

    settings: Settings
    catalog: Catalog
    button_key: bytes
    menu: tuple[MenuEntry, ...] = ()
    calendars: tuple[CalendarFn, ...] = ()  # every feature's part of the calendar feed (handlers/calendar)
    clock: Callable[[], datetime] = utcnow
    pacts: PublishedPacts = field(default_factory=PublishedPacts)


class Scope(Protocol):
    """Where an action happens: a chat step, a timer firing, a staff member in the console."""

    @property
    def services(self) -> Services: ...

    @property
    def session(self) -> AsyncSession: ...

    @property
    def now(self) -> datetime: ...

    async def notify(self, person: Person, kind: str, render: Callable[[str], Reply], *, quiet: bool = False) -> int:
        """Queue ``render(person.language)`` to every account of the person; returns how many."""
        ...


class _Counted(Scope, Protocol):
    notified: int


class Notifying:
    """``notify`` for every kind of scope (chat context, timer job, console page, ``Acting``): queued in
    the recipient's language, counted in ``notified`` so that whoever runs the scope wakes the senders."""

    async def notify(
        self: _Counted, person: Person, kind: str, render: Callable[[str], Reply], *, quiet: bool = False
    ) -> int:
        queued = await notify_person(
            self.session, person, kind, render, now=self.now, settings=self.services.settings, quiet=quiet
        )
        self.notified += queued
        return queued


@dataclass
class Acting(Notifying):
    """A ``Scope`` for work no chat or timer carries: the CLI, a test."""

    services: Services
    session: AsyncSession
    now: datetime
    notified: int = 0


class _Speaking(Protocol):
    @property
    def services(self) -> Services: ...

    @property
    def language(self) -> str: ...


class Speaking:
    """Words, times and buttons in ``self.language``: the chat context speaks so, and every Speaker."""

    def t(self: _Speaking, message_id: str, **args: Any) -> str:
        return self.services.catalog.t(self.language, message_id, args)

    def when(self: _Speaking, moment: datetime) -> str:
        return format_datetime(moment, self.language, self.services.settings.tz)

    def button(self: _Speaking, label_id: str, item: Payload, **args: Any) -> Button:
        text = self.services.catalog.t(self.language, label_id, args)
        return Button(text, pack(item, self.services.button_key))

    def menu_button(self: _Speaking) -> Button:
        text = self.services.catalog.t(self.language, "button-menu", {})
        return Button(text, pack(MenuAction("menu"), self.services.button_key))


@dataclass(frozen=True)
class Speaker(Speaking):
    """One person's language, for messages to someone other than the one in the chat (a notification is
    in its recipient's language). Features extend it with their own phrases."""

    services: Services
    language: str

    @classmethod
    def of(cls, who: _Speaking) -> Self:
        """In the language of a chat context or a console page."""
        return cls(who.services, who.language)


def after_quiet_hours(now: datetime, settings: Settings) -> datetime | None:
    """When a non-urgent notification made at ``now`` may go out: None if now, else the end of the
    quiet hours (22:00–07:00 local by default) as UTC."""
    start, end = settings.quiet_hours_start, settings.quiet_hours_end
    if start == end:
        return None
    local = now.astimezone(settings.tz)
    quiet = (start <= local.hour or local.hour < end) if start > end else (start <= local.hour < end)
    if not quiet:
        return None
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(UTC)


async def notify_person(
    session: AsyncSession,
    person: Person,
    kind: str,
    render: Callable[[str], Reply],
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
    quiet: bool = False,
) -> int:
    """Queue ``render(person.language)`` to every account of ``person``. ``quiet=True`` (non-urgent)
    holds it until the end of the quiet hours when made during them (needs ``now`` and ``settings``)."""
    reply = render(person.language)
    not_before = now
    if quiet and now is not None and settings is not None:
        not_before = after_quiet_hours(now, settings) or now
    queued = 0
    for account in await accounts_of(session, person.id):
        outbox.enqueue(
            session,
            channel=account.channel,
            chat_id=account.chat_id,
            person_id=person.id,
            kind=kind,
            payload=reply.to_payload(),
            not_before=not_before,
        )
        queued += 1
    return queued
