"""The Babel extractor puts every survey text into the catalogue, at its line, with context."""
from __future__ import annotations

import io

import pytest
from babel.messages.extract import extract, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.util import pathmatch

from feedback_app.config import PROJECT_ROOT
from feedback_app.questionnaire import SurveyError
from feedback_app.questionnaire.extract import extract_surveys

from .conftest import REAL_FILE, TINY, line_with


def messages(text: str):
    return list(extract(extract_surveys, io.BytesIO(text.encode("utf-8"))))


def test_every_text_is_extracted_at_its_line():
    found = {(line, message) for line, message, _comments, _context in messages(TINY)}
    expected = [
        ("title: A small survey", "A small survey"),
        ("text: Did people listen to you?", "Did people listen to you?"),
        ("hint: Think about", "Think about the people who helped you."),
        ("sms: Did people listen? Reply", "Did people listen? Reply 1 Yes, 2 No."),
        ("text: Did people listen to the person?", "Did people listen to the person?"),
        ("label: Yes", "Yes"),
        ("label: No", "No"),
        ("representative_label: No, they did not", "No, they did not"),
        ("text: Tell us more about the person", "Tell us more about the person"),
    ]
    for line_text, message in expected:
        assert (line_with(TINY, line_text), message) in found


def test_comments_name_the_survey_question_and_audience():
    by_message = {}
    for _line, message, comments, _context in messages(TINY):
        by_message.setdefault(message, []).extend(comments)
    assert by_message["Did people listen to the person?"] == [
        "survey tiny, question 'first': question for a representative"]
    assert by_message["Yes"] == ["survey tiny, question 'first': answer 1 (yes)"]
    assert "160" in by_message["Did people listen? Reply 1 Yes, 2 No."][0]


def test_folded_text_is_catalogued_exactly_as_the_loader_keeps_it(real_survey):
    extracted = {message for _line, message, _c, _x in
                 extract(extract_surveys, io.BytesIO(REAL_FILE.read_bytes()))}
    for question in real_survey.questions:
        for audience in (False, True):
            assert {question.text(audience), question.hint(audience),
                    question.sms(audience)} <= extracted
            assert {option.label(audience) for option in question.options} <= extracted
    assert real_survey.title in extracted


def test_babel_cfg_maps_surveys_python_and_templates():
    with open(PROJECT_ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)

    def method_for(filename):
        return next(method for pattern, method in method_map if pathmatch(pattern, filename))

    assert method_for("templates/respond/question.html") == "jinja2"
    survey_method = method_for("surveys/msp-experience.yaml")
    assert survey_method == "feedback_app.questionnaire.extract:extract_surveys"
    survey_strings = {(line, message) for line, message, *_ in
                      extract_from_file(survey_method, str(REAL_FILE))}
    text = REAL_FILE.read_text(encoding="utf-8")
    assert (line_with(text, "text: Did people listen to you?"), "Did people listen to you?") \
        in survey_strings
    model = "feedback_app/questionnaire/model.py"
    python_strings = {message for _line, message, *_ in
                      extract_from_file(method_for(model), str(PROJECT_ROOT / model))}
    assert {"Skip this question", "I'd rather not say"} <= python_strings


def test_unreadable_yaml_stops_extraction_with_the_line():
    with pytest.raises(SurveyError, match="line 3"):
        messages("id: x\nversion: 1\ntitle: 'unclosed\n")
