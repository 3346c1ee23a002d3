"""A council working with an advocacy service: its admin, two advocates, a practitioner and an
analyst of the council, and people ready to be visited."""
from __future__ import annotations

import pytest

from feedback_app.assist.work import assign_to_partner
from feedback_app.capacity import ADULT_CONSENTS
from feedback_app.models import (
    Channel, ConsentEvent, ConsentKind, ContactKind, ContactPoint, OrganisationKind, ParticipantRole, Partnership,
    Role, utcnow,
)
from feedback_app.screening import CONDITIONS
from tests.factories import create_enquiry, create_organisation, create_participant, create_user

PASSWORD = "advocacy passphrase 1"


def ready_person(session, council, *, role=ParticipantRole.ADULT, language="en", capacity=ADULT_CONSENTS,
                 enquiry=None, consent=True, phone="+447700900111", kind=None, closed=True):
    """A participant who agreed to be asked, with screening done and a safe phone number."""
    from feedback_app.models import EnquiryKind

    enquiry = enquiry or create_enquiry(session, council, kind=kind or EnquiryKind.S42, closed=closed)
    person = create_participant(session, enquiry, role=role, language=language)
    person.capacity_basis = capacity if role == ParticipantRole.ADULT else None
    person.screening = {condition: {"present": False} for condition in CONDITIONS}
    if consent:
        session.add(ConsentEvent(organisation_id=council.id, participant_id=person.id, kind=ConsentKind.GIVEN,
                                 channel=Channel.STAFF, how="in_person"))
    if phone:
        checker = create_user(session, council, Role.PRACTITIONER)
        session.add(ContactPoint(organisation_id=council.id, participant_id=person.id, kind=ContactKind.PHONE,
                                 value=phone, is_private=True, may_name_council=False, safe_checked_by_id=checker.id,
                                 safe_checked_at=utcnow()))
    session.commit()
    return person


def visit(session, person, partner, advocate=None, reference="NIA-1", initials="A. B."):
    """Ask ``partner`` to hear from ``person``, given to ``advocate``."""
    assignment = assign_to_partner(session, person, partner, reference=reference, initials=initials, note=None,
                                   actor=None)
    assignment.advocate_id = advocate.id if advocate else None
    session.commit()
    return assignment


@pytest.fixture
def partner(session, council):
    organisation = create_organisation(session, name="Northshire Advocacy", kind=OrganisationKind.ADVOCACY,
                                       slug="northshire-advocacy-test")
    session.add(Partnership(council_id=council.id, partner_id=organisation.id))
    session.commit()
    return organisation


@pytest.fixture
def advocate(session, partner):
    return create_user(session, partner, Role.ADVOCATE, password=PASSWORD, name="Alex Advocate")


@pytest.fixture
def other_advocate(session, partner):
    return create_user(session, partner, Role.ADVOCATE, password=PASSWORD, name="Bo Advocate")


@pytest.fixture
def partner_admin(session, partner):
    return create_user(session, partner, Role.ADMIN, password=PASSWORD, name="Ada Admin")


@pytest.fixture
def practitioner(session, council):
    return create_user(session, council, Role.PRACTITIONER, password=PASSWORD, name="Pat Practitioner")


@pytest.fixture
def analyst(session, council):
    return create_user(session, council, Role.ANALYST, password=PASSWORD, name="Ann Analyst")


@pytest.fixture
def person(session, council):
    return ready_person(session, council)


@pytest.fixture
def assignment(session, person, partner, advocate):
    return visit(session, person, partner, advocate)


@pytest.fixture
def as_advocate(client_request, advocate):
    client_request.login(advocate, PASSWORD)
    return client_request
