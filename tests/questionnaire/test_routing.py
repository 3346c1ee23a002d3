"""The route through a survey: who sees which question, and in what order."""
from __future__ import annotations

import pytest

from feedback_app.questionnaire import Context, UnknownQuestion, load_survey

from .conftest import TINY

ALL_AFTER_CONSENT = ["consent", "who", "listened", "involved", "respect", "safer", "happy_now",
                     "contact_safety", "quote_ok", "own_words"]


def keys(questions):
    return [question.key for question in questions]


def test_outcomes_review_is_hidden_without_recorded_outcomes(real_survey):
    assert "outcomes_review" not in keys(real_survey.visible_questions(Context()))
    assert "outcomes_review" not in keys(
        real_survey.visible_questions({"outcomes_recorded": False, "answers": {}}))


def test_outcomes_review_is_shown_when_outcomes_were_recorded(real_survey):
    visible = keys(real_survey.visible_questions(Context(outcomes_recorded=True)))
    assert visible.index("outcomes_review") == visible.index("happy_now") + 1


def test_next_and_previous_follow_the_route(real_survey):
    without = Context(outcomes_recorded=False, answers={"consent": "yes"})
    with_outcomes = Context(outcomes_recorded=True, answers={"consent": "yes"})
    assert real_survey.first_question(without).key == "consent"
    assert real_survey.next_question("consent", without).key == "who"
    assert real_survey.next_question("happy_now", without).key == "contact_safety"
    assert real_survey.next_question("happy_now", with_outcomes).key == "outcomes_review"
    assert real_survey.next_question("outcomes_review", with_outcomes).key == "contact_safety"
    assert real_survey.previous_question("contact_safety", without).key == "happy_now"
    assert real_survey.previous_question("contact_safety", with_outcomes).key == "outcomes_review"
    assert real_survey.previous_question("consent", without) is None
    assert real_survey.next_question("own_words", without) is None


def test_walking_forward_visits_every_visible_question_once(real_survey):
    context = Context(answers={"consent": "yes"})
    route, question = [], real_survey.first_question(context)
    while question is not None:
        route.append(question.key)
        question = real_survey.next_question(question.key, context)
    assert route == ALL_AFTER_CONSENT


def test_a_question_hidden_by_routing_still_has_a_next(real_survey):
    # The person may have been on the outcomes question before the record changed.
    assert real_survey.next_question("outcomes_review", Context()).key == "contact_safety"
    assert real_survey.previous_question("outcomes_review", Context()).key == "happy_now"


@pytest.mark.parametrize("answer", ["no", "not_now", "skip", "prefer_not_say"])
def test_anything_but_yes_to_consent_ends_the_survey(real_survey, answer):
    context = Context(outcomes_recorded=True, answers={"consent": answer})
    assert keys(real_survey.visible_questions(context)) == ["consent"]
    assert real_survey.next_question("consent", context) is None


def test_unknown_question_keys_are_refused(real_survey):
    with pytest.raises(UnknownQuestion):
        real_survey.question("favourite_colour")
    with pytest.raises(UnknownQuestion):
        real_survey.next_question("favourite_colour", Context())


def test_show_if_on_an_earlier_answer(write_survey):
    survey = load_survey(write_survey(TINY))
    assert keys(survey.visible_questions(Context())) == ["first"]
    assert keys(survey.visible_questions(Context(answers={"first": "yes"}))) == ["first"]
    assert keys(survey.visible_questions(Context(answers={"first": "no"}))) == ["first", "second"]
    assert survey.next_question("first", Context(answers={"first": "no"})).key == "second"
    assert survey.next_question("first", Context(answers={"first": "yes"})) is None


def test_answers_to_hidden_questions_do_not_steer_the_route(write_survey):
    text = TINY.replace("  - key: first\n", "  - key: first\n    show_if:\n"
                                            "      record: outcomes_recorded\n", 1)
    survey = load_survey(write_survey(text))
    stale = Context(outcomes_recorded=False, answers={"first": "no"})
    assert keys(survey.visible_questions(stale)) == []
    assert survey.first_question(stale) is None


def test_surveys_and_questions_cannot_be_changed(real_survey):
    with pytest.raises(AttributeError):
        real_survey.version = 2
    with pytest.raises(AttributeError):
        real_survey.questions[0].key = "other"
    with pytest.raises(AttributeError):
        real_survey.questions[0].options[0].number = 7
