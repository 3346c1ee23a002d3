"""The audit trail for a council's administrators, and a person's subject access export: only the
council's own events and people, filtered by person, user, action and dates, exported as CSV,
and everything held about one person as a tagged PDF."""
import csv
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from feedback_app import audit
from feedback_app.models import Channel, ConsentEvent, ConsentKind, ContactKind, ContactPoint, Role
from tests.auth.fixtures import PASSWORD, audit_events
from tests.factories import (
    answer, create_enquiry, create_invitation, create_organisation, create_participant, create_user,
)

WORDS = "The social worker listened and I feel safer at home now."


@pytest.fixture
def council(session):
    return create_organisation(session, name="Northshire Council")


@pytest.fixture
def admin(session, council):
    return create_user(session, council, Role.ADMIN, name="Ana Admin")


@pytest.fixture
def person(session, council, admin):
    participant = create_participant(session, create_enquiry(session, council))
    session.add(ContactPoint(organisation_id=council.id, participant_id=participant.id, kind=ContactKind.PHONE,
                             value="+447700900123", code_word="Ask for Jo"))
    session.add(ConsentEvent(organisation_id=council.id, participant_id=participant.id, kind=ConsentKind.GIVEN,
                             channel=Channel.STAFF, note="Agreed when we met at the day centre."))
    session.commit()
    invitation, _ = create_invitation(session, participant)
    answer(session, invitation, ("consent", "yes"), ("own_words", None, WORDS), submit=True)
    audit.record(session, "participant_viewed", participant, user=admin)
    audit.record(session, "contact_point_added", participant.contact_points[0], user=admin)
    session.commit()
    return participant


@pytest.fixture
def elsewhere(session, admin):
    """Another participant of the same council, and one of another council, each with an event."""
    other_council = create_organisation(session, name="Southshire Council")
    theirs = create_participant(session, create_enquiry(session, other_council))
    neighbour = create_participant(session, create_enquiry(session, admin.organisation))
    audit.record(session, "participant_viewed", theirs)
    audit.record(session, "participant_viewed", neighbour)
    session.commit()
    return theirs, neighbour


def _rows(page):
    return [[cell.text or "".join(cell.itertext()) for cell in row.findall("td")]
            for row in page.findall(".//tbody/tr")]


def test_the_trail_shows_only_this_councils_events(client_request, admin, person, elsewhere):
    theirs, neighbour = elsewhere
    client_request.login(admin, PASSWORD)
    page = client_request.get("/admin/audit")
    targets = {row[3].strip() for row in _rows(page)}
    assert f"Participant {person.id}" in targets and f"Participant {neighbour.id}" in targets
    assert f"Participant {theirs.id}" not in targets


def test_filtering_by_person_finds_their_records_and_nobody_elses(client_request, admin, person, elsewhere):
    theirs, neighbour = elsewhere
    client_request.login(admin, PASSWORD)
    page = client_request.get(f"/admin/audit?participant={person.id}")
    actions = [row[2].strip() for row in _rows(page)]
    assert "participant_viewed" in actions and "contact_point_added" in actions and "response_submitted" in actions
    assert all(row[3].strip() != f"Participant {neighbour.id}" for row in _rows(page))
    # Another council's person gives nothing, not their events.
    assert _rows(client_request.get(f"/admin/audit?participant={theirs.id}")) == []


def test_filters_by_user_action_and_dates(client_request, session, admin, person):
    client_request.login(admin, PASSWORD)
    mine = _rows(client_request.get(f"/admin/audit?user={admin.id}&action=contact_point_added"))
    assert [row[2].strip() for row in mine] == ["contact_point_added"] and mine[0][1] == "Ana Admin"
    assert _rows(client_request.get("/admin/audit?from=2001-01-01&to=2001-12-31")) == []
    assert _rows(client_request.get("/admin/audit?from=2001-01-01"))


@pytest.mark.parametrize("query, message", [
    ("participant=abc", "Enter the person’s number as digits, like 1234"),
    ("participant=99999999999999999999", "Enter the person’s number as digits, like 1234"),
    ("from=2026-02-30", "Enter the first day as a date, like 2026-04-01"),
    ("from=2026-06-30&to=2026-04-01", "The last day must be the same as or after the first day"),
    ("user=%00", "Select a user from the list"),
])
def test_bad_filters_are_explained(client_request, admin, person, query, message):
    client_request.login(admin, PASSWORD)
    page = client_request.get(f"/admin/audit?{query}", expected_status=400)
    assert message in page.text
    assert page.find(".//table") is None  # no events rather than every event
    assert client_request.client.get(f"/admin/audit.csv?{query}").status_code == 400


def test_the_export_has_every_matching_event_and_is_audited(client_request, session, admin, person):
    audit.record(session, "participant_viewed", person, user=admin, note="=HYPERLINK(\"http://x\")")
    session.commit()
    client_request.login(admin, PASSWORD)
    response = client_request.client.get(f"/admin/audit.csv?participant={person.id}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["action"] for row in rows} >= {"participant_viewed", "contact_point_added", "response_submitted"}
    assert all(not row["detail"].startswith("=") for row in rows)
    [exported] = audit_events(session, "audit_exported")
    assert exported.user_id == admin.id and exported.detail == {"filters": {"participant": person.id}}


def test_only_administrators_see_the_trail(client_request, session, council, person):
    practitioner = create_user(session, council, Role.PRACTITIONER)
    client_request.login(practitioner, PASSWORD)
    for path in ("/admin/audit", "/admin/audit.csv", f"/admin/people/{person.id}/subject-access.pdf"):
        assert client_request.client.get(path).status_code == 403


def test_everything_held_about_a_person_as_a_tagged_pdf(client_request, session, admin, person, elsewhere, tmp_path):
    theirs, _ = elsewhere
    client_request.login(admin, PASSWORD)
    page = client_request.get(f"/casework/participants/{person.id}")
    assert page.find(f".//a[@href='/admin/people/{person.id}/subject-access.pdf']") is not None
    response = client_request.client.get(f"/admin/people/{person.id}/subject-access.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    pdf = response.get_data()
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
    assert reader.metadata.title == f"Information held about person {person.id}"
    assert shutil.which("pdftotext")
    path = tmp_path / "held.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for expected in ("07700 900123", "Ask for Jo", "Agreed when we met at the day centre.", WORDS,
                     "Who viewed or changed these records", "participant_viewed", "Ana Admin"):
        assert expected in text, expected
    [made] = audit_events(session, "subject_access_exported")
    assert (made.target_id, made.user_id) == (person.id, admin.id)
    assert client_request.client.get(f"/admin/people/{theirs.id}/subject-access.pdf").status_code == 404
