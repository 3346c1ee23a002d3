"""advocates: assignments to partner organisations, independent samples, how a person was supported

Revision ID: 0009_assist
Revises: 0008_paper
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0009_assist'
down_revision = '0008_paper'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('independent_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('closed_from', sa.Date(), nullable=False),
    sa.Column('closed_to', sa.Date(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('strata', sa.JSON(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['user_account.id'], name=op.f('fk_independent_sample_drawn_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_independent_sample_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['partner_id'], ['organisation.id'], name=op.f('fk_independent_sample_partner_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_independent_sample'))
    )
    with op.batch_alter_table('independent_sample', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_independent_sample_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('advocate_id', sa.Integer(), nullable=True),
    sa.Column('sample_id', sa.Integer(), nullable=True),
    sa.Column('initials', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('note', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('status', sa.Enum('assigned', 'contacted', 'answered', 'declined', 'unreachable', 'withdrawn', name='assignmentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('contacted_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['advocate_id'], ['user_account.id'], name=op.f('fk_assignment_advocate_id_user_account')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_assignment_assigned_by_id_user_account')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_assignment_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_assignment_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_assignment_participant_id_participant')),
    sa.ForeignKeyConstraint(['partner_id'], ['organisation.id'], name=op.f('fk_assignment_partner_id_organisation')),
    sa.ForeignKeyConstraint(['sample_id'], ['independent_sample.id'], name=op.f('fk_assignment_sample_id_independent_sample')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_assignment_invitation_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_advocate_id'), ['advocate_id'], unique=False)
        batch_op.create_index('ix_assignment_open_participant', ['participant_id'], unique=True, sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_assignment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_assignment_partner', ['partner_id', 'ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_sample_id'), ['sample_id'], unique=False)

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('support')

    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_sample_id'))
        batch_op.drop_index('ix_assignment_partner')
        batch_op.drop_index(batch_op.f('ix_assignment_organisation_id'))
        batch_op.drop_index('ix_assignment_open_participant', sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_assignment_advocate_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('independent_sample', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_independent_sample_organisation_id'))

    op.drop_table('independent_sample')
