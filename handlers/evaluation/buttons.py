"""Button payloads of the residents' evaluation (prefixes start with ``q``): they travel in invitations and
lists, outside any flow, so each names what it is about and is re-checked when pressed."""

from __future__ import annotations

import dataclasses

from handlers.core.buttons import Payload, payload


@payload("qs")
@dataclasses.dataclass(frozen=True)
class EvaluationStart(Payload):
    """Start answering a round (the invitation's and the reminder's button)."""

    round: int


@payload("qv")
@dataclasses.dataclass(frozen=True)
class EvaluationResults(Payload):
    """Staff: the results and trend of one community of their scope."""

    community: int
