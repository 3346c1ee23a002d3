"""Report pages in a real browser: no WCAG 2.2 A/AA problem found by axe-core in English, Welsh
and Urdu, in their first view, internal view and error state; nothing scrolls sideways at 320px."""
import secrets

import pytest

from feedback_app.db import db
from feedback_app.devdata.history import add_demo_history
from feedback_app.models import OrganisationKind, Role
from feedback_app.reports.periods import quarter_of
from tests.factories import create_organisation, create_user

from .support import assert_accessible, assert_pages_reflow, narrow_page

LANGUAGES = ["en", "cy", "ur"]


@pytest.fixture(scope="module")
def people(live_app):
    password = secrets.token_urlsafe(12)
    tag = secrets.token_hex(3)
    with live_app.app_context():
        council = create_organisation(db.session, name="Report Council", slug=f"report-{tag}")
        add_demo_history(db.session, council, "northshire")
        # A second council that has made its return for the last quarter final, for the comparison.
        other = create_organisation(db.session, name="Other Council", slug=f"other-{tag}")
        add_demo_history(db.session, other, "southbay")
        db.session.commit()
        from feedback_app.reports.parts import council_figures
        from feedback_app.reports.returns import finalise

        finalise(db.session, other.id, _last_quarter(), council_figures(db.session, other.id, _last_quarter()), user=None)
        analyst = create_user(db.session, council, role=Role.ANALYST, password=password,
                              email=f"analyst-{tag}@browser.example")
        national = create_user(db.session, create_organisation(db.session, kind=OrganisationKind.NATIONAL),
                               role=Role.NATIONAL, password=password, email=f"national-{tag}@browser.example")
        return {"analyst": analyst.email, "national": national.email, "password": password}


def _sign_in(page, base, email, password, language):
    page.goto(f"{base}/login?lang={language}")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def _last_quarter():
    from datetime import date
    return quarter_of(date.today()).previous()


@pytest.mark.parametrize("language", LANGUAGES)
def test_analyst_pages_in_every_state(live_app, page, axe, people, language):
    base = live_app.config["LIVE_URL"]
    quarter = _last_quarter()
    _sign_in(page, base, people["analyst"], people["password"], language)
    for path in ("/reports/", f"/reports/{quarter.slug}", f"/reports/{quarter.slug}?view=internal",
                 f"/reports/year-to-{quarter.slug}", f"/reports/benchmark/{quarter.slug}", "/reports/2025-26-q7"):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page, f"{path} {language}")
    # The error state: making the return final without ticking the confirmation.
    page.goto(f"{base}/reports/{quarter.slug}")
    with page.expect_navigation():
        page.click("form[action*='/finalise'] button")
    assert "/finalise" in page.url
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"finalise error {language}")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_report_pages_do_not_scroll_sideways_at_320px(live_app, browser, people, language):
    base = live_app.config["LIVE_URL"]
    quarter = _last_quarter()
    with narrow_page(browser) as page:
        _sign_in(page, base, people["analyst"], people["password"], language)
        assert_pages_reflow(page, [f"{base}{path}" for path in (
            "/reports/", f"/reports/{quarter.slug}?view=internal", f"/reports/benchmark/{quarter.slug}")])
        # Every table's title, and the headline figures and charts, stay whole on the screen:
        # nothing of them is cut off, however wide the table under them scrolls.
        page.goto(f"{base}/reports/{quarter.slug}")
        cut = page.evaluate("""() => [...document.querySelectorAll(
                '.app-table-title, .app-headlines__item, .app-chart svg, .app-chart figcaption')]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.left < -1 || r.right > window.innerWidth + 1 || e.scrollWidth > e.clientWidth + 1; })
            .map(e => e.className.baseVal ?? e.className)""")
        assert page.locator(".app-table-title").count() > 10
        assert cut == [], cut
        if language == "ur":  # Nastaliq lines of the headline figures and chart titles do not overlap
            tight = page.evaluate("""() => [...document.querySelectorAll(
                    '.app-headlines__label, .app-headlines__detail, .app-chart figcaption, .app-table-title')]
                .filter(e => parseFloat(getComputedStyle(e).lineHeight) < 1.5 * parseFloat(getComputedStyle(e).fontSize))
                .map(e => e.className)""")
            assert tight == [], tight


def test_national_viewer_benchmark(live_app, page, axe, people):
    base = live_app.config["LIVE_URL"]
    _sign_in(page, base, people["national"], people["password"], "en")
    page.goto(f"{base}/reports/")
    assert "/reports/benchmark/" in page.url
    main = page.inner_text("main")
    assert "Other Council" in main and "All councils in this service" in main
    assert "England" not in main.replace("It is not England", "")
    assert "Report Council" in page.content()  # listed as having no final return
    assert_accessible(axe, page, "benchmark national")
