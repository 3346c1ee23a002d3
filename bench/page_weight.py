"""How much a question page costs to download, and whether it works without JavaScript.

Budget: a question page, HTML plus CSS, at most 12 KB compressed on a first visit, and at most
2 KB for the next page once the stylesheets are cached. Sizes are gzip level 6, which is what a
reverse proxy in front of gunicorn would typically apply; the app itself does not compress.

The first visit is also measured, in the same run, with the full GOV.UK Frontend stylesheet (every
component, compiled from its Sass with our settings by scripts/build_assets.py) in place of ours
(assets/govuk.scss: only the components our pages use, and on the person's pages only the classes
those pages can carry), and the two are printed side by side.

Run after building the assets (`make assets`): .venv/bin/python bench/page_weight.py
Exit status is 0 whatever the verdict; only a broken page or setup makes it non-zero.
"""
from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_VISIT_BUDGET = 12 * 1024
NEXT_PAGE_BUDGET = 2 * 1024
GOVUK_STYLESHEETS = ("govuk-frontend.min.css", "govuk-frontend-person.min.css")
GZIP_LEVEL = 6
OWN_HOST = "localhost"


def gzipped_size(data: bytes) -> int:
    # mtime=0 keeps the figure reproducible; the header is the same 18 bytes a proxy would add.
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@dataclass
class Form:
    method: str
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)
    submit_buttons: list[tuple[str | None, str | None]] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects what a browser would fetch, and what a browser without JavaScript could submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.icons: list[str] = []
        self.images: list[str] = []
        self.scripts: list[str] = []
        self.module_preloads: list[str] = []
        self.inline_scripts: list[str] = []
        self.inline_handlers: list[str] = []
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        a = {name: (value if value is not None else "") for name, value in attrs}
        self.inline_handlers += [f"<{tag} {name}>" for name in a if name.startswith("on")]
        rel = a.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(a["href"])
        elif tag == "link" and "icon" in rel:
            self.icons.append(a["href"])
        elif tag == "link" and ("modulepreload" in rel or ("preload" in rel and a.get("as") == "script")):
            self.module_preloads.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.images.append(a["src"])
        elif tag == "script":
            if a.get("src"):
                self.scripts.append(a["src"])
            else:
                self._in_inline_script = True
                self.inline_scripts.append("")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is not None:
            self._form_control(tag, a)

    def _form_control(self, tag, a):
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "input" and kind == "hidden":
            self._form.hidden[a.get("name", "")] = a.get("value", "")
        elif tag == "input" and kind == "radio":
            self._form.radios.setdefault(a.get("name", ""), []).append(a.get("value", ""))
        elif tag == "textarea":
            self._form.textareas.append(a.get("name", ""))
        elif (tag == "button" and kind == "submit") or (tag == "input" and kind == "submit"):
            self._form.submit_buttons.append((a.get("name"), a.get("value")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script:
            self.inline_scripts[-1] += data


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def local_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc not in ("", OWN_HOST):
        raise SystemExit(f"The page asks for a third-party resource: {url}")
    return parts.path + (f"?{parts.query}" if parts.query else "")


def answer_form(page: PageParser) -> Form:
    """The question's form, checked to be usable with JavaScript off."""
    forms = [f for f in page.forms if "question" in f.hidden]
    if len(forms) != 1:
        raise SystemExit(f"Expected one question form on the page, found {len(forms)}.")
    form = forms[0]
    problems = []
    if form.method != "post":
        problems.append(f"the form's method is {form.method!r}, not post")
    if not form.action.startswith("/questionnaire/q/"):
        problems.append(f"the form posts to {form.action!r}, not to a question address on this server")
    if not form.submit_buttons:
        problems.append("the form has no submit button")
    if not form.hidden.get("csrf_token"):
        problems.append("the form has no CSRF token field")
    if not (form.radios.get("answer") or form.textareas or any(n == "answer" for n, _ in form.submit_buttons)):
        problems.append("the form offers no answer that can be sent without a script")
    if problems:
        raise SystemExit("The page needs JavaScript: " + "; ".join(problems) + ".")
    return form


def submit_without_js(client, form: Form, choice: str | None, text: str | None = None):
    """Send the form as a browser without JavaScript would: hidden fields, a radio, the button."""
    data = dict(form.hidden)
    if choice is not None and choice in form.radios.get("answer", []):
        data["answer"] = choice
    elif choice is not None:
        pressed = [(n, v) for n, v in form.submit_buttons if n == "answer" and v == choice]
        if not pressed:
            raise SystemExit(f"No way to choose {choice!r} on {form.action} without a script.")
        data["answer"] = choice
    if text is not None:
        data["text"] = text
    return client.post(form.action, data=data)


class Fetcher:
    def __init__(self, client):
        self.client = client
        self.cache: dict[str, bytes] = {}

    def get(self, url: str) -> bytes:
        path = local_path(url)
        if path not in self.cache:
            response = self.client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}.")
            self.cache[path] = response.get_data()
        return self.cache[path]


def kb(n: int) -> str:
    return f"{n / 1024:7.1f} KB"


def row(label: str, raw: int, packed: int, note: str = "") -> str:
    return f"  {label:<48} {kb(raw)} {kb(packed)}  {note}"


def full_govuk_stylesheet(workdir: Path) -> bytes:
    """GOV.UK Frontend's whole stylesheet, built as ours is but with every component."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_assets", ROOT / "scripts" / "build_assets.py")
    build_assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_assets)
    entry = workdir / "govuk-full.scss"
    entry.write_text('@use "govuk-settings";\n@use "govuk-frontend/dist/govuk";\n', encoding="utf-8")
    try:
        return build_assets.compile_govuk_css(entry).encode()
    except build_assets.BuildError as problem:
        raise SystemExit(f"Could not build the full stylesheet to compare with: {problem}")


def build_app(workdir: Path):
    # Keys for this run only, so nothing is written to instance/.
    from cryptography.fernet import Fernet

    os.environ.setdefault("SECRET_KEY", os.urandom(32).hex())
    os.environ.setdefault("DATA_KEY", Fernet.generate_key().decode())
    from feedback_app import create_app
    from feedback_app.migrate import upgrade

    url = f"sqlite:///{workdir / 'page_weight.db'}"
    upgrade(url)
    app = create_app({"APP_ENV": "test", "TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "RATELIMIT_ENABLED": False, "PUBLIC_BASE_URL": f"http://{OWN_HOST}"})
    return app


def demo_link(app, language: str) -> str:
    from feedback_app.db import db
    from feedback_app.devdata.demo import load_demo_data

    with app.app_context():
        output = load_demo_data(db.session, f"http://{OWN_HOST}")
        db.session.remove()
    for url, link_language, who in output.links:
        if link_language == language and who == "adult":
            return local_path(url)
    raise SystemExit(f"The demo data has no adult link in {language!r}.")


def redirect_path(response) -> str:
    if response.status_code not in (302, 303):
        raise SystemExit(f"Expected a redirect, got {response.status_code} for {response.request.path}.")
    return local_path(response.headers["Location"])


def walk(client, link: str):
    """Open the link, answer consent, then every question in turn. Yields (path, html) per page."""
    start = redirect_path(client.get(link))
    response = client.get(start)
    if response.status_code != 200:
        raise SystemExit(f"The start page answered {response.status_code}.")
    page = parse(response.get_data(as_text=True))
    consent_url = next((h for h in page.links if "/questionnaire/q/" in h), "/questionnaire/q/consent")
    path = local_path(consent_url)
    # Answers chosen to show the longest route: outcomes recorded, every question visible.
    answers = {"consent": "yes", "who": "adult", "contact_safety": "no"}
    while path.startswith("/questionnaire/q/"):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}.")
        html = response.get_data(as_text=True)
        yield path, html
        key = path.rsplit("/", 1)[-1]
        form = answer_form(parse(html))
        if form.textareas:
            response = submit_without_js(client, form, None, text="They listened to me.")
        else:
            response = submit_without_js(client, form, answers.get(key, "yes"))
        path = redirect_path(response)
    if path != "/questionnaire/check":
        raise SystemExit(f"The last question led to {path}, not to the check-your-answers page.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="en", help="which demo link to follow (en, cy, ur)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        app = build_app(Path(tmp))
        link = demo_link(app, args.language)
        client = app.test_client()
        fetcher = Fetcher(client)
        pages = list(walk(client, link))
        app.extensions["database_engine"].dispose()
        full_govuk = full_govuk_stylesheet(Path(tmp))

    # The consent page comes straight after the start page; the first question page reached
    # by answering is the one the budget is about, and the one after it is "the next page".
    (first_path, first_html), (next_path, next_html) = pages[1:3]
    first, following = parse(first_html), parse(next_html)
    first_bytes, next_bytes = first_html.encode(), next_html.encode()

    css = [(u, fetcher.get(u)) for u in first.stylesheets]
    images = [(u, fetcher.get(u)) for u in dict.fromkeys(first.images + first.icons)]
    scripts = [(u, fetcher.get(u)) for u in dict.fromkeys(first.scripts + first.module_preloads)]
    seen = {u for u, _ in images}
    new_images = [(u, fetcher.get(u)) for u in dict.fromkeys(following.images + following.icons) if u not in seen]

    first_total_raw = len(first_bytes) + sum(len(b) for _, b in css)
    first_total_gz = gzipped_size(first_bytes) + sum(gzipped_size(b) for _, b in css)
    ours = [(u, b) for u, b in css if urlsplit(local_path(u)).path.rsplit("/", 1)[-1] in GOVUK_STYLESHEETS]
    if len(ours) != 1:
        raise SystemExit(f"Expected the page to link one of {', '.join(GOVUK_STYLESHEETS)}, found {len(ours)}.")
    ours_raw, ours_gz = len(ours[0][1]), gzipped_size(ours[0][1])
    full_raw, full_gz = len(full_govuk), gzipped_size(full_govuk)
    with_full_raw = first_total_raw - ours_raw + full_raw
    with_full_gz = first_total_gz - ours_gz + full_gz
    next_gz = gzipped_size(next_bytes)
    worst_path, worst_html = max(pages, key=lambda p: gzipped_size(p[1].encode()))
    worst_gz = gzipped_size(worst_html.encode())

    print(f"Question page weight (gzip level {GZIP_LEVEL}), language {args.language}")
    print(f"  {'':<48} {'raw':>10} {'gzip':>10}")
    print("First visit: " + first_path)
    print(row("HTML", len(first_bytes), gzipped_size(first_bytes)))
    for url, body in css:
        print(row(f"CSS {local_path(url)}", len(body), gzipped_size(body)))
    print(row("= HTML + CSS", first_total_raw, first_total_gz, f"budget {FIRST_VISIT_BUDGET // 1024} KB"))
    print("First visit with the full GOV.UK Frontend stylesheet instead, for comparison:")
    print(row("  CSS full GOV.UK Frontend (every component)", full_raw, full_gz))
    print(row("  = HTML + CSS with the full stylesheet", with_full_raw, with_full_gz))
    print(f"  {'ours / full, GOV.UK Frontend CSS':<48} {ours_raw / full_raw:9.0%} {ours_gz / full_gz:9.0%}"
          f"  saves {(full_gz - ours_gz) / 1024:.1f} KB gzipped")
    print(f"  {'ours / full, first visit HTML + CSS':<48} {first_total_raw / with_full_raw:9.0%} "
          f"{first_total_gz / with_full_gz:9.0%}")
    for url, body in images:
        print(row(f"  image {local_path(url)}", len(body), gzipped_size(body), "(separate)"))
    print(row("  images, total", sum(len(b) for _, b in images), sum(gzipped_size(b) for _, b in images),
              "(separate)"))
    for url, body in scripts:
        print(row(f"  script {local_path(url)}", len(body), gzipped_size(body), "(optional)"))
    inline = "".join(first.inline_scripts).encode()
    print(row("  inline script in the HTML", len(inline), gzipped_size(inline), "(counted in HTML)"))
    print(row("  scripts, total", sum(len(b) for _, b in scripts), sum(gzipped_size(b) for _, b in scripts),
              "(optional)"))
    images_gz = sum(gzipped_size(b) for _, b in images)
    scripts_gz = sum(gzipped_size(b) for _, b in scripts)
    print(row("= HTML + CSS + images", first_total_raw + sum(len(b) for _, b in images),
              first_total_gz + images_gz, "(for information)"))
    print(row("= HTML + CSS + images + scripts", first_total_raw + sum(len(b) for _, b in images + scripts),
              first_total_gz + images_gz + scripts_gz, "(for information)"))
    print("Next page, stylesheets cached: " + next_path)
    print(row("HTML", len(next_bytes), next_gz, f"budget {NEXT_PAGE_BUDGET // 1024} KB"))
    for url, body in new_images:
        print(row(f"  new image {local_path(url)}", len(body), gzipped_size(body), "(separate)"))
    print("Every question page's HTML:")
    for path, html in pages:
        data = html.encode()
        print(row(path, len(data), gzipped_size(data)))

    no_js = [f"{p}: {', '.join(parse(h).inline_handlers)}" for p, h in pages if parse(h).inline_handlers]
    # Exit this page is a script-driven shortcut, but it must also be a plain link to the server.
    no_js += [f"{p}: no plain link to /leave" for p, h in pages if "/leave" not in map(local_path, parse(h).links)]
    print("Without JavaScript:")
    print(f"  every page ({len(pages)}) has one question form with method=post, a server action, a "
          f"submit button and a CSRF field; each was answered by posting it as a plain form")
    print("  Exit this page is a plain link to /leave on every page")
    print(f"  problems (inline event handlers, missing links): {'none' if not no_js else '; '.join(no_js)}")

    verdicts = [
        ("first visit, HTML + CSS", first_total_gz, FIRST_VISIT_BUDGET),
        ("first visit, HTML + CSS, full stylesheet (comparison)", with_full_gz, FIRST_VISIT_BUDGET),
        ("next page, HTML only", next_gz, NEXT_PAGE_BUDGET),
        (f"heaviest question page ({worst_path})", worst_gz, NEXT_PAGE_BUDGET),
    ]
    print("Verdict:")
    for label, size, budget in verdicts:
        state = "within budget" if size <= budget else "OVER BUDGET"
        print(f"  {label:<58} {size / 1024:5.1f} KB of {budget // 1024} KB: {state}")
    overall = all(size <= budget for label, size, budget in verdicts if "comparison" not in label) and not no_js
    print("Overall: " + ("within budget, no JavaScript needed" if overall else "OVER BUDGET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
