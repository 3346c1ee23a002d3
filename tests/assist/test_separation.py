"""An advocate sees only the people given to them: not those of another advocate of the same
organisation, nor those given to nobody yet, nor another organisation's, nor any once the
partnership ends; casework does not exist for them. A partner's admin shares out only their own
organisation's work."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from feedback_app.models import AuditEvent, OrganisationKind, Partnership, Role
from tests.factories import create_organisation, create_user, reload

from .conftest import PASSWORD, ready_person, visit

PAGES = ["", "/start", "/q/consent", "/check", "/declined", "/unreachable"]
POSTS = ["/contacted", "/declined", "/unreachable", "/start", "/q/consent", "/check"]


def _all_refused(client_request, assignment_id):
    for suffix in PAGES:
        client_request.get(f"/assist/people/{assignment_id}{suffix}", expected_status=404, check=False)
    for suffix in POSTS:
        client_request.post(f"/assist/people/{assignment_id}{suffix}", data={"question": "consent", "answer": "no"},
                            expected_status=404, check=False)


def test_the_home_lists_only_the_people_given_to_this_advocate(session, council, partner, advocate, other_advocate,
                                                                as_advocate):
    mine = visit(session, ready_person(session, council), partner, advocate, reference="MINE-1", initials="M. I.")
    theirs = visit(session, ready_person(session, council), partner, other_advocate, reference="THEIRS-1")
    nobodys = visit(session, ready_person(session, council), partner, None, reference="NOBODY-1")
    page = as_advocate.get("/assist/")
    assert "M. I., reference MINE-1" in page.text
    assert "THEIRS-1" not in page.text and "NOBODY-1" not in page.text
    # Never the enquiry: no case reference, no enquiry page.
    assert mine.participant.enquiry.case_ref_hint not in page.text
    _all_refused(as_advocate, theirs.id)
    _all_refused(as_advocate, nobodys.id)
    _all_refused(as_advocate, 2**31)


def test_another_organisations_people_and_a_finished_partnership_are_not_found(session, council, partner, advocate,
                                                                                 as_advocate, other_council):
    other_service = create_organisation(session, kind=OrganisationKind.ADVOCACY)
    session.add(Partnership(council_id=other_council.id, partner_id=other_service.id))
    session.commit()
    elsewhere = visit(session, ready_person(session, other_council), other_service, None)
    # Even given to this advocate by id, a visit of another organisation is not theirs.
    elsewhere.advocate_id = advocate.id
    session.commit()
    _all_refused(as_advocate, elsewhere.id)

    mine = visit(session, ready_person(session, council), partner, advocate)
    as_advocate.get(f"/assist/people/{mine.id}")
    partnership = session.scalar(select(Partnership).where(Partnership.partner_id == partner.id))
    partnership.active = False
    session.commit()
    assert "NIA-1" not in as_advocate.get("/assist/").text
    _all_refused(as_advocate, mine.id)


def test_casework_does_not_exist_for_an_advocate(session, as_advocate, assignment):
    for url in ("/casework/", "/casework/enquiries", f"/casework/participants/{assignment.participant_id}",
                f"/casework/participants/{assignment.participant_id}/partner"):
        as_advocate.get(url, expected_status=404, check=False)


def test_looking_at_how_to_reach_someone_is_audited(session, as_advocate, assignment, advocate):
    page = as_advocate.get(f"/assist/people/{assignment.id}")
    assert "07700 900111" in page.text
    reload(session)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment_viewed"))
    assert (event.user_id, event.target_id, event.organisation_id) == (advocate.id, assignment.id,
                                                                       assignment.organisation_id)


def test_only_routes_checked_as_safe_are_shown(session, council, partner, advocate, as_advocate):
    from feedback_app.models import ContactKind, ContactPoint

    person = ready_person(session, council, phone="+447700900222")
    session.add(ContactPoint(organisation_id=council.id, participant_id=person.id, kind=ContactKind.POSTAL,
                             value="1 Unsafe Street", is_private=False))
    session.commit()
    page = as_advocate.get(f"/assist/people/{visit(session, person, partner, advocate).id}")
    assert "07700 900222" in page.text and "Unsafe Street" not in page.text
    # The list names the safe ways by kind only; the number itself is on the audited page.
    nobody_safe = ready_person(session, council, phone=None)
    visit(session, nobody_safe, partner, advocate, reference="NO-ROUTE")
    rows = {row[0]: row for row in as_advocate.get("/assist/").table_rows("People given to you")}
    assert rows["A. B., reference NIA-1"][3] == "Phone"
    assert rows["A. B., reference NO-ROUTE"][3] == "None checked as safe: ask the council"
    assert "900222" not in as_advocate.get("/assist/").text


def test_the_admin_shares_out_only_their_organisations_work(session, council, partner, advocate, other_advocate,
                                                            partner_admin, client_request, other_council):
    waiting = visit(session, ready_person(session, council), partner, None, reference="WAIT-1")
    other_service = create_organisation(session, kind=OrganisationKind.ADVOCACY)
    session.add(Partnership(council_id=other_council.id, partner_id=other_service.id))
    session.commit()
    elsewhere = visit(session, ready_person(session, other_council), other_service, None, reference="ELSE-1")
    stranger = create_user(session, other_service, Role.ADVOCATE)
    client_request.login(partner_admin, PASSWORD)
    page = client_request.get("/assist/team")
    assert "WAIT-1" in page.text and "ELSE-1" not in page.text
    assert "Alex Advocate" in page.text and stranger.name not in page.text

    client_request.post(f"/assist/team/{elsewhere.id}", data={"advocate": str(stranger.id)}, expected_status=404,
                        check=False)
    client_request.post(f"/assist/team/{waiting.id}", data={"advocate": str(stranger.id)})
    assert reload(session, waiting).advocate_id is None
    client_request.post(f"/assist/team/{waiting.id}", data={"advocate": str(other_advocate.id)})
    assert reload(session, waiting).advocate_id == other_advocate.id
    # The admin is not an advocate: the person's page is the advocate's alone.
    client_request.get(f"/assist/people/{waiting.id}", expected_status=403, check=False)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ANALYST, Role.DUTY])
def test_council_staff_have_no_assist_pages(session, council, client_request, assignment, role):
    user = create_user(session, council, role, password=PASSWORD)
    client_request.login(user, PASSWORD)
    client_request.get(f"/assist/people/{assignment.id}", expected_status=403, check=False)
    client_request.get("/assist/team", expected_status=403, check=False)


def test_the_admin_gives_everyone_waiting_to_one_advocate_at_once(session, council, partner, advocate, other_advocate,
                                                                  partner_admin, client_request):
    waiting = [visit(session, ready_person(session, council), partner, None, reference=f"W-{n}") for n in range(3)]
    already = visit(session, ready_person(session, council), partner, other_advocate, reference="MINE-9")
    client_request.login(partner_admin, PASSWORD)
    page = client_request.get("/assist/team")
    assert "Give the 3 people not yet given to anyone to" in page.text
    client_request.post("/assist/team/everyone-waiting", data={"advocate": str(advocate.id)})
    assert [reload(session, a).advocate_id for a in waiting] == [advocate.id] * 3
    assert reload(session, already).advocate_id == other_advocate.id
    client_request.post("/assist/team/everyone-waiting", data={"advocate": "99999999999"})
