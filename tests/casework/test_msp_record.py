"""The MSP record items (framework questions 1 to 3), on the page and through records."""
import pytest

from feedback_app.casework.records import validate_msp_record
from feedback_app.models import OutcomesAchieved, OutcomesAsked, RiskOutcome

from .conftest import audit_events, reload


def test_recording_outcomes_expressed_and_achieved(signed_in, session, enquiry):
    page = signed_in.get(f"/casework/enquiries/{enquiry.id}/outcomes")
    assert page.h1 == "MSP record"
    assert [i.get("value") for i in page.findall(".//input[@name='outcomes_asked']")] == [
        "asked_expressed", "asked_not_expressed", "not_asked", "dont_know", "not_recorded"]
    signed_in.post(f"/casework/enquiries/{enquiry.id}/outcomes", {
        "outcomes_asked": "asked_expressed", "desired_outcomes_text": "To feel safe at home.\r\nTo see my grandson.",
        "outcomes_achieved": "partially", "risk_outcome": "reduced"})
    enquiry = reload(session, enquiry)
    assert enquiry.outcomes_asked == OutcomesAsked.EXPRESSED
    assert enquiry.desired_outcomes_text == "To feel safe at home.\nTo see my grandson."
    assert (enquiry.outcomes_achieved, enquiry.risk_outcome) == (OutcomesAchieved.PARTIALLY, RiskOutcome.REDUCED)
    assert audit_events(session, "msp_record_updated")[0].detail["changed"] == list(
        ("outcomes_asked", "desired_outcomes_text", "outcomes_achieved", "risk_outcome"))
    page = signed_in.get(f"/casework/enquiries/{enquiry.id}")
    assert "To feel safe at home." in page.text and "Partially achieved" in page.text


def test_the_msp_record_can_be_completed_at_closure_without_feedback(signed_in, session, enquiry):
    signed_in.post(f"/casework/enquiries/{enquiry.id}/outcomes",
                   {"outcomes_asked": "not_asked", "risk_outcome": "removed"})
    enquiry = reload(session, enquiry)
    assert (enquiry.outcomes_asked, enquiry.risk_outcome) == (OutcomesAsked.NOT_ASKED, RiskOutcome.REMOVED)


def test_words_and_results_without_outcomes_expressed_are_refused(signed_in, session, enquiry):
    page = signed_in.post(f"/casework/enquiries/{enquiry.id}/outcomes", {
        "outcomes_asked": "asked_not_expressed", "desired_outcomes_text": "typed before changing my mind",
        "outcomes_achieved": "fully"}, expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == [
        "Only record desired outcomes when the person was asked and expressed outcomes",
        "Only record whether outcomes were achieved when the person expressed outcomes",
    ]
    assert reload(session, enquiry).outcomes_asked is None


@pytest.mark.parametrize("data, field, message", [
    ({"outcomes_asked": "asked_expressed"}, "desired_outcomes_text",
     "Enter the outcomes the person wanted, in their own words"),
    ({"outcomes_asked": "asked_sometimes"}, "outcomes_asked",
     "Select whether the person was asked about their desired outcomes"),
    ({"outcomes_asked": "asked_expressed", "desired_outcomes_text": "x", "outcomes_achieved": "mostly"},
     "outcomes_achieved", "Select whether the person’s outcomes were achieved"),
    ({"risk_outcome": "vanished"}, "risk_outcome", "Select what happened to the risk"),
    ({"outcomes_asked": "asked_expressed", "desired_outcomes_text": "x" * 5001}, "desired_outcomes_text",
     "Desired outcomes must be 5,000 characters or fewer"),
])
def test_bad_answers_are_named_and_nothing_is_saved(signed_in, session, enquiry, data, field, message):
    page = signed_in.post(f"/casework/enquiries/{enquiry.id}/outcomes", data, expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    assert reload(session, enquiry).outcomes_asked is None and audit_events(session, "msp_record_updated") == []


def test_records_refuses_words_and_results_for_outcomes_never_expressed(app):
    with app.test_request_context():
        clean, errors = validate_msp_record({"outcomes_asked": "not_asked", "desired_outcomes_text": "x",
                                             "outcomes_achieved": "fully"})
    assert set(errors) == {"desired_outcomes_text", "outcomes_achieved"}
    assert str(errors["outcomes_achieved"]) == (
        "Only record whether outcomes were achieved when the person expressed outcomes")


def test_nothing_changed_writes_nothing(signed_in, session, enquiry):
    signed_in.post(f"/casework/enquiries/{enquiry.id}/outcomes", {})
    assert audit_events(session, "msp_record_updated") == []
