"""The first questionnaire, surveys/msp-experience.yaml, and the symbols it uses."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from feedback_app.questionnaire import UNIVERSAL_CHOICES, check_file, load_surveys
from feedback_app.questionnaire.gsm import sms_problem

from .conftest import REAL_FILE, SURVEYS_DIR

SVG = "{http://www.w3.org/2000/svg}"
SYMBOL_FILES = sorted((SURVEYS_DIR / "symbols").glob("*.svg"))


def test_every_survey_in_the_folder_passes_every_check():
    surveys = load_surveys(SURVEYS_DIR)
    assert "msp-experience" in surveys
    survey, problems = check_file(REAL_FILE)
    assert problems == []
    assert survey.version >= 1


def test_question_order_and_framework_items(real_survey):
    assert [q.key for q in real_survey.questions] == [
        "consent", "who", "listened", "involved", "respect", "safer", "happy_now",
        "outcomes_review", "contact_safety", "quote_ok", "own_words",
    ]
    items = {q.key: q.framework for q in real_survey.questions}
    assert items["listened"] == "mspof:Q4"
    assert items["involved"] == "mspof:Q5"
    assert items["respect"] in ("mspof:Q5", "mspof:Q6")
    assert items["safer"] == "mspof:Q6"
    assert items["happy_now"] == "mspof:Q7"


def test_every_question_has_both_wordings_and_symbols(real_survey):
    symbols = SURVEYS_DIR / "symbols"
    for question in real_survey.questions:
        adult, representative = question.text(False), question.text(True)
        assert adult and representative
        assert question.hint(False) and question.hint(True)
        assert question.sms(False) and question.sms(True)
        assert (symbols / question.symbol).is_file()
        for option in question.choices:
            assert option.label(False) and option.label(True)
            assert (symbols / option.symbol).is_file()
    experience = [q for q in real_survey.questions if q.framework in
                  ("mspof:Q4", "mspof:Q5", "mspof:Q6", "mspof:Q7")]
    for question in experience:
        assert question.text(True) != question.text(False)
        assert "person" in question.text(True)
        assert [o.key for o in question.options] == ["yes", "a_bit", "no"]


def test_wording_follows_easy_read_rules(real_survey):
    texts = [real_survey.title]
    for question in real_survey.questions:
        for audience in (False, True):
            texts += [question.text(audience), question.hint(audience)]
            texts += [option.label(audience) for option in question.options]
    for text in texts:
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            assert len(sentence.split()) <= 15, sentence
        assert "’" not in text and "  " not in text


def test_sms_forms_fit_one_text_and_list_the_reply_numbers(real_survey):
    for question in real_survey.questions:
        for audience in (False, True):
            sms = question.sms(audience)
            assert sms_problem(sms) is None
            for option in question.options:
                assert f"{option.number} " in sms


def test_safety_question_raises_an_alert_on_yes_only(real_survey):
    question = real_survey.question("contact_safety")
    assert question.kind == "yes_no"
    assert question.raises_alert("yes")
    assert not question.raises_alert("no")
    assert not question.raises_alert("skip")


def test_who_is_answering_maps_to_respondent(real_survey):
    assert real_survey.respondent({}) is None
    assert real_survey.respondent({"who": "adult"}) == "adult"
    assert real_survey.respondent({"who": "adult_with_help"}) == "adult_with_help"
    assert real_survey.respondent({"who": "representative"}) == "representative"
    assert real_survey.respondent({"who": "skip"}) is None


def test_numbers_are_shared_by_paper_and_text(real_survey):
    question = real_survey.question("listened")
    assert [(o.number, o.key) for o in question.options] == [(1, "yes"), (2, "a_bit"), (3, "no")]
    assert question.choice_by_number(2).key == "a_bit"
    assert question.choice_by_number(0).key == "skip"
    assert question.choice_by_number(9).key == "prefer_not_say"
    assert question.choice_by_number(4) is None


def test_universal_choices_are_offered_on_every_question(real_survey):
    for question in real_survey.questions:
        assert {"skip", "prefer_not_say"} <= question.choice_keys
        assert question.choices[-2:] == UNIVERSAL_CHOICES


@pytest.mark.parametrize("path", SYMBOL_FILES, ids=[path.name for path in SYMBOL_FILES])
def test_symbols_are_small_bold_black_and_named(path):
    assert path.stat().st_size < 2048
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 64 64"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text.strip()
    widths = [float(el.get("stroke-width")) for el in root.iter() if el.get("stroke-width")]
    assert widths and min(widths) >= 3
    assert max(widths) >= 4
    colours = {el.get(attr) for el in root.iter() for attr in ("stroke", "fill") if el.get(attr)}
    assert colours <= {"#000", "none"}
    forbidden = {"image", "script", "foreignObject", "style", "use"}
    assert not {el.tag.removeprefix(SVG) for el in root.iter()} & forbidden


def test_every_symbol_file_is_used(real_survey):
    from feedback_app.questionnaire.symbols import page_uses

    used = {q.symbol for q in real_survey.questions}
    used |= {o.symbol for q in real_survey.questions for o in q.choices}
    used |= set(page_uses())  # the start, sent and printed pages' own pictures
    assert used == {path.name for path in SYMBOL_FILES}


def test_python_constants_match_the_schema():
    from feedback_app.questionnaire.model import KINDS, PRINCIPLES
    from feedback_app.questionnaire.schema import validator

    definitions = validator().schema["$defs"]["question"]["properties"]
    assert tuple(definitions["kind"]["enum"]) == KINDS
    assert tuple(definitions["principle"]["enum"]) == (*PRINCIPLES, None)
