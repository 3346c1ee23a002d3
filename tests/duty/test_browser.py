"""The duty desk in a real browser: no WCAG 2.2 A/AA problem found by axe-core in any state or
language, nothing scrolls sideways at 320px, and the actions work with the real CSRF token."""
import secrets

import pytest

from feedback_app.db import db
from feedback_app.duty.escalation import escalate_overdue_alerts
from feedback_app.duty.handling import acknowledge_alert, close_alert
from feedback_app.models import Alert, AlertStatus, Role
from tests.browser.support import assert_accessible, assert_pages_reflow, narrow_page
from tests.factories import create_organisation, create_user

from .conftest import raise_alerts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def desk_data(live_app):
    """A council with alerts in every state, enough for two pages, and a duty officer."""
    password = secrets.token_urlsafe(12)
    with live_app.app_context():
        session = db.session
        council = create_organisation(session, name="Browser Desk Council", slug=f"desk-{secrets.token_hex(3)}")
        officer = create_user(session, council, Role.DUTY, password=password, name="Dana Desk",
                              email=f"duty-{secrets.token_hex(3)}@browser.example")
        alerts = []
        for minutes in range(14):
            alerts += raise_alerts(session, council, minutes_ago=200 - minutes * 10, checked_by=officer,
                                   words="I am scared of him.\nHe still hits me when the carers go.")
        escalate_overdue_alerts(session)
        acknowledge_alert(session, alerts[-2], officer)
        close_alert(session, alerts[-4], officer, "Rang her on the safe number.\nShe is staying with her sister.")
        ids = {"flagged": alerts[-1].id, "acknowledged": alerts[-2].id, "closed": alerts[-4].id,
               "open": alerts[-5].id}
        return officer.email, password, ids


def _sign_in(page, base, email, password):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_duty_pages_in_every_state(live_app, page, axe, desk_data, language):
    base = live_app.config["LIVE_URL"]
    email, password, ids = desk_data
    page.goto(f"{base}/login?lang={language}")
    _sign_in(page, base, email, password)
    for path in ("/", "/duty/", "/duty/?page=2", "/duty/?status=closed", f"/duty/alerts/{ids['flagged']}",
                 f"/duty/alerts/{ids['acknowledged']}", f"/duty/alerts/{ids['closed']}"):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page, f"{path} {language}")
    page.goto(f"{base}/duty/alerts/{ids['open']}")
    page.click("form[action$='/close'] button")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"close error {language}")


def test_acknowledging_and_closing_with_the_real_csrf_token(live_app, page, desk_data):
    base = live_app.config["LIVE_URL"]
    email, password, ids = desk_data
    _sign_in(page, base, email, password)
    page.goto(f"{base}/duty/alerts/{ids['open']}")
    with page.expect_navigation():
        page.click("form[action$='/acknowledge'] button")
    assert "You have acknowledged this alert." in page.inner_text("main")
    page.fill("#action_taken", "Spoke to her daughter, who is with her now.")
    with page.expect_navigation():
        page.click("form[action$='/close'] button")
    assert "the alert is closed" in page.inner_text("main")
    with live_app.app_context():
        alert = db.session.get(Alert, ids["open"])
        assert alert.status == AlertStatus.CLOSED


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_sideways_scrolling_at_320px(live_app, browser, desk_data, language):
    base = live_app.config["LIVE_URL"]
    email, password, ids = desk_data
    with narrow_page(browser) as narrow:
        narrow.goto(f"{base}/login?lang={language}")
        _sign_in(narrow, base, email, password)
        assert_pages_reflow(narrow, [f"{base}{path}" for path in (
            "/duty/", f"/duty/alerts/{ids['flagged']}", f"/duty/alerts/{ids['closed']}")])
