"""import jobs: a long CSV import done beside the web request, with its progress

Revision ID: 0017_import_job
Revises: 0016_pending_membership
"""
from alembic import op
import sqlalchemy as sa

import feedback_app.models.base

revision = '0017_import_job'
down_revision = '0016_pending_membership'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('content', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('total_lines', sa.Integer(), nullable=False),
    sa.Column('done_lines', sa.Integer(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('moved_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_import_job_created_by_id_user_account'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_import_job_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job'))
    )
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_job_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_job_organisation_id'))
    op.drop_table('import_job')
