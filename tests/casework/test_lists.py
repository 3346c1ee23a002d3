"""The practitioner's lists: filters, pages of 25, and only their own council's people."""
from datetime import timedelta

import pytest

from feedback_app.models import InvitationStatus, Role
from tests.factories import create_invitation, create_user

from .conftest import PASSWORD, add_adult, give_consent, ready_to_ask, register
from .test_scheduling import TODAY, after_closure


def case_links(page):
    return [link.text for link in page.findall(".//tbody//a")]


def test_my_enquiries_come_in_pages_of_25(signed_in, session, council, practitioner):
    for number in range(26):
        register(session, council, practitioner, reference=f"NS-{number:04d}",
                 opened=TODAY - timedelta(days=number + 1))
    page = signed_in.get("/casework/")
    assert page.h1 == "My enquiries"
    rows = page.findall(".//tbody/tr")
    assert len(rows) == 25 and "Enquiries 1 to 25 of 26" in page.text
    assert "…0000" in "".join(rows[0].itertext())
    assert page.find(".//nav[@class='govuk-pagination']") is not None
    page = signed_in.get("/casework/?page=2&lead=me")
    assert len(page.findall(".//tbody/tr")) == 1 and "…0025" in page.text
    signed_in.get("/casework/?page=3", expected_status=404)


def test_filters_narrow_the_enquiries(signed_in, session, council, practitioner):
    colleague = create_user(session, council, Role.PRACTITIONER, name="Cal Colleague")
    register(session, council, practitioner, reference="NS-MINE")
    register(session, council, practitioner, reference="NS-SHUT", closed=TODAY, kind="other")
    register(session, council, colleague, reference="NS-CALS")
    mine = signed_in.get("/casework/").text
    assert "…MINE" in mine and "…SHUT" in mine and "…CALS" not in mine
    page = signed_in.get("/casework/?lead=anyone")
    assert page.h1 == "Enquiries" and "…CALS" in page.text and "Cal Colleague" in page.text
    assert "…MINE" not in signed_in.get("/casework/?state=closed").text
    assert "…SHUT" in signed_in.get("/casework/?state=closed&kind=other").text
    assert "No enquiries match" in signed_in.get("/casework/?state=closed&kind=s42").text
    # Unknown filter values show more, not an error.
    assert "…MINE" in signed_in.get("/casework/?state=sideways&kind=s99").text


def test_other_councils_enquiries_never_appear(signed_in, session, other_council):
    stranger = create_user(session, other_council, Role.PRACTITIONER)
    register(session, other_council, stranger, reference="SB-SECRET")
    for path in ("/casework/?lead=anyone", "/casework/due?lead=anyone", "/casework/declined?lead=anyone"):
        assert "…CRET" not in signed_in.get(path).text


def test_people_at_each_stage_of_being_asked(signed_in, session, council, practitioner):
    enquiry = register(session, council, practitioner, reference="NS-STAGES")
    due = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{due.id}/schedule", after_closure())
    waiting, answered = add_adult(session, enquiry, practitioner), add_adult(session, enquiry, practitioner)
    create_invitation(session, waiting, status=InvitationStatus.OPENED)
    create_invitation(session, answered, status=InvitationStatus.COMPLETED)
    declined = add_adult(session, enquiry, practitioner)
    give_consent(session, declined, practitioner, decision="declined")
    expected = {"due": due, "waiting": waiting, "answered": answered, "declined": declined}
    for which, person in expected.items():
        page = signed_in.get(f"/casework/{which}")
        links = [a.get("href") for a in page.findall(".//tbody//a")]
        assert links == [f"/casework/participants/{person.id}"], which
    assert "Declined" in signed_in.get("/casework/declined").text
    assert "Nobody is on this list." in signed_in.get("/casework/failed").text


@pytest.mark.parametrize("asked_by, shown", [("independent", True), ("enquiry_lead", False)])
def test_lists_filter_by_who_asks(signed_in, session, enquiry, practitioner, asked_by, shown):
    person = ready_to_ask(session, enquiry, practitioner)
    signed_in.post(f"/casework/participants/{person.id}/schedule", after_closure())
    page = signed_in.get(f"/casework/due?asked_by={asked_by}")
    assert (page.find(".//tbody//a") is not None) == shown


def test_a_colleagues_people_are_shown_when_asked_for(client_request, session, council, enquiry, practitioner):
    person = ready_to_ask(session, enquiry, practitioner)
    give_consent(session, person, practitioner, decision="declined")
    colleague = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(colleague, PASSWORD)
    assert client_request.get("/casework/declined").find(".//tbody") is None
    assert client_request.get("/casework/declined?lead=anyone").find(".//tbody//a") is not None
