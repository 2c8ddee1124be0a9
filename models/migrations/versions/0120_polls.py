"""polls: polls of a community or building, their options and nominations, one ballot per household or person

Revision ID: 0120
Revises: 0100
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0120"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = sa.Enum("single", "multiple", "score", name="pollkind", native_enum=False, length=16)
UNIT = sa.Enum("household", "person", name="ballotunit", native_enum=False, length=16)
STATUS = sa.Enum("proposed", "approved", "rejected", name="optionstatus", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("ballot_unit", UNIT, nullable=False),
        sa.Column("title_zh", sa.String(length=80), nullable=False),
        sa.Column("title_en", sa.String(length=160), nullable=False),
        sa.Column("max_choices", sa.Integer(), nullable=False),
        sa.Column("results_hidden", sa.Boolean(), nullable=False),
        sa.Column("nominating_until", models.base.UTCDateTime(), nullable=True),
        sa.Column("opens_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("closes_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("closed_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("final", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_polls_community_id_places")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_polls_created_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_polls_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
    )
    op.create_index(op.f("ix_polls_community_id"), "polls", ["community_id"], unique=False)
    op.create_index(op.f("ix_polls_place_id"), "polls", ["place_id"], unique=False)
    op.create_table(
        "poll_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("text_zh", sa.String(length=40), nullable=False),
        sa.Column("text_en", sa.String(length=80), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_options_poll_id_polls"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["people.id"], name=op.f("fk_poll_options_proposed_by_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_options")),
    )
    op.create_index(op.f("ix_poll_options_poll_id"), "poll_options", ["poll_id"], unique=False)
    op.create_table(
        "poll_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("ballot_key", sa.String(length=80), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("cast_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("changed_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["building_id"], ["places.id"], name=op.f("fk_poll_ballots_building_id_places")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_poll_ballots_person_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_ballots_poll_id_polls"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_ballots")),
        sa.UniqueConstraint("poll_id", "ballot_key", name=op.f("uq_poll_ballots_poll_id")),
    )
    op.create_index(op.f("ix_poll_ballots_person_id"), "poll_ballots", ["person_id"], unique=False)
    op.create_index(op.f("ix_poll_ballots_poll_id"), "poll_ballots", ["poll_id"], unique=False)
    op.create_table(
        "poll_ballot_choices",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["poll_ballots.id"],
            name=op.f("fk_poll_ballot_choices_ballot_id_poll_ballots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name=op.f("fk_poll_ballot_choices_option_id_poll_options"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ballot_id", "option_id", name=op.f("pk_poll_ballot_choices")),
    )


def downgrade() -> None:
    op.drop_table("poll_ballot_choices")
    op.drop_index(op.f("ix_poll_ballots_poll_id"), table_name="poll_ballots")
    op.drop_index(op.f("ix_poll_ballots_person_id"), table_name="poll_ballots")
    op.drop_table("poll_ballots")
    op.drop_index(op.f("ix_poll_options_poll_id"), table_name="poll_options")
    op.drop_table("poll_options")
    op.drop_index(op.f("ix_polls_place_id"), table_name="polls")
    op.drop_index(op.f("ix_polls_community_id"), table_name="polls")
    op.drop_table("polls")
