"""Acknowledging an alert and recording what was done: once, by whoever got there first."""
import pytest

from feedback_app.models import AlertStatus, Role
from tests.factories import create_user
from tests.pages import ClientRequest

from .conftest import PASSWORD, audit_actions, raise_alerts, reload


@pytest.fixture
def alert(session, council):
    return raise_alerts(session, council, words=None)[0]


def _colleague(app, session, council):
    """A second member of the desk, signed in on a browser of their own."""
    colleague = create_user(session, council, Role.DUTY, password=PASSWORD, name="Col League")
    browser = ClientRequest(app, app.test_client())
    browser.login(colleague, PASSWORD)
    return colleague, browser


def test_acknowledging_records_who_and_when(desk, session, alert, duty_user):
    response = desk.post(f"/duty/alerts/{alert.id}/acknowledge")
    assert response.headers["Location"] == f"/duty/alerts/{alert.id}"
    alert = reload(session, alert)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by_id == duty_user.id and alert.acknowledged_at is not None
    page = desk.get(f"/duty/alerts/{alert.id}")
    assert "You have acknowledged this alert." in page.text
    assert "Acknowledged by Dee Duty" in page.text
    assert page.find(f".//form[@action='/duty/alerts/{alert.id}/acknowledge']") is None
    assert audit_actions(session, alert).count("alert_acknowledged") == 1


def test_acknowledging_twice_keeps_the_first(app, desk, session, council, alert, duty_user):
    desk.post(f"/duty/alerts/{alert.id}/acknowledge")
    first = reload(session, alert).acknowledged_at
    colleague, browser = _colleague(app, session, council)
    browser.post(f"/duty/alerts/{alert.id}/acknowledge")
    desk.post(f"/duty/alerts/{alert.id}/acknowledge")
    alert = reload(session, alert)
    assert (alert.acknowledged_by_id, alert.acknowledged_at) == (duty_user.id, first)
    assert audit_actions(session, alert).count("alert_acknowledged") == 1
    assert "This alert had already been acknowledged" in browser.get(f"/duty/alerts/{alert.id}").text


def test_recording_what_was_done_closes_the_alert(desk, session, alert, duty_user):
    note = "Rang her at 10:15 on the safe number.\nShe is staying with her sister."
    response = desk.post(f"/duty/alerts/{alert.id}/close", {"action_taken": note.replace("\n", "\r\n")})
    assert response.headers["Location"] == f"/duty/alerts/{alert.id}"
    alert = reload(session, alert)
    assert (alert.status, alert.action_taken) == (AlertStatus.CLOSED, note)
    # Nobody had acknowledged it: closing it counts as picking it up.
    assert alert.acknowledged_by_id == duty_user.id and alert.acknowledged_at is not None
    actions = audit_actions(session, alert)
    assert actions.count("alert_closed") == 1 and "alert_acknowledged" not in actions
    page = desk.get(f"/duty/alerts/{alert.id}")
    assert "What you did has been recorded and the alert is closed." in page.text
    assert "She is staying with her sister." in page.text
    assert page.find(".//textarea") is None
    assert page.findall(".//form[@method='post']")[0].get("id") == "app-sign-out"


def test_closing_keeps_an_earlier_acknowledgement(app, desk, session, council, alert, duty_user):
    desk.post(f"/duty/alerts/{alert.id}/acknowledge")
    colleague, browser = _colleague(app, session, council)
    browser.post(f"/duty/alerts/{alert.id}/close", {"action_taken": "Visited with the police."})
    alert = reload(session, alert)
    assert alert.status == AlertStatus.CLOSED
    assert alert.acknowledged_by_id == duty_user.id
    history = browser.get(f"/duty/alerts/{alert.id}").text
    assert "Acknowledged, by Dee Duty" in history and "Closed, by Col League" in history


def test_closing_twice_keeps_the_first_record(desk, session, alert):
    desk.post(f"/duty/alerts/{alert.id}/close", {"action_taken": "Rang her."})
    desk.post(f"/duty/alerts/{alert.id}/close", {"action_taken": "Something else."})
    alert = reload(session, alert)
    assert alert.action_taken == "Rang her."
    assert audit_actions(session, alert).count("alert_closed") == 1
    assert "Someone had already closed this alert" in desk.get(f"/duty/alerts/{alert.id}").text


@pytest.mark.parametrize("typed, message", [
    ("", "Enter what you did about this alert"),
    ("   \r\n  ", "Enter what you did about this alert"),
    ("x" * 2001, "What you did must be 2,000 characters or fewer"),
])
def test_a_missing_or_overlong_record_is_refused_and_kept(desk, session, alert, typed, message):
    page = desk.post(f"/duty/alerts/{alert.id}/close", {"action_taken": typed}, expected_status=200)
    assert page.error_messages() == [message]
    assert page.title.startswith("Error: Asked to be contacted about their safety")
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == "#action_taken"
    assert page.by_id("action_taken-error") is not None
    if typed.strip():
        assert page.by_id("action_taken").text == typed
    alert = reload(session, alert)
    assert (alert.status, alert.action_taken) == (AlertStatus.OPEN, None)
    assert "alert_closed" not in audit_actions(session, alert)


def test_two_thousand_characters_with_line_breaks_fit(desk, session, alert):
    typed = "y" * 999 + "\r\n" + "y" * 1000
    assert len(typed) == 2001
    desk.post(f"/duty/alerts/{alert.id}/close", {"action_taken": typed})
    assert len(reload(session, alert).action_taken) == 2000


@pytest.mark.parametrize("action", ["acknowledge", "close"])
def test_actions_need_the_forms_csrf_token(app, desk, session, alert, action):
    app.config["WTF_CSRF_ENABLED"] = True
    response = desk.client.post(f"/duty/alerts/{alert.id}/{action}", data={"action_taken": "Rang her."})
    assert response.status_code == 400
    assert reload(session, alert).status == AlertStatus.OPEN
