"""Scheduling feedback: the whole journey, the refusals, the 8-week warning and cancelling."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from feedback_app.models import AskedBy, Channel, InvitationStatus, Timing

from .conftest import (
    add_adult, add_checked_mobile, answer_screening, audit_events, give_consent, invitations, ready_to_ask,
    register, reload,
)
from .test_enquiries import boxes

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.now(LONDON).date()


def ten_am(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=LONDON).astimezone(timezone.utc)


def after_closure(days="14", **extra):
    return {"timing": "after", "days_after_closure": str(days), "asked_by": "independent", "link_days": "28", **extra}


def test_the_whole_journey(signed_in, session):
    response = signed_in.post("/casework/enquiries/new", {
        "case_reference": "NS-424242", "kind": "s42", "opened_on": boxes(TODAY - timedelta(days=20)),
        "closed_on": boxes(None), "lead_user_id": ""})
    enquiry_url = response.headers["Location"]
    enquiry_id = int(enquiry_url.rsplit("/", 1)[1])
    response = signed_in.post(f"/casework/enquiries/{enquiry_id}/participants/new", {
        "who": "adult", "language": "en", "format_needs": ["easy_read"], "capacity_basis": "adult_consents"})
    person_url = response.headers["Location"]
    person_id = int(person_url.rsplit("/", 1)[1])
    check_url = signed_in.post(f"{person_url}/phone/new", {"phone": "07911 123456"}).headers["Location"]
    signed_in.post(check_url, {"is_private": "yes", "may_name_council": "no",
                               "safe_from": "09:00", "safe_until": "18:00"})
    signed_in.post(f"{person_url}/screening", {condition: "no" for condition in (
        "died", "live_risk", "criminal_proceedings", "acute_crisis", "no_further_contact", "ceased_at_request")})
    signed_in.post(f"{person_url}/consent", {"decision": "given", "how": "in_person"})

    page = signed_in.get(f"{person_url}/schedule")
    assert page.h1 == "Schedule feedback" and page.error_messages() == []
    assert page.by_id("days_after_closure").get("value") == "14" and page.by_id("link_days").get("value") == "28"
    signed_in.post(f"{person_url}/schedule", after_closure())
    [invitation] = invitations(session)
    assert invitation.status == InvitationStatus.SCHEDULED and invitation.due_at.year == 9000
    assert "14 days after the enquiry closes" in signed_in.get(person_url).text

    closed_on = TODAY - timedelta(days=2)
    signed_in.post(f"/casework/enquiries/{enquiry_id}/close", {"closed_on": boxes(closed_on)})
    invitation = reload(session, invitation)
    assert invitation.status == InvitationStatus.SCHEDULED
    assert (invitation.channel, invitation.timing, invitation.asked_by, invitation.survey_id) == (
        Channel.SMS, Timing.AFTER, AskedBy.INDEPENDENT, "msp-experience")
    assert invitation.participant_id == person_id
    assert invitation.due_at == ten_am(closed_on + timedelta(days=14))
    assert invitation.expires_at == ten_am(closed_on + timedelta(days=42))
    assert audit_events(session, "enquiry_closed")[0].detail["invitations_moved"] == 1
    page = signed_in.get("/casework/due")
    assert page.find(".//tbody//a").get("href") == person_url


@pytest.mark.parametrize("missing, message", [
    ("consent", "Consent has not been given: record the person’s consent first"),
    ("screening", "Screening is not complete, or a condition applies without a recorded reason to go ahead"),
    ("contact", "There is no mobile phone number or postal address with a completed safe-contact check"),
    ("private", "There is no mobile phone number or postal address with a completed safe-contact check"),
])
def test_scheduling_is_refused_until_everything_is_in_place(signed_in, session, enquiry, practitioner,
                                                            missing, message):
    person = add_adult(session, enquiry, practitioner)
    if missing != "contact":
        add_checked_mobile(session, person, practitioner, private=missing != "private")
    if missing != "screening":
        answer_screening(session, person, practitioner)
    if missing != "consent":
        give_consent(session, person, practitioner)
    page = signed_in.get(f"/casework/participants/{person.id}/schedule")
    assert message in page.text and "Feedback cannot be scheduled until this is done" in page.text
    page = signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure(), expected_status=200,
                          allow_checked_radios=True)
    assert page.title.startswith("Error:") and page.error_messages() == [message]
    target = page.find(".//div[@class='govuk-error-summary']//a").get("href")[1:]
    assert page.by_id(target).find("a") is not None
    assert invitations(session) == []


def test_declined_consent_refuses_with_its_own_reason(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    give_consent(session, person, practitioner, decision="declined")
    page = signed_in.get(f"/casework/participants/{person.id}/schedule")
    assert "The person declined or withdrew consent, so they cannot be asked" in page.text


@pytest.fixture
def closed_long_ago(session, council, practitioner):
    enquiry = register(session, council, practitioner, reference="NS-OLD", opened=TODAY - timedelta(days=120),
                       closed=TODAY - timedelta(days=70))
    return ready_to_ask(session, enquiry, practitioner)


def test_asking_more_than_8_weeks_after_closure_needs_confirming(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    page = signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure(60), expected_status=200,
                          allow_checked_radios=True)
    warning = "Feedback asked for more than 8 weeks after closure does not count towards the framework return"
    assert page.error_messages() == [warning]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == "#confirm_late"
    assert invitations(session) == []
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure(60, confirm_late="yes"))
    [invitation] = invitations(session)
    assert invitation.due_at.year == 9000
    assert audit_events(session, "feedback_scheduled")[0].detail["late"] is True


def test_at_closure_long_after_closing_is_late_and_due_today(signed_in, session, closed_long_ago):
    data = {"timing": "at_closure", "asked_by": "enquiry_lead", "link_days": "28"}
    page = signed_in.post(f"/casework/participants/{closed_long_ago.id}/schedule", data, expected_status=200,
                          allow_checked_radios=True)
    assert len(page.error_messages()) == 1
    signed_in.post(f"/casework/participants/{closed_long_ago.id}/schedule", {**data, "confirm_late": "yes"})
    [invitation] = invitations(session)
    assert invitation.due_at == ten_am(TODAY) and invitation.asked_by == AskedBy.ENQUIRY_LEAD


def test_during_the_enquiry_on_a_chosen_date(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    data = {"timing": "during", "asked_by": "enquiry_lead", "link_days": "7"}
    page = signed_in.post(f"/casework/participants/{person.id}/schedule",
                          {**data, "due_on": boxes(TODAY - timedelta(days=1))}, expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == ["The date to ask must be today or in the future"]
    signed_in.post(f"/casework/participants/{person.id}/schedule", {**data, "due_on": boxes(TODAY + timedelta(days=3))})
    [invitation] = invitations(session)
    assert (invitation.timing, invitation.due_at) == (Timing.DURING, ten_am(TODAY + timedelta(days=3)))
    assert invitation.expires_at == ten_am(TODAY + timedelta(days=10))


@pytest.mark.parametrize("data, field, message", [
    ({"timing": ""}, "timing", "Select when to ask for feedback"),
    ({"timing": "whenever"}, "timing", "Select when to ask for feedback"),
    ({"days_after_closure": "two weeks"}, "days_after_closure",
     "The number of days after closure must be a whole number from 1 to 365"),
    ({"days_after_closure": "0"}, "days_after_closure",
     "The number of days after closure must be a whole number from 1 to 365"),
    ({"link_days": "365"}, "link_days", "The number of days the link works must be a whole number from 1 to 90"),
    ({"asked_by": "volunteer"}, "asked_by", "Select who is asking for feedback"),
    ({"timing": "during", "due_on": ["", "", ""]}, "due_on-day", "Enter the date to ask for feedback"),
])
def test_bad_scheduling_answers_are_refused(signed_in, session, enquiry, practitioner, data, field, message):
    person = ready_to_ask(session, enquiry, practitioner)
    page = signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure(**data),
                          expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    assert invitations(session) == []


def test_during_is_refused_once_the_enquiry_has_closed(signed_in, session, closed_long_ago):
    page = signed_in.post(f"/casework/participants/{closed_long_ago.id}/schedule", {
        "timing": "during", "due_on": boxes(TODAY), "asked_by": "independent", "link_days": "28"},
        expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == ["The enquiry has closed: choose to ask at closure or after closure"]


def test_the_councils_own_defaults_are_offered_and_used(signed_in, session, council, enquiry, practitioner):
    council.settings = {"days_after_closure": 21, "link_days": 10}
    session.commit()
    person = ready_to_ask(session, enquiry, practitioner)
    page = signed_in.get(f"/casework/participants/{person.id}/schedule")
    assert page.by_id("days_after_closure").get("value") == "21" and page.by_id("link_days").get("value") == "10"
    signed_in.post(f"/casework/participants/{person.id}/schedule",
                   {"timing": "after", "days_after_closure": "", "asked_by": "independent", "link_days": ""})
    signed_in.post(f"/casework/enquiries/{enquiry.id}/close", {"closed_on": boxes(TODAY)})
    [invitation] = invitations(session)
    assert invitation.due_at == ten_am(TODAY + timedelta(days=21))
    assert invitation.expires_at == ten_am(TODAY + timedelta(days=31))


def test_only_one_request_may_wait_at_a_time_and_it_can_be_cancelled(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure())
    page = signed_in.get(f"/casework/participants/{person.id}/schedule")
    assert "A request for feedback is already waiting" in page.text
    [invitation] = invitations(session)
    signed_in.post(f"/casework/invitations/{invitation.id}/cancel")
    assert reload(session, invitation).status == InvitationStatus.CANCELLED
    assert len(audit_events(session, "invitation_cancelled")) == 1
    signed_in.post(f"/casework/invitations/{invitation.id}/cancel")
    assert len(audit_events(session, "invitation_cancelled")) == 1
    assert "nothing was changed" in signed_in.get(f"/casework/participants/{person.id}").text


def test_changing_or_clearing_the_closed_date_moves_feedback_timed_from_it(signed_in, session, council, practitioner):
    enquiry = register(session, council, practitioner, reference="NS-MOVE", closed=TODAY - timedelta(days=1))
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure(10))
    [invitation] = invitations(session)
    assert invitation.due_at == ten_am(TODAY + timedelta(days=9))
    details = {"kind": "s42", "opened_on": boxes(enquiry.opened_on), "lead_user_id": str(practitioner.id)}
    signed_in.post(f"/casework/enquiries/{enquiry.id}/details", {**details, "closed_on": boxes(None)})
    assert reload(session, invitation).due_at.year == 9000
    signed_in.post(f"/casework/enquiries/{enquiry.id}/details", {**details, "closed_on": boxes(TODAY)})
    assert reload(session, invitation).due_at == ten_am(TODAY + timedelta(days=10))


def test_failed_requests_show_why(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure())
    [invitation] = invitations(session)
    invitation.status, invitation.last_error = InvitationStatus.FAILED, "The number is not in service"
    session.commit()
    assert "Reason: The number is not in service" in signed_in.get(f"/casework/participants/{person.id}").text
    page = signed_in.get("/casework/failed")
    assert page.h1 == "Could not be sent" and "The number is not in service" in page.text


def test_a_text_that_never_arrived_is_explained_in_words(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure())
    [invitation] = invitations(session)
    invitation.status, invitation.last_error = InvitationStatus.FAILED, "undelivered: Twilio error 30003"
    session.commit()
    shown = signed_in.get(f"/casework/participants/{person.id}").text
    assert "The text was sent but did not reach the phone." in shown and "Twilio error 30003" in shown
    assert "undelivered:" not in shown
    assert "did not reach the phone" in signed_in.get("/casework/failed").text


def test_the_questions_can_be_asked_by_text_instead_of_a_link(signed_in, session, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    page = signed_in.get(f"/casework/participants/{person.id}/schedule")
    assert "How should the texts work?" in page.text and "answered by replying" in page.text
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure(texts="reply"))
    [invitation] = invitations(session)
    assert invitation.answer_by_reply is True


def test_a_link_is_sent_unless_replying_is_chosen(signed_in, session, council, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure())
    [invitation] = invitations(session)
    assert invitation.answer_by_reply is False
    other = ready_to_ask(session, register(session, council, practitioner, reference="NS-999"),
                         practitioner)
    page = signed_in.post(f"/casework/participants/{other.id}/schedule", after_closure(texts="pigeon"),
                          expected_status=200, check=False)
    assert "Select how the texts should work" in page.text
