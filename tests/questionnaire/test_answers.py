"""What validate_answer accepts, and the code it gives for what it refuses."""
from __future__ import annotations

import pytest

from feedback_app.questionnaire import FREE_TEXT_MAX, AnswerInvalid, load_survey

from .conftest import TINY


def refused(survey, *args, **kwargs) -> str:
    with pytest.raises(AnswerInvalid) as caught:
        survey.validate_answer(*args, **kwargs)
    return caught.value.code


@pytest.mark.parametrize("choice", ["yes", "a_bit", "no", "skip", "prefer_not_say"])
def test_defined_choices_and_the_universal_ones_are_accepted(real_survey, choice):
    answer = real_survey.validate_answer("listened", choice)
    assert (answer.question_key, answer.choice_key, answer.free_text) == ("listened", choice, None)
    assert answer.framework_item == "mspof:Q4"
    assert answer.raises_alert is False


def test_the_safety_request_is_flagged_for_an_alert(real_survey):
    assert real_survey.validate_answer("contact_safety", "yes").raises_alert is True
    assert real_survey.validate_answer("contact_safety", "no").raises_alert is False


@pytest.mark.parametrize("choice", ["some", "maybe", "Yes", " yes", "1", "", None])
def test_unknown_or_missing_choices_are_refused(real_survey, choice):
    code = refused(real_survey, "listened", choice)
    assert code == ("choice_required" if choice in ("", None) else "unknown_choice")


def test_option_keys_belong_to_their_own_question(real_survey):
    assert real_survey.validate_answer("outcomes_review", "some").choice_key == "some"
    assert refused(real_survey, "safer", "some") == "unknown_choice"
    assert refused(real_survey, "consent", "a_bit") == "unknown_choice"


def test_question_keys_from_another_survey_are_refused(real_survey, write_survey):
    tiny = load_survey(write_survey(TINY))
    assert refused(real_survey, "first", "yes") == "unknown_question"
    assert refused(tiny, "listened", "yes") == "unknown_question"
    assert refused(real_survey, None, "yes") == "unknown_question"


def test_free_text_is_normalised(real_survey):
    typed = "  They were kind.\r\nThank you\x07 "
    answer = real_survey.validate_answer("own_words", free_text=typed)
    assert answer.free_text == "They were kind.\nThank you"
    assert answer.choice_key is None
    assert answer.framework_item is None


def test_free_text_question_accepts_skip_and_prefer_not_say(real_survey):
    assert real_survey.validate_answer("own_words", "skip").choice_key == "skip"
    assert real_survey.validate_answer("own_words", "prefer_not_say").choice_key == "prefer_not_say"
    assert refused(real_survey, "own_words", "yes") == "unknown_choice"


def test_free_text_limits(real_survey):
    exactly = "a" * FREE_TEXT_MAX
    assert real_survey.validate_answer("own_words", free_text=exactly).free_text == exactly
    assert refused(real_survey, "own_words", free_text=exactly + "a") == "text_too_long"
    assert refused(real_survey, "own_words", free_text="   \n ") == "empty"
    assert refused(real_survey, "own_words") == "empty"


def test_text_is_refused_where_a_choice_is_expected(real_survey):
    assert refused(real_survey, "listened", free_text="It was fine") == "text_not_allowed"
    assert refused(real_survey, "listened", "yes", free_text="It was fine") == "text_not_allowed"
    assert refused(real_survey, "own_words", "skip", free_text="Some words") == "text_not_allowed"


def test_the_error_names_the_question(real_survey):
    with pytest.raises(AnswerInvalid) as caught:
        real_survey.validate_answer("safer", "perhaps")
    assert caught.value.question_key == "safer"
    assert isinstance(caught.value, ValueError)
