"""Council administrators create and revoke API keys."""
import pytest
from sqlalchemy import select

from feedback_app.api.keys import hash_key
from feedback_app.models import ApiKey, OrganisationKind, Role
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.factories import create_organisation, create_user


@pytest.fixture
def admin(records, council):
    return create_user(records, council, Role.ADMIN, name="Ada Admin")


@pytest.fixture
def signed_in(client_request, admin):
    client_request.login(admin, PASSWORD)
    return client_request


def _keys(records):
    records.expire_all()
    return list(records.scalars(select(ApiKey).order_by(ApiKey.id)))


def test_an_admin_creates_a_key_that_is_shown_once_and_works(signed_in, records, council):
    page = signed_in.get("/admin/api-keys")
    assert page.h1 == "API keys"
    assert "There are no API keys yet." in page.text
    page = signed_in.post("/admin/api-keys", data={"name": "Liquidlogic"}, expected_status=200)
    assert page.response.headers["Cache-Control"] == "no-store"
    assert "Copy the key now" in page.text
    key = page.by_id("api-key").findtext(".//code")
    [record] = _keys(records)
    assert record.key_hash == hash_key(key) and record.organisation_id == council.id
    [event] = audit_events(records, "api_key_created")
    assert event.organisation_id == council.id and key not in str(event.detail)

    listing = signed_in.get("/admin/api-keys")
    assert "Liquidlogic" in listing.text and record.prefix in listing.text
    assert key not in listing.html
    assert signed_in.client.get("/api/v1/enquiries?case_reference=X",
                                headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert "Never" not in signed_in.get("/admin/api-keys").text


def test_a_key_needs_a_name(signed_in, records):
    page = signed_in.post("/admin/api-keys", data={"name": "  "}, expected_status=200)
    assert page.error_messages() == ["Enter a name for the key"]
    assert page.title.startswith("Error: ")
    assert _keys(records) == []


def test_an_admin_revokes_a_key(signed_in, records):
    page = signed_in.post("/admin/api-keys", data={"name": "Mosaic"}, expected_status=200)
    key = page.by_id("api-key").findtext(".//code")
    [record] = _keys(records)
    signed_in.post(f"/admin/api-keys/{record.id}/revoke")
    assert fresh(records, record).revoked_at is not None
    [event] = audit_events(records, "api_key_revoked")
    assert event.target_id == record.id
    page = signed_in.get("/admin/api-keys")
    assert "Revoked" in page.text and "has been revoked" in page.text
    assert signed_in.client.get("/api/v1/enquiries?case_reference=X",
                                headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_another_councils_key_cannot_be_revoked(signed_in, records):
    from feedback_app.api.keys import create_key
    theirs, _ = create_key(records, create_organisation(records), "Theirs", None)
    assert signed_in.client.post(f"/admin/api-keys/{theirs.id}/revoke").status_code == 404
    assert fresh(records, theirs).revoked_at is None


def test_the_navigation_links_to_api_keys(signed_in):
    page = signed_in.get("/admin/users")
    assert any(a.get("href") == "/admin/api-keys" for a in page.findall(".//nav//a"))


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ANALYST, Role.DUTY])
@pytest.mark.parametrize("method, path", [("get", "/admin/api-keys"), ("post", "/admin/api-keys"),
                                          ("post", "/admin/api-keys/1/revoke")])
def test_other_staff_cannot_manage_keys(client_request, records, council, role, method, path):
    client_request.login(create_user(records, council, role), PASSWORD)
    assert getattr(client_request.client, method)(path, data={"name": "x"}).status_code == 403
    assert _keys(records) == []


def test_an_admin_of_an_organisation_that_is_not_a_council_cannot_manage_keys(client_request, records):
    partner = create_organisation(records, kind=OrganisationKind.ADVOCACY)
    client_request.login(create_user(records, partner, Role.ADMIN), PASSWORD)
    assert client_request.client.get("/admin/api-keys").status_code == 403
