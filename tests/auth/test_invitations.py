import hashlib
from datetime import timedelta

import pytest

from feedback_app.auth.invitations import (
    INVITATION_LIFETIME,
    accept_invitation,
    invite_user,
    reissue_invitation,
    token_hash,
)
from feedback_app.auth.passwords import verify_password
from feedback_app.models import Role, utcnow
from tests.factories import create_organisation, create_user

from .fixtures import PASSWORD, audit_events, fresh

NEW_PASSWORD = "purple giraffe umbrella"


@pytest.fixture
def council(records):
    return create_organisation(records)


@pytest.fixture
def invitation(records, council):
    admin = create_user(records, council, Role.ADMIN)
    return invite_user(records, council, email="New.Person@Council.example.org", name=" New Person ",
                       role=Role.ANALYST, invited_by=admin)


def _accept(client_request, token, password=NEW_PASSWORD, confirm=None, expected_status=302):
    response = client_request.get(f"/invitation/{token}", expected_status=302)
    assert response.headers["Location"] == "/invitation"
    return client_request.post("/invitation", {"password": password, "password_confirm": confirm or password},
                               expected_status=expected_status)


def test_an_invitation_stores_only_the_hash_of_a_long_token(invitation):
    user, token = invitation
    assert len(token) >= 43  # 256 bits, base64
    assert user.invite_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (user.invite_token_hash, user.password_hash)
    assert user.password_hash is None
    assert abs(user.invite_expires_at - (utcnow() + INVITATION_LIFETIME)) < timedelta(minutes=1)
    assert (user.email, user.name, [m.role for m in user.memberships]) == (
        "new.person@council.example.org", "New Person", [Role.ANALYST]
    )


def test_the_invitation_link_sets_a_password_once(client_request, records, invitation):
    user, token = invitation
    page = client_request.get(f"/invitation/{token}", expected_status=302)
    page = client_request.get("/invitation")
    assert page.h1 == "Create your password"
    assert user.email in page.text

    response = client_request.post("/invitation", {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/login"
    assert "Your password has been set." in client_request.get("/login").text
    accepted = fresh(records, user)
    assert verify_password(accepted.password_hash, NEW_PASSWORD)
    assert accepted.invite_token_hash is None and accepted.invite_expires_at is None
    [event] = audit_events(records, "invitation_accepted")
    assert event.target_id == user.id

    client_request.post("/login", {"email": user.email, "password": NEW_PASSWORD})
    client_request.post("/logout")
    client_request.get(f"/invitation/{token}", expected_status=404)
    client_request.get("/invitation", expected_status=404)


def test_an_expired_invitation_is_refused(client_request, records, invitation):
    user, token = invitation
    user.invite_expires_at = utcnow() - timedelta(seconds=1)
    records.commit()
    page = client_request.get(f"/invitation/{token}", expected_status=404)
    assert page.h1 == "This invitation link cannot be used"


def test_an_invitation_that_expires_while_the_form_is_open_is_refused(client_request, records, invitation):
    user, token = invitation
    client_request.get(f"/invitation/{token}", expected_status=302)
    user.invite_expires_at = utcnow() - timedelta(seconds=1)
    records.commit()
    client_request.post("/invitation", {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
                        expected_status=404)
    assert fresh(records, user).password_hash is None


def test_unknown_tokens_get_the_same_page(client_request):
    page = client_request.get("/invitation/not-a-real-token", expected_status=404)
    assert page.h1 == "This invitation link cannot be used"


def test_a_deactivated_user_cannot_use_their_invitation(client_request, records, invitation):
    user, token = invitation
    user.active = False
    records.commit()
    client_request.get(f"/invitation/{token}", expected_status=404)


@pytest.mark.parametrize("password, confirm, errors", [
    ("", "", ["Enter a password", "Enter the password again"]),
    ("too short", "too short", ["Password must be 12 characters or more"]),
    (NEW_PASSWORD, "something else entirely", ["The passwords do not match"]),
])
def test_a_weak_or_mistyped_password_is_explained(client_request, records, invitation, password, confirm, errors):
    user, token = invitation
    page = _accept(client_request, token, password, confirm, expected_status=200)
    assert page.error_messages() == errors
    assert page.title.startswith("Error: Create your password")
    assert fresh(records, user).password_hash is None


@pytest.mark.parametrize("password, message", [
    ("password1234", "Choose a password that is harder to guess: this one is too common or too simple"),
    ("Safeguarding2026!", "Choose a password that is harder to guess: this one is too common or too simple"),
    ("123456789012", "Choose a password that is harder to guess: this one is too common or too simple"),
    ("abcdefghijklmnop", "Choose a password that is harder to guess: this one is too common or too simple"),
    ("zzzzzzzzzzzzzzzz", "Choose a password that is harder to guess: this one is too common or too simple"),
    ("new.person rules ok", "Choose a password without your email address or your organisation’s name in it"),
])
def test_a_password_anyone_could_guess_is_refused(client_request, records, council, invitation, password, message):
    user, token = invitation
    page = _accept(client_request, token, password, expected_status=200)
    assert page.error_messages() == [message]
    assert fresh(records, user).password_hash is None


def test_the_organisations_name_is_not_a_password(client_request, records, council, invitation):
    user, token = invitation
    word = council.name.split()[0].lower() if len(council.name.split()[0]) >= 4 else council.name.split()[-1].lower()
    page = _accept(client_request, token, f"my {word} password is long", expected_status=200)
    assert page.error_messages() == [
        "Choose a password without your email address or your organisation’s name in it"]


def test_a_token_cannot_be_spent_twice(records, invitation):
    user, token = invitation
    assert accept_invitation(records, token_hash(token), NEW_PASSWORD).id == user.id
    assert accept_invitation(records, token_hash(token), "another password here") is None
    assert verify_password(fresh(records, user).password_hash, NEW_PASSWORD)


def test_a_new_invitation_replaces_the_old_one(client_request, records, council, invitation):
    user, old_token = invitation
    admin = create_user(records, council, Role.ADMIN)
    new_token = reissue_invitation(records, user, council.id, admin)
    client_request.get(f"/invitation/{old_token}", expected_status=404)
    _accept(client_request, new_token)
    [event] = audit_events(records, "invitation_reissued")
    assert event.user_id == admin.id


def test_an_accepted_invitation_signs_out_whoever_was_signed_in(client_request, records, council, invitation):
    user, token = invitation
    admin = create_user(records, council, Role.ADMIN)
    client_request.login(admin, PASSWORD)
    _accept(client_request, token)
    assert client_request.client.get("/admin/users").status_code == 302
