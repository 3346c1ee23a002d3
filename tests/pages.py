"""``client_request``: fetch a page and check what every page must get right.

Each page is parsed strictly as HTML and must have one ``h1``; a title that starts with it (and
with ``Error:`` when an error summary shows); ``lang`` on ``<html>`` (not ``en`` on a page in
another language); a label for every input; no radio button chosen for the person; and error
summary links that lead to real fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import html5lib
from xml.etree import ElementTree

LABELLED_INPUT_TYPES = {"text", "email", "password", "tel", "number", "radio", "checkbox", "date", "search", "url", "file"}


def _text(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


@dataclass
class Page:
    response: object
    tree: ElementTree.Element

    @property
    def status_code(self):
        return self.response.status_code

    @property
    def html(self) -> str:
        return self.response.get_data(as_text=True)

    def find(self, path):
        return self.tree.find(path)

    def findall(self, path):
        return self.tree.findall(path)

    @property
    def title(self) -> str:
        return _text(self.tree.find(".//title"))

    @property
    def h1(self) -> str:
        """The heading's own words, without a caption such as "Question 2 of 9"."""
        h1 = self.tree.find(".//h1")
        caption = h1.find(".//*[@data-title-caption]")
        text = _text(h1)
        return text[len(_text(caption)):].strip() if caption is not None else text

    @property
    def title_caption(self) -> str | None:
        caption = self.tree.find(".//h1//*[@data-title-caption]")
        return None if caption is None else _text(caption)

    @property
    def lang(self) -> str:
        return self.tree.get("lang")

    @property
    def text(self) -> str:
        return _text(self.tree.find(".//body"))

    def table_rows(self, caption: str) -> list[list[str]]:
        """The body rows of the table with this caption, as the words of each cell."""
        for table in self.tree.iter("table"):
            found = table.find("caption")
            if found is not None and _text(found) == caption:
                return [[_text(cell) for cell in row] for row in table.findall("./tbody/tr")]
        raise AssertionError(f"no table captioned {caption!r}")

    def by_id(self, element_id):
        return self.tree.find(f".//*[@id='{element_id}']")

    def error_messages(self) -> list[str]:
        summary = self.tree.find(".//div[@class='govuk-error-summary']")
        return [] if summary is None else [_text(a) for a in summary.iter("a")]

    def form_values(self, form_index: int = 0) -> dict:
        form = self.tree.findall(".//form")[form_index]
        values = {}
        for field in form.iter("input"):
            name = field.get("name")
            if not name or field.get("type") == "submit":
                continue
            if field.get("type") in ("radio", "checkbox") and field.get("checked") is None:
                continue
            values[name] = field.get("value", "")
        for area in form.iter("textarea"):
            values[area.get("name")] = area.text or ""
        return values


def parse(html: str) -> ElementTree.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def check_page(page: Page, expected_lang: str | None = None, allow_checked_radios: bool = False) -> None:
    tree = page.tree
    h1s = tree.findall(".//h1")
    assert len(h1s) == 1, f"expected one h1, found {len(h1s)}"
    title = page.title
    errors = page.error_messages()
    heading = page.h1
    if errors:
        assert title.startswith("Error: ") or title.startswith("Gwall: ") or ":" in title.split(" ")[0], (
            f"title {title!r} lacks the error prefix"
        )
        title = title.split(": ", 1)[1]
    if page.title_caption:
        # Pages whose words must not show in a browser tab start both title and h1 with a
        # neutral caption ("Question 2 of 9"), and the title stops there.
        assert title.startswith(page.title_caption) and heading not in title, (
            f"title {title!r} should start with {page.title_caption!r} and not give the question away"
        )
    else:
        assert title.startswith(heading), f"title {title!r} does not start with h1 {heading!r}"
    lang = page.lang
    assert lang, "<html> has no lang"
    if expected_lang:
        assert lang == expected_lang, f"lang is {lang!r}, expected {expected_lang!r}"
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    labels_for = {label.get("for") for label in tree.iter("label")}
    for field in list(tree.iter("input")) + list(tree.iter("textarea")) + list(tree.iter("select")):
        kind = field.get("type", "text") if field.tag == "input" else field.tag
        if field.tag == "input" and kind not in LABELLED_INPUT_TYPES:
            continue
        assert field.get("id") in labels_for or field.get("aria-label") or field.get("aria-labelledby"), (
            f"{field.tag} {field.get('name')!r} has no label"
        )
        if kind == "radio" and not allow_checked_radios:
            assert field.get("checked") is None, f"radio {field.get('id')} is pre-selected"
    summary = tree.find(".//div[@class='govuk-error-summary']")
    if summary is not None:
        for link in summary.iter("a"):
            target = link.get("href", "")
            assert target.startswith("#") and target[1:] in ids, f"error link {target!r} leads nowhere"


class ClientRequest:
    """Fetch pages through the test client and check them."""

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def _page(self, response, expected_status, check, **check_options) -> Page:
        assert response.status_code == expected_status, (
            f"expected {expected_status}, got {response.status_code}: {response.get_data(as_text=True)[:500]}"
        )
        page = Page(response, parse(response.get_data(as_text=True)))
        if check:
            check_page(page, **check_options)
        return page

    def get(self, url, expected_status=200, check=True, **check_options) -> Page:
        response = self.client.get(url)
        if expected_status == 302 or response.status_code in (301, 302, 303):
            assert response.status_code == expected_status, response.status_code
            return response
        return self._page(response, expected_status, check, **check_options)

    def post(self, url, data=None, expected_status=302, check=True, **check_options):
        response = self.client.post(url, data=data or {})
        if expected_status in (301, 302, 303):
            assert response.status_code == expected_status, (
                f"expected {expected_status}, got {response.status_code}: {response.get_data(as_text=True)[:800]}"
            )
            return response
        return self._page(response, expected_status, check, **check_options)

    def login(self, user, password):
        response = self.client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response
