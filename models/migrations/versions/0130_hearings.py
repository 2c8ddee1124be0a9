"""hearings: hearings with their held room, invited representatives, residents' opinions

Revision ID: 0130
Revises: 0100
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0130"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = sa.Enum("allowance", "repair", "other", name="hearingkind", native_enum=False, length=16)
STATUS = sa.Enum("draft", "noticed", "decided", "cancelled", name="hearingstatus", native_enum=False, length=16)
ANSWER = sa.Enum("invited", "confirmed", "declined", name="invitationstatus", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "hearings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("applicant_details", sa.String(length=300), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("ends_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("notice_ends_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("published_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("outcome_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("outcome_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_hearings_booking_id_bookings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_hearings_community_id_places")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_hearings_created_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["outcome_by_id"], ["people.id"], name=op.f("fk_hearings_outcome_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["booking_rooms.id"], name=op.f("fk_hearings_room_id_booking_rooms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearings")),
    )
    op.create_index("ix_hearings_community_starts", "hearings", ["community_id", "starts_at"], unique=False)
    for table in ("hearing_invitations", "hearing_opinions"):
        extra = (
            [
                sa.Column("status", ANSWER, nullable=False),
                sa.Column("answered_at", models.base.UTCDateTime(), nullable=True),
            ]
            if table == "hearing_invitations"
            else [
                sa.Column("text", sa.Text(), nullable=False),
                sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
                sa.Column("updated_at", models.base.UTCDateTime(), nullable=False),
            ]
        )
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("hearing_id", sa.Integer(), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(
                ["hearing_id"], ["hearings.id"], name=op.f(f"fk_{table}_hearing_id_hearings"), ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["person_id"], ["people.id"], name=op.f(f"fk_{table}_person_id_people"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("hearing_id", "person_id", name=op.f(f"uq_{table}_hearing_id")),
        )
        op.create_index(op.f(f"ix_{table}_person_id"), table, ["person_id"], unique=False)


def downgrade() -> None:
    for table in ("hearing_opinions", "hearing_invitations"):
        op.drop_index(op.f(f"ix_{table}_person_id"), table_name=table)
        op.drop_table(table)
    op.drop_index("ix_hearings_community_starts", table_name="hearings")
    op.drop_table("hearings")
