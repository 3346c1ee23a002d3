"""The person's question pages stay light for a cheap phone on a slow connection: each at most
2 KB gzipped, help kept to what is needed in a hurry with the other ways one tap away, and no
byte of indentation, while what the person typed comes back exactly as typed."""
import gzip
import re

from tests.pages import parse

from .conftest import Invited, answer

NEXT_PAGE_BUDGET = 2 * 1024
EVERY_WAY = {"help_phone": "0300 123 4567", "text_relay": "18001 0300 123 4567", "help_text": "07700 900123",
             "help_email": "safeguarding.feedback@northshire.example",
             "bsl_relay": "https://bsl-relay.northshire.example/"}
ANSWERS = {"consent": "yes", "who": "adult", "contact_safety": "no"}


def _invited(session, **options):
    invited = Invited(session, outcomes="To feel safe at home. To see my grandson again.", **options)
    invited.council.settings = {**invited.council.settings, **EVERY_WAY}
    session.commit()
    return invited


def _question_pages(client, invited):
    """Every question page on the longest route, as the person's browser receives it."""
    client.get(invited.link)
    path = "/questionnaire/q/consent"
    while path.startswith("/questionnaire/q/"):
        page = client.get(path)
        assert page.status_code == 200, path
        yield path, page
        key = path.rsplit("/", 1)[-1]
        if key == "own_words":
            response = answer(client, key, text="They listened to me.")
        else:
            response = answer(client, key, ANSWERS.get(key, "yes"))
        path = response.headers["Location"]
    assert path == "/questionnaire/check"


def test_every_question_page_weighs_at_most_two_kilobytes_gzipped(session, client):
    sizes = {path: len(gzip.compress(page.get_data(), 6)) for path, page in _question_pages(client, _invited(session))}
    assert len(sizes) == 11
    heavy = {path: size for path, size in sizes.items() if size > NEXT_PAGE_BUDGET}
    assert not heavy, f"over {NEXT_PAGE_BUDGET} bytes gzipped: {heavy}"


def test_question_pages_ask_for_files_by_fingerprint_so_a_phone_keeps_them(session, client):
    # Files asked for by fingerprint are kept for a year (feedback_app/static_files.py), so the
    # next page costs no second request for each of them.
    for path, page in _question_pages(client, _invited(session)):
        files = [v for v in re.findall(r'(?:href|src)="(/assets/[^"]+)"', page.get_data(as_text=True))]
        assert files and all(re.fullmatch(r"/assets/[\w.-]+\?v=[0-9a-f]{8}", f) for f in files), (path, files)
        for address in files:
            assert client.get(address).headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_question_pages_have_no_indentation_and_no_inline_script(session, client):
    for path, page in _question_pages(client, _invited(session)):
        html = page.get_data(as_text=True)
        assert "\n " not in html and "\n\t" not in html and "\n\n" not in html, path
        assert "<script>" not in html and "nonce=" not in html, path
        assert 'rel="modulepreload"' not in html, path
        # The shortcut's English words come from app.js, not from every page.
        assert "data-i18n" not in html, path


def test_a_question_page_keeps_the_number_and_999_and_links_to_every_other_way(session, client):
    invited = _invited(session)
    client.get(invited.link)
    page = parse(client.get("/questionnaire/q/consent").get_data(as_text=True))
    help_section = page.find(".//section[@class='app-help']")
    text = " ".join("".join(help_section.itertext()).split())
    assert "0300 123 4567" in text and "If you are in danger now, call 999." in text
    assert "press 55" in text
    for hidden in ("18001", "07700 900123", "safeguarding.feedback@", "British Sign Language"):
        assert hidden not in text, hidden
    link = help_section.find(".//a[@href='/questionnaire/help']")
    assert "".join(link.itertext()) == "More ways to contact us"

    help_page = parse(client.get("/questionnaire/help").get_data(as_text=True))
    assert help_page.find(".//h1").text == "Help"
    whole = " ".join("".join(help_page.find(".//main").itertext()).split())
    for shown in ("0300 123 4567", "18001 0300 123 4567", "07700 900123", "safeguarding.feedback@northshire.example",
                  "British Sign Language", "call 999", "press 55"):
        assert shown in whole, shown
    assert help_page.find(".//a[@href='https://bsl-relay.northshire.example/']") is not None
    # Back, and on to where the person left off; help is not repeated below it.
    assert help_page.find(".//a[@class='govuk-back-link']").get("href") == "/questionnaire"
    assert help_page.find(".//footer//section[@class='app-help']") is None
    assert answer(client, "consent", "yes").status_code == 302
    assert client.get("/questionnaire").headers["Location"] == "/questionnaire/q/who"


def test_without_other_ways_there_is_no_link_to_them(session, client):
    invited = Invited(session)
    invited.council.settings = {"help_phone": "0300 123 4567"}
    session.commit()
    client.get(invited.link)
    html = client.get("/questionnaire/q/consent").get_data(as_text=True)
    assert "0300 123 4567" in html and "/questionnaire/help" not in html


def test_the_help_page_works_in_the_persons_language_and_without_a_link(session, client):
    invited = _invited(session, language="ur")
    client.get(invited.link)
    page = parse(client.get("/questionnaire/help").get_data(as_text=True))
    assert page.get("lang") == "ur" and page.get("dir") == "rtl"
    assert page.find(".//h1").text == "مدد"
    stranger = client.application.test_client()
    page = parse(stranger.get("/questionnaire/help").get_data(as_text=True))
    assert "call 999" in " ".join("".join(page.find(".//main").itertext()).split())


def test_what_the_person_typed_comes_back_exactly_as_typed(session, client):
    invited = _invited(session)
    client.get(invited.link)
    for key, choice in (("consent", "yes"), ("who", "adult"), ("listened", "yes"), ("involved", "yes"),
                        ("respect", "yes"), ("safer", "yes"), ("happy_now", "yes"), ("outcomes_review", "yes"),
                        ("contact_safety", "no"), ("quote_ok", "no")):
        assert answer(client, key, choice).status_code == 302, key
    typed = "First line.\n\n    Second, indented after a blank line.\n\tThird, after a tab."
    assert answer(client, "own_words", text=typed).status_code == 302
    page = parse(client.get("/questionnaire/q/own_words").get_data(as_text=True))
    assert page.find(".//textarea").text.replace("\r\n", "\n").lstrip("\n") == typed


def test_a_welsh_page_carries_no_words_for_the_exit_shortcut_either(session, client):
    invited = _invited(session, language="cy")
    client.get(invited.link)
    html = client.get("/questionnaire/q/consent").get_data(as_text=True)
    assert 'lang="cy"' in html and "Gadael y dudalen hon" in html and "data-i18n" not in html
