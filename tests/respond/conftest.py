import pytest

from feedback_app.models import OutcomesAsked, ParticipantRole
from tests.factories import create_enquiry, create_invitation, create_organisation, create_participant


class Invited:
    """A council, an enquiry, a participant and a live survey link."""

    def __init__(self, session, role=ParticipantRole.ADULT, language="en", outcomes=None):
        self.council = create_organisation(session, name="Northshire County Council",
                                           settings={"help_phone": "0300 123 4567", "text_relay": "18001 0300 123 4567"})
        self.enquiry = create_enquiry(session, self.council)
        if outcomes:
            self.enquiry.outcomes_asked = OutcomesAsked.EXPRESSED
            self.enquiry.desired_outcomes_text = outcomes
            session.commit()
        self.participant = create_participant(session, self.enquiry, role=role, language=language)
        self.invitation, self.token = create_invitation(session, self.participant)

    @property
    def link(self):
        return f"/s/{self.token}"


@pytest.fixture
def invited(session):
    return Invited(session)


@pytest.fixture
def make_invited(session):
    return lambda **kwargs: Invited(session, **kwargs)


def answer(client, key, choice=None, text=None, **extra):
    data = {"question": key, **extra}
    if choice is not None:
        data["answer"] = choice
    if text is not None:
        data["text"] = text
    return client.post(f"/questionnaire/q/{key}", data=data)
