"""A broken survey file names the file, the line and what is wrong."""
from __future__ import annotations

import pytest

from feedback_app.questionnaire import SurveyError, check_file, load_survey, load_surveys

from .conftest import TINY, line_with

# (what is broken, the edit (or edits) to TINY, the text of the line the error must point at,
# which occurrence of that text, a fragment the message must contain)
BROKEN = [
    ("bad indentation", ("    kind: scale", "   kind: scale"), "   kind: scale", 1,
     "indented differently"),
    ("unclosed quote", ("label: Yes", 'label: "Yes'), 'label: "Yes', 1, "never closed"),
    ("tab indentation", ("version: 1", "version: 1\n\ttitle: x"), "\ttitle", 1, "tabs"),
    ("missing field", ("    symbol: ear.svg\n", ""), "- key: first", 1,
     "question 'first' has no 'symbol'"),
    ("missing representative wording",
     ("    representative:\n      text: Tell us more about the person\n"
      "      sms: Tell us more by text.\n", ""),
     "- key: second", 1, "question 'second' has no 'representative'"),
    ("missing SMS form", ("      sms: Did people listen? Reply 1 Yes, 2 No.\n", ""),
     "    adult:", 1, "question 'first' adult wording has no 'sms'"),
    ("duplicate question key", ("- key: second", "- key: first"), "- key: first", 2,
     "question key 'first' is used twice (first on line 5)"),
    ("duplicate field", ("    kind: scale\n", "    kind: scale\n    kind: choice\n"),
     "kind: choice", 1, "the field 'kind' appears twice"),
    ("option number gap", ("number: 2", "number: 3"), "number: 3", 1,
     "question 'first' option 3 should be numbered 2"),
    ("duplicate option key", ("key: no", "key: yes"), "key: yes", 2,
     "question 'first' has the option key 'yes' twice"),
    ("missing symbol file", ("symbol: cross.svg", "symbol: crossed.svg"), "crossed.svg", 1,
     "question 'first' option 2 has no symbol file 'crossed.svg'"),
    ("missing question symbol", ("symbol: pen.svg", "symbol: quill.svg"), "quill.svg", 1,
     "question 'second' has no symbol file 'quill.svg'"),
    ("routing to an unknown question", ("question: first", "question: third"),
     "question: third", 1, "refers to question 'third', which does not exist"),
    ("routing to a later question", ("question: first", "question: second"),
     "question: second", 1, "which comes at or after it"),
    ("routing to an unknown option", ("in: [no]", "in: [maybe]"), "in: [maybe]", 1,
     "show_if names 'maybe', which is not an option of question 'first'"),
    ("SMS text too long", ("sms: Did people listen? Reply 1 Yes, 2 No.",
                           "sms: " + "Did people listen to you? " * 7),
     "Did people listen to you? Did",
     1, "adult SMS text is 181 characters long, more than one text message (160)"),
    ("SMS text outside the GSM alphabet", ("sms: Tell us more by text.", "sms: Tell us what’s up."),
     "what’s", 1, "question 'second' adult SMS text uses characters a text message cannot send"),
    ("unknown field", ("    symbol: ear.svg", "    symbl: ear.svg"), "symbl", 1,
     "unknown field 'symbl' (did you mean 'symbol'?)"),
    ("wrong type", ("version: 1", "version: one"), "version: one", 1,
     "the survey 'version' should be a whole number, not 'one'"),
    ("unknown kind", ("kind: scale", "kind: slider"), "kind: slider", 1,
     "question 'first' 'kind' is 'slider', but must be one of: choice, yes_no"),
    ("unknown principle", ("principle: Empowerment", "principle: Kindness"), "Kindness", 1,
     "must be one of: Empowerment, Prevention"),
    ("choice question without options", ("    options:\n", "    choices:\n"), "- key: first", 1,
     "question 'first' has no 'options'"),
    ("reserved option key", ("key: no", "key: skip"), "key: skip", 1, "'skip' is reserved"),
    ("alert on an unknown answer",
     ("    kind: scale\n", "    kind: scale\n    raises_alert_on: [maybe]\n"),
     "raises_alert_on", 1, "raises_alert_on names 'maybe', which is not one of its options"),
    ("id not matching the file", ("id: tiny", "id: other"), "id: other", 1,
     "must match the file name 'tiny.yaml'"),
    ("blank question text", ("text: Tell us more\n", "text: ' '\n"), "text: ' '", 1, "is blank"),
    ("outcomes review without routing", ("kind: scale", "kind: outcomes_review"), "- key: first", 1,
     "needs show_if: {record: outcomes_recorded}"),
    ("yes_no with other options", [("kind: scale", "kind: yes_no"), ("key: no", "key: nope")],
     "    options:", 1,
     "options must be 'yes' then 'no'"),
    ("free text with options", ("kind: scale", "kind: free_text"), "    options:", 1,
     "asks for free text, so it cannot have options"),
]


