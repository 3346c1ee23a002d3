"""question media: a council's recordings of its questions, read aloud or in BSL, with transcripts

Revision ID: 0013_question_media
Revises: 0012_return_extract
"""
from alembic import op
import sqlalchemy as sa

import feedback_app.models.base

revision = '0013_question_media'
down_revision = '0012_return_extract'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('transcript', sa.Text(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_question_media_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_question_media_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_media')),
    sa.UniqueConstraint('organisation_id', 'survey_id', 'question_key', 'language', 'version', 'kind', name=op.f('uq_question_media_organisation_id')),
    )
    with op.batch_alter_table('question_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_media_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('question_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_media_organisation_id'))
    op.drop_table('question_media')
