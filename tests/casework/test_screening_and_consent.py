"""Screening ("when not to ask") and the consent ledger, as practitioners record them."""
import pytest

from feedback_app.consent import consent_state
from feedback_app.models import ConsentState, InvitationStatus, Role
from feedback_app.screening import CONDITIONS, screening_clear
from tests.factories import create_user

from .conftest import PASSWORD, audit_events, invitations, ready_to_ask, reload

ALL_ABSENT = {condition: "no" for condition in CONDITIONS}


def test_answering_screening_with_a_reason_to_go_ahead(signed_in, session, practitioner, adult):
    page = signed_in.get(f"/casework/participants/{adult.id}/screening")
    assert page.h1 == "When not to ask"
    assert len(page.findall(".//input[@type='radio']")) == 2 * len(CONDITIONS)
    signed_in.post(f"/casework/participants/{adult.id}/screening", {
        **ALL_ABSENT, "acute_crisis": "yes", "acute_crisis_reason": "Crisis has passed; she asked to be asked",
        "died_reason": "typed under the hidden answer"})
    person = reload(session, adult)
    entry = person.screening["acute_crisis"]
    assert entry["present"] is True and entry["by"] == practitioner.id and entry["at"]
    assert entry["override_reason"] == "Crisis has passed; she asked to be asked"
    assert person.screening["died"]["override_reason"] is None
    assert screening_clear(person.screening)
    page = signed_in.get(f"/casework/participants/{adult.id}")
    assert "Screening is complete." in page.text and "Reason to go ahead" in page.text
    assert audit_events(session, "screening_recorded")[0].detail["unresolved"] == []


def test_a_condition_that_applies_without_a_reason_blocks_feedback(signed_in, session, adult):
    signed_in.post(f"/casework/participants/{adult.id}/screening", {**ALL_ABSENT, "live_risk": "yes"})
    person = reload(session, adult)
    assert not screening_clear(person.screening)
    page = signed_in.get(f"/casework/participants/{adult.id}")
    assert "No reason to go ahead recorded" in page.text
    assert "Screening is not complete, or a condition applies" in page.text


def test_an_unchanged_answer_keeps_who_gave_it(client_request, signed_in, session, council, adult):
    signed_in.post(f"/casework/participants/{adult.id}/screening", ALL_ABSENT)
    first = reload(session, adult).screening
    colleague = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(colleague, PASSWORD)
    client_request.post(f"/casework/participants/{adult.id}/screening", {**ALL_ABSENT, "died": "yes"})
    second = reload(session, adult).screening
    assert second["died"]["by"] == colleague.id
    assert second["no_further_contact"] == first["no_further_contact"]
    assert audit_events(session, "screening_recorded")[-1].detail["changed"] == ["died"]


def test_every_condition_must_be_answered(signed_in, session, adult):
    answers = {**ALL_ABSENT, "criminal_proceedings": "", "died": "perhaps"}
    page = signed_in.post(f"/casework/participants/{adult.id}/screening", answers, expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == [
        "Select whether this applies: The person has died",
        "Select whether this applies: Criminal proceedings where contact could affect evidence",
    ]
    assert [a.get("href") for a in page.findall(".//div[@class='govuk-error-summary']//a")] == [
        "#died", "#criminal_proceedings"]
    assert reload(session, adult).screening == {}


def test_recording_consent_and_showing_the_ledger(signed_in, session, practitioner, adult):
    assert signed_in.get(f"/casework/participants/{adult.id}/consent").h1 == "Record their decision"
    signed_in.post(f"/casework/participants/{adult.id}/consent",
                   {"decision": "later", "how": "phone", "note": "Busy with the move"})
    signed_in.post(f"/casework/participants/{adult.id}/consent", {"decision": "given", "how": "in_person"})
    reload(session)
    assert consent_state(session, adult.id) == ConsentState.GIVEN
    page = signed_in.get(f"/casework/participants/{adult.id}")
    history = page.by_id("consent-history").findall(".//tbody/tr")
    assert [" ".join(row.find("td").itertext()).split()[:3] for row in history] == [
        ["Agreed", "to", "be"], ["Asked", "us", "to"]]
    assert "Busy with the move" in page.text and "By phone" in page.text
    assert f"Recorded by {practitioner.name}" in page.text
    assert [e.detail["channel"] for e in audit_events(session) if e.action.startswith("consent_")] == ["staff"] * 2


@pytest.mark.parametrize("data, field, message", [
    ({"decision": "maybe", "how": "phone"}, "decision", "Select what the person decided"),
    ({"decision": "given", "how": ""}, "how", "Select how you found out"),
    ({"decision": "given", "how": "telepathy"}, "how", "Select how you found out"),
    ({"decision": "given", "how": "phone", "note": "x" * 1001}, "note", "The note must be 1,000 characters or fewer"),
])
def test_bad_consent_answers_are_refused(signed_in, session, adult, data, field, message):
    page = signed_in.post(f"/casework/participants/{adult.id}/consent", data, expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    reload(session)
    assert consent_state(session, adult.id) == ConsentState.UNKNOWN


def test_a_withdrawal_recorded_by_staff_cancels_what_is_waiting(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule",
                   {"timing": "after", "days_after_closure": "14", "asked_by": "independent", "link_days": "28"})
    assert [i.status for i in invitations(session)] == [InvitationStatus.SCHEDULED]
    page = signed_in.get(f"/casework/participants/{person.id}/withdraw")
    assert page.h1 == "Record that the person withdrew"
    signed_in.post(f"/casework/participants/{person.id}/withdraw", {"how": "advocate", "note": "Told her advocate"})
    assert [i.status for i in invitations(session)] == [InvitationStatus.CANCELLED]
    assert consent_state(session, person.id) == ConsentState.WITHDRAWN
    [event] = audit_events(session, "consent_withdrawn")
    assert event.detail["invitations_cancelled"] == 1
    page = signed_in.get(f"/casework/participants/{person.id}")
    assert "Withdrew" in page.text and "Record that the person withdrew" not in page.text
    assert "The person declined or withdrew consent, so they cannot be asked" in page.text


def test_a_withdrawal_needs_to_say_how_it_came(signed_in, session, adult):
    page = signed_in.post(f"/casework/participants/{adult.id}/withdraw", {}, expected_status=200)
    assert page.error_messages() == ["Select how they told us"]
    assert audit_events(session, "consent_withdrawn") == []


def test_a_practitioner_elsewhere_cannot_record_consent(client_request, session, other_council, adult):
    stranger = create_user(session, other_council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(stranger, PASSWORD)
    response = client_request.client.post(f"/casework/participants/{adult.id}/consent",
                                          data={"decision": "given", "how": "phone"})
    assert response.status_code == 404
    reload(session)
    assert consent_state(session, adult.id) == ConsentState.UNKNOWN
