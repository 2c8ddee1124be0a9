"""The polls' buttons that work outside a flow: open a poll, its results, nominate, and the staff's own."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("ov")
@dataclasses.dataclass(frozen=True)
class PollOpen(Payload):
    """A poll as a resident sees it: vote, change the vote, nominate, or the household's vote."""

    poll: int


@payload("or")
@dataclasses.dataclass(frozen=True)
class PollResults(Payload):
    poll: int


@payload("on")
@dataclasses.dataclass(frozen=True)
class PollNominate(Payload):
    """Propose an option (a model household) while nominations are open."""

    poll: int


@payload("om")
@dataclasses.dataclass(frozen=True)
class PollManage(Payload):
    """A poll as staff see it: turnout, nominations waiting, closing it."""

    poll: int


@payload("oa")
@dataclasses.dataclass(frozen=True)
class PollModerate(Payload):
    """Approve (1) or reject (0) a nomination."""

    option: int
    approve: int


@payload("ox")
@dataclasses.dataclass(frozen=True)
class PollCloseButton(Payload):
    poll: int
    confirmed: int
