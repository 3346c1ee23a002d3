"""A partner organisation's work with the people a council asked it to hear from.

A council assigns a participant to a partner organisation (an advocacy service or Healthwatch it
works with through a partnership); the organisation's admin gives the work to one of its
advocates or volunteers; the advocate reaches the person as the council recorded is safe, and
records an assisted response, a refusal, or that the person could not be reached.

Every assignment comes with an invitation on the assisted channel, so that an assisted response
belongs to an invitation as every other response does, and a withdrawal by any route (a STOP
by text, a call to the council) cancels it with everything else pending for that person.

An advocate sees only the assignments given to them; an organisation's admin sees the
organisation's. Both are found here, by id and by who is asking, so that a guessed number finds
nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm import Session

from .. import audit
from ..consent import consent_state, record_consent
from ..models import (
    Assignment, AssignmentStatus, AskedBy, Channel, ConsentKind, ConsentState, Enquiry, Invitation,
    InvitationStatus, Membership, Organisation, OrganisationKind, Partnership, Participant, Role, Timing, User,
    utcnow,
)
from ..screening import screening_clear

SURVEY_ID = "msp-experience"
# An assisted visit may happen up to eight weeks after closure, and never in less than four weeks.
WINDOW_AFTER_CLOSURE = timedelta(days=56)
SHORTEST_WINDOW = timedelta(days=28)
PARTNER_KINDS = (OrganisationKind.ADVOCACY, OrganisationKind.HEALTHWATCH)
ENDED = (AssignmentStatus.ANSWERED, AssignmentStatus.DECLINED, AssignmentStatus.UNREACHABLE,
         AssignmentStatus.WITHDRAWN)
STILL_OPEN = (InvitationStatus.SCHEDULED, InvitationStatus.SENT, InvitationStatus.OPENED)
# Lists show each person's needs and where their visit stands: loaded with the list, not row by row.
WITH_VISIT = (selectinload(Assignment.invitation), selectinload(Assignment.participant))


class AssignmentRefused(Exception):
    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def partners_of(session: Session, council_id: int) -> list[Organisation]:
    """The partner organisations working for the council now."""
    return list(session.scalars(
        select(Organisation).join(Partnership, Partnership.partner_id == Organisation.id)
        .where(Partnership.council_id == council_id, Partnership.active.is_(True),
               Organisation.kind.in_(PARTNER_KINDS))
        .order_by(Organisation.name)))


def assignment_blockers(session: Session, participant: Participant) -> dict[str, str]:
    """What stops a council asking a partner to visit this person."""
    blockers = {}
    if consent_state(session, participant.id) in (ConsentState.DECLINED, ConsentState.WITHDRAWN):
        blockers["consent"] = _l("The person declined or withdrew consent, so they cannot be asked")
    if not screening_clear(participant.screening):
        blockers["screening"] = _l("Screening is not complete, or a condition applies without a "
                                   "recorded reason to go ahead")
    if open_assignment(session, participant.id) is not None:
        blockers["assigned"] = _l("A partner organisation has already been asked to hear from this person")
    return blockers


def open_assignment(session: Session, participant_id: int) -> Assignment | None:
    return session.scalar(select(Assignment).where(Assignment.participant_id == participant_id,
                                                   Assignment.ended_at.is_(None)))


def visit_window(enquiry: Enquiry, now: datetime) -> tuple[Timing, datetime]:
    """When the visit counts (during the enquiry, or after closure) and when the invitation ends."""
    if enquiry.closed_on is None:
        return Timing.DURING, now + WINDOW_AFTER_CLOSURE
    closed = datetime.combine(enquiry.closed_on, datetime.min.time(), tzinfo=now.tzinfo)
    return Timing.AFTER, max(closed + WINDOW_AFTER_CLOSURE, now + SHORTEST_WINDOW)


def assign_to_partner(session: Session, participant: Participant, partner: Organisation, *, reference: str,
                      initials: str | None, note: str | None, actor, sample_id: int | None = None,
                      asked_by: AskedBy = AskedBy.INDEPENDENT, now: datetime | None = None) -> Assignment:
    """Ask ``partner`` to hear from ``participant``, with an invitation on the assisted channel.

    Does not commit (a sample adds many at once). Raises ``AssignmentRefused``."""
    blockers = assignment_blockers(session, participant)
    if blockers:
        raise AssignmentRefused(blockers)
    now = now or utcnow()
    timing, expires_at = visit_window(participant.enquiry, now)
    invitation = Invitation(
        organisation_id=participant.organisation_id, participant_id=participant.id, survey_id=SURVEY_ID,
        channel=Channel.ASSISTED, timing=timing, asked_by=asked_by, status=InvitationStatus.SENT,
        due_at=now, sent_at=now, expires_at=expires_at, created_by_id=getattr(actor, "id", None))
    session.add(invitation)
    session.flush()
    assignment = Assignment(
        organisation_id=participant.organisation_id, participant_id=participant.id, invitation_id=invitation.id,
        partner_id=partner.id, sample_id=sample_id, reference=reference, initials=initials or None,
        note=note or None, status=AssignmentStatus.ASSIGNED, assigned_by_id=getattr(actor, "id", None))
    session.add(assignment)
    session.flush()
    audit.record(session, "assignment_made", assignment, user=actor, participant_id=participant.id,
                 partner_id=partner.id, sample_id=sample_id)
    return assignment


# Finding work: by who is asking, never by id alone.

def advocate_memberships(user) -> set[int]:
    return {m.organisation_id for m in user.memberships
            if m.role == Role.ADVOCATE and m.organisation.kind in PARTNER_KINDS}


def admin_memberships(user) -> set[int]:
    return {m.organisation_id for m in user.memberships
            if m.role == Role.ADMIN and m.organisation.kind in PARTNER_KINDS}


def _working_partnerships():
    return select(Partnership.council_id, Partnership.partner_id).where(Partnership.active.is_(True))


def my_assignments(session: Session, user, *, include_ended: bool = False) -> list[Assignment]:
    """The assignments given to ``user`` by a partner organisation they still work for, for a
    council it still works for."""
    query = (select(Assignment)
             .where(Assignment.advocate_id == user.id, Assignment.partner_id.in_(advocate_memberships(user)),
                    _partnership_active())
             .order_by(Assignment.ended_at.is_not(None), Assignment.id)
             .options(*WITH_VISIT, selectinload(Assignment.participant).selectinload(Participant.contact_points)))
    if not include_ended:
        query = query.where(Assignment.ended_at.is_(None))
    return list(session.scalars(query))


def _partnership_active():
    return select(Partnership.id).where(
        Partnership.council_id == Assignment.organisation_id, Partnership.partner_id == Assignment.partner_id,
        Partnership.active.is_(True)).exists()


def find_my_assignment(session: Session, user, assignment_id: int) -> Assignment | None:
    return session.scalar(select(Assignment).where(
        Assignment.id == assignment_id, Assignment.advocate_id == user.id,
        Assignment.partner_id.in_(advocate_memberships(user)), _partnership_active()))


def team_assignments(session: Session, user) -> list[Assignment]:
    """Open assignments of the organisations ``user`` administers."""
    return list(session.scalars(
        select(Assignment).where(Assignment.partner_id.in_(admin_memberships(user)), Assignment.ended_at.is_(None),
                                 _partnership_active())
        .order_by(Assignment.advocate_id.is_not(None), Assignment.id).options(*WITH_VISIT)))


def find_team_assignment(session: Session, user, assignment_id: int) -> Assignment | None:
    return session.scalar(select(Assignment).where(
        Assignment.id == assignment_id, Assignment.partner_id.in_(admin_memberships(user)),
        Assignment.ended_at.is_(None), _partnership_active()))


def advocates_of(session: Session, partner_id: int) -> list[User]:
    return list(session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == partner_id, Membership.role == Role.ADVOCATE, User.active.is_(True))
        .order_by(User.name)))


def give_to_advocate(session: Session, assignment: Assignment, advocate: User | None, actor) -> None:
    """The organisation's admin gives the work to one of its people (or takes it back)."""
    assignment.advocate_id = advocate.id if advocate else None
    audit.record(session, "assignment_given", assignment, user=actor,
                 advocate_id=assignment.advocate_id, partner_id=assignment.partner_id)
    session.commit()


