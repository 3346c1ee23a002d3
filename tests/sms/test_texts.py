"""The texts are discreet, short, in the person's language, and carry a link and a way to stop."""
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import get_domain

from feedback_app.sms import texts
from feedback_app.sms.texts import invitation_text, reminder_text, segment_count, survey_link
from feedback_app.tokens import new_link_token
from tests.conftest import make_test_app

BASE_URL = "https://feedback.northshire-county-council.gov.uk"
WORDS_A_LOCK_SCREEN_MUST_NOT_SHOW = re.compile(r"abuse|harm|safeguard|neglect|enquiry|social care", re.I)


@pytest.fixture
def link():
    return survey_link(BASE_URL, new_link_token()[0])


@pytest.fixture
def text_app(database_url):
    with make_test_app(database_url).app_context():
        yield


@pytest.mark.parametrize("render", [invitation_text, reminder_text])
@pytest.mark.parametrize("council", [None, "Northshire County Council"])
def test_texts_are_discreet_and_short(text_app, link, render, council):
    body = render("en", link, council)
    assert not WORDS_A_LOCK_SCREEN_MUST_NOT_SHOW.search(body)
    assert link in body.split()
    assert "Reply STOP to stop these messages" in body
    assert segment_count(body) <= 2
    assert ("Northshire" in body) == bool(council)


def test_a_council_name_too_long_for_two_texts_is_left_out(text_app, link):
    name = "The Royal Borough of " + "Very " * 20 + "Long Name Council"
    body = invitation_text("en", link, name)
    assert "Royal Borough" not in body and segment_count(body) <= 2


@pytest.mark.parametrize("body, segments", [
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("€" * 80, 1), ("€" * 81, 2),           # characters from the extension table count twice
    ("ŵ" * 70, 1), ("ŵ" * 71, 2), ("ŵ" * 135, 3),  # one character outside GSM makes it all UCS-2
])
def test_segments_are_counted_as_phones_count_them(body, segments):
    assert segment_count(body) == segments


def test_the_persons_language_is_used(text_app, link, monkeypatch):
    used = []
    real = texts.force_locale

    def recording(locale):
        used.append(locale)
        return real(locale)

    monkeypatch.setattr(texts, "force_locale", recording)
    body = invitation_text("cy", link)
    assert used == ["cy"]
    assert link in body  # English stands in for any message not yet translated
    invitation_text("xx", link)
    assert used[-1] == "en", "an unknown language falls back to English"


def test_a_welsh_translation_is_sent_when_there_is_one(database_url, tmp_path, link, monkeypatch):
    catalogue = Catalog(locale="cy")
    catalogue.add("Hello. We would like to know what you think about the help you had recently. Answer a few "
                  "short questions here: %(link)s Reply STOP to stop these messages.", "Helo. Hoffem wybod beth yw eich barn. Atebwch yma: %(link)s Atebwch STOP i stopio.")
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalogue)
    app = make_test_app(database_url, BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    with app.app_context():
        # Flask-Babel keeps loaded catalogues for the whole process; this test's must not linger.
        monkeypatch.setattr(get_domain(), "cache", {})
        assert invitation_text("cy", link) == f"Helo. Hoffem wybod beth yw eich barn. Atebwch yma: {link} Atebwch STOP i stopio."
        assert invitation_text("en", link).startswith("Hello.")
