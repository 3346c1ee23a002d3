"""The end of a response's life: sent when the person (or whoever typed it in for them) is done,
or erased at their request by any channel."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..consent import record_consent
from .windows import feedback_window
from ..models import (
    Answer, Channel, ConsentKind, Invitation, InvitationStatus, Participant, Response, ResponseStatus, utcnow,
)


class ResponseClosed(Exception):
    """The response was sent or erased; its answers can no longer change through this route."""


def submit_response(session: Session, state, *, actor=None, at: datetime | None = None) -> bool:
    """Send the answers of ``state``'s response; True if this call sent them.

    Sending twice changes nothing (False the second time). Raises ``ResponseClosed`` if the
    response was erased, or was never started.
    """
    response = state.response
    if response is None:
        raise ResponseClosed()
    at = at or utcnow()
    sent = session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == ResponseStatus.IN_PROGRESS)
        .values(status=ResponseStatus.SUBMITTED, submitted_at=at, current_question=None,
                enquiry_closed_on=state.enquiry.closed_on,
                feedback_window=feedback_window(at, state.enquiry.closed_on))
        .execution_options(synchronize_session=False)
    ).rowcount
    if not sent:
        status = session.scalar(select(Response.status).where(Response.id == response.id))
        if status == ResponseStatus.SUBMITTED:
            response.status = status
            return False
        raise ResponseClosed()
    session.execute(update(Invitation).where(Invitation.id == state.invitation.id)
                    .values(status=InvitationStatus.COMPLETED, reminder_due_at=None)
                    .execution_options(synchronize_session=False))
    response.status, response.current_question = ResponseStatus.SUBMITTED, None
    forget_loaded(session, Response, response.id)
    forget_loaded(session, Invitation, state.invitation.id)
    audit.record_about(session, "response_submitted", "Response", response.id,
                       organisation_id=response.organisation_id, user=actor, channel=Channel(response.channel).value)
    return True


def erase_response(session: Session, response_id: int, channel: Channel, actor=None) -> None:
    """Delete a person's answers at their request: recorded in the ledger, then carried out."""
    response = session.get(Response, response_id, populate_existing=True)
    participant = session.get(Participant, response.participant_id) if response.participant_id else None
    if participant is not None:
        record_consent(session, participant, ConsentKind.ERASE_REQUESTED, channel, actor=actor)
    session.execute(delete(Answer).where(Answer.response_id == response.id)
                    .execution_options(synchronize_session=False))
    session.expire(response, ["answers"])
    response.status = ResponseStatus.ERASED
    response.current_question = None
    if participant is not None:
        record_consent(session, participant, ConsentKind.ERASED, channel, actor=actor,
                       note="Answers deleted at the person's request.")
    audit.record(session, "response_erased", response, user=actor, channel=channel.value)


def forget_loaded(session: Session, model, row_id: int) -> None:
    """Expire an ORM copy of a row just changed by a plain statement, so that it is read again."""
    if not session.identity_map:
        return
    loaded = session.identity_map.get(session.identity_key(model, row_id))
    if loaded is not None:
        session.expire(loaded)
