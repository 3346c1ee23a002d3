"""indexes for figures across every council in a period

Revision ID: 0005_national_period_indexes
Revises: 0004_comment_review
"""
from alembic import op


revision = '0005_national_period_indexes'
down_revision = '0004_comment_review'
branch_labels = None
depends_on = None

ENQUIRY_COLUMNS = ["organisation_id", "kind", "imported", "outcomes_asked", "outcomes_achieved", "risk_outcome"]
INVITATION_COLUMNS = ["organisation_id", "channel", "asked_by", "timing", "id"]


def upgrade():
    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.create_index('ix_enquiry_closed_on', ['closed_on'], unique=False,
                              postgresql_include=ENQUIRY_COLUMNS)
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index('ix_invitation_sent_at', ['sent_at'], unique=False,
                              postgresql_include=INVITATION_COLUMNS)


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index('ix_invitation_sent_at')
    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.drop_index('ix_enquiry_closed_on')
