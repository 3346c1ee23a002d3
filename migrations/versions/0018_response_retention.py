"""response retention: what the figures keep about answers once they are cut from the person

Revision ID: 0018_response_retention
Revises: 0017_import_job
"""
from alembic import op
import sqlalchemy as sa

revision = '0018_response_retention'
down_revision = '0017_import_job'
branch_labels = None
depends_on = None

ATTACHED = "detached_at IS NULL AND status IN ('submitted', 'partial')"


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counted_first', sa.Boolean(), nullable=True))
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_counted', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_route', sa.JSON(), nullable=True))
    # The cut's search for answers still linked to people, which soon become the few.
    op.create_index('ix_response_attached', 'response', ['enquiry_closed_on', 'organisation_id'],
                    postgresql_where=sa.text(ATTACHED), sqlite_where=sa.text(ATTACHED))


def downgrade():
    op.drop_index('ix_response_attached', table_name='response')
    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.drop_column('answered_route')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('answer_counted')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('counted_first')
