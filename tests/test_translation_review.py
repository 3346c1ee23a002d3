"""Recording that a native speaker has read a language through: refused while anything is left."""
import shutil
from datetime import date
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

from feedback_app.translation_status import read_reviews

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def _copy(tmp_path, language, *, clear_fuzzy: bool) -> Path:
    target = tmp_path / language / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(TRANSLATIONS / "reviews.yaml", tmp_path / "reviews.yaml")
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    if clear_fuzzy:
        for message in catalogue:
            message.flags.discard("fuzzy")
    with open(target / "messages.po", "wb") as po:
        write_po(po, catalogue, width=100)
    return tmp_path


def test_a_language_with_messages_to_check_cannot_be_recorded_as_reviewed(app, runner, tmp_path):
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(_copy(tmp_path, "pl", clear_fuzzy=False))
    result = runner.invoke(args=["translate", "reviewed", "pl", "--by", "Zofia Nowak"])
    assert result.exit_code != 0
    assert "marked as needing review" in result.output
    assert read_reviews((tmp_path / "reviews.yaml").read_text()) == {}


def test_a_read_through_is_recorded_with_who_and_when(app, runner, tmp_path):
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(_copy(tmp_path, "pl", clear_fuzzy=True))
    result = runner.invoke(args=["translate", "reviewed", "pl", "--by", "  Zofia  Nowak, Polish Link ",
                                 "--on", "2027-01-15"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "reviews.yaml").read_text()
    assert read_reviews(text) == {"pl": ("Zofia Nowak, Polish Link", date(2027, 1, 15))}
    assert text.startswith("# Who has checked"), "the explanation at the top of the file is kept"
    assert yaml.safe_load(text) == {"pl": {"reviewed_by": "Zofia Nowak, Polish Link", "reviewed_on": date(2027, 1, 15)}}


def test_bad_options_are_named(app, runner, tmp_path):
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(_copy(tmp_path, "pl", clear_fuzzy=True))
    for args, named in ((["en", "--by", "A"], "LANGUAGE"), (["fr", "--by", "A"], "LANGUAGE"),
                        (["pl", "--by", "  "], "--by"), (["pl", "--by", "A", "--on", "15/01/2027"], "--on")):
        result = runner.invoke(args=["translate", "reviewed", *args])
        assert result.exit_code == 2 and named in result.output, (args, result.output)
