"""booking: community centres, rooms and their rules, bookings, blackouts, waitlist, suspensions

Revision ID: 0010
Revises: 0002
Create Date: 2026-11-24
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0010"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('booking_centres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('address_zh', sa.String(length=200), nullable=False),
    sa.Column('address_en', sa.String(length=200), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['places.id'], name=op.f('fk_booking_centres_community_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_centres')),
    sa.UniqueConstraint('code', name=op.f('uq_booking_centres_code'))
    )
    op.create_index(op.f('ix_booking_centres_community_id'), 'booking_centres', ['community_id'], unique=False)
    op.create_table('booking_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('equipment_zh', sa.String(length=300), nullable=False),
    sa.Column('equipment_en', sa.String(length=300), nullable=False),
    sa.Column('hours', sa.JSON(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('min_minutes', sa.Integer(), nullable=False),
    sa.Column('max_minutes', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('notice_minutes', sa.Integer(), nullable=False),
    sa.Column('open_to', sa.Enum('community', 'anyone', name='opento', native_enum=False, length=16), nullable=False),
    sa.Column('needs_approval', sa.Boolean(), nullable=False),
    sa.Column('weekly_quota_minutes', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['booking_centres.id'], name=op.f('fk_booking_rooms_centre_id_booking_centres')),
    sa.ForeignKeyConstraint(['manager_id'], ['people.id'], name=op.f('fk_booking_rooms_manager_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_rooms')),
    sa.UniqueConstraint('code', name=op.f('uq_booking_rooms_code'))
    )
    op.create_index(op.f('ix_booking_rooms_centre_id'), 'booking_rooms', ['centre_id'], unique=False)
    op.create_table('booking_suspensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('ends_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('no_shows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_booking_suspensions_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_suspensions'))
    )
    op.create_index(op.f('ix_booking_suspensions_person_id'), 'booking_suspensions', ['person_id'], unique=False)
    op.create_table('booking_blackouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('ends_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_booking_blackouts_created_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['booking_rooms.id'], name=op.f('fk_booking_blackouts_room_id_booking_rooms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_blackouts'))
    )
    op.create_index('ix_booking_blackouts_room_start', 'booking_blackouts', ['room_id', 'starts_at'], unique=False)
    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('ends_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'confirmed', 'cancelled', 'rejected', 'expired', 'no_show', name='bookingstatus', native_enum=False, length=16), nullable=False),
    sa.Column('purpose', sa.String(length=100), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.Column('series', sa.String(length=16), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('checked_in_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['people.id'], name=op.f('fk_bookings_decided_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_bookings_person_id_people')),
    sa.ForeignKeyConstraint(['room_id'], ['booking_rooms.id'], name=op.f('fk_bookings_room_id_booking_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings'))
    )
    op.create_index(op.f('ix_bookings_person_id'), 'bookings', ['person_id'], unique=False)
    op.create_index('ix_bookings_room_start', 'bookings', ['room_id', 'starts_at'], unique=False)
    op.create_table('booking_waitlist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('ends_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('purpose', sa.String(length=100), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'offered', 'claimed', 'expired', 'left', name='waitstatus', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('offer_expires_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_booking_waitlist_booking_id_bookings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_booking_waitlist_person_id_people')),
    sa.ForeignKeyConstraint(['room_id'], ['booking_rooms.id'], name=op.f('fk_booking_waitlist_room_id_booking_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_waitlist'))
    )
    op.create_index(op.f('ix_booking_waitlist_person_id'), 'booking_waitlist', ['person_id'], unique=False)
    op.create_index('ix_booking_waitlist_room_start', 'booking_waitlist', ['room_id', 'starts_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_booking_waitlist_room_start', table_name='booking_waitlist')
    op.drop_index(op.f('ix_booking_waitlist_person_id'), table_name='booking_waitlist')
    op.drop_table('booking_waitlist')
    op.drop_index('ix_bookings_room_start', table_name='bookings')
    op.drop_index(op.f('ix_bookings_person_id'), table_name='bookings')
    op.drop_table('bookings')
    op.drop_index('ix_booking_blackouts_room_start', table_name='booking_blackouts')
    op.drop_table('booking_blackouts')
    op.drop_index(op.f('ix_booking_suspensions_person_id'), table_name='booking_suspensions')
    op.drop_table('booking_suspensions')
    op.drop_index(op.f('ix_booking_rooms_centre_id'), table_name='booking_rooms')
    op.drop_table('booking_rooms')
    op.drop_index(op.f('ix_booking_centres_community_id'), table_name='booking_centres')
    op.drop_table('booking_centres')
