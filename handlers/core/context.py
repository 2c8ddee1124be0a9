"""The context a handler step works with: one person, one chat, one open transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.buttons import Pick, pack
from handlers.core.messages import Button, Document, Incoming, Reply
from handlers.core.scope import Notifying, Services, Speaking
from models.conversation import ConversationState, new_nonce, state_expiry
from models.people import ChannelAccount, Person


@dataclass
class Ctx(Notifying, Speaking):
    services: Services
    session: AsyncSession
    incoming: Incoming
    person: Person
    account: ChannelAccount
    state: ConversationState
    now: datetime
    is_new_person: bool = False
    replies: list[Reply] = field(default_factory=list)
    notified: int = 0  # messages queued to the outbox (the channel then wakes its sender)

    # --- language ---------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.person.language

    # --- replies ----------------------------------------------------------------------------------

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

    async def advance(self, step: str, ask: Callable[[Ctx], Awaitable[None]], **data: Any) -> None:
        """The answer is taken: remember ``data``, move the flow to ``step`` and ask its question."""
        if data:
            self.remember(**data)
        self.goto(step)
        await ask(self)

    def goto(self, step: str) -> None:
        self.state.step = step
        self.state.nonce = new_nonce()
        self.state.expires_at = state_expiry(self.now, self.services.settings.state_ttl_minutes)

    def leave(self) -> None:
        self.state.flow = None
        self.state.step = None
        self.state.data = {}
        self.state.nonce = ""
