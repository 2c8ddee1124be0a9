"""Button payloads of grid management (prefixes start with ``g``): they work outside any flow, in
notifications as well as in lists, so each names the case it is about and is re-checked when pressed."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("gv")
@dataclasses.dataclass(frozen=True)
class GridView(Payload):
    """Open a case: the handler's view for those who may handle it, the reporter's for the others."""

    case: int


@payload("ga")
@dataclasses.dataclass(frozen=True)
class GridAct(Payload):
    """A handler's action: accept, note, ask, transfer, resolve, reject, photos."""

    case: int
    action: str


@payload("gr")
@dataclasses.dataclass(frozen=True)
class GridResident(Payload):
    """The reporter's or a follower's action: ok, meh (fixed, not satisfied), reopen, answer, photos."""

    case: int
    action: str


@payload("gl")
@dataclasses.dataclass(frozen=True)
class GridList(Payload):
    """Staff case list with filters (0 / "open": any)."""

    grid: int
    category: int
    state: str


@payload("gf")
@dataclasses.dataclass(frozen=True)
class GridFilter(Payload):
    """Choose one filter (grid, category, state) of the case list, keeping the others."""

    which: str
    grid: int
    category: int
    state: str
