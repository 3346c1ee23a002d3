"""Records for the comment tests: councils, analysts, and comments written the way people write them."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from feedback_app.models import CommentReview, Role
from tests.factories import (  # noqa: F401 (reload and audit_events are used by the tests here)
    answer, audit_events, create_enquiry, create_invitation, create_participant, create_user, reload,
)

PASSWORD = "comments passphrase"
UTC = timezone.utc
IN_Q2 = datetime(2025, 8, 1, 12, tzinfo=UTC)  # 2025-26 Q2


def write_comment(session, council, text, *, submitted_at=IN_Q2, language="en", submit=True, quote_ok="yes"):
    """A response with a comment in ``own_words``, through the questionnaire engine; the person
    answered ``quote_ok`` to their words being used in reports (None: not asked)."""
    enquiry = create_enquiry(session, council)
    invitation, _ = create_invitation(session, create_participant(session, enquiry, language=language))
    agreement = [("quote_ok", quote_ok)] if quote_ok else []
    response = answer(session, invitation, ("consent", "yes"), ("listened", "yes"), *agreement,
                      ("own_words", None, text), language=language, submit=submit,
                      at=submitted_at if submit else None)
    return response


def review_of(session, response):
    reload(session)
    return session.scalar(select(CommentReview).where(CommentReview.response_id == response.id))


@pytest.fixture
def analyst(session, council):
    return create_user(session, council, Role.ANALYST, password=PASSWORD, name="Ann Alyst")


@pytest.fixture
def signed_in(client_request, analyst):
    """The test client, signed in as the council's analyst."""
    client_request.login(analyst, PASSWORD)
    return client_request
