"""The advocate's pages, the partner admin's, the council's visit and telephone pages and the
analyst's sample pages in a real browser: axe-core finds no WCAG 2.2 A/AA problem in any state
or language (the question in the person's own language and script), an assisted response can be
given by keyboard alone, and nothing scrolls sideways at 320px."""
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.assist.sampling import create_sample
from feedback_app.db import db
from feedback_app.models import Assignment, EnquiryKind, OrganisationKind, Partnership, Response, Role
from feedback_app.reports.periods import quarter_of
from tests.assist.conftest import ready_person, visit
from tests.factories import create_enquiry, create_organisation, create_user

from .support import assert_accessible, assert_pages_reflow, narrow_page, sign_in

LANGUAGES = ["en", "cy", "ur"]


@pytest.fixture(scope="module")
def advocacy(live_app):
    password = secrets.token_urlsafe(12)
    suffix = secrets.token_hex(3)
    with live_app.app_context():
        session = db.session
        council = create_organisation(session, name="Assist Council", slug=f"assist-{suffix}")
        partner = create_organisation(session, name="Assist Advocacy", kind=OrganisationKind.ADVOCACY,
                                      slug=f"assist-advocacy-{suffix}")
        session.add(Partnership(council_id=council.id, partner_id=partner.id))
        session.commit()
        advocate = create_user(session, partner, Role.ADVOCATE, password=password, email=f"adv-{suffix}@b.example")
        admin = create_user(session, partner, Role.ADMIN, password=password, email=f"padmin-{suffix}@b.example")
        practitioner = create_user(session, council, Role.PRACTITIONER, password=password,
                                   email=f"prac-{suffix}@b.example")
        analyst = create_user(session, council, Role.ANALYST, password=password, email=f"an-{suffix}@b.example")
        english = visit(session, ready_person(session, council), partner, advocate, reference="B-1", initials="E. N.")
        urdu = visit(session, ready_person(session, council, language="ur"), partner, advocate, reference="B-2")
        by_keyboard = visit(session, ready_person(session, council), partner, advocate, reference="B-3")
        waiting = visit(session, ready_person(session, council), partner, None, reference="B-4")
        quarter = quarter_of(date.today()).previous()
        for n in range(6):
            enquiry = create_enquiry(session, council, kind=EnquiryKind.S42 if n % 2 else EnquiryKind.OTHER)
            enquiry.closed_on = quarter.start + timedelta(days=n)
            ready_person(session, council, enquiry=enquiry, phone=None)
        sample = create_sample(session, council, partner, closed_from=quarter.start, closed_to=quarter.end, size=4,
                               seed=11, margin=0.1, response_rate=0.5, actor=analyst)
        return {"password": password, "advocate": advocate.email, "admin": admin.email,
                "practitioner": practitioner.email, "analyst": analyst.email, "english": english.id,
                "urdu": urdu.id, "by_keyboard": by_keyboard.id, "waiting": waiting.id,
                "english_person": english.participant_id, "sample": sample.id, "quarter": quarter.slug,
                "council": council.slug}


def _start(page, base, assignment_id, mode="supported"):
    page.goto(f"{base}/assist/people/{assignment_id}/start")
    page.check(f"input[name=mode][value={mode}]")
    page.check("input[name=asked_by][value=independent]")
    page.check("input[name=present][value=yes]")
    with page.expect_navigation():
        page.click("form button.govuk-button")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_advocates_pages_are_accessible(live_app, page, axe, advocacy, language):
    base = live_app.config["LIVE_URL"]
    sign_in(page, base, advocacy["advocate"], advocacy["password"], language)
    for path in ("/assist/", f"/assist/people/{advocacy['english']}", f"/assist/people/{advocacy['english']}/start",
                 f"/assist/people/{advocacy['english']}/declined", f"/assist/people/{advocacy['english']}/unreachable"):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page, f"{path} {language}")
    page.goto(f"{base}/assist/people/{advocacy['english']}/start")
    with page.expect_navigation():
        page.click("form button.govuk-button")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"setup errors {language}")


def test_a_question_in_the_persons_script_is_accessible_and_marked(live_app, page, axe, advocacy):
    base = live_app.config["LIVE_URL"]
    sign_in(page, base, advocacy["advocate"], advocacy["password"])
    _start(page, base, advocacy["urdu"], "own_words_written")
    assert page.url.endswith("/q/consent")
    assert page.get_attribute("h1 [lang]", "lang") == "ur" and page.get_attribute("h1 [lang]", "dir") == "rtl"
    assert_accessible(axe, page, "question in Urdu")
    with page.expect_navigation():
        page.click("form button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, "question error in Urdu")


def test_an_assisted_response_is_given_by_keyboard_alone(live_app, page, advocacy):
    base = live_app.config["LIVE_URL"]
    sign_in(page, base, advocacy["advocate"], advocacy["password"])
    _start(page, base, advocacy["by_keyboard"])
    for _question in range(9):
        if "/check" in page.url:
            break
        first = page.locator("input[name=answer]").first
        if first.count():
            first.focus()
            page.keyboard.press("Space")
        else:
            page.focus("#words")
            page.keyboard.type("They were kind to me.")
        page.focus("form button.govuk-button >> nth=0")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.url.endswith("/check"), page.inner_text("main")[:500]
    page.focus("form button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with live_app.app_context():
        assignment = db.session.get(Assignment, advocacy["by_keyboard"])
        response = db.session.scalar(select(Response).where(Response.invitation_id == assignment.invitation_id))
        assert response is not None and response.status.value == "submitted"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_partner_admin_council_and_sample_pages_are_accessible(live_app, page, axe, advocacy, language):
    base = live_app.config["LIVE_URL"]
    sign_in(page, base, advocacy["admin"], advocacy["password"], language)
    page.goto(f"{base}/assist/team")
    assert_accessible(axe, page, f"team {language}")
    for role, paths in (("practitioner", [f"/casework/participants/{advocacy['english_person']}",
                                          f"/casework/participants/{advocacy['english_person']}/telephone"]),
                        ("analyst", ["/reports/samples", f"/reports/samples/{advocacy['sample']}"])):
        context = page.context.browser.new_context(viewport={"width": 1024, "height": 800})
        other = context.new_page()
        sign_in(other, base, advocacy[role], advocacy["password"], language)
        for path in paths:
            other.goto(f"{base}{path}")
            assert_accessible(axe, other, f"{path} {language}")
        if role == "analyst":
            other.goto(f"{base}/reports/samples")
            other.check(f"input[name=quarter][value='{advocacy['quarter']}']")
            other.check("input[name=margin][value='10']")
            with other.expect_navigation():
                other.click("button[value=preview]")
            assert_accessible(axe, other, f"sample preview {language}")
        context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_assist_pages_do_not_scroll_sideways_at_320px(live_app, browser, advocacy, language):
    base = live_app.config["LIVE_URL"]
    with narrow_page(browser) as page:
        sign_in(page, base, advocacy["advocate"], advocacy["password"], language)
        assert_pages_reflow(page, [f"{base}/assist/", f"{base}/assist/people/{advocacy['english']}",
                                   f"{base}/assist/people/{advocacy['english']}/start"])
    with narrow_page(browser) as page:
        sign_in(page, base, advocacy["analyst"], advocacy["password"], language)
        assert_pages_reflow(page, [f"{base}/reports/samples", f"{base}/reports/samples/{advocacy['sample']}"])
