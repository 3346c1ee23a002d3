"""The one reminder: sent to people who have not answered, with the same checks as the first text.

Only the hash of a link is stored, so the first text's link cannot be sent again: the reminder
carries a new link, and its hash replaces the old one once the reminder has gone. From then on
only the newest link opens the questionnaire; a person already part way through keeps their
place, because their browser session holds the invitation, not the link.

A reminder is a nudge, not a duty: when a check fails, the reminder is dropped and the
invitation stays as it is, so a link the person already has keeps working.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..models import ConversationStatus, Invitation, Response, ResponseStatus
from ..sms import dialogue
from ..sms.sender import MessageSender, SendFailure, TemporaryFailure
from ..sms.texts import reminder_text, survey_link
from ..tokens import new_link_token
from . import outbox
from .checks import check_recipient
from .claims import REMINDABLE, still_claimed
from .reasons import failure
from .sending import MAX_ATTEMPTS, retry_delay


def _answered(session: Session, invitation_id: int) -> bool:
    return session.scalar(select(Response.id).where(
        Response.invitation_id == invitation_id, Response.status == ResponseStatus.SUBMITTED)) is not None


def _drop(session: Session, invitation: Invitation, worker: str, reason: str, **values) -> str:
    still_claimed(session, invitation.id, worker, reminder_due_at=None, **values)
    audit.record(session, "reminder_dropped", invitation, reason=reason)
    session.commit()
    return "skipped"


def _prepare(session: Session, sender: MessageSender, invitation_id: int, worker: str, now: datetime,
             base_url: str):
    session.expire_all()
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.claimed_by != worker:
        session.rollback()
        return "skipped"
    if invitation.status not in REMINDABLE or invitation.reminders_sent:
        still_claimed(session, invitation.id, worker)
        session.commit()
        return "skipped"
    stranded = outbox.in_flight(session, invitation.id, outbox.REMINDER)
    if stranded is not None:
        outbox.finish_message(session, stranded, "unknown")
        return _drop(session, invitation, worker, "outcome_unknown")
    if _answered(session, invitation.id):
        return _drop(session, invitation, worker, "answered")
    recipient, reason = check_recipient(session, invitation)
    if reason:
        return _drop(session, invitation, worker, reason)
    if not recipient.allowed_at(now):
        when = recipient.next_allowed(now)
        if when is None:
            return _drop(session, invitation, worker, "no_allowed_time")
        still_claimed(session, invitation.id, worker, reminder_due_at=when)
        session.commit()
        return "deferred"
    if invitation.answer_by_reply:
        conversation = dialogue.conversation_of(session, invitation.id)
        if conversation is None or conversation.status not in dialogue.LIVE:
            return _drop(session, invitation, worker, "no_conversation")
        # The reminder asks the question the conversation stopped at; no link is sent.
        body, token_hash = dialogue.resume_text(conversation, session), invitation.token_hash
        conversation.status = ConversationStatus.OPEN
    else:
        token, token_hash = new_link_token()
        body = reminder_text(recipient.participant.language, survey_link(base_url, token), recipient.council_name)
    prepared = outbox.start_message(session, recipient, sender, outbox.REMINDER, body, token_hash)
    session.commit()
    return prepared


def _record_failure(session: Session, prepared: outbox.Prepared, worker: str, now: datetime,
                    error: SendFailure) -> str:
    outbox.finish_message(session, prepared.message_id, "failed", error=failure(error.reason, error.detail))
    invitation = session.get(Invitation, prepared.invitation_id, populate_existing=True)
    failures = outbox.failed_count(session, invitation.id, outbox.REMINDER)
    if isinstance(error, TemporaryFailure) and failures < MAX_ATTEMPTS:
        still_claimed(session, invitation.id, worker, reminder_due_at=now + retry_delay(failures))
        audit.record(session, "reminder_send_failed", invitation, reason=error.reason, attempts=failures)
        session.commit()
        return "retrying"
    still_claimed(session, invitation.id, worker, reminder_due_at=None,
                  last_error=failure(error.reason, error.detail))
    audit.record(session, "reminder_failed", invitation, reason=error.reason)
    session.commit()
    if outbox.note_opt_out(session, invitation.participant, error):
        session.commit()
    return "failed"


def send_reminder(session: Session, sender: MessageSender, invitation_id: int, worker: str, now: datetime,
                  base_url: str) -> str:
    """Send one claimed invitation's reminder: reminded, deferred, retrying, failed or skipped."""
    prepared = _prepare(session, sender, invitation_id, worker, now, base_url)
    if isinstance(prepared, str):
        return prepared
    provider_id, error = outbox.deliver(sender, prepared)
    if error is not None:
        return _record_failure(session, prepared, worker, now, error)
    outbox.finish_message(session, prepared.message_id, "sent", provider_id=provider_id)
    invitation = session.get(Invitation, prepared.invitation_id, populate_existing=True)
    # The reminder's link is the invitation's from now on; the first one keeps working beside it,
    # because a person who stopped part way was told that the same link would take them back.
    changes = {"token_hash": prepared.token_hash}
    if prepared.token_hash != invitation.token_hash:
        changes["previous_token_hash"] = invitation.token_hash
    still_claimed(session, invitation.id, worker, reminders_sent=1, **changes)
    audit.record(session, "reminder_sent", invitation, provider_id=provider_id)
    session.commit()
    return "reminded"


def recover_reminder(session: Session, invitation_id: int, worker: str, now: datetime) -> str:
    """After an unexpected error the reminder is dropped: a nudge is not worth a loop of errors."""
    session.rollback()
    invitation = session.get(Invitation, invitation_id, populate_existing=True)
    return _drop(session, invitation, worker, "error")
