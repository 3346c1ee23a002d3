"""Front-end files are asked for by their fingerprint and then kept by the browser; a changed file
gets a new address, and nothing but the current fingerprint is kept for long."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.pages import parse

from feedback_app.static_files import LONG_CACHE, current_fingerprint

STATIC = Path(__file__).resolve().parents[2] / "feedback_app" / "static"
ADDRESS = re.compile(r"^/assets/([\w.-]+)\?v=([0-9a-f]{8})$")


def _sha(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:8]


def _file_addresses(page: bytes) -> list[str]:
    return [value for element in parse(page.decode()).iter() for attribute in ("href", "src")
            if (value := element.get(attribute)) and value.startswith("/assets/")]


def test_every_file_a_page_links_carries_the_fingerprint_of_its_content(client):
    addresses = _file_addresses(client.get("/login").data)
    assert {"app.css", "app.js", "govuk-frontend.min.css", "favicon.svg"} <= {
        ADDRESS.match(a)[1] for a in addresses if ADDRESS.match(a)}
    for address in addresses:
        name, version = ADDRESS.match(address).groups()
        assert version == _sha(name), address


def test_a_fingerprinted_file_is_kept_for_a_year_and_any_other_address_is_checked_again(client):
    address = next(a for a in _file_addresses(client.get("/login").data) if "app.css" in a)
    kept = client.get(address)
    assert kept.status_code == 200 and kept.headers["Cache-Control"] == LONG_CACHE == \
        "public, max-age=31536000, immutable"
    assert kept.data == (STATIC / "app.css").read_bytes()
    again = client.get(address, headers={"If-None-Match": kept.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == LONG_CACHE
    for other in ("/assets/app.css", "/assets/app.css?v=00000000", "/assets/app.css?v="):
        response = client.get(other)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache", other
        assert "immutable" not in response.headers["Cache-Control"]
    missing = client.get("/assets/nothing.css?v=00000000")
    assert missing.status_code == 404 and "immutable" not in missing.headers.get("Cache-Control", "")


def test_app_js_imports_gov_uk_frontend_by_the_address_the_page_preloads(client):
    tree = parse(client.get("/login").get_data(as_text=True))
    preloads = [link.get("href") for link in tree.iter() if link.tag.endswith("link")
                and link.get("rel") == "modulepreload"]
    imported = re.search(r"from '\./(govuk-frontend\.min\.js\?v=[0-9a-f]{8})'", (STATIC / "app.js").read_text())
    assert preloads == [f"/assets/{imported[1]}"]
    assert imported[1].endswith(_sha("govuk-frontend.min.js"))


def test_a_changed_file_has_a_new_fingerprint(tmp_path):
    (tmp_path / "site.css").write_text("body{color:#0b0c0c}")
    first = current_fingerprint(str(tmp_path), "site.css")
    assert first == hashlib.sha256(b"body{color:#0b0c0c}").hexdigest()[:8]
    (tmp_path / "site.css").write_text("body{color:#000000;margin:0}")
    assert current_fingerprint(str(tmp_path), "site.css") not in (None, first)
    assert current_fingerprint(str(tmp_path), "gone.css") is None
    assert current_fingerprint(str(tmp_path), "../site.css") is None
