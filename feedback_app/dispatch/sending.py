"""Sending the first text of an invitation: re-check, then send, then record what happened.

Each step is its own transaction. No database lock is held while the provider is called, so a
slow provider cannot hold up the web questionnaire or a withdrawal of consent; the claim, and
the conditions every update repeats, keep the invitation this worker's meanwhile.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from .. import audit
from ..models import Invitation, InvitationStatus, Organisation
from ..phones import phone_hash
from ..sms import dialogue
from ..sms.sender import MessageSender, SendFailure, TemporaryFailure
from ..sms.texts import invitation_text, survey_link
from ..tokens import new_link_token
from . import outbox, settings
from .checks import check_recipient
from .claims import still_claimed
from .reasons import failure

MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=5)
SENDING = (InvitationStatus.SENDING,)
WAIT_FOR_OTHER_CONVERSATION = timedelta(hours=12)


def retry_delay(attempts: int) -> timedelta:
    """5, 10, 20, 40 minutes: long enough for a provider to recover, short enough to send today."""
    return FIRST_RETRY_DELAY * 2 ** (attempts - 1)


def _end(session: Session, invitation: Invitation, worker: str, status: InvitationStatus, reason: str,
         detail: str | None = None, **values) -> str:
    if not still_claimed(session, invitation.id, worker, SENDING, status=status,
                         last_error=failure(reason, detail), next_attempt_at=None, **values):
        session.rollback()
        return "skipped"
    audit.record(session, f"invitation_{status.value}", invitation, reason=reason)
    session.commit()
    return status.value


def _prepare(session: Session, sender: MessageSender, invitation_id: int, worker: str, now: datetime,
             base_url: str):
    """Check everything again and write the outbox row; a string outcome if nothing is to be sent."""
    session.expire_all()
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.status != InvitationStatus.SENDING or invitation.claimed_by != worker:
        session.rollback()
        return "skipped"
    stranded = outbox.in_flight(session, invitation.id, outbox.INVITATION)
    if stranded is not None:
        # Sending twice could mean a second text on a phone someone else reads; a practitioner
        # decides instead.
        outbox.finish_message(session, stranded, "unknown")
        return _end(session, invitation, worker, InvitationStatus.FAILED, "outcome_unknown")
    recipient, reason = check_recipient(session, invitation)
    if reason:
        return _end(session, invitation, worker, InvitationStatus.CANCELLED, reason)
    if not recipient.allowed_at(now):
        when = recipient.next_allowed(now)
        if when is None:
            return _end(session, invitation, worker, InvitationStatus.FAILED, "no_allowed_time")
        if not still_claimed(session, invitation.id, worker, SENDING, status=InvitationStatus.SCHEDULED,
                             next_attempt_at=when):
            session.rollback()
            return "skipped"
        audit.record(session, "invitation_deferred", invitation, until=when.isoformat())
        session.commit()
        return "deferred"
    if invitation.answer_by_reply:
        hashed = phone_hash(recipient.contact.value)
        conversation = dialogue.conversation_of(session, invitation.id)
        other = dialogue.live_conversation(session, hashed)
        if other is not None and other.invitation_id != invitation.id:
            # One questionnaire by text per phone at a time: this one waits for the other to end.
            if not still_claimed(session, invitation.id, worker, SENDING, status=InvitationStatus.SCHEDULED,
                                 next_attempt_at=now + WAIT_FOR_OTHER_CONVERSATION):
                session.rollback()
                return "skipped"
            audit.record(session, "invitation_deferred", invitation, reason="conversation_open")
            session.commit()
            return "deferred"
        conversation = conversation or dialogue.start(session, invitation, recipient.participant, hashed, now)
        token, token_hash = None, None
        body = dialogue.opening_text(conversation, session, recipient.council_name)
    else:
        token, token_hash = new_link_token()
        body = invitation_text(recipient.participant.language, survey_link(base_url, token),
                               recipient.council_name)
    # The hash is stored before sending: if the record of success is lost, the link still works.
    if not still_claimed(session, invitation.id, worker, SENDING, claimed_by=worker, token_hash=token_hash):
        session.rollback()
        return "skipped"
    prepared = outbox.start_message(session, recipient, sender, outbox.INVITATION, body, token_hash)
    session.commit()
    return prepared


def _record_sent(session: Session, prepared: outbox.Prepared, worker: str, now: datetime, provider_id: str) -> str:
    outbox.finish_message(session, prepared.message_id, "sent", provider_id=provider_id)
    invitation = session.get(Invitation, prepared.invitation_id, populate_existing=True)
    council = session.get(Organisation, invitation.organisation_id)
    days = settings.reminder_after_days(council.settings)
    if still_claimed(session, invitation.id, worker, SENDING, status=InvitationStatus.SENT, sent_at=now,
                     provider_message_id=provider_id, last_error=None, next_attempt_at=None,
                     reminder_due_at=now + timedelta(days=days) if days else None):
        audit.record(session, "invitation_sent", invitation, provider_id=provider_id)
    else:
        # Consent was withdrawn while the provider had the text: it went, and the record says so.
        still_claimed(session, invitation.id, worker)
        audit.record(session, "invitation_sent_after_change", invitation, provider_id=provider_id)
    session.commit()
    return "sent"


def _record_failure(session: Session, prepared: outbox.Prepared, worker: str, now: datetime,
                    error: SendFailure) -> str:
    outbox.finish_message(session, prepared.message_id, "failed", error=failure(error.reason, error.detail))
    invitation = session.get(Invitation, prepared.invitation_id, populate_existing=True)
    attempts = invitation.attempts + 1
    if isinstance(error, TemporaryFailure) and attempts < MAX_ATTEMPTS:
        retry_at = now + retry_delay(attempts)
        if not still_claimed(session, invitation.id, worker, SENDING, status=InvitationStatus.SCHEDULED,
                             attempts=attempts, next_attempt_at=retry_at,
                             last_error=failure(error.reason, error.detail)):
            session.rollback()
            return "skipped"
        audit.record(session, "invitation_send_failed", invitation, reason=error.reason, attempts=attempts,
                     retry_at=retry_at.isoformat())
        session.commit()
        return "retrying"
    outcome = _end(session, invitation, worker, InvitationStatus.FAILED, error.reason, error.detail, attempts=attempts)
    if outbox.note_opt_out(session, invitation.participant, error):
        session.commit()
    return outcome


def send_invitation(session: Session, sender: MessageSender, invitation_id: int, worker: str, now: datetime,
                    base_url: str) -> str:
    """Send one claimed invitation's first text. Returns what happened: sent, deferred,
    retrying, cancelled, failed or skipped (the claim no longer held)."""
    prepared = _prepare(session, sender, invitation_id, worker, now, base_url)
    if isinstance(prepared, str):
        return prepared
    provider_id, error = outbox.deliver(sender, prepared)
    if error is not None:
        return _record_failure(session, prepared, worker, now, error)
    return _record_sent(session, prepared, worker, now, provider_id)


def recover_invitation(session: Session, invitation_id: int, worker: str, now: datetime) -> str:
    """After an unexpected error: count it as a failed attempt, so a record that always fails
    ends up in front of a practitioner instead of being tried for ever."""
    session.rollback()
    invitation = session.get(Invitation, invitation_id, populate_existing=True)
    attempts = invitation.attempts + 1
    if attempts < MAX_ATTEMPTS:
        values = {"status": InvitationStatus.SCHEDULED, "next_attempt_at": now + retry_delay(attempts)}
    else:
        values = {"status": InvitationStatus.FAILED, "next_attempt_at": None}
    if not still_claimed(session, invitation_id, worker, SENDING, attempts=attempts, last_error="error", **values):
        still_claimed(session, invitation_id, worker)
    session.commit()
    return "retrying" if attempts < MAX_ATTEMPTS else "failed"
