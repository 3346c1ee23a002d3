"""Who may use the duty desk, and whose alerts they see."""
import pytest

from feedback_app.models import AlertStatus, Membership, Role
from tests.factories import create_organisation, create_user

from .conftest import PASSWORD, audit_actions, raise_alerts, reload

ROUTES = [
    ("get", "/duty/"),
    ("get", "/duty/alerts/{id}"),
    ("post", "/duty/alerts/{id}/acknowledge"),
    ("post", "/duty/alerts/{id}/close"),
]


def _alert_links(page):
    return [a.get("href") for a in page.findall(".//tbody//a")]


@pytest.mark.parametrize("method, path", ROUTES)
def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client, session, council, method, path):
    [alert] = raise_alerts(session, council, words=None)
    response = getattr(client, method)(path.format(id=alert.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ANALYST])
@pytest.mark.parametrize("method, path", ROUTES)
def test_staff_without_a_desk_role_are_refused(client_request, session, council, role, method, path):
    [alert] = raise_alerts(session, council, words=None)
    client_request.login(create_user(session, council, role, password=PASSWORD), PASSWORD)
    response = getattr(client_request.client, method)(path.format(id=alert.id), data={"action_taken": "Rang"})
    assert response.status_code == 403
    assert reload(session, alert).status == AlertStatus.OPEN
    assert "alert_viewed" not in audit_actions(session)


def test_an_administrator_can_see_the_desk(client_request, session, council):
    [alert] = raise_alerts(session, council, words=None)
    client_request.login(create_user(session, council, Role.ADMIN, password=PASSWORD), PASSWORD)
    assert _alert_links(client_request.get("/duty/")) == [f"/duty/alerts/{alert.id}"]
    client_request.get(f"/duty/alerts/{alert.id}")


def test_the_queue_holds_only_the_councils_own_alerts(desk, session, council, other_council):
    mine = raise_alerts(session, council)
    raise_alerts(session, other_council, reference="THEIRS-9876")
    page = desk.get("/duty/")
    assert sorted(_alert_links(page)) == sorted(f"/duty/alerts/{alert.id}" for alert in mine)
    assert "9876" not in page.text
    assert "All alerts (2)" in page.text


@pytest.mark.parametrize("method, path", ROUTES[1:])
def test_another_councils_alert_is_not_found(desk, session, other_council, method, path):
    [theirs] = raise_alerts(session, other_council, words=None)
    response = getattr(desk.client, method)(path.format(id=theirs.id), data={"action_taken": "Rang them"})
    assert response.status_code == 404
    theirs = reload(session, theirs)
    assert (theirs.status, theirs.acknowledged_by_id, theirs.action_taken) == (AlertStatus.OPEN, None, None)
    assert audit_actions(session, theirs) == ["alert_raised"]


def test_a_duty_officer_does_not_see_alerts_where_they_hold_another_role(client_request, session, council):
    """Duty desk for one council and practitioner for another: only the first council's alerts."""
    elsewhere = create_organisation(session, name="Eastmoor Council")
    officer = create_user(session, council, Role.DUTY, password=PASSWORD)
    officer.memberships.append(Membership(organisation_id=elsewhere.id, role=Role.PRACTITIONER))
    session.commit()
    mine = raise_alerts(session, council, words=None)
    [theirs] = raise_alerts(session, elsewhere, words=None)
    client_request.login(officer, PASSWORD)
    page = client_request.get("/duty/")
    assert _alert_links(page) == [f"/duty/alerts/{mine[0].id}"]
    assert page.find(".//span[@class='govuk-caption-l']").text == "Northshire Council"
    client_request.get(f"/duty/alerts/{theirs.id}", expected_status=404)


def test_the_dashboard_leads_the_duty_desk_to_its_alerts(desk, session, council, other_council):
    raise_alerts(session, council)
    raise_alerts(session, other_council)
    page = desk.get("/")
    [link] = [a for a in page.findall(".//main//a") if a.get("href") == "/duty/"]
    assert link.text == "Alerts for the duty desk"
    assert "Alerts for the duty desk (2 open)" in page.text


def test_the_dashboard_has_no_desk_link_for_other_staff(client_request, session, council):
    client_request.login(create_user(session, council, Role.PRACTITIONER, password=PASSWORD), PASSWORD)
    page = client_request.get("/")
    assert "/duty/" not in [a.get("href") for a in page.findall(".//a")]
