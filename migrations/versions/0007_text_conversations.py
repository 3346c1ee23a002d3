"""questionnaires by text: conversations, received texts, delivery reports

Revision ID: 0007_text_conversations
Revises: 0006_answer_channel_and_mode
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0007_text_conversations'
down_revision = '0006_answer_channel_and_mode'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('delivery_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_sid', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error_code', sa.String(length=16), nullable=True),
    sa.Column('received_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_report')),
    sa.UniqueConstraint('message_sid', 'status', name=op.f('uq_delivery_report_message_sid'))
    )
    op.create_table('text_conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('phone_hash', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'open', 'paused', 'finished', 'closed', name='conversationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=True),
    sa.Column('reasked', sa.Boolean(), nullable=False),
    sa.Column('neutral_reply_sent', sa.Boolean(), nullable=False),
    sa.Column('last_message_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_text_conversation_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_text_conversation_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_text_conversation_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_conversation')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_text_conversation_invitation_id'))
    )
    with op.batch_alter_table('text_conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_conversation_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_text_conversation_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_text_conversation_phone', ['phone_hash', 'status'], unique=False)

    op.create_table('inbound_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_sid', sa.String(length=64), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('phone_hash', sa.String(length=64), nullable=False),
    sa.Column('backend', sa.String(length=16), nullable=False),
    sa.Column('sender', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('body', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('received_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('purged_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['text_conversation.id'], name=op.f('fk_inbound_message_conversation_id_text_conversation')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_inbound_message_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_message')),
    sa.UniqueConstraint('message_sid', name=op.f('uq_inbound_message_message_sid'))
    )
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_message_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_message_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_message_phone_hash'), ['phone_hash'], unique=False)

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_by_reply', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('error_code', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbound_message_phone_hash'), ['phone_hash'], unique=False)



def downgrade():
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_message_phone_hash'))
        batch_op.drop_column('error_code')
        batch_op.drop_column('phone_hash')

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('answer_by_reply')

    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_message_phone_hash'))
        batch_op.drop_index(batch_op.f('ix_inbound_message_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_inbound_message_conversation_id'))

    op.drop_table('inbound_message')
    with op.batch_alter_table('text_conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_text_conversation_phone')
        batch_op.drop_index(batch_op.f('ix_text_conversation_participant_id'))
        batch_op.drop_index(batch_op.f('ix_text_conversation_organisation_id'))

    op.drop_table('text_conversation')
    op.drop_table('delivery_report')
