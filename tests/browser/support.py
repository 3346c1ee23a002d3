"""A real browser: Debian's Chromium driven by Playwright, against the app served from a thread.

These tests never skip: if Chromium is missing they fail and say how to install it.
"""
from __future__ import annotations

from contextlib import contextmanager

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from feedback_app import create_app
from feedback_app.migrate import upgrade

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"
    upgrade(url)
    app = create_app({"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "MEDIA_DIR": str(tmp_path_factory.mktemp("media"))})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    app.extensions["database_engine"].dispose()


@pytest.fixture(scope="session")
def browser():
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), (
        f"Chromium is not at {CHROMIUM}: install it with `apt-get install chromium fonts-noto-core`"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_accessible(axe, page, label: str = "") -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"{label or page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})" for v in violations
    )


def assert_no_horizontal_scroll(page) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: page is {width}px wide in a {viewport}px viewport"


NARROWEST = 320  # CSS pixels: WCAG 1.4.10 reflow


@contextmanager
def narrow_page(browser, width: int = NARROWEST):
    """A page in a phone-sized window of its own, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    try:
        yield context.new_page()
    finally:
        context.close()


def assert_pages_reflow(page, urls) -> None:
    """Each of ``urls``, opened in ``page`` (see ``narrow_page``), fits without scrolling sideways."""
    for url in urls:
        page.goto(url)
        assert_no_horizontal_scroll(page)


def sign_in(page, base: str, email: str, password: str, language: str | None = None) -> None:
    """Sign in through the page, as a member of staff would (in ``language``, if given)."""
    page.goto(f"{base}/login" + (f"?lang={language}" if language else ""))
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
