import pytest

from datetime import time

from feedback_app.alerts import DEFAULT_PHRASES, find_flagged_phrase, phrases_for
from feedback_app.dispatch.settings import (
    contact_retention_days, quiet_hours, reminder_after_days, response_retention_days,
)
from feedback_app.duty.escalation import escalation_minutes
from feedback_app.models import OrganisationKind, Role
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.factories import (
    create_enquiry, create_invitation, create_organisation, create_participant, create_user,
)
from tests.casework.conftest import ready_to_ask, register
from tests.pages import ClientRequest, parse

VALID = {
    "help_phone": " 0300 123 4567 ",
    "text_relay": "18001 0300 123 4567",
    "phrases_en": "  he shouts at me \n\nhurt me\n",
    "phrases_cy": "ofn",
    "phrases_ur": "",
    "phrases_pl": "boję się",
    "phrases_ar": "",
    "escalation_minutes": "30",
    "safety_callback_hours": "24",
    # The timings as they are by default, so that saving VALID leaves them alone.
    "days_after_closure": "14",
    "link_days": "28",
    "reminder_after_days": "7",
    "quiet_hours_start": "20:00",
    "quiet_hours_end": "09:00",
    # The national disclosure rules.
    "min_count": "5",
    "rounding_base": "5",
    "min_percentage_base": "10",
    # How long things are kept, as by default.
    "contact_retention_days": "14",
    "response_retention_days": "730",
}
TIMINGS = {"days_after_closure": "21", "link_days": "60", "reminder_after_days": "3",
           "quiet_hours_start": "21:30", "quiet_hours_end": "8:15"}


@pytest.fixture
def council(records):
    return create_organisation(records, name="Northshire Council", settings={"languages": ["en", "cy"]})


@pytest.fixture
def admin(records, council):
    return create_user(records, council, Role.ADMIN)


@pytest.fixture
def signed_in(client_request, admin):
    client_request.login(admin, PASSWORD)
    return client_request


def _help_block(app, records, council):
    """The help section a person sees on the questionnaire's first page."""
    with app.app_context():  # case references are keyed with the application's secret
        participant = create_participant(records, create_enquiry(records, council))
        _, token = create_invitation(records, participant)
    person = app.test_client()
    person.get(f"/s/{token}")
    page = parse(person.get("/questionnaire").get_data(as_text=True))
    return " ".join("".join(page.find(".//section[@class='app-help']").itertext()).split())


def test_the_page_starts_with_the_defaults_and_is_linked(signed_in):
    page = signed_in.get("/admin/settings")
    assert page.h1 == "Council settings"
    assert page.find(".//nav//a[@aria-current='page']").text == "Council settings"
    values = page.form_values()
    assert values["help_phone"] == "" and values["text_relay"] == ""
    assert values["phrases_en"].splitlines() == DEFAULT_PHRASES["en"]
    assert values["phrases_cy"].splitlines() == DEFAULT_PHRASES["cy"]
    assert values["phrases_pl"] == ""
    assert values["escalation_minutes"] == "60"
    assert {name: values[name] for name in TIMINGS} == {
        "days_after_closure": "14", "link_days": "28", "reminder_after_days": "7",
        "quiet_hours_start": "20:00", "quiet_hours_end": "09:00"}
    assert "When people are asked" in page.text and "Enter 0 to send no reminder" in page.text
    assert page.by_id("phrases_ur").get("dir") == "rtl" and page.by_id("phrases_ur").get("lang") == "ur"
    assert "raised for the duty desk" in page.text and "whatever language" in page.text
    assert signed_in.get("/admin/users").find(".//nav//a[@href='/admin/settings']") is not None


