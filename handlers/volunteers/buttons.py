"""Button payloads of the volunteers feature (prefixes ``v…``): they work outside any flow, in
notifications (an offer to accept, an application to approve, hours to verify)."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("va")
@dataclasses.dataclass(frozen=True)
class OfferAnswer(Payload):
    """Answer an offer or confirm a direct assignment: ``answer`` y (accept) or n (decline)."""

    offer: int
    answer: str


@payload("vd")
@dataclasses.dataclass(frozen=True)
class Doing(Payload):
    """A volunteer on a task they took: ``action`` way (on my way), done, cant (can't make it)."""

    offer: int
    action: str


@payload("vr")
@dataclasses.dataclass(frozen=True)
class Review(Payload):
    """Staff on an application: ``action`` ok or no."""

    profile: int
    action: str


@payload("vt")
@dataclasses.dataclass(frozen=True)
class TaskAction(Payload):
    """Staff on a task: view, assign, cancel, cancelok."""

    task: int
    action: str


@payload("vh")
@dataclasses.dataclass(frozen=True)
class HoursAction(Payload):
    """Staff on reported hours: ok (verify as reported) or edit (adjust)."""

    offer: int
    action: str


@payload("vm")
@dataclasses.dataclass(frozen=True)
class Mine(Payload):
    """The volunteer's own page: register, skills, areas, time, phone, rank, pause, resume, tasks, hours,
    cert, stars."""

    action: str


@payload("vs")
@dataclasses.dataclass(frozen=True)
class StaffAction(Payload):
    """The coordinator's hub: hub, pending, board, new, pairings, newpair, ranking (arg: months back), hours."""

    action: str
    arg: int


@payload("vp")
@dataclasses.dataclass(frozen=True)
class PairingAction(Payload):
    pairing: int
    action: str
