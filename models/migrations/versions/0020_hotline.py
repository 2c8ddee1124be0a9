"""12343 hotline: catalogue (categories, services, providers, areas, staff), requests, offers, events

Revision ID: 0020
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0020"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hotline_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_hotline_categories_code")),
    )
    op.create_table(
        "hotline_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("enterprise", "organisation", name="providerkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("open_hour", sa.Integer(), nullable=False),
        sa.Column("close_hour", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_providers")),
        sa.UniqueConstraint("code", name=op.f("uq_hotline_providers_code")),
    )
    op.create_table(
        "hotline_ticket_days",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_hotline_ticket_days")),
    )
    op.create_table(
        "hotline_provider_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_hotline_provider_areas_place_id_places")),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["hotline_providers.id"],
            name=op.f("fk_hotline_provider_areas_provider_id_hotline_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_provider_areas")),
        sa.UniqueConstraint("provider_id", "place_id", name=op.f("uq_hotline_provider_areas_provider_id")),
    )
    op.create_index(op.f("ix_hotline_provider_areas_place_id"), "hotline_provider_areas", ["place_id"], unique=False)
    op.create_table(
        "hotline_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("description_zh", sa.String(length=500), nullable=False),
        sa.Column("description_en", sa.String(length=800), nullable=False),
        sa.Column(
            "price_type",
            sa.Enum("free", "low_cost", "market", name="pricetype", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("price_fen", sa.Integer(), nullable=True),
        sa.Column("unit_zh", sa.String(length=20), nullable=False),
        sa.Column("unit_en", sa.String(length=30), nullable=False),
        sa.Column("open_hour", sa.Integer(), nullable=False),
        sa.Column("close_hour", sa.Integer(), nullable=False),
        sa.Column("response_minutes", sa.Integer(), nullable=False),
        sa.Column("completion_hours", sa.Integer(), nullable=False),
        sa.Column("keywords", sa.String(length=500), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("volunteer_served", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["hotline_categories.id"], name=op.f("fk_hotline_services_category_id_hotline_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_services")),
        sa.UniqueConstraint("code", name=op.f("uq_hotline_services_code")),
    )
    op.create_index(op.f("ix_hotline_services_category_id"), "hotline_services", ["category_id"], unique=False)
    op.create_table(
        "hotline_provider_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["hotline_providers.id"],
            name=op.f("fk_hotline_provider_services_provider_id_hotline_providers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["hotline_services.id"],
            name=op.f("fk_hotline_provider_services_service_id_hotline_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_provider_services")),
        sa.UniqueConstraint("provider_id", "service_id", name=op.f("uq_hotline_provider_services_provider_id")),
    )
    op.create_index(
        op.f("ix_hotline_provider_services_service_id"), "hotline_provider_services", ["service_id"], unique=False
    )
    op.create_table(
        "hotline_provider_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_hotline_provider_staff_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["hotline_providers.id"],
            name=op.f("fk_hotline_provider_staff_provider_id_hotline_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_provider_staff")),
        sa.UniqueConstraint("provider_id", "person_id", name=op.f("uq_hotline_provider_staff_provider_id")),
    )
    op.create_index(op.f("ix_hotline_provider_staff_person_id"), "hotline_provider_staff", ["person_id"], unique=False)
    op.create_table(
        "hotline_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.String(length=24), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("for_name", sa.String(length=40), nullable=True),
        sa.Column("for_phone", sa.String(length=20), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("preferred_start", models.base.UTCDateTime(), nullable=True),
        sa.Column("preferred_end", models.base.UTCDateTime(), nullable=True),
        sa.Column("chosen_provider_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("current_offer_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "offered",
                "queued",
                "accepted",
                "done",
                "closed",
                "cancelled",
                name="requeststatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("response_due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("completion_due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("response_warning", sa.Integer(), nullable=False),
        sa.Column("completion_warning", sa.Integer(), nullable=False),
        sa.Column("accepted_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("eta_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("done_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("done_note", sa.String(length=300), nullable=True),
        sa.Column("done_media_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", models.base.UTCDateTime(), nullable=True),
        sa.Column(
            "close_reason",
            sa.Enum("confirmed", "unrated", name="closereason", native_enum=False, length=16),
            nullable=True,
        ),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.String(length=300), nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chosen_provider_id"],
            ["hotline_providers.id"],
            name=op.f("fk_hotline_requests_chosen_provider_id_hotline_providers"),
        ),
        sa.ForeignKeyConstraint(["community_id"], ["places.id"], name=op.f("fk_hotline_requests_community_id_places")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_hotline_requests_created_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["hotline_providers.id"], name=op.f("fk_hotline_requests_provider_id_hotline_providers")
        ),
        sa.ForeignKeyConstraint(["requester_id"], ["people.id"], name=op.f("fk_hotline_requests_requester_id_people")),
        sa.ForeignKeyConstraint(
            ["service_id"], ["hotline_services.id"], name=op.f("fk_hotline_requests_service_id_hotline_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_requests")),
        sa.UniqueConstraint("ticket", name=op.f("uq_hotline_requests_ticket")),
    )
    op.create_index(op.f("ix_hotline_requests_requester_id"), "hotline_requests", ["requester_id"], unique=False)
    op.create_index(op.f("ix_hotline_requests_service_id"), "hotline_requests", ["service_id"], unique=False)
    op.create_index("ix_hotline_requests_status", "hotline_requests", ["status", "provider_id"], unique=False)
    op.create_table(
        "hotline_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", models.base.UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"], name=op.f("fk_hotline_events_actor_id_people")),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["hotline_providers.id"], name=op.f("fk_hotline_events_provider_id_hotline_providers")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["hotline_requests.id"],
            name=op.f("fk_hotline_events_request_id_hotline_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_events")),
    )
    op.create_index(op.f("ix_hotline_events_request_id"), "hotline_events", ["request_id"], unique=False)
    op.create_table(
        "hotline_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("offered_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("expires_at", models.base.UTCDateTime(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "expired",
                "withdrawn",
                name="offeroutcome",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("answered_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["people.id"], name=op.f("fk_hotline_offers_answered_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["hotline_providers.id"], name=op.f("fk_hotline_offers_provider_id_hotline_providers")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["hotline_requests.id"],
            name=op.f("fk_hotline_offers_request_id_hotline_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_offers")),
    )
    op.create_index(op.f("ix_hotline_offers_provider_id"), "hotline_offers", ["provider_id"], unique=False)
    op.create_index(op.f("ix_hotline_offers_request_id"), "hotline_offers", ["request_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_hotline_offers_request_id"), table_name="hotline_offers")
    op.drop_index(op.f("ix_hotline_offers_provider_id"), table_name="hotline_offers")
    op.drop_table("hotline_offers")
    op.drop_index(op.f("ix_hotline_events_request_id"), table_name="hotline_events")
    op.drop_table("hotline_events")
    op.drop_index("ix_hotline_requests_status", table_name="hotline_requests")
    op.drop_index(op.f("ix_hotline_requests_service_id"), table_name="hotline_requests")
    op.drop_index(op.f("ix_hotline_requests_requester_id"), table_name="hotline_requests")
    op.drop_table("hotline_requests")
    op.drop_index(op.f("ix_hotline_provider_staff_person_id"), table_name="hotline_provider_staff")
    op.drop_table("hotline_provider_staff")
    op.drop_index(op.f("ix_hotline_provider_services_service_id"), table_name="hotline_provider_services")
    op.drop_table("hotline_provider_services")
    op.drop_index(op.f("ix_hotline_services_category_id"), table_name="hotline_services")
    op.drop_table("hotline_services")
    op.drop_index(op.f("ix_hotline_provider_areas_place_id"), table_name="hotline_provider_areas")
    op.drop_table("hotline_provider_areas")
    op.drop_table("hotline_ticket_days")
    op.drop_table("hotline_providers")
    op.drop_table("hotline_categories")
