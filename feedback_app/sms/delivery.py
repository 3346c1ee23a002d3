"""Delivery reports: what Twilio says happened to a text after it was handed over.

A report is applied once (Twilio retries a callback it thinks failed), and never moves a
message's state backwards: reports can arrive out of order, and a late "sent" must not undo a
"delivered". A text that never reached the phone marks its invitation as not sent, with the reason
in words on the participant's page, so that a practitioner can try another way; a person who has
opted out with the provider (error 21610) is recorded as having said STOP.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..consent import record_consent
from ..dispatch.reasons import failure
from ..models import (
    Channel, ConsentKind, DeliveryReport, Invitation, InvitationStatus, OutboundMessage, Participant, utcnow,
)

# How far along a text is; a report only ever moves a message forward. The three endings rank
# the same, so that the first ending reported is the one kept.
PROGRESS = {"queued": 0, "accepted": 0, "scheduled": 0, "sending": 1, "sent": 2, "delivered": 3,
            "undelivered": 3, "failed": 3, "canceled": 3, "read": 4}
NOT_DELIVERED = {"undelivered", "failed"}
OPTED_OUT = "21610"  # Twilio: the person replied STOP to this sender


@dataclass(frozen=True)
class Report:
    message_sid: str
    status: str
    error_code: str | None = None


def apply_report(session: Session, report: Report) -> str:
    """Apply one delivery report in the caller's transaction. Returns what happened: applied,
    repeated (this report was applied before), stale (the message had moved further), unknown
    (no text of ours has that id) or invalid (a status Twilio does not send)."""
    status = (report.status or "").strip().lower()
    if status not in PROGRESS:
        return "invalid"
    try:
        with session.begin_nested():
            session.add(DeliveryReport(message_sid=report.message_sid, status=status, error_code=report.error_code,
                                       received_at=utcnow()))
    except IntegrityError:
        return "repeated"
    message = session.scalar(select(OutboundMessage).where(OutboundMessage.provider_id == report.message_sid))
    if message is None:
        return "unknown"
    if PROGRESS[status] <= PROGRESS.get(message.status, 0):
        return "stale"
    message.status, message.error_code = status, report.error_code
    if status in NOT_DELIVERED:
        _not_delivered(session, message, report.error_code)
    return "applied"


def _not_delivered(session: Session, message: OutboundMessage, error_code: str | None) -> None:
    invitation = session.get(Invitation, message.invitation_id) if message.invitation_id else None
    if invitation is None:
        return
    detail = f"Twilio error {error_code}" if error_code else None
    reason = "opted_out" if error_code == OPTED_OUT else "undelivered"
    changed = session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.status == InvitationStatus.SENT)
        .values(status=InvitationStatus.FAILED, last_error=failure(reason, detail), reminder_due_at=None)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if changed:
        audit.record(session, "invitation_not_delivered", invitation, reason=reason, error_code=error_code)
    if reason == "opted_out":
        # After the invitation's own ending, so that the STOP's cancelling leaves that reason in place.
        record_consent(session, session.get(Participant, invitation.participant_id), ConsentKind.STOP, Channel.SMS,
                       how="provider_opt_out")
