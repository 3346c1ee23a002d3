"""Records for the reporting tests, made the way the service makes them."""
from __future__ import annotations

from datetime import date, datetime

from feedback_app.models import utcnow
from feedback_app.reports.periods import local_date
from feedback_app.models import AskedBy, Channel, EnquiryKind, OutcomesAsked, ParticipantRole, Timing
from ..factories import answer, create_enquiry, create_invitation, create_participant


def invite(session, council, *, kind=EnquiryKind.S42, channel=Channel.WEB, asked_by=AskedBy.INDEPENDENT,
           timing=Timing.AFTER, sent_at: datetime | None = None, role=ParticipantRole.ADULT, outcomes=False):
    # Left open, so that only the enquiries a test closes on purpose count as completed.
    enquiry = create_enquiry(session, council, kind=kind, closed=False)
    if outcomes:  # the person's desired outcomes were written down, so they are asked about them
        enquiry.outcomes_asked, enquiry.desired_outcomes_text = OutcomesAsked.EXPRESSED, "To feel safe at home"
    invitation, _ = create_invitation(session, create_participant(session, enquiry, role=role), channel=channel)
    invitation.asked_by, invitation.timing = asked_by, timing
    if sent_at is not None:
        invitation.sent_at = sent_at
    session.commit()
    return invitation


SAME_DAY = object()


def respond(session, council, answers: dict[str, str], *, who: str | None = "adult",
            submitted_at: datetime | None = None, submit: bool = True, invitation=None,
            closed_on=SAME_DAY, **invitation_details):
    """A response through the questionnaire engine: consent, who is answering, then ``answers``.

    Feedback counts in the quarter its enquiry closed, when given from closure to eight weeks
    after, so by default the enquiry closes on the day the answers are sent; ``closed_on`` gives
    another day, or None to leave it open."""
    if invitation is None:
        invitation_details.setdefault("outcomes", "outcomes_review" in answers)
        invitation = invite(session, council, **invitation_details)
    if closed_on is SAME_DAY:
        closed_on = local_date(submitted_at or utcnow())
    if closed_on is not None:
        enquiry = invitation.participant.enquiry
        enquiry.opened_on, enquiry.closed_on = min(enquiry.opened_on, closed_on), closed_on
        session.commit()
    given = [("consent", "yes")] + ([("who", who)] if who else []) + list(answers.items())
    return answer(session, invitation, *given, language="en", submit=submit, at=submitted_at if submit else None)


def closed_enquiry(session, council, closed_on: date | None, *, kind=EnquiryKind.S42, imported=False,
                   asked=None, achieved=None, risk=None):
    enquiry = create_enquiry(session, council, kind=kind)
    enquiry.opened_on = date(2025, 1, 1)
    enquiry.closed_on = closed_on
    enquiry.imported = imported
    enquiry.outcomes_asked, enquiry.outcomes_achieved, enquiry.risk_outcome = asked, achieved, risk
    session.commit()
    return enquiry
