"""saved forms: what a member of staff had typed when they were signed out, to put back after

Revision ID: 0014_saved_form
Revises: 0013_question_media
"""
from alembic import op
import sqlalchemy as sa

import feedback_app.models.base

revision = '0014_saved_form'
down_revision = '0013_question_media'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_form',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('page_path', sa.String(length=500), nullable=False),
    sa.Column('fields', feedback_app.models.base.EncryptedText(), nullable=False),
    sa.Column('saved_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_saved_form_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_form'))
    )
    with op.batch_alter_table('saved_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_form_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_form_user_id'))
    op.drop_table('saved_form')
