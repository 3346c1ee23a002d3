"""pending memberships: invitations to join for someone who already has an account elsewhere

Revision ID: 0016_pending_membership
Revises: 0015_encrypt_free_text
"""
from alembic import op
import sqlalchemy as sa

import feedback_app.models.base

revision = '0016_pending_membership'
down_revision = '0015_encrypt_free_text'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.Enum('admin', 'practitioner', 'analyst', 'duty', 'advocate', 'national', name='role',
                              native_enum=False, length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'],
                            name=op.f('fk_pending_membership_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_pending_membership_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pending_membership_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_membership')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_pending_membership_token_hash'))
    )
    with op.batch_alter_table('pending_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_membership_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_membership_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_pending_membership_organisation_id'))
    op.drop_table('pending_membership')
