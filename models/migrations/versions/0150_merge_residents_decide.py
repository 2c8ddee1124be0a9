"""merge the branches built side by side: web visitor limits, 居民说事, polls, hearings, evaluation

Revision ID: 0150
Revises: 0105, 0110, 0120, 0130, 0140
Create Date: 2026-12-04
"""

from collections.abc import Sequence

revision: str = "0150"
down_revision: str | Sequence[str] | None = ("0105", "0110", "0120", "0130", "0140")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
