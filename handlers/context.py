"""The context a handler step works with: one person, one chat, one open transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.i18n import Catalog, format_datetime
from config.settings import Settings
from handlers.buttons import Payload, Pick, pack
from handlers.feature import MenuEntry
from handlers.messages import Button, Document, Incoming, Reply
from models import outbox
from models.base import utcnow
from models.conversation import ConversationState, new_nonce, state_expiry
from models.pact import PublishedPacts
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
    ) -> None:
        # Only a button press has a message to edit; anything else gets a new message.
        edit = edit and self.incoming.button is not None
        self.replies.append(Reply(text, tuple(tuple(row) for row in buttons), edit=edit, document=document))

    def say(
        self, message_id: str, buttons: Sequence[Sequence[Button]] = (), *, edit: bool = False, **args: Any
    ) -> None:
        self.reply(self.t(message_id, **args), buttons, edit=edit)

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


async def notify_person(
    session: AsyncSession,
    person: Person,
    kind: str,
    render: Callable[[str], Reply],
    ctx: Ctx | None = None,
) -> int:
    reply = render(person.language)
    queued = 0
    for account in await accounts_of(session, person.id):
        outbox.enqueue(
            session,
            channel=account.channel,
            chat_id=account.chat_id,
            person_id=person.id,
            kind=kind,
            payload=reply.to_payload(),
        )
        queued += 1
    if ctx is not None and queued:
        ctx.outbox_added = True
    return queued
