"""Escalation: alerts nobody acknowledged in time are marked overdue, once, in every council."""
import pytest

from feedback_app.db import current_scope, scope_to_organisations
from feedback_app.duty.escalation import escalate_overdue_alerts, escalation_minutes
from feedback_app.duty.handling import acknowledge_alert
from feedback_app.models import AlertStatus, utcnow
from tests.factories import create_organisation

from .conftest import audit_actions, raise_alerts, reload


def _alert(session, council, minutes_ago):
    [alert] = raise_alerts(session, council, words=None, minutes_ago=minutes_ago)
    return alert


@pytest.mark.parametrize("settings, minutes", [
    ({}, 60), (None, 60), ({"alert_escalation_minutes": 15}, 15), ({"alert_escalation_minutes": "20"}, 20),
    ({"alert_escalation_minutes": 1}, 5), ({"alert_escalation_minutes": -30}, 5),
    ({"alert_escalation_minutes": "soon"}, 60), ({"alert_escalation_minutes": True}, 60),
])
def test_the_councils_time_limit(settings, minutes):
    assert escalation_minutes(settings) == minutes


def test_alerts_older_than_the_limit_escalate_once(session, council):
    overdue = _alert(session, council, 61)
    recent = _alert(session, council, 59)
    now = utcnow()
    assert escalate_overdue_alerts(session, now=now) == 1
    assert escalate_overdue_alerts(session) == 0
    overdue, recent = reload(session, overdue), reload(session, recent)
    assert overdue.escalated_at == now and overdue.status == AlertStatus.OPEN
    assert recent.escalated_at is None
    assert audit_actions(session, overdue).count("alert_escalated") == 1
    assert "alert_escalated" not in audit_actions(session, recent)


def test_acknowledged_and_closed_alerts_do_not_escalate(session, council, duty_user):
    acknowledged = _alert(session, council, 120)
    acknowledge_alert(session, acknowledged, duty_user)
    assert escalate_overdue_alerts(session) == 0
    assert reload(session, acknowledged).escalated_at is None


def test_each_councils_own_limit_applies(session, council):
    quick = create_organisation(session, settings={"alert_escalation_minutes": 10})
    strict = create_organisation(session, settings={"alert_escalation_minutes": 1})
    at_quick, at_default = _alert(session, quick, 15), _alert(session, council, 15)
    too_soon, past_minimum = _alert(session, strict, 3), _alert(session, strict, 6)
    assert escalate_overdue_alerts(session) == 2
    escalated = {a.id for a in (at_quick, at_default, too_soon, past_minimum) if reload(session, a).escalated_at}
    assert escalated == {at_quick.id, past_minimum.id}


def test_escalation_reaches_councils_outside_the_sessions_scope(session, council, other_council):
    theirs = _alert(session, other_council, 90)
    scope_to_organisations(session, {council.id})
    assert escalate_overdue_alerts(session) == 1
    assert current_scope(session) == frozenset({council.id})
    scope_to_organisations(session, {other_council.id})
    assert reload(session, theirs).escalated_at is not None


def test_the_command_prints_how_many_it_escalated(runner, session, council, other_council):
    _alert(session, council, 90), _alert(session, other_council, 90), _alert(session, council, 1)
    result = runner.invoke(args=["alerts", "escalate"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Escalated 2 overdue alerts."
    assert runner.invoke(args=["alerts", "escalate"]).output.strip() == "Escalated 0 overdue alerts."


def test_overdue_alerts_top_the_queue(desk, session, council):
    waiting = _alert(session, council, 50)
    overdue = _alert(session, council, 70)
    acknowledged_late = _alert(session, council, 200)
    escalate_overdue_alerts(session)
    page = desk.get("/duty/")
    links = [row.find(".//a").get("href") for row in page.findall(".//tbody/tr")]
    assert links[:2] == [f"/duty/alerts/{acknowledged_late.id}", f"/duty/alerts/{overdue.id}"]
    assert links[2] == f"/duty/alerts/{waiting.id}"
    assert [tag.text.strip() for tag in page.findall(".//tbody/tr[1]//strong")] == ["Open", "Overdue"]
    desk.post(f"/duty/alerts/{acknowledged_late.id}/acknowledge")
    page = desk.get(f"/duty/alerts/{acknowledged_late.id}")
    tags = [tag.text.strip() for tag in page.findall(".//main//strong") if "govuk-tag" in (tag.get("class") or "")]
    assert tags == ["Acknowledged"]
    assert "Overdue: not acknowledged in time" in page.text
