"""merge the feature branches (booking, hotline, grid, volunteers, notices), built side by side

Revision ID: 0060
Revises: 0010, 0020, 0030, 0040, 0050
Create Date: 2026-11-23
"""
from collections.abc import Sequence

revision: str = "0060"
down_revision: str | Sequence[str] | None = ("0010", "0020", "0030", "0040", "0050")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
