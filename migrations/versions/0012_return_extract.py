"""quarterly returns: the counts the comparison of councils reads, kept beside the figures

Revision ID: 0012_return_extract
Revises: 0011_feedback_window
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_return_extract'
down_revision = '0011_feedback_window'
branch_labels = None
depends_on = None


def upgrade():
    # Returns already final keep only their figures; the comparison works the counts out from them.
    with op.batch_alter_table('quarterly_return', schema=None) as batch_op:
        batch_op.add_column(sa.Column('benchmark', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('quarterly_return', schema=None) as batch_op:
        batch_op.drop_column('benchmark')
