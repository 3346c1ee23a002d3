import hashlib
import re
from datetime import timedelta

import pytest

from feedback_app.models import OrganisationKind, Role, User, utcnow
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.factories import create_organisation, create_user


@pytest.fixture
def council(records):
    return create_organisation(records, name="Northshire Council")


@pytest.fixture
def admin(records, council):
    return create_user(records, council, Role.ADMIN, name="Ada Admin")


@pytest.fixture
def signed_in(client_request, admin):
    client_request.login(admin, PASSWORD)
    return client_request


def _table_names(page):
    return [cell.find("a").text for cell in page.findall(".//tbody/tr/td[1]")]


def test_an_admin_sees_only_their_own_organisations_users(signed_in, records, council, admin):
    colleague = create_user(records, council, Role.PRACTITIONER, name="Cal Colleague")
    other_council = create_organisation(records, name="Southshire Council")
    create_user(records, other_council, Role.ADMIN, name="Sol Stranger")
    page = signed_in.get("/admin/users")
    assert page.h1 == "Users"
    assert _table_names(page) == ["Ada Admin", "Cal Colleague"]
    assert "Southshire" not in page.text and "Sol Stranger" not in page.text
    assert colleague.email in page.text


@pytest.mark.parametrize("method, path", [
    ("get", "/admin/users/{id}"),
    ("post", "/admin/users/{id}/deactivate"),
    ("post", "/admin/users/{id}/reactivate"),
    ("post", "/admin/users/{id}/invitation"),
])
def test_an_admin_cannot_reach_another_organisations_user(signed_in, records, method, path):
    stranger = create_user(records, create_organisation(records), Role.PRACTITIONER)
    response = getattr(signed_in.client, method)(path.format(id=stranger.id))
    assert response.status_code == 404
    assert fresh(records, stranger).active
    assert audit_events(records, "user_deactivated") == []


@pytest.mark.parametrize("method, path", [
    ("get", "/admin/"), ("get", "/admin/users"), ("get", "/admin/users/invite"),
    ("post", "/admin/users/invite"), ("get", "/admin/users/{id}"), ("post", "/admin/users/{id}/deactivate"),
    ("post", "/admin/users/{id}/reactivate"), ("post", "/admin/users/{id}/invitation"),
    ("get", "/admin/organisation"),
])
@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ANALYST, Role.DUTY])
def test_staff_who_are_not_admins_are_refused(client_request, records, council, admin, method, path, role):
    user = create_user(records, council, role)
    client_request.login(user, PASSWORD)
    response = getattr(client_request.client, method)(path.format(id=admin.id))
    assert response.status_code == 403
    assert fresh(records, admin).active


def test_the_admin_home_leads_to_the_users(signed_in):
    assert signed_in.get("/admin/", expected_status=302).headers["Location"] == "/admin/users"


def test_inviting_a_user_shows_the_link_once(signed_in, records, council, admin):
    page = signed_in.get("/admin/users/invite")
    assert [i.get("value") for i in page.findall(".//input[@name='role']")] == [
        "admin", "practitioner", "analyst", "duty"
    ]
    page = signed_in.post("/admin/users/invite", {
        "name": "Nia New", "email": "nia@northshire.example.org", "role": "duty",
    }, expected_status=200)
    assert page.h1 == "Invitation for Nia New"
    assert page.response.headers["Cache-Control"] == "no-store"
    link = page.by_id("invitation-link").find("bdi").text
    token = re.fullmatch(r"http://127\.0\.0\.1:5000/invitation/([A-Za-z0-9_-]{43})", link).group(1)

    records.expire_all()
    invited = records.query(User).filter_by(email="nia@northshire.example.org").one()
    assert invited.invite_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invited.password_hash is None
    assert [(m.organisation_id, m.role) for m in invited.memberships] == [(council.id, Role.DUTY)]
    [event] = audit_events(records, "user_invited")
    assert (event.user_id, event.target_id, event.organisation_id) == (admin.id, invited.id, council.id)
    assert event.detail == {"role": "duty"}

    page = signed_in.get(f"/admin/users/{invited.id}")
    assert "Invited" in page.text and token not in page.html
    assert token not in signed_in.get("/admin/users").html


def test_an_advocacy_service_offers_only_its_own_roles(client_request, records):
    advocacy = create_organisation(records, kind=OrganisationKind.ADVOCACY)
    client_request.login(create_user(records, advocacy, Role.ADMIN), PASSWORD)
    page = client_request.get("/admin/users/invite")
    assert [i.get("value") for i in page.findall(".//input[@name='role']")] == ["admin", "advocate"]
    page = client_request.post("/admin/users/invite", {
        "name": "Dee Duty", "email": "dee@example.org", "role": "duty",
    }, expected_status=200)
    assert page.error_messages() == ["Select a role"]


