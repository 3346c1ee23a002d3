"""invitations: the link a reminder replaced keeps working

Revision ID: 0010_previous_link
Revises: 0009_assist
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_previous_link'
down_revision = '0009_assist'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_invitation_previous_token_hash'), ['previous_token_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_previous_token_hash'))
        batch_op.drop_column('previous_token_hash')
