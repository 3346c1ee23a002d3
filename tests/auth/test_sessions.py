import time

import pytest
from flask import request_finished

from feedback_app.auth.session import LAST_SEEN_KEY, load_user, visible_organisation_ids
from feedback_app.db import current_scope, db
from feedback_app.models import OrganisationKind, Partnership, Role
from tests.factories import create_organisation, create_user

from .fixtures import PASSWORD, audit_events, fresh


@pytest.fixture
def admin(records):
    return create_user(records, create_organisation(records), Role.ADMIN)


def _signed_in(client_request) -> bool:
    return client_request.client.get("/admin/users").status_code == 200


def test_bumping_the_session_version_ends_existing_sessions(client_request, records, admin):
    client_request.login(admin, PASSWORD)
    assert _signed_in(client_request)
    admin.session_version += 1
    records.commit()
    assert not _signed_in(client_request)


def test_a_deactivated_user_is_signed_out_at_their_next_request(client_request, records, admin):
    client_request.login(admin, PASSWORD)
    admin.active = False
    records.commit()
    assert not _signed_in(client_request)


def test_signing_out_ends_every_session_of_that_user(app, client_request, records, admin):
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": admin.email, "password": PASSWORD})
    client_request.login(admin, PASSWORD)

    response = client_request.post("/logout")
    assert response.headers["Location"] == "/login"
    assert not _signed_in(client_request)
    assert other_browser.get("/admin/users").status_code == 302
    assert fresh(records, admin).session_version == 2
    [event] = audit_events(records, "sign_out")
    assert event.user_id == admin.id
    page = client_request.get("/login")
    assert "You have signed out." in page.text


def test_signing_out_keeps_the_language(client_request, admin):
    client_request.get("/login?lang=cy")
    client_request.login(admin, PASSWORD)
    client_request.post("/logout")
    with client_request.client.session_transaction() as cookie:
        assert cookie["lang"] == "cy"
        assert set(cookie) <= {"lang", "_flashes"}


def test_signing_out_needs_a_post(client_request, admin):
    client_request.login(admin, PASSWORD)
    assert client_request.client.get("/logout").status_code == 405
    assert _signed_in(client_request)


@pytest.mark.parametrize("idle_minutes, signed_in", [(29, True), (31, False)])
def test_sessions_end_after_thirty_idle_minutes(client_request, admin, idle_minutes, signed_in):
    client_request.login(admin, PASSWORD)
    with client_request.client.session_transaction() as cookie:
        cookie[LAST_SEEN_KEY] = int(time.time()) - idle_minutes * 60
    response = client_request.client.get("/admin/users")
    if signed_in:
        assert response.status_code == 200
        return
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/admin/users"
    page = client_request.get("/login")
    assert "You were signed out because you did not do anything for 30 minutes." in page.text
    assert not _signed_in(client_request)


def test_activity_keeps_a_session_alive(client_request, admin):
    client_request.login(admin, PASSWORD)
    with client_request.client.session_transaction() as cookie:
        cookie[LAST_SEEN_KEY] = int(time.time()) - 29 * 60
    assert _signed_in(client_request)
    with client_request.client.session_transaction() as cookie:
        assert cookie[LAST_SEEN_KEY] >= int(time.time()) - 5


def test_the_idle_limit_comes_from_configuration(app, client_request, admin):
    app.config["STAFF_IDLE_MINUTES"] = 1
    client_request.login(admin, PASSWORD)
    with client_request.client.session_transaction() as cookie:
        cookie[LAST_SEEN_KEY] = int(time.time()) - 61
    assert client_request.client.get("/admin/users").status_code == 302
    page = client_request.get("/login")
    assert "did not do anything for 1 minute." in page.text


@pytest.mark.parametrize("user_id", ["", "abc", "1", "1:x", "x:1", None])
def test_malformed_session_ids_load_nobody(app, user_id):
    with app.app_context():
        assert load_user(user_id) is None


def test_a_stale_session_version_loads_nobody(app, admin):
    with app.app_context():
        assert load_user(f"{admin.id}:{admin.session_version}").id == admin.id
        assert load_user(f"{admin.id}:{admin.session_version + 1}") is None


def test_staff_see_their_own_organisation(app, client_request, records):
    council, other = create_organisation(records), create_organisation(records)
    practitioner = create_user(records, council, Role.PRACTITIONER)
    client_request.login(practitioner, PASSWORD)
    assert _scope_during_a_request(app, client_request.client) == {council.id}
    assert other.id not in visible_organisation_ids_for(app, practitioner)


def _scope_during_a_request(app, browser):
    seen = []

    def note_scope(sender, response, **extra):
        seen.append(current_scope(db.session))

    with request_finished.connected_to(note_scope, app):
        assert browser.get("/").status_code == 200
    [scope] = seen
    return scope


def visible_organisation_ids_for(app, user):
    with app.app_context():
        return visible_organisation_ids(db.session.get(type(user), user.id))


def test_national_viewers_are_not_scoped(app, records):
    national = create_organisation(records, kind=OrganisationKind.NATIONAL)
    viewer = create_user(records, national, Role.NATIONAL)
    assert visible_organisation_ids_for(app, viewer) is None
    browser = app.test_client()
    browser.post("/login", data={"email": viewer.email, "password": PASSWORD})
    assert _scope_during_a_request(app, browser) is None


def test_advocates_see_the_councils_their_service_works_for(app, records):
    advocacy = create_organisation(records, kind=OrganisationKind.ADVOCACY)
    partner, former, stranger = (create_organisation(records) for _ in range(3))
    records.add_all([
        Partnership(council_id=partner.id, partner_id=advocacy.id),
        Partnership(council_id=former.id, partner_id=advocacy.id, active=False),
    ])
    records.commit()
    advocate = create_user(records, advocacy, Role.ADVOCATE)
    assert visible_organisation_ids_for(app, advocate) == {advocacy.id, partner.id}
    advocacy_admin = create_user(records, advocacy, Role.ADMIN)
    assert visible_organisation_ids_for(app, advocacy_admin) == {advocacy.id}
