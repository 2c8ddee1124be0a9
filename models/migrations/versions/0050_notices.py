"""notices: staff broadcasts, acknowledgements, muted topics; outbox rows name their notice

Revision ID: 0050
Revises: 0002
Create Date: 2026-11-23
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0050"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URGENCY = sa.Enum("normal", "urgent", "critical", name="urgency", native_enum=False, length=16)
TOPIC = ("activities", "outages", "safety", "volunteering", "general")
STATUS = sa.Enum("scheduled", "queueing", "sending", "done", "cancelled", name="noticestatus", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("scope_place_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=True),
        sa.Column("urgency", URGENCY, nullable=False),
        sa.Column("topic", sa.Enum(*TOPIC, name="topic", native_enum=False, length=16), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("send_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("queued_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("completed_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("queue_cursor", sa.Integer(), nullable=False),
        sa.Column("remind_hours", sa.Integer(), nullable=False),
        sa.Column("reminded_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_notices_author_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["scope_place_id"], ["places.id"], name=op.f("fk_notices_scope_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_author_id"), "notices", ["author_id"], unique=False)
    op.create_index("ix_notices_scope_created", "notices", ["scope_place_id", "created_at"], unique=False)
    op.create_table(
        "notice_acks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notices.id"], name=op.f("fk_notice_acks_notice_id_notices"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_notice_acks_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_acks")),
        sa.UniqueConstraint("notice_id", "person_id", name=op.f("uq_notice_acks_notice_id")),
    )
    op.create_index(op.f("ix_notice_acks_person_id"), "notice_acks", ["person_id"], unique=False)
    op.create_table(
        "notice_mutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.Enum(*TOPIC, name="topic", native_enum=False, length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_notice_mutes_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_mutes")),
        sa.UniqueConstraint("person_id", "topic", name=op.f("uq_notice_mutes_person_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_outbox_notice", ["notice_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_notice")
        batch_op.drop_column("notice_id")
    op.drop_table("notice_mutes")
    op.drop_index(op.f("ix_notice_acks_person_id"), table_name="notice_acks")
    op.drop_table("notice_acks")
    op.drop_index("ix_notices_scope_created", table_name="notices")
    op.drop_index(op.f("ix_notices_author_id"), table_name="notices")
    op.drop_table("notices")
