"""Responses stopped before sending: once the person can no longer add to them (the link ran out,
or eight weeks passed since the enquiry closed) the dispatcher ends them, and their answers count
in the figures as far as they go."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from feedback_app.models import Answer, AuditEvent, Invitation, InvitationStatus, Response, ResponseStatus
from feedback_app.reports.figures import experience_counts
from feedback_app.reports.periods import quarter_of

from ..factories import create_organisation, reload
from ..reports.builders import respond

NOW = datetime(2025, 10, 7, 9, tzinfo=timezone.utc)
ANSWERED_AT = datetime(2025, 8, 20, 12, tzinfo=timezone.utc)


def _partial(session, council, *, closed_on, expires_at):
    response = respond(session, council, {"listened": "no"}, submit=False, closed_on=closed_on)
    # Answered on 20 August, and left there.
    session.execute(update(Answer).where(Answer.response_id == response.id).values(answered_at=ANSWERED_AT))
    invitation = session.get(Invitation, response.invitation_id)
    invitation.expires_at = expires_at
    session.commit()
    return response, invitation


def test_a_response_whose_link_ran_out_ends_and_counts_as_far_as_it_goes(session, tick):
    council = create_organisation(session)
    ran_out, _ = _partial(session, council, closed_on=date(2025, 8, 1), expires_at=NOW - timedelta(days=1))
    still_open, _ = _partial(session, council, closed_on=None, expires_at=NOW + timedelta(days=5))
    too_late, _ = _partial(session, council, closed_on=date(2025, 8, 10) - timedelta(days=1),
                           expires_at=NOW + timedelta(days=5))
    # Eight weeks after 9 August is 4 October, before NOW: the person can no longer add to it.
    withdrawn, invitation = _partial(session, council, closed_on=date(2025, 8, 1), expires_at=NOW - timedelta(days=1))
    invitation.status = InvitationStatus.CANCELLED
    session.commit()
    quarter = quarter_of(date(2025, 8, 1))
    assert experience_counts(session, [council.id], quarter).total() == 0

    summary = tick(now=NOW)

    assert summary.unfinished == 2
    ended = {r.id: r for r in session.scalars(select(Response).execution_options(populate_existing=True))}
    assert ended[ran_out.id].status == ResponseStatus.PARTIAL and ended[too_late.id].status == ResponseStatus.PARTIAL
    assert ended[still_open.id].status == ResponseStatus.IN_PROGRESS
    assert ended[withdrawn.id].status == ResponseStatus.IN_PROGRESS  # they withdrew: not used
    partial = ended[ran_out.id]
    assert partial.submitted_at.replace(tzinfo=timezone.utc) == ANSWERED_AT  # when the last answer was given
    assert partial.feedback_window.value == "after" and partial.current_question is None
    counts = experience_counts(session, [council.id], quarter)
    assert counts.by("choice_key", question_key="listened") == {"no": 2}
    reload(session)
    assert len(session.scalars(select(AuditEvent).where(AuditEvent.action == "response_ended_unfinished")).all()) == 2
    # Nothing more to do the next time round.
    assert tick(now=NOW + timedelta(hours=1)).unfinished == 0
