"""Casework in a real browser: no WCAG 2.2 A/AA problem found by axe-core in any state or
language, nothing scrolls sideways at 320px, and revealed questions work with the real CSRF token."""
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from feedback_app.db import db
from feedback_app.models import InvitationStatus, Role
from tests.browser.support import assert_accessible, assert_pages_reflow, narrow_page
from tests.factories import create_organisation, create_user

from .conftest import add_adult, add_checked_mobile, invitations, ready_to_ask, register
from .test_outcomes_pdf import record_outcomes

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def casework(live_app):
    """A practitioner with an enquiry, one person ready to ask and one who is not."""
    password = secrets.token_urlsafe(12)
    with live_app.app_context():
        session = db.session
        council = create_organisation(session, name="Browser Casework Council", slug=f"cw-{secrets.token_hex(3)}")
        user = create_user(session, council, Role.PRACTITIONER, password=password, name="Pip Practitioner",
                           email=f"cw-{secrets.token_hex(3)}@browser.example")
        enquiry = register(session, council, user, reference=f"NS-{secrets.token_hex(3)}")
        record_outcomes(session, enquiry, user)
        ready = ready_to_ask(session, enquiry, user)
        blocked = add_adult(session, enquiry, user, language="cy")
        contact = add_checked_mobile(session, blocked, user, private=False)
        return {"email": user.email, "password": password, "enquiry": enquiry.id, "ready": ready.id,
                "blocked": blocked.id, "contact": contact.id}


def _sign_in(page, base, data, language):
    page.goto(f"{base}/login?lang={language}")
    page.fill("#email", data["email"])
    page.fill("#password", data["password"])
    with page.expect_navigation():
        page.click("button[type=submit]")


def _paths(data):
    enquiry, ready, blocked = data["enquiry"], data["ready"], data["blocked"]
    return ["/casework/", "/casework/due", "/casework/declined", "/casework/enquiries/new",
            f"/casework/enquiries/{enquiry}", f"/casework/enquiries/{enquiry}/outcomes",
            f"/casework/enquiries/{enquiry}/participants/new", f"/casework/participants/{ready}",
            f"/casework/participants/{blocked}", f"/casework/participants/{ready}/screening",
            f"/casework/contact-points/{data['contact']}/safe-contact-check",
            f"/casework/participants/{blocked}/schedule", f"/casework/participants/{ready}/schedule"]


@pytest.mark.parametrize("language", ["en", "ur"])
def test_casework_pages_pass_axe(live_app, page, axe, casework, language):
    base = live_app.config["LIVE_URL"]
    _sign_in(page, base, casework, language)
    for path in _paths(casework):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page, f"{path} {language}")
    page.goto(f"{base}/casework/enquiries/new")
    page.click("form[method=post] button")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"register errors {language}")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_nothing_scrolls_sideways_at_320px(live_app, browser, casework, language):
    base = live_app.config["LIVE_URL"]
    with narrow_page(browser) as page:
        _sign_in(page, base, casework, language)
        assert_pages_reflow(page, [f"{base}{path}" for path in _paths(casework)])


def test_scheduling_in_the_browser_with_the_real_csrf_token(live_app, page, casework):
    base = live_app.config["LIVE_URL"]
    _sign_in(page, base, casework, "en")
    page.goto(f"{base}/casework/participants/{casework['ready']}/schedule")
    page.check("input[name=timing][value=after]")
    page.check("input[name=asked_by][value=enquiry_lead]")
    with page.expect_navigation():
        page.click("form[method=post] button")
    assert "Feedback is scheduled" in page.text_content("main")
    with live_app.app_context():
        [invitation] = [i for i in invitations(db.session) if i.participant_id == casework["ready"]]
        assert invitation.status == InvitationStatus.SCHEDULED
        assert invitation.due_at > datetime.now(ZoneInfo("Europe/London"))
