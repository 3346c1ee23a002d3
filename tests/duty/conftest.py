"""Records for the duty desk's tests: councils, their desk staff, and alerts raised the real way."""
from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from feedback_app.models import Alert, AuditEvent, ContactKind, ContactPoint, Role, utcnow
from tests.factories import (
    answer, create_enquiry, create_invitation, create_organisation, create_participant, create_user,
)

PASSWORD = "duty desk passphrase"


def raise_alerts(session, council, *, safety=True, words="He still hits me", reference=None,
                 language="en", minutes_ago=0, phone=True, checked_by=None):
    """Answer a questionnaire as a person would; returns the alerts it raised, oldest first."""
    enquiry = create_enquiry(session, council, reference)
    participant = create_participant(session, enquiry, language=language)
    if phone:
        session.add(ContactPoint(
            organisation_id=council.id, participant_id=participant.id, kind=ContactKind.PHONE,
            value="+447700900123", is_private=True, may_name_council=False, code_word="bluebell",
            safe_from=time(9, 0), safe_until=time(17, 30),
            safe_checked_by_id=getattr(checked_by, "id", None), safe_checked_at=utcnow() if checked_by else None,
        ))
    invitation, _ = create_invitation(session, participant)
    given = ([("contact_safety", "yes")] if safety else []) + ([("own_words", None, words)] if words else [])
    response = answer(session, invitation, *given, language=language)
    alerts = list(session.scalars(select(Alert).where(Alert.response_id == response.id).order_by(Alert.id)))
    if minutes_ago:
        for alert in alerts:
            alert.created_at = utcnow() - timedelta(minutes=minutes_ago)
        session.commit()
    return alerts


def reload(session, instance=None):
    """End the test's read transaction so that it sees what requests have written since."""
    session.commit()
    session.expire_all()
    return None if instance is None else session.get(type(instance), instance.id)


def audit_actions(session, target=None):
    reload(session)
    query = select(AuditEvent).order_by(AuditEvent.id)
    if target is not None:
        query = query.where(AuditEvent.target_type == type(target).__name__, AuditEvent.target_id == target.id)
    return [event.action for event in session.scalars(query)]


@pytest.fixture
def council(session):
    return create_organisation(session, name="Northshire Council")


@pytest.fixture
def other_council(session):
    return create_organisation(session, name="Southbay Council")


@pytest.fixture
def duty_user(session, council):
    return create_user(session, council, Role.DUTY, password=PASSWORD, name="Dee Duty")


@pytest.fixture
def desk(client_request, duty_user):
    """The test client, signed in on the council's duty desk."""
    client_request.login(duty_user, PASSWORD)
    return client_request
