"""The person's questionnaire in a real browser: no WCAG 2.2 A/AA problem in any state or
language, completion by keyboard alone and with JavaScript off, no sideways scrolling at 320px,
and the error summary takes focus."""
from datetime import timedelta

import pytest

from feedback_app.db import db
from feedback_app.models import Invitation, utcnow
from tests.factories import create_enquiry, create_invitation, create_organisation, create_participant

from .support import assert_accessible, assert_no_horizontal_scroll, assert_pages_reflow, narrow_page

LANGUAGES = ["en", "cy", "ur"]


@pytest.fixture(scope="module")
def council(live_app):
    with live_app.app_context():
        return create_organisation(db.session, name="Browser Borough Council",
                                   settings={"help_phone": "0300 123 4567", "text_relay": "18001 0300 123 4567"})


@pytest.fixture
def link(live_app, council):
    """A fresh survey link for each test, in the live server's database."""
    def make(**invitation_changes):
        with live_app.app_context():
            enquiry = create_enquiry(db.session, council)
            enquiry.outcomes_asked = __import__("feedback_app.models", fromlist=["OutcomesAsked"]).OutcomesAsked.EXPRESSED
            enquiry.desired_outcomes_text = "To feel safe at home"
            participant = create_participant(db.session, enquiry)
            invitation, token = create_invitation(db.session, participant)
            for name, value in invitation_changes.items():
                setattr(db.session.get(Invitation, invitation.id), name, value)
            db.session.commit()
        return f"{live_app.config['LIVE_URL']}/s/{token}"
    return make


def _choose_and_continue(page, value):
    page.check(f"#answer-{value}")
    with page.expect_navigation():
        page.click("form button.govuk-button >> nth=0")


def _answer_all(page):
    for value in ("yes", "adult", "yes", "a_bit", "yes", "no", "skip", "yes", "no", "yes"):
        _choose_and_continue(page, value)
    page.fill("#text", "Thank you for listening")
    with page.expect_navigation():
        page.click("form button.govuk-button >> nth=0")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_state_is_accessible(live_app, page, axe, link, language):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{link()}?lang={language}")
    page.goto(f"{base}/questionnaire?lang={language}")
    assert page.get_attribute("html", "lang") == language
    assert_accessible(axe, page, f"start {language}")
    with page.expect_navigation():  # the question page loaded, stylesheets and all, before axe looks
        page.click(".govuk-button--start")
    assert_accessible(axe, page, f"first question {language}")
    with page.expect_navigation():
        page.click("form button.govuk-button >> nth=0")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(axe, page, f"question error {language}")
    for value in ("yes", "adult", "yes", "a_bit", "yes", "no", "skip"):
        _choose_and_continue(page, value)
    assert "outcomes_review" in page.url
    assert_accessible(axe, page, f"outcomes review {language}")
    for value in ("yes", "no", "yes"):
        _choose_and_continue(page, value)
    page.fill("#text", "x" * 2100)
    with page.expect_navigation():
        page.click("form button.govuk-button >> nth=0")
    assert_accessible(axe, page, f"free text error {language}")
    page.fill("#text", "Thank you")
    with page.expect_navigation():
        page.click("form button.govuk-button >> nth=0")
    assert_accessible(axe, page, f"check answers {language}")
    with page.expect_navigation():
        page.click("form button.govuk-button")
    assert "/questionnaire/sent" in page.url
    assert_accessible(axe, page, f"confirmation {language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_stopping_states_are_accessible(live_app, page, axe, link, language):
    base = live_app.config["LIVE_URL"]
    page.goto(f"{link()}?lang={language}")
    for path in ("/questionnaire/help", "/questionnaire/withdraw", "/questionnaire/delete", "/questionnaire/stop"):
        page.goto(f"{base}{path}")
        assert_accessible(axe, page, f"{path} {language}")
    page.goto(f"{link()}?lang={language}")
    page.goto(f"{base}/questionnaire/withdraw")
    with page.expect_navigation():
        page.click("form button.govuk-button")
    assert_accessible(axe, page, f"withdrawn {language}")
    page.goto(f"{link(expires_at=utcnow() - timedelta(days=1))}")
    assert page.get_attribute("html", "lang") == language
    assert_accessible(axe, page, f"link not working {language}")


def test_exit_this_page_leaves_and_ends_the_session(live_app, page, link):
    base = live_app.config["LIVE_URL"]
    page.goto(link())
    # Wait for the first question: leaving while the start is still in flight would let its
    # response set the session again after /leave had ended it.
    with page.expect_navigation():
        page.click(".govuk-button--start")
    exit_button = page.locator(".govuk-exit-this-page__button")
    assert exit_button.get_attribute("href") == "/leave"
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, body="<title>Weather</title>"))
    exit_button.click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    assert "Weather" in page.title()
    page.goto(f"{base}/questionnaire")
    assert page.locator("h1").inner_text() == "This link does not work"


