"""The languages a council offers people: a machine-made translation only once an administrator
accepts it, and only those languages for the people it records and on their own pages."""
from datetime import date

import pytest

from feedback_app import translation_status
from feedback_app.models import OrganisationKind, Role
from feedback_app.people_languages import offered_languages
from feedback_app.translation_status import LanguageStatus, ReviewState, ReviewsFileError, read_reviews
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.casework.conftest import register
from tests.factories import create_enquiry, create_invitation, create_organisation, create_participant, create_user
from tests.pages import parse

ACCEPT = "I accept that people will read a translation that nobody who speaks the language has checked"


@pytest.fixture
def council(records):
    # Welsh was chosen once but never accepted: it is not offered.
    return create_organisation(records, name="Northshire Council", settings={"languages": ["en", "cy"]})


@pytest.fixture
def admin(records, council):
    return create_user(records, council, Role.ADMIN, name="Ana Admin")


@pytest.fixture
def signed_in(client_request, admin):
    client_request.login(admin, PASSWORD)
    return client_request


@pytest.fixture
def reviewed_polish(tmp_path, monkeypatch):
    """Polish recorded as read through by a native speaker (its catalogue still has messages to check)."""
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text("pl:\n  reviewed_by: Zofia Nowak, Polish Community Link\n  reviewed_on: 2027-01-15\n")
    monkeypatch.setattr(translation_status, "reviews_path", lambda: reviews)


def _hints(page) -> dict[str, str]:
    return {box.get("value"): " ".join("".join(page.by_id(f"languages-{box.get('value')}-hint").itertext()).split())
            for box in page.findall(".//input[@name='languages']")}


def test_each_language_says_whether_anyone_who_speaks_it_has_checked_it(signed_in, reviewed_polish):
    page = signed_in.get("/admin/languages")
    assert page.h1 == "Languages for people"
    assert page.find(".//nav//a[@aria-current='page']").text == "Languages"
    hints = _hints(page)
    assert hints["cy"].startswith("Machine-made: nobody who speaks it has checked it.")
    assert hints["pl"].startswith("Checked by Zofia Nowak, Polish Community Link on 15 January 2027.")
    assert "added since need checking" in hints["pl"]
    # Chosen once but never accepted, Welsh is not offered, so it is not ticked.
    assert [box.get("value") for box in page.findall(".//input[@name='languages'][@checked]")] == []


def test_an_unchecked_language_needs_the_warning_accepted(signed_in, records, council, admin):
    refused = signed_in.post("/admin/languages", {"languages": ["ur"]}, expected_status=400)
    assert refused.error_messages() == [
        "To offer اردو, confirm that you accept a translation nobody who speaks it has checked"]
    assert refused.find(".//input[@value='ur']").get("checked") is not None, "the choice is kept"
    assert offered_languages(fresh(records, council).settings) == ["en"]

    signed_in.post("/admin/languages", {"languages": ["ur", "cy"], "accept_unchecked": "yes"})
    settings = fresh(records, council).settings
    assert offered_languages(settings) == ["en", "cy", "ur"]
    assert settings["languages_accepted"]["ur"]["by"] == admin.id
    [event] = audit_events(records, "languages_changed")
    assert event.user_id == admin.id
    assert event.detail["added"] == ["cy", "ur"] and sorted(event.detail["accepted_unchecked"]) == ["cy", "ur"]
    hint = _hints(signed_in.get("/admin/languages"))["ur"]
    assert f"Accepted as it is by Ana Admin on {date.today():%-d %B %Y}." in hint

    # Taking a language away forgets the acceptance: offering it again asks again.
    signed_in.post("/admin/languages", {"languages": ["cy"]})
    assert offered_languages(fresh(records, council).settings) == ["en", "cy"]
    assert "ur" not in fresh(records, council).settings["languages_accepted"]
    signed_in.post("/admin/languages", {"languages": ["cy", "ur"]}, expected_status=400)


def test_a_reviewed_language_is_offered_without_accepting_anything(signed_in, records, council, reviewed_polish):
    signed_in.post("/admin/languages", {"languages": ["pl"]})
    assert offered_languages(fresh(records, council).settings) == ["en", "pl"]
    assert fresh(records, council).settings["languages_accepted"] == {}


