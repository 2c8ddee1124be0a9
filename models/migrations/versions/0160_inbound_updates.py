"""inbound updates: what Telegram delivered, kept before it is confirmed and handled exactly once

Revision ID: 0160
Revises: 0150
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0160"
down_revision: str | None = "0150"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_updates",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("received_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("handled_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("replies", sa.JSON(), nullable=True),
        sa.Column("replied_at", models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("channel", "key", name=op.f("pk_inbound_updates")),
    )
    op.create_index(op.f("ix_inbound_updates_received_at"), "inbound_updates", ["received_at"])


def downgrade() -> None:
    op.drop_table("inbound_updates")
