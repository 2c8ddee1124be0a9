"""volunteers: profiles, pairings, tasks and the offers that dispatch them

Revision ID: 0040
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0040"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "volunteer_pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_ids", sa.JSON(), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("next_visit_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["places.id"], name=op.f("fk_volunteer_pairings_community_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_volunteer_pairings_created_by_id_people")
        ),
        sa.ForeignKeyConstraint(["resident_id"], ["people.id"], name=op.f("fk_volunteer_pairings_resident_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_pairings")),
    )
    with op.batch_alter_table("volunteer_pairings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_pairings_community_id"), ["community_id"], unique=False)

    op.create_table(
        "volunteer_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "active", "paused", "rejected", name="volunteerstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("share_phone", sa.Boolean(), nullable=False),
        sa.Column("in_ranking", sa.Boolean(), nullable=False),
        sa.Column("reject_reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"], ["places.id"], name=op.f("fk_volunteer_profiles_community_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_volunteer_profiles_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["people.id"], name=op.f("fk_volunteer_profiles_reviewed_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_profiles")),
        sa.UniqueConstraint("person_id", name=op.f("uq_volunteer_profiles_person_id")),
    )
    with op.batch_alter_table("volunteer_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_profiles_community_id"), ["community_id"], unique=False)

    op.create_table(
        "volunteer_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("task", "visit", name="taskkind", native_enum=False, length=16), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("skill", sa.String(length=16), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("ends_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("places_needed", sa.Integer(), nullable=False),
        sa.Column("places_taken", sa.Integer(), nullable=False),
        sa.Column("estimated_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "filled",
                "escalated",
                "done",
                "missed",
                "cancelled",
                name="taskstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("pairing_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_volunteer_tasks_community_id_places")),
        sa.ForeignKeyConstraint(["created_by_id"], ["people.id"], name=op.f("fk_volunteer_tasks_created_by_id_people")),
        sa.ForeignKeyConstraint(
            ["pairing_id"], ["volunteer_pairings.id"], name=op.f("fk_volunteer_tasks_pairing_id_volunteer_pairings")
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_volunteer_tasks_place_id_places")),
        sa.ForeignKeyConstraint(["resident_id"], ["people.id"], name=op.f("fk_volunteer_tasks_resident_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_tasks")),
    )
    with op.batch_alter_table("volunteer_tasks", schema=None) as batch_op:
        batch_op.create_index("ix_volunteer_tasks_community_starts", ["community_id", "starts_at"], unique=False)

    op.create_table(
        "volunteer_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "offered",
                "assigned",
                "accepted",
                "declined",
                "expired",
                "withdrawn",
                "done",
                "cancelled",
                name="offerstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("offered_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("answer_by", models.base.UTCDateTime(), nullable=False),
        sa.Column("answered_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("on_way_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("done_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=300), nullable=True),
        sa.Column("wellbeing", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("verified_minutes", sa.Integer(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["volunteer_profiles.id"],
            name=op.f("fk_volunteer_offers_profile_id_volunteer_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["volunteer_tasks.id"],
            name=op.f("fk_volunteer_offers_task_id_volunteer_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"], ["people.id"], name=op.f("fk_volunteer_offers_verified_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_offers")),
        sa.UniqueConstraint("task_id", "profile_id", name=op.f("uq_volunteer_offers_task_id")),
    )
    with op.batch_alter_table("volunteer_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_offers_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_offers_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("volunteer_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_offers_task_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_offers_profile_id"))
    op.drop_table("volunteer_offers")
    with op.batch_alter_table("volunteer_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteer_tasks_community_starts")
    op.drop_table("volunteer_tasks")
    with op.batch_alter_table("volunteer_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_profiles_community_id"))
    op.drop_table("volunteer_profiles")
    with op.batch_alter_table("volunteer_pairings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_pairings_community_id"))
    op.drop_table("volunteer_pairings")
