"""People who may be asked: their details, and every view of their page on the audit trail."""
import pytest
from sqlalchemy import select

from feedback_app.models import Participant, ParticipantRole, RepresentativeKind, Role
from tests.factories import create_user

from .conftest import PASSWORD, add_adult, audit_events, register, reload


def people(session):
    reload(session)
    return session.scalars(select(Participant).order_by(Participant.id)).all()


def test_adding_a_representative_with_format_needs(signed_in, session, enquiry):
    page = signed_in.get(f"/casework/enquiries/{enquiry.id}/participants/new", allow_checked_radios=True)
    assert page.h1 == "Add a person who may be asked"
    assert "Never decide that someone lacks capacity because of a diagnosis" in page.text
    assert [i.get("value") for i in page.findall(".//input[@name='format_needs']")] == [
        "easy_read", "large_print", "bsl", "audio", "interpreter", "advocate_support"]
    assert [i.get("value") for i in page.findall(".//input[@name='who']")] == [
        "adult", "family", "friend", "carer", "care_act_advocate", "imca", "attorney", "deputy"]
    response = signed_in.post(f"/casework/enquiries/{enquiry.id}/participants/new", {
        "who": "imca", "language": "cy",
        "format_needs": ["large_print", "easy_read"], "communication_notes": "Prefers mornings",
        "capacity_basis": "representative_consents"})
    [person] = people(session)
    assert response.headers["Location"] == f"/casework/participants/{person.id}"
    assert (person.role, person.representative_kind, person.language) == (
        ParticipantRole.REPRESENTATIVE, RepresentativeKind.IMCA, "cy")
    assert person.format_needs == ["easy_read", "large_print"]
    assert person.communication_notes == "Prefers mornings"
    assert person.capacity_basis == "representative_consents"


@pytest.mark.parametrize("changes, field, message", [
    ({"who": ""}, "who", "Select whether this is the adult or a representative"),
    ({"who": "neighbour"}, "who", "Select what kind of representative they are"),
    ({"language": "fr"}, "language", "Select the language they want to use"),
    ({"format_needs": ["braille", "easy_read"]}, "format_needs", "Select only the communication needs listed"),
    ({"capacity_basis": "diagnosis"}, "capacity_basis", "Select who gives consent"),
    ({"communication_notes": "x" * 2001}, "communication_notes",
     "Notes about communication must be 2,000 characters or fewer"),
])
def test_bad_details_are_named_and_nothing_is_saved(signed_in, session, enquiry, changes, field, message):
    data = {"who": "adult", "language": "en", "capacity_basis": "adult_consents", **changes}
    page = signed_in.post(f"/casework/enquiries/{enquiry.id}/participants/new", data, expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    assert people(session) == []


def test_records_refuse_a_kind_of_representative_for_the_adult(app):
    from feedback_app.casework.records import validate_participant

    with app.test_request_context():
        _, errors = validate_participant({"role": "adult", "representative_kind": "family", "language": "en",
                                          "capacity_basis": "adult_consents"})
    assert {key: str(value) for key, value in errors.items()} == {
        "representative_kind": "Only choose a kind of representative for a representative"}


def test_every_view_of_a_participant_is_audited(signed_in, session, practitioner, adult):
    page = signed_in.get(f"/casework/participants/{adult.id}")
    assert page.h1 == "The adult the enquiry is about"
    assert "Not asked yet" in page.text and "Screening is not complete" in page.text
    assert "Feedback cannot be asked for yet" in page.text
    signed_in.get(f"/casework/participants/{adult.id}")
    views = audit_events(session, "participant_viewed")
    assert [(e.target_type, e.target_id, e.user_id) for e in views] == [("Participant", adult.id, practitioner.id)] * 2


def test_an_administrator_viewing_a_participant_is_audited_too(client_request, session, council, adult):
    admin = create_user(session, council, Role.ADMIN, password=PASSWORD)
    client_request.login(admin, PASSWORD)
    page = client_request.get(f"/casework/participants/{adult.id}")
    assert page.find(".//a[@href='/casework/participants/%d/schedule']" % adult.id) is None
    assert [e.user_id for e in audit_events(session, "participant_viewed")] == [admin.id]


def test_changing_their_details(signed_in, session, adult):
    page = signed_in.get(f"/casework/participants/{adult.id}/edit", allow_checked_radios=True)
    assert page.find(".//input[@name='language'][@checked]").get("value") == "en"
    assert page.find(".//input[@name='who'][@checked]").get("value") == "adult"
    signed_in.post(f"/casework/participants/{adult.id}/edit", {
        "who": "adult", "language": "pl", "format_needs": ["interpreter"], "capacity_basis": "adult_consents"})
    person = reload(session, adult)
    assert (person.language, person.format_needs) == ("pl", ["interpreter"])
    assert audit_events(session, "participant_updated")[0].detail["changed"] == ["language", "format_needs"]


PARTICIPANT_PAGES = [("get", "/casework/participants/{id}"), ("get", "/casework/participants/{id}/edit"),
                     ("post", "/casework/participants/{id}/edit"), ("get", "/casework/participants/{id}/phone/new"),
                     ("post", "/casework/participants/{id}/address/new"),
                     ("get", "/casework/participants/{id}/screening"), ("post", "/casework/participants/{id}/consent"),
                     ("post", "/casework/participants/{id}/withdraw"), ("get", "/casework/participants/{id}/schedule"),
                     ("get", "/casework/participants/{id}/my-outcomes.pdf")]


@pytest.mark.parametrize("method, path", PARTICIPANT_PAGES)
def test_another_councils_participant_is_not_found(signed_in, session, other_council, method, path):
    stranger = create_user(session, other_council, Role.PRACTITIONER)
    theirs = add_adult(session, register(session, other_council, stranger, reference="SB-9"), stranger)
    response = getattr(signed_in.client, method)(path.format(id=theirs.id), data={"how": "phone"})
    assert response.status_code == 404
    assert audit_events(session, "participant_viewed") == []
    assert audit_events(session, "consent_withdrawn") == []


@pytest.mark.parametrize("method, path", PARTICIPANT_PAGES)
def test_analysts_are_refused(client_request, session, council, adult, method, path):
    client_request.login(create_user(session, council, Role.ANALYST, password=PASSWORD), PASSWORD)
    assert getattr(client_request.client, method)(path.format(id=adult.id)).status_code == 403
    assert audit_events(session, "participant_viewed") == []


def test_a_nul_character_typed_into_a_form_is_dropped_not_a_server_error(signed_in, session, enquiry):
    """PostgreSQL text cannot hold U+0000; nobody types one, so it is taken out before any form sees it."""
    from sqlalchemy import select

    from feedback_app.models import Participant

    response = signed_in.post(f"/casework/enquiries/{enquiry.id}/participants/new", {
        "who": "adult", "language": "en", "communication_notes": "Prefers\x00 mornings",
        "capacity_basis": "adult_consents"})
    assert response.status_code == 302
    session.expire_all()
    person = session.scalar(select(Participant).where(Participant.enquiry_id == enquiry.id))
    assert person.communication_notes == "Prefers mornings"
