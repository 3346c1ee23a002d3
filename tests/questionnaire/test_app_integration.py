"""The survey registry, `flask surveys check` and translation, in a real app without a database."""
from __future__ import annotations

import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import force_locale

from feedback_app.i18n import babel
from feedback_app.questionnaire import SurveyError, UnknownSurvey, get_survey
from feedback_app.questionnaire.cli import surveys_cli

from .conftest import REAL_FILE, TINY, line_with, make_app


@pytest.fixture(scope="module")
def app():
    return make_app()


def cli_runner(app):
    if "surveys" not in app.cli.commands:
        app.cli.add_command(surveys_cli)
    return app.test_cli_runner()


def test_surveys_are_loaded_at_start_up(app):
    with app.app_context():
        survey = get_survey("msp-experience")
        assert survey is app.extensions["surveys"]["msp-experience"]
        assert get_survey("msp-experience", version=survey.version) is survey
        with pytest.raises(UnknownSurvey):
            get_survey("msp-experience", version=survey.version + 1)
        with pytest.raises(UnknownSurvey):
            get_survey("no-such-survey")


def test_a_broken_survey_stops_start_up(survey_dir, write_survey):
    text = TINY.replace("symbol: ear.svg", "symbol: nose.svg")
    path = write_survey(text)
    with pytest.raises(SurveyError) as caught:
        make_app(SURVEYS_DIR=str(survey_dir))
    assert str(caught.value) == (f"{path}, line {line_with(text, 'nose.svg')}: "
                                 f"question 'first' has no symbol file 'nose.svg'")


def test_check_passes_on_the_real_folder(app):
    result = cli_runner(app).invoke(args=["surveys", "check"])
    assert result.exit_code == 0, result.output
    assert "ok surveys/msp-experience.yaml msp-experience v1 (11 questions)" in result.output


def test_check_lists_every_problem_with_its_line(app, survey_dir, write_survey):
    write_survey(TINY)
    broken = TINY.replace("id: tiny", "id: broken").replace("number: 2", "number: 4")
    broken = broken.replace("kind: free_text", "kind: essay")
    path = write_survey(broken, "broken.yaml")
    result = cli_runner(app).invoke(args=["surveys", "check", "--dir", str(survey_dir)])
    assert result.exit_code == 1
    assert f"ok {survey_dir / 'tiny.yaml'} tiny v1 (2 questions)" in result.output
    assert (f"{path}, line {line_with(broken, 'number: 4')}: question 'first' option 4 should be"
            in result.output)
    kind_line = line_with(broken, "kind: essay")
    assert f"{path}, line {kind_line}: question 'second' 'kind'" in result.output


def test_check_refuses_a_folder_without_surveys(app, tmp_path):
    result = cli_runner(app).invoke(args=["surveys", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "no survey files" in result.output


@pytest.fixture
def fresh_catalogues():
    """Flask-Babel keeps loaded catalogues per language for the whole process (one application
    per process in production); an application with catalogues of its own must not be handed
    ones another test's application loaded first."""
    cache = babel.domain_instance.cache
    saved = dict(cache)
    cache.clear()
    yield
    cache.clear()
    cache.update(saved)


@pytest.fixture
def welsh_app(tmp_path, survey_dir, fresh_catalogues):
    catalog = Catalog(locale="cy")
    catalog.add("Did people listen to you?", "Oedd pobl yn gwrando arnoch chi?")
    catalog.add("A bit", "Ychydig")
    catalog.add("Skip this question", "Neidio dros y cwestiwn hwn")
    folder = tmp_path / "translations" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    shutil.copy(REAL_FILE, survey_dir)
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"),
                    SURVEYS_DIR=str(survey_dir))


def test_translated_helpers_use_the_catalogue(welsh_app):
    with welsh_app.test_request_context("/"):
        question = get_survey("msp-experience").question("listened")
        with force_locale("cy"):
            assert question.text_translated() == "Oedd pobl yn gwrando arnoch chi?"
            assert question.choice("a_bit").label_translated() == "Ychydig"
            assert question.choice("skip").label_translated() == "Neidio dros y cwestiwn hwn"
            # Untranslated text falls back to English rather than disappearing.
            assert question.text_translated(True) == question.text(True)
            assert question.choice("yes").label_translated(True) == "Yes"
        assert question.text_translated() == "Did people listen to you?"
        own_words = get_survey("msp-experience").question("own_words")
        assert own_words.hint_translated() == own_words.hint()
        assert own_words.sms_translated(True) == own_words.sms(True)
