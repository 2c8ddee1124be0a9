"""The context a handler step works with: one person, one chat, one open transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.i18n import Catalog, format_datetime
from config.settings import Settings
from handlers.core.buttons import Payload, Pick, pack
from handlers.core.feature import MenuEntry
from handlers.core.messages import Button, Document, Incoming, Reply
from models import outbox
from models.base import utcnow
from models.conversation import ConversationState, new_nonce, state_expiry
from models.pact.store import PublishedPacts
from models.people import ChannelAccount, Person, accounts_of


@dataclass(frozen=True)
class Services:
    """What every handler may use, built once per process and passed explicitly (no string-keyed bags)."""

    settings: Settings
    catalog: Catalog
    button_key: bytes
    menu: tuple[MenuEntry, ...] = ()
    clock: Callable[[], datetime] = utcnow
    pacts: PublishedPacts = field(default_factory=PublishedPacts)


@dataclass
class Ctx:
    services: Services
    session: AsyncSession
    incoming: Incoming
    person: Person
    account: ChannelAccount
    state: ConversationState
    now: datetime
    is_new_person: bool = False
    replies: list[Reply] = field(default_factory=list)
    outbox_added: bool = False

    # --- language ---------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.person.language

    def t(self, message_id: str, **args: Any) -> str:
        return self.services.catalog.t(self.language, message_id, args)

    def when(self, moment: datetime) -> str:
        return format_datetime(moment, self.language, self.services.settings.tz)

    # --- replies ----------------------------------------------------------------------------------

    def button(self, label_id: str, item: Payload, **args: Any) -> Button:
        return Button(self.t(label_id, **args), pack(item, self.services.button_key))

    def pick(self, label: str, value: str | int) -> Button:
        """A choice for the current flow step; it goes stale as soon as the step changes."""
        return Button(label, pack(Pick(self.state.nonce, str(value)), self.services.button_key))

    def reply(
        self,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        edit: bool = False,
        document: Document | None = None,
        photo: Document | None = None,
    ) -> None:
        # Only a button press with nothing attached has a message to edit; anything else is a new message.
        edit = edit and self.incoming.button is not None and document is None and photo is None
        rows = tuple(tuple(row) for row in buttons)
        self.replies.append(Reply(text, rows, edit=edit, document=document, photo=photo))

    def say(
        self, message_id: str, buttons: Sequence[Sequence[Button]] = (), *, edit: bool = False, **args: Any
    ) -> None:
        self.reply(self.t(message_id, **args), buttons, edit=edit)

    async def notify(self, person: Person, kind: str, render: Callable[[str], Reply], *, quiet: bool = False) -> int:
        """Tell someone else (or this person, later) through the outbox, in their own language."""
        return await notify_person(self.session, person, kind, render, self, quiet=quiet)

    # --- flow state -------------------------------------------------------------------------------

    @property
    def data(self) -> dict[str, Any]:
        return self.state.data

    def remember(self, **values: Any) -> None:
        # Reassign rather than mutate: the JSON column only notices a new object.
        self.state.data = {**self.state.data, **values}

    def enter(self, flow: str, step: str, **data: Any) -> None:
        self.state.flow = flow
        self.state.data = dict(data)
        self.goto(step)

    def goto(self, step: str) -> None:
        self.state.step = step
        self.state.nonce = new_nonce()
        self.state.expires_at = state_expiry(self.now, self.services.settings.state_ttl_minutes)

    def leave(self) -> None:
        self.state.flow = None
        self.state.step = None
        self.state.data = {}
        self.state.nonce = ""


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
    ctx: Ctx | None = None,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
    quiet: bool = False,
) -> int:
    """Queue ``render(person.language)`` to every account of ``person``. ``quiet=True`` (non-urgent)
    holds it until the end of the quiet hours when made during them (needs ``settings`` or ``ctx``)."""
    reply = render(person.language)
    if ctx is not None:
        now, settings = ctx.now, ctx.services.settings
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
    if ctx is not None and queued:
        ctx.outbox_added = True
    return queued
