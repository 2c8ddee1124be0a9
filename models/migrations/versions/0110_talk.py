"""居民说事: matters, supports, 说事 meetings and their sign-ups; a notice may carry its sender's button

Revision ID: 0110
Revises: 0100
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0110"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MATTER_STATUS = sa.Enum(
    "open", "agenda", "accepted", "declined", "decided", name="matterstatus", native_enum=False, length=16
)
MEETING_STATUS = sa.Enum("scheduled", "held", "cancelled", name="meetingstatus", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "talk_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("ends_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("status", MEETING_STATUS, nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("minutes_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_talk_meetings_booking_id_bookings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_talk_meetings_community_id_places")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_talk_meetings_created_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["booking_rooms.id"], name=op.f("fk_talk_meetings_room_id_booking_rooms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_meetings")),
    )
    op.create_index("ix_talk_meetings_community_start", "talk_meetings", ["community_id", "starts_at"])
    op.create_table(
        "talk_matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=True),
        sa.Column("status", MATTER_STATUS, nullable=False),
        sa.Column("supports", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("grid_case_id", sa.Integer(), nullable=True),
        sa.Column("hotline_request_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("by_threshold", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("outcome_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["people.id"], name=op.f("fk_talk_matters_answered_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_talk_matters_author_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_talk_matters_community_id_places")),
        sa.ForeignKeyConstraint(
            ["grid_case_id"],
            ["grid_cases.id"],
            name=op.f("fk_talk_matters_grid_case_id_grid_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["hotline_request_id"],
            ["hotline_requests.id"],
            name=op.f("fk_talk_matters_hotline_request_id_hotline_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["talk_meetings.id"],
            name=op.f("fk_talk_matters_meeting_id_talk_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_matters")),
    )
    op.create_index("ix_talk_matters_community_status", "talk_matters", ["community_id", "status"])
    op.create_index(op.f("ix_talk_matters_author_id"), "talk_matters", ["author_id"])
    op.create_index(op.f("ix_talk_matters_meeting_id"), "talk_matters", ["meeting_id"])
    op.create_table(
        "talk_supports",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["talk_matters.id"], name=op.f("fk_talk_supports_matter_id_talk_matters"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_talk_supports_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("matter_id", "person_id", name=op.f("pk_talk_supports")),
    )
    op.create_index(op.f("ix_talk_supports_person_id"), "talk_supports", ["person_id"])
    op.create_table(
        "talk_signups",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["talk_meetings.id"],
            name=op.f("fk_talk_signups_meeting_id_talk_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_talk_signups_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("meeting_id", "person_id", name=op.f("pk_talk_signups")),
    )
    op.create_index(op.f("ix_talk_signups_person_id"), "talk_signups", ["person_id"])
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("action", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("action")
    op.drop_table("talk_signups")
    op.drop_table("talk_supports")
    op.drop_table("talk_matters")
    op.drop_table("talk_meetings")
