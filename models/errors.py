"""Expected domain outcomes that are not bugs: each carries a catalog message id for the reply."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no. ``message_id`` names the catalog message that explains it to the person."""

    def __init__(self, message_id: str, **args: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.args_for_message = args


class NotAllowed(DomainError):
    """The person lacks the role for this place."""
