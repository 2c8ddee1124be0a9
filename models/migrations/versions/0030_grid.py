"""grid management: categories, building coordinates, cases with followers, photos and history

Revision ID: 0030
Revises: 0003
Create Date: 2026-11-23
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0030"
# Not "0002": case photos point at media_files, which 0003 (on top of 0002) creates; a depends_on would
# leave 0003 listed as a head that the version table never shows.
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "grid_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.Column("accept_hours", sa.Integer(), nullable=False),
        sa.Column("resolve_days", sa.Integer(), nullable=False),
        sa.Column("role", sa.Enum("volunteer", "grid_worker", "community_staff", "street_admin", "district_admin",
                                  "mediator", "property_supervisor", name="role", native_enum=False, length=24),
                  nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_grid_categories_code")),
    )
    op.create_table(
        "grid_building_locations",
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["places.id"], name=op.f("fk_grid_building_locations_building_id_places"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("building_id", name=op.f("pk_grid_building_locations")),
    )
    op.create_table(
        "grid_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.Enum("volunteer", "grid_worker", "community_staff", "street_admin", "district_admin",
                                  "mediator", "property_supervisor", name="role", native_enum=False, length=24),
                  nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("state", sa.Enum("submitted", "accepted", "in_progress", "resolved", "closed", "rejected",
                                   name="casestate", native_enum=False, length=16), nullable=False),
        sa.Column("share_contact", sa.Boolean(), nullable=False),
        sa.Column("question_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("clock_started_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("assigned_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("accept_due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("resolve_due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("first_accepted_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("first_resolved_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("resolved_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("resolved_on_time", sa.Boolean(), nullable=True),
        sa.Column("closed_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["category_id"], ["grid_categories.id"],
                                name=op.f("fk_grid_cases_category_id_grid_categories")),
        sa.ForeignKeyConstraint(["reporter_id"], ["people.id"], name=op.f("fk_grid_cases_reporter_id_people")),
        sa.ForeignKeyConstraint(["building_id"], ["places.id"], name=op.f("fk_grid_cases_building_id_places")),
        sa.ForeignKeyConstraint(["grid_id"], ["places.id"], name=op.f("fk_grid_cases_grid_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_cases")),
    )
    op.create_index("ix_grid_cases_state_grid", "grid_cases", ["state", "grid_id"], unique=False)
    op.create_index(op.f("ix_grid_cases_reporter_id"), "grid_cases", ["reporter_id"], unique=False)
    op.create_index(op.f("ix_grid_cases_grid_id"), "grid_cases", ["grid_id"], unique=False)
    op.create_table(
        "grid_case_followers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["grid_cases.id"], name=op.f("fk_grid_case_followers_case_id_grid_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_grid_case_followers_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_case_followers")),
        sa.UniqueConstraint("case_id", "person_id", name=op.f("uq_grid_case_followers_case_id")),
    )
    op.create_index(op.f("ix_grid_case_followers_case_id"), "grid_case_followers", ["case_id"], unique=False)
    op.create_index(op.f("ix_grid_case_followers_person_id"), "grid_case_followers", ["person_id"], unique=False)
    op.create_table(
        "grid_case_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["grid_cases.id"], name=op.f("fk_grid_case_photos_case_id_grid_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["media_id"], ["media_files.id"], name=op.f("fk_grid_case_photos_media_id_media_files")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_case_photos")),
    )
    op.create_index(op.f("ix_grid_case_photos_case_id"), "grid_case_photos", ["case_id"], unique=False)
    op.create_table(
        "grid_case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("submitted", "followed", "accepted", "question", "answer", "transferred", "note",
                                  "resolved", "rejected", "confirmed", "closed", "reopened", "warned", "escalated",
                                  name="eventkind", native_enum=False, length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("detail", sa.String(length=80), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["grid_cases.id"], name=op.f("fk_grid_case_events_case_id_grid_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"], name=op.f("fk_grid_case_events_actor_id_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_case_events")),
    )
    op.create_index(op.f("ix_grid_case_events_case_id"), "grid_case_events", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_grid_case_events_case_id"), table_name="grid_case_events")
    op.drop_table("grid_case_events")
    op.drop_index(op.f("ix_grid_case_photos_case_id"), table_name="grid_case_photos")
    op.drop_table("grid_case_photos")
    op.drop_index(op.f("ix_grid_case_followers_person_id"), table_name="grid_case_followers")
    op.drop_index(op.f("ix_grid_case_followers_case_id"), table_name="grid_case_followers")
    op.drop_table("grid_case_followers")
    op.drop_index(op.f("ix_grid_cases_grid_id"), table_name="grid_cases")
    op.drop_index(op.f("ix_grid_cases_reporter_id"), table_name="grid_cases")
    op.drop_index("ix_grid_cases_state_grid", table_name="grid_cases")
    op.drop_table("grid_cases")
    op.drop_table("grid_building_locations")
    op.drop_table("grid_categories")