def test_saving_changes_the_settings_the_alerts_and_the_help_people_see(
        app, signed_in, records, council, admin):
    response = signed_in.post("/admin/settings", VALID)
    assert response.headers["Location"] == "/admin/settings"
    page = signed_in.get("/admin/settings")
    banner = page.find(".//div[@class='govuk-notification-banner govuk-notification-banner--success']")
    assert "Settings saved" in "".join(banner.itertext())
    assert page.form_values()["phrases_en"].splitlines() == ["he shouts at me", "hurt me"]

    settings = fresh(records, council).settings
    assert settings == {
        "languages": ["en", "cy"],
        "help_phone": "0300 123 4567",
        "text_relay": "18001 0300 123 4567",
        "alert_phrases": {"en": ["he shouts at me", "hurt me"], "cy": ["ofn"], "ur": [], "pl": ["boję się"], "ar": []},
        "alert_escalation_minutes": 30,
    }
    phrases = phrases_for(settings)
    assert find_flagged_phrase("Sometimes He  Shouts at me.", phrases) == "he shouts at me"
    assert find_flagged_phrase("Boję się go", phrases) == "boję się"
    # A default the admin removed no longer raises an alert.
    assert find_flagged_phrase("I was scared", phrases) is None
    assert escalation_minutes(settings) == 30
    assert "0300 123 4567" in _help_block(app, records, council)
    assert "18001 0300 123 4567" in _help_block(app, records, council)

    [event] = audit_events(records, "settings_changed")
    assert (event.user_id, event.organisation_id, event.target_id) == (admin.id, council.id, council.id)
    assert sorted(event.detail["changed"]) == [
        "alert_escalation_minutes", "alert_phrases", "help_phone", "text_relay"]


def test_only_what_changed_is_recorded(signed_in, records, council):
    signed_in.post("/admin/settings", VALID)
    signed_in.post("/admin/settings", {**VALID, "text_relay": "", "escalation_minutes": "45"})
    settings = fresh(records, council).settings
    assert "text_relay" not in settings and settings["alert_escalation_minutes"] == 45
    assert [e.detail["changed"] for e in audit_events(records, "settings_changed")][1:] == [
        ["text_relay", "alert_escalation_minutes"]]
    # Saving the page as shown changes nothing and records nothing.
    signed_in.post("/admin/settings", signed_in.get("/admin/settings").form_values())
    assert len(audit_events(records, "settings_changed")) == 2


def test_saving_the_defaults_unchanged_is_not_a_change(signed_in, records, council):
    form = {**signed_in.get("/admin/settings").form_values(), "help_phone": "0300 123 4567"}
    signed_in.post("/admin/settings", form)
    settings = fresh(records, council).settings
    assert "alert_phrases" not in settings and "alert_escalation_minutes" not in settings
    assert [e.detail["changed"] for e in audit_events(records, "settings_changed")] == [["help_phone"]]


