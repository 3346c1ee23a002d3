"""Staff pages in a real browser: axe-core finds no WCAG 2.2 A/AA problem, in every language and
state; sign-in works by keyboard alone; nothing scrolls sideways at 320px."""
import secrets

import pytest

from feedback_app.db import db
from feedback_app.models import Role
from tests.factories import create_organisation, create_user

from .support import assert_accessible, assert_pages_reflow, narrow_page, sign_in

LANGUAGES = ["en", "cy", "ur"]


@pytest.fixture(scope="module")
def staff(live_app):
    password = secrets.token_urlsafe(12)
    with live_app.app_context():
        council = create_organisation(db.session, name="Browser Council", slug=f"browser-{secrets.token_hex(3)}")
        user = create_user(db.session, council, role=Role.ADMIN, password=password,
                           email=f"admin-{secrets.token_hex(3)}@browser.example")
        return user.email, password


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_page_first_view_and_error_state(live_app, page, axe, language):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login?lang={language}")
    assert page.get_attribute("html", "lang") == language
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    assert_accessible(axe, page, f"sign-in {language}")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    # With JavaScript on, the error summary takes focus so a screen reader announces it.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"sign-in errors {language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_in_pages(live_app, page, axe, staff, language):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login?lang={language}")
    sign_in(page, base, *staff)
    for path in ("/", "/admin/users", "/admin/users/invite", "/admin/languages", "/admin/settings", "/admin/recordings",
                 "/admin/recordings/listened/cy/representative/bsl", "/admin/audit", "/admin/audit?from=soon",
                 "/no-such-page"):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page, f"{path} {language}")
    # Offering a machine-made language without accepting it: the error state.
    page.goto(f"{base}/admin/languages")
    page.uncheck("input[name=languages][value=pl]")
    page.click("main button[type=submit]")  # no longer offered: its acceptance is forgotten
    page.wait_for_load_state()
    page.check("input[name=languages][value=pl]")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(axe, page, f"/admin/languages errors {language}")


def test_sign_in_by_keyboard_alone(live_app, page, staff):
    base = live_app.config["LIVE_URL"]
    email, password = staff
    page.goto(f"{base}/login?lang=en")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main-content"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_sideways_scrolling_at_320px(live_app, browser, staff, language):
    base = live_app.config["LIVE_URL"]
    with narrow_page(browser) as page:
        assert_pages_reflow(page, [f"{base}/login?lang={language}"])
        sign_in(page, base, *staff)
        assert_pages_reflow(page, [f"{base}/", f"{base}/admin/users", f"{base}/admin/languages", f"{base}/admin/settings",
                                   f"{base}/admin/recordings", f"{base}/admin/recordings/listened/cy/adult/audio"])


def test_numbers_and_addresses_read_left_to_right_on_a_right_to_left_settings_page(live_app, page, staff):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login?lang=ur")
    sign_in(page, base, *staff)
    page.goto(f"{base}/admin/settings")
    assert page.get_attribute("html", "dir") == "rtl"
    page.fill("input[name=text_relay]", "18001 0300 123 4567")
    page.fill("input[name=bsl_relay]", "https://bsl-relay.example/")
    for name in ("help_phone", "text_relay", "help_text", "help_email", "bsl_relay"):
        assert page.eval_on_selector(f"input[name={name}]", "e => getComputedStyle(e).direction") == "ltr", name
    # Words stay with the page: a box for phrases in Urdu still runs right to left.
    assert page.eval_on_selector("textarea[name=phrases_ur]", "e => getComputedStyle(e).direction") == "rtl"
