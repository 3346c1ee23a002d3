from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import url_for

from feedback_app.auth.passwords import MAX_PASSWORD_LENGTH, needs_rehash
from feedback_app.models import Role, utcnow
from tests.factories import create_organisation, create_user

from .fixtures import PASSWORD, audit_events, fresh

FAILED = "Enter a correct email address and password"


@pytest.fixture
def user(records):
    return create_user(records, create_organisation(records), Role.PRACTITIONER,
                       email="jo.bloggs@council.example.org")


def _home(app):
    with app.test_request_context():
        return url_for("main.index")


def test_the_sign_in_page_has_email_and_password_fields(client_request):
    page = client_request.get("/login")
    assert page.h1 == "Sign in"
    assert page.by_id("email").get("type") == "email"
    assert page.by_id("password").get("type") == "password"
    assert page.by_id("password").get("value") is None


def test_signing_in_goes_to_the_dashboard_and_is_audited(app, client_request, records, user):
    before = utcnow()
    response = client_request.login(user, PASSWORD)
    assert response.headers["Location"] == _home(app)
    assert fresh(records, user).last_sign_in_at >= before - timedelta(seconds=1)
    [event] = audit_events(records, "sign_in")
    assert (event.user_id, event.target_id) == (user.id, user.id)
    assert event.organisation_id == user.memberships[0].organisation_id
    client_request.get(_home(app))


def test_email_addresses_are_matched_without_regard_to_case(client_request, user):
    client_request.post("/login", {"email": " Jo.Bloggs@Council.Example.org ", "password": PASSWORD})


@pytest.mark.parametrize("email, password", [
    ("jo.bloggs@council.example.org", "wrong horse battery"),
    ("nobody@council.example.org", PASSWORD),
])
def test_wrong_password_and_unknown_email_get_the_same_answer(client_request, records, user, email, password):
    page = client_request.post("/login", {"email": email, "password": password}, expected_status=200)
    assert page.error_messages() == [FAILED]
    assert len(page.findall(".//div[@class='govuk-error-summary']")) == 1
    assert page.title.startswith("Error: Sign in")
    assert page.by_id("email").get("value") == email
    assert page.by_id("password").get("value") is None
    [event] = audit_events(records, "sign_in_failed")
    assert event.detail == {"email_domain": "council.example.org"}
    assert event.user_id is None and password not in str(event.detail)
    assert audit_events(records, "sign_in") == []


def test_a_deactivated_user_gets_the_same_answer(client_request, records):
    user = create_user(records, create_organisation(records), active=False)
    page = client_request.post("/login", {"email": user.email, "password": PASSWORD}, expected_status=200)
    assert page.error_messages() == [FAILED]


def test_an_invited_user_without_a_password_cannot_sign_in(client_request, records):
    user = create_user(records, create_organisation(records), password=None)
    page = client_request.post("/login", {"email": user.email, "password": ""}, expected_status=200)
    assert page.error_messages() == ["Enter your password"]
    page = client_request.post("/login", {"email": user.email, "password": PASSWORD}, expected_status=200)
    assert page.error_messages() == [FAILED]


@pytest.mark.parametrize("form, errors", [
    ({"email": "", "password": ""}, ["Enter your email address", "Enter your password"]),
    ({"email": "jo.bloggs", "password": "x"},
     ["Enter an email address in the correct format, like name@example.com"]),
    ({"email": "a" * 310 + "@example.org", "password": "x"},
     ["Email address must be 320 characters or fewer"]),
    ({"email": "jo@example.org", "password": "x" * (MAX_PASSWORD_LENGTH + 1)},
     [f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"]),
])
def test_bad_input_is_explained_and_the_email_kept(client_request, records, form, errors):
    page = client_request.post("/login", form, expected_status=200)
    assert page.error_messages() == errors
    assert page.by_id("email").get("value", "") == form["email"]
    assert audit_events(records, "sign_in_failed") == []


def test_signing_in_starts_a_new_session_keeping_only_the_language(client, records, user):
    client.get("/login?lang=cy")
    with client.session_transaction() as cookie:
        cookie["planted"] = "by someone else"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as cookie:
        assert "planted" not in cookie
        assert cookie["lang"] == "cy"
        assert cookie["_user_id"] == f"{user.id}:{user.session_version}"
        assert cookie.permanent


def test_a_password_hashed_with_old_settings_is_upgraded_on_sign_in(client_request, records, user):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user.password_hash = weak
    records.commit()
    client_request.login(user, PASSWORD)
    upgraded = fresh(records, user).password_hash
    assert upgraded != weak and not needs_rehash(upgraded)


@pytest.mark.parametrize("next_url", ["/admin/users", "/admin/users?page=2"])
def test_sign_in_returns_to_the_page_asked_for(client_request, user, next_url):
    response = client_request.client.post(
        "/login", query_string={"next": next_url}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == next_url


@pytest.mark.parametrize("next_url", [
    "https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com", "\\\\evil.example.com",
    "javascript:alert(1)", "evil.example.com", "/\n/evil.example.com", "/\t/evil.example.com", "http:/x",
])
def test_sign_in_never_sends_people_to_another_site(app, client_request, user, next_url):
    response = client_request.client.post(
        "/login", query_string={"next": next_url}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == _home(app)


def test_a_protected_page_sends_visitors_to_sign_in_and_back(client_request, records):
    admin = create_user(records, create_organisation(records), Role.ADMIN)
    response = client_request.get("/admin/users", expected_status=302)
    assert response.headers["Location"] == "/login?next=/admin/users"
    response = client_request.client.post(response.headers["Location"],
                                          data={"email": admin.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/users"


def test_a_signed_in_user_visiting_sign_in_goes_to_the_dashboard(app, client_request, user):
    client_request.login(user, PASSWORD)
    response = client_request.get("/login", expected_status=302)
    assert response.headers["Location"] == _home(app)