# What the advocate records.

def mark_contacted(session: Session, assignment: Assignment, actor) -> None:
    if assignment.status == AssignmentStatus.ASSIGNED:
        assignment.status = AssignmentStatus.CONTACTED
        assignment.contacted_at = utcnow()
        audit.record(session, "assignment_contacted", assignment, user=actor)


def record_refusal(session: Session, assignment: Assignment, actor, note: str | None = None) -> None:
    """The person (or their representative) declined on the spot: a consent event, after which
    nothing further is sent to them by any channel."""
    participant = session.get(Participant, assignment.participant_id)
    record_consent(session, participant, ConsentKind.DECLINED, Channel.ASSISTED, actor=actor, how="advocate",
                   note=note or None)
    _end(session, assignment, AssignmentStatus.DECLINED, actor)
    session.commit()


def record_declined_in_questionnaire(session: Session, assignment: Assignment, actor) -> None:
    """They said no at the questionnaire's first question, which already wrote the consent event."""
    _end(session, assignment, AssignmentStatus.DECLINED, actor)
    session.commit()


def record_unreachable(session: Session, assignment: Assignment, actor) -> None:
    """The advocate tried and could not reach the person; the visit ends, nothing else changes."""
    invitation = session.get(Invitation, assignment.invitation_id)
    if invitation is not None and invitation.status in STILL_OPEN:
        invitation.status = InvitationStatus.EXPIRED
    _end(session, assignment, AssignmentStatus.UNREACHABLE, actor)
    session.commit()


def record_answered(session: Session, assignment: Assignment, actor) -> None:
    _end(session, assignment, AssignmentStatus.ANSWERED, actor)


def take_back(session: Session, assignment: Assignment, actor) -> None:
    """The council takes the work back (or closes the sample it came in)."""
    invitation = session.get(Invitation, assignment.invitation_id)
    if invitation is not None and invitation.status in STILL_OPEN:
        invitation.status = InvitationStatus.CANCELLED
    _end(session, assignment, AssignmentStatus.WITHDRAWN, actor)


def _end(session: Session, assignment: Assignment, status: AssignmentStatus, actor) -> None:
    if assignment.ended_at is not None:
        return
    assignment.status = status
    assignment.ended_at = utcnow()
    if status != AssignmentStatus.WITHDRAWN and assignment.contacted_at is None:
        assignment.contacted_at = assignment.ended_at
    audit.record(session, f"assignment_{status.value}", assignment, user=actor)


def progress(assignment: Assignment) -> AssignmentStatus:
    """Where the work stands, including what happened by another route: answers sent, or the
    person's consent withdrawn (which cancels the invitation)."""
    if assignment.ended_at is not None:
        return assignment.status
    invitation = assignment.invitation
    if invitation is not None and invitation.status == InvitationStatus.COMPLETED:
        return AssignmentStatus.ANSWERED
    if invitation is not None and invitation.status == InvitationStatus.EXPIRED:
        return AssignmentStatus.UNREACHABLE
    if invitation is not None and invitation.status == InvitationStatus.CANCELLED:
        return AssignmentStatus.WITHDRAWN
    return assignment.status

