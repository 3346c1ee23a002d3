"""paper forms: the post room's daily batches, and returned forms as they are keyed, once or twice

Revision ID: 0008_paper
Revises: 0007_text_conversations
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0008_paper'
down_revision = '0007_text_conversations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paper_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'rendering', 'ready', 'posted', name='batchstatus', native_enum=False, length=32), nullable=False),
    sa.Column('form_count', sa.Integer(), nullable=False),
    sa.Column('rendered_count', sa.Integer(), nullable=False),
    sa.Column('pdf', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ready_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('posted_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('posted_by_id', sa.Integer(), nullable=True),
    sa.Column('purged_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_paper_batch_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['posted_by_id'], ['user_account.id'], name=op.f('fk_paper_batch_posted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_batch'))
    )
    with op.batch_alter_table('paper_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_batch_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('paper_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('reminder', sa.Boolean(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['paper_batch.id'], name=op.f('fk_paper_letter_batch_id_paper_batch')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_paper_letter_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_paper_letter_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_letter')),
    sa.UniqueConstraint('batch_id', 'invitation_id', name=op.f('uq_paper_letter_batch_id'))
    )
    with op.batch_alter_table('paper_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_letter_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_letter_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('paper_keying',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('keyed_by_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('entries', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('status', sa.Enum('waiting', 'different', 'recorded', 'set_aside', name='keyingstatus', native_enum=False, length=32), nullable=False),
    sa.Column('settled_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_paper_keying_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['keyed_by_id'], ['user_account.id'], name=op.f('fk_paper_keying_keyed_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_paper_keying_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['settled_by_id'], ['user_account.id'], name=op.f('fk_paper_keying_settled_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_keying'))
    )
    with op.batch_alter_table('paper_keying', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_keying_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_keying_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_paper_keying_waiting', ['organisation_id', 'status'], unique=False)


def downgrade():
    op.drop_table('paper_keying')
    op.drop_table('paper_letter')
    op.drop_table('paper_batch')
