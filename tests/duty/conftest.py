"""Records for the duty desk's tests: councils, their desk staff, and alerts raised the real way."""
from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from feedback_app.models import Alert, ContactKind, ContactPoint, Role, utcnow
from tests.factories import (  # noqa: F401 (reload and audit_actions are used by the tests here)
    answer, audit_actions, create_enquiry, create_invitation, create_participant, create_user, reload,
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


@pytest.fixture
def duty_user(session, council):
    return create_user(session, council, Role.DUTY, password=PASSWORD, name="Dee Duty")


@pytest.fixture
def desk(client_request, duty_user):
    """The test client, signed in on the council's duty desk."""
    client_request.login(duty_user, PASSWORD)
    return client_request
