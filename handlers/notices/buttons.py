"""The notices' buttons that work outside the compose flow: confirm, topics, open, ledger, cancel, list."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("na")
@dataclasses.dataclass(frozen=True)
class NoticeAckButton(Payload):
    """ "已收到 / I've read it" under a critical notice."""

    notice: int


@payload("nm")
@dataclasses.dataclass(frozen=True)
class NoticeTopics(Payload):
    """The resident's topic settings; a non-empty ``topic`` flips that topic first."""

    topic: str


@payload("no")
@dataclasses.dataclass(frozen=True)
class NoticeOpen(Payload):
    """One notice in full, as a recipient sees it."""

    notice: int


@payload("nl")
@dataclasses.dataclass(frozen=True)
class NoticeLedgerButton(Payload):
    """A notice's delivery ledger (staff)."""

    notice: int


@payload("nc")
@dataclasses.dataclass(frozen=True)
class NoticeCancelButton(Payload):
    notice: int
    confirmed: int


@payload("ns")
@dataclasses.dataclass(frozen=True)
class NoticeSentList(Payload):
    """The recent notices of the places I may notify (staff)."""

    page: int
