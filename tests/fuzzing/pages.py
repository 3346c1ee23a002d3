"""Forms as a browser finds them on a page, and the clients that fetch pages as each kind of user.

A page's ``<form method="post">`` elements are read with the standard library's HTML parser:
each field's name, kind, options and the value it already holds. A form belongs to the rule its
``action`` matches in the URL map (an empty action is the page's own address).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

from .values import Submission

LIST_KINDS = ("radio", "checkbox")
IGNORED_KINDS = ("submit", "button", "reset", "image")


@dataclass
class Field:
    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    multipart: bool
    fields: list[Field] = field(default_factory=list)
    page: str = "/"  # where it was found

    def field(self, name: str) -> Field | None:
        return next((found for found in self.fields if found.name == name), None)

    def valid_pairs(self) -> list[tuple[str, str]]:
        """What a person would most simply send: each box as it is, the first option of each choice."""
        pairs = []
        for found in self.fields:
            if found.kind == "checkbox" or found.kind == "file":
                continue
            value = found.options[0] if found.options else found.value
            pairs.append((found.name, value))
        return pairs


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                action = urljoin(self.page_url, attrs.get("action") or self.page_url)
                self._form = Form(action, "multipart" in attrs.get("enctype", ""))
                self.forms.append(self._form)
            return
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(attrs.get("value", ""))
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in IGNORED_KINDS:
                return
            existing = self._form.field(name)
            if kind in LIST_KINDS and existing is not None:
                existing.options.append(attrs.get("value", "on"))
            elif kind in LIST_KINDS:
                self._form.fields.append(Field(name, kind, options=[attrs.get("value", "on")]))
            else:
                self._form.fields.append(Field(name, kind, attrs.get("value", "")))
        elif tag == "select":
            self._select = Field(name, "select")
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(name, "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def endpoint_of(adapter, url: str, method: str = "POST") -> str | None:
    try:
        return adapter.match(urlsplit(url).path, method=method)[0]
    except HTTPException:
        return None


def relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def csrf_token_of(forms: list[Form]) -> str | None:
    for form in forms:
        found = form.field("csrf_token")
        if found is not None:
            return found.value
    return None


class Browser:
    """A test client for one kind of user, that remembers the last CSRF token it saw."""

    def __init__(self, app, client, name: str, headers: dict | None = None):
        self.app, self.client, self.name, self.headers = app, client, name, headers or {}
        self.adapter = app.url_map.bind("localhost")
        self.csrf_token: str | None = None
        self.pages: list[str] | None = None  # where its forms were found, to fetch a fresh token from
        self._issued_for = None  # the session's own token that ``csrf_token`` was made from

    def _session_token(self):
        cookie = self.client.get_cookie(self.app.config.get("SESSION_COOKIE_NAME", "session"))
        if cookie is None:
            return None
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        return serializer.loads(cookie.value).get("csrf_token")

    def page(self, url: str) -> tuple[object, list[Form]]:
        response = self.client.get(url, headers=self.headers)
        forms = []
        if response.status_code == 200 and response.mimetype == "text/html":
            forms = forms_on(response.get_data(as_text=True), "http://localhost" + url)
            for form in forms:
                form.page = url
            if csrf_token_of(forms):
                self.csrf_token, self._issued_for = csrf_token_of(forms), self._session_token()
        return response, forms

    def fresh_csrf_token(self, pages: list[str]) -> str | None:
        """A token the session still accepts: signing in or out starts a new session, and its
        forms then need a new token, taken from a page as a browser would."""
        if self.csrf_token is None or self._session_token() != self._issued_for:
            for url in [*pages, "/"]:
                self.page(url)
                if self._session_token() == self._issued_for and self.csrf_token:
                    break
        return self.csrf_token

    def forms_for(self, url: str, endpoint: str) -> list[Form]:
        """The forms on the page at ``url`` that post to ``endpoint``."""
        _response, forms = self.page(url)
        return [form for form in forms if endpoint_of(self.adapter, form.action) == endpoint]

    def send(self, url: str, pairs: list[tuple[str, str]]):
        body, content_type = Submission(url, pairs).encoded()
        return self.client.post(url, data=body, content_type=content_type, headers=self.headers)

    def walk(self, start: str, stop: str, limit: int = 20) -> list[str]:
        """Answer page after page the simplest way, from ``start`` until a page of the ``stop``
        endpoint is reached; returns the addresses passed through, the last one ``stop``'s."""
        url, seen = start, []
        for _step in range(limit):
            seen.append(url)
            here = endpoint_of(self.adapter, url, "GET")
            if here == stop:
                return seen
            _response, forms = self.page(url)
            own = [form for form in forms if endpoint_of(self.adapter, form.action) == here]
            if not own:
                break
            response = self.send(relative(own[0].action), own[0].valid_pairs())
            if response.status_code not in (301, 302, 303):
                break
            url = relative(urljoin("http://localhost" + url, response.headers["Location"]))
        raise AssertionError(f"{self.name} could not get from {start} to a page of {stop}: stopped at {seen[-1:]}")
