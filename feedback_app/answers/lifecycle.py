"""The end of a response's life: sent when the person (or whoever typed it in for them) is done,
or erased at their request by any channel."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..consent import record_consent
from ..reports.periods import local_date
from .windows import WINDOW_DAYS, feedback_window
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


def end_unfinished(session: Session, now: datetime) -> int:
    """End every response stopped before sending that the person can no longer add to: its link
    has run out, or eight weeks have passed since the enquiry closed. Its answers then count in
    the figures, as far as they go, in the window of the last answer given. A response whose
    invitation was cancelled (the person withdrew, say) is left as it is. Commits; how many."""
    last_answer = (select(func.max(Answer.answered_at)).where(Answer.response_id == Response.id)
                   .correlate(Response).scalar_subquery())
    latest_closure = local_date(now) - timedelta(days=WINDOW_DAYS)
    rows = session.execute(
        select(Response.id, Response.enquiry_closed_on, Response.created_at, last_answer)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .where(Response.status == ResponseStatus.IN_PROGRESS, Invitation.status != InvitationStatus.CANCELLED,
               or_(Invitation.expires_at <= now, Response.enquiry_closed_on < latest_closure))
    ).all()
    ended = 0
    for response_id, closed_on, created_at, answered_at in rows:
        at = answered_at or created_at
        changed = session.execute(
            update(Response)
            .where(Response.id == response_id, Response.status == ResponseStatus.IN_PROGRESS)
            .values(status=ResponseStatus.PARTIAL, submitted_at=at, current_question=None,
                    feedback_window=feedback_window(_aware(at), closed_on))
            .execution_options(synchronize_session=False)).rowcount
        if changed:
            ended += 1
            audit.record_about(session, "response_ended_unfinished", "Response", response_id,
                               organisation_id=session.scalar(select(Response.organisation_id)
                                                              .where(Response.id == response_id)))
    session.commit()
    return ended


def _aware(moment: datetime) -> datetime:
    # SQLite gives times back without their zone; they are stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
