"""how a response was answered, and the channel each answer came through

Revision ID: 0006_answer_channel_and_mode
Revises: 0005_national_period_indexes
"""
import sqlalchemy as sa
from alembic import op


revision = '0006_answer_channel_and_mode'
down_revision = '0005_national_period_indexes'
branch_labels = None
depends_on = None

MODES = ('self', 'supported', 'own_words_written', 'representative_view', 'telephone')
CHANNELS = ('web', 'sms', 'paper', 'assisted', 'staff')


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.Enum(*MODES, name='answermode', native_enum=False, length=32), nullable=True))
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.Enum(*CHANNELS, name='channel', native_enum=False, length=32), nullable=True))
    # Before this, only people answering for themselves on the web, by text or on paper could
    # answer at all; an assisted response's mode was never asked, so it stays unknown.
    op.execute("UPDATE response SET mode = 'self' WHERE channel IN ('web', 'sms', 'paper')")
    op.execute("UPDATE answer SET channel = (SELECT response.channel FROM response "
               "WHERE response.id = answer.response_id)")


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('channel')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('mode')
