"""The layout: language and direction, skip link, header, footer, title and error summary."""
from __future__ import annotations

import re

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tests.pages import Page, check_page, parse

from .conftest import make_light_app


def test_page_has_language_and_direction(client_request):
    page = client_request.get("/test/plain", expected_lang="en")
    assert page.tree.get("dir") == "ltr"
    assert "govuk-template" in page.tree.get("class")
    assert page.title == "A plain page – Safeguarding feedback"


def test_urdu_is_right_to_left_and_remembered(client, client_request):
    page = client_request.get("/test/plain?lang=ur", expected_lang="ur")
    assert page.tree.get("dir") == "rtl"

    page = client_request.get("/test/plain", expected_lang="ur")
    assert page.tree.get("dir") == "rtl"


def test_welsh_is_left_to_right(client_request):
    page = client_request.get("/test/plain?lang=cy", expected_lang="cy")
    assert page.tree.get("dir") == "ltr"


def test_skip_link_leads_to_main_content(client_request):
    page = client_request.get("/test/plain")
    skip = page.find(".//a[@class='govuk-skip-link']")
    assert skip is not None
    assert skip.get("href") == "#main-content"
    assert page.by_id("main-content").tag == "main"
    # The first thing a keyboard reaches.
    first_link = page.find(".//body//a")
    assert first_link is skip


def test_no_gov_uk_branding(client_request):
    html = client_request.get("/test/plain").html
    assert "GOV.UK" not in html
    assert "crown" not in html.lower()
    assert "govuk-crest" not in html
    assert "GDS Transport" not in html
    assert "govuk-header__logo" not in html


def test_no_third_party_requests(client_request):
    page = client_request.get("/test/form")
    for element in page.tree.iter():
        for attribute in ("src", "href", "action"):
            value = element.get(attribute)
            if value is None or element.tag == "a":
                continue
            assert value.startswith(("/", "#", "?")) or value == "", f"{element.tag} {attribute}={value}"


def test_assets_and_module_script(client_request):
    page = client_request.get("/test/plain")
    stylesheets = [link.get("href").split("?v=")[0] for link in page.findall(".//link[@rel='stylesheet']")]
    assert stylesheets == ["/assets/govuk-frontend.min.css", "/assets/app.css"]
    scripts = page.findall(".//script[@src]")
    assert [(s.get("src").split("?v=")[0], s.get("type")) for s in scripts] == [("/assets/app.js", "module")]
    # The only inline script is the one-line class switch.
    inline = [s for s in page.findall(".//script") if not s.get("src")]
    assert len(inline) == 1
    assert "js-enabled" in inline[0].text


def test_language_switcher(client_request):
    page = client_request.get("/test/plain?colour=blue&lang=cy&page=2")
    switcher = page.find(".//nav[@class='app-language-switcher']")
    assert switcher is not None
    links = {a.get("lang"): a for a in switcher.iter("a")}
    from feedback_app.i18n import LANGUAGES

    assert set(links) == set(LANGUAGES) - {"cy"}
    for code, link in links.items():
        assert link.get("hreflang") == code
        assert link.get("href") == f"?colour=blue&page=2&lang={code}"
    assert links["ur"].text == "اردو"
    current = [e for e in switcher.iter() if e.get("aria-current")]
    assert len(current) == 1
    assert current[0].get("lang") == "cy"
    assert current[0].text == "Cymraeg"


def test_language_switcher_keeps_path_and_query(client):
    response = client.get("/test/plain?lang=en&x=1")
    page = Page(response, parse(response.get_data(as_text=True)))
    welsh = page.find(".//nav//a[@lang='cy']")
    follow = client.get("/test/plain" + welsh.get("href"))
    assert parse(follow.get_data(as_text=True)).get("lang") == "cy"


def test_form_errors_show_summary_and_title_prefix(client, client_request):
    token = client_request.get("/test/form").form_values()["csrf_token"]
    # A browser sends every box of the date, empty or not.
    page = client_request.post("/test/form", data={"csrf_token": token, "name": "", "when": ["", "", ""]},
                               expected_status=200)
    assert page.title == "Error: Tell us about it – Safeguarding feedback"
    summary = page.find(".//div[@class='govuk-error-summary']")
    assert summary is not None
    assert summary.find(".//h2").text.strip() == "There is a problem"
    links = {a.get("href"): a.text.strip() for a in summary.iter("a")}
    assert links == {"#name": "Enter your name", "#choice": "Choose how it went", "#when-day": "Not a valid date value."}
    # Radios: the link leads to the first radio button.
    first_radio = page.by_id("choice")
    assert first_radio.tag == "input" and first_radio.get("type") == "radio"
    assert page.by_id("name").tag == "input"
    assert page.by_id("when-day").tag == "input"
    # The summary comes before the heading.
    main = page.by_id("main-content")
    order = [e for e in main.iter() if e is summary or e.tag == "h1"]
    assert order[0] is summary


def test_no_error_prefix_without_errors(client_request):
    page = client_request.get("/test/form")
    assert page.title == "Tell us about it – Safeguarding feedback"
    assert page.find(".//div[@class='govuk-error-summary']") is None


