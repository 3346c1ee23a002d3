#!/usr/bin/env python3
"""A review pack for each language's translator: every message in context.

    make translations-review            # every language but English
    .venv/bin/python scripts/translations_review.py --language cy --out build/translations-review

It loads the demo data into a database of its own, serves the service on this machine, and walks
the pages as each demo user and as a person answering (the same pages in English and in each
language), taking a screenshot of each page with Chromium. For each language it writes, under
build/translations-review/<language>/:

- index.html: every message, with the English, the translation, whether it still needs review,
  where it is in the code, and the pages it was seen on, each with its screenshot in both
  languages side by side;
- messages.csv: the same list for a spreadsheet, with a column for the translator's corrections.

A message is "seen" on a page when its words (without placeholders such as %(name)s) are in the
page's text, its title or the labels that screen readers read. Messages no walk reaches (texts,
letters, rare errors) are listed too, with where they are in the code.

Nothing leaves this machine: the database is a temporary file and the server listens on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import csv
import html
import re
import sys
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Links a walk never follows: leaving, signing out, files, and anything that changes something.
SKIPPED = re.compile(r"/logout|/exit|/leave|\.(pdf|csv|xlsx|json)(\?|$)|/s/|/dev/|lang=", re.IGNORECASE)
# Text a page holds outside its visible words: its title and what screen readers read.
PAGE_TEXT_SCRIPT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label],[alt],[title],[placeholder]')) {
    for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  for (const el of document.querySelectorAll('.govuk-visually-hidden')) parts.push(el.textContent);
  return parts.join('\\n');
}"""


@dataclass
class Message:
    id: str
    plural: str | None
    translation: str
    needs_review: bool
    sources: list[str]
    pages: list[int] = field(default_factory=list)


@dataclass
class Shot:
    """One page of a walk: where it is, and what it said in each language."""
    path: str
    who: str
    texts: dict[str, str] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).replace("\u2019", "'").replace("\u2018", "'").split()).casefold()


def fragments(message_text: str) -> list[str]:
    """The literal words of a message, between its placeholders, longest first."""
    found = [normalise(part) for part in PLACEHOLDER.split(message_text)]
    return sorted((part for part in found if len(part) >= 2), key=len, reverse=True)


def seen_in(message_text: str, page_text: str) -> bool:
    parts = fragments(message_text)
    # Every part of the message, placeholders apart, is on the page, as whole words ("Role" is
    # not seen in "Roles").
    return bool(parts) and all(part in page_text and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", page_text)
                               for part in parts)


def read_messages(language: str) -> list[Message]:
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    messages = []
    for message in catalogue:
        if not message.id:
            continue
        singular, plural = (message.id, None) if isinstance(message.id, str) else (message.id[0], message.id[1])
        string = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
        messages.append(Message(singular, plural, string or "", message.fuzzy,
                                [f"{path}:{line}" for path, line in message.locations]))
    return messages


def match(messages: list[Message], shots: list[Shot], language: str) -> None:
    """Find each message on the pages, by its translation in that language (or its English)."""
    for message in messages:
        wanted = message.translation or message.id
        message.pages = [index for index, shot in enumerate(shots) if seen_in(wanted, shot.texts.get(language, ""))]


# ---- walking the service ---------------------------------------------------------------------

