"""Records for the casework tests: a council, its practitioner, and people at each stage,
made through the same record functions the pages use."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.casework import records
from feedback_app.models import ContactKind, Enquiry, Invitation, Participant, Role
from feedback_app.screening import CONDITIONS
from tests.factories import audit_events, create_user, reload  # noqa: F401 (used by the tests here)

PASSWORD = "casework passphrase"
MOBILE = "07911 123456"


def invitations(session):
    reload(session)
    return session.scalars(select(Invitation).order_by(Invitation.id)).all()


def enquiry_data(reference="NS-000123", opened=None, closed=None, kind="s42"):
    return {"case_reference": reference, "kind": kind, "opened_on": opened or date.today() - timedelta(days=30),
            "closed_on": closed, "lead_user_id": None}


def register(session, council, user, **data) -> Enquiry:
    clean, errors = records.validate_enquiry(enquiry_data(**data))
    assert errors == {}
    return records.register_enquiry(session, council, clean, user)


def add_adult(session, enquiry, user, language="en") -> Participant:
    clean, errors = records.validate_participant({"role": "adult", "language": language,
                                                 "capacity_basis": "adult_consents"})
    assert errors == {}
    return records.add_participant(session, enquiry, clean, user)


def add_checked_mobile(session, participant, user, private=True):
    clean, _ = records.validate_phone({"phone": MOBILE})
    contact = records.add_contact_point(session, participant, ContactKind.PHONE, clean, user)
    check, errors = records.validate_safe_check({"is_private": "yes" if private else "no", "may_name_council": "no"})
    assert errors == {}
    return records.record_safe_check(session, contact, check, user)


def answer_screening(session, participant, user, present=()):
    data = {condition: "yes" if condition in present else "no" for condition in CONDITIONS}
    clean, errors = records.validate_screening(data)
    assert errors == {}
    return records.record_screening(session, participant, clean, user)


def give_consent(session, participant, user, decision="given"):
    clean, errors = records.validate_consent({"decision": decision, "how": "in_person"})
    assert errors == {}
    return records.record_consent_decision(session, participant, clean, user)


def ready_to_ask(session, enquiry, user, language="en") -> Participant:
    """An adult with a checked mobile, clear screening and consent: ready to be asked."""
    participant = add_adult(session, enquiry, user, language=language)
    add_checked_mobile(session, participant, user)
    answer_screening(session, participant, user)
    give_consent(session, participant, user)
    return participant


@pytest.fixture
def practitioner(session, council):
    return create_user(session, council, Role.PRACTITIONER, password=PASSWORD, name="Pat Practitioner")


@pytest.fixture
def signed_in(client_request, practitioner):
    client_request.login(practitioner, PASSWORD)
    return client_request


@pytest.fixture
def enquiry(session, council, practitioner):
    return register(session, council, practitioner)


@pytest.fixture
def adult(session, enquiry, practitioner):
    return add_adult(session, enquiry, practitioner)
