"""The queue: what needs attention first, filtering by status, and pages of 25."""
from datetime import datetime, timezone

from feedback_app.duty.handling import acknowledge_alert, close_alert
from feedback_app.models import utcnow

from .conftest import raise_alerts


def _rows(page):
    """Each row's link and its cells' text."""
    rows = []
    for row in page.findall(".//tbody/tr"):
        cells = [" ".join("".join(cell.itertext()).split()) for cell in row.findall("td")]
        rows.append((row.find(".//a").get("href"), cells))
    return rows


def _links(page):
    return [href for href, _ in _rows(page)]


def _one_alert(session, council, minutes_ago, **kwargs):
    [alert] = raise_alerts(session, council, words=None, minutes_ago=minutes_ago, **kwargs)
    return alert


def test_overdue_then_open_oldest_first_then_acknowledged_then_closed(desk, session, council, duty_user):
    newer_open = _one_alert(session, council, 5)
    older_open = _one_alert(session, council, 50)
    overdue = _one_alert(session, council, 20)
    overdue.escalated_at = utcnow()
    acknowledged = _one_alert(session, council, 300)
    closed_long_ago = _one_alert(session, council, 600)
    closed_lately = _one_alert(session, council, 400)
    session.commit()
    acknowledge_alert(session, acknowledged, duty_user)
    close_alert(session, closed_long_ago, duty_user, "Rang her; she is safe.")
    close_alert(session, closed_lately, duty_user, "Visited with the police.")

    page = desk.get("/duty/")
    expected = [overdue, older_open, newer_open, acknowledged, closed_lately, closed_long_ago]
    assert _links(page) == [f"/duty/alerts/{alert.id}" for alert in expected]
    statuses = [cells[2] for _, cells in _rows(page)]
    assert statuses == ["Open Overdue", "Open", "Open", "Acknowledged", "Closed", "Closed"]


def test_each_row_says_when_what_and_which_case(desk, session, council):
    flagged = raise_alerts(session, council, safety=False, reference="ABC-7781")[0]
    flagged.created_at = datetime(2025, 7, 1, 11, 30, tzinfo=timezone.utc)
    session.commit()
    [(href, (raised, what, status))] = _rows(desk.get("/duty/"))
    assert href == f"/duty/alerts/{flagged.id}"
    # Shown in UK time: 11:30 UTC is 12:30 in British Summer Time.
    assert raised.endswith("ago (1 July 2025, 12:30)")
    assert what == "Worrying words in an answer, raised 1 July 2025, 12:30 Case …7781"
    assert status == "Open"


def test_how_long_ago_is_shown_in_words(desk, session, council):
    _one_alert(session, council, 180)
    [(_, cells)] = _rows(desk.get("/duty/"))
    assert cells[0].startswith("3 hours ago")
    assert cells[1].startswith("Asked to be contacted about their safety")


def test_filtering_by_status(desk, session, council, duty_user):
    waiting, acknowledged, closed = (_one_alert(session, council, minutes) for minutes in (3, 2, 1))
    acknowledge_alert(session, acknowledged, duty_user)
    close_alert(session, closed, duty_user, "Spoke to the enquiry lead.")
    for status, alert in (("open", waiting), ("acknowledged", acknowledged), ("closed", closed)):
        page = desk.get(f"/duty/?status={status}")
        assert _links(page) == [f"/duty/alerts/{alert.id}"]
        [current] = [a for a in page.findall(".//nav//a") if a.get("aria-current") == "page"]
        assert current.get("href") == f"/duty/?status={status}"
    assert len(_links(desk.get("/duty/"))) == 3
    # Anything else shows every alert rather than an error.
    assert len(_links(desk.get("/duty/?status=urgent"))) == 3
    page = desk.get("/duty/")
    for words in ("All alerts (3)", "Open (1)", "Acknowledged (1)", "Closed (1)"):
        assert words in page.text


def test_an_empty_queue_says_so(desk, session, council):
    assert "There are no alerts." in desk.get("/duty/").text
    _one_alert(session, council, 1)
    assert "There are no alerts with the status “Closed”." in desk.get("/duty/?status=closed").text


def test_pages_of_twenty_five(desk, session, council):
    for minutes in range(15):
        raise_alerts(session, council, minutes_ago=100 - minutes)
    first = desk.get("/duty/")
    assert len(_links(first)) == 25
    assert "Alerts 1 to 25 of 30" in first.text
    assert first.find(".//nav[@class='govuk-pagination']") is not None
    second = desk.get("/duty/?page=2")
    assert len(_links(second)) == 5
    assert "Alerts 26 to 30 of 30" in second.text
    assert set(_links(first)).isdisjoint(_links(second))
    current = second.find(".//a[@aria-current='page'][@class='govuk-link govuk-pagination__link']")
    assert current.get("href") == "/duty/?page=2"
    assert second.find(".//a[@rel='prev']").get("href") == "/duty/?page=1"
    for beyond in ("0", "3"):
        desk.get(f"/duty/?page={beyond}", expected_status=404)


def test_pages_keep_the_status_filter(desk, session, council):
    for minutes in range(13):
        raise_alerts(session, council, minutes_ago=100 - minutes)
    page = desk.get("/duty/?status=open")
    assert page.find(".//a[@rel='next']").get("href") == "/duty/?status=open&page=2"
    assert len(_links(desk.get("/duty/?status=open&page=2"))) == 1
