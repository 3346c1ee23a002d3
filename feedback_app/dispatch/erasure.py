"""Carrying out a request to delete what the service holds about a person.

A request is recorded by whichever channel it came through (the person's own page, a member of
staff for a phone call or a letter) as an ``erase_requested`` event in the consent ledger, which
at once cancels anything still waiting to be sent. Each pass of the jobs runner then carries out
every request not yet carried out, one person per transaction:

- their answers are deleted (with the analysts' redacted copies) and each response marked erased,
  so that it no longer counts in any figure;
- notes about them (communication notes, an advocate's note and initials) are emptied;
- their contact details are given a purge date of now, so the purge that follows in the same pass
  empties them and the texts sent to them, as it does for any contact detail that has had its day;
- an ``erased`` event closes the request in the ledger, and the audit trail says what was done.

What remains is what the council must keep by law or for the person's safety: the enquiry, the
fact that they were asked and declined, and duty desk alerts (a safeguarding record). A pass that
finds nothing outstanding does nothing, so running it twice changes nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..consent import record_consent
from ..models import (
    Answer, Assignment, ConsentEvent, ConsentKind, ContactPoint, Participant, Response, ResponseStatus,
)

ERASED_NOTE = "Answers, notes and contact details deleted at the person's request."


def outstanding_requests(session: Session) -> list[tuple[int, object]]:
    """(participant id, channel of the request) for each request not yet carried out."""
    requested = (select(ConsentEvent.participant_id, func.max(ConsentEvent.id).label("last"))
                 .where(ConsentEvent.kind == ConsentKind.ERASE_REQUESTED)
                 .group_by(ConsentEvent.participant_id).subquery())
    erased = (select(ConsentEvent.participant_id, func.max(ConsentEvent.id).label("last"))
              .where(ConsentEvent.kind == ConsentKind.ERASED)
              .group_by(ConsentEvent.participant_id).subquery())
    rows = session.execute(
        select(requested.c.participant_id, ConsentEvent.channel)
        .join(ConsentEvent, ConsentEvent.id == requested.c.last)
        .outerjoin(erased, erased.c.participant_id == requested.c.participant_id)
        .where(func.coalesce(erased.c.last, 0) < requested.c.last)
        .order_by(requested.c.participant_id)).all()
    return [(participant_id, channel) for participant_id, channel in rows]


def erase_person(session: Session, participant: Participant, channel, now: datetime) -> dict:
    """Delete the person's answers and notes and schedule their contact details' purge; commits."""
    responses = session.scalars(select(Response.id).where(Response.participant_id == participant.id,
                                                          Response.status != ResponseStatus.ERASED)).all()
    if responses:
        session.execute(delete(Answer).where(Answer.response_id.in_(responses))
                        .execution_options(synchronize_session=False))
        session.execute(update(Response).where(Response.id.in_(responses))
                        .values(status=ResponseStatus.ERASED, current_question=None)
                        .execution_options(synchronize_session=False))
    session.execute(update(Assignment).where(Assignment.participant_id == participant.id)
                    .values(note=None, initials=None).execution_options(synchronize_session=False))
    session.execute(update(Participant).where(Participant.id == participant.id)
                    .values(communication_notes=None).execution_options(synchronize_session=False))
    contacts = session.execute(
        update(ContactPoint).where(ContactPoint.participant_id == participant.id, ContactPoint.purged_at.is_(None))
        .values(purge_after=now).execution_options(synchronize_session=False)).rowcount
    record_consent(session, participant, ConsentKind.ERASED, channel, note=ERASED_NOTE)
    done = {"responses": len(responses), "contacts": contacts}
    audit.record(session, "person_erased", participant, **done)
    session.commit()
    return done


def carry_out_erasure_requests(session: Session, now: datetime) -> int:
    """Carry out every outstanding request; how many people's were carried out."""
    done = 0
    for participant_id, channel in outstanding_requests(session):
        participant = session.get(Participant, participant_id)
        if participant is not None:
            erase_person(session, participant, channel, now)
            done += 1
    return done
