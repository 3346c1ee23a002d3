"""indexes for figures

Revision ID: 0003_report_indexes
Revises: 0002_messages_and_api_keys
Create Date: 2026-11-27 04:59:53.789790
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0003_report_indexes'
down_revision = '0002_messages_and_api_keys'
branch_labels = None
depends_on = None


def upgrade():

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_figures', ['response_id', 'framework_item', 'question_key', 'choice_key'], unique=False)

    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.create_index('ix_enquiry_closed', ['organisation_id', 'closed_on'], unique=False)

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index('ix_invitation_sent', ['organisation_id', 'sent_at'], unique=False)

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index('ix_response_period', ['status', 'submitted_at'], unique=False)




def downgrade():

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_period')

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index('ix_invitation_sent')

    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.drop_index('ix_enquiry_closed')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_figures')


