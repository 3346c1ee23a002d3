"""Survey links: exchanged for a session, and one calm page for every link that no longer works."""
import re
from datetime import timedelta

import pytest

from feedback_app.consent import record_consent
from feedback_app.models import Channel, ConsentKind, Invitation, InvitationStatus, utcnow


def test_a_link_is_exchanged_for_a_session_and_the_token_leaves_the_address(client, invited):
    response = client.get(invited.link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/questionnaire"
    assert invited.token not in response.headers["Location"]
    page = client.get("/questionnaire")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def _break(session, invited, how):
    invitation = session.get(Invitation, invited.invitation.id)
    if how == "expired":
        invitation.expires_at = utcnow() - timedelta(minutes=1)
    elif how == "completed":
        invitation.status = InvitationStatus.COMPLETED
    elif how == "withdrawn":
        record_consent(session, invited.participant, ConsentKind.WITHDRAWN, Channel.SMS)
    session.commit()


@pytest.mark.parametrize("how", ["unknown", "expired", "completed", "withdrawn"])
def test_links_that_no_longer_work_all_get_the_same_page(client_request, session, make_invited, how):
    invited = make_invited()
    link = "/s/not-a-real-token-at-all" if how == "unknown" else invited.link
    _break(session, invited, how)
    page = client_request.get(link, expected_status=404)
    assert page.h1 == "This link does not work"
    assert "If you are in danger now, call 999." in page.text
    # Nothing on the page says which of the cases applies.
    for word in ("expired", "withdrawn", "completed", "unknown", "Northshire"):
        assert word not in page.text


def test_the_page_is_the_same_whatever_the_reason(client, session, make_invited):
    bodies = set()
    for how in ("unknown", "expired", "completed", "withdrawn"):
        invited = make_invited()
        _break(session, invited, how)
        link = "/s/nothing-like-this" if how == "unknown" else invited.link
        # Each response has its own script nonce; everything else is the same.
        bodies.add(re.sub(r'nonce="[^"]+"', 'nonce=""', client.get(link).get_data(as_text=True)))
    assert len(bodies) == 1


def test_the_link_opens_in_the_persons_language(client_request, make_invited):
    invited = make_invited(language="cy")
    client_request.client.get(invited.link)
    page = client_request.get("/questionnaire", expected_lang="cy")
    assert page.lang == "cy"


def test_leaving_ends_the_session_and_goes_somewhere_neutral(client, invited):
    client.get(invited.link)
    response = client.get("/leave")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://")
    assert client.get("/questionnaire").status_code == 404


def test_symbols_are_served_and_nothing_else(client):
    assert client.get("/symbols/tick.svg").status_code == 200
    assert client.get("/symbols/../wsgi.py").status_code == 404
    assert client.get("/symbols/schema.json").status_code == 404


def test_a_member_of_staff_stays_signed_in_when_a_link_is_opened_or_the_person_leaves(client, session, invited):
    from feedback_app.models import Role
    from tests.factories import create_organisation, create_user

    staff = create_user(session, create_organisation(session), Role.PRACTITIONER, password="correct horse battery")
    client.post("/login", data={"email": staff.email, "password": "correct horse battery"})
    assert client.get("/").status_code == 200
    client.get(invited.link)
    assert client.get("/questionnaire").status_code == 200
    assert client.get("/").status_code == 200
    client.get("/leave")
    assert client.get("/questionnaire").status_code == 404
    assert client.get("/").status_code == 200
