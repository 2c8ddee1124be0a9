"""outbox senders: live senders of a channel share the platform's rate

Revision ID: 0080
Revises: 0070
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0080"
down_revision: str | None = "0070"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_senders",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("seen_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "owner", name=op.f("pk_outbox_senders")),
    )


def downgrade() -> None:
    op.drop_table("outbox_senders")
