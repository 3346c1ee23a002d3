"""comment review: redacted comments, their themes and whether they may be quoted

Revision ID: 0004_comment_review
Revises: 0003_report_indexes
Create Date: 2026-11-27 06:50:11.575377
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0004_comment_review'
down_revision = '0003_report_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_comment_theme_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_theme')),
    sa.UniqueConstraint('organisation_id', 'label', name=op.f('uq_comment_theme_organisation_id'))
    )
    with op.batch_alter_table('comment_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_theme_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('comment_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('submitted_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('redacted_text', sa.Text(), nullable=False),
    sa.Column('redaction_kinds', sa.JSON(), nullable=False),
    sa.Column('text_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'not_approved', name='commentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_comment_review_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_comment_review_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_comment_review_response_id_response'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_comment_review_reviewed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_review')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_comment_review_answer_id'))
    )
    with op.batch_alter_table('comment_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_review_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_comment_review_period', ['organisation_id', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_review_response_id'), ['response_id'], unique=False)

    op.create_table('comment_review_theme',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['comment_review.id'], name=op.f('fk_comment_review_theme_review_id_comment_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['comment_theme.id'], name=op.f('fk_comment_review_theme_theme_id_comment_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('review_id', 'theme_id', name=op.f('pk_comment_review_theme'))
    )
    with op.batch_alter_table('comment_review_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_review_theme_theme_id'), ['theme_id'], unique=False)



def downgrade():
    with op.batch_alter_table('comment_review_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_review_theme_theme_id'))

    op.drop_table('comment_review_theme')
    with op.batch_alter_table('comment_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_review_response_id'))
        batch_op.drop_index('ix_comment_review_period')
        batch_op.drop_index(batch_op.f('ix_comment_review_organisation_id'))

    op.drop_table('comment_review')
    with op.batch_alter_table('comment_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_theme_organisation_id'))

    op.drop_table('comment_theme')
