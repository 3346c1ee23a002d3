import pytest

from feedback_app.alerts import DEFAULT_PHRASES, find_flagged_phrase, phrases_for
from feedback_app.duty.escalation import escalation_minutes
from feedback_app.models import OrganisationKind, Role
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.factories import (
    create_enquiry, create_invitation, create_organisation, create_participant, create_user,
)
from tests.pages import parse

VALID = {
    "help_phone": " 0300 123 4567 ",
    "text_relay": "18001 0300 123 4567",
    "phrases_en": "  he shouts at me \n\nhurt me\n",
    "phrases_cy": "ofn",
    "phrases_ur": "",
    "phrases_pl": "boję się",
    "phrases_ar": "",
    "escalation_minutes": "30",
}


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
    ({"phrases_cy": "ofn\n" + "a" * 101}, ["Each phrase in Cymraeg must be 100 characters or fewer"]),
    ({"phrases_ar": "\n".join(f"p{n}" for n in range(201))}, ["Enter 200 phrases or fewer in العربية"]),
    ({"escalation_minutes": "4"}, ["Minutes before an alert is escalated must be between 5 and 1440"]),
    ({"escalation_minutes": "1441"}, ["Minutes before an alert is escalated must be between 5 and 1440"]),
    ({"escalation_minutes": "an hour"}, ["Minutes before an alert is escalated must be a whole number, like 60"]),
    ({"escalation_minutes": " "}, ["Enter the number of minutes before an alert is escalated"]),
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


def test_another_council_is_untouched(signed_in, records, council):
    other = create_organisation(records, name="Southshire Council", settings={"help_phone": "0300 999 0000"})
    page = signed_in.get("/admin/settings")
    assert "Southshire" not in page.text and "0300 999 0000" not in page.html
    signed_in.post("/admin/settings", VALID)
    assert fresh(records, other).settings == {"help_phone": "0300 999 0000"}
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