@pytest.mark.parametrize("changes, errors", [
    ({"help_phone": ""}, ["Enter a help phone number"]),
    ({"help_phone": "0300 123"}, ["Enter a UK phone number, like 0300 123 4567 or +44 300 123 4567"]),
    ({"help_phone": "+33 1 42 68 53 00"}, ["Enter a UK phone number, like 0300 123 4567 or +44 300 123 4567"]),
    ({"text_relay": "18001-0300"}, ["Text relay number must only include numbers and spaces"]),
    ({"text_relay": "1" * 41}, ["Text relay number must be 40 characters or fewer"]),
    ({"help_text": "0300 123 4567"}, ["Enter a UK mobile number that can receive texts, like 07700 900123"]),
    ({"help_email": "help at council"}, ["Enter an email address in the correct format, like name@example.com"]),
    ({"bsl_relay": "javascript:alert(1)"},
     ["Enter the full web address of the video relay service, starting with https://"]),
    ({"bsl_relay": "http://relay.example"},
     ["Enter the full web address of the video relay service, starting with https://"]),
    ({"phrases_cy": "ofn\n" + "a" * 101}, ["Each phrase in Cymraeg must be 100 characters or fewer"]),
    ({"phrases_ar": "\n".join(f"p{n}" for n in range(201))}, ["Enter 200 phrases or fewer in العربية"]),
    ({"escalation_minutes": "4"}, ["Minutes before an alert is escalated must be between 5 and 1440"]),
    ({"escalation_minutes": "1441"}, ["Minutes before an alert is escalated must be between 5 and 1440"]),
    ({"escalation_minutes": "an hour"}, ["Minutes before an alert is escalated must be a whole number, like 60"]),
    ({"escalation_minutes": " "}, ["Enter the number of minutes before an alert is escalated"]),
    # More digits than int() reads: out of range, not a server error.
    ({"escalation_minutes": "1" * 5000}, ["Minutes before an alert is escalated must be between 5 and 1440"]),
    ({"days_after_closure": "9" * 5000}, ["Days after closure to ask for feedback must be between 1 and 56"]),
    ({"safety_callback_hours": "73"}, ["Hours within which the duty desk gets in touch must be between 1 and 72"]),
    ({"safety_callback_hours": "a day"},
     ["Hours within which the duty desk gets in touch must be a whole number, like 24"]),
    ({"days_after_closure": "0"}, ["Days after closure to ask for feedback must be between 1 and 56"]),
    ({"days_after_closure": "57"}, ["Days after closure to ask for feedback must be between 1 and 56"]),
    ({"days_after_closure": "two weeks"}, ["Days after closure to ask for feedback must be a whole number, like 14"]),
    ({"days_after_closure": ""}, ["Enter the number of days after closure to ask for feedback"]),
    ({"link_days": "6"}, ["Days a survey link works must be between 7 and 90"]),
    ({"link_days": "91"}, ["Days a survey link works must be between 7 and 90"]),
    ({"link_days": "-30"}, ["Days a survey link works must be a whole number, like 28"]),
    ({"reminder_after_days": "29"}, ["Days before the reminder must be between 0 and 28"]),
    ({"reminder_after_days": "2.5"}, ["Days before the reminder must be a whole number, like 7"]),
    ({"reminder_after_days": ""}, ["Enter the number of days before the reminder, or 0 for no reminder"]),
    ({"quiet_hours_start": ""}, ["Enter the time quiet hours start"]),
    ({"quiet_hours_end": " "}, ["Enter the time quiet hours end"]),
    ({"quiet_hours_start": "8pm"}, ["Quiet hours start must be a time on the 24-hour clock, like 20:00"]),
    ({"quiet_hours_start": "24:00"}, ["Quiet hours start must be a time on the 24-hour clock, like 20:00"]),
    ({"quiet_hours_end": "09:60"}, ["Quiet hours end must be a time on the 24-hour clock, like 09:00"]),
    ({"quiet_hours_end": "0900"}, ["Quiet hours end must be a time on the 24-hour clock, like 09:00"]),
    ({"quiet_hours_start": "9:00", "quiet_hours_end": "09:00"},
     ["Quiet hours must end at a different time from when they start"]),
    ({"min_count": "4"}, ["The smallest number shown must be between 5 and 50"]),
    ({"min_count": "five"}, ["The smallest number shown must be a whole number, like 5"]),
    ({"rounding_base": "3"}, ["What numbers are rounded to must be between 5 and 100"]),
    ({"rounding_base": "20"}, ["Numbers can only be rounded to at most twice the smallest number shown"]),
    ({"rounding_base": "1" * 5000}, ["What numbers are rounded to must be between 5 and 100"]),
    ({"min_percentage_base": "9"}, ["The fewest people for a percentage must be between 10 and 200"]),
    ({"min_percentage_base": ""}, ["Enter the fewest people for a percentage"]),
    ({"contact_retention_days": "0"}, ["Days contact details are kept must be between 1 and 365"]),
    ({"contact_retention_days": "a fortnight"}, ["Days contact details are kept must be a whole number, like 14"]),
    ({"response_retention_days": "89"}, ["Days answers stay linked to the person must be between 90 and 3650"]),
    ({"response_retention_days": "9" * 5000}, ["Days answers stay linked to the person must be between 90 and 3650"]),
    ({"response_retention_days": "2 years"},
     ["Days answers stay linked to the person must be a whole number, like 730"]),
    ({"response_retention_days": ""}, ["Enter the number of days answers stay linked to the person"]),
    ({"link_days": "100", "quiet_hours_start": "25:00"}, [
        "Days a survey link works must be between 7 and 90",
        "Quiet hours start must be a time on the 24-hour clock, like 20:00"]),
])
def test_mistakes_are_explained_and_what_was_typed_is_kept(signed_in, records, council, changes, errors):
    form = {**VALID, **changes}
    page = signed_in.post("/admin/settings", form, expected_status=200)
    assert page.error_messages() == errors
    assert page.title.startswith("Error: Council settings")
    values = page.form_values()
    for name, typed in form.items():
        if name.startswith("phrases_"):
            # The parser drops a textarea's first newline; the typed text is otherwise intact.
            assert values[name] == typed.removeprefix("\n")
        else:
            assert values[name] == typed.strip()
    assert fresh(records, council).settings == {"languages": ["en", "cy"]}
    assert audit_events(records, "settings_changed") == []