@pytest.mark.parametrize("form, errors", [
    ({}, ["Enter the person’s full name", "Enter an email address", "Select a role"]),
    ({"name": "N" * 201, "email": "nia@example.org", "role": "analyst"},
     ["Full name must be 200 characters or fewer"]),
    ({"name": "Nia", "email": "nia at example.org", "role": "analyst"},
     ["Enter an email address in the correct format, like name@example.com"]),
    ({"name": "Nia", "email": "ADA@example.org", "role": "analyst"},
     ["There is already a user with this email address"]),
])
def test_invitation_mistakes_are_explained(signed_in, records, council, form, errors):
    create_user(records, council, email="ada@example.org")
    # The role the admin chose is kept on the page, as they chose it.
    page = signed_in.post("/admin/users/invite", form, expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == errors
    assert page.by_id("email").get("value", "") == form.get("email", "")
    assert audit_events(records, "user_invited") == []


def test_deactivating_a_user_ends_their_sessions_and_is_audited(app, signed_in, records, council, admin):
    colleague = create_user(records, council, Role.PRACTITIONER, name="Cal Colleague")
    their_browser = app.test_client()
    their_browser.post("/login", data={"email": colleague.email, "password": PASSWORD})
    assert their_browser.get("/").status_code == 200

    response = signed_in.post(f"/admin/users/{colleague.id}/deactivate")
    assert response.headers["Location"] == f"/admin/users/{colleague.id}"
    page = signed_in.get(f"/admin/users/{colleague.id}")
    assert "Cal Colleague can no longer sign in." in page.text
    assert "Deactivated" in page.text
    assert their_browser.get("/").status_code == 302
    changed = fresh(records, colleague)
    assert not changed.active and changed.session_version == 2
    [event] = audit_events(records, "user_deactivated")
    assert (event.user_id, event.target_id, event.organisation_id) == (admin.id, colleague.id, council.id)

    signed_in.post(f"/admin/users/{colleague.id}/reactivate")
    assert "Cal Colleague can sign in again." in signed_in.get(f"/admin/users/{colleague.id}").text
    assert fresh(records, colleague).active
    [event] = audit_events(records, "user_reactivated")
    assert event.target_id == colleague.id
    their_browser.post("/login", data={"email": colleague.email, "password": PASSWORD})
    assert their_browser.get("/").status_code == 200


def test_an_admin_cannot_deactivate_themselves(signed_in, records, admin):
    page = signed_in.get(f"/admin/users/{admin.id}")
    assert page.find(".//form[@action='/admin/users/%d/deactivate']" % admin.id) is None
    signed_in.post(f"/admin/users/{admin.id}/deactivate")
    page = signed_in.get(f"/admin/users/{admin.id}")
    assert "You cannot deactivate your own account." in page.text
    assert fresh(records, admin).active
    assert audit_events(records, "user_deactivated") == []


def test_a_lost_or_expired_invitation_can_be_replaced(signed_in, records, council, admin):
    invited = create_user(records, council, Role.ANALYST, password=None, name="Ivy Invited")
    invited.invite_token_hash = "0" * 64
    invited.invite_expires_at = utcnow() - timedelta(days=1)
    records.commit()
    assert "Invitation expired" in signed_in.get("/admin/users").text
    page = signed_in.post(f"/admin/users/{invited.id}/invitation", expected_status=200)
    assert page.h1 == "Invitation for Ivy Invited"
    assert fresh(records, invited).invite_token_hash != "0" * 64
    [event] = audit_events(records, "invitation_reissued")
    assert event.user_id == admin.id


def test_a_forgotten_password_can_be_reset_with_a_link(app, signed_in, records, council, admin):
    colleague = create_user(records, council, Role.ANALYST, name="Cal Colleague")
    their_browser = app.test_client()
    their_browser.post("/login", data={"email": colleague.email, "password": PASSWORD})

    page = signed_in.post(f"/admin/users/{colleague.id}/invitation", expected_status=200)
    assert page.h1 == "Password reset link for Cal Colleague"
    token = page.by_id("invitation-link").find("bdi").text.rsplit("/", 1)[1]
    [event] = audit_events(records, "password_reset_link_created")
    assert (event.user_id, event.target_id) == (admin.id, colleague.id)
    # Until the link is used the old password still works, so a link cannot lock anyone out.
    assert their_browser.get("/").status_code == 200

    assert their_browser.get(f"/invitation/{token}").status_code == 302
    their_browser.post("/invitation", data={"password": "a brand new password", "password_confirm": "a brand new password"})
    assert their_browser.get("/").status_code == 302
    assert their_browser.post("/login", data={"email": colleague.email, "password": PASSWORD}).status_code == 200
    assert their_browser.post("/login", data={"email": colleague.email, "password": "a brand new password"}).status_code == 302
    assert len(audit_events(records, "password_reset")) == 1


def test_a_deactivated_user_gets_no_link(signed_in, records, council):
    colleague = create_user(records, council, Role.ANALYST, active=False)
    response = signed_in.post(f"/admin/users/{colleague.id}/invitation")
    assert response.headers["Location"] == f"/admin/users/{colleague.id}"
    assert fresh(records, colleague).invite_token_hash is None
