"""wechat: retries taken once, the shared access token, the 48-hour window, choices; how a push went out

Revision ID: 0090
Revises: 0080
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0090"
down_revision: str | None = "0080"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wechat_inbound",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("received_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_wechat_inbound")),
    )
    op.create_index(op.f("ix_wechat_inbound_received_at"), "wechat_inbound", ["received_at"], unique=False)
    op.create_table(
        "wechat_tokens",
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=1024), nullable=False),
        sa.Column("expires_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("app_id", name=op.f("pk_wechat_tokens")),
    )
    op.create_table(
        "wechat_contacts",
        sa.Column("openid", sa.String(length=64), nullable=False),
        sa.Column("last_inbound_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("choices_from", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("openid", name=op.f("pk_wechat_contacts")),
    )
    op.create_table(
        "wechat_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wechat_choices")),
    )
    op.create_index("ix_wechat_choices_chat", "wechat_choices", ["chat_id", "id"], unique=False)
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("delivered_as", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("delivered_as")
    op.drop_index("ix_wechat_choices_chat", table_name="wechat_choices")
    op.drop_table("wechat_choices")
    op.drop_table("wechat_contacts")
    op.drop_table("wechat_tokens")
    op.drop_index(op.f("ix_wechat_inbound_received_at"), table_name="wechat_inbound")
    op.drop_table("wechat_inbound")
