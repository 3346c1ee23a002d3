"""The comment pages in a real browser: no WCAG 2.2 A/AA problem found by axe-core in any state
or language, nothing scrolls sideways at 320px, and a review saves with the real CSRF token."""
import secrets

import pytest
from sqlalchemy import select

from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.comments.themes import ensure_default_themes
from feedback_app.db import db
from feedback_app.models import CommentReview, CommentStatus, Role
from tests.browser.support import assert_accessible, assert_pages_reflow, narrow_page
from tests.factories import create_organisation, create_user

from .conftest import write_comment

pytestmark = pytest.mark.browser
QUARTER = "2025-26-q2"


@pytest.fixture(scope="module")
def comments_data(live_app):
    """A council with enough comments for two pages, in three languages, and its analyst."""
    password = secrets.token_urlsafe(12)
    with live_app.app_context():
        session = db.session
        council = create_organisation(session, name="Browser Comments Council", slug=f"comments-{secrets.token_hex(3)}")
        analyst = create_user(session, council, Role.ANALYST, password=password, name="Bryn Analyst",
                              email=f"analyst-{secrets.token_hex(3)}@browser.example")
        for n in range(26):
            write_comment(session, council, f"Comment {n}. Bryn rang me on 07700 900123.\nThey listened to me.")
        write_comment(session, council, "Diolch i Bryn, roedd pawb yn garedig iawn.", language="cy")
        write_comment(session, council, "میری بات سنی گئی۔ شکریہ Bryn", language="ur")
        create_missing_reviews(session, council.id)
        ensure_default_themes(session, council.id)
        session.commit()
        ids = session.scalars(select(CommentReview.id).where(CommentReview.organisation_id == council.id)
                              .order_by(CommentReview.id)).all()
        return analyst.email, password, ids


def _sign_in(page, base, email, password):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.mark.parametrize("language", ["en", "cy", "ur"])
def test_comment_pages_in_every_state(live_app, page, axe, comments_data, language):
    base = live_app.config["LIVE_URL"]
    email, password, ids = comments_data
    page.goto(f"{base}/login?lang={language}")
    _sign_in(page, base, email, password)
    for path in (f"/reports/comments/?quarter={QUARTER}", f"/reports/comments/?quarter={QUARTER}&page=2",
                 "/reports/comments/?quarter=later", f"/reports/comments/{ids[0]}", f"/reports/comments/{ids[-1]}",
                 f"/reports/comments/{ids[-2]}", "/reports/comments/themes"):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert "07700" not in page.content()
        assert_accessible(axe, page, f"{path} {language}")
    page.goto(f"{base}/reports/comments/{ids[1]}")
    page.click("form button[type=submit]")  # no decision chosen
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"review errors {language}")


def test_a_review_saves_through_the_browser(live_app, page, comments_data):
    base = live_app.config["LIVE_URL"]
    email, password, ids = comments_data
    page.goto(f"{base}/login?lang=en")
    _sign_in(page, base, email, password)
    page.goto(f"{base}/reports/comments/{ids[2]}")
    page.check("input[name=themes] >> nth=0")
    page.check("input[name=decision][value=approved]")
    text = page.input_value("textarea[name=text]")
    page.fill("textarea[name=text]", text.replace("They listened", "[removed] listened"))
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "Your review of this comment has been saved." in page.content()
    with live_app.app_context():
        review = db.session.get(CommentReview, ids[2])
        assert review.status == CommentStatus.APPROVED and len(review.themes) == 1
        assert "⟦other⟧ listened" in review.redacted_text


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_sideways_scrolling_at_320px(live_app, browser, comments_data, language):
    base = live_app.config["LIVE_URL"]
    email, password, ids = comments_data
    with narrow_page(browser) as page:
        page.goto(f"{base}/login?lang={language}")
        _sign_in(page, base, email, password)
        assert_pages_reflow(page, [f"{base}{path}" for path in (
            f"/reports/comments/?quarter={QUARTER}", f"/reports/comments/{ids[0]}", "/reports/comments/themes",
            f"/reports/comments/?quarter={QUARTER}&page=2")])
