"""The calendar feed's button payloads (prefix "c")."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("cn")
@dataclasses.dataclass(frozen=True)
class CalendarNewAddress(Payload):
    """A new address; the one before (``renew`` = 1: there is one) stops working."""

    renew: int


@payload("cs")
@dataclasses.dataclass(frozen=True)
class CalendarStop(Payload):
    """No address at all any more: asked first (``confirmed`` = 0), then done (1)."""

    confirmed: int