def test_the_timings_are_saved_and_used_by_scheduling_and_the_dispatcher(app, signed_in, records, council, admin):
    signed_in.post("/admin/settings", {**VALID, **TIMINGS})
    settings = fresh(records, council).settings
    assert {key: settings[key] for key in ("days_after_closure", "link_days", "reminder_after_days", "quiet_hours")} == {
        "days_after_closure": 21, "link_days": 60, "reminder_after_days": 3,
        "quiet_hours": {"start": "21:30", "end": "08:15"}}
    assert reminder_after_days(settings) == 3
    assert quiet_hours(settings) == (time(21, 30), time(8, 15))
    values = signed_in.get("/admin/settings").form_values()
    assert {name: values[name] for name in TIMINGS} == {**TIMINGS, "quiet_hours_end": "08:15"}
    [event] = audit_events(records, "settings_changed")
    assert sorted(event.detail["changed"]) == [
        "alert_escalation_minutes", "alert_phrases", "days_after_closure", "help_phone", "link_days",
        "quiet_hours", "reminder_after_days", "text_relay"]

    # A practitioner scheduling feedback starts from the council's timings.
    practitioner = create_user(records, council, Role.PRACTITIONER)
    with app.app_context():  # case references are keyed with the application's secret
        person = ready_to_ask(records, register(records, council, practitioner), practitioner)
    colleague = ClientRequest(app, app.test_client())
    colleague.login(practitioner, PASSWORD)
    page = colleague.get(f"/casework/participants/{person.id}/schedule")
    assert page.by_id("days_after_closure").get("value") == "21" and page.by_id("link_days").get("value") == "60"


def test_only_the_timings_that_changed_are_written(signed_in, records, council):
    signed_in.post("/admin/settings", {**VALID, "link_days": "35", "quiet_hours_end": "08:00"})
    settings = fresh(records, council).settings
    assert settings["link_days"] == 35 and settings["quiet_hours"] == {"start": "20:00", "end": "08:00"}
    assert "days_after_closure" not in settings and "reminder_after_days" not in settings
    assert sorted(audit_events(records, "settings_changed")[0].detail["changed"]) == [
        "alert_escalation_minutes", "alert_phrases", "help_phone", "link_days", "quiet_hours", "text_relay"]


def test_the_reminder_can_be_switched_off_and_on_again(signed_in, records, council):
    signed_in.post("/admin/settings", {**VALID, "reminder_after_days": "0"})
    settings = fresh(records, council).settings
    assert settings["reminder_after_days"] == 0 and reminder_after_days(settings) is None
    assert signed_in.get("/admin/settings").form_values()["reminder_after_days"] == "0"

    # A council whose reminders were switched off the older way sees 0, and can turn them back on.
    council.settings = {**settings, "reminders": False, "reminder_after_days": 5}
    records.commit()
    form = signed_in.get("/admin/settings").form_values()
    assert form["reminder_after_days"] == "0"
    signed_in.post("/admin/settings", form)
    assert len(audit_events(records, "settings_changed")) == 1
    signed_in.post("/admin/settings", {**form, "reminder_after_days": "10"})
    settings = fresh(records, council).settings
    assert "reminders" not in settings and reminder_after_days(settings) == 10
    assert audit_events(records, "settings_changed")[-1].detail["changed"] == ["reminder_after_days", "reminders"]


def test_another_council_is_untouched(signed_in, records, council):
    other = create_organisation(records, name="Southshire Council", settings={"help_phone": "0300 999 0000"})
    page = signed_in.get("/admin/settings")
    assert "Southshire" not in page.text and "0300 999 0000" not in page.html
    before = dict(fresh(records, other).settings)
    signed_in.post("/admin/settings", VALID)
    assert fresh(records, other).settings == before and before["help_phone"] == "0300 999 0000"
    assert [e.organisation_id for e in audit_events(records, "settings_changed")] == [council.id]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", [Role.ANALYST, Role.PRACTITIONER, Role.DUTY])
