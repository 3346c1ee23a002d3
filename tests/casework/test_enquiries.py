"""Registering, changing and closing an enquiry, and who may do it."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.casework_refs import case_reference_hash
from feedback_app.models import Enquiry, EnquiryKind, Role
from tests.factories import create_user

from .conftest import PASSWORD, audit_events, register, reload

TODAY = date.today()


def boxes(day: date | None):
    return ["", "", ""] if day is None else [str(day.day), str(day.month), str(day.year)]


def form(reference="NS-000777", kind="s42", opened=TODAY - timedelta(days=10), closed=None, lead=""):
    return {"case_reference": reference, "kind": kind, "opened_on": boxes(opened), "closed_on": boxes(closed),
            "lead_user_id": lead}


def enquiries(session):
    reload(session)
    return session.scalars(select(Enquiry).order_by(Enquiry.id)).all()


def test_registering_an_enquiry_keeps_only_a_hash_of_the_reference(signed_in, session, council, practitioner):
    page = signed_in.get("/casework/enquiries/new")
    assert page.h1 == "Register an enquiry"
    assert page.by_id("lead_user_id").find("option[@selected]").text == practitioner.name
    response = signed_in.post("/casework/enquiries/new", form(reference=" ns-000777 "))
    [enquiry] = enquiries(session)
    assert response.headers["Location"] == f"/casework/enquiries/{enquiry.id}"
    assert enquiry.case_ref_hash == case_reference_hash(council, "NS-000777")
    assert enquiry.case_ref_hint == "…0777"
    assert enquiry.lead_user_id == practitioner.id and enquiry.closed_on is None
    assert "NS-000777" not in str([event.detail for event in audit_events(session)])
    assert len(audit_events(session, "enquiry_registered")) == 1

    page = signed_in.get(f"/casework/enquiries/{enquiry.id}")
    assert page.h1 == "Case …0777"
    assert "Enquiry registered" in page.text and "Open" in page.text and practitioner.name in page.text


def test_an_enquiry_can_be_registered_already_closed_with_another_lead(signed_in, session, council):
    colleague = create_user(session, council, Role.PRACTITIONER, name="Cal Colleague")
    signed_in.post("/casework/enquiries/new", form(kind="other", closed=TODAY, lead=str(colleague.id)))
    [enquiry] = enquiries(session)
    assert (enquiry.kind, enquiry.closed_on, enquiry.lead_user_id) == (EnquiryKind.OTHER, TODAY, colleague.id)


@pytest.mark.parametrize("changes, field, message", [
    ({"reference": ""}, "case_reference", "Enter the case reference"),
    ({"reference": "X" * 65}, "case_reference", "Case reference must be 64 characters or fewer"),
    ({"kind": ""}, "kind", "Select the kind of enquiry"),
    ({"kind": "s43"}, "kind", "Select the kind of enquiry"),
    ({"opened": None}, "opened_on-day", "Enter the date the enquiry opened"),
    ({"opened": TODAY + timedelta(days=1)}, "opened_on-day", "Date opened must be today or in the past"),
    ({"closed": TODAY + timedelta(days=3)}, "closed_on-day", "Date closed must be today or in the past"),
    ({"closed": TODAY - timedelta(days=11)}, "closed_on-day",
     "Date closed must be the same as or after the date opened"),
    ({"lead": "999999"}, "lead_user_id", "Select who leads the enquiry"),
    ({"lead": "someone"}, "lead_user_id", "Select who leads the enquiry"),
    ({"lead": "³"}, "lead_user_id", "Select who leads the enquiry"),  # a digit to isdigit(), not to int()
    ({"lead": "1" * 5000}, "lead_user_id", "Select who leads the enquiry"),  # more digits than int() reads
])
def test_bad_details_are_named_and_nothing_is_saved(signed_in, session, changes, field, message):
    page = signed_in.post("/casework/enquiries/new", form(**changes), expected_status=200, allow_checked_radios=True)
    assert page.title.startswith("Error: Register an enquiry")
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    assert enquiries(session) == []
    assert audit_events(session, "enquiry_registered") == []


@pytest.mark.parametrize("opened, message", [
    (["31", "2", "2024"], "Date opened must be a real date"),
    (["1", "", "2024"], "Date opened must include a day, month and year"),
    (["1", "1", "24"], "Date opened must be a real date"),
    (["a", "b", "c"], "Date opened must be a real date"),
])
def test_dates_that_are_not_real_are_refused(signed_in, session, opened, message):
    page = signed_in.post("/casework/enquiries/new", {**form(), "opened_on": opened}, expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert page.by_id("opened_on-month").get("value") == opened[1] or opened[1] == ""


def test_date_boxes_missing_from_the_request_are_an_error_not_a_crash(signed_in, session):
    data = form()
    del data["opened_on"]
    data["closed_on"] = ["5"]
    page = signed_in.post("/casework/enquiries/new", data, expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == ["Enter the date the enquiry opened",
                                     "Date closed must include a day, month and year"]
    assert enquiries(session) == []


def test_a_reference_already_registered_in_the_council_is_refused(signed_in, session, council, practitioner):
    register(session, council, practitioner, reference="NS-000777")
    page = signed_in.post("/casework/enquiries/new", form(reference="ns-000777 "), expected_status=200,
                          allow_checked_radios=True)
    assert page.error_messages() == ["An enquiry with this case reference is already registered"]
    assert len(enquiries(session)) == 1


def test_another_council_may_use_the_same_reference(signed_in, session, other_council):
    stranger = create_user(session, other_council, Role.PRACTITIONER)
    register(session, other_council, stranger, reference="NS-000777")
    signed_in.post("/casework/enquiries/new", form(reference="NS-000777"))
    assert len(enquiries(session)) == 2


def test_changing_the_details(signed_in, session, enquiry):
    page = signed_in.get(f"/casework/enquiries/{enquiry.id}/details", allow_checked_radios=True)
    assert page.h1 == "Change the enquiry’s details"
    assert page.by_id("opened_on-year").get("value") == str(enquiry.opened_on.year)
    assert page.find(".//input[@name='case_reference']") is None
    data = {**form(kind="other", opened=enquiry.opened_on), "lead_user_id": str(enquiry.lead_user_id)}
    del data["case_reference"]
    signed_in.post(f"/casework/enquiries/{enquiry.id}/details", data)
    assert reload(session, enquiry).kind == EnquiryKind.OTHER
    assert audit_events(session)[-1].detail["changed"] == ["kind"]


def test_closing_sets_the_closed_date(signed_in, session, enquiry):
    assert signed_in.get(f"/casework/enquiries/{enquiry.id}/close").h1 == "Close the enquiry"
    page = signed_in.post(f"/casework/enquiries/{enquiry.id}/close",
                          {"closed_on": boxes(enquiry.opened_on - timedelta(days=1))}, expected_status=200)
    assert page.error_messages() == ["Date closed must be the same as or after the date opened"]
    page = signed_in.post(f"/casework/enquiries/{enquiry.id}/close", {"closed_on": boxes(None)},
                          expected_status=200)
    assert page.error_messages() == ["Enter the date the enquiry closed"]
    assert reload(session, enquiry).closed_on is None
    signed_in.post(f"/casework/enquiries/{enquiry.id}/close", {"closed_on": boxes(TODAY)})
    assert reload(session, enquiry).closed_on == TODAY
    assert audit_events(session)[-1].action == "enquiry_closed"


ENQUIRY_PAGES = [("get", "/casework/enquiries/{id}"), ("get", "/casework/enquiries/{id}/details"),
                 ("post", "/casework/enquiries/{id}/details"), ("get", "/casework/enquiries/{id}/close"),
                 ("post", "/casework/enquiries/{id}/close"), ("get", "/casework/enquiries/{id}/outcomes"),
                 ("post", "/casework/enquiries/{id}/outcomes"),
                 ("get", "/casework/enquiries/{id}/participants/new"),
                 ("post", "/casework/enquiries/{id}/participants/new")]


@pytest.mark.parametrize("method, path", ENQUIRY_PAGES)
def test_another_councils_enquiry_is_not_found(signed_in, session, other_council, method, path):
    stranger = create_user(session, other_council, Role.PRACTITIONER)
    theirs = register(session, other_council, stranger, reference="SB-1")
    response = getattr(signed_in.client, method)(path.format(id=theirs.id), data={"closed_on": ["1", "1", "2025"]})
    assert response.status_code == 404
    assert reload(session, theirs).closed_on is None


@pytest.mark.parametrize("role", [Role.ANALYST, Role.DUTY])
@pytest.mark.parametrize("method, path", ENQUIRY_PAGES + [("get", "/casework/"), ("get", "/casework/due"),
                                                          ("get", "/casework/enquiries/new")])
def test_staff_without_casework_roles_are_refused(client_request, session, council, enquiry, role, method, path):
    client_request.login(create_user(session, council, role, password=PASSWORD), PASSWORD)
    assert getattr(client_request.client, method)(path.format(id=enquiry.id)).status_code == 403


def test_an_administrator_may_look_but_not_change(client_request, session, council, enquiry):
    client_request.login(create_user(session, council, Role.ADMIN, password=PASSWORD), PASSWORD)
    page = client_request.get(f"/casework/enquiries/{enquiry.id}")
    assert page.find(".//a[@href='/casework/enquiries/%d/details']" % enquiry.id) is None
    assert client_request.get("/casework/").h1 == "Enquiries"
    assert client_request.client.post(f"/casework/enquiries/{enquiry.id}/close",
                                      data={"closed_on": boxes(TODAY)}).status_code == 403
    assert client_request.client.get("/casework/enquiries/new").status_code == 403


def test_the_home_page_links_practitioners_to_their_enquiries(signed_in):
    page = signed_in.get("/")
    assert page.find(".//a[@href='/casework/']").text == "Enquiries"
