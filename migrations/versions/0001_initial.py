"""initial schema

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-27 03:44:18.476379
"""
from alembic import op
import sqlalchemy as sa
import feedback_app.models.base


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('council', 'advocacy', 'healthwatch', 'national', name='organisationkind', native_enum=False, length=32), nullable=False),
    sa.Column('ons_code', sa.String(length=9), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisation_slug'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('last_sign_in_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('invite_token_hash', sa.String(length=64), nullable=True),
    sa.Column('invite_expires_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email')),
    sa.UniqueConstraint('invite_token_hash', name=op.f('uq_user_account_invite_token_hash'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=64), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_audit_event_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_user_id'), ['user_id'], unique=False)

    op.create_table('enquiry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_ref_hash', sa.String(length=64), nullable=False),
    sa.Column('case_ref_hint', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.Enum('s42', 'other', name='enquirykind', native_enum=False, length=32), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('lead_user_id', sa.Integer(), nullable=True),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.Column('outcomes_asked', sa.Enum('asked_expressed', 'asked_not_expressed', 'not_asked', 'dont_know', 'not_recorded', name='outcomesasked', native_enum=False, length=32), nullable=True),
    sa.Column('desired_outcome_categories', sa.JSON(), nullable=False),
    sa.Column('desired_outcomes_text', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('outcomes_achieved', sa.Enum('fully', 'partially', 'not_achieved', name='outcomesachieved', native_enum=False, length=32), nullable=True),
    sa.Column('risk_outcome', sa.Enum('removed', 'reduced', 'remained', name='riskoutcome', native_enum=False, length=32), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_user_id'], ['user_account.id'], name=op.f('fk_enquiry_lead_user_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_enquiry_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquiry')),
    sa.UniqueConstraint('organisation_id', 'case_ref_hash', name=op.f('uq_enquiry_organisation_id'))
    )
    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enquiry_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'practitioner', 'analyst', 'duty', 'advocate', 'national', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_membership_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'organisation_id', 'role', name=op.f('uq_membership_user_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('partnership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['organisation.id'], name=op.f('fk_partnership_council_id_organisation')),
    sa.ForeignKeyConstraint(['partner_id'], ['organisation.id'], name=op.f('fk_partnership_partner_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership')),
    sa.UniqueConstraint('council_id', 'partner_id', name=op.f('uq_partnership_council_id'))
    )
    op.create_table('quarterly_return',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year_start', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'final', name='returnstatus', native_enum=False, length=32), nullable=False),
    sa.Column('enquiries_completed', sa.Integer(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('finalised_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(length=500), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['user_account.id'], name=op.f('fk_quarterly_return_finalised_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_quarterly_return_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarterly_return')),
    sa.UniqueConstraint('organisation_id', 'year_start', 'quarter', 'version', name=op.f('uq_quarterly_return_organisation_id'))
    )
    with op.batch_alter_table('quarterly_return', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarterly_return_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enquiry_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('adult', 'representative', name='participantrole', native_enum=False, length=32), nullable=False),
    sa.Column('representative_kind', sa.Enum('family', 'friend', 'carer', 'care_act_advocate', 'imca', name='representativekind', native_enum=False, length=32), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('format_needs', sa.JSON(), nullable=False),
    sa.Column('communication_notes', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('capacity_basis', sa.String(length=64), nullable=True),
    sa.Column('screening', sa.JSON(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enquiry_id'], ['enquiry.id'], name=op.f('fk_participant_enquiry_id_enquiry')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_participant_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_enquiry_id'), ['enquiry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('consent_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('given', 'declined', 'later', 'withdrawn', 'erase_requested', 'erased', 'stop', 'start', name='consentkind', native_enum=False, length=32), nullable=False),
    sa.Column('channel', sa.Enum('web', 'sms', 'paper', 'assisted', 'staff', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('how', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_consent_event_actor_user_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_consent_event_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_consent_event_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_event'))
    )
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_event_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_event_participant_id'), ['participant_id'], unique=False)

    op.create_table('contact_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('phone', 'postal', name='contactkind', native_enum=False, length=32), nullable=False),
    sa.Column('value', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('code_word', feedback_app.models.base.EncryptedText(), nullable=True),
    sa.Column('is_private', sa.Boolean(), nullable=True),
    sa.Column('may_name_council', sa.Boolean(), nullable=False),
    sa.Column('safe_from', sa.Time(), nullable=True),
    sa.Column('safe_until', sa.Time(), nullable=True),
    sa.Column('safe_checked_by_id', sa.Integer(), nullable=True),
    sa.Column('safe_checked_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('purge_after', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('purged_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_contact_point_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_contact_point_participant_id_participant')),
    sa.ForeignKeyConstraint(['safe_checked_by_id'], ['user_account.id'], name=op.f('fk_contact_point_safe_checked_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_point'))
    )
    with op.batch_alter_table('contact_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_point_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_point_participant_id'), ['participant_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.Enum('web', 'sms', 'paper', 'assisted', 'staff', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('timing', sa.Enum('during', 'at_closure', 'after', name='timing', native_enum=False, length=32), nullable=False),
    sa.Column('asked_by', sa.Enum('independent', 'enquiry_lead', name='askedby', native_enum=False, length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('reference_code', sa.String(length=16), nullable=True),
    sa.Column('status', sa.Enum('scheduled', 'sending', 'sent', 'opened', 'completed', 'expired', 'cancelled', 'failed', name='invitationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('due_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('provider_message_id', sa.String(length=64), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_invitation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_invitation_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_invitation_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('reference_code', name=op.f('uq_invitation_reference_code')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index('ix_invitation_due', ['status', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_provider_message_id'), ['provider_message_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('survey_version', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('channel', sa.Enum('web', 'sms', 'paper', 'assisted', 'staff', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('enquiry_kind', sa.Enum('s42', 'other', name='enquirykind', native_enum=False, length=32), nullable=False),
    sa.Column('timing', sa.Enum('during', 'at_closure', 'after', name='timing', native_enum=False, length=32), nullable=False),
    sa.Column('asked_by', sa.Enum('independent', 'enquiry_lead', name='askedby', native_enum=False, length=32), nullable=False),
    sa.Column('respondent', sa.Enum('adult', 'adult_with_help', 'representative', name='respondent', native_enum=False, length=32), nullable=True),
    sa.Column('representative_kind', sa.Enum('family', 'friend', 'carer', 'care_act_advocate', 'imca', name='representativekind', native_enum=False, length=32), nullable=True),
    sa.Column('person_present', sa.Boolean(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('in_progress', 'submitted', 'erased', name='responsestatus', native_enum=False, length=32), nullable=False),
    sa.Column('current_question', sa.String(length=64), nullable=True),
    sa.Column('submitted_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('detached_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_response_entered_by_id_user_account')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_response_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_response_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_response_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_response_invitation_id'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_response_report', ['organisation_id', 'status', 'submitted_at'], unique=False)

    op.create_table('alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('safety_request', 'flagged_text', name='alertkind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'acknowledged', 'closed', name='alertstatus', native_enum=False, length=32), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=True),
    sa.Column('matched_phrase', sa.String(length=200), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('action_taken', sa.Text(), nullable=True),
    sa.Column('escalated_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['user_account.id'], name=op.f('fk_alert_acknowledged_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_alert_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_alert_participant_id_participant')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_alert_response_id_response'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert'))
    )
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('framework_item', sa.String(length=32), nullable=True),
    sa.Column('choice_key', sa.String(length=64), nullable=True),
    sa.Column('free_text', sa.Text(), nullable=True),
    sa.Column('answered_at', feedback_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_answer_response_id_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('response_id', 'question_key', name=op.f('uq_answer_response_id'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_response_id'), ['response_id'], unique=False)




def downgrade():

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_response_id'))

    op.drop_table('answer')
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_organisation_id'))

    op.drop_table('alert')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_report')
        batch_op.drop_index(batch_op.f('ix_response_participant_id'))
        batch_op.drop_index(batch_op.f('ix_response_organisation_id'))

    op.drop_table('response')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_provider_message_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_participant_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_organisation_id'))
        batch_op.drop_index('ix_invitation_due')

    op.drop_table('invitation')
    with op.batch_alter_table('contact_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_point_participant_id'))
        batch_op.drop_index(batch_op.f('ix_contact_point_organisation_id'))

    op.drop_table('contact_point')
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_event_participant_id'))
        batch_op.drop_index(batch_op.f('ix_consent_event_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_consent_event_created_at'))

    op.drop_table('consent_event')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_participant_enquiry_id'))

    op.drop_table('participant')
    with op.batch_alter_table('quarterly_return', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarterly_return_organisation_id'))

    op.drop_table('quarterly_return')
    op.drop_table('partnership')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_organisation_id'))

    op.drop_table('membership')
    with op.batch_alter_table('enquiry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enquiry_organisation_id'))

    op.drop_table('enquiry')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_created_at'))

    op.drop_table('audit_event')
    op.drop_table('user_account')
    op.drop_table('organisation')

