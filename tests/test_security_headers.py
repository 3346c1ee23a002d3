"""Every response carries the security headers, signed in or out, and nothing a member of staff
sees, nor any download, may be kept by a browser or a proxy. Walks the whole URL map."""
import pytest

from feedback_app.models import OrganisationKind, Role
from tests.factories import create_organisation, create_user

PASSWORD = "correct horse battery"
SAMPLE_ARGUMENTS = {"token": "not-a-real-link", "key": "consent", "code": "AAAA-AAAA", "name": "tick.svg",
                    "period_slug": "2025-26-q1", "filename": "app.css", "slug": "nowhere"}


def _urls(app):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {arg: SAMPLE_ARGUMENTS.get(arg, 1) for arg in rule.arguments}
        yield rule.build(values, append_unknown=False)[1]


def _check(response, url, *, staff: bool):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp and "script-src 'self' 'nonce-" in csp, url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") in ("no-referrer", "same-origin"), url
    assert "camera=()" in headers.get("Permissions-Policy", ""), url
    assert headers.get("X-Robots-Tag") == "noindex, nofollow", url
    if staff:
        assert headers.get("Cache-Control") == "no-store", (url, response.status_code)


@pytest.fixture
def staff(session):
    council = create_organisation(session)
    user = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    for role in (Role.ADMIN, Role.ANALYST, Role.DUTY):
        create_user(session, council, role)
    from feedback_app.models import Membership
    for role in (Role.ADMIN, Role.ANALYST, Role.DUTY):
        session.add(Membership(user_id=user.id, organisation_id=council.id, role=role))
    partner = create_organisation(session, kind=OrganisationKind.ADVOCACY)
    session.add(Membership(user_id=user.id, organisation_id=partner.id, role=Role.ADVOCATE))
    session.commit()
    return user


def test_every_page_signed_out_carries_the_headers(app, client):
    checked = 0
    for url in _urls(app):
        _check(client.get(url), url, staff=False)
        checked += 1
    assert checked > 60


def test_every_page_signed_in_carries_the_headers_and_is_never_stored(app, client, staff):
    assert client.post("/login", data={"email": staff.email, "password": PASSWORD}).status_code == 302
    checked = 0
    for url in _urls(app):
        if url.endswith("/logout") or url.startswith(("/s/", "/questionnaire", "/p")):
            continue  # the person's pages start a session of their own (checked signed out above)
        response = client.get(url)
        assert "/login" not in response.headers.get("Location", ""), url
        _check(response, url, staff=True)
        checked += 1
    assert checked > 40


def test_the_persons_pages_send_no_referrer_and_cannot_be_framed(client_request, client):
    response = client.get("/s/not-a-real-link")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_one_inline_script_carries_this_responses_nonce(client):
    first, second = client.get("/login"), client.get("/login")
    nonces = []
    for response in (first, second):
        nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'nonce="{nonce}"' in response.get_data(as_text=True)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_https_requests_get_strict_transport_security(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://feedback.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_static_files_may_be_cached(client):
    response = client.get("/assets/app.css")
    assert response.status_code == 200 and response.headers.get("Cache-Control") != "no-store"


def test_behind_a_trusted_proxy_the_clients_address_and_https_are_believed(database_url, session):
    from sqlalchemy import select

    from feedback_app.models import AuditEvent
    from tests.conftest import make_test_app

    forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    trusting = make_test_app(database_url, TRUSTED_PROXIES=1).test_client()
    response = trusting.post("/login", data={"email": "nobody@example.org", "password": "wrong"}, headers=forwarded)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    session.expire_all()
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.ip_address == "203.0.113.7"
    # With no proxy trusted (the default), the same headers from a client change nothing.
    direct = make_test_app(database_url).test_client()
    response = direct.post("/login", data={"email": "nobody@example.org", "password": "wrong"}, headers=forwarded)
    assert "Strict-Transport-Security" not in response.headers
    session.expire_all()
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.ip_address != "203.0.113.7"
