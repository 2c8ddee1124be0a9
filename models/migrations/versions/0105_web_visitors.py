"""web visitors: new visitors counted per address, and those who never came back forgotten

Revision ID: 0105
Revises: 0100
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0105"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_visitors",
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=True),
        sa.Column("first_seen_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_web_visitors")),
    )
    op.create_index("ix_web_visitors_address", "web_visitors", ["address_key", "first_seen_at"], unique=False)
    op.create_index(op.f("ix_web_visitors_last_seen_at"), "web_visitors", ["last_seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_web_visitors_last_seen_at"), table_name="web_visitors")
    op.drop_index("ix_web_visitors_address", table_name="web_visitors")
    op.drop_table("web_visitors")