def _same_site(base: str, href: str | None) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "sms:", "javascript:")):
        return None
    absolute = urljoin(base + "/", href)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != base or SKIPPED.search(absolute):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(page, base: str, start: str, limit: int) -> list[str]:
    """Pages reachable by links from ``start``, breadth first, at most ``limit`` of them."""
    queue, shapes, found = deque([start]), {_shape(start)}, []
    while queue and len(found) < limit:
        path = queue.popleft()
        response = page.goto(base + path)
        if response is None or response.status >= 400 or not page.url.startswith(base):
            continue
        found.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = _same_site(base, urljoin(base + path, href) if href and not href.startswith("http") else href)
            # One page for each kind of address: /casework/enquiries/12 stands for all of them.
            if target and _shape(target) not in shapes:
                shapes.add(_shape(target))
                queue.append(target)
    return found


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def sign_in(page, base: str, email: str, password: str, language: str) -> None:
    page.goto(f"{base}/login?lang={language}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def capture(page, base: str, shots: list[Shot], language: str, out: Path, name: str) -> None:
    """Visit each shot's page in ``language`` (the session already speaks it) and keep what it says."""
    out.mkdir(parents=True, exist_ok=True)
    for shot in shots:
        if shot.who != name:
            continue
        page.goto(base + shot.path)
        index = shots.index(shot)
        image = out / f"{index:03d}.png"
        page.screenshot(path=str(image), full_page=True)
        shot.texts[language] = normalise(page.evaluate(PAGE_TEXT_SCRIPT))
        shot.images[language] = image.name


def questionnaire_paths(page, base: str, link: str, language: str) -> list[str]:
    """The person's pages behind a survey link: the start, each question, and the check page."""
    page.goto(f"{link}?lang={language}")
    paths = ["/questionnaire"]
    page.goto(base + "/questionnaire")
    start = page.eval_on_selector_all("main a[href*='/questionnaire/q/'], main form[action*='/questionnaire/q/']",
                                      "els => els.map(e => e.getAttribute('href') || e.getAttribute('action'))")
    key = start[0].rsplit("/", 1)[-1] if start else None
    while key and len(paths) < 30:
        paths.append(f"/questionnaire/q/{key}")
        page.goto(base + paths[-1])
        radios = page.query_selector_all("main input[type=radio]")
        if radios:
            radios[0].check()
        page.click("main form button[type=submit]:not([name])" if page.query_selector(
            "main form button[type=submit]:not([name])") else "main form button[type=submit]")
        page.wait_for_load_state()
        current = urlsplit(page.url).path
        key = current.rsplit("/", 1)[-1] if current.startswith("/questionnaire/q/") else None
        if current == "/questionnaire/check":
            paths.append(current)
    return paths


# ---- writing the pack ------------------------------------------------------------------------

def write_pack(out: Path, language: str, messages: list[Message], shots: list[Shot]) -> Path:
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "messages.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["number", "english", "english_plural", "translation", "needs_review", "seen_on",
                         "in_the_code", "corrected_translation", "notes"])
        for number, message in enumerate(messages, 1):
            writer.writerow([number, message.id, message.plural or "", message.translation,
                             "yes" if message.needs_review else "no",
                             " ".join(f"{shots[i].path} ({shots[i].who})" for i in message.pages[:5]),
                             " ".join(message.sources), "", ""])
    rows = []
    for number, message in enumerate(messages, 1):
        seen = "".join(
            f'<li><a href="pages/{shots[i].images.get(language, "")}">{html.escape(shots[i].path)}</a> '
            f'({html.escape(shots[i].who)}; <a href="../en/pages/{shots[i].images.get("en", "")}">English</a>)</li>'
            for i in message.pages[:5])
        state = "needs review" if message.needs_review else "checked"
        rows.append(
            f'<tr id="m{number}"><td>{number}</td><td>{html.escape(message.id)}'
            f'{"<br><i>plural:</i> " + html.escape(message.plural) if message.plural else ""}</td>'
            f'<td lang="{language}" dir="auto">{html.escape(message.translation)}</td><td>{state}</td>'
            f'<td>{"<ul>" + seen + "</ul>" if seen else "not seen on a walked page"}</td>'
            f'<td><small>{html.escape(" ".join(message.sources))}</small></td></tr>')
    seen_count = sum(1 for m in messages if m.pages)
    waiting = sum(1 for m in messages if m.needs_review)
    index = folder / "index.html"
    index.write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Translation review: {language}</title>
