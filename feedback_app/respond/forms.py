"""The forms a person fills in. Answers are checked against the survey, not against a fixed
list here, so that a page and its form can never disagree about which answers exist."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from ..questionnaire import FREE_TEXT_MAX

ERROR_MESSAGES = {
    "choice_required": _l("Choose an answer, or choose ‘Skip this question’"),
    "decision_required": _l("Choose one of the answers: yes, not now, or no"),
    "unknown_choice": _l("Choose one of the answers on this page"),
    "text_not_allowed": _l("Choose one of the answers on this page"),
    "empty": _l("Write your answer, or choose ‘Skip this question’"),
    "text_too_long": _l("Your answer is too long. Make it shorter than %(limit)s letters.", limit=f"{FREE_TEXT_MAX:,}"),
    "unreadable": _l("Some letters could not be read. Please type your answer again."),
    "stale": _l("This page was out of date. Please choose your answer again."),
}


class RespondForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            # These forms show only this service's own messages, never WTForms' built-in ones,
            # so there is no need to load WTForms' catalogue again on every page.
            return None


class QuestionForm(RespondForm):
    question = HiddenField()
    change = HiddenField()
    answer = StringField()
    text = TextAreaField()


class ConfirmForm(RespondForm):
    """A form with only its CSRF token: the button is the answer."""


def error_for(code: str | None, question) -> str:
    """The message for an answer that was not recorded. A question that offers no "Skip" (consent)
    asks for one of its own answers instead of pointing at a button it does not have."""
    if code in (None, "choice_required") and question.ends_survey_unless:
        return str(ERROR_MESSAGES["decision_required"])
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["choice_required"]))
