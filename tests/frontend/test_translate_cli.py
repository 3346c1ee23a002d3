"""``flask translate``: extract, update, compile and status, in a scratch translations folder."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po, write_po

from feedback_app.i18n_cli import translate_cli

from .conftest import make_light_app


@pytest.fixture
def runner(tmp_path):
    app = make_light_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    if "translate" not in app.cli.commands:
        app.cli.add_command(translate_cli)
    return app.test_cli_runner()


def _invoke(runner, *arguments):
    result = runner.invoke(args=["translate", *arguments], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_extract_collects_layout_and_error_messages(runner, tmp_path):
    output = _invoke(runner, "extract")
    assert "messages.pot" in output
    with (tmp_path / "messages.pot").open("rb") as stream:
        catalogue = read_po(stream)
    ids = {message.id for message in catalogue}
    for expected in ("Skip to main content", "Safeguarding feedback", "There is a problem", "Error:",
                     "Page not found", "Too many attempts. Wait a minute and try again.",
                     "This form was out of date. Your answers have not been lost; please try again."):
        assert expected in ids, expected
    locations = {path for message in catalogue for path, _line in message.locations}
    assert "templates/base.html" in locations
    assert not any(path.startswith("/") for path in locations)


def test_update_compile_and_status(runner, tmp_path):
    _invoke(runner, "update", "--language", "cy")
    po_path = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    assert po_path.exists()

    with po_path.open("rb") as stream:
        catalogue = read_po(stream, locale="cy")
    total = len([m for m in catalogue if m.id])
    catalogue["Page not found"].string = "Heb ddod o hyd i'r dudalen"
    catalogue["Skip to main content"].string = "Neidio i'r prif gynnwys"
    catalogue["Skip to main content"].flags.add("fuzzy")
    with po_path.open("wb") as stream:
        write_po(stream, catalogue)

    output = _invoke(runner, "compile")
    assert (tmp_path / "cy" / "LC_MESSAGES" / "messages.mo").exists()
    assert "Compiled" in output

    output = _invoke(runner, "status", "--language", "cy")
    row = next(line for line in output.splitlines() if line.startswith("cy "))
    assert row.split()[2:] == [str(total), "1", "1", str(total - 2)]

    # Fuzzy translations are compiled: they reach people while they wait for review.
    app = make_light_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    html = app.test_client().get("/no/such/page?lang=cy").get_data(as_text=True)
    assert "Neidio i'r prif gynnwys" in html
    assert "Heb ddod o hyd i'r dudalen" in html


def test_update_keeps_existing_translations(runner, tmp_path):
    _invoke(runner, "update", "-l", "cy")
    po_path = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as stream:
        catalogue = read_po(stream, locale="cy")
    catalogue["Page not found"].string = "Heb ddod o hyd i'r dudalen"
    with po_path.open("wb") as stream:
        write_po(stream, catalogue)

    _invoke(runner, "update", "-l", "cy", "--no-extract")
    with po_path.open("rb") as stream:
        assert read_po(stream, locale="cy")["Page not found"].string == "Heb ddod o hyd i'r dudalen"


def test_status_without_catalogues(runner):
    output = _invoke(runner, "status")
    assert "no catalogue yet" in output
    assert "ur " in output


def test_compile_without_catalogues_is_not_an_error(runner):
    assert "No catalogues to compile yet" in _invoke(runner, "compile")