<style>body{{font-family:sans-serif;margin:1rem}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;
padding:.3rem;vertical-align:top;text-align:start}}</style></head><body>
<h1>Translation review: {language}</h1>
<p>{len(messages)} messages; {waiting} need review; {seen_count} seen on the {len(shots)} pages walked.
Each page links to its screenshot in this language and in English. Write corrections in messages.po
(remove the "fuzzy" mark of each message you have checked), or in the corrected_translation column of
messages.csv.</p>
<table><thead><tr><th>#</th><th>English</th><th>Translation</th><th>State</th><th>Seen on</th>
<th>In the code</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table></body></html>
""", encoding="utf-8")
    return index


# ---- the whole run ---------------------------------------------------------------------------

def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def demo_site(database: Path):
    """The service with the demo data, every language offered, served on this machine."""
    from feedback_app import create_app
    from feedback_app.db import db
    from feedback_app.devdata.demo import load_demo_data
    from feedback_app.i18n import LANGUAGES
    from feedback_app.migrate import upgrade
    from feedback_app.models import Organisation, OrganisationKind

    url = f"sqlite:///{database}"
    upgrade(url)
    app = create_app({"APP_ENV": "development", "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "SMS_BACKEND": "log"})
    server, base = serve(app)
    app.config["PUBLIC_BASE_URL"] = base
    with app.app_context():
        output = load_demo_data(db.session, base)
        for council in db.session.query(Organisation).filter(Organisation.kind == OrganisationKind.COUNCIL):
            council.settings = {**council.settings, "languages": list(LANGUAGES), "languages_accepted": {
                code: {"by": None, "at": "2026-01-01T00:00:00"} for code in LANGUAGES if code != "en"}}
        db.session.commit()
    return server, base, output


def run(out: Path, languages: list[str], pages_per_user: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        server, base, output = demo_site(Path(temporary) / "review.db")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
                shots = _walk(browser, base, output, pages_per_user)
                written = []
                for language in ["en", *languages]:
                    _capture_everyone(browser, base, output, shots, language, out / language / "pages")
                for language in languages:
                    messages = read_messages(language)
                    match(messages, shots, language)
                    written.append(write_pack(out, language, messages, shots))
                browser.close()
        finally:
            server.shutdown()
    return written


def _users(output) -> list[tuple[str, str, str]]:
    """(name, email, password) of each demo user of the first council, the partner and the national body."""
    seen, users = set(), []
    for role, email, password, slug in output.logins:
        if slug == "southbay" or (role, slug) in seen:
            continue
        seen.add((role, slug))
        users.append((f"{role}@{slug}", email, password))
    return users


def _walk(browser, base, output, pages_per_user) -> list[Shot]:
    shots = []
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    for path in crawl(page, base, "/login", 3):
        shots.append(Shot(path, "signed out"))
    context.close()
    for name, email, password in _users(output):
        context = browser.new_context(viewport={"width": 1024, "height": 800})
        page = context.new_page()
        sign_in(page, base, email, password, "en")
        shots += [Shot(path, name) for path in crawl(page, base, "/", pages_per_user)]
        context.close()
    return shots


def _capture_everyone(browser, base, output, shots, language, out: Path) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/login?lang={language}")
    capture(page, base, shots, language, out, "signed out")
    context.close()
    for name, email, password in _users(output):
        context = browser.new_context(viewport={"width": 1024, "height": 800})
        page = context.new_page()
        sign_in(page, base, email, password, language)
        capture(page, base, shots, language, out, name)
        context.close()
    # The person's pages: a survey link each time, answered as far as the check page.
    link = output.links[0][0].replace(output.links[0][0].split("/s/")[0], base)
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    person = [shot for shot in shots if shot.who == "a person answering"]
    if not person:
        for path in questionnaire_paths(page, base, link, "en"):
            shots.append(Shot(path, "a person answering"))
    else:
        page.goto(f"{link}?lang={language}")
    capture(page, base, shots, language, out, "a person answering")
    context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", "-l", action="append", help="Only this language (repeat for more).")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "translations-review")
    parser.add_argument("--pages-per-user", type=int, default=15, help="At most this many pages for each demo user.")
    args = parser.parse_args(argv)
    from feedback_app.i18n import LANGUAGES

    languages = args.language or [code for code in LANGUAGES if code != "en"]
    unknown = [code for code in languages if code not in LANGUAGES or code == "en"]
    if unknown:
        parser.error(f"unknown language {', '.join(unknown)}: choose from "
                     f"{', '.join(code for code in LANGUAGES if code != 'en')}")
    if args.pages_per_user < 1:
        parser.error("--pages-per-user must be 1 or more")
    for index in run(args.out, languages, args.pages_per_user):
        print(f"Wrote {index.relative_to(ROOT) if index.is_relative_to(ROOT) else index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
