"""The council's side: a practitioner asks a partner organisation to hear from a person (and can
take the visit back), and sees each response received with how it was given, who asked and
whether the person was there."""
from __future__ import annotations

from sqlalchemy import select

from feedback_app.models import (
    AnswerMode, Assignment, AssignmentStatus, Channel, InvitationStatus, OrganisationKind,
)
from tests.factories import answer, create_organisation, reload

from .conftest import PASSWORD, ready_person


def test_a_practitioner_asks_a_partner_to_visit(session, council, partner, practitioner, client_request, person):
    create_organisation(session, kind=OrganisationKind.ADVOCACY, name="Not a partner")
    client_request.login(practitioner, PASSWORD)
    page = client_request.get(f"/casework/participants/{person.id}/partner")
    # Only the organisations working for this council are offered.
    assert [i.get("value") for i in page.findall(".//input[@name='partner']")] == [str(partner.id)]
    errors = client_request.post(f"/casework/participants/{person.id}/partner", data={
        "partner": "", "reference": "", "initials": "TOOLONGINITIALS"}, expected_status=200)
    assert errors.error_messages() == ["Select an organisation", "Enter a reference to give them",
                                       "Initials must be 8 characters or fewer"]
    client_request.post(f"/casework/participants/{person.id}/partner", data={
        "partner": str(partner.id), "reference": "NIA-77", "initials": "R. T.", "note": "Phone first"})
    assignment = session.scalar(select(Assignment).where(Assignment.participant_id == person.id))
    assert (assignment.partner_id, assignment.reference, assignment.initials, assignment.note) == (
        partner.id, "NIA-77", "R. T.", "Phone first")
    assert (assignment.invitation.channel, assignment.invitation.status) == (Channel.ASSISTED, InvitationStatus.SENT)
    page = client_request.get(f"/casework/participants/{person.id}")
    assert "NIA-77" in page.text and "not yet given to one of their people" in page.text
    # A second request while one is open is refused, naming why.
    again = client_request.get(f"/casework/participants/{person.id}/partner")
    assert "A partner organisation has already been asked to hear from this person" in again.text

    client_request.post(f"/casework/assignments/{assignment.id}/take-back", data={})
    assignment = reload(session, assignment)
    assert assignment.status == AssignmentStatus.WITHDRAWN and assignment.ended_at is not None
    assert assignment.invitation.status == InvitationStatus.CANCELLED


def test_another_councils_visit_cannot_be_taken_back(session, council, other_council, partner, practitioner,
                                                     client_request):
    from .conftest import visit

    theirs = visit(session, ready_person(session, other_council), partner)
    client_request.login(practitioner, PASSWORD)
    client_request.post(f"/casework/assignments/{theirs.id}/take-back", data={}, expected_status=404, check=False)
    assert reload(session, theirs).ended_at is None


def test_the_practitioner_sees_how_each_response_was_given(session, council, practitioner, advocate, client_request,
                                                          person):
    from tests.factories import create_invitation

    invitation, _ = create_invitation(session, person, channel=Channel.ASSISTED)
    answer(session, invitation, ("consent", "yes"), ("who", "representative"), channel=Channel.ASSISTED,
           mode=AnswerMode.REPRESENTATIVE_VIEW, entered_by=advocate, person_present=False, submit=True)
    client_request.login(practitioner, PASSWORD)
    page = client_request.get(f"/casework/participants/{person.id}")
    text = page.text
    for words in ("With an advocate or volunteer", "A representative gave their own view", "A representative",
                  "An independent person", "The person was there No", "Typed in by Alex Advocate"):
        assert words in text, words


def test_a_council_without_partners_is_told_so(session, council, practitioner, client_request, person):
    client_request.login(practitioner, PASSWORD)
    page = client_request.get(f"/casework/participants/{person.id}/partner")
    assert "does not work with a partner organisation" in page.text
    assert page.find(".//form[@method='post']//input[@name='reference']") is None


def test_helpline_staff_take_answers_by_telephone(session, council, practitioner, client_request, person):
    from datetime import date

    from feedback_app.models import Invitation, Respondent, Response

    scheduled, _ = create_invitation_scheduled(session, person)
    client_request.login(practitioner, PASSWORD)
    page = client_request.get(f"/casework/participants/{person.id}/telephone")
    assert page.h1 == "Before you start"
    assert page.find(".//input[@name='mode']").get("type") == "hidden"
    today = date.today()
    client_request.post(f"/casework/participants/{person.id}/telephone", data={
        "mode": "telephone", "asked_by": "enquiry_lead", "present": "yes", "on": [str(today.day), str(today.month),
                                                                                  str(today.year)]})
    base = f"/casework/participants/{person.id}/telephone"
    client_request.post(f"{base}/q/consent", data={"question": "consent", "answer": "yes"})
    client_request.post(f"{base}/q/who", data={"question": "who", "answer": "adult"})
    for key in ("listened", "involved", "respect", "safer", "happy_now"):
        client_request.post(f"{base}/q/{key}", data={"question": key, "answer": "yes"})
    client_request.post(f"{base}/q/contact_safety", data={"question": "contact_safety", "answer": "no"})
    client_request.post(f"{base}/q/quote_ok", data={"question": "quote_ok", "answer": "yes"})
    assert client_request.post(f"{base}/q/own_words", data={"question": "own_words", "words": ""}
                               ).headers["Location"].endswith(f"{base}/check")
    client_request.post(f"{base}/check", data={})
    reload(session)
    response = session.scalar(select(Response).where(Response.participant_id == person.id))
    assert (response.channel, response.mode, response.respondent, response.entered_by_id) == (
        Channel.ASSISTED, AnswerMode.TELEPHONE, Respondent.ADULT, practitioner.id)
    assert session.get(Invitation, scheduled.id).status == InvitationStatus.CANCELLED
    assert session.get(Invitation, response.invitation_id).status == InvitationStatus.COMPLETED


def test_no_telephone_answers_from_an_adult_lacking_capacity(session, council, practitioner, client_request):
    from feedback_app.capacity import REPRESENTATIVE_CONSENTS

    adult = ready_person(session, council, capacity=REPRESENTATIVE_CONSENTS)
    client_request.login(practitioner, PASSWORD)
    refused = client_request.get(f"/casework/participants/{adult.id}/telephone", expected_status=302)
    assert refused.headers["Location"].endswith(f"/casework/participants/{adult.id}")
    page = client_request.get(f"/casework/participants/{adult.id}")
    assert "take their representative’s answers instead" in page.text


def create_invitation_scheduled(session, person):
    from tests.factories import create_invitation

    return create_invitation(session, person, channel=Channel.SMS, status=InvitationStatus.SCHEDULED)
