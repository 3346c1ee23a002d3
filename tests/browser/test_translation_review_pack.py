"""`make translations-review`: each message with the pages it is on and their screenshots."""
import csv
import importlib.util
import sys
from pathlib import Path


SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "translations_review.py"


def _script():
    spec = importlib.util.spec_from_file_location("translations_review", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_message_is_found_by_its_words_not_inside_other_words():
    review = _script()
    text = review.normalise("Sign in – Roles: admin. Your password has been set. Sign in to continue.")
    assert review.seen_in("Your password has been set. Sign in to continue.", text)
    assert review.seen_in("Roles: %(names)s.", text), "placeholders are left out"
    assert not review.seen_in("Role", text)
    assert not review.seen_in("%(count)s", text), "a message of placeholders alone is seen nowhere"
    assert review.seen_in("Your password’s fine", review.normalise("your password's fine")), "quotes are alike"


def test_the_pack_shows_each_message_on_its_pages_in_both_languages(live_app, page, tmp_path):  # noqa: F811
    review = _script()
    base = live_app.config["LIVE_URL"]
    shots = [review.Shot("/login", "signed out"), review.Shot("/s/not-a-link", "signed out")]
    for language in ("en", "cy"):
        page.goto(f"{base}/login?lang={language}")
        review.capture(page, base, shots, language, tmp_path / language / "pages", "signed out")
    messages = review.read_messages("cy")
    review.match(messages, shots, "cy")
    index = review.write_pack(tmp_path, "cy", messages, shots)

    by_id = {message.id: message for message in messages}
    assert by_id["Sign in"].pages == [0]
    assert by_id["Choose the languages people can answer in"].pages == []
    for language in ("en", "cy"):
        image = tmp_path / language / "pages" / "000.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = index.read_text(encoding="utf-8")
    assert '<a href="pages/000.png">/login</a>' in text and '<a href="../en/pages/000.png">English</a>' in text
    assert "not seen on a walked page" in text
    with open(tmp_path / "cy" / "messages.csv", encoding="utf-8") as stream:
        rows = {row["english"]: row for row in csv.DictReader(stream)}
    assert rows["Sign in"]["seen_on"].startswith("/login (signed out)")
    assert rows["Sign in"]["translation"] == by_id["Sign in"].translation
    assert rows["Sign in"]["needs_review"] in ("yes", "no") and "templates/" in rows["Sign in"]["in_the_code"]
    assert set(rows["Sign in"]) >= {"corrected_translation", "notes"}
