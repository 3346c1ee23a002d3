"""Questionnaires as data: surveys/*.yaml loaded into immutable objects that every channel uses.

    from feedback_app.questionnaire import get_survey, Context
    survey = get_survey("msp-experience")
    question = survey.first_question(Context(outcomes_recorded=True))
"""
from .errors import AnswerInvalid, Problem, SurveyError, UnknownQuestion
from .loader import check_file, load_survey, load_surveys
from .model import (
    FREE_TEXT_MAX,
    PREFER_NOT_SAY,
    SKIP,
    UNIVERSAL_CHOICES,
    Option,
    Question,
    ShowIf,
    Wording,
)
from .registry import UnknownSurvey, all_surveys, get_survey
from .survey import Context, Survey, ValidAnswer

__all__ = [
    "AnswerInvalid", "Context", "FREE_TEXT_MAX", "Option", "PREFER_NOT_SAY", "Problem",
    "Question", "SKIP", "ShowIf", "Survey", "SurveyError", "UNIVERSAL_CHOICES", "UnknownQuestion",
    "UnknownSurvey", "ValidAnswer", "Wording", "all_surveys", "check_file", "get_survey",
    "load_survey", "load_surveys",
]
