"""messages and api keys

Revision ID: 0002_messages_and_api_keys
Revises: 0001_initial
Create Date: 2026-11-27 04:33:05.441256
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0002_messages_and_api_keys'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('api_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_api_key_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_api_key_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_key_key_hash'))
    )
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_key_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('outbound_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('web', 'sms', 'paper', 'assisted', 'staff', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('backend', sa.String(length=16), nullable=False),
    sa.Column('purpose', sa.String(length=32), nullable=False),
    sa.Column('recipient', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('body', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('provider_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('purged_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_outbound_message_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outbound_message_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_message'))
    )
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_message_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_message_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_message_provider_id'), ['provider_id'], unique=False)

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_due_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True))




def downgrade():

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('reminder_due_at')

    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_message_provider_id'))
        batch_op.drop_index(batch_op.f('ix_outbound_message_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_outbound_message_invitation_id'))

    op.drop_table('outbound_message')
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_key_organisation_id'))

    op.drop_table('api_key')

