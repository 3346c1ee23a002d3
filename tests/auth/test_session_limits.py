"""The absolute session lifetime, asking how long is left, staying signed in, and keeping what was
typed in a form when the session ends under it."""
import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from feedback_app.auth.saved_forms import purge_saved_forms
from feedback_app.auth.session import LAST_SEEN_KEY, SIGNED_IN_KEY
from feedback_app.models import Role, SavedForm, User, utcnow
from tests.factories import create_organisation, create_user

from .fixtures import PASSWORD

NOTE = "Spoke to her daughter, who says the carer now visits twice a day.\nCall back on Monday."
INVITE = "/admin/users/invite"


@pytest.fixture
def admin(records):
    return create_user(records, create_organisation(records), Role.ADMIN)


def _age(client, **seconds_ago):
    with client.session_transaction() as cookie:
        for key, ago in seconds_ago.items():
            cookie[key] = int(time.time()) - ago


def _send_invite(client, address=INVITE, **extra):
    return client.post(address, headers={"Referer": f"http://localhost{INVITE}"},
                       data={"name": NOTE, "email": "new.person@example.org", "role": "practitioner",
                             "password": "never kept", **extra})


def _invited(records):
    records.expire_all()
    return records.scalar(select(User).where(User.email == "new.person@example.org"))


def test_a_session_ends_after_twelve_hours_however_busy(client_request, admin):
    client_request.login(admin, PASSWORD)
    _age(client_request.client, **{SIGNED_IN_KEY: 12 * 3600 + 60, LAST_SEEN_KEY: 5})
    response = client_request.client.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/admin/users"
    assert "signed in for 12 hours" in client_request.get("/login").text
    assert client_request.client.get("/admin/users").status_code == 302


def test_the_lifetime_comes_from_configuration(app, client_request, admin):
    app.config["STAFF_SESSION_HOURS"] = 1
    client_request.login(admin, PASSWORD)
    _age(client_request.client, **{SIGNED_IN_KEY: 3601})
    assert client_request.client.get("/admin/users").status_code == 302
    assert "signed in for 1 hour." in client_request.get("/login").text


def test_asking_how_long_is_left_does_not_lengthen_the_session(client_request, admin):
    client_request.login(admin, PASSWORD)
    _age(client_request.client, **{LAST_SEEN_KEY: 29 * 60})
    status = client_request.client.get("/session/status")
    assert status.status_code == 200 and 0 < status.json["seconds_left"] <= 60
    # Staying signed in does.
    stay = client_request.client.post("/session/keep-alive")
    assert stay.status_code == 200 and stay.json["seconds_left"] > 29 * 60


def test_asking_after_the_end_says_so_and_leaves_the_session_for_the_form(client_request, admin):
    client_request.login(admin, PASSWORD)
    _age(client_request.client, **{LAST_SEEN_KEY: 31 * 60})
    assert client_request.client.get("/session/status").json == {"seconds_left": 0}
    assert client_request.client.get("/session/status").json == {"seconds_left": 0}


def test_signed_out_visitors_are_refused_not_redirected(client):
    assert client.get("/session/status").status_code == 403
    assert client.post("/session/keep-alive").status_code == 403


def test_what_was_typed_is_kept_and_put_back_after_signing_in_again(app, client_request, records, admin):
    client_request.login(admin, PASSWORD)
    _age(client_request.client, **{LAST_SEEN_KEY: 31 * 60})
    response = _send_invite(client_request.client)
    assert response.headers["Location"] == f"/login?next={INVITE}"
    assert "has been kept" in client_request.get("/login").text
    assert _invited(records) is None  # nothing was acted on
    # Encrypted at rest, and without the password or the CSRF token.
    stored = records.execute(text("SELECT fields FROM saved_form")).scalar_one()
    assert "carer" not in stored and "daughter" not in stored
    kept = json.loads(records.scalar(select(SavedForm)).fields)
    assert dict(kept)["name"] == NOTE and "password" not in dict(kept) and "csrf_token" not in dict(kept)

    back = client_request.client.post(f"/login?next={INVITE}", data={"email": admin.email, "password": PASSWORD})
    assert back.headers["Location"] == INVITE
    page = client_request.get(INVITE)
    assert "You were signed out before this form was sent" in page.text
    assert "the carer now visits twice a day" in page.text
    assert json.loads(page.find(".//script[@id='app-saved-form']").text) == kept

    # Sent again and accepted: what was kept goes.
    assert _send_invite(client_request.client).status_code == 200
    assert _invited(records) is not None
    records.expire_all()
    assert records.scalar(select(SavedForm)) is None
    assert "signed out before this form" not in client_request.get(INVITE).text


def test_a_form_handed_in_by_the_page_is_never_acted_on(client_request, records, admin):
    client_request.login(admin, PASSWORD)
    response = _send_invite(client_request.client, f"{INVITE}?_session_ended=1")
    assert response.status_code == 302 and response.headers["Location"] == INVITE
    assert _invited(records) is None
    assert "the carer now visits twice a day" in client_request.get(INVITE).text


def test_nobody_else_sees_what_was_kept(client_request, records, admin):
    client_request.login(admin, PASSWORD)
    _age(client_request.client, **{LAST_SEEN_KEY: 31 * 60})
    _send_invite(client_request.client)
    colleague = create_user(records, admin.organisation, Role.ADMIN)
    client_request.login(colleague, PASSWORD)
    assert "carer" not in client_request.get(INVITE).text


def test_kept_forms_are_purged_after_four_hours(session, records, admin):
    records.add(SavedForm(user_id=admin.id, page_path=INVITE, fields="[]", saved_at=utcnow() - timedelta(hours=5)))
    records.add(SavedForm(user_id=admin.id, page_path="/", fields="[]", saved_at=utcnow() - timedelta(hours=1)))
    records.commit()
    assert purge_saved_forms(records) == 1
    assert [kept.page_path for kept in records.scalars(select(SavedForm))] == ["/"]


def test_the_page_says_how_long_is_left_for_the_warning(client_request, admin):
    client_request.login(admin, PASSWORD)
    page = client_request.get("/admin/users")
    assert 1700 < int(page.find(".//body").get("data-session-seconds")) <= 1800
    dialog = page.find(".//dialog[@id='app-timeout']")
    assert dialog.get("data-warn-seconds") == "120" and "Stay signed in" in "".join(dialog.itertext())
