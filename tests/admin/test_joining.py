"""Inviting an address that already has an account with another organisation: the administrator
sees what they see for anyone new, and the person joins with the password they already have."""
import re

import pytest
from sqlalchemy import select

from feedback_app.models import PendingMembership, Role, utcnow
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.factories import create_organisation, create_user

from .test_users import admin, council, signed_in  # noqa: F401 (fixtures)


@pytest.fixture
def elsewhere(records):
    """Someone with an account at another council."""
    other = create_organisation(records, name="Southshire Council")
    return create_user(records, other, Role.ANALYST, name="Sam Southshire", email="sam@shared.example.org")


def _invite(signed_in, name, email, role="practitioner"):
    page = signed_in.post("/admin/users/invite", {"name": name, "email": email, "role": role}, expected_status=200)
    link = page.by_id("invitation-link").find("bdi").text
    return page, re.fullmatch(r"http://127\.0\.0\.1:5000/invitation/([A-Za-z0-9_-]{43})", link).group(1)


def _shape(page):
    """What the page says, with the name, address and link taken out."""
    text = page.text
    for varying in ("Nia New", "nia@northshire.example.org", "Sam S", "sam@shared.example.org"):
        text = text.replace(varying, "…")
    return re.sub(r"/invitation/[A-Za-z0-9_-]{43}", "/invitation/…", text)


def test_the_invitation_looks_the_same_as_for_someone_new(signed_in, records, council, admin, elsewhere):
    fresh_page, _ = _invite(signed_in, "Nia New", "nia@northshire.example.org")
    joining_page, _ = _invite(signed_in, "Sam S", "SAM@shared.example.org")
    assert joining_page.h1 == "Invitation for Sam S"
    assert _shape(joining_page) == _shape(fresh_page)
    assert "already" not in joining_page.text
    # The list of users shows both alike, by the names typed, never the other account's own.
    users = signed_in.get("/admin/users")
    assert "Sam S" in users.text and "Sam Southshire" not in users.text
    assert users.text.count("Invited") == 2
    # Their page, too.
    pending = records.scalar(select(PendingMembership))
    page = signed_in.get(f"/admin/users/invited/{pending.id}")
    assert "Invited" in page.text and "Create a new invitation link" in page.text and "Southshire" not in page.text
    events = audit_events(records, "user_invited")
    assert [event.target_type for event in events] == ["User", "User"]
    # Nothing changed for the account itself until they accept.
    assert [m.organisation_id for m in fresh(records, elsewhere).memberships] != [council.id]
    assert council.id not in fresh(records, elsewhere).organisation_ids


def test_they_join_with_their_own_password(app, signed_in, records, council, elsewhere):
    _, token = _invite(signed_in, "Sam S", "sam@shared.example.org", role="analyst")
    browser = app.test_client()
    assert browser.get(f"/invitation/{token}").headers["Location"] == "/invitation/join"
    page = browser.get("/invitation/join").get_data(as_text=True)
    assert "Join Northshire" in page and "sam@shared.example.org" in page
    wrong = browser.post("/invitation/join", data={"password": "not their password"})
    assert wrong.status_code == 200 and "Enter a correct password" in wrong.get_data(as_text=True)
    assert council.id not in fresh(records, elsewhere).organisation_ids
    joined = browser.post("/invitation/join", data={"password": PASSWORD})
    assert joined.status_code == 302 and joined.headers["Location"] == "/"
    account = fresh(records, elsewhere)
    assert (council.id, Role.ANALYST) in [(m.organisation_id, m.role) for m in account.memberships]
    assert records.scalar(select(PendingMembership)) is None
    # Their password is unchanged, and the link is spent.
    assert app.test_client().post("/login", data={"email": account.email, "password": PASSWORD}).status_code == 302
    assert app.test_client().get(f"/invitation/{token}").status_code == 404
    [accepted] = audit_events(records, "invitation_accepted")
    assert (accepted.organisation_id, accepted.detail) == (council.id, {"role": "analyst"})


def test_an_expired_or_cancelled_invitation_to_join_does_not_work(app, signed_in, records, elsewhere):
    _, token = _invite(signed_in, "Sam S", "sam@shared.example.org")
    pending = records.scalar(select(PendingMembership))
    pending.expires_at = utcnow()
    records.commit()
    assert app.test_client().get(f"/invitation/{token}").status_code == 404

    _, token = _invite(signed_in, "Sam S", "sam@shared.example.org")
    pending = records.scalar(select(PendingMembership))
    signed_in.post(f"/admin/users/invited/{pending.id}/deactivate", {})
    assert records.scalar(select(PendingMembership)) is None
    assert app.test_client().get(f"/invitation/{token}").status_code == 404
    assert "Sam S" not in signed_in.get("/admin/users").text


def test_a_new_link_replaces_the_old_one(app, signed_in, records, elsewhere):
    _, old = _invite(signed_in, "Sam S", "sam@shared.example.org")
    pending = records.scalar(select(PendingMembership))
    page = signed_in.post(f"/admin/users/invited/{pending.id}/invitation", {}, expected_status=200)
    new = re.search(r"/invitation/([A-Za-z0-9_-]{43})", page.by_id("invitation-link").find("bdi").text).group(1)
    assert app.test_client().get(f"/invitation/{old}").status_code == 404
    assert app.test_client().get(f"/invitation/{new}").status_code == 302


def test_another_council_cannot_see_or_touch_the_invitation(client_request, signed_in, records, elsewhere):
    _invite(signed_in, "Sam S", "sam@shared.example.org")
    pending = records.scalar(select(PendingMembership))
    other_admin = create_user(records, create_organisation(records, name="Westshire Council"), Role.ADMIN)
    client_request.login(other_admin, PASSWORD)
    assert client_request.client.get(f"/admin/users/invited/{pending.id}").status_code == 404
    assert client_request.client.post(f"/admin/users/invited/{pending.id}/deactivate").status_code == 404


def test_someone_already_in_this_organisation_is_still_a_duplicate(signed_in, records, council):
    create_user(records, council, email="ada@example.org")
    page = signed_in.post("/admin/users/invite", {"name": "Ada", "email": "ada@example.org", "role": "analyst"},
                          expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == ["There is already a user with this email address"]