def test_has_errors_without_a_form(client_request):
    page = client_request.get("/test/errors-without-form")
    assert page.title.startswith("Error: Check the dates")
    assert page.error_messages() == ["Enter a date"]


def test_header_for_signed_in_staff(client_request):
    page = client_request.get("/test/signed-in")
    header = page.find(".//header[@class='app-header']")
    assert "Northshire Council" in "".join(header.itertext())
    button = header.find(".//button")
    assert button.text.strip() == "Sign out"
    assert button.get("form") == "app-sign-out"
    sign_out = page.by_id("app-sign-out")
    assert sign_out.tag == "form"
    assert sign_out.get("method") == "post"
    assert sign_out.get("action") == "/logout"
    assert sign_out.find(".//input[@name='csrf_token']").get("value")
    # The page's own form stays the first form in the document.
    assert page.findall(".//form")[0].find(".//input[@name='name']") is not None


def test_header_without_staff(client_request):
    page = client_request.get("/test/plain")
    header = page.find(".//header[@class='app-header']")
    assert "Sign out" not in "".join(header.itertext())
    assert page.by_id("app-sign-out") is None
    assert "Safeguarding feedback" in "".join(header.itertext())


def _compile_welsh(directory, messages):
    catalog = Catalog(locale="cy")
    for english, welsh in messages.items():
        catalog.add(english, welsh)
    target = directory / "cy" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as stream:
        write_mo(stream, catalog)


def test_layout_text_is_translated(tmp_path):
    _compile_welsh(tmp_path, {
        "Skip to main content": "Neidio i'r prif gynnwys",
        "Safeguarding feedback": "Adborth diogelu",
        "Page not found": "Heb ddod o hyd i'r dudalen",
        "Error:": "Gwall:",
        "There is a problem": "Mae problem wedi codi",
        "Language": "Iaith",
    })
    app = make_light_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    client = app.test_client()

    response = client.get("/nowhere?lang=cy")
    page = Page(response, parse(response.get_data(as_text=True)))
    check_page(page, expected_lang="cy")
    assert page.find(".//a[@class='govuk-skip-link']").text == "Neidio i'r prif gynnwys"
    assert page.title == "Heb ddod o hyd i'r dudalen – Adborth diogelu"
    assert page.find(".//nav[@class='app-language-switcher']").get("aria-label") == "Iaith"

    form = client.get("/test/form")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.get_data(as_text=True))
    assert token, "no CSRF token on the form page"
    response = client.post("/test/form", data={"csrf_token": token.group(1), "when": ["", "", ""]})
    page = Page(response, parse(response.get_data(as_text=True)))
    check_page(page, expected_lang="cy")
    assert page.title.startswith("Gwall: ")
    assert page.find(".//h2[@class='govuk-error-summary__title']").text.strip() == "Mae problem wedi codi"


def test_exit_this_page_macro(app):
    with app.test_request_context("/?lang=cy"):
        from flask import render_template_string

        html = render_template_string(
            '{% from "macros/exit.html" import exit_this_page %}{{ exit_this_page("/somewhere-safe") }}'
        )
    tree = parse(f"<!DOCTYPE html><html lang='en'><head><title>x</title></head><body>{html}</body></html>")
    container = tree.find(".//div[@data-module='govuk-exit-this-page']")
    assert container is not None
    assert container.find(".//a").get("href") == "/somewhere-safe"
    assert "Gadael y dudalen hon" in "".join(container.itertext())
    # What the shortcut says is in the cached app.js, not on the page (see the next test).
    assert not [name for name in container.keys() if name.startswith("data-i18n")]


def test_the_scripts_words_are_in_the_built_script_in_every_language(app):
    """English in app.js's source must be the catalogue's words; every other language is added
    from the catalogues by the build, so the built script speaks each language the pages do."""
    import json
    import re
    from pathlib import Path

    from babel.messages.pofile import read_po

    from feedback_app.i18n import LANGUAGES
    from feedback_app.script_words import WORDS

    root = Path(app.root_path).parent
    source = (root / "assets" / "app.js").read_text()
    english = source.split("const WORDS = {")[1].split("\n}\n")[0]
    for group, words in WORDS.items():
        block = english.split(f"{group}: {{")[1].split("}")[0]
        assert dict(re.findall(r"(\w+): '([^']+)'", block)) == words, group
    built = (root / "feedback_app" / "static" / "app.js").read_text()
    table = json.loads(re.search(r"Object\.assign\(WORDS, (\{.*\})\)", built)[1])
    assert set(table) == set(LANGUAGES) - {"en"}
    for language, words in table.items():
        with (root / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalogue = read_po(handle)
        assert words == {group: {key: catalogue.get(msgid).string for key, msgid in group_words.items()}
                         for group, group_words in WORDS.items()}, language
    assert table["cy"]["exitThisPage"]["pressOneMoreTime"] == "Pwyswch Shift 1 waith arall i adael y dudalen hon."
    assert table["cy"]["listen"]["stop"] == "Stopio gwrando"