@pytest.mark.parametrize("language, words", [
    ("en", "Press Shift 1 more time to leave this page."),
    ("cy", "Pwyswch Shift 1 waith arall i adael y dudalen hon."),
])
def test_the_exit_shortcut_speaks_the_persons_language(live_app, page, link, language, words):
    """English words come from app.js, any other language's from the page itself."""
    page.goto(f"{link()}?lang={language}")
    page.goto(f"{live_app.config['LIVE_URL']}/questionnaire/q/consent")
    page.locator("main").click()
    for _ in range(2):
        page.keyboard.press("Shift")
    status = page.locator(".govuk-exit-this-page [role=status]")
    assert status.inner_text().strip() == words


def test_the_whole_questionnaire_by_keyboard_alone(live_app, page, link):
    page.goto(link())
    page.focus(".govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    answered = 0
    while "/questionnaire/q/" in page.url:
        if page.locator("#text").count():
            page.focus("#text")
            page.keyboard.type("Typed with the keyboard")
        else:
            # Tab into the radio group from the page heading, then pick the first answer.
            page.focus("h1")
            for _ in range(6):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.name") == "answer":
                    break
            assert page.evaluate("document.activeElement.name") == "answer", page.url
            page.keyboard.press("Space")
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") in ("Continue",):
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        answered += 1
        assert answered < 15
    assert page.url.endswith("/questionnaire/check")
    page.focus("form button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/questionnaire/sent")


def test_the_whole_questionnaire_with_javascript_off(live_app, browser, link):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(link())
    page.click(".govuk-button--start")
    _answer_all(page)
    assert page.url.endswith("/questionnaire/check")
    page.click("form button.govuk-button")
    assert page.url.endswith("/questionnaire/sent")
    context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_sideways_scrolling_at_320px(live_app, browser, link, language):
    with narrow_page(browser) as page:
        assert_pages_reflow(page, [f"{link()}?lang={language}"])
        with page.expect_navigation():
            page.click(".govuk-button--start")
        assert_no_horizontal_scroll(page)
        with page.expect_navigation():
            page.click("form button.govuk-button >> nth=0")
        assert_no_horizontal_scroll(page)
        _answer_all(page)
        assert_no_horizontal_scroll(page)


TAPPABLE = "main a, main button, .govuk-exit-this-page a, .govuk-back-link, footer a, .app-language-switcher a"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_everything_a_person_taps_is_at_least_44_pixels_square(live_app, browser, link, language):
    """WCAG 2.5.5: on a phone, each link and button on the person's pages is a target of 44 by 44
    CSS pixels or more; and Nastaliq lines in captions and headings do not overlap."""
    base = live_app.config["LIVE_URL"]
    with narrow_page(browser, 375) as page:
        page.goto(f"{link()}?lang={language}")
        for path in ("/questionnaire", "/questionnaire/q/consent", "/questionnaire/q/listened",
                     "/questionnaire/stop"):
            page.goto(f"{base}{path}")
            small = page.evaluate("""selector => Array.from(document.querySelectorAll(selector))
                .filter(e => e.offsetParent !== null)
                .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
                .filter(([, r]) => r.height < 44 || r.width < 44)
                .map(([t, r]) => `${t} ${Math.round(r.width)}x${Math.round(r.height)}`)""", TAPPABLE)
            assert small == [], f"{path}: {small}"
            if language == "ur":
                overlapping = page.evaluate("""() => Array.from(document.querySelectorAll(
                    '.govuk-caption-l, .govuk-caption-m, h1, .govuk-fieldset__legend'))
                    .filter(e => e.offsetParent !== null)
                    .filter(e => parseFloat(getComputedStyle(e).lineHeight) < 1.5 * parseFloat(getComputedStyle(e).fontSize))
                    .map(e => e.className)""")
                assert overlapping == [], f"{path}: lines too tight for Nastaliq: {overlapping}"


def test_words_a_person_typed_keep_their_own_direction_on_a_right_to_left_page(live_app, page, link):
    """An English sentence typed on the Urdu pages is shown back left to right, so its full stop
    stays at its end ("again." and not ".again")."""
    base = live_app.config["LIVE_URL"]
    page.goto(f"{link()}?lang=ur")
    page.goto(f"{base}/questionnaire/q/consent?lang=ur")
    for value in ("yes", "adult", "yes", "a_bit", "yes", "no", "skip", "yes", "no", "yes"):
        _choose_and_continue(page, value)
    assert page.get_attribute("#text", "dir") == "auto"
    page.fill("#text", "I would like to go home again.")
    with page.expect_navigation():
        page.click("form button.govuk-button >> nth=0")
    assert page.url.endswith("/questionnaire/check")
    directions = page.evaluate("""() => Array.from(document.querySelectorAll('[data-answer]'))
        .filter(e => e.textContent.includes('home again'))
        .map(e => getComputedStyle(e).direction)""")
    assert directions == ["ltr"]
    assert page.get_attribute("html", "dir") == "rtl"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_text_made_twice_as_large_at_320px_does_not_scroll_sideways(live_app, browser, link, language):
    """Text-only zoom to 200% (WCAG 1.4.4 with 1.4.10): the type is set in rem, so doubling the
    root size is what a browser's text zoom does to these pages."""
    base = live_app.config["LIVE_URL"]
    with narrow_page(browser) as page:
        page.goto(f"{link()}?lang={language}")
        paths = ["/questionnaire", "/questionnaire/q/consent", "/questionnaire/q/who", "/questionnaire/q/listened",
                 "/questionnaire/q/own_words", "/questionnaire/stop", "/questionnaire/withdraw",
                 "/questionnaire/delete", "/s/no-such-link"]
        for path in paths:
            page.goto(f"{base}{path}")
            # Through the CSS object model, which the Content-Security-Policy allows (a <style> it does not).
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") != "0px"
            assert_no_horizontal_scroll(page)


# A stand-in for the browser's speech synthesis: it has the voices given, and keeps what it was
# asked to say. (Chromium without a screen has no voices of its own.)
FAKE_SPEECH = """voices => {
  window.spoken = []
  const speech = {
    speaking: false, pending: false,
    getVoices: () => voices.map(lang => ({lang, name: lang})),
    speak: u => { window.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang}); speech.speaking = true },
    cancel: () => { speech.speaking = false; window.cancelled = true },
    addEventListener: () => {},
  }
  Object.defineProperty(window, 'speechSynthesis', {value: speech})
  window.SpeechSynthesisUtterance = function (text) { this.text = text }
}"""


def test_a_question_is_read_aloud_in_welsh_by_a_welsh_voice(live_app, page, link):
    base = live_app.config["LIVE_URL"]
    page.add_init_script(f"({FAKE_SPEECH})(['en-GB', 'cy-GB'])")
    page.goto(f"{link()}?lang=cy")
    page.goto(f"{base}/questionnaire/q/consent")
    button = page.locator("[data-listen-button]")
    assert button.is_visible()
    assert button.inner_text().strip() == "Gwrando ar y cwestiwn"
    heading = page.evaluate("document.querySelector('h1 .app-with-symbol').textContent.trim()")
    button.click()
    spoken = page.evaluate("window.spoken")
    assert {item["lang"] for item in spoken} == {"cy"} and {item["voice"] for item in spoken} == {"cy-GB"}
    texts = [item["text"] for item in spoken]
    assert texts[0] == heading, "the question first, without 'Question 1 of …'"
    labels = page.evaluate("Array.from(document.querySelectorAll('.govuk-radios__label')).map(l => l.textContent.trim())")
    assert all(label in texts for label in labels), (labels, texts)
    button.click()  # a second press stops it
    assert page.evaluate("window.cancelled") is True


def test_listen_is_not_offered_without_a_voice_for_the_language(live_app, page, link):
    base = live_app.config["LIVE_URL"]
    page.add_init_script(f"({FAKE_SPEECH})(['en-GB'])")
    page.goto(f"{link()}?lang=cy")
    page.goto(f"{base}/questionnaire/q/consent")
    assert not page.locator("[data-listen-button]").is_visible()
    page.goto(f"{base}/questionnaire/q/consent?lang=en")
    assert page.locator("[data-listen-button]").is_visible()


def test_a_question_with_the_councils_recording_and_bsl_video_is_accessible(live_app, page, axe, link, council):
    from feedback_app.media import save_clip, sniff
    from tests.factories import create_user
    from feedback_app.models import Role

    mp3, mp4 = b"ID3\x04" + bytes(400), b"\x00\x00\x00\x18ftypmp42" + bytes(400)
    with live_app.test_request_context(), live_app.app_context():
        admin = create_user(db.session, db.session.merge(council), Role.ADMIN)
        for kind, data in (("audio", mp3), ("bsl", mp4)):
            save_clip(db.session, council.id, survey_id="msp-experience", question_key="listened", language="en",
                      version="adult", kind=kind, data=data, found=sniff(data[:16], kind),
                      transcript="Did people listen to you? Yes, a bit, no.", actor=admin)
    base = live_app.config["LIVE_URL"]
    page.goto(f"{link()}?lang=en")
    page.goto(f"{base}/questionnaire/q/listened")
    assert page.locator("audio").count() == 1 and page.locator("video").count() == 1
    page.click("summary >> text=What the recording says")
    page.click("summary >> text=Watch the question in British Sign Language")
    assert_accessible(axe, page, "question with a recording and a BSL video")
