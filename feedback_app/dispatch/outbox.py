"""The record of every text handed to a sender, written before the sender is called.

Writing the row first means a dispatcher that stops while sending leaves evidence behind: the
next one finds a row still marked ``sending`` and does not send again blindly (see
``sending.send_invitation``). Recipient and body are encrypted at rest, and purged with the
person's contact details.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..consent import record_consent
from ..models import Channel, ConsentKind, OutboundMessage
from ..phones import phone_hash
from ..sms.sender import MessageSender, SendFailure, TemporaryFailure
from .checks import Recipient

log = logging.getLogger(__name__)

INVITATION = "invitation"
REMINDER = "reminder"


@dataclass
class Prepared:
    """A text ready to go: its outbox row, where it goes, what it says, and its link's hash."""

    invitation_id: int
    message_id: int
    to: str
    body: str
    token_hash: str


def start_message(session: Session, recipient: Recipient, sender: MessageSender, purpose: str,
                  body: str, token_hash: str) -> Prepared:
    message = OutboundMessage(
        organisation_id=recipient.invitation.organisation_id, invitation_id=recipient.invitation.id,
        channel=Channel.SMS, backend=sender.name, purpose=purpose, recipient=recipient.contact.value,
        phone_hash=phone_hash(recipient.contact.value), body=body, status="sending",
    )
    session.add(message)
    session.flush()
    return Prepared(recipient.invitation.id, message.id, recipient.contact.value, body, token_hash)


def in_flight(session: Session, invitation_id: int, purpose: str) -> int | None:
    """The id of a text of this purpose that a stopped dispatcher may or may not have sent."""
    return session.scalar(
        select(OutboundMessage.id).where(
            OutboundMessage.invitation_id == invitation_id, OutboundMessage.purpose == purpose,
            OutboundMessage.status == "sending",
        ).limit(1)
    )


def finish_message(session: Session, message_id: int, status: str, provider_id: str | None = None,
                   error: str | None = None) -> None:
    session.execute(
        update(OutboundMessage).where(OutboundMessage.id == message_id)
        .values(status=status, provider_id=provider_id, error=error)
        .execution_options(synchronize_session=False)
    )


def failed_count(session: Session, invitation_id: int, purpose: str) -> int:
    return session.scalar(
        select(func.count()).select_from(OutboundMessage).where(
            OutboundMessage.invitation_id == invitation_id, OutboundMessage.purpose == purpose,
            OutboundMessage.status == "failed",
        )
    )


def note_opt_out(session: Session, participant, error: SendFailure) -> bool:
    """A provider's refusal because the person replied STOP is their STOP: recorded as consent
    withdrawn, which cancels everything else waiting to be sent to them. True if recorded (the
    caller commits); call it once the text's own outcome is committed."""
    if error.reason != "opted_out":
        return False
    record_consent(session, participant, ConsentKind.STOP, Channel.SMS, how="provider_opt_out")
    return True


def deliver(sender: MessageSender, prepared: Prepared) -> tuple[str | None, SendFailure | None]:
    """Hand the text to the sender: the provider's id, or why it failed."""
    try:
        return sender.send(prepared.to, prepared.body), None
    except SendFailure as error:
        return None, error
    except Exception as error:  # a fault in a backend must not stop the other texts
        log.exception("The %s sender failed unexpectedly", sender.name)
        return None, TemporaryFailure(error.__class__.__name__, reason="error")