@pytest.mark.parametrize("value", ["en", "fr", "../cy", "CY"])
def test_only_the_listed_languages_can_be_chosen(signed_in, records, council, value):
    page = signed_in.post("/admin/languages", {"languages": [value], "accept_unchecked": "yes"}, expected_status=400)
    assert page.error_messages() == ["Select only languages from the list that are complete"]
    assert offered_languages(fresh(records, council).settings) == ["en"]


def test_only_a_councils_administrators_choose(records, client_request, council):
    service = create_organisation(records, kind=OrganisationKind.ADVOCACY)
    client_request.login(create_user(records, service, Role.ADMIN), PASSWORD)
    client_request.get("/admin/languages", expected_status=403, check=False)
    client_request.client.get("/logout")
    client_request.login(create_user(records, council, Role.PRACTITIONER), PASSWORD)
    client_request.get("/admin/languages", expected_status=403, check=False)


def test_staff_record_only_the_councils_languages(app, records, client_request, council):
    practitioner = create_user(records, council, Role.PRACTITIONER)
    client_request.login(practitioner, PASSWORD)
    with app.app_context():  # case references are keyed with the application's secret
        enquiry = register(records, council, practitioner)
    form = client_request.get(f"/casework/enquiries/{enquiry.id}/participants/new", allow_checked_radios=True)
    assert [radio.get("value") for radio in form.findall(".//input[@name='language']")] == ["en"]
    page = client_request.post(f"/casework/enquiries/{enquiry.id}/participants/new",
                               {"who": "adult", "language": "cy", "capacity_basis": "adult_consents"},
                               expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == [
        "Select a language your council offers: an administrator chooses them on the Languages page"]

    # Someone recorded in Polish before keeps Polish when their details are changed.
    polish = create_participant(records, enquiry, language="pl")
    edit = client_request.get(f"/casework/participants/{polish.id}/edit", allow_checked_radios=True)
    assert [radio.get("value") for radio in edit.findall(".//input[@name='language']")] == ["en", "pl"]


def test_the_person_can_switch_only_to_the_councils_languages(app, records, council):
    council.settings = {"languages": ["en", "ur"], "languages_accepted": {"ur": {"by": None, "at": "2026-12-01T09:00"}}}
    records.commit()
    with app.app_context():
        participant = create_participant(records, create_enquiry(records, council), language="ur")
        _, token = create_invitation(records, participant)
    person = app.test_client()
    person.get("/?lang=pl")  # chosen on another page before the link was opened
    person.get(f"/s/{token}")
    page = parse(person.get("/questionnaire").get_data(as_text=True))
    assert page.get("lang") == "ur", "a language the council does not offer is not kept"
    switcher = page.find(".//nav[@class='app-language-switcher']")
    assert [item.get("lang") for item in switcher.iter() if item.get("lang")] == ["en", "ur"]
    assert parse(person.get("/questionnaire?lang=pl").get_data(as_text=True)).get("lang") == "ur"
    assert parse(person.get("/questionnaire?lang=en").get_data(as_text=True)).get("lang") == "en"


def test_the_review_record_is_read_strictly():
    assert read_reviews("{}") == {}
    assert read_reviews("cy:\n  reviewed_by: Gwen Jones\n  reviewed_on: 2027-02-01\n") == {
        "cy": ("Gwen Jones", date(2027, 2, 1))}
    for text in ("fr:\n  reviewed_by: A\n  reviewed_on: 2027-02-01\n", "cy:\n  reviewed_by: ''\n  reviewed_on: 2027-02-01\n",
                 "cy:\n  reviewed_by: A\n  reviewed_on: soon\n", "- cy\n"):
        with pytest.raises(ReviewsFileError):
            read_reviews(text)
    # The file in the repository reads.
    translation_status.reviews()


def test_the_state_follows_the_messages_still_to_check():
    def state(**counts):
        return LanguageStatus("cy", "Cymraeg", **{"total": 10, "translated": 10, "needs_review": 0, **counts}).state

    assert state() == ReviewState.MACHINE_MADE
    assert state(reviewed_by="Gwen", reviewed_on=date(2027, 2, 1)) == ReviewState.REVIEWED
    assert state(reviewed_by="Gwen", reviewed_on=date(2027, 2, 1), needs_review=3) == ReviewState.NEW_MESSAGES
    assert state(translated=9) == ReviewState.INCOMPLETE
