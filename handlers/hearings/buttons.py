"""The hearings' buttons: open one, write an opinion, answer an invitation, the staff's view of one.
Every one is re-checked when pressed (the hearing is the person's community's, still open, they are invited)."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("ev")
@dataclasses.dataclass(frozen=True)
class HearingView(Payload):
    """A hearing's public page, as residents see it."""

    hearing: int


@payload("eo")
@dataclasses.dataclass(frozen=True)
class HearingOpinionButton(Payload):
    """Write (or change) my opinion on a hearing in its notice period."""

    hearing: int


@payload("ec")
@dataclasses.dataclass(frozen=True)
class HearingAnswer(Payload):
    """An invited representative confirms (1) or declines (0) attendance."""

    hearing: int
    accept: int


@payload("es")
@dataclasses.dataclass(frozen=True)
class HearingStaffView(Payload):
    """A hearing as its community's staff see it in chat: who confirmed, how many opinions."""

    hearing: int
