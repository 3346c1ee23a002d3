"""Partner organisations' visits, as the dispatcher looks after them: a visit whose invitation
ended another way (answered, out of time, or cancelled by a withdrawal through any channel) is
ended too, so the partner's lists and the sample show it; and what a visit kept about the person
(the initials and the council's note) is emptied once the council's retention period has passed."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..models import Assignment, AssignmentStatus, Invitation, InvitationStatus, Organisation
from .settings import contact_retention_days


ENDED_BY_INVITATION = {
    InvitationStatus.COMPLETED: AssignmentStatus.ANSWERED,
    InvitationStatus.EXPIRED: AssignmentStatus.UNREACHABLE,
    InvitationStatus.CANCELLED: AssignmentStatus.WITHDRAWN,
}


def close_finished_visits(session: Session, now: datetime) -> int:
    """End the open visits whose invitation has ended (answered, out of time, or cancelled by a
    withdrawal through another channel), so that the partner's lists and the sample show it."""
    rows = session.execute(
        select(Assignment, Invitation.status).join(Invitation, Invitation.id == Assignment.invitation_id)
        .where(Assignment.ended_at.is_(None), Invitation.status.in_(tuple(ENDED_BY_INVITATION)))).all()
    for assignment, status in rows:
        assignment.status = ENDED_BY_INVITATION[status]
        assignment.ended_at = now
        audit.record(session, f"assignment_{assignment.status.value}", assignment, by="dispatcher")
    session.commit()
    return len(rows)


def purge_finished_visits(session: Session, now: datetime) -> int:
    """Empty the initials and the council's note of visits ended longer ago than the council keeps
    contact details; the rest stays, as the record that a visit was asked for."""
    purged = 0
    for assignment, settings in session.execute(
            select(Assignment, Organisation.settings).join(Organisation, Organisation.id == Assignment.organisation_id)
            .where(Assignment.ended_at.is_not(None),
                   (Assignment.initials.is_not(None)) | (Assignment.note.is_not(None)))).all():
        if assignment.ended_at <= now - timedelta(days=contact_retention_days(settings)):
            assignment.initials = assignment.note = None
            audit.record(session, "assignment_details_purged", assignment)
            purged += 1
    session.commit()
    return purged
