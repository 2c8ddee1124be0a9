"""Button payloads of 居民说事 (prefixes start with ``t``): they work outside any flow (in notices and
notifications as well as in lists), so each names what it is about and is re-checked when pressed."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("tv")
@dataclasses.dataclass(frozen=True)
class TalkView(Payload):
    """Open a matter."""

    matter: int


@payload("ts")
@dataclasses.dataclass(frozen=True)
class TalkSupport(Payload):
    """Support a matter (once per person)."""

    matter: int


@payload("tl")
@dataclasses.dataclass(frozen=True)
class TalkList(Payload):
    """A page of matters: ``top`` (most supported), ``new`` (newest), ``done`` (answered or
    decided), ``mine``; or ``meet``: the meetings."""

    order: str
    offset: int


@payload("tm")
@dataclasses.dataclass(frozen=True)
class TalkMeeting(Payload):
    """Open a 说事 meeting: time, room, agenda, and afterwards its minutes."""

    meeting: int


@payload("tj")
@dataclasses.dataclass(frozen=True)
class TalkJoin(Payload):
    """Sign up for a meeting (``join`` 1) or withdraw (0)."""

    meeting: int
    join: int


@payload("ta")
@dataclasses.dataclass(frozen=True)
class TalkAnswer(Payload):
    """Staff answer a matter: ``accept``, ``agenda`` or ``decline``."""

    matter: int
    decision: str
