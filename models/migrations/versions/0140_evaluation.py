"""evaluation: residents judge community work each period; answers kept apart from who answered

Revision ID: 0140
Revises: 0100
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0140"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_months", sa.Integer(), nullable=False),
        sa.Column("opened_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("closes_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("closed_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("reminded_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_evaluation_rounds_community_id_places")),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["people.id"],
            name=op.f("fk_evaluation_rounds_opened_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_rounds")),
        sa.UniqueConstraint("community_id", "period_start", name=op.f("uq_evaluation_rounds_community_id")),
    )
    with op.batch_alter_table("evaluation_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_rounds_community_id"), ["community_id"], unique=False)

    op.create_table(
        "evaluation_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_evaluation_invitations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["evaluation_rounds.id"],
            name=op.f("fk_evaluation_invitations_round_id_evaluation_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_invitations")),
        sa.UniqueConstraint("round_id", "person_id", name=op.f("uq_evaluation_invitations_round_id")),
    )
    with op.batch_alter_table("evaluation_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_invitations_person_id"), ["person_id"], unique=False)

    # No person column, no time, a random key: an answer cannot be joined back to whoever gave it.
    op.create_table(
        "evaluation_answers",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 1 AND score <= 5)", name=op.f("ck_evaluation_answers_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["places.id"], name=op.f("fk_evaluation_answers_community_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["evaluation_rounds.id"],
            name=op.f("fk_evaluation_answers_round_id_evaluation_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_answers")),
    )
    with op.batch_alter_table("evaluation_answers", schema=None) as batch_op:
        batch_op.create_index("ix_evaluation_answers_round_kind", ["round_id", "kind"], unique=False)


def downgrade() -> None:
    op.drop_table("evaluation_answers")
    op.drop_table("evaluation_invitations")
    op.drop_table("evaluation_rounds")
