"""Button payloads of the 12343 hotline (prefixes start with ``h``). They work outside any flow — in offers,
in notifications, in lists — so each names the offer or case it is about and is re-checked when pressed."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("ha")
@dataclasses.dataclass(frozen=True)
class HotlineAccept(Payload):
    """Provider staff take an offer, saying when they will be there: "1h", "today", "asked" (the resident's
    preferred time)."""

    offer: int
    eta: str


@payload("hd")
@dataclasses.dataclass(frozen=True)
class HotlineDecline(Payload):
    offer: int


@payload("hc")
@dataclasses.dataclass(frozen=True)
class HotlineCase(Payload):
    """Provider staff on a case in hand: view, done, photo."""

    case: int
    action: str


@payload("hm")
@dataclasses.dataclass(frozen=True)
class HotlineMine(Payload):
    """The resident on their own request: view, cancel, confirm, notdone, photo."""

    case: int
    action: str


@payload("hp")
@dataclasses.dataclass(frozen=True)
class HotlineDesk(Payload):
    """An operator on a case: view, reassign."""

    case: int
    action: str


@payload("hs")
@dataclasses.dataclass(frozen=True)
class HotlineServiceAdmin(Payload):
    """Staff editing a service of the catalogue: view, toggle, price, hours, provider."""

    service: int
    action: str