def test_staff_who_are_not_admins_are_refused(client_request, records, council, method, role):
    client_request.login(create_user(records, council, role), PASSWORD)
    response = getattr(client_request.client, method)("/admin/settings", data=VALID if method == "post" else None)
    assert response.status_code == 403
    assert fresh(records, council).settings == {"languages": ["en", "cy"]}


def test_an_advocacy_service_has_no_council_settings(client_request, records):
    advocacy = create_organisation(records, kind=OrganisationKind.ADVOCACY)
    client_request.login(create_user(records, advocacy, Role.ADMIN), PASSWORD)
    assert client_request.client.get("/admin/settings").status_code == 403
    assert client_request.get("/admin/users").find(".//nav//a[@href='/admin/settings']") is None


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get("/admin/settings").status_code == 302


def test_stricter_disclosure_rules_are_saved_and_used_by_reports(signed_in, records, council):
    from feedback_app.reports.disclosure import DisclosureRules

    signed_in.post("/admin/settings", {**VALID, "min_count": "10", "rounding_base": "10",
                                       "min_percentage_base": "30"})
    rules = DisclosureRules.for_council(fresh(records, council).settings)
    assert (rules.min_count, rules.rounding_base, rules.min_percentage_base) == (10, 10, 30)
    assert "disclosure" in audit_events(records, "settings_changed")[0].detail["changed"]
    page = signed_in.get("/admin/settings")
    assert page.form_values()["min_percentage_base"] == "30"


def test_second_keying_of_paper_forms_can_be_switched_on_and_off(signed_in, records, council):
    assert "second_keying" not in signed_in.get("/admin/settings").form_values()
    signed_in.post("/admin/settings", {**VALID, "second_keying": "y"})
    assert fresh(records, council).settings["second_keying"] is True
    assert signed_in.get("/admin/settings").form_values()["second_keying"] == "y"
    assert "second_keying" in audit_events(records, "settings_changed")[-1].detail["changed"]
    signed_in.post("/admin/settings", VALID)
    assert fresh(records, council).settings["second_keying"] is False



def test_more_ways_to_get_help_are_saved_and_shown_to_people(app, signed_in, records, council):
    signed_in.post("/admin/settings", {**VALID, "help_text": "07400 123456", "help_email": "help@northshire.example",
                                       "bsl_relay": "https://relay.example/northshire"})
    settings = fresh(records, council).settings
    assert (settings["help_text"], settings["help_email"], settings["bsl_relay"]) == (
        "07400 123456", "help@northshire.example", "https://relay.example/northshire")
    help_text = _help_block(app, records, council)
    assert "To send a text message: 07400 123456" in help_text
    assert "To send an email: help@northshire.example" in help_text
    assert "Contact us in British Sign Language (BSL) through a video relay service" in help_text
    assert "If you cannot speak, call 999 from a mobile and press 55" in help_text


def test_reminding_people_of_their_enquiry_can_be_switched_on_and_off(signed_in, records, council):
    signed_in.post("/admin/settings", {**VALID, "orientation": "y"})
    assert fresh(records, council).settings["orientation"] is True
    signed_in.post("/admin/settings", VALID)
    assert fresh(records, council).settings.get("orientation") in (None, False)


def test_how_long_things_are_kept_is_saved_and_used_by_the_jobs(signed_in, records, council):
    page = signed_in.get("/admin/settings")
    assert "Keeping information" in page.text
    values = page.form_values()
    assert (values["contact_retention_days"], values["response_retention_days"]) == ("14", "730")
    signed_in.post("/admin/settings", {**VALID, "contact_retention_days": "30", "response_retention_days": "365"})
    settings = fresh(records, council).settings
    assert contact_retention_days(settings) == 30 and response_retention_days(settings) == 365
    assert signed_in.get("/admin/settings").form_values()["response_retention_days"] == "365"
    [*_, event] = audit_events(records, "settings_changed")
    assert {"contact_retention_days", "response_retention_days"} <= set(event.detail["changed"])