@pytest.mark.parametrize("edit, line_text, occurrence, fragment",
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_file_names_file_line_and_problem(write_survey, edit, line_text, occurrence,
                                                 fragment):
    text = TINY
    for old, new in edit if isinstance(edit, list) else [edit]:
        assert old in text
        text = text.replace(old, new, 1)
    path = write_survey(text)
    with pytest.raises(SurveyError) as caught:
        load_survey(path)
    expected_line = line_with(text, line_text, occurrence)
    matching = [problem for problem in caught.value.problems if fragment in problem.message]
    assert matching, caught.value.problems
    assert matching[0].line == expected_line, matching
    assert str(matching[0]) == f"{path}, line {expected_line}: {matching[0].message}"
    first = caught.value.problems[0]
    assert str(caught.value).startswith(f"{path}, line {first.line}: {first.message}")
    assert "\n" not in str(caught.value)


def test_survey_error_is_a_clean_exit_listing_every_problem(write_survey):
    text = TINY.replace("symbol: ear.svg", "symbol: nose.svg").replace("number: 2", "number: 5")
    path = write_survey(text)
    with pytest.raises(SystemExit) as caught:
        load_survey(path)
    error = caught.value
    assert isinstance(error, SurveyError)
    assert [problem.line for problem in error.problems] == [
        line_with(text, "nose.svg"), line_with(text, "number: 5")]
    assert str(error).endswith("(and 1 more problem)")
    assert error.code == str(error)


def test_empty_and_non_mapping_files(write_survey):
    with pytest.raises(SurveyError, match="the survey should be a set of fields, not empty"):
        load_survey(write_survey(""))
    with pytest.raises(SurveyError, match="line 1: the survey should be a set of fields"):
        load_survey(write_survey("- just\n- a list\n"))


def test_folder_load_reports_problems_from_every_broken_file(survey_dir, write_survey):
    write_survey(TINY)
    write_survey(TINY.replace("id: tiny", "id: other").replace("ear.svg", "nose.svg"), "other.yaml")
    write_survey(TINY.replace("id: tiny", "id: third").replace("version: 1", "version: 0"),
                 "third.yaml")
    with pytest.raises(SurveyError) as caught:
        load_surveys(survey_dir)
    files = [problem.file for problem in caught.value.problems]
    assert files == [str(survey_dir / "other.yaml"), str(survey_dir / "third.yaml")]


def test_missing_universal_symbol_is_reported(survey_dir, write_survey):
    (survey_dir / "symbols" / "skip.svg").unlink()
    with pytest.raises(SurveyError, match="'skip.svg' for 'Skip this question' is missing"):
        load_survey(write_survey(TINY))


def test_a_fixed_file_loads_again(write_survey):
    path = write_survey(TINY.replace("number: 2", "number: 3"))
    with pytest.raises(SurveyError):
        load_survey(path)
    path.write_text(TINY + "\n", encoding="utf-8")
    assert load_survey(path).id == "tiny"


@pytest.mark.parametrize("replacement", [None, "null", "[1, 2]", "{}", "7"])
def test_no_edit_crashes_the_checks(write_survey, replacement):
    """Whatever one line is changed to, the loader reports problems rather than crashing."""
    lines = TINY.splitlines()
    for number, line in enumerate(lines):
        if replacement is None:
            edited = lines[:number] + lines[number + 1:]
        elif ":" in line:
            edited = lines[:number] + [line.split(":")[0] + ": " + replacement] + lines[number + 1:]
        else:
            continue
        survey, problems = check_file(write_survey("\n".join(edited) + "\n"))
        assert (survey is None) == bool(problems)
        for problem in problems:
            assert problem.line is None or 1 <= problem.line <= len(edited)
