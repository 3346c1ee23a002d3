"""Paper pages in a real browser: the code page a form's QR code opens, and the staff pages for
keying returned forms and for the post room. axe-core finds no WCAG 2.2 A/AA problem in any state
or language; a form can be keyed by keyboard alone (number keys choose, Enter moves on); nothing
scrolls sideways at 320px."""
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.db import db
from feedback_app.models import (
    BatchStatus, Channel, InvitationStatus, PaperBatch, PaperKeying, PaperLetter, Response, Role,
)
from feedback_app.paper.keying import Keyed, save_keying
from feedback_app.tokens import new_reference_code
from tests.factories import create_enquiry, create_invitation, create_organisation, create_participant, create_user

from .support import assert_accessible, assert_pages_reflow, narrow_page, sign_in

LANGUAGES = ["en", "cy", "ur"]


def _paper_invitation(council):
    participant = create_participant(db.session, create_enquiry(db.session, council))
    invitation, _ = create_invitation(db.session, participant, channel=Channel.PAPER, status=InvitationStatus.SENT)
    invitation.reference_code = new_reference_code()
    invitation.created_at -= timedelta(days=10)
    db.session.commit()
    return invitation


@pytest.fixture(scope="module")
def paper(live_app):
    """A council with two practitioners, forms to key, one keyed twice with a difference, and a
    batch of letters ready to print."""
    password = secrets.token_urlsafe(12)
    with live_app.app_context():
        council = create_organisation(db.session, name="Paper Council", slug=f"paper-{secrets.token_hex(3)}",
                                      settings={"help_phone": "0300 123 4567", "second_keying": True})
        first, second = (create_user(db.session, council, role=Role.PRACTITIONER, password=password,
                                     email=f"keyer-{secrets.token_hex(3)}@browser.example") for _ in range(2))
        to_key, by_keyboard, differing = (_paper_invitation(council) for _ in range(3))
        keyed = {"consent": Keyed("yes"), "who": Keyed("adult"), "listened": Keyed("a_bit")}
        save_keying(db.session, differing, keyed, received_on=date.today(), user=first, council=council)
        save_keying(db.session, differing, {**keyed, "listened": Keyed("no", "Not at the start")},
                    received_on=date.today(), user=second, council=council)
        batch = PaperBatch(organisation_id=council.id, batch_date=date.today(), status=BatchStatus.READY,
                           form_count=1, rendered_count=1, pdf="")
        db.session.add(batch)
        db.session.flush()
        db.session.add(PaperLetter(organisation_id=council.id, batch_id=batch.id, invitation_id=to_key.id))
        db.session.commit()
        return {"email": first.email, "password": password, "to_key": to_key.id, "to_key_code": to_key.reference_code,
                "by_keyboard": by_keyboard.id, "differing": differing.id, "batch": batch.id}


def _sign_in(page, base, paper, language="en"):
    sign_in(page, base, paper["email"], paper["password"], language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_code_page_is_accessible(live_app, page, axe, language):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/p?lang={language}")
    assert page.get_attribute("html", "lang") == language
    assert_accessible(axe, page, f"/p {language}")
    page.fill("#code", "AAAA-AAAA")
    with page.expect_navigation():
        page.click("form button.govuk-button")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"/p error {language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_keying_and_post_room_pages_are_accessible(live_app, page, axe, paper, language):
    base = live_app.config["LIVE_URL"]
    _sign_in(page, base, paper, language)
    for path in ("/paper/key", f"/paper/key/{paper['to_key']}", f"/paper/key/{paper['differing']}/settle",
                 "/paper/batches", f"/paper/batches/{paper['batch']}"):
        page.goto(f"{base}{path}")
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page, f"{path} {language}")
    page.goto(f"{base}/paper/key")
    page.fill("#code", "not a code")
    with page.expect_navigation():
        page.click("form button.govuk-button")
    assert_accessible(axe, page, f"/paper/key error {language}")
    page.goto(f"{base}/paper/key/{paper['to_key']}")
    page.fill("#received-day", "")
    with page.expect_navigation():
        page.click("form[data-keying] button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"keying errors {language}")


def test_a_form_is_keyed_by_keyboard_alone(live_app, page, paper):
    base = live_app.config["LIVE_URL"]
    _sign_in(page, base, paper)
    page.goto(f"{base}/paper/key/{paper['by_keyboard']}")
    page.focus("#q-consent")
    # Question by question, the printed number and Enter: 1 yes, 1 me, 2 a bit, 1, 3, 0 (no tick),
    # 1, 2 (no) for the safety question, 1 (yes) to being quoted; Enter then reaches the box for
    # the person's own words.
    for key in ("1", "1", "2", "1", "3", "0", "1", "2", "1"):
        page.keyboard.press(key)
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "words-own_words"
    page.keyboard.type("They listened.")
    chosen = page.evaluate("Array.from(document.querySelectorAll('input[type=radio]:checked')).map(r => r.value)")
    assert chosen == ["yes", "adult", "a_bit", "yes", "no", "-none", "yes", "no", "yes"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with live_app.app_context():
        response = db.session.scalar(select(Response).where(Response.invitation_id == paper["by_keyboard"]))
        # The council keys twice: this first keying waits for a second person.
        assert response is None
        keying = db.session.scalar(select(PaperKeying).where(PaperKeying.invitation_id == paper["by_keyboard"]))
        assert keying is not None and keying.status.value == "waiting"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_keying_pages_do_not_scroll_sideways_at_320px(live_app, browser, paper, language):
    base = live_app.config["LIVE_URL"]
    with narrow_page(browser) as page:
        _sign_in(page, base, paper, language)
        assert_pages_reflow(page, [f"{base}/paper/key", f"{base}/paper/key/{paper['to_key']}",
                                   f"{base}/paper/key/{paper['differing']}/settle", f"{base}/paper/batches"])
