"""Claims take exactly what they are asked for, and never what another worker holds."""
from datetime import timedelta

from sqlalchemy import select

from feedback_app.dispatch.claims import claim_due_invitations, still_claimed
from feedback_app.models import Invitation, InvitationStatus
from tests.factories import create_organisation

from .conftest import TUESDAY_MORNING, make_due


def test_a_claim_takes_no_more_than_its_limit_oldest_first(session):
    council = create_organisation(session)
    dues = [make_due(session, council) for _ in range(5)]
    for offset, due in enumerate(dues):
        due.invitation.due_at = TUESDAY_MORNING - timedelta(minutes=10 - offset)
    session.commit()
    first = claim_due_invitations(session, "worker-a", TUESDAY_MORNING, 3)
    second = claim_due_invitations(session, "worker-b", TUESDAY_MORNING, 3)
    assert first == [due.invitation.id for due in dues[:3]]
    assert second == [due.invitation.id for due in dues[3:]]
    assert claim_due_invitations(session, "worker-c", TUESDAY_MORNING, 3) == []
    session.expire_all()
    holders = dict(session.execute(select(Invitation.id, Invitation.claimed_by)).all())
    assert sorted(holders.values()) == ["worker-a"] * 3 + ["worker-b"] * 2
    assert {status for status in session.scalars(select(Invitation.status))} == {InvitationStatus.SENDING}


def test_only_the_holder_can_change_a_claimed_invitation(session):
    due = make_due(session)
    [claimed] = claim_due_invitations(session, "worker-a", TUESDAY_MORNING, 10)
    assert not still_claimed(session, claimed, "worker-b", status=InvitationStatus.SENT)
    assert still_claimed(session, claimed, "worker-a", (InvitationStatus.SENDING,), status=InvitationStatus.SENT)
    session.commit()
    session.expire_all()
    invitation = session.get(Invitation, due.invitation.id)
    assert (invitation.status, invitation.claimed_by) == (InvitationStatus.SENT, None)
