"""The warning before an idle sign-out, in Chromium: it opens as a dialogue that takes focus,
"Stay signed in" keeps the session, and when the time runs out what was typed comes back after
signing in again. The browser's clock is moved on by Playwright, the server's by patching its
clock, so nothing waits half an hour."""
import secrets
import time

import pytest

from feedback_app.auth import session as staff_session
from feedback_app.db import db
from feedback_app.models import Role
from tests.factories import create_organisation, create_user

from .support import assert_accessible, sign_in

NOTE = "Her neighbour has the spare key; ring before visiting."


@pytest.fixture
def staff(live_app):
    password = secrets.token_urlsafe(12)
    with live_app.app_context():
        council = create_organisation(db.session, name="Timeout Council", slug=f"timeout-{secrets.token_hex(3)}")
        user = create_user(db.session, council, role=Role.ADMIN, password=password,
                           email=f"timeout-{secrets.token_hex(3)}@browser.example")
        return user.email, password


@pytest.fixture
def server_clock(monkeypatch):
    """Move the server's clock on by a number of seconds."""
    offset = {"seconds": 0}
    monkeypatch.setattr(staff_session, "_now", lambda: int(time.time()) + offset["seconds"])
    return offset


def test_the_warning_keeps_the_session_or_keeps_what_was_typed(live_app, page, axe, staff, server_clock):
    base = live_app.config["LIVE_URL"]
    page.clock.install()
    sign_in(page, base, *staff)
    page.goto(f"{base}/admin/users/invite")
    page.fill("#name", NOTE)
    dialog = page.locator("dialog#app-timeout")
    assert not dialog.is_visible()

    # 29 minutes idle: the page asks the server, hears a minute is left, and warns.
    server_clock["seconds"] = 29 * 60
    page.clock.fast_forward((30 * 60 - 120 + 1) * 1000)
    dialog.wait_for(state="visible")
    assert page.get_by_role("dialog", name="You will be signed out soon").is_visible()
    assert page.evaluate("document.getElementById('app-timeout').contains(document.activeElement)")
    assert_accessible(axe, page, "timeout warning")

    page.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")

    # Away again past the limit: the form is handed in and kept, and sign-in brings it back.
    server_clock["seconds"] += 31 * 60
    with page.expect_navigation(url=f"{base}/login?next=/admin/users/invite"):
        page.clock.fast_forward(31 * 60 * 1000)
    assert "did not do anything for 30 minutes" in page.inner_text("main")
    assert "has been kept" in page.inner_text("main")
    server_clock["seconds"] = 0
    page.fill("#email", staff[0])
    page.fill("#password", staff[1])
    with page.expect_navigation(url=f"{base}/admin/users/invite"):
        page.click("main button[type=submit]")
    assert page.input_value("#name") == NOTE
    assert "You were signed out before this form was sent" in page.inner_text("main")
    assert_accessible(axe, page, "form put back")
