"""Records for the comment tests: councils, analysts, and comments written the way people write them."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from feedback_app.models import AuditEvent, CommentReview, Role
from tests.factories import (
    answer, create_enquiry, create_invitation, create_organisation, create_participant, create_user,
)

PASSWORD = "comments passphrase"
UTC = timezone.utc
IN_Q2 = datetime(2025, 8, 1, 12, tzinfo=UTC)  # 2025-26 Q2


def write_comment(session, council, text, *, submitted_at=IN_Q2, language="en", submit=True):
    """A response with a comment in ``own_words``, through the questionnaire engine."""
    enquiry = create_enquiry(session, council)
    invitation, _ = create_invitation(session, create_participant(session, enquiry, language=language))
    response = answer(session, invitation, ("consent", "yes"), ("listened", "yes"), ("own_words", None, text),
                      language=language, submit=submit, at=submitted_at if submit else None)
    return response


def review_of(session, response):
    reload(session)
    return session.scalar(select(CommentReview).where(CommentReview.response_id == response.id))


def reload(session, instance=None):
    """End the test's read transaction so that it sees what requests have written since."""
    session.commit()
    session.expire_all()
    return None if instance is None else session.get(type(instance), instance.id)


def audit_events(session, action=None):
    reload(session)
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query))


@pytest.fixture
def council(session):
    return create_organisation(session, name="Northshire Council")


@pytest.fixture
def other_council(session):
    return create_organisation(session, name="Southbay Council")


@pytest.fixture
def analyst(session, council):
    return create_user(session, council, Role.ANALYST, password=PASSWORD, name="Ann Alyst")


@pytest.fixture
def signed_in(client_request, analyst):
    """The test client, signed in as the council's analyst."""
    client_request.login(analyst, PASSWORD)
    return client_request
