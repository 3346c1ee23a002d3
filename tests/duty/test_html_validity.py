"""The W3C Nu HTML checker finds no errors on the duty desk's pages, in any state."""
import json
import shutil
import subprocess

from feedback_app.duty.escalation import escalate_overdue_alerts
from feedback_app.duty.handling import acknowledge_alert, close_alert
from tests.test_html_validity import VNU

from .conftest import raise_alerts


def _pages(desk, session, council, duty_user):
    alerts = []
    for minutes in range(13):
        alerts += raise_alerts(session, council, minutes_ago=120 - minutes, checked_by=duty_user)
    escalate_overdue_alerts(session)
    acknowledge_alert(session, alerts[1], duty_user)
    close_alert(session, alerts[2], duty_user, "Rang her.\nShe is safe.")
    for path in ("/", "/duty/", "/duty/?page=2", "/duty/?status=acknowledged", "/duty/?status=closed&page=1",
                 f"/duty/alerts/{alerts[0].id}", f"/duty/alerts/{alerts[1].id}", f"/duty/alerts/{alerts[2].id}",
                 f"/duty/alerts/{alerts[3].id}"):
        yield path, desk.client.get(path)
    yield "close error", desk.client.post(f"/duty/alerts/{alerts[0].id}/close", data={"action_taken": ""})


def test_duty_pages_are_valid_html(desk, session, council, duty_user, tmp_path):
    assert shutil.which("java"), "Java is needed for the HTML checker: apt-get install default-jre-headless"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci`"
    files = {}
    for index, (name, response) in enumerate(_pages(desk, session, council, duty_user)):
        assert response.status_code == 200, (name, response.status_code)
        path = tmp_path / f"page{index}.html"
        path.write_bytes(response.get_data())
        files[str(path)] = name
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{files.get(m.get('url', '').replace('file:', ''), m.get('url'))}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []
