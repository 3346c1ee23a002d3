from datetime import timedelta

import pytest

from feedback_app.consent import consent_state, may_contact, record_consent
from feedback_app.models import (
    AskedBy, AuditEvent, Channel, ConsentKind, ConsentState, Invitation, InvitationStatus, Timing, utcnow,
)

from .factories import create_enquiry, create_organisation, create_participant


@pytest.fixture
def participant(session):
    return create_participant(session, create_enquiry(session, create_organisation(session)))


def _invitation(session, participant, status=InvitationStatus.SCHEDULED):
    now = utcnow()
    invitation = Invitation(organisation_id=participant.organisation_id, participant_id=participant.id,
                            survey_id="msp-experience", channel=Channel.SMS, timing=Timing.AFTER,
                            asked_by=AskedBy.INDEPENDENT, status=status, due_at=now,
                            expires_at=now + timedelta(days=28))
    session.add(invitation)
    session.commit()
    return invitation


def test_no_events_means_nobody_may_be_contacted(session, participant):
    assert consent_state(session, participant.id) == ConsentState.UNKNOWN
    assert not may_contact(session, participant.id)


@pytest.mark.parametrize("kinds, expected", [
    ([ConsentKind.GIVEN], ConsentState.GIVEN),
    ([ConsentKind.LATER], ConsentState.LATER),
    ([ConsentKind.GIVEN, ConsentKind.WITHDRAWN], ConsentState.WITHDRAWN),
    ([ConsentKind.GIVEN, ConsentKind.STOP], ConsentState.WITHDRAWN),
    ([ConsentKind.GIVEN, ConsentKind.STOP, ConsentKind.START], ConsentState.UNKNOWN),
    ([ConsentKind.GIVEN, ConsentKind.ERASE_REQUESTED, ConsentKind.ERASED], ConsentState.WITHDRAWN),
    ([ConsentKind.DECLINED, ConsentKind.GIVEN], ConsentState.GIVEN),
])
def test_the_latest_event_decides(session, participant, kinds, expected):
    for kind in kinds:
        record_consent(session, participant, kind, Channel.STAFF, how="by_phone")
    session.commit()
    assert consent_state(session, participant.id) == expected


@pytest.mark.parametrize("kind, channel", [
    (ConsentKind.WITHDRAWN, Channel.WEB), (ConsentKind.STOP, Channel.SMS),
    (ConsentKind.DECLINED, Channel.PAPER), (ConsentKind.ERASE_REQUESTED, Channel.STAFF),
])
def test_a_withdrawal_by_any_route_cancels_everything_pending(session, participant, kind, channel):
    record_consent(session, participant, ConsentKind.GIVEN, Channel.STAFF)
    pending = [_invitation(session, participant), _invitation(session, participant, InvitationStatus.SENT)]
    done = _invitation(session, participant, InvitationStatus.COMPLETED)
    record_consent(session, participant, kind, channel)
    session.commit()
    session.expire_all()
    assert [session.get(Invitation, i.id).status for i in pending] == [InvitationStatus.CANCELLED] * 2
    assert session.get(Invitation, done.id).status == InvitationStatus.COMPLETED
    audit = session.query(AuditEvent).filter_by(action=f"consent_{kind.value}").one()
    assert audit.detail["invitations_cancelled"] == 2 and audit.target_id == participant.id


def test_ledger_and_audit_roll_back_together(session, participant):
    record_consent(session, participant, ConsentKind.GIVEN, Channel.STAFF)
    session.rollback()
    assert consent_state(session, participant.id) == ConsentState.UNKNOWN
    assert session.query(AuditEvent).count() == 0


def test_consent_states_for_many_people_match_each_persons_ledger(session):
    from feedback_app.consent import consent_state, consent_states, record_consent
    from feedback_app.models import Channel, ConsentKind, ConsentState
    from tests.factories import create_enquiry, create_organisation, create_participant

    council = create_organisation(session)
    people = [create_participant(session, create_enquiry(session, council)) for _ in range(4)]
    for person, kinds in zip(people, ([ConsentKind.GIVEN], [ConsentKind.GIVEN, ConsentKind.STOP],
                                      [ConsentKind.LATER, ConsentKind.GIVEN], [])):
        for kind in kinds:
            record_consent(session, person, kind, Channel.STAFF)
            session.commit()
    states = consent_states(session, [p.id for p in people])
    assert states == {p.id: consent_state(session, p.id) for p in people}
    assert list(states.values()) == [ConsentState.GIVEN, ConsentState.WITHDRAWN, ConsentState.GIVEN,
                                     ConsentState.UNKNOWN]
